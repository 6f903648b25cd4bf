"""Conversations, their messages and the WhatsApp metadata of each message."""
from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, created, pg_enum, updated


class MessageRole(str, enum.Enum):
    user = "user"
    assistant = "assistant"
    system = "system"


class WhatsAppStatus(str, enum.Enum):
    """Twilio's message statuses that we keep; order of progress lives in ``app/twilio/status.py``."""

    received = "received"
    accepted = "accepted"
    queued = "queued"
    sending = "sending"
    sent = "sent"
    delivered = "delivered"
    read = "read"
    failed = "failed"
    undelivered = "undelivered"



class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    # Extra: short-term memory (last invoice discussed, pending confirmations).
    state: Mapped[dict[str, Any]] = mapped_column(
        JSONB, nullable=False, server_default=text("'{}'::jsonb")
    )
    created_at: Mapped[dt.datetime] = created()
    updated_at: Mapped[dt.datetime] = updated()

    __table_args__ = (Index(None, "user_id"), Index(None, "created_at"))


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False
    )
    content: Mapped[str] = mapped_column(Text, nullable=False)
    role: Mapped[MessageRole] = mapped_column(pg_enum(MessageRole, "message_role"), nullable=False)
    # Extra: when the worker finished with an inbound message; NULL ones are swept and re-enqueued.
    processed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Extra: the per-user rate limit (app/tasks/ratelimit.py). ``admitted_at``: when the limiter let the
    # worker start on it (what the limit counts); ``deferred_until``: when a message over the limit is due.
    admitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    deferred_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created()

    __table_args__ = (
        Index(None, "conversation_id", "created_at"),
        # A user's recent messages (conversation history, the rate limit's waiting messages).
        Index(None, "user_id", "created_at"),
        # What the rate limit counts: the user's messages admitted in the last window.
        Index("ix_messages_user_id_admitted_at", "user_id", "admitted_at",
              postgresql_where=text("admitted_at IS NOT NULL")),
        Index("ix_messages_unprocessed", "created_at",
              postgresql_where=text("processed_at IS NULL AND role = 'user'")),
    )

    whatsapp: Mapped[WhatsAppMessage | None] = relationship(
        back_populates="message", uselist=False, passive_deletes=True
    )


class WhatsAppMessage(Base):
    __tablename__ = "whatsapp_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), nullable=False
    )
    whatsapp_message_id: Mapped[str] = mapped_column(String(64), nullable=False)
    from_number: Mapped[str] = mapped_column(String(64), nullable=False)
    to_number: Mapped[str] = mapped_column(String(64), nullable=False)
    status: Mapped[WhatsAppStatus] = mapped_column(
        pg_enum(WhatsAppStatus, "whatsapp_status"), nullable=False
    )
    media_url: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str | None] = mapped_column(String(100))
    # Extra: Twilio's ErrorCode on failed/undelivered, and the raw inbound webhook for replay.
    error_code: Mapped[int | None] = mapped_column(Integer)
    raw_webhook: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[dt.datetime] = created()
    updated_at: Mapped[dt.datetime] = updated()

    __table_args__ = (
        UniqueConstraint("whatsapp_message_id"),
        UniqueConstraint("message_id"),
        Index(None, "from_number"),
        Index(None, "to_number"),
    )

    message: Mapped[Message] = relationship(back_populates="whatsapp")
