"""Sending replies through Twilio, exactly once per inbound message and slot, and storing them.

A reply is identified by the inbound MessageSid, a *slot* (which answer of that message: ``t`` for the
text answer, ``d0`` for attachment 0's answer, ``m0`` for a problem with attachment 0, ``rl`` for the
rate-limit notice) and the part number after splitting at 1,600 characters. That identity is stored on the
outbound ``whatsapp_messages`` row (``raw_webhook`` = ``{"reply_to", "slot", "part", "parts"}``), so a retried
job sees what it already sent and sends nothing twice.

Each part is recorded *before* it is sent (status ``accepted``, a provisional ``pending:`` id) and updated
with Twilio's SID after. If the worker dies between Twilio's answer and that update, the retry finds the
part still pending and sends it again: at-least-once in that window of milliseconds, chosen because a
reply the user never gets is worse than, rarely, the same reply twice. Twilio's REST API has no
idempotency key that would close the window.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.domain.reply import Reply
from app.metrics import REPLIES
from app.models import Message, MessageRole, WhatsAppMessage, WhatsAppStatus
from app.replies.twilio_client import SendError, send_whatsapp, split_body

log = logging.getLogger(__name__)

PENDING_PREFIX = "pending:"


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
    # The query matched on raw_webhook's keys, so every row has one.
    return {int((row.raw_webhook or {})["part"]): row for row in rows}


def already_answered(session: Session, inbound: Inbound, slot: str) -> bool:
    """True when this slot's reply was recorded (sent, or refused by Twilio for good)."""
    rows = _existing(session, inbound, slot)
    return bool(rows) and all(not r.whatsapp_message_id.startswith(PENDING_PREFIX)
                              or r.status == WhatsAppStatus.failed for r in rows.values())


def unfinished(session: Session, inbound: Inbound, slot: str) -> bool:
    """True when this slot's reply was recorded but not all of it is sent yet (a retry must finish it)."""
    return bool(_existing(session, inbound, slot)) and not already_answered(session, inbound, slot)


def send_reply(session: Session, settings: Settings, inbound: Inbound, reply: Reply, slot: str) -> None:
    """Send ``reply`` (split if long) unless this slot was already sent; commits after each step.

    Raises :class:`SendError` with ``transient=True`` for failures worth retrying.
    """
    parts = split_body(reply.body) or [""]
    existing = _existing(session, inbound, slot)
    for number, body in enumerate(parts):
        media = list(reply.media_urls) if number == len(parts) - 1 else []
        row = existing.get(number)
        if row is not None and (not row.whatsapp_message_id.startswith(PENDING_PREFIX)
                                or row.status == WhatsAppStatus.failed):
            continue  # sent before (or refused for good): never twice
        if row is None:
            row = _record_intent(session, settings, inbound, slot, number, len(parts), body)
        try:
            sent = send_whatsapp(settings, inbound.user_address, body, media)
        except SendError as exc:
            REPLIES.labels(outcome="failed").inc()
            if exc.transient:
                raise
            log.warning("Twilio refused a reply (%s)", exc)
            row.status = WhatsAppStatus.failed
            row.error_code = exc.code
            session.commit()
            continue
        REPLIES.labels(outcome="sent").inc()
        row.whatsapp_message_id = sent.sid
        row.status = _status(sent.status)
        session.commit()


def _record_intent(session: Session, settings: Settings, inbound: Inbound, slot: str, number: int,
                   total: int, body: str) -> WhatsAppMessage:
    message = Message(user_id=inbound.user_id, conversation_id=inbound.conversation_id,
                      content=body, role=MessageRole.assistant)
    session.add(message)
    session.flush()
    row = WhatsAppMessage(
        message_id=message.id, whatsapp_message_id=f"{PENDING_PREFIX}{inbound.sid}:{slot}:{number}",
        from_number=settings.twilio_whatsapp_from, to_number=inbound.user_address,
        status=WhatsAppStatus.accepted,
        raw_webhook={"reply_to": inbound.sid, "slot": slot, "part": number, "parts": total},
    )
    session.add(row)
    session.commit()
    return row


def _status(value: str | None) -> WhatsAppStatus:
    try:
        return WhatsAppStatus(value or "queued")
    except ValueError:
        return WhatsAppStatus.queued
