"""Sending replies through Twilio, exactly once per inbound message and slot, and storing them.

A reply is identified by the inbound MessageSid, a *slot* (which answer of that message: ``t`` for the
text answer, ``d0`` for attachment 0's answer, ``m0`` for a problem with attachment 0, ``rl`` for the
rate-limit notice, ``err`` for the give-up message) and the part number after splitting at 1,600
characters. That identity is stored on the outbound ``whatsapp_messages`` row (``raw_webhook`` =
``{"reply_to", "slot", "part", "parts", "media", "attempted_at"}``), and the part's text on its
``messages`` row, so a retried job sees what it already said and says exactly that, once.

Every part is recorded *before* anything is sent (status ``accepted``, a provisional ``pending:`` id), then
each is sent and updated with Twilio's SID. Twilio's REST API has no idempotency key, so a part whose
attempt may have reached Twilio without us learning the SID (a read timeout, a reset connection, a 5xx, a
worker killed between Twilio's answer and our commit) is never re-sent blindly. Before another attempt:

1. its StatusCallback URL carries the row's id (``?reply=<id>``), so any status callback for the message
   Twilio did create has already put the SID on the row (``app/webhook/status.py``): the part is done;
2. otherwise Twilio's Messages list (To the user, From our number) is searched for that text, created
   after the attempt and under no SID we know: found, the SID is adopted and nothing is sent;
3. otherwise, only once ``2 × TWILIO_TIMEOUT_SECONDS`` have passed since the attempt (Twilio has finished
   any request it was still working on), the part is sent again; before that the job retries later.

A failure that proves nothing was created (a refused connection, a 4xx such as 429) clears the attempt, so
the retry sends at once.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, literal, select, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.domain.reply import Reply
from app.metrics import REPLIES
from app.models import Message, MessageRole, WhatsAppMessage, WhatsAppStatus
from app.replies.twilio_client import Listed, SendError, Sent, recent_messages, send_whatsapp, split_body

log = logging.getLogger(__name__)

PENDING_PREFIX = "pending:"
# Twilio stamps date_created with its own clock: a message may look a little older than our attempt.
CLOCK_SKEW = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Inbound:
    """The inbound message a reply answers."""

    message_id: int
    user_id: int
    conversation_id: int
    sid: str
    user_address: str  # whatsapp:+E.164, where replies go


def _existing(session: Session, inbound: Inbound, slot: str) -> dict[int, WhatsAppMessage]:
    rows = session.scalars(
        select(WhatsAppMessage).where(
            # to_number is indexed: only this user's outbound rows are looked at
            WhatsAppMessage.to_number == inbound.user_address,
            WhatsAppMessage.raw_webhook["reply_to"].astext == inbound.sid,
            WhatsAppMessage.raw_webhook["slot"].astext == slot,
        )
    ).all()
    return {int((row.raw_webhook or {})["part"]): row for row in rows}


def _done(row: WhatsAppMessage) -> bool:
    return not row.whatsapp_message_id.startswith(PENDING_PREFIX) or row.status == WhatsAppStatus.failed


def recorded(session: Session, inbound: Inbound, slot: str) -> bool:
    """True when this slot's reply was recorded: :func:`send_reply` finishes it, whatever it is given."""
    return bool(_existing(session, inbound, slot))


def already_answered(session: Session, inbound: Inbound, slot: str) -> bool:
    """True when this slot's reply was recorded and every part sent (or refused by Twilio for good)."""
    rows = _existing(session, inbound, slot)
    return bool(rows) and all(_done(r) for r in rows.values())


def unfinished(session: Session, inbound: Inbound, slot: str) -> bool:
    """True when this slot's reply was recorded but not all of it is sent yet (a retry must finish it)."""
    rows = _existing(session, inbound, slot)
    return bool(rows) and not all(_done(r) for r in rows.values())


def send_reply(session: Session, settings: Settings, inbound: Inbound, reply: Reply, slot: str) -> None:
    """Send ``reply`` (split if long) in this slot, exactly once; commits after each step.

    When the slot was recorded before (a retried job), the recorded parts are finished and ``reply`` is
    ignored: the user gets what was decided the first time, never a second, different answer. Raises
    :class:`SendError` with ``transient=True`` for failures worth retrying.
    """
    if finish_reply(session, settings, inbound, slot):
        return
    rows = _record_intents(session, settings, inbound, slot, reply)
    for number in sorted(rows):
        _deliver(session, settings, inbound, rows[number], first_try=number == 0)


def finish_reply(session: Session, settings: Settings, inbound: Inbound, slot: str) -> bool:
    """Send whatever is still pending of this slot's recorded reply; False when nothing was recorded."""
    rows = _existing(session, inbound, slot)
    for number in sorted(rows):
        _deliver(session, settings, inbound, rows[number], first_try=False)
    return bool(rows)


