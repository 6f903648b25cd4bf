"""Total, tax and subtotal: labelled amounts, cross-checked against each other.

The amount to pay is the hardest field on a receipt: "total" is printed next to quantities, tax
summaries, subtotals and cash tendered. Every labelled amount becomes a candidate with a strength;
payments and change confirm the total (cash - change = total), and subtotal + tax = total raises
confidence.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal

from app.extraction.currencies import is_currency_word
from app.extraction.offline.garbled_totals import garbled_totals, symbol_glued, total_from_parts
from app.extraction.offline.labels import Kind, classify, is_table_heading
from app.extraction.offline.rows import Row, fold
from app.extraction.offline.tax_arithmetic import arithmetic_tax
from app.extraction.offline.taxes import TaxRow, choose_tax
from app.extraction.offline.vat_table import find_vat_table
from app.extraction.parsing import AmountMatch, parse_amount

_ROUNDING = re.compile(r"round|arrondi|redondeo|arredond|afronding|rundung")
_STRENGTH = {Kind.GRAND_TOTAL: 3, Kind.TOTAL: 2, Kind.NET: 1}
_NEVER_TOTAL = frozenset({Kind.TAX, Kind.CHANGE, Kind.NOT_MONEY_TOTAL, Kind.TIP})
# OCR drops or garbles the decimal point: "TOTAL 4150", "TOTAL 52-00", "TOTAL 47 80".
_BROKEN_DECIMAL = re.compile(r"(?<![\d.,])(\d{1,6})(?:[\s\-~'_]|[.,]\s)?(\d{2})\s*$")  # "7 99", "24. 75"
# Currency codes and symbols printed in a cell next to an amount.
_CURRENCY_WORDS = re.compile(r"(?<![A-Za-z])(?:[A-Z]{3}|RM|Rs|kr)(?![A-Za-z])")
# Amounts are money only up to this many cents of rounding difference.
TOLERANCE = Decimal("0.05")
# An amount glued to what OCR left of its currency ("Grand Total M37.50" for RM37.50).
_GLUED_AMOUNT = re.compile(r"(?<![\w.,])[A-Za-z]{1,3}\$?\s?(\d{1,7}[.,]\d{2})\s*$")
# A line of a tax breakdown under its heading: "13.5% on €27.45   €3.26".
_RATE_FIRST = re.compile(r"^\W*\d{1,2}(?:[.,]\d{1,2})?\s?%")


@dataclass
class Labelled:
    kind: Kind
    value: Decimal
    row: Row


@dataclass
class Totals:
    total: Decimal | None = None
    total_confidence: float = 0.0
    tax: Decimal | None = None
    tax_confidence: float = 0.0
    subtotal: Decimal | None = None
    subtotal_confidence: float = 0.0
    # Index of the first row of the summary block, so line items can stop above it.
    first_summary_row: int | None = None
    # Index of the row whose label announces the chosen total.
    total_row: int | None = None


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return min(a[2], b[2]) - max(a[0], b[0])


def column_amounts(header: Row, values: Row, decimal_comma: bool | None) -> list[Labelled]:
    """A row of labels over a row of amounts ("Nettobetrag  MwSt  Endbetrag" / "100,00 19,00 119,00"):
    each amount takes the label of the column above it."""
    if len(header.cells) < 2 or len(values.cells) < 2 or header.amounts:
        return []
    # A table row with a description ("Installation  10  55.54  555.40") is a line item under its
    # column headings, not a row of totals.
    if any(parse_amount(text, decimal_comma=decimal_comma) is None
           and sum(ch.isalpha() for ch in _CURRENCY_WORDS.sub("", text)) >= 3 for text, _ in values.cells):
        return []
    labels = _header_labels(header, values)
    found = []
    for text, box in values.cells:
        value = parse_amount(text, decimal_comma=decimal_comma)
        if value is None:
            continue
        label_text, label_box = max(labels, key=lambda cell: _overlap(cell[1], box))
        if _overlap(label_box, box) <= 0 or "%" in label_text:
            continue
        kind = classify(fold(label_text))
        if kind is not None:
            found.append(Labelled(kind, value, values))
    return found


def _header_labels(header: Row, values: Row) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The header's cells, except that a cell spanning several value columns ("Nettobetrag MwSt-Betrag"
    over "321,40" and "61,07") holds one label per column and is read word by word."""
    labels: list[tuple[str, tuple[float, float, float, float]]] = []
    for index, (text, box) in enumerate(header.cells):
        spanned = sum(1 for _, value_box in values.cells if _overlap(box, value_box) > 0)
        words = header.cell_words[index] if index < len(header.cell_words) else []
        if spanned >= 2 and len(words) >= 2:
            labels.extend(words)
        else:
            labels.append((text, box))
    return labels


