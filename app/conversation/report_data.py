"""The figures of a monthly report: totals per currency against the period before, and, in the main
currency, spending by category and by week (by month for periods longer than a quarter) and the top vendors.

Only counted invoices (live, not flagged duplicates) are read, through the same building blocks as every
answer (:mod:`app.conversation.queries`), dated in the user's timezone. Amounts are never added across
currencies: the chart shows the main currency (the one with the most invoices) and says which it leaves out.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.conversation import queries
from app.conversation.dates import Period, week_of
from app.domain.categories import OTHER
from app.models import Invoice, Item

TOP_CATEGORIES = 3
TOP_VENDORS = 3
WEEKS_UP_TO_DAYS = 92  # longer periods are charted by month: 52 weekly bars say nothing on a phone
MAX_CHART_CATEGORIES = 8  # the rest are drawn as one "other" bar


@dataclass(frozen=True)
class ReportData:
    period: Period
    previous: Period
    totals: list[queries.CurrencyTotals]  # this period, per currency, most invoices first
    previous_totals: dict[str, Decimal]  # the period before, per currency
    main_currency: str | None  # None when the period has no invoices
    by_category: list[tuple[str, Decimal]]  # main currency, biggest first
    by_bucket: list[tuple[Period, Decimal]]  # main currency, weeks (or months) in order, empty ones too
    weekly: bool
    top_vendors: list[queries.VendorTotal]  # main currency
    other_currencies: list[str]  # in the period but not in the chart

    @property
    def count(self) -> int:
        return sum(t.count for t in self.totals)


def previous_period(period: Period) -> Period:
    """The month before a whole month; otherwise the same number of days just before."""
    if period.start.day == 1 and period.end == period.start + relativedelta(months=1):
        return Period(start=period.start - relativedelta(months=1), end=period.start)
    return Period(start=period.start - (period.end - period.start), end=period.start)


def buckets(period: Period) -> tuple[list[Period], bool]:
    """The chart's x axis: Monday-to-Sunday weeks cut to the period, or calendar months for long periods."""
    weekly = (period.end - period.start).days <= WEEKS_UP_TO_DAYS
    spans: list[Period] = []
    start = period.start
    while start < period.end:
        end = week_of(start).end if weekly else dt.date(start.year, start.month, 1) + relativedelta(months=1)
        spans.append(Period(start=start, end=min(end, period.end)))
        start = spans[-1].end
    return spans, weekly


def report_data(session: Session, user_id: int, period: Period, *, timezone: str) -> ReportData:
    previous = previous_period(period)
    totals = queries.spending(session, user_id, period=period, timezone=timezone).by_currency
    before = queries.spending(session, user_id, period=previous, timezone=timezone).by_currency
    main = totals[0].currency if totals else None
    spans, weekly = buckets(period)
    by_category: list[tuple[str, Decimal]] = []
    by_bucket = [(span, Decimal(0)) for span in spans]
    vendors: list[queries.VendorTotal] = []
    if main is not None:
        by_category, per_day = _main_currency_amounts(session, user_id, period, timezone, main)
        by_bucket = [(span, sum((a for day, a in per_day if day in span), Decimal(0))) for span in spans]
        vendors = [v for v in queries.top_vendors(session, user_id, period=period, limit=TOP_VENDORS,
                                                  timezone=timezone) if v.currency == main]
    return ReportData(period=period, previous=previous, totals=totals,
                      previous_totals={t.currency: t.total for t in before}, main_currency=main,
                      by_category=by_category, by_bucket=by_bucket, weekly=weekly, top_vendors=vendors,
                      other_currencies=[t.currency for t in totals if t.currency != main])


def _main_currency_amounts(session: Session, user_id: int, period: Period, timezone: str,
                           currency: str) -> tuple[list[tuple[str, Decimal]], list[tuple[dt.date, Decimal]]]:
    """Per category and per day, in ``currency``. An itemised invoice counts each categorised line under
    its category and the rest of its total (tax, lines without a category) under the invoice's own
    category, so the bars add up to the invoices' totals."""
    day = queries.invoice_day(timezone)
    rows: list[tuple[int, dt.date, Decimal, str | None]] = [tuple(r) for r in session.execute(  # type: ignore[misc]
        select(Invoice.id, day, Invoice.total_amount, Invoice.category)
        .where(*queries.counted(user_id), *queries.in_period(period, timezone), Invoice.currency == currency,
               Invoice.total_amount.is_not(None))
    )]
    lines: dict[int, list[tuple[str, Decimal]]] = {}  # categorised lines only (both columns set)
    if rows:
        for invoice_id, category, amount in session.execute(
            select(Item.invoice_id, Item.item_category, Item.total_price)
            .where(Item.invoice_id.in_([r[0] for r in rows]), Item.item_category.is_not(None))
        ):
            lines.setdefault(invoice_id, []).append((category or OTHER, amount))
    per_category: dict[str, Decimal] = {}
    per_day: list[tuple[dt.date, Decimal]] = []
    for invoice_id, invoice_day, total, invoice_category in rows:
        per_day.append((invoice_day, total))
        rest = total
        for category, amount in lines.get(invoice_id, []):
            per_category[category] = per_category.get(category, Decimal(0)) + amount
            rest -= amount
        if rest:
            key = invoice_category or OTHER
            per_category[key] = per_category.get(key, Decimal(0)) + rest
    ranked = sorted(per_category.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked, per_day
