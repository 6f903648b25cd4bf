"""Line items from the table between the header and the totals.

An item row has a description with letters and ends in a money amount; quantity and unit price are
taken from the numbers before it when they multiply out to the line total. Receipts often print an
item over two rows (code and name, then quantity and prices), so a numbers-only row borrows the
description of the text-only row above it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.extraction.offline.labels import classify
from app.extraction.offline.rows import Row
from app.extraction.parsing import parse_amount
from app.extraction.types import LineItem

_QTY_TIMES = re.compile(r"(?<![\d.,])(\d{1,4}(?:[.,]\d{1,3})?)\s*(?:x|X|\*|@|pcs|pc|un|st|stk)(?![a-wyz])")
_CODE = re.compile(r"^\s*(\d{4,14}|[A-Z]{1,4}[-]?\d{3,12})\b")
_NOT_ITEM = re.compile(
    r"(?<![a-z])(?:tel|fax|gst\s*(?:id|no|reg)|reg\.?\s*no|date|time|cashier|table|invoice|receipt|"
    r"qty|quantity|description|amount|price|tax\s*code|page|tarikh|masa)(?![a-z])"
)
MAX_ITEMS = 200


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _split_numbers(row: Row) -> tuple[str, list[Decimal]]:
    """Description (text before the first number block) and the numbers after it."""
    amounts = row.amounts
    first = amounts[0].start if amounts else len(row.text)
    return row.text[:first], [a.value for a in amounts]


def _price_parts(numbers: list[Decimal], text: str) -> tuple[Decimal, Decimal | None, Decimal]:
    """(quantity, unit price, line total) from the numbers on an item row."""
    total = numbers[-1]
    quantity_match = _QTY_TIMES.search(text)
    if quantity_match:
        quantity = parse_amount(quantity_match.group(1)) or Decimal(1)
        if quantity > 0:
            return quantity, (total / quantity).quantize(Decimal("0.01")), total
    earlier = numbers[:-1]
    for i, quantity in enumerate(earlier):
        for unit in earlier[i + 1:]:
            if quantity > 0 and unit > 0 and abs(quantity * unit - total) <= Decimal("0.02"):
                return quantity, unit, total
    if earlier and earlier[-1] == total:
        return Decimal(1), total, total
    if len(earlier) == 1 and earlier[0] > 0 and earlier[0] == earlier[0].to_integral_value() and earlier[0] < 1000:
        quantity = earlier[0]
        return quantity, (total / quantity).quantize(Decimal("0.01")), total
    return Decimal(1), total, total


def find_items(rows: list[Row], stop_row: int | None) -> list[LineItem]:
    items: list[LineItem] = []
    pending_text: Row | None = None
    end = stop_row if stop_row is not None else len(rows)
    for row in rows[:end]:
        if row.dates or _NOT_ITEM.search(row.folded) or classify(row.label) is not None:
            pending_text = None
            continue
        money = [a for a in row.amounts if a.has_decimals]
        if not money or row.amounts[-1] is not money[-1]:
            # Text-only rows may be the first half of a two-row item.
            pending_text = row if _letters(row.text) >= 3 and not row.amounts else None
            continue
        description, numbers = _split_numbers(row)
        code = None
        if _letters(description) < 2 and pending_text is not None:
            description = pending_text.text + " " + description
        code_match = _CODE.match(description)
        if code_match:
            code = code_match.group(1)
            description = description[code_match.end():]
        description = re.sub(r"\s+", " ", description).strip(" :-*#.")
        pending_text = None
        if _letters(description) < 2:
            continue
        quantity, unit, total = _price_parts(numbers, row.text)
        if total <= 0:
            continue
        items.append(LineItem(description=description[:200], quantity=quantity, unit_price=unit,
                              total_price=total, item_code=code))
        if len(items) >= MAX_ITEMS:
            break
    return items
