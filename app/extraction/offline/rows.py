"""Visual rows of a document, with their amounts and dates already parsed.

OCR documents arrive grouped into skew-aware visual lines (see ``ocr.py``). PDF text layers often
split a label and its amount into separate lines at the same height, so those are merged here by
vertical overlap of their boxes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from app.extraction.dates import DateMatch, find_dates
from app.extraction.parsing import AmountMatch, find_amounts, strip_accents
from app.extraction.types import TextDocument, TextLine, Word


@dataclass
class Row:
    index: int
    text: str
    page: int
    box: tuple[float, float, float, float]
    confidence: float
    # Lower case, accents stripped: what label patterns are matched against.
    folded: str = ""
    amounts: list[AmountMatch] = field(default_factory=list)
    dates: list[DateMatch] = field(default_factory=list)
    # The separate text-layer lines a row was merged from, left to right, with their boxes: the
    # columns of a table row.
    cells: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)
    # The words of each cell with their boxes, where the reader gave them.
    cell_words: list[list[tuple[str, tuple[float, float, float, float]]]] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]

    @property
    def label(self) -> str:
        """The folded text left of the first amount of money (a quantity may come before the label:
        "Item 3 Total with GST 41.48"): where a row's label lives."""
        if not self.amounts:
            return self.folded
        first = next((a for a in self.amounts if a.has_decimals), self.amounts[0])
        return self.folded[: first.start]

    # False when the document writes its prices with decimals, so a bare "4150" is not money
    # (usually an OCR-dropped decimal point or a quantity).
    whole_amounts_are_money: bool = True

    def money(self) -> list[AmountMatch]:
        """Amounts that look like money (written with decimals), else whole amounts if the document
        prices in whole units (JPY, IDR, ...)."""
        with_decimals = [a for a in self.amounts if a.has_decimals]
        if with_decimals or not self.whole_amounts_are_money:
            return with_decimals
        return self.amounts


def fold(text: str) -> str:
    return strip_accents(text).lower()


def _same_row(a: TextLine, b: TextLine) -> bool:
    if a.page != b.page:
        return False
    top, bottom = max(a.box[1], b.box[1]), min(a.box[3], b.box[3])
    smaller = min(a.box[3] - a.box[1], b.box[3] - b.box[1])
    horizontal_overlap = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
    return smaller > 0 and bottom - top >= 0.6 * smaller and horizontal_overlap <= 0


def merge_into_rows(lines: list[TextLine]) -> list[list[TextLine]]:
    """Group text-layer lines sharing a baseline, in reading order (page, top, left)."""
    ordered = sorted(lines, key=lambda line: (line.page, (line.box[1] + line.box[3]) / 2, line.box[0]))
    rows: list[list[TextLine]] = []
    for line in ordered:
        for row in reversed(rows[-4:]):
            if all(_same_row(line, member) for member in row):
                row.append(line)
                break
        else:
            rows.append([line])
    for row in rows:
        row.sort(key=lambda line: line.box[0])
    return rows


# Words further apart than this many line heights are in different columns ("ACME GmbH      RECHNUNG").
COLUMN_GAP = 2.5


def split_at_gaps(line: TextLine) -> list[TextLine]:
    """An OCR line cut where a wide gap separates its words: side-by-side blocks that the line grouping
    joined because they share a baseline."""
    height = line.box[3] - line.box[1]
    words = sorted(line.words, key=lambda word: word.box[0])
    if len(words) < 2 or height <= 0:
        return [line]
    parts: list[list[Word]] = [[words[0]]]
    for word in words[1:]:
        if word.box[0] - parts[-1][-1].box[2] > COLUMN_GAP * height:
            parts.append([word])
        else:
            parts[-1].append(word)
    if len(parts) == 1:
        return [line]
    return [
        TextLine(text=" ".join(word.text for word in part), words=part, confidence=line.confidence, page=line.page,
                 box=(min(w.box[0] for w in part), line.box[1], max(w.box[2] for w in part), line.box[3]))
        for part in parts
    ]


