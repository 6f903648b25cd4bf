"""Spending questions asked "in EUR": every invoice converted at the ECB reference rate of its date.

The same filters as :mod:`app.conversation.queries` (the question is first resolved there, so an unknown
vendor or category is said back exactly as without conversion), then the amounts are read per invoice and
each is converted with :func:`app.invoices.fx.convert` at its own date's rate and rounded on its own. The
answer always says that it converted and at which rates (the range per currency when several); invoices in
a currency the table lacks are shown apart in their own currency, never converted with a made-up rate.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from sqlalchemy import ColumnElement, case, distinct, func, select
from sqlalchemy.orm import Session

from app.conversation import queries
from app.conversation.answers import date_label
from app.conversation.dates import Period
from app.conversation.matching import resolve_categories
from app.conversation.results import CurrencyTotals, Spending, VendorTotal
from app.i18n.catalogue import text
from app.invoices import fx
from app.models import Invoice


@dataclass
class Converted:
    """What the conversion used: every rate, the currencies it had no rate for, whether the target has any."""

    target: str
    rates: list[fx.Rate] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)

    def amount(self, value: Decimal | None, currency: str, day: dt.date) -> Decimal | None:
        """``value`` in the target currency, or None when the table has no rate for ``currency``."""
        if value is None:
            return None
        try:
            converted, used = fx.convert(value, currency, self.target, day)
        except fx.NoRate:
            self.missing.add(currency)
            return None
        if currency != self.target:
            self.rates.append(used)
        return converted


def target_known(target: str) -> bool:
    return target in fx.currencies()


def _daily(session: Session, user_id: int, result: Spending, *, period: Period | None, currency: str | None,
           timezone: str) -> Sequence[Any]:
    """(currency, day, invoices, total, tax, with total, net, with net) of each invoice ``result`` counted:
    one row per invoice, so each is converted and rounded on its own, as its own document would be."""
    day = queries.invoice_day(timezone)
    filters: list[ColumnElement[bool]] = [*queries.counted(user_id), *queries.in_period(period, timezone)]
    if result.vendors:
        filters.append(Invoice.vendor.in_(result.vendors))
    if currency:
        filters.append(Invoice.currency == currency)
    if result.categories:
        parts = queries.category_amounts(filters, result.categories)
        with_amount = case((parts.c.amount.is_not(None), parts.c.invoice_id))
        rows = session.execute(
            select(parts.c.currency, day, func.count(distinct(parts.c.invoice_id)), func.sum(parts.c.amount),
                   func.count(distinct(with_amount)))
            .join(Invoice, Invoice.id == parts.c.invoice_id).group_by(parts.c.invoice_id, parts.c.currency, day)).all()
        # Tax and net are not itemised: a category has neither.
        return [(cur, when, n, total, None, with_total, None, 0) for cur, when, n, total, with_total in rows]
    net = queries.net_amount()
    return session.execute(
        select(Invoice.currency, day, func.count(Invoice.id), func.sum(Invoice.total_amount),
               func.sum(Invoice.tax_amount), func.count(Invoice.total_amount), func.sum(net), func.count(net))
        .where(*filters).group_by(Invoice.id, Invoice.currency, day)).all()


def spending(session: Session, user_id: int, conv: Converted, *, period: Period | None, vendor: str | None,
             category: str | None, currency: str | None, timezone: str,
             other_vendors: tuple[str, ...] = ()) -> Spending:
    """The spending answer with every convertible amount in ``conv.target`` (one row), and a row per
    currency the table lacks."""
    result = queries.spending(session, user_id, period=period, vendor=vendor, category=category,
                              currency=currency, timezone=timezone, other_vendors=other_vendors)
    if result.unmatched or not result.by_currency:
        return result
    sums: dict[str, list[Any]] = {}
    for cur, day, count, total, tax, with_total, net, with_net in _daily(session, user_id, result, period=period,
                                                                           currency=currency, timezone=timezone):
        values = [conv.amount(v, cur, day) for v in (total, tax, net)]
        key = conv.target if cur not in conv.missing else cur
        row = sums.setdefault(key, [0, None, None, 0, None, 0])
        if key != conv.target:
            values = [total, tax, net]
        row[0] += count
        row[1] = _add(row[1], values[0])
        row[2] = _add(row[2], values[1])
        row[3] += with_total
        row[4] = _add(row[4], values[2])
        row[5] += with_net
    rows = [CurrencyTotals(currency=cur, count=n, total=total or Decimal(0), tax=tax,
                           average=(total / with_total).quantize(fx.minor_unit(cur)) if with_total and total else None,
                           net=net, net_count=with_net)
            for cur, (n, total, tax, with_total, net, with_net) in sums.items()]
    rows.sort(key=lambda r: (r.currency != conv.target, -r.count, r.currency))
    return result.model_copy(update={"by_currency": rows})


def _add(left: Decimal | None, right: Decimal | None) -> Decimal | None:
    return right if left is None else left if right is None else left + right


def top_vendors(session: Session, user_id: int, conv: Converted, *, period: Period | None, limit: int,
                category: str | None, timezone: str) -> list[VendorTotal]:
    """Vendors ranked by what was spent there, all in ``conv.target`` (vendors paid only in a currency the
    table lacks are ranked apart in it)."""
    day = queries.invoice_day(timezone)
    filters = [*queries.counted(user_id), *queries.in_period(period, timezone), Invoice.vendor.is_not(None)]
    if category:
        categories = resolve_categories(category, queries.user_categories(session, user_id))
        if not categories:
            return []
        parts = queries.category_amounts(filters, categories)
        query = select(parts.c.vendor, parts.c.currency, day, func.sum(parts.c.amount),
                       func.count(distinct(parts.c.invoice_id))).join(Invoice, Invoice.id == parts.c.invoice_id) \
            .where(parts.c.amount.is_not(None)).group_by(parts.c.invoice_id, parts.c.vendor, parts.c.currency, day)
    else:
        query = select(Invoice.vendor, Invoice.currency, day, func.sum(Invoice.total_amount), func.count(Invoice.id)) \
            .where(*filters, Invoice.total_amount.is_not(None)).group_by(Invoice.id, Invoice.vendor, Invoice.currency, day)
    totals: dict[tuple[str, str], list[Any]] = {}
    for vendor, cur, when, amount, count in session.execute(query).all():
        converted = conv.amount(amount, cur, when)
        key = (vendor, conv.target) if converted is not None else (vendor, cur)
        row = totals.setdefault(key, [Decimal(0), 0])
        row[0] += converted if converted is not None else amount
        row[1] += count
    ranked = sorted(totals.items(), key=lambda kv: (kv[0][1] != conv.target, kv[0][1], -kv[1][0], kv[0][0]))
    per_currency: dict[str, int] = {}
    out = []
    for (vendor, cur), (amount, count) in ranked:
        per_currency[cur] = per_currency.get(cur, 0) + 1
        if per_currency[cur] <= limit:
            out.append(VendorTotal(vendor=vendor, currency=cur, total=amount, count=count))
    return out


# --- the note -----------------------------------------------------------------------------------------

def note(conv: Converted, language: str, locale: str) -> str:
    """"Converted to EUR at ECB reference rates: 1 USD = 0.9213 EUR (2 Mar 2026); ...", the rates' range per
    currency when several were used, and what could not be converted or used the table's last rate."""
    lines = []
    if conv.rates:
        lines.append(text(language, "fx_converted", currency=conv.target,
                          rates="; ".join(_rate_texts(conv.rates, language, locale))))
    beyond = [r for r in conv.rates if r.beyond]
    if beyond:
        lines.append(text(language, "fx_beyond", date=date_label(max(r.on for r in beyond), locale)))
    if conv.missing:
        lines.append(text(language, "fx_no_rate", currencies=", ".join(sorted(conv.missing))))
    return "\n".join(f"_{line}_" for line in lines)


def _rate_texts(rates: Iterable[fx.Rate], language: str, locale: str) -> list[str]:
    by_source: dict[str, list[fx.Rate]] = {}
    for r in rates:
        by_source.setdefault(r.source, []).append(r)
    out = []
    for source, used in sorted(by_source.items()):
        values = sorted({fx.shown(r.value) for r in used})
        days = sorted({r.on for r in used})
        target = used[0].target
        if len(values) == 1 and len(days) == 1:
            out.append(text(language, "fx_rate", source=source, target=target, rate=_number(values[0], locale),
                            date=date_label(days[0], locale)))
        else:
            out.append(text(language, "fx_rate_range", source=source, target=target,
                            low=_number(values[0], locale), high=_number(values[-1], locale),
                            first=date_label(days[0], locale), last=date_label(days[-1], locale), n=len(days)))
    return out


def _number(value: Decimal, locale: str) -> str:
    return format_decimal(value, format="#,##0.0000######", locale=locale)
