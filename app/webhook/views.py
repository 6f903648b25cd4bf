"""The two Twilio webhooks. The web path stays tiny: verify, validate, one transaction, one Redis push."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps

from flask import Blueprint, Response, abort, current_app, request
from flask.blueprints import BlueprintSetupState
from twilio.twiml.messaging_response import MessagingResponse

from app.config import Settings
from app.db import get_engine, session_factory
from app.logs import message_sid_var
from app.metrics import ACK_LATENCY, WEBHOOKS
from app.queue.enqueue import enqueue_processing
from app.webhook import signature
from app.webhook.forms import FormError, parse_inbound, parse_status
from app.webhook.status import apply_status, link_reply
from app.webhook.status import parse_status as known_status
from app.webhook.store import store_inbound

log = logging.getLogger(__name__)

bp = Blueprint("twilio", __name__, url_prefix="/webhooks/twilio")

_EMPTY_TWIML = str(MessagingResponse())


@bp.record_once
def _warn_when_unsigned(state: BlueprintSetupState) -> None:
    # Once per app, at start-up: loud enough to notice, quiet enough not to drown the logs.
    if not state.app.config["SETTINGS"].twilio_validate_signature:
        signature.warn_validation_off()


def _twiml() -> Response:
    return Response(_EMPTY_TWIML, status=200, mimetype="text/xml")


class _Outcome(Exception):
    def __init__(self, status: int, outcome: str) -> None:
        self.status = status
        self.outcome = outcome


# A view answers with its response and the outcome it is counted under.
_View = Callable[[], tuple[Response, str]]


def _measured(endpoint: str) -> Callable[[_View], Callable[[], Response]]:
    """Count every answer by outcome and time the acknowledgement."""
    def decorate(view: _View) -> Callable[[], Response]:
        @wraps(view)
        def wrapper() -> Response:
            started = time.perf_counter()
            token = message_sid_var.set(None)
            try:
                response, outcome = view()
            except _Outcome as stop:
                WEBHOOKS.labels(endpoint=endpoint, outcome=stop.outcome).inc()
                abort(stop.status)
            except Exception:
                WEBHOOKS.labels(endpoint=endpoint, outcome="error").inc()
                raise
            finally:
                ACK_LATENCY.labels(endpoint=endpoint).observe(time.perf_counter() - started)
                message_sid_var.reset(token)
            WEBHOOKS.labels(endpoint=endpoint, outcome=outcome).inc()
            return response
        return wrapper
    return decorate


def _form_lists() -> dict[str, list[str]]:
    return {key: request.form.getlist(key) for key in request.form}


def _signed_url(settings: Settings) -> str:
    """The URL Twilio signed, built once per request (werkzeug rebuilds ``request.url`` on every access)."""
    request_url = "" if settings.public_base_url else request.url
    return signature.signed_url(settings.public_base_url, request_url, request.path,
                                request.query_string.decode("latin-1"))


def _verify_signature(settings: Settings, url: str) -> None:
    if not settings.twilio_validate_signature:
        return
    if not signature.is_valid(settings.twilio_auth_token, url, request.form, request.headers):
        log.warning("rejected a webhook with a missing or invalid X-Twilio-Signature")
        raise _Outcome(403, "forbidden")


def _raw_webhook(form: dict[str, list[str]], url: str) -> dict[str, object]:
    """What ``flask replay`` needs to send this webhook again exactly: the form, the URL, the headers."""
    return {
        "url": url,
        "form": {name: values[0] if len(values) == 1 else values for name, values in form.items()},
        "headers": {name: request.headers[name] for name in signature.REPLAY_HEADERS if name in request.headers},
    }


@bp.post("/whatsapp")
@_measured("whatsapp")
def whatsapp() -> tuple[Response, str]:
    settings: Settings = current_app.config["SETTINGS"]
    url = _signed_url(settings)
    _verify_signature(settings, url)
    form = _form_lists()
    try:
        inbound = parse_inbound(form)
    except FormError as exc:
        log.warning("rejected a malformed inbound message form: %s", exc)
        raise _Outcome(400, "invalid") from None
    message_sid_var.set(inbound.message_sid)
    stored = store_inbound(get_engine(settings.database_url), inbound, _raw_webhook(form, url),
                           settings.conversation_idle_hours)
    if stored is None:
        log.info("duplicate (or erased) delivery ignored")
        return _twiml(), "duplicate"
    try:
        enqueue_processing(settings, stored.message_id, stored.message_sid)
    # Whatever failed (Redis down, most likely), the message is committed and the worker's sweep enqueues it
    # later; an error answer would only make Twilio deliver it again as a duplicate.
    except Exception as exc:  # noqa: BLE001
        log.warning("message stored but not enqueued (%s); the sweep will pick it up", type(exc).__name__)
    log.info("inbound message stored", extra={"message_id": stored.message_id,
                                              "attachments": len(inbound.attachments)})
    return _twiml(), "accepted"


@bp.post("/status")
@_measured("status")
def status() -> tuple[Response, str]:
    settings: Settings = current_app.config["SETTINGS"]
    _verify_signature(settings, _signed_url(settings))
    try:
        callback = parse_status(_form_lists())
    except FormError as exc:
        log.warning("rejected a malformed status callback: %s", exc)
        raise _Outcome(400, "invalid") from None
    message_sid_var.set(callback.message_sid)
    new_status = known_status(callback.status)
    if new_status is None:
        return _twiml(), "ignored"
    # ?reply=<id>: which of our replies this is (app/replies/send.py), so a SID we never heard of gets linked.
    reply = request.args.get("reply", "")
    reply_id = int(reply) if reply.isascii() and reply.isdigit() and len(reply) <= 18 else None
    with session_factory(settings.database_url)() as session:
        linked = reply_id is not None and link_reply(session, reply_id, callback.message_sid)
        changed = apply_status(session, callback.message_sid, new_status, callback.error_code)
        session.commit()
    changed = changed or linked
    return _twiml(), ("accepted" if changed else "ignored")