def build_rows(document: TextDocument, *, decimal_comma: bool | None, day_first: bool | None,
               merge: bool = True) -> list[Row]:
    """Rows in reading order; ``merge=False`` keeps text-layer lines apart (side-by-side seller
    and buyer blocks share a baseline but are different names)."""
    # Plain text comes as whole visual lines with word boxes, like OCR.
    visual_lines = document.source in ("ocr", "plain")
    if visual_lines and not merge:
        groups = [[part] for line in document.lines for part in split_at_gaps(line)]
    elif visual_lines or not merge:
        groups = [[line] for line in document.lines]
    elif all(line.box == (0, 0, 0, 0) for line in document.lines):
        groups = [[line] for line in document.lines]  # plain text without positions
    else:
        groups = merge_into_rows(document.lines)
    rows: list[Row] = []
    cell_spans: dict[int, list[tuple[int, int]]] = {}
    for group in groups:
        texts = [re.sub(r"\s+", " ", line.text).strip() for line in group]
        text = " ".join(t for t in texts if t)
        if not text:
            continue
        box = (
            min(line.box[0] for line in group),
            min(line.box[1] for line in group),
            max(line.box[2] for line in group),
            max(line.box[3] for line in group),
        )
        confidence = min(line.confidence for line in group)
        row = Row(len(rows), text, group[0].page, box, confidence)
        if len(group) > 1:
            row.cells = [(line.text, line.box) for line in group]
            row.cell_words = [[(word.text, word.box) for word in line.words] for line in group]
            spans, offset = [], 0
            for cell_text in texts:
                if cell_text:
                    spans.append((offset, offset + len(cell_text)))
                    offset += len(cell_text) + 1
            cell_spans[row.index] = spans
        rows.append(row)
    for row in rows:
        row.folded = fold(row.text)
        row.dates = find_dates(row.text, day_first=day_first)
        row.amounts = [
            amount
            for amount in _amounts(row.text, cell_spans.get(row.index), decimal_comma)
            # A number inside a date ("14.03.2026") is not an amount.
            if not any(d.start <= amount.start < d.end for d in row.dates)
        ]
    decimal_amounts = sum(1 for row in rows for a in row.amounts if a.has_decimals)
    for row in rows:
        row.whole_amounts_are_money = decimal_amounts < 3
        if decimal_amounts == 0:
            _join_space_grouped(row)
    return rows


# "3 450 Ft", "ÖSSZESEN: 12 990": a whole amount grouped by spaces at the end of a row, on a document
# priced in whole units (HUF, CZK, CLP, ...). Phone numbers are the other spaced digits on a receipt.
_SPACE_GROUPED_TAIL = re.compile(r"(?<![\d.,])(\d{1,3}(?: \d{3})+)(?:\s?[^\W\d_]{1,3}\.?)?\s*$")
_PHONE_ROW = re.compile(r"(?i)(?<![a-z])(?:tel|phone|fax|mobile|hp|telp)(?![a-z])|\+\d")


def _join_space_grouped(row: Row) -> None:
    match = _SPACE_GROUPED_TAIL.search(row.text)
    if not match or _PHONE_ROW.search(row.text):
        return
    start, end = match.span(1)
    if any(d.start < end and start < d.end for d in row.dates):
        return
    value = AmountMatch(Decimal(match.group(1).replace(" ", "")), start, end, match.group(1), False)
    row.amounts = [a for a in row.amounts if not start <= a.start < end] + [value]
    row.amounts.sort(key=lambda a: a.start)


def _amounts(text: str, spans: list[tuple[int, int]] | None, decimal_comma: bool | None) -> list[AmountMatch]:
    """Amounts of a row; in a text layer each cell is read alone, so a quantity in one column and a
    price in the next ("40" | "107,51") never read as one space-grouped number ("40 107,51")."""
    if not spans:
        return find_amounts(text, decimal_comma=decimal_comma)
    return [replace(amount, start=amount.start + start, end=amount.end + start)
            for start, end in spans for amount in find_amounts(text[start:end], decimal_comma=decimal_comma)]


def guess_decimal_comma(text: str) -> bool | None:
    """Whether amounts in this text use a decimal comma, from how two-decimal numbers are written."""
    commas = len(re.findall(r"\d,\d{2}(?!\d)", text))
    points = len(re.findall(r"\d\.\d{2}(?!\d)", text))
    if commas > points:
        return True
    if points > commas:
        return False
    return None
