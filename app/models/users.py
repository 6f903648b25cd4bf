"""The people who write to the assistant."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    CHAR,
    Boolean,
    CheckConstraint,
    DateTime,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, created

if TYPE_CHECKING:
    from app.models.invoices import Invoice


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
    # ISO 4217 code the user said is theirs ("my currency is EUR"); NULL means their number's country's.
    home_currency: Mapped[str | None] = mapped_column(CHAR(3))
    created_at: Mapped[dt.datetime] = created()
    last_activity: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("whatsapp_number"),
        Index(None, "created_at"),
        CheckConstraint(r"whatsapp_number ~ '^\+[1-9][0-9]{6,14}$'", name="whatsapp_number_e164"),
        CheckConstraint("home_currency ~ '^[A-Z]{3}$'", name="home_currency_iso"),
    )

    invoices: Mapped[list[Invoice]] = relationship(back_populates="user", passive_deletes=True)
