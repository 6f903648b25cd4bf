"""Downloading one attachment from Twilio, treating the URL, every redirect and every byte as hostile.

- Only hosts on ``MEDIA_ALLOWED_HOSTS`` are contacted (``*.example.com`` matches subdomains), on every hop:
  redirects are followed by hand and each Location is checked again before it is requested.
- Twilio credentials (HTTP Basic, account SID + auth token) go only to the host of the original URL; a
  redirect to another host (Twilio's CDN, with a pre-signed URL) is requested without them.
- ``MEDIA_MAX_BYTES`` is enforced while streaming, not after; a lying Content-Length changes nothing.
- The type is read from the bytes (JPEG, PNG, WebP or PDF); the Content-Type header is only a claim.
"""
from __future__ import annotations

from dataclasses import dataclass
from email.message import Message as _HeaderParser
from urllib.parse import urljoin, urlsplit

import httpx

from app.config import Settings
from app.i18n.catalogue import N_
from app.media.sniff import CONTENT_TYPES, sniff_type

ACCEPTED_KINDS = ("jpeg", "png", "webp", "pdf")
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "pdf": "pdf"}
MAX_REDIRECTS = 5


class MediaRejected(Exception):
    """A permanent problem with this attachment.

    ``reason`` is a short code for logs; ``message_key`` and ``values`` name the catalogue text that tells
    the user (the task knows their language, this module does not).
    """

    def __init__(self, reason: str, message_key: str, **values: object):
        super().__init__(reason)
        self.reason = reason
        self.message_key = message_key
        self.values = values


class MediaUnavailable(Exception):
    """A transient problem (network, 5xx, 429): try again later."""


@dataclass(frozen=True)
class Downloaded:
    data: bytes
    kind: str  # jpeg, png, webp or pdf
    content_type: str
    declared_type: str | None
    original_filename: str | None
    final_host: str


def host_allowed(host: str | None, allowed: list[str]) -> bool:
    if not host:
        return False
    host = host.lower().rstrip(".")
    for pattern in allowed:
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and host != pattern[2:]:
                return True
        elif host == pattern:
            return True
    return False


def _filename(content_disposition: str | None) -> str | None:
    if not content_disposition:
        return None
    parser = _HeaderParser()
    parser["content-disposition"] = content_disposition
    name = parser.get_filename()
    if not name:
        return None
    # Keep a display name only: no directories, no control characters, bounded.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or None


_DISALLOWED = MediaRejected("host_not_allowed", N_("media_not_allowed"))
_UNREADABLE = N_("media_unreachable")


def download(url: str, settings: Settings, *, client: httpx.Client | None = None) -> Downloaded:
    allowed = settings.allowed_media_hosts
    origin_host = urlsplit(url).hostname
    if not host_allowed(origin_host, allowed):
        raise _DISALLOWED
    auth = (settings.twilio_account_sid, settings.twilio_auth_token)
    own_client = client is None
    client = client or httpx.Client(timeout=settings.media_download_timeout, follow_redirects=False,
                                    trust_env=False)
    try:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            if parts.scheme not in {"http", "https"} or not host_allowed(parts.hostname, allowed):
                raise _DISALLOWED
            same_host = parts.hostname == origin_host
            try:
                with client.stream("GET", current, auth=auth if same_host else None,
                                   follow_redirects=False) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise MediaRejected("bad_redirect", _UNREADABLE)
                        current = urljoin(current, location)
                        continue
                    return _read(response, settings, parts.hostname or "")
            except httpx.TransportError as exc:
                raise MediaUnavailable(f"download failed: {type(exc).__name__}") from exc
        raise MediaRejected("too_many_redirects", _UNREADABLE)
    finally:
        if own_client:
            client.close()


def _read(response: httpx.Response, settings: Settings, host: str) -> Downloaded:
    if response.status_code == 429 or response.status_code >= 500:
        raise MediaUnavailable(f"media host answered {response.status_code}")
    if response.status_code != 200:
        raise MediaRejected(f"http_{response.status_code}", _UNREADABLE)
    limit = settings.media_max_bytes
    too_big = MediaRejected("too_large", N_("media_too_large"), mb=max(1, limit // (1024 * 1024)))
    declared_length = response.headers.get("content-length", "")
    if declared_length.isdigit() and int(declared_length) > limit:
        raise too_big
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    data = b"".join(chunks)
    kind = sniff_type(data[:2048])
    if kind not in ACCEPTED_KINDS:
        raise MediaRejected("unsupported_type", N_("media_wrong_type"))
    declared = (response.headers.get("content-type") or "").split(";")[0].strip().lower() or None
    return Downloaded(data=data, kind=kind, content_type=CONTENT_TYPES[kind], declared_type=declared,
                      original_filename=_filename(response.headers.get("content-disposition")),
                      final_host=host)
