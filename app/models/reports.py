"""Who wants the monthly report on the 1st, and which month they were last sent."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, func, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class ReportSubscription(Base):
    """One row per user who ever said "send me a monthly report" (or "stop"); no row means off."""

    __tablename__ = "report_subscriptions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    monthly: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False,
                                                    server_default=func.now())
    # The first day of the last month reported on the 1st (or of the month before subscribing), so a
    # month is due once and a new subscriber is not sent the month they subscribed after.
    last_sent_month: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        Index(None, "monthly", postgresql_where=text("monthly")),
        CheckConstraint("last_sent_month IS NULL OR EXTRACT(DAY FROM last_sent_month) = 1",
                        name="last_sent_month_first_day"),
    )
