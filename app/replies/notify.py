"""Proactive messages (payment reminders, the monthly report, budget alerts), each sent exactly once.

``notify(session, settings, user, kind=..., key=..., body=..., template=(sid, variables))`` claims the
``notifications`` row with the unique ``key`` first (INSERT ... ON CONFLICT DO NOTHING, committed), so a
second call with the same key, from a retry or another worker, never sends again; it finishes the row's
delivery if an earlier attempt was cut short.

WhatsApp delivers free text only inside the 24-hour session window (the user wrote to us less than 24 hours
ago); outside it, only an approved template. So: inside the window, ``body`` (and ``media_urls``) as free
text; outside it, ``template`` through Twilio's Content API (``ContentSid`` + ``ContentVariables``). With no
template SID the message is not sent: the row is ``skipped`` and counted, never sent as text that WhatsApp
would refuse. The choice is made at the first attempt and kept.

Delivery follows :mod:`app.replies.send`: a session advisory lock per row keeps two workers off the same
row; ``attempted_at`` is committed before the request, and an attempt that may have reached Twilio without
us learning the SID is looked up in Twilio's Messages list (to the user, created after the attempt, under
no SID we know, with the same text, or for a template, every variable in its text) before it is ever sent
again, and resent only once ``2 × TWILIO_TIMEOUT_SECONDS`` have passed.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import get_engine
from app.metrics import NOTIFICATIONS
from app.models import Message, MessageRole, Notification, NotificationStatus, User, WhatsAppMessage
from app.replies.twilio_client import (
    BODY_LIMIT,
    Listed,
    SendError,
    Sent,
    recent_messages,
    send_template,
    send_whatsapp,
)

log = logging.getLogger(__name__)

SESSION_WINDOW = dt.timedelta(hours=24)
CLOCK_SKEW = dt.timedelta(minutes=5)
# Advisory lock namespace for "a worker is sending this notification" (unique within the app).
LOCK_NAMESPACE = 7207
Template = tuple[str, dict[str, str]]  # (ContentSid, ContentVariables)


def window_open(session: Session, user_id: int, now: dt.datetime) -> bool:
    """Whether the user wrote to us within the last 24 hours (WhatsApp's customer service window)."""
    last = session.scalar(select(func.max(Message.created_at)).where(Message.user_id == user_id,
                                                                     Message.role == MessageRole.user))
    return last is not None and now - last < SESSION_WINDOW


def notify(session: Session, settings: Settings, user: User, *, kind: str, key: str, body: str,
           media_urls: Sequence[str] = (), template: Template | None = None,
           now: dt.datetime | None = None) -> Notification:
    """Send one proactive message to ``user`` once per ``key``; returns its row (status ``sent``,
    ``skipped``, ``failed``, or ``pending`` when Twilio could not be reached: a later call finishes it).
    Commits. Raises nothing for Twilio failures; they are on the row."""
    if len(body) > BODY_LIMIT:
        raise ValueError("a notification is one message: at most 1,600 characters")
    payload: dict[str, object] = {"media": list(media_urls)}
    if template is not None:
        payload["template"] = {"sid": template[0], "variables": dict(template[1])}
    session.execute(insert(Notification).values(user_id=user.id, kind=kind, key=key, body=body, payload=payload)
                    .on_conflict_do_nothing(index_elements=["key"]))
    session.commit()
    row = session.scalars(select(Notification).where(Notification.key == key)).one()
    if row.user_id != user.id:
        raise ValueError("a notification key belongs to one user")
    deliver(session, settings, row, now=now)
    return row


def pending(session: Session, *, older_than: dt.timedelta = dt.timedelta(seconds=5),
            now: dt.datetime | None = None, limit: int = 100) -> list[Notification]:
    """Rows whose delivery was cut short (Twilio unreachable, a worker died), for :func:`deliver` again."""
    now = now or dt.datetime.now(dt.UTC)
    return list(session.scalars(select(Notification).where(
        Notification.status == NotificationStatus.pending, Notification.created_at < now - older_than)
        .order_by(Notification.created_at).limit(limit)))


def deliver(session: Session, settings: Settings, row: Notification, *, now: dt.datetime | None = None) -> None:
    """Send the row's message unless it is done or another worker is on it; commits."""
    if row.status != NotificationStatus.pending:
        return
    with get_engine(settings.database_url).connect() as lock:
        if not lock.execute(text("SELECT pg_try_advisory_lock(:ns, CAST(:id AS integer))"),
                            {"ns": LOCK_NAMESPACE, "id": row.id % 2_000_000_000}).scalar():
            return  # another worker is sending it
        lock.commit()
        try:
            session.refresh(row)
            if row.status == NotificationStatus.pending:
                _deliver_locked(session, settings, row, now or dt.datetime.now(dt.UTC))
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:ns, CAST(:id AS integer))"),
                         {"ns": LOCK_NAMESPACE, "id": row.id % 2_000_000_000})
            lock.commit()


