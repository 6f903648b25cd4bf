"""Deleted invoices are gone for good once "undo" can no longer bring them back.

"Delete #3" only sets ``invoices.deleted_at`` so that "undo" works; after ``UNDO_WINDOW_HOURS`` the invoice,
its items, the ``media`` rows of the documents it was read from and their stored files are deleted by a
periodic job. Rows go first, in one transaction that locks the invoices it deletes (``FOR UPDATE``: an
"undo" racing the purge waits and then finds nothing to restore, never a half-deleted invoice); files go
before the commit, so a storage error rolls everything back and the next run tries again (deleting an
already deleted file is not an error).
"""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.media import storage
from app.models import Invoice, Media

log = logging.getLogger(__name__)

BATCH = 500


def undo_cutoff(settings: Settings, now: dt.datetime) -> dt.datetime:
    """Invoices deleted before this instant can no longer be undone."""
    return now - dt.timedelta(hours=settings.undo_window_hours)


def purge_deleted_invoices(session: Session, settings: Settings, *, now: dt.datetime) -> int:
    """Delete (up to a batch of) invoices deleted before the undo window, with their documents' rows and
    files; returns how many invoices. The caller commits."""
    doomed = list(session.scalars(
        select(Invoice.id).where(Invoice.deleted_at < undo_cutoff(settings, now))
        .order_by(Invoice.deleted_at).limit(BATCH).with_for_update(skip_locked=True)
    ))
    if not doomed:
        return 0
    paths = [p for p in session.scalars(
        delete(Media).where(Media.invoice_id.in_(doomed)).returning(Media.file_path)
        .execution_options(synchronize_session=False)) if p]
    session.execute(delete(Invoice).where(Invoice.id.in_(doomed)).execution_options(synchronize_session=False))
    for path in paths:
        storage.delete(settings, path)
    log.info("deleted invoices purged", extra={"invoices": len(doomed), "files": len(paths)})
    return len(doomed)
