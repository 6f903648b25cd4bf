"""Files other than the CSV export that a reply links to: the monthly report's chart and the accountant pack.

They are stored and served exactly like CSV exports (:mod:`app.conversation.export`): under
``exports/<user id>/`` through :mod:`app.media.storage`, recorded as a ``media`` row of the user with
``processing_metadata.export`` (so the expiry sweep purges them and "delete my data" finds them), and
offered through a token signed with ``SECRET_KEY`` that expires after ``EXPORT_LINK_TTL_SECONDS``. Each
kind has its own salt and URL, so a chart's token never opens a pack or a CSV, nor the other way round.

A chart sent proactively on the 1st may be opened days later (a template message read next week), so its
file is stored with a longer life (``REPORT_LINK_TTL_SECONDS``). The token of a kind that may live longer is
accepted up to that age, and the expiry recorded with each file (written by us when it was stored, and what
the purge goes by) decides: an on-request chart still dies after ``EXPORT_LINK_TTL_SECONDS``.
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.conversation.export import ExportLinkError, StoredExport, key_prefix, read_link, sign_link
from app.media import storage
from app.models import Media, MediaFileType, MediaStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileKind:
    name: str  # recorded in processing_metadata.export.kind
    salt: str  # public: it only namespaces signatures
    content_type: str
    extension: str
    route: str  # PUBLIC_BASE_URL/<route>/<token>.<extension>
    may_live_longer: bool = False  # stored with ttl_seconds above EXPORT_LINK_TTL_SECONDS by some callers


REPORT_CHART = FileKind("report_chart", "monthly-report-chart.v1", "image/png", "png", "reports",
                        may_live_longer=True)
ACCOUNTANT_PACK = FileKind("accountant_pack", "accountant-pack-link.v1", "application/zip", "zip", "packs")


@dataclass(frozen=True)
class StoredLink:
    url: str
    filename: str
    size: int
    expires_at: dt.datetime
    file_path: str


def link_url(settings: Settings, kind: FileKind, token: str) -> str:
    base = settings.public_base_url.rstrip("/")
    if not base:
        raise ValueError("PUBLIC_BASE_URL is needed to build file links")
    return f"{base}/{kind.route}/{token}.{kind.extension}"


def store_file(session: Session, settings: Settings, user_id: int, kind: FileKind, data: bytes, *,
               filename: str, now: dt.datetime, details: dict[str, Any] | None = None,
               ttl_seconds: int | None = None) -> StoredLink:
    """Store ``data``, record it as the user's file and return a signed link to it, valid ``ttl_seconds``
    (``EXPORT_LINK_TTL_SECONDS`` unless told; longer only for kinds that may live longer). The caller
    commits; until then the link resolves to nothing (serving looks for the recorded file)."""
    ttl = ttl_seconds or settings.export_link_ttl_seconds
    if ttl > settings.export_link_ttl_seconds and not (kind.may_live_longer and ttl <= _longest(settings)):
        raise ValueError(f"{kind.name} links cannot live {ttl} seconds")
    key = f"{key_prefix(user_id)}{secrets.token_hex(16)}.{kind.extension}"
    url = link_url(settings, kind, sign_link(settings, user_id, key, now=now, salt=kind.salt))
    file_path, file_url = storage.storage_for(settings).put(key, data, kind.content_type)
    expires_at = now + dt.timedelta(seconds=ttl)
    session.add(Media(
        user_id=user_id, filename=filename, original_filename=filename, file_path=file_path, file_url=file_url,
        file_size=len(data), content_type=kind.content_type, file_type=MediaFileType.other,
        status=MediaStatus.processed,
        processing_metadata={"export": {"key": key, "kind": kind.name, "expires_at": expires_at.isoformat(),
                                        **(details or {})}},
    ))
    try:
        session.flush()
    except Exception:
        storage.delete(settings, file_path)  # the user was erased meanwhile: no row will ever name this file
        raise
    return StoredLink(url=url, filename=filename, size=len(data), expires_at=expires_at, file_path=file_path)


def open_file(session: Session, settings: Settings, kind: FileKind, token: str, *,
              now: dt.datetime | None = None) -> StoredExport:
    """The file a ``kind`` link points at, if the token is genuine, fresh, and the file is still that
    user's and of that kind. Raises :class:`ExportLinkError`."""
    longest = _longest(settings) if kind.may_live_longer else settings.export_link_ttl_seconds
    user_id, key = read_link(settings, token, now=now, salt=kind.salt, max_age=longest)
    media = session.scalar(
        select(Media).where(Media.user_id == user_id, Media.processing_metadata["export"]["key"].astext == key,
                            Media.processing_metadata["export"]["kind"].astext == kind.name)
    )
    if media is None or not media.file_path:
        raise ExportLinkError()
    if _expired(media, now or dt.datetime.now(dt.UTC)):
        raise ExportLinkError(expired=True)
    try:
        data = storage.get(settings, media.file_path)
    except (storage.StorageError, OSError) as exc:
        log.warning("linked file unreadable: %s", type(exc).__name__)
        raise ExportLinkError() from exc
    return StoredExport(filename=media.filename or f"file.{kind.extension}", data=data)


def _longest(settings: Settings) -> int:
    return max(settings.export_link_ttl_seconds, settings.report_link_ttl_seconds)


def _expired(media: Media, now: dt.datetime) -> bool:
    expires = (media.processing_metadata or {}).get("export", {}).get("expires_at")
    try:
        return dt.datetime.fromisoformat(str(expires)) <= now
    except ValueError:
        return True
