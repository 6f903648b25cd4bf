"""Which printed tax amount is the document's tax: the one that fits the total.

A receipt prints tax in several places: one row per rate ("CGST 2.5%", "SGST 2.5%"), a row summing
them ("SUMA PTU", "Total tax"), a VAT summary table, and the taxable amount next to its rate ("TAX AMT
(S) 6% RM 13.30"). Each reading (a single row, the sum of the rate rows, the summing row, the
table) is checked against the rest of the document: subtotal + tax = total, or tax = total x rate /
(100 + rate) for the rate printed on its row. A reading that fits wins; otherwise a summing row or a
table beats the sum of rate rows, which beats a single row. A tax above a quarter of the total is not
a tax at any real VAT/GST rate (27 % at most, 21 % of the gross) and is never chosen.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

_RATE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,3})?)\s?%")
# "Total tax", "SUMA PTU", "Steuerbetrag", "VAT amount": a row stating the document's whole tax.
_SUMMING = re.compile(r"(?<![a-z])(?:total|totale|summe|suma|summa|jumlah|gesamt|totaal|sum)(?![a-z])"
                      r"|(?:steuer|tax|vat|gst|mwst|tva|iva|btw)\s*-?\s*(?:betrag|amount|amt)|montant\s*(?:de\s*la\s*)?tva"
                      r"|(?:importe|cuota|valor)\s*(?:del?\s*)?(?:iva|impuesto)")
# The tax contained in the total ("di cui IVA", "Betrag enthält", "dont TVA"): the whole tax when no rate
# is printed with it, one rate's share when one is ("dont TVA 10%").
_CONTAINED = re.compile(r"di\s*cui|enthalt|(?<![a-z])(?:dont|davon|waarvan|of\s*which)(?![a-z])|incluid[oa]|inclui(?![a-z])")
MAX_TAX_SHARE = Decimal("0.25")
# Brazil's "Valor aproximado dos tributos" is every tax in the price (federal, state, municipal), which
# may pass a VAT rate's share; validate.py still refuses more than 30 % of the total.
_BURDEN = re.compile(r"(?<![a-z])tributos(?![a-z])|valor\s*aprox")
BURDEN_SHARE = Decimal("0.3")
# Priority of the tax the rate rows' arithmetic settles (tax_arithmetic.py): it fits by construction.
_ARITHMETIC = 4


@dataclass(frozen=True)
class TaxRow:
    value: Decimal
    label: str  # folded label text of the row
    row: int


def rate_of(label: str) -> Decimal | None:
    match = _RATE.search(label)
    if not match:
        return None
    rate = Decimal(match.group(1).replace(",", "."))
    return rate if 0 < rate <= 30 else None


def _fits(value: Decimal, total: Decimal | None, subtotals: list[Decimal], rate: Decimal | None) -> bool:
    if total is None:
        return False
    tolerance = Decimal("0.02") + abs(total) * Decimal("0.0005")
    if any(abs(subtotal + value - total) <= tolerance for subtotal in subtotals):
        return True
    if rate is not None:
        included = total * rate / (100 + rate)
        on_net = [subtotal * rate / 100 for subtotal in subtotals]
        return any(abs(expected - value) <= tolerance + value * Decimal("0.01") for expected in [included, *on_net])
    return False


def _plausible(value: Decimal, total: Decimal | None, share: Decimal = MAX_TAX_SHARE) -> bool:
    return total is None or total == 0 or abs(value) <= abs(total) * share


def choose_tax(rows: list[TaxRow], total: Decimal | None, subtotals: list[Decimal],
               table_tax: Decimal | None, arithmetic: Decimal | None = None) -> tuple[Decimal | None, float]:
    """(tax, confidence), or (None, 0) when no printed tax fits."""
    # Each reading: the amount, how much a row of its kind is trusted, the rate printed with it.
    readings: list[tuple[Decimal, int, Decimal | None]] = [(item.value, 1, rate_of(item.label)) for item in rows]
    summing = [item for item in rows if _SUMMING.search(item.label)
               or (_CONTAINED.search(item.label) and rate_of(item.label) is None)]
    readings.extend((item.value, 3, rate_of(item.label)) for item in summing)
    if table_tax is not None:
        readings.append((table_tax, 3, None))
    if arithmetic is not None:
        readings.append((arithmetic, _ARITHMETIC, None))
    per_rate = _rate_rows(item for item in rows if item not in summing)
    if len(per_rate) >= 2:
        rates = [rate for rate in (rate_of(item.label) for item in per_rate) if rate is not None]
        # CGST + SGST: two halves of one rate, printed on two rows.
        combined = sum(rates, Decimal(0)) if len(rates) == len(per_rate) and len(set(rates)) == 1 else None
        readings.append((sum((item.value for item in per_rate), Decimal(0)), 2, combined))
    # Credit notes print their tax negative, like their total.
    negative = total is not None and total < 0
    readings = [reading for reading in readings
                if (reading[0] <= 0 if negative else reading[0] >= 0) and _plausible(reading[0], total, max(
                    [BURDEN_SHARE for item in rows if item.value == reading[0] and _BURDEN.search(item.label)],
                    default=MAX_TAX_SHARE))]
    if not readings:
        return None, 0.0
    def fits(reading: tuple[Decimal, int, Decimal | None]) -> bool:
        return reading[1] == _ARITHMETIC or _fits(reading[0], total, subtotals, reading[2])

    def stated(reading: tuple[Decimal, int, Decimal | None]) -> bool:
        # A row labelled as the whole tax (or a VAT table) whose amount makes the printed net add up
        # to the total is two printed figures agreeing; a rate row's arithmetic may be another levy
        # inside the price ("Enthält 16,34 % Versicherungssteuer" on a VAT-exempt insurance bill).
        return reading[1] == 3 and _fits(reading[0], total, subtotals, None)

    value, priority, rate = max(readings, key=lambda r: (fits(r), stated(r), r[1]))
    if fits((value, priority, rate)):
        return value, 0.9
    return value, 0.8 if priority >= 3 else 0.7


def _rate_rows(rows: Iterable[TaxRow]) -> list[TaxRow]:
    """Rows that each print one rate's tax. Two rows with the same amount count twice only when both
    name their rate and their labels differ ("CGST @ 2.5%" and "SGST @ 2.5%"); otherwise the second
    restates the first (a summary table repeating the tax row)."""
    kept: list[TaxRow] = []
    for item in rows:
        same = [other for other in kept if other.value == item.value]
        if same and not all(rate_of(other.label) and rate_of(item.label) and other.label != item.label
                            for other in same):
            continue
        kept.append(item)
    return kept
