"""The tax of a receipt read from the arithmetic of its rate rows, whatever their labels say.

Receipts print their VAT as small per-rate rows ("B 7% 17,72 1,24 18,96", "E 7,0% 0,36 5,11 5,47",
"1 19,00 % 50,38 9,58", "incl. 19,00% MwSt 18,36") whose headings and labels OCR often garbles
("MvSt", "ohine MwSt", "Mst", "inc1."). The numbers stay honest: the tax is net x rate, or gross x
rate / (100 + rate), and net + tax = gross. A row is read as a tax row only when its amounts obey
that arithmetic, so a garbled word costs nothing and an unrelated row never passes for tax.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from app.extraction.offline.rows import Row

# A rate may follow a point OCR made of a label's "l" ("inc1.19,00% MwSt").
_RATE = re.compile(r"(?<![\d,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")
# Rounding of a tax computed from a net or gross amount, plus one cent of per-line rounding.
_RATE_TOLERANCE = Decimal("0.015")
_SUM_TOLERANCE = Decimal("0.01")
# Without a printed rate, net + tax = gross only counts when tax / net is a real VAT rate.
_MIN_SHARE, _MAX_SHARE = Decimal("0.02"), Decimal("0.30")


@dataclass(frozen=True)
class RateRow:
    tax: Decimal
    gross: Decimal | None
    rated: bool  # the row printed its rate and the tax fits it
    row: int


def _rate(row: Row) -> Decimal | None:
    match = _RATE.search(row.text)
    if not match:
        return None
    rate = Decimal(match.group(1).replace(",", "."))
    return rate if 0 < rate <= 30 else None


def _amounts(row: Row) -> list[Decimal]:
    """The row's money, without the rate itself ("19,00 %" is not an amount)."""
    return [a.value for a in row.amounts if a.has_decimals and a.value > 0
            and not row.text[a.end:a.end + 2].lstrip().startswith("%")]


def _rated(rate: Decimal, values: list[Decimal], total: Decimal | None, row: int) -> RateRow | None:
    """A tax on a row printing its rate: tax = net x rate (net on the row) or gross x rate / (100 + rate)
    (gross on the row, or the document's total for an "incl. 19% MwSt 18,36" line). When OCR lost the
    tax cell, a net and a gross that differ by net x rate give it."""
    share, inclusive = rate / 100, rate / (100 + rate)
    partners = values + ([total] if total is not None and total > 0 else [])
    for tax in values:
        for other in partners:
            if other is tax or other <= tax:
                continue
            # A share of the whole total is a tip or a service charge ("15%=2.03"): a tax inside the total is
            # total x rate / (100 + rate).
            if other in values and abs(tax - other * share) <= _RATE_TOLERANCE:
                gross = other + tax if any(abs(other + tax - v) <= _SUM_TOLERANCE for v in values) else None
                return RateRow(tax, gross, True, row)
            if abs(tax - other * inclusive) <= _RATE_TOLERANCE:
                return RateRow(tax, other, True, row)
    for net in values:
        for gross in values:
            if gross > net and abs((gross - net) - net * share) <= _RATE_TOLERANCE:
                return RateRow(gross - net, gross, True, row)
    return None


def _unrated(values: list[Decimal], row: int) -> RateRow | None:
    """Net, tax and gross with no readable rate ("19名", "72" for "7%"): the last three amounts add up."""
    if len(values) < 3:
        return None
    first, second, gross = values[-3:]
    if abs(first + second - gross) > _SUM_TOLERANCE:
        return None
    net, tax = max(first, second), min(first, second)
    if net <= 0 or not _MIN_SHARE <= tax / net <= _MAX_SHARE:
        return None
    return RateRow(tax, gross, False, row)


def rate_rows(rows: list[Row], total: Decimal | None) -> list[RateRow]:
    found = []
    for row in rows:
        values = _amounts(row)
        if not values:
            continue
        rate = _rate(row)
        reading = _rated(rate, values, total, row.index) if rate is not None else None
        reading = reading or _unrated(values, row.index)
        if reading is not None:
            found.append(reading)
    return found


def _without_restatements(found: list[RateRow]) -> list[RateRow]:
    """Drop a row that restates what came before: the table's sum row ("Summe 0,47 6,69 7,16") or the
    same tax printed twice."""
    kept: list[RateRow] = []
    for reading in found:
        so_far = sum((item.tax for item in kept), Decimal(0))
        if kept and abs(reading.tax - so_far) <= _SUM_TOLERANCE:
            continue
        kept.append(reading)
    return kept


def arithmetic_tax(rows: list[Row], total: Decimal | None) -> Decimal | None:
    """The document's tax from its rate rows, or ``None`` when they do not settle it.

    Rows that print a rate the tax fits are trusted on their own; rows without a readable rate only
    when their gross amounts add up to the total (each rate's row, or the row of their sum)."""
    found = rate_rows(rows, total)
    if not found:
        return None
    if total is not None and total > 0:
        # The sum row of a table: its gross is the total, its tax the document's.
        for reading in found:
            if reading.gross is not None and abs(reading.gross - total) <= _SUM_TOLERANCE and (
                    len(found) == 1 or not reading.rated):
                return reading.tax
        kept = _without_restatements(found)
        grosses = [item.gross for item in kept]
        if all(gross is not None for gross in grosses) and abs(
                sum((g for g in grosses if g is not None), Decimal(0)) - total) <= _SUM_TOLERANCE:
            return sum((item.tax for item in kept), Decimal(0))
    rated = _without_restatements([item for item in found if item.rated])
    if rated and len(rated) == len(_without_restatements(found)):
        return sum((item.tax for item in rated), Decimal(0))
    return None
