"""``flask replay``: send a recorded or stored Twilio webhook again, validly signed, to a running server.

    flask replay tests/pipeline/payloads/text.json            # a payload file (JSON or form-encoded)
    flask replay --sid SM0123...                              # a stored inbound webhook, by MessageSid
    flask replay --sid SM0123... --new-sid                    # ... as a fresh message
    flask replay payload.txt --url http://127.0.0.1:8000      # another server

Payload files: a JSON object of form fields (values a string or a list of strings), the stored shape
``{"url": ..., "form": {...}, "headers": {...}}``, or a form-encoded body as Twilio posts it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from devtools.webhooks import STATUS_PATH, WHATSAPP_PATH, post_signed, with_new_sid

DEFAULT_URL = "http://127.0.0.1:5000"


class PayloadError(ValueError):
    pass


@dataclass(frozen=True)
class Recorded:
    form: dict[str, str | list[str]]
    path: str | None  # path (and query) the webhook was sent to, when known


def _checked_form(form: object) -> dict[str, str | list[str]]:
    if not isinstance(form, dict) or not form:
        raise PayloadError("the payload must be a non-empty object of form fields")
    for key, value in form.items():
        values = [value] if isinstance(value, str) else value
        if not isinstance(key, str) or not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise PayloadError(f"form field {key!r} must be a string or a list of strings")
    return form


def _path_of(url: object) -> str | None:
    if not isinstance(url, str) or not url:
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def parse_payload(text: str) -> Recorded:
    """A payload file's form fields (and the path it was sent to, when recorded)."""
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise PayloadError(f"invalid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise PayloadError("a JSON payload must be an object of form fields")
        if isinstance(data.get("form"), dict):
            return Recorded(_checked_form(data["form"]), _path_of(data.get("url")))
        return Recorded(_checked_form(data), None)
    pairs = parse_qsl(stripped, keep_blank_values=True, strict_parsing=False)
    if not pairs:
        raise PayloadError("no form fields found (expected JSON or a form-encoded body)")
    form: dict[str, list[str]] = {}
    for key, value in pairs:
        form.setdefault(key, []).append(value)
    return Recorded({k: v[0] if len(v) == 1 else v for k, v in form.items()}, None)


def stored_webhook(session, message_sid: str) -> Recorded:
    from app.models import WhatsAppMessage

    raw = session.scalar(select(WhatsAppMessage.raw_webhook)
                         .where(WhatsAppMessage.whatsapp_message_id == message_sid))
    if not raw or not isinstance(raw, dict) or "form" not in raw:
        raise PayloadError(f"no stored inbound webhook for MessageSid {message_sid}")
    return Recorded(_checked_form(raw["form"]), _path_of(raw.get("url")))


def default_path(recorded: Recorded) -> str:
    if recorded.path:
        return recorded.path
    is_status = "MessageStatus" in recorded.form and "NumMedia" not in recorded.form
    return STATUS_PATH if is_status else WHATSAPP_PATH


def auth_token_for(settings) -> str:
    if settings.twilio_auth_token:
        return settings.twilio_auth_token
    from devtools.local_twilio import dev_auth_token

    return dev_auth_token()  # local mode: the token `manage.py run` gave the server


@click.command("replay")
@click.argument("payload", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sid", "message_sid", help="Replay the stored inbound webhook with this MessageSid.")
@click.option("--url", "base_url", default=DEFAULT_URL, show_default=True, help="The running server.")
@click.option("--path", help="Webhook path (default: the recorded one, else the WhatsApp or status webhook).")
@click.option("--signed-url", help="URL to sign over (default: PUBLIC_BASE_URL + path when set, else --url + path).")
@click.option("--new-sid", is_flag=True, help="Send it as a fresh message with a new MessageSid.")
@with_appcontext
def replay_command(payload: Path | None, message_sid: str | None, base_url: str, path: str | None,
                   signed_url: str | None, new_sid: bool) -> None:
    """Replay a webhook payload file, or a stored inbound webhook, with a valid X-Twilio-Signature."""
    if (payload is None) == (message_sid is None):
        raise click.UsageError("give either a PAYLOAD file or --sid")
    settings = current_app.config["SETTINGS"]
    try:
        if payload is not None:
            recorded = parse_payload(payload.read_text(encoding="utf-8"))
        else:
            from app.db import session_factory

            with session_factory(settings.database_url)() as session:
                recorded = stored_webhook(session, message_sid)
    except PayloadError as exc:
        raise click.ClickException(str(exc)) from exc
    form = with_new_sid(recorded.form) if new_sid else recorded.form
    path = path or default_path(recorded)
    target = base_url.rstrip("/") + path
    signed = signed_url or (settings.public_base_url.rstrip("/") + path if settings.public_base_url else target)
    response = post_signed(target, form, auth_token_for(settings), signed_url=signed)
    sid = form.get("MessageSid")
    click.echo(f"POST {target} (MessageSid {sid}) -> {response.status_code}")
    if response.text:
        click.echo(response.text[:500])
    if response.status_code >= 400:
        raise SystemExit(1)