def _record_intents(session: Session, settings: Settings, inbound: Inbound, slot: str,
                    reply: Reply) -> dict[int, WhatsAppMessage]:
    parts = split_body(reply.body) or [""]
    now = dt.datetime.now(dt.UTC)
    rows: dict[int, WhatsAppMessage] = {}
    for number, body in enumerate(parts):
        message = Message(user_id=inbound.user_id, conversation_id=inbound.conversation_id,
                          content=body, role=MessageRole.assistant)
        session.add(message)
        session.flush()
        meta: dict[str, Any] = {"reply_to": inbound.sid, "slot": slot, "part": number, "parts": len(parts),
                                # the first part is attempted right after this commit
                                "attempted_at": now.isoformat() if number == 0 else None}
        if number == len(parts) - 1 and reply.media_urls:
            meta["media"] = list(reply.media_urls)
        rows[number] = WhatsAppMessage(
            message_id=message.id, whatsapp_message_id=f"{PENDING_PREFIX}{inbound.sid}:{slot}:{number}",
            from_number=settings.twilio_whatsapp_from, to_number=inbound.user_address,
            status=WhatsAppStatus.accepted, raw_webhook=meta,
        )
        session.add(rows[number])
    session.commit()
    return rows


def _deliver(session: Session, settings: Settings, inbound: Inbound, row: WhatsAppMessage, *,
             first_try: bool) -> None:
    if not first_try:
        session.refresh(row)  # a status callback may have given it its SID meanwhile
    if _done(row):
        return
    meta = dict(row.raw_webhook or {})
    body = session.scalar(select(Message.content).where(Message.id == row.message_id)) or ""
    if not first_try:
        attempted = _attempted_at(meta)
        if attempted is not None:
            found = _look_up(session, settings, inbound.user_address, body, attempted)
            if found is not None:
                log.info("a reply Twilio created without our knowing was found; not sending it again")
                REPLIES.labels(outcome="recovered").inc()
                _record_sent(session, row, Sent(sid=found.sid, status=found.status))
                return
            settled = attempted + dt.timedelta(seconds=2 * settings.twilio_timeout_seconds)
            if dt.datetime.now(dt.UTC) < settled:
                raise SendError("the last attempt at this reply may still reach Twilio; looking again later",
                                transient=True)
        _set_attempt(session, row, meta, dt.datetime.now(dt.UTC))
    try:
        sent = send_whatsapp(settings, inbound.user_address, body, meta.get("media") or [], reply=str(row.id))
    except SendError as exc:
        REPLIES.labels(outcome="failed").inc()
        if not exc.maybe_sent:
            _set_attempt(session, row, meta, None)  # nothing was created: the retry sends at once
        if exc.transient:
            raise
        log.warning("Twilio refused a reply (%s)", exc)
        row.status = WhatsAppStatus.failed
        row.error_code = exc.code
        session.commit()
        return
    REPLIES.labels(outcome="sent").inc()
    _record_sent(session, row, sent)


def _attempted_at(meta: dict[str, Any]) -> dt.datetime | None:
    value = meta.get("attempted_at")
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return dt.datetime.now(dt.UTC)  # unreadable: assume just now, so it is looked up, not resent


def _set_attempt(session: Session, row: WhatsAppMessage, meta: dict[str, Any], when: dt.datetime | None) -> None:
    meta["attempted_at"] = when.isoformat() if when else None
    row.raw_webhook = dict(meta)
    session.commit()


def _look_up(session: Session, settings: Settings, to: str, body: str, attempted: dt.datetime) -> Listed | None:
    """The message Twilio created for this part, if any: same text, to this user, created after the
    attempt, and not already recorded as another reply."""
    listed = recent_messages(settings, to)
    known = set(session.scalars(select(WhatsAppMessage.whatsapp_message_id).where(
        WhatsAppMessage.whatsapp_message_id.in_([m.sid for m in listed]))))
    since = attempted - CLOCK_SKEW
    matches = [m for m in listed if m.sid not in known and m.body.strip() == body.strip()
               and (m.created is None or m.created >= since)]
    return min(matches, key=lambda m: m.created or attempted) if matches else None


def _record_sent(session: Session, row: WhatsAppMessage, sent: Sent) -> None:
    # A status callback may already have moved the row past "queued": only an untouched status is set.
    session.execute(
        update(WhatsAppMessage).where(WhatsAppMessage.id == row.id)
        .values(whatsapp_message_id=sent.sid,
                status=case((WhatsAppMessage.status == WhatsAppStatus.accepted,
                             literal(_status(sent.status), WhatsAppMessage.__table__.c.status.type)),
                            else_=WhatsAppMessage.status))
        .execution_options(synchronize_session=False)
    )
    session.commit()
    session.refresh(row)


def _status(value: str | None) -> WhatsAppStatus:
    try:
        return WhatsAppStatus(value or "queued")
    except ValueError:
        return WhatsAppStatus.queued
