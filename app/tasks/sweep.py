"""The safety net for "nothing is lost": enqueue inbound messages that were stored but never processed.

That happens when Redis was down as the webhook answered, or when Redis lost its data. The worker's
janitor (worker/janitor.py) runs the sweep every ``SWEEP_INTERVAL_SECONDS`` and as soon as PostgreSQL or
Redis is back after an outage. It is idempotent: it skips messages younger than a grace period (their
webhook is still enqueueing them) and messages whose deterministic job is queued, running, scheduled for
a retry, or failed for good (operators requeue those from ``/rq``).
"""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.config import get_settings
from app.conversation.export import purge_expired_exports
from app.db import session_factory
from app.invoices.purge import purge_deleted_invoices
from app.metrics import JOBS
from app.models import Message, MessageRole, WhatsAppMessage
from app.queue.enqueue import enqueue_processing, pending_or_failed

log = logging.getLogger(__name__)

# Between a webhook's commit and its enqueue there are milliseconds; ten seconds is ample.
GRACE_SECONDS = 10


def sweep_unprocessed(grace_seconds: int = GRACE_SECONDS) -> int:
    """Enqueue every forgotten message; returns how many were enqueued."""
    settings = get_settings()
    with session_factory(settings.database_url)() as session:
        candidates = unprocessed_messages(session, grace_seconds)
    enqueued = 0
    for message_id, sid, deferred_until in candidates:
        if pending_or_failed(settings, sid, deferred_until):
            continue
        # A deferred message past its due time lost its scheduled job (Redis restarted): run it now.
        enqueue_processing(settings, message_id, sid)
        enqueued += 1
    if enqueued:
        log.info("sweep enqueued %d unprocessed message(s)", enqueued)
    JOBS.labels(job="sweep_unprocessed", outcome="ok").inc()
    return enqueued


def purge_exports() -> int:
    """The periodic purge of what has outlived its purpose, files and rows: CSV exports whose links have
    expired, and invoices deleted before the undo window (``UNDO_WINDOW_HOURS``) with their documents.
    Returns how many exports and invoices went."""
    settings = get_settings()
    now = dt.datetime.now(dt.UTC)
    with session_factory(settings.database_url)() as session:
        exports = purge_expired_exports(session, settings, now=now)
        session.commit()
    JOBS.labels(job="purge_exports", outcome="ok").inc()
    return exports + purge_deleted(now)


def purge_deleted(now: dt.datetime | None = None) -> int:
    """Delete invoices deleted before the undo window, with their documents' rows and files."""
    settings = get_settings()
    with session_factory(settings.database_url)() as session:
        purged = purge_deleted_invoices(session, settings, now=now or dt.datetime.now(dt.UTC))
        session.commit()
    JOBS.labels(job="purge_deleted_invoices", outcome="ok").inc()
    return purged


def unprocessed_messages(session: Session, older_than_seconds: int,
                         limit: int = 500) -> list[tuple[int, str, dt.datetime | None]]:
    """``(message_id, MessageSid, deferred_until)`` of inbound messages the worker has not finished,
    oldest first; a message the rate limit deferred counts from its due time, not its arrival."""
    since = func.now() - dt.timedelta(seconds=older_than_seconds)
    rows = session.execute(
        select(Message.id, WhatsAppMessage.whatsapp_message_id, Message.deferred_until)
        .join(WhatsAppMessage, WhatsAppMessage.message_id == Message.id)
        .where(Message.processed_at.is_(None), Message.role == MessageRole.user,
               Message.created_at < since,
               or_(Message.deferred_until.is_(None), Message.deferred_until < since))
        .order_by(Message.created_at)
        .limit(limit)
    ).all()
    return [(row[0], row[1], row[2]) for row in rows]