def _deliver_locked(session: Session, settings: Settings, row: Notification, now: dt.datetime) -> None:
    user = session.get(User, row.user_id)
    if user is None:  # erased meanwhile (its rows cascade): nothing to send
        return
    address = f"whatsapp:{user.whatsapp_number}"
    template = row.payload.get("template") if isinstance(row.payload, dict) else None
    if row.channel is None:
        row.channel = "text" if window_open(session, user.id, now) else "template"
        if row.channel == "template":
            row.content_sid = template.get("sid") if isinstance(template, dict) else None
        if row.channel == "template" and not row.content_sid:
            row.status = NotificationStatus.skipped
            row.error = "outside the 24-hour window and no template configured"
            session.commit()
            NOTIFICATIONS.labels(kind=row.kind, outcome="skipped").inc()
            log.warning("notification not sent: the user's 24-hour window is closed and no template is set",
                        extra={"kind": row.kind})
            return
        session.commit()
    variables: dict[str, str] = dict(template.get("variables") or {}) if isinstance(template, dict) else {}
    if row.attempted_at is not None:  # an earlier attempt may have reached Twilio
        found = _look_up(session, settings, address, row, variables)
        if found is not None:
            log.info("a notification Twilio created without our knowing was found; not sending it again")
            NOTIFICATIONS.labels(kind=row.kind, outcome="recovered").inc()
            _record_sent(session, row, Sent(sid=found.sid, status=found.status), now)
            return
        if now < row.attempted_at + dt.timedelta(seconds=2 * settings.twilio_timeout_seconds):
            return  # Twilio may still be working on it: the next pass looks again
    row.attempted_at = now
    session.commit()
    try:
        if row.channel == "template" and row.content_sid:
            sent = send_template(settings, address, row.content_sid, variables)
        else:
            media = row.payload.get("media") if isinstance(row.payload, dict) else None
            sent = send_whatsapp(settings, address, row.body, list(media or []))
    except SendError as exc:
        if not exc.maybe_sent:
            row.attempted_at = None  # nothing was created: the next pass sends at once
        if exc.transient:
            log.warning("notification not sent yet (%s); the next pass retries", exc)
        else:
            row.status = NotificationStatus.failed
            row.error = str(exc)[:200]
            NOTIFICATIONS.labels(kind=row.kind, outcome="failed").inc()
        session.commit()
        return
    NOTIFICATIONS.labels(kind=row.kind, outcome="sent").inc()
    _record_sent(session, row, sent, now)


def _look_up(session: Session, settings: Settings, to: str, row: Notification,
             variables: dict[str, str]) -> Listed | None:
    try:
        listed = recent_messages(settings, to)
    except SendError:
        return None
    sids = [m.sid for m in listed]
    known = set(session.scalars(select(Notification.twilio_sid).where(Notification.twilio_sid.in_(sids))))
    known |= set(session.scalars(select(WhatsAppMessage.whatsapp_message_id)
                                 .where(WhatsAppMessage.whatsapp_message_id.in_(sids))))
    since = (row.attempted_at or dt.datetime.now(dt.UTC)) - CLOCK_SKEW

    def same(message: Listed) -> bool:
        if row.channel == "template":
            return bool(variables) and all(v in message.body for v in variables.values())
        return message.body.strip() == row.body.strip()

    matches = [m for m in listed if m.sid not in known and same(m) and (m.created is None or m.created >= since)]
    return min(matches, key=lambda m: m.created or since) if matches else None


def _record_sent(session: Session, row: Notification, sent: Sent, now: dt.datetime) -> None:
    row.status = NotificationStatus.sent
    row.twilio_sid = sent.sid
    row.sent_at = now
    row.error = None
    session.commit()
