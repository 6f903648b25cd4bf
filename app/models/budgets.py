"""Spending budgets and the alerts sent about them."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
    func,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import CURRENCY_CHECK, MONEY, Base, created, updated

BUDGET_PERIODS = ("week", "month", "year")
ALERT_LEVELS = (80, 100)  # 80 stands for "the budget's threshold", whatever percent that is


class Budget(Base):
    __tablename__ = "budgets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    # A category key (built-in or the user's own); NULL is a budget for all spending.
    category: Mapped[str | None] = mapped_column(String(32))
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    period: Mapped[str] = mapped_column(String(8), nullable=False, server_default="month")
    alert_percent: Mapped[int] = mapped_column(SmallInteger, nullable=False, server_default="80")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=true())
    created_at: Mapped[dt.datetime] = created()
    updated_at: Mapped[dt.datetime] = updated()

    __table_args__ = (
        # NULLS NOT DISTINCT: one overall budget per period too (category NULL).
        UniqueConstraint("user_id", "category", "period", postgresql_nulls_not_distinct=True),
        CheckConstraint(f"currency {CURRENCY_CHECK}", name="currency_iso4217"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("period IN ('week', 'month', 'year')", name="period_known"),
        CheckConstraint("alert_percent BETWEEN 1 AND 99", name="alert_percent_range"),
    )


class BudgetAlert(Base):
    """One alert sent: at most one per (budget, period, level), so crossing 80 % twice says it once."""

    __tablename__ = "budget_alerts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"), nullable=False)
    period_start: Mapped[dt.date] = mapped_column(Date, nullable=False)
    level: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(),
                                                 nullable=False)

    __table_args__ = (
        UniqueConstraint("budget_id", "period_start", "level"),
        CheckConstraint("level IN (80, 100)", name="level_known"),
        Index(None, "budget_id"),
    )