def _amount_only(row: Row) -> bool:
    return bool(row.money()) and len(row.label.strip(" $€£¥:-.")) <= 3


def _shared_height(row: Row, other: Row) -> float:
    """The share of the lower of two rows' heights that they have in common (0 when apart)."""
    if row.page != other.page:
        return 0.0
    overlap = min(row.box[3], other.box[3]) - max(row.box[1], other.box[1])
    return max(0.0, overlap) / max(min(row.height, other.height), 1.0)


def amount_beside(rows: list[Row], position: int) -> list[AmountMatch]:
    """The amounts of an unlabelled neighbouring row that shares most of this row's height: one visual line
    that line grouping split in two (a curled receipt whose amount column rides half a line higher)."""
    neighbours = [rows[p] for p in (position - 1, position + 1) if 0 <= p < len(rows) and _amount_only(rows[p])]
    beside = [(share, row) for row in neighbours if (share := _shared_height(rows[position], row)) >= 0.4]
    return max(beside, key=lambda pair: pair[0])[1].money() if beside else []


def labelled_amounts(rows: list[Row], skip: AbstractSet[int] = frozenset()) -> list[Labelled]:
    """Each row whose label names a money field, paired with its amount.

    The amount is the rightmost on the row; a label alone on its row takes the amount of the next
    row when that row has an amount but no label of its own (stacked layouts).
    """
    found = []
    under_tax_heading = False
    consumed: set[int] = set()
    for position, row in enumerate(rows):
        if row.index in skip or row.index in consumed:
            continue
        # A row of column labels over one or more rows of amounts: one row per tax rate, the
        # last row often their sum ("Nettobetrag  MwSt-Betrag  Endbetrag").
        following = position + 1
        while following < len(rows):
            columns = column_amounts(row, rows[following], decimal_comma=None)
            if not columns:
                break
            found.extend(columns)
            consumed.add(rows[following].index)
            following += 1
        if following > position + 1:
            continue
        kind = classify(row.label)
        if under_tax_heading and kind is None and _RATE_FIRST.match(row.folded) and row.money():
            found.append(Labelled(Kind.TAX, row.money()[-1].value, row))
            continue
        under_tax_heading = kind is Kind.TAX and not row.amounts
        if kind is None:
            continue
        amounts = row.money() or amount_beside(rows, position)
        if not amounts and position + 1 < len(rows) and not is_table_heading(row.folded):
            below = rows[position + 1]
            if below.amounts and classify(below.label) is None and (len(below.label.strip()) <= 3
                                                                     or is_currency_word(below.label)):  # "EURO 230,20"
                amounts = below.money()
        if not amounts and kind is Kind.TAX and position > 0:
            # A tax label printed under its amount ("$ 1.17" / "Tax"), the amount's row unlabelled.
            above = rows[position - 1]
            # ... unless that amount sits under a label of its own (a stacked "Subtotal" / "10.00").
            owned = position >= 2 and not rows[position - 2].money() and classify(rows[position - 2].label) is not None
            if above.money() and not above.label.strip(" $€£¥:") and not owned:
                amounts = above.money()
        if not amounts:
            glued = _GLUED_AMOUNT.search(row.text)
            value = parse_amount(glued.group(1)) if glued else None
            if value is not None:
                found.append(Labelled(kind, value, row))
            continue
        found.append(Labelled(kind, amounts[-1].value, row))
    return found


def repaired_totals(rows: list[Row]) -> list[Labelled]:
    """Totals whose decimal point OCR lost, read as cents; only trusted when a payment matches."""
    repaired = []
    for row in rows:
        if row.whole_amounts_are_money or any(a.has_decimals for a in row.amounts):
            continue
        kind = classify(row.label)
        match = _BROKEN_DECIMAL.search(row.text)
        if kind in (Kind.GRAND_TOTAL, Kind.TOTAL) and match:
            repaired.append(Labelled(kind, Decimal(f"{match.group(1)}.{match.group(2)}"), row))
    return repaired


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= TOLERANCE


