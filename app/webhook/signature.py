"""``X-Twilio-Signature`` checks with twilio's own RequestValidator (no Flask here: the view passes the parts).

Twilio signs the URL it called. Behind a proxy or tunnel that is the public URL, not the one the app sees,
so when ``PUBLIC_BASE_URL`` is set the signed URL is rebuilt from it and the request's path and query.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Protocol

from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)

log = logging.getLogger(__name__)

# What a replay needs besides the form: the signature and how it was made, and what Twilio says it is.
REPLAY_HEADERS = (SIGNATURE_HEADER, SIGNATURE_SETTINGS_HEADER, "I-Twilio-Idempotency-Token",
                  "User-Agent", "Content-Type")


def signed_url(public_base_url: str, request_url: str, path: str, query_string: str) -> str:
    """The URL Twilio computed the signature over."""
    if not public_base_url:
        return request_url
    url = public_base_url.rstrip("/") + path
    return f"{url}?{query_string}" if query_string else url


class Headers(Protocol):
    """A plain mapping or werkzeug's case-insensitive headers: all that is read is ``get``."""

    def get(self, key: str, /) -> str | None: ...


def is_valid(auth_token: str, url: str, form: Mapping[str, str], headers: Headers) -> bool:
    signature = headers.get(SIGNATURE_HEADER) or ""
    if not signature or not auth_token:
        return False
    algorithm = get_signature_algorithm(headers.get(SIGNATURE_SETTINGS_HEADER))
    # twilio ships no types; validate() returns a bool.
    return bool(RequestValidator(auth_token).validate(url, form, signature, algorithm))


def warn_validation_off() -> None:
    log.warning("TWILIO_VALIDATE_SIGNATURE is false: webhooks are NOT authenticated "
                "(acceptable for local development only)")
