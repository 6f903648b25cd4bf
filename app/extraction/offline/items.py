"""Line items from the table between the header and the totals.

An item row has a description with letters and ends in a money amount; quantity and unit price are
taken from the numbers before it when they multiply out to the line total. Receipts often print an
item over two rows (code and name, then quantity and prices), so a numbers-only row borrows the
description of the text-only row above it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.extraction.currencies import ISO_CODES
from app.extraction.offline.labels import classify
from app.extraction.offline.rows import Row
from app.extraction.parsing import parse_amount
from app.extraction.types import LineItem

# A quantity right before the prices: "Nails 2 x | 3.50 7.00", "2x | 1.00 2.00", "3 pcs | 9.00".
_QTY_TIMES = re.compile(r"(?<![\d.,])(\d{1,4}(?:[.,]\d{1,3})?)\s*(?:x|X|×|\*|@|pcs|pc|un|st|stk)\s*$")
_CODE = re.compile(r"^\s*(\d{4,14}|[A-Z]{1,4}[-]?\d{3,12})\b")
_NOT_ITEM = re.compile(
    r"(?<![a-z])(?:tel|fax|gst\s*(?:id|no|reg)|reg\.?\s*no|date|time|cashier|table|invoice|receipt|"
    r"qty|quantity|description|amount|price|tax\s*code|page|tarikh|masa)(?![a-z])"
)
MAX_ITEMS = 200
_CURRENCY_CODE = re.compile(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])")
# A tax code printed after the line total: "SR", "ZR", "z", "T", "*".
_TAX_CODE_TAIL = re.compile(r"(?:\s+[A-Za-z]{1,2}\*?|\s*\*)\s*$")
# "@2X RM24.35", "3 x 7.50": the quantity and unit price of the item on the row above.
_DETAIL_LINE = re.compile(r"^\W*@?\s*(\d{1,4})\s*[xX×*@]")


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _split_numbers(row: Row) -> tuple[str, list[Decimal]]:
    """Description and the block of numbers printed after it (quantity, prices).

    The number block starts after the last letter that is not part of an amount ("RM48.70") or a
    trailing tax code ("SR", "z"); numbers inside the description ("2*1KG", item codes) stay there.
    """
    text = _TAX_CODE_TAIL.sub("", row.text)
    inside_amounts = {i for a in row.amounts for i in range(a.start, a.end)}
    # A currency code printed after a price ("55.54 USD", "1'985.20 CHF") belongs to the amount.
    inside_amounts |= {i for code in _CURRENCY_CODE.finditer(text)
                       if code.group(0) in ISO_CODES for i in range(code.start(), code.end())}
    letters = [i for i, ch in enumerate(text) if ch.isalpha() and i not in inside_amounts]
    after = letters[-1] if letters else -1
    trailing = [a for a in row.amounts if a.start > after and a.end <= len(text)]
    if not trailing:
        return row.text, []
    return text[: trailing[0].start], [a.value for a in trailing]


def _price_parts(numbers: list[Decimal], description: str) -> tuple[Decimal, Decimal | None, Decimal]:
    """(quantity, unit price, line total) from the numbers on an item row."""
    total = numbers[-1]
    quantity_match = _QTY_TIMES.search(description)
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
    last_item_row = -2
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
        raw_description = description
        if not numbers:
            continue
        detail = _DETAIL_LINE.match(row.text)
        if detail and _letters(description) <= 4 and pending_text is None and last_item_row == row.index - 1:
            if items and items[-1].total_price is not None:
                quantity = Decimal(detail.group(1))
                if quantity > 0 and abs(quantity * numbers[-1] - items[-1].total_price) <= Decimal("0.02"):
                    items[-1].quantity, items[-1].unit_price = quantity, numbers[-1]
            pending_text = None
            continue
        code = None
        if _letters(description) < 2 and pending_text is not None:
            description = pending_text.text + " " + description
        code_match = _CODE.match(description)
        if code_match:
            code = code_match.group(1)
            description = description[code_match.end():]
        # A quantity printed before the prices belongs to the numbers, not the name: "Green Tea 2x".
        description = re.sub(r"\s+\d{1,4}\s*[xX×]\s*$", "", description)
        description = re.sub(r"\s+", " ", description).strip(" :-*#.")
        pending_text = None
        if _letters(description) < 2:
            continue
        quantity, unit, total = _price_parts(numbers, raw_description)
        if total <= 0:
            continue
        last_item_row = row.index
        items.append(LineItem(description=description[:200], quantity=quantity, unit_price=unit,
                              total_price=total, item_code=code))
        if len(items) >= MAX_ITEMS:
            break
    return items