def _witnessed_payment(rows: list[Row], labelled: list[Labelled], tendered: list[Decimal],
                       change: list[Decimal]) -> Decimal | None:
    """A payment (cash minus change, or an amount tendered) that the printed parts also add up to:
    subtotal minus a discount, or an amount on the page plus a labelled tax. Two independent readings
    agreeing on one amount outweigh a labelled total that nothing confirms."""
    payments = sorted({t - c for t in tendered for c in change if t - c > 0} | set(tendered), reverse=True)
    subtotals = [item.value for item in labelled if item.kind is Kind.SUBTOTAL and item.value > 0]
    deductions = [item.value for item in labelled if item.kind is Kind.NOT_MONEY_TOTAL and item.value > 0
                  and not _ROUNDING.search(item.row.label)]
    taxes = [item.value for item in labelled if item.kind is Kind.TAX and item.value > 0]
    printed = {a.value for row in rows for a in row.money() if a.has_decimals and a.value > 0}
    for payment in payments:
        if any(_close(payment, sub - cut) for sub in subtotals for cut in deductions) or any(
                tax < amount and payment == amount + tax for amount in printed for tax in taxes):
            return payment
    return None


def _subtotal_paid(rows: list[Row], subtotals: list[Decimal], change: list[Decimal]) -> Decimal | None:
    """A receipt whose only sum is a "Zwischensumme", paid in cash: an amount printed below it (the cash
    handed over, whatever its label) minus the change printed is that sum, so it was the amount charged."""
    printed = [a.value for row in rows for a in row.money() if a.has_decimals and a.value > 0]
    for subtotal in subtotals:
        if any(_close(amount - given_back, subtotal) for amount in printed if amount > subtotal for given_back in change):
            return subtotal
    return None


