"""Sending WhatsApp messages with the real ``twilio`` client, at a configurable API base URL.

``TWILIO_API_BASE_URL`` replaces the API domain's base (``client.api.base_url``: twilio's ``Domain`` joins
it with ``/2010-04-01/Accounts/...``); edge/region stay unset, so twilio leaves the URL alone.

A request that timed out (or broke) after it was sent may still have created the message: Twilio has no
idempotency key. :class:`SendError` says so with ``maybe_sent``, and :func:`recent_messages` lists what
was sent to a user so the caller can look before sending again (``app/replies/send.py``).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from app.config import Settings

# twilio logs every request's headers at INFO; that is noise in JSON logs, not information.
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)

# Twilio refuses bodies over 1,600 characters (error 21617).
BODY_LIMIT = 1600
STATUS_PATH = "/webhooks/twilio/status"


class SendError(Exception):
    """Twilio did not confirm a message. ``transient``: worth retrying (network, 5xx, 429).
    ``maybe_sent``: Twilio may have created it anyway (a timeout or broken connection after the request
    went out, a 5xx); look it up before sending it again."""

    def __init__(self, message: str, *, transient: bool, status: int | None = None, code: int | None = None,
                 maybe_sent: bool = False):
        super().__init__(message)
        self.transient = transient
        self.status = status
        self.code = code
        self.maybe_sent = maybe_sent


@dataclass(frozen=True)
class Sent:
    sid: str
    status: str


@dataclass(frozen=True)
class Listed:
    sid: str
    body: str
    status: str
    created: dt.datetime | None


@lru_cache(maxsize=4)
def _client(account_sid: str, auth_token: str, base_url: str, timeout: float) -> Client:
    client = Client(account_sid, auth_token, http_client=TwilioHttpClient(timeout=timeout))
    client.api.base_url = base_url.rstrip("/")
    return client


def twilio_client(settings: Settings) -> Client:
    return _client(settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_api_base_url,
                   settings.twilio_timeout_seconds)


def status_callback_url(settings: Settings, reply: str | None = None) -> str | None:
    """Where Twilio reports delivery; ``reply`` names our record of the message, so the first callback
    also tells us its SID if Twilio's answer to the create never reached us."""
    # Twilio can only call back a public URL; without one, delivery status is simply not tracked.
    if not settings.public_base_url:
        return None
    url = settings.public_base_url.rstrip("/") + STATUS_PATH
    return f"{url}?{urlencode({'reply': reply})}" if reply else url


def send_whatsapp(settings: Settings, to: str, body: str, media_urls: list[str] | tuple[str, ...] = (),
                  *, reply: str | None = None) -> Sent:
    """Send one message (``to`` is ``whatsapp:+E.164``; ``body`` at most 1,600 characters)."""
    if len(body) > BODY_LIMIT:
        raise ValueError("body over 1,600 characters: split it first")
    kwargs: dict[str, str | list[str]] = {"to": to, "from_": settings.twilio_whatsapp_from, "body": body}
    if media_urls:
        kwargs["media_url"] = list(media_urls)
    return _create(settings, kwargs, reply)


def send_template(settings: Settings, to: str, content_sid: str, variables: dict[str, str], *,
                  reply: str | None = None) -> Sent:
    """Send an approved WhatsApp template (Content API: ``ContentSid`` + ``ContentVariables`` JSON instead of
    ``Body``), the only kind of message WhatsApp delivers outside the 24-hour session window."""
    kwargs: dict[str, str | list[str]] = {"to": to, "from_": settings.twilio_whatsapp_from,
                                          "content_sid": content_sid,
                                          "content_variables": json.dumps(variables, ensure_ascii=False)}
    return _create(settings, kwargs, reply)


def _create(settings: Settings, kwargs: dict[str, str | list[str]], reply: str | None) -> Sent:
    callback = status_callback_url(settings, reply)
    if callback:
        kwargs["status_callback"] = callback
    try:
        message = twilio_client(settings).messages.create(**kwargs)
    except TwilioRestException as exc:
        transient = exc.status == 429 or exc.status >= 500
        # A 4xx (429 included) is Twilio refusing the request; a 5xx may come after the message was made.
        raise SendError(f"Twilio answered {exc.status} (code {exc.code})", transient=transient,
                        status=exc.status, code=exc.code, maybe_sent=exc.status >= 500) from exc
    except (requests.RequestException, TwilioException) as exc:
        # Only a failed connect proves the request never left; a read timeout or a reset may come after
        # Twilio created the message.
        never_sent = isinstance(exc, (requests.ConnectTimeout, requests.exceptions.InvalidURL)) or (
            isinstance(exc, requests.ConnectionError) and _refused(exc))
        raise SendError(f"Twilio unreachable: {type(exc).__name__}", transient=True,
                        maybe_sent=not never_sent) from exc
    return Sent(sid=message.sid, status=message.status)


def _refused(exc: requests.ConnectionError) -> bool:
    reason = exc.args[0] if exc.args else None
    text = f"{getattr(reason, 'reason', '')} {reason}"
    return "NewConnectionError" in text or "Connection refused" in text or "Name or service not known" in text


def recent_messages(settings: Settings, to: str, limit: int = 100) -> list[Listed]:
    """The newest ``limit`` messages we sent to ``to`` (Twilio's Messages list, filtered by To and From).

    Raises :class:`SendError` (transient) when Twilio cannot be asked."""
    try:
        found = twilio_client(settings).messages.list(to=to, from_=settings.twilio_whatsapp_from,
                                                      limit=limit, page_size=limit)
    except TwilioRestException as exc:
        raise SendError(f"Twilio answered {exc.status} listing messages", transient=True,
                        status=exc.status, code=exc.code) from exc
    except (requests.RequestException, TwilioException) as exc:
        raise SendError(f"Twilio unreachable: {type(exc).__name__}", transient=True) from exc
    return [Listed(sid=m.sid or "", body=m.body or "", status=m.status or "queued", created=m.date_created)
            for m in found]


def split_body(body: str, limit: int = BODY_LIMIT) -> list[str]:
    """Split a long body into parts of at most ``limit`` characters, on line, then word boundaries.

    A single word longer than ``limit`` (a URL, say) is cut where it must be.
    """
    body = body.strip()
    if len(body) <= limit:
        return [body] if body else []
    parts: list[str] = []
    rest = body
    while len(rest) > limit:
        window = rest[: limit + 1]
        newline, space = window.rfind("\n"), window.rfind(" ")
        # a paragraph break is the nicest cut, unless it would leave a stub of a part
        cut = newline if newline > limit // 2 else max(newline, space)
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return [p for p in parts if p]
