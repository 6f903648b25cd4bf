"""Per-user rate limit that queues, never drops: over the limit, messages wait their turn, in order.

The worker *admits* at most ``RATE_LIMIT_MESSAGES`` of a user's inbound messages per
``RATE_LIMIT_WINDOW_SECONDS`` (``messages.admitted_at`` records each admission). A message over the limit
is *deferred*: ``messages.deferred_until`` says when a slot frees up (the oldest admission that counts
leaves the window), and the job is re-enqueued for then. A message also waits while an earlier message of
the same user is waiting, so a burst is answered in the order it was sent. Everything is decided from
stored rows under a per-user advisory lock, so two workers agree, a retried job keeps its admission, and
a deferral survives a Redis restart (the sweep re-enqueues a deferred message once it is due).

One notice per backlog: the message deferred while none of the user's other messages was waiting tells
the user that everything is saved and will be answered in turn.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.models import Message, MessageRole

# Advisory lock namespace for "deciding admissions of this user" (unique within the app).
_LOCK_NAMESPACE = 0x524C  # "RL"
# A waiting predecessor this long past its due time is presumed stuck (its job failed for good or was
# lost; the sweep takes care of it) and no longer holds back the messages after it.
STALE_AFTER = dt.timedelta(minutes=5)
# A message waiting behind another is due just after it.
ORDER_STEP = dt.timedelta(milliseconds=500)


@dataclass(frozen=True)
class Admission:
    admitted: bool
    due: dt.datetime | None = None  # when a deferred message should run again
    notice: bool = False  # tell the user (once per backlog) that their messages are queued


def admit(session: Session, message: Message, limit: int, window_seconds: int) -> Admission:
    """Admit ``message`` or defer it. Flushes, never commits: the caller commits (which releases the
    per-user lock) before doing the work, or together with the notice it sends."""
    if message.admitted_at is not None:  # a retry of admitted work: it already counted
        return Admission(admitted=True)
    session.execute(text("SELECT pg_advisory_xact_lock(:ns, :user)"),
                    {"ns": _LOCK_NAMESPACE, "user": message.user_id})
    now: dt.datetime = session.execute(select(func.clock_timestamp())).scalar_one()
    window = dt.timedelta(seconds=window_seconds)

    ahead = _latest_waiting(session, message, now, before=True)
    due = _slot_free_at(session, message.user_id, limit, now, window)
    if ahead is not None:
        due = max(due or now, ahead, now) + ORDER_STEP
    if due is None:
        message.admitted_at = now
        session.flush()
        return Admission(admitted=True)

    previous = message.deferred_until
    if previous is not None and due <= previous:
        # Re-run before its time (a sweep after Redis lost the schedule): keep each deferral's due time,
        # and so the id of its scheduled job, unique.
        due = previous + dt.timedelta(milliseconds=1)
    notice = previous is None and _latest_waiting(session, message, now, before=False) is None
    message.deferred_until = due
    session.flush()
    return Admission(admitted=False, due=due, notice=notice)


def _slot_free_at(session: Session, user_id: int, limit: int, now: dt.datetime,
                  window: dt.timedelta) -> dt.datetime | None:
    """None when fewer than ``limit`` admissions fall in the window, else when the oldest one that
    keeps the count at the limit leaves it."""
    limiting = session.execute(
        select(Message.admitted_at).where(Message.user_id == user_id, Message.admitted_at > now - window)
        .order_by(Message.admitted_at.desc()).offset(limit - 1).limit(1)
    ).scalar()
    return None if limiting is None else limiting + window


def _latest_waiting(session: Session, message: Message, now: dt.datetime, *,
                    before: bool) -> dt.datetime | None:
    """Latest due time among the user's other waiting messages (only earlier ones when ``before``)."""
    query = select(func.max(Message.deferred_until)).where(
        Message.user_id == message.user_id, Message.role == MessageRole.user, Message.id != message.id,
        Message.deferred_until > now - STALE_AFTER, Message.admitted_at.is_(None),
        Message.processed_at.is_(None),
    )
    if before:
        query = query.where(Message.id < message.id)
    return session.execute(query).scalar()
