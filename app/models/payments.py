"""Payments and proactive messages: an invoice's payment status, a user's reminder settings, and the
``notifications`` we send without being asked (reminders, reports, alerts), each exactly once."""
from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, created, pg_enum, updated


class PaymentStatus(str, enum.Enum):
    """``overdue`` is stored: the reminder pass moves unpaid invoices past their due date (in the user's
    time zone) to it, and answers also compare the due date with today, so a pass that has not run yet
    never makes an answer wrong."""

    unpaid = "unpaid"
    paid = "paid"
    overdue = "overdue"


class NotificationStatus(str, enum.Enum):
    pending = "pending"  # claimed; being sent, or to be finished by the next pass
    sent = "sent"
    skipped = "skipped"  # deliberately not sent (no template configured outside the 24-hour window)
    failed = "failed"  # Twilio refused it for good


class ReminderSettings(Base):
    """A user's payment reminders; no row means the defaults (REMINDER_DAYS_BEFORE, REMINDER_HOUR)."""

    __tablename__ = "reminder_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))
    # Days before the due date for the "before" reminder; 0 = only on the day and when overdue.
    days_before: Mapped[int] = mapped_column(SmallInteger, nullable=False, server_default=text("3"))
    # Local hour (users.timezone) from which a day's reminders go out.
    hour: Mapped[int] = mapped_column(SmallInteger, nullable=False, server_default=text("9"))
    updated_at: Mapped[dt.datetime] = updated()

    __table_args__ = (
        CheckConstraint("days_before BETWEEN 0 AND 30", name="days_before_range"),
        CheckConstraint("hour BETWEEN 0 AND 23", name="hour_range"),
    )


class Notification(Base):
    """One proactive message. ``key`` is unique ("reminder:<invoice id>:<due date>:before"): the row is
    claimed (inserted) before anything is sent, so retries and concurrent workers send it once."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    key: Mapped[str] = mapped_column(String(200), nullable=False)
    status: Mapped[NotificationStatus] = mapped_column(
        pg_enum(NotificationStatus, "notification_status"), nullable=False, server_default="pending")
    # "text" inside the 24-hour session window, "template" (ContentSid) outside it; set at the first attempt.
    channel: Mapped[str | None] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text, nullable=False)
    # What a retry needs to send the same message: media URLs, template variables.
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default=text("'{}'::jsonb"))
    content_sid: Mapped[str | None] = mapped_column(String(64))
    twilio_sid: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(String(200))
    # When a send was last attempted: set before the request, so a lost answer is looked up, not resent.
    attempted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created()
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("key"),
        Index(None, "user_id", "created_at"),
        Index("ix_notifications_pending", "created_at", postgresql_where=text("status = 'pending'")),
    )


def payment_status_column() -> Mapped[PaymentStatus]:
    return mapped_column(pg_enum(PaymentStatus, "payment_status"), nullable=False, server_default="unpaid")


