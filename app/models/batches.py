"""Bursts of documents: the messages a user sent close together, acknowledged once and summarised once."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, created


class Batch(Base):
    """One burst: its first message carries the "Got it, reading…" acknowledgement, and the message whose
    document finished last carries the combined summary (``summary_message_id``), each in its own reply slot."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    # Arrival times (messages.created_at) of its first and latest message: a message arriving within
    # BATCH_WINDOW_SECONDS of them joins the burst.
    first_arrival: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_arrival: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    ack_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    # Set once the combined summary is decided: the burst is closed, a later document opens a new one.
    summary_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    summarised_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created()

    __table_args__ = (Index(None, "user_id", "last_arrival"),)


class BatchDocument(Base):
    """One attachment of a burst and how it ended (``outcome``: saved, check, duplicate, unreadable, failed)."""

    __tablename__ = "batch_documents"

    media_id: Mapped[int] = mapped_column(ForeignKey("media.id", ondelete="CASCADE"), primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), nullable=False)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), nullable=False)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(16))
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index(None, "batch_id"), Index(None, "message_id"))
