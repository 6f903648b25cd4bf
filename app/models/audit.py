"""The audit trail: one row per change to an invoice, with who made it, when, and the old and new value."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, created

# Who changed it: the user (a message or an OpenAI tool call for them), the assistant reading a document,
# a rule the user taught (a learned category), or the system (reminders, purges, conversions).
ACTORS = ("user", "extraction", "rule", "system")


class InvoiceEvent(Base):
    __tablename__ = "invoice_events"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    # SET NULL, with the "#N" kept beside it, so the history outlives the purge of a deleted invoice.
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="SET NULL"))
    invoice_seq: Mapped[int] = mapped_column(Integer, nullable=False)
    # One of app/invoices/audit.py ACTIONS (what happened), e.g. "corrected" or "paid".
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    field: Mapped[str | None] = mapped_column(String(32))
    # Values as text in a stable form (Decimal as "12.50", dates ISO), so any field fits one column pair.
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(16), nullable=False)
    # The inbound message that asked for the change, when one did.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[dt.datetime] = created()

    __table_args__ = (
        Index(None, "user_id", "invoice_seq", "created_at"),
        Index(None, "invoice_id"),
        CheckConstraint("actor IN ('user', 'extraction', 'rule', 'system')", name="actor_known"),
    )
