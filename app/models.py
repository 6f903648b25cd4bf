"""The data model (see docs/data-model.md for how it differs from the original spec, and why).

Money and quantities are NUMERIC, never float; timestamps are timezone-aware with server defaults and
``updated_at`` is maintained by a database trigger, so it changes on every UPDATE whoever issues it.
Deleting a user cascades to every row of that user; deleting an invoice deletes its items and unlinks
its media.
"""
from __future__ import annotations

import datetime as dt
import enum
import hashlib
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

MONEY = Numeric(18, 3)  # enough scale for 3-decimal currencies (BHD, KWD, TND, ...)
UNIT_PRICE = Numeric(18, 4)  # fuel and utilities are priced per unit with a 4th decimal
QUANTITY = Numeric(18, 4)
COST = Numeric(18, 8)  # per-call LLM costs are fractions of a cent

CURRENCY_CHECK = "~ '^[A-Z]{3}$'"


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def _created() -> Mapped[dt.datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


def _updated() -> Mapped[dt.datetime]:
    return mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


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


class MediaFileType(str, enum.Enum):
    invoice = "invoice"
    receipt = "receipt"
    attachment = "attachment"
    other = "other"


class MediaStatus(str, enum.Enum):
    uploaded = "uploaded"
    processing = "processing"
    processed = "processed"
    failed = "failed"


def _pg_enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    return Enum(enum_cls, name=name, values_callable=lambda e: [m.value for m in e])


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    whatsapp_number: Mapped[str] = mapped_column(String(32), nullable=False)
    name: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))
    # Extra: the language replies are written in (ISO 639-1) and the timezone periods are read in.
    language: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = _created()
    last_activity: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("whatsapp_number"),
        Index(None, "created_at"),
        CheckConstraint(r"whatsapp_number ~ '^\+[1-9][0-9]{6,14}$'", name="whatsapp_number_e164"),
    )

    invoices: Mapped[list[Invoice]] = relationship(back_populates="user", passive_deletes=True)


class Invoice(Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    # Extra: the number the user sees as "#N"; per user, so ids never reveal other users' volume.
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    invoice_number: Mapped[str | None] = mapped_column(String(128))
    invoice_date: Mapped[dt.date | None] = mapped_column(Date)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    vendor: Mapped[str | None] = mapped_column(String(255))
    total_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    tax_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    subtotal: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3), nullable=False, server_default="USD")
    payment_terms: Mapped[str | None] = mapped_column(Text)
    file_url: Mapped[str | None] = mapped_column(Text)
    file_content_type: Mapped[str | None] = mapped_column(String(100))
    raw_data: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    notes: Mapped[str | None] = mapped_column(Text)
    # Extra: a flagged duplicate is stored but not counted until the user keeps it.
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoices.id", ondelete="SET NULL")
    )
    # Extra: soft delete, so "undo" can bring an invoice back; deleted invoices are invisible.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Extra: spending category (a key of app/invoices/categories.py), so a receipt with no readable items
    # still answers "how much on fuel?".
    category: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()

    __table_args__ = (
        UniqueConstraint("user_id", "seq"),
        Index(None, "user_id"),
        Index(None, "user_id", "category"),
        Index(None, "invoice_date", "vendor"),
        Index(None, "total_amount"),
        # The purge of deleted invoices past the undo window (app/invoices/purge.py).
        Index("ix_invoices_deleted_at", "deleted_at", postgresql_where=text("deleted_at IS NOT NULL")),
        CheckConstraint(f"currency {CURRENCY_CHECK}", name="currency_iso4217"),
        CheckConstraint("seq > 0", name="seq_positive"),
    )

    user: Mapped[User] = relationship(back_populates="invoices")
    items: Mapped[list[Item]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Item.id",
    )
    media: Mapped[list[Media]] = relationship(back_populates="invoice", passive_deletes=True)


