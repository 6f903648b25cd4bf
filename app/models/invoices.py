"""Invoices and their line items."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import CURRENCY_CHECK, MONEY, QUANTITY, UNIT_PRICE, Base, created, updated
from app.models.payments import PaymentStatus, payment_status_column

if TYPE_CHECKING:
    from app.models.media import Media
    from app.models.users import User


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
    # Extra: paid / unpaid / overdue (app/conversation/payment_actions.py, app/tasks/reminders.py).
    payment_status: Mapped[PaymentStatus] = payment_status_column()
    paid_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Extra: how sure the category is (0..1) and who decided it: the extraction, a rule learned from the
    # user's corrections, the user, or the caption sent with the document.
    category_confidence: Mapped[Decimal | None] = mapped_column(Numeric(4, 3))
    category_source: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = created()
    updated_at: Mapped[dt.datetime] = updated()

    __table_args__ = (
        UniqueConstraint("user_id", "seq"),
        Index(None, "user_id"),
        Index(None, "user_id", "category"),
        Index(None, "invoice_date", "vendor"),
        Index(None, "total_amount"),
        # The purge of deleted invoices past the undo window (app/invoices/purge.py).
        Index("ix_invoices_deleted_at", "deleted_at", postgresql_where=text("deleted_at IS NOT NULL")),
        # What is owed and what the reminder pass looks at: unpaid invoices with a due date.
        Index("ix_invoices_due_unpaid", "due_date", postgresql_where=text("payment_status <> 'paid' AND due_date IS NOT NULL")),
        CheckConstraint(f"currency {CURRENCY_CHECK}", name="currency_iso4217"),
        CheckConstraint("seq > 0", name="seq_positive"),
        CheckConstraint("category_source IN ('extraction', 'rule', 'user', 'caption')", name="category_source_known"),
        CheckConstraint("category_confidence >= 0 AND category_confidence <= 1", name="category_confidence_range"),
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
    created_at: Mapped[dt.datetime] = created()
    updated_at: Mapped[dt.datetime] = updated()

    __table_args__ = (Index(None, "invoice_id"), Index(None, "item_category"))

    invoice: Mapped[Invoice] = relationship(back_populates="items")
