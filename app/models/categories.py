"""The user's own spending categories and the vendor → category rules learned from their corrections."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, created, updated

CONFIDENCE = Numeric(4, 3)  # 0.000 .. 1.000
CATEGORY_SOURCES = ("extraction", "rule", "user", "caption")


class UserCategory(Base):
    """A category a user created ("create category Marketing"); ``key`` is what invoices store."""

    __tablename__ = "user_categories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    key: Mapped[str] = mapped_column(String(32), nullable=False)
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    created_at: Mapped[dt.datetime] = created()

    __table_args__ = (
        UniqueConstraint("user_id", "key"),
        CheckConstraint("key ~ '^[a-z0-9_]{1,32}$'", name="key_slug"),
    )


class CategoryRule(Base):
    """"Invoices from this vendor are <category>", learned from the user's corrections, for that user only."""

    __tablename__ = "category_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    # app/invoices/store.py vendor_key: case, accents and punctuation ignored.
    vendor_key: Mapped[str] = mapped_column(String(255), nullable=False)
    category: Mapped[str] = mapped_column(String(32), nullable=False)
    confidence: Mapped[Decimal] = mapped_column(CONFIDENCE, nullable=False)
    hits: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    source: Mapped[str] = mapped_column(String(16), nullable=False, server_default="correction")
    created_at: Mapped[dt.datetime] = created()
    updated_at: Mapped[dt.datetime] = updated()

    __table_args__ = (
        UniqueConstraint("user_id", "vendor_key"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence_range"),
        CheckConstraint("hits > 0", name="hits_positive"),
        CheckConstraint("vendor_key <> ''", name="vendor_key_not_empty"),
    )
