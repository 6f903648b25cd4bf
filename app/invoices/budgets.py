"""Spending budgets: set, replace and remove them, how each stands this period, and the alert a new invoice
brings when it crosses a budget's threshold (default 80 %) or 100 %.

A budget is per user, per category (or overall when ``category`` is None) and per period (week, month,
year), in one currency. Its spending is the total of the user's counted invoices (live, not a flagged
duplicate) in that currency whose category is the budget's, dated in the current period in the user's
timezone (an invoice without a printed date counts on the day it arrived). Invoices in other currencies are
never converted: they are left out, and :class:`BudgetStatus` says how many.

Alerts are sent once per (budget, period, level): ``budget_alerts`` has a unique row for each, inserted with
ON CONFLICT DO NOTHING, so two documents stored at once cannot both announce the same crossing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, Date, cast, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.config import get_settings
from app.models import Budget, BudgetAlert, Invoice, User

PERIODS = ("week", "month", "year")
DEFAULT_ALERT_PERCENT = 80
MAX_BUDGETS = 50  # per user: a budget per category and period is plenty
MAX_AMOUNT = Decimal("1e15")  # NUMERIC(18,3) holds less than 10^15


@dataclass(frozen=True)
class BudgetStatus:
    budget_id: int
    category: str | None
    period: str
    start: dt.date
    end: dt.date  # exclusive
    amount: Decimal
    currency: str
    spent: Decimal
    alert_percent: int
    # Invoices of this budget's category and period in other currencies: left out, never converted.
    other_currencies: dict[str, int] = field(default_factory=dict)

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.spent

    @property
    def percent(self) -> int:
        return int((self.spent * 100 / self.amount).to_integral_value(rounding="ROUND_FLOOR"))


@dataclass(frozen=True)
class Alert:
    """A budget the new invoice took past its threshold (``level`` 80) or past 100 % (``level`` 100)."""

    status: BudgetStatus
    level: int


class BudgetError(ValueError):
    """A budget that cannot be set: ``code`` is ``invalid_amount``, ``invalid_period`` or ``too_many_budgets``."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def user_zone(user: User, default_timezone: str | None = None) -> ZoneInfo:
    for name in (user.timezone, default_timezone or get_settings().default_timezone, "UTC"):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The week (Monday first), month or year holding ``day``: its first day and the day after its last."""
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=7)
    if period == "year":
        return day.replace(month=1, day=1), day.replace(year=day.year + 1, month=1, day=1)
    if period == "month":
        start = day.replace(day=1)
        return start, (start + dt.timedelta(days=32)).replace(day=1)
    raise BudgetError("invalid_period")


def _invoice_day(zone: ZoneInfo) -> ColumnElement[dt.date]:
    return func.coalesce(Invoice.invoice_date, cast(func.timezone(zone.key, Invoice.created_at), Date))


def _budget(session: Session, user_id: int, category: str | None, period: str) -> Budget | None:
    same_category = Budget.category.is_(None) if category is None else Budget.category == category
    return session.scalar(select(Budget).where(Budget.user_id == user_id, same_category, Budget.period == period)
                          .with_for_update())


def set_budget(session: Session, user_id: int, *, amount: Decimal, currency: str, category: str | None,
               period: str = "month", alert_percent: int | None = None,
               today: dt.date) -> tuple[Budget, bool]:
    """Create the user's budget for ``category`` and ``period`` or replace its amount; True when it replaced
    one. Replacing clears this period's alerts, so the new amount can warn again. The caller commits."""
    if period not in PERIODS:
        raise BudgetError("invalid_period")
    if not (Decimal(0) < amount < MAX_AMOUNT):
        raise BudgetError("invalid_amount")
    percent = alert_percent if alert_percent is not None else DEFAULT_ALERT_PERCENT
    if not 1 <= percent <= 99:
        raise BudgetError("invalid_percent")
    budget = _budget(session, user_id, category, period)
    replaced = budget is not None and budget.active
    if budget is None:
        active = session.scalar(select(func.count(Budget.id)).where(Budget.user_id == user_id, Budget.active))
        if (active or 0) >= MAX_BUDGETS:
            raise BudgetError("too_many_budgets")
        budget = Budget(user_id=user_id, category=category, period=period, amount=amount, currency=currency,
                        alert_percent=percent)
        session.add(budget)
    else:
        budget.amount, budget.currency, budget.active = amount, currency, True
        if alert_percent is not None:
            budget.alert_percent = alert_percent
        start, _ = period_bounds(period, today)
        session.execute(delete(BudgetAlert).where(BudgetAlert.budget_id == budget.id,
                                                  BudgetAlert.period_start >= start))
    session.flush()
    return budget, replaced


