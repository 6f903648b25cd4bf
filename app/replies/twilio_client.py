"""Sending WhatsApp messages with the real ``twilio`` client, at a configurable API base URL.

``TWILIO_API_BASE_URL`` replaces the API domain's base (``client.api.base_url``: twilio's ``Domain`` joins
it with ``/2010-04-01/Accounts/...``); edge/region stay unset, so twilio leaves the URL alone.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

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
    """Twilio did not accept a message. ``transient``: worth retrying (network, 5xx, 429)."""

    def __init__(self, message: str, *, transient: bool, status: int | None = None, code: int | None = None):
        super().__init__(message)
        self.transient = transient
        self.status = status
        self.code = code


@dataclass(frozen=True)
class Sent:
    sid: str
    status: str


@lru_cache(maxsize=4)
def _client(account_sid: str, auth_token: str, base_url: str) -> Client:
    client = Client(account_sid, auth_token, http_client=TwilioHttpClient(timeout=15))
    client.api.base_url = base_url.rstrip("/")
    return client


def twilio_client(settings: Settings) -> Client:
    return _client(settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_api_base_url)


def status_callback_url(settings: Settings) -> str | None:
    # Twilio can only call back a public URL; without one, delivery status is simply not tracked.
    if not settings.public_base_url:
        return None
    return settings.public_base_url.rstrip("/") + STATUS_PATH


def send_whatsapp(settings: Settings, to: str, body: str, media_urls: list[str] | tuple[str, ...] = ()) -> Sent:
    """Send one message (``to`` is ``whatsapp:+E.164``; ``body`` at most 1,600 characters)."""
    if len(body) > BODY_LIMIT:
        raise ValueError("body over 1,600 characters: split it first")
    kwargs: dict[str, str | list[str]] = {"to": to, "from_": settings.twilio_whatsapp_from, "body": body}
    if media_urls:
        kwargs["media_url"] = list(media_urls)
    callback = status_callback_url(settings)
    if callback:
        kwargs["status_callback"] = callback
    try:
        message = twilio_client(settings).messages.create(**kwargs)
    except TwilioRestException as exc:
        transient = exc.status == 429 or exc.status >= 500
        raise SendError(f"Twilio answered {exc.status} (code {exc.code})", transient=transient,
                        status=exc.status, code=exc.code) from exc
    except (requests.RequestException, TwilioException) as exc:
        raise SendError(f"Twilio unreachable: {type(exc).__name__}", transient=True) from exc
    return Sent(sid=message.sid, status=message.status)


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
