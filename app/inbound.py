"""Storing one inbound WhatsApp message, in one short transaction (no Flask here).

The MessageSid is claimed by the unique constraint on ``whatsapp_messages.whatsapp_message_id``
(``INSERT ... ON CONFLICT DO NOTHING``). Everything else the message creates is written in the same
transaction before the claim, so a duplicate that loses the claim rolls back and leaves no trace: no
second message, media row or job, and not even a touched ``last_activity``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.models import (Conversation, Media, MediaStatus, Message, MessageRole, User, WhatsAppMessage,
                        WhatsAppStatus)
from app.twilio.forms import InboundMessage


@dataclass(frozen=True)
class StoredInbound:
    message_id: int
    user_id: int
    conversation_id: int
    message_sid: str


def content_for(message: InboundMessage) -> str:
    """What the message said, or a placeholder that keeps the conversation history readable."""
    if message.body.strip():
        return message.body
    count = len(message.attachments)
    if count == 1:
        return "[1 attachment]"
    if count > 1:
        return f"[{count} attachments]"
    return "[empty message]"


def is_known_sid(session: Session, sid: str) -> bool:
    """Cheap early answer for redeliveries; the claim below stays the real guarantee."""
    return session.execute(
        select(WhatsAppMessage.id).where(WhatsAppMessage.whatsapp_message_id == sid)
    ).first() is not None


def _upsert_user(session: Session, number: str, name: str | None) -> int:
    stmt = insert(User).values(whatsapp_number=number, name=name, last_activity=func.now())
    stmt = stmt.on_conflict_do_update(
        index_elements=[User.whatsapp_number],
        # A ProfileName is only a display name the user chose; keep the last one WhatsApp told us.
        set_={"last_activity": func.now(), "name": func.coalesce(stmt.excluded.name, User.name)},
    ).returning(User.id)
    return session.execute(stmt).scalar_one()


def _conversation_for(session: Session, user_id: int, idle_hours: float) -> int:
    """The user's current conversation, or a new one when its last message is older than the idle gap."""
    latest = (select(Conversation.id, Conversation.created_at).where(Conversation.user_id == user_id)
              .order_by(Conversation.id.desc()).limit(1).subquery())
    last_message_at = (select(func.max(Message.created_at))
                       .where(Message.conversation_id == latest.c.id).scalar_subquery())
    current = session.execute(
        select(latest.c.id).where(func.coalesce(last_message_at, latest.c.created_at)
                                  >= func.now() - dt.timedelta(hours=idle_hours))
    ).scalar()
    if current is not None:
        return current
    return session.execute(
        insert(Conversation).values(user_id=user_id).returning(Conversation.id)
    ).scalar_one()


def store_inbound(session: Session, message: InboundMessage, raw_webhook: dict[str, Any],
                  idle_hours: float) -> StoredInbound | None:
    """Store the message and commit; None (and nothing changed) when its MessageSid was already claimed."""
    try:
        user_id = _upsert_user(session, message.sender_number, message.profile_name_clean)
        conversation_id = _conversation_for(session, user_id, idle_hours)
        message_id = session.execute(
            insert(Message).values(user_id=user_id, conversation_id=conversation_id,
                                   content=content_for(message), role=MessageRole.user)
            .returning(Message.id)
        ).scalar_one()
        first = message.attachments[0] if message.attachments else None
        claimed = session.execute(
            insert(WhatsAppMessage).values(
                message_id=message_id, whatsapp_message_id=message.message_sid,
                from_number=message.from_, to_number=message.to, status=WhatsAppStatus.received,
                media_url=first.url if first else None, media_type=first.content_type if first else None,
                raw_webhook=raw_webhook,
            ).on_conflict_do_nothing(index_elements=[WhatsAppMessage.whatsapp_message_id])
            .returning(WhatsAppMessage.id)
        ).first()
        if claimed is None:
            session.rollback()
            return None
        if message.attachments:
            session.execute(insert(Media), [
                {"user_id": user_id, "message_id": message_id, "media_index": a.index,
                 "source_url": a.url, "content_type": a.content_type, "status": MediaStatus.uploaded}
                for a in message.attachments
            ])
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return StoredInbound(message_id, user_id, conversation_id, message.message_sid)


def unprocessed_messages(session: Session, older_than_seconds: int, limit: int = 500) -> list[tuple[int, str]]:
    """``(message_id, MessageSid)`` of inbound messages the worker has not finished, oldest first."""
    rows = session.execute(
        select(Message.id, WhatsAppMessage.whatsapp_message_id)
        .join(WhatsAppMessage, WhatsAppMessage.message_id == Message.id)
        .where(Message.processed_at.is_(None), Message.role == MessageRole.user,
               Message.created_at < func.now() - dt.timedelta(seconds=older_than_seconds))
        .order_by(Message.created_at)
        .limit(limit)
    ).all()
    return [(row[0], row[1]) for row in rows]