def remove_budget(session: Session, user_id: int, *, category: str | None, period: str | None = None) -> int:
    """Switch off the user's budgets for ``category`` (any period unless one is given); how many."""
    same_category = Budget.category.is_(None) if category is None else Budget.category == category
    query = select(Budget).where(Budget.user_id == user_id, same_category, Budget.active)
    if period is not None:
        query = query.where(Budget.period == period)
    budgets = list(session.scalars(query))
    for budget in budgets:
        budget.active = False
    session.flush()
    return len(budgets)


def _status(session: Session, budget: Budget, today: dt.date, zone: ZoneInfo) -> BudgetStatus:
    start, end = period_bounds(budget.period, today)
    day = _invoice_day(zone)
    filters = [Invoice.user_id == budget.user_id, Invoice.deleted_at.is_(None), Invoice.duplicate_of_id.is_(None),
               day >= start, day < end, Invoice.total_amount.is_not(None)]
    if budget.category is not None:
        filters.append(Invoice.category == budget.category)
    rows = session.execute(select(Invoice.currency, func.sum(Invoice.total_amount), func.count(Invoice.id))
                           .where(*filters).group_by(Invoice.currency)).all()
    spent = sum((total or Decimal(0) for currency, total, _ in rows if currency == budget.currency), Decimal(0))
    others = {currency: count for currency, _, count in rows if currency != budget.currency}
    return BudgetStatus(budget_id=budget.id, category=budget.category, period=budget.period, start=start, end=end,
                        amount=budget.amount, currency=budget.currency, spent=spent,
                        alert_percent=budget.alert_percent, other_currencies=dict(sorted(others.items())))


def statuses(session: Session, user_id: int, *, now: dt.datetime | None = None,
             default_timezone: str | None = None) -> list[BudgetStatus]:
    """Every active budget of the user and how it stands in its current period (in the user's timezone)."""
    user = session.get_one(User, user_id)
    zone = user_zone(user, default_timezone)
    today = (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()
    budgets = session.scalars(select(Budget).where(Budget.user_id == user_id, Budget.active)
                              .order_by(Budget.category.is_not(None), Budget.category, Budget.period)).all()
    return [_status(session, budget, today, zone) for budget in budgets]


def alerts_after_new_invoice(session: Session, invoice: Invoice, *, now: dt.datetime | None = None,
                             default_timezone: str | None = None) -> list[Alert]:
    """The alerts a newly stored invoice brings: for each of the owner's budgets it counts in this period
    (same currency, its category or overall), the highest level reached that was not announced yet this
    period. Recorded here (the caller commits with the reply), so each is said once per period."""
    if invoice.deleted_at is not None or invoice.duplicate_of_id is not None or invoice.total_amount is None:
        return []
    user = session.get_one(User, invoice.user_id)
    zone = user_zone(user, default_timezone)
    today = (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()
    day = invoice.invoice_date or (invoice.created_at or now or dt.datetime.now(dt.UTC)).astimezone(zone).date()
    budgets = session.scalars(select(Budget).where(
        Budget.user_id == invoice.user_id, Budget.active, Budget.currency == invoice.currency,
        (Budget.category.is_(None)) | (Budget.category == invoice.category)).order_by(Budget.id)).all()
    alerts: list[Alert] = []
    for budget in budgets:
        start, end = period_bounds(budget.period, today)
        if not start <= day < end:
            continue  # an old receipt says nothing about this period's budget
        status = _status(session, budget, today, zone)
        reached = [level for level, percent in ((100, 100), (80, budget.alert_percent))
                   if status.spent * 100 >= budget.amount * percent]
        if not reached:
            continue
        announced = [level for level in reached if _record(session, budget.id, start, level)]
        if reached[0] in announced:  # the highest level reached is new: say that one (80 is implied by 100)
            alerts.append(Alert(status, reached[0]))
    return alerts


def _record(session: Session, budget_id: int, period_start: dt.date, level: int) -> bool:
    """Note that ``level`` was announced for this period; False when it already was."""
    inserted = session.execute(
        insert(BudgetAlert).values(budget_id=budget_id, period_start=period_start, level=level)
        .on_conflict_do_nothing(index_elements=["budget_id", "period_start", "level"]).returning(BudgetAlert.id)
    ).first()
    return inserted is not None
