"""Total labels OCR garbled ("Tatal", "R TOTAN", "ZU ZAHL EN"), and totals no label announces.

Read only when the document has no total label spelled right: a word one OCR edit away from a total
keyword (keywords of five letters or more, so short words never match everything), words split by a
stray space joined back first; else the amount the printed parts add up to (subtotal + tax printed
below them, or a payment equal to the sum of the amounts above it).
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.extraction.offline.labels import Kind
from app.extraction.offline.rows import Row

_KEYWORDS = {"total": Kind.TOTAL, "totale": Kind.TOTAL, "totaal": Kind.TOTAL, "summe": Kind.TOTAL,
             "gesamt": Kind.TOTAL, "zuzahlen": Kind.GRAND_TOTAL, "montant": Kind.TOTAL, "jumlah": Kind.TOTAL}
_MIN_LENGTH = 5
_TOLERANCE = Decimal("0.01")


def _one_edit(word: str, keyword: str) -> bool:
    """At most one substitution, insertion or deletion between the two words."""
    if abs(len(word) - len(keyword)) > 1:
        return False
    if len(word) == len(keyword):
        return sum(a != b for a, b in zip(word, keyword, strict=True)) <= 1
    short, long = sorted((word, keyword), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def garbled_total_kind(label: str) -> Kind | None:
    """The total keyword a label's words (or two or three of them joined) are one edit away from."""
    words = re.findall(r"[a-z]+", label)
    joined = words + ["".join(words[i:i + 2]) for i in range(len(words) - 1)] + [
        "".join(words[i:i + 3]) for i in range(len(words) - 2)]
    for word in joined:
        if len(word) < _MIN_LENGTH:
            continue
        for keyword, kind in _KEYWORDS.items():
            if _one_edit(word, keyword):
                return kind
    return None


def garbled_totals(rows: list[Row]) -> list[tuple[Kind, Decimal, Row]]:
    found = []
    for row in rows:
        money = row.money()
        kind = garbled_total_kind(row.label) if money else None
        if kind is not None and money[-1].value > 0:
            found.append((kind, money[-1].value, row))
    return found


def total_from_parts(rows: list[Row], subtotals: list[Decimal], taxes: list[Decimal],
                     tendered: list[Decimal]) -> Decimal | None:
    """The amount the printed parts add up to, when no label names the total: subtotal + tax printed on
    a row of its own, or a payment equal to the sum of every amount printed above it."""
    printed = [a.value for row in rows for a in row.money() if a.value > 0]
    for subtotal in subtotals:
        for tax in taxes:
            if any(abs(subtotal + tax - value) <= _TOLERANCE for value in printed):
                return subtotal + tax
    for payment in tendered:
        above: list[Decimal] = []
        for row in rows:
            values = [a.value for a in row.money() if a.value > 0]
            if payment in values and above and sum(above, Decimal(0)) == payment:
                return payment
            above.extend(values[-1:])
    return None


def symbol_glued(total: Decimal, subtotals: list[Decimal], taxes: list[Decimal]) -> Decimal | None:
    """A total whose currency sign OCR read as a leading digit ("₹590.00" as "3590.00", "$12.00" as "512.00"):
    the amount without that digit, when the printed subtotal (plus a printed tax) comes to exactly that."""
    digits = f"{total:f}"
    if total <= 0 or len(digits.split(".")[0]) < 2:
        return None
    rest = Decimal(digits[1:])
    sums = [sub + tax for sub in subtotals for tax in taxes] if taxes else subtotals
    return rest if rest > 0 and any(abs(rest - value) <= _TOLERANCE for value in sums) else None
