"""Which detected lines get the second (Tesseract) reading: only those where it can change a field.

The second reading (``latin``) costs about a quarter of a photo's OCR time, and on most lines it can
change nothing that is kept: item names do not feed vendor, date, total, tax or currency, and dates,
codes and most amounts are PP-OCR's anyway (the merge never takes Tesseract's digits). What it can
change is accents and word spaces in the header (vendor name, address), a currency sign next to an
amount (on the lines that carry the document's total, or where PP-OCR wrote a look-alike letter next
to the digits), and the words of a line PP-OCR itself doubted. Everything else is read once.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from app.extraction import latin

# The header, where the seller's name and address are printed: the first rows of the page, as many
# as the vendor search looks at (offline/vendor.py SEARCH_ROWS).
HEADER_ROWS = 12
# Lines with the largest amounts: the total, the amount paid and the subtotal, where a currency sign
# is printed if anywhere.
LARGEST_AMOUNTS = 3
# A PP-OCR line score below which its words may be wrong and the second reader may settle them.
DOUBTFUL_SCORE = 0.9
# A sign, or a letter PP-OCR writes for one it does not know, standing alone right before or after
# an amount: "e2.67", "12,50 e", "RS 56,00" (but not the "x" of "2 x 3.50" nor the "M" of "RM").
_LOOKALIKE = "".join(sorted({*latin.CURRENCY_SIGNS, *(c for signs in latin.LOOKALIKES.values() for c in signs)}
                            - set("0123456789")))
_SIGN_SLOT = re.compile(rf"(?<![^\W\d_])[{re.escape(_LOOKALIKE)}]{{1,2}}\s?\d[\d.,']*[.,]\d\d(?!\d)"
                        rf"|\d[.,]\d\d\s?[{re.escape(_LOOKALIKE)}](?![^\W\d_])")
_AMOUNT = re.compile(r"\d[\d.,']*[.,]\d\d(?!\d)")


def _largest_amount(text: str) -> Decimal | None:
    values = []
    for match in _AMOUNT.finditer(text):
        digits = re.sub(r"[^\d]", "", match.group())
        try:
            values.append(Decimal(digits) / 100)
        except InvalidOperation:
            continue
    return max(values, default=None)


def header_end(tops: Sequence[float], heights: Sequence[float], rows: int = HEADER_ROWS) -> float:
    """The top of the ``rows``-th row of text: boxes whose tops are closer than half a typical box
    height share a row (the amount beside its label)."""
    ordered = sorted(tops)
    if not ordered:
        return 0.0
    gap = 0.5 * sorted(heights)[len(heights) // 2]
    count, previous = 1, ordered[0]
    for top in ordered[1:]:
        if top - previous > gap:
            count += 1
            if count > rows:
                return previous
        previous = top
    return ordered[-1]


def lines_to_reread(texts: Sequence[str], scores: Sequence[float], tops: Sequence[float],
                    heights: Sequence[float]) -> set[int]:
    """Indexes of the lines (PP-OCR ``texts`` with their ``scores``, and the ``tops`` and ``heights``
    of their boxes in pixels on the upright page) whose second reading can change a field."""
    if not texts:
        return set()
    header = header_end(tops, heights)
    amounts = {index: _largest_amount(text) for index, text in enumerate(texts)}
    largest = sorted((index for index, value in amounts.items() if value is not None),
                     key=lambda index: amounts[index] or 0, reverse=True)[:LARGEST_AMOUNTS]
    chosen = set(largest)
    for index, (text, score, top) in enumerate(zip(texts, scores, tops, strict=True)):
        if not latin.worth_reading(text):
            continue
        words = any(char.isalpha() for char in text) and (top <= header or score < DOUBTFUL_SCORE)
        if words or _SIGN_SLOT.search(text):
            chosen.add(index)
    return chosen