class Item(Base):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), nullable=False
    )
    description: Mapped[str] = mapped_column(Text, nullable=False)
    quantity: Mapped[Decimal] = mapped_column(QUANTITY, nullable=False, server_default="1")
    unit_price: Mapped[Decimal] = mapped_column(UNIT_PRICE, nullable=False)
    total_price: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    item_category: Mapped[str | None] = mapped_column(String(100))
    item_code: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()

    __table_args__ = (Index(None, "invoice_id"), Index(None, "item_category"))

    invoice: Mapped[Invoice] = relationship(back_populates="items")


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    # Extra: short-term memory (last invoice discussed, pending confirmations).
    state: Mapped[dict[str, Any]] = mapped_column(
        JSONB, nullable=False, server_default=text("'{}'::jsonb")
    )
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()

    __table_args__ = (Index(None, "user_id"), Index(None, "created_at"))


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False
    )
    content: Mapped[str] = mapped_column(Text, nullable=False)
    role: Mapped[MessageRole] = mapped_column(_pg_enum(MessageRole, "message_role"), nullable=False)
    # Extra: when the worker finished with an inbound message; NULL ones are swept and re-enqueued.
    processed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Extra: the per-user rate limit (app/tasks/ratelimit.py). ``admitted_at``: when the limiter let the
    # worker start on it (what the limit counts); ``deferred_until``: when a message over the limit is due.
    admitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    deferred_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = _created()

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
        _pg_enum(WhatsAppStatus, "whatsapp_status"), nullable=False
    )
    media_url: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str | None] = mapped_column(String(100))
    # Extra: Twilio's ErrorCode on failed/undelivered, and the raw inbound webhook for replay.
    error_code: Mapped[int | None] = mapped_column(Integer)
    raw_webhook: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()

    __table_args__ = (
        UniqueConstraint("whatsapp_message_id"),
        UniqueConstraint("message_id"),
        Index(None, "from_number"),
        Index(None, "to_number"),
    )

    message: Mapped[Message] = relationship(back_populates="whatsapp")


class Media(Base):
    __tablename__ = "media"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="SET NULL"))
    # Extra: the inbound message the attachment came with, its position in it and Twilio's URL.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    media_index: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    source_url: Mapped[str | None] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(String(255))
    original_filename: Mapped[str | None] = mapped_column(String(255))
    file_path: Mapped[str | None] = mapped_column(Text)
    file_url: Mapped[str | None] = mapped_column(Text)
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    content_type: Mapped[str | None] = mapped_column(String(100))
    # Extra: SHA-256 of the stored bytes, to recognise the same file sent twice.
    content_hash: Mapped[str | None] = mapped_column(String(64))
    file_type: Mapped[MediaFileType] = mapped_column(
        _pg_enum(MediaFileType, "media_file_type"), nullable=False, server_default="other"
    )
    status: Mapped[MediaStatus] = mapped_column(
        _pg_enum(MediaStatus, "media_status"), nullable=False, server_default="uploaded"
    )
    ocr_text: Mapped[str | None] = mapped_column(Text)
    processing_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()

    __table_args__ = (
        Index(None, "user_id"),
        Index(None, "invoice_id"),
        Index(None, "status"),
        Index(None, "user_id", "content_hash"),
        UniqueConstraint("message_id", "media_index"),
        CheckConstraint("file_size IS NULL OR file_size >= 0", name="file_size_non_negative"),
    )

    invoice: Mapped[Invoice | None] = relationship(back_populates="media")


class ErasedMessageSid(Base):
    """A tombstone per inbound MessageSid of an erased user, so a replayed webhook stores nothing.

    Only the SHA-256 of the SID is kept: nothing here says who the user was or what they sent.
    """

    __tablename__ = "erased_message_sids"

    sid_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[dt.datetime] = _created()

    @staticmethod
    def hash(message_sid: str) -> str:
        """Lower-case hex SHA-256 of the SID's UTF-8 bytes (what ``encode(sha256(...), 'hex')`` gives)."""
        return hashlib.sha256(message_sid.encode()).hexdigest()


class Usage(Base):
    __tablename__ = "usage"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    tokens_in: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    tokens_out: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    usage_type: Mapped[str] = mapped_column(String(32), nullable=False)
    model_name: Mapped[str | None] = mapped_column(String(100))
    cost: Mapped[Decimal | None] = mapped_column(COST)
    created_at: Mapped[dt.datetime] = _created()

    __table_args__ = (
        Index(None, "user_id"),
        Index(None, "created_at"),
        CheckConstraint("tokens_in >= 0 AND tokens_out >= 0", name="tokens_non_negative"),
        CheckConstraint("cost IS NULL OR cost >= 0", name="cost_non_negative"),
    )


TABLES_WITH_UPDATED_AT = ("invoices", "items", "conversations", "whatsapp_messages", "media")