def choose_totals(rows: list[Row]) -> Totals:
    vat_table = find_vat_table(rows)
    labelled = labelled_amounts(rows, vat_table.rows if vat_table else set())
    result = Totals()

    tendered = [item.value for item in labelled if item.kind is Kind.TENDERED and item.value > 0]
    change = [item.value for item in labelled if item.kind is Kind.CHANGE and item.value >= 0]
    # What the customer paid: cash minus change, or a card payment printed for the exact amount.
    paid_minus_change = {t - c for t in tendered for c in change if t - c > 0} | set(tendered)
    if len(tendered) >= 2 and not change:
        # A bill split over two payments (a meal voucher and a card): together they are the total.
        paid_minus_change.add(sum(tendered, Decimal(0)))
    rounding_rows = [row.index for row in rows if _ROUNDING.search(row.label)]

    candidates = [item for item in labelled if item.kind in _STRENGTH and item.value > 0]
    if not candidates:
        # Credit notes print their totals negative.
        candidates = [item for item in labelled if item.kind in _STRENGTH and item.value < 0]
    if not candidates:
        # No total label spelled right: one OCR garbled ("Tatal", "ZU ZAHL EN").
        candidates = [Labelled(kind, value, row) for kind, value, row in garbled_totals(rows)
                      if classify(row.label) is None]
    candidates += [item for item in repaired_totals(rows)
                   if any(_close(item.value, value) for value in paid_minus_change)]
    printed_subtotals = [item.value for item in labelled if item.kind is Kind.SUBTOTAL and item.value > 0]
    printed_taxes = [item.value for item in labelled if item.kind is Kind.TAX and item.value > 0]
    if vat_table is not None:
        printed_taxes.append(vat_table.tax)
    def adds_up(value: Decimal) -> bool:
        return any(_close(sub + tax, value) for sub in printed_subtotals for tax in printed_taxes)

    if candidates:
        def rank(item: Labelled) -> tuple[bool, bool, bool, int, Decimal, int]:
            confirmed = any(_close(item.value, value) for value in paid_minus_change)
            # A total printed under a rounding adjustment is the rounded amount actually paid.
            after_rounding = any(index < item.row.index for index in rounding_rows)
            # Subtotal + tax printed above it add up to it: the amount charged, not a line of a table.
            return (confirmed, after_rounding, adds_up(item.value), _STRENGTH[item.kind], abs(item.value), item.row.index)

        best = max(candidates, key=rank)
        result.total, result.total_row = best.value, best.row.index
        confirmed = any(_close(best.value, value) for value in paid_minus_change if value not in tendered) or any(
            best.value == value for value in tendered)
        result.total_confidence = 0.95 if confirmed else 0.85 if best.kind is Kind.GRAND_TOTAL else 0.75
        if not confirmed:
            # A total OCR misread ("Grand Total 09.69") or a label it garbled: what the customer paid,
            # when the printed parts add up to it as well, is the amount charged.
            witnessed = _witnessed_payment(rows, labelled, tendered, change)
            if witnessed is not None and not _close(witnessed, best.value):
                result.total, result.total_row = witnessed, None
                result.total_confidence, confirmed = 0.9, True
        if not confirmed and not adds_up(result.total) \
                and (unglued := symbol_glued(result.total, printed_subtotals, printed_taxes)) is not None:
            result.total, confirmed = unglued, True
        if not confirmed and rounding_rows:
            # The rounding adjustment was printed but no rounded total: the payment shows it.
            rounded = [value for value in paid_minus_change if abs(value - best.value) <= Decimal("0.10")]
            # ... or a total whose decimal point OCR lost, equal to this one plus or minus the adjustment.
            adjustments = {abs(a.value) for row in rows if row.index in rounding_rows for a in row.money()}
            rounded += [item.value for item in repaired_totals(rows) if item.row.index > best.row.index and any(
                abs(abs(item.value - best.value) - adjustment) < Decimal("0.005") for adjustment in adjustments)]
            if rounded:
                result.total = rounded[0]
        result.first_summary_row = min(item.row.index for item in candidates + [
            item for item in labelled if item.kind in (Kind.SUBTOTAL, Kind.TAX)])
    elif paid_minus_change - set(tendered):
        result.total = max(paid_minus_change - set(tendered))
        result.total_confidence = 0.6
    elif (witnessed := _witnessed_payment(rows, labelled, tendered, change)) is not None:
        result.total, result.total_confidence = witnessed, 0.8
    elif (paid := _subtotal_paid(rows, printed_subtotals, change)) is not None:
        result.total, result.total_confidence = paid, 0.85
    elif (parts := total_from_parts(rows, printed_subtotals, printed_taxes, tendered)) is not None:
        result.total, result.total_confidence = parts, 0.7
    else:
        # No label at all: the amount printed most often near the bottom is the usual total.
        # Amounts labelled as something else (tax, change, savings) are not the total however often printed.
        money = [a.value for row in rows if classify(row.label) not in _NEVER_TOTAL
                 for a in row.money() if a.has_decimals and a.value > 0]
        if money:
            counts = Counter(money)
            # Ties go to the amount printed lowest: the total and its payment come after the subtotal.
            lowest = {value: position for position, value in enumerate(money)}
            value, count = max(counts.items(), key=lambda pair: (pair[1], lowest[pair[0]]))
            if count >= 2:
                result.total, result.total_confidence = value, 0.35

    # Credit notes print every sum negative.
    negative = result.total is not None and result.total < 0
    subtotals = [item for item in labelled if item.kind is Kind.SUBTOTAL and (item.value < 0 if negative else item.value > 0)]
    if not subtotals and result.total is not None:
        # A "net amount" below the total was the pre-tax sum.
        subtotals = [item for item in labelled if item.kind is Kind.NET and 0 < item.value < result.total]
    if result.total is not None:
        subtotals = [item for item in subtotals if abs(item.value) <= abs(result.total) + TOLERANCE]
    if subtotals:
        result.subtotal = subtotals[0].value
        result.subtotal_confidence = 0.7

    taxes = [TaxRow(item.value, item.row.label, item.row.index) for item in labelled if item.kind is Kind.TAX]
    result.tax, result.tax_confidence = choose_tax(
        taxes, result.total, [item.value for item in subtotals], vat_table.tax if vat_table else None,
        arithmetic_tax(rows, result.total))

    if result.total is not None and result.subtotal is not None and result.tax is not None \
            and _close(result.subtotal + result.tax, result.total):
        result.total_confidence = max(result.total_confidence, 0.95)
        result.tax_confidence = result.subtotal_confidence = 0.9
    return result
