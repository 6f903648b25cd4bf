"""Invoice number, issue date, due date and payment terms."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Generic, TypeVar

from app.extraction.offline.labels import (
    DOCUMENT_WORD_NUMBER,
    DUE_DATE_LABEL,
    GENERIC_NUMBER_LABEL,
    INVOICE_NUMBER_LABEL,
    ISSUE_DATE_LABEL,
    NOT_ISSUE_DATE,
    PAYMENT_TERMS,
    SECONDARY_DATE,
    SELF_LABELLED_NUMBER,
    TAX_IDENTIFIER,
    TITLE_NUMBER_LABEL,
    TITLE_WORD,
)
from app.extraction.offline.names import ADDRESS, CONTACT
from app.extraction.offline.rows import Row, fold

# An invoice/receipt number: letters, digits and a few separators, with at least one digit.
# What may sit between a label and its value: "nº", "No.", "Nr:", "#", "number".
_NUMBER_WORD = re.compile(r"^[\s:#.\-°º]*(?:(?:n\.?\s*[°ºo]|no|nr|num(?:ero|ber)?|nummer)(?![a-z0-9])[\s:#.\-°º]*)?", re.IGNORECASE)
# A time of day right after a date ("14-03-18 21:49", "14-03-1821:49" when OCR drops the space).
# The time of day after a date, maybe past its weekday in brackets ("2019年11月12日(火) 07:42", "12/03 (Tue) 9:05").
TIME_AFTER = re.compile(r"[\s,;-]*(?:\(\s*\w{1,9}\.?\s*\)[\s,;-]*)?\d{1,2}\s?:\s?\d{2}(?!\d)")
_NUMBER_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/._#]{1,30}")
# The words that name a document, in a title row.
_DOCUMENT_TITLE = re.compile(r"(?<![a-z])(?:invoice|bill|receipt|boleta|factura|fatura|facture|rechnung|fattura|"
                             r"ticket|recibo|nota|cupom|struk|resit|kvitto|paragon|scontrino)(?![a-z])")
# A series code and its number, printed apart: "FT 2024/315", "FS A2024/1288", "INV 37930".
_SERIES_NUMBER = re.compile(r"[A-Z]{1,4}\s[A-Z]?\d[A-Za-z0-9\-/._]{0,28}")
# A prefix whose separator the layout set apart: "INV- 37930", "INV - 37930", "INV # 37930".
_SPACED_PREFIX = re.compile(r"([A-Za-z]{1,6})\s*([-/#])\s*(\d[A-Za-z0-9\-/._]{0,28})")
# A column heading that is only the document's name ("Factuur", "Invoice") over its number.
_DOCUMENT_HEADING = re.compile(r"^\W*(?:invoice|factuur|facture|factura|fatura|rechnung|fattura|faktura)\W*$")


T = TypeVar("T")


@dataclass
class Found(Generic[T]):
    value: T
    confidence: float


def find_invoice_number(rows: list[Row], cells: list[Row] | None = None) -> Found[str] | None:
    """The document number after its label, else (``cells``: the page's text blocks read apart) under
    its label in a row of column headings ("Invoice no. | Date | Due date" over the values)."""
    if cells is None:
        return _labelled_number(rows)
    # A title beside the seller's name shares its merged row: "Padaria Lusitana, Lda. | Fatura FT 2024/315".
    return _labelled_number(rows) or _number_after(cells, TITLE_NUMBER_LABEL, 0.6) or _number_below(
        cells, INVOICE_NUMBER_LABEL, 0.75) or _number_below(
        [cell for cell in cells if not _DOCUMENT_HEADING.match(cell.folded) or _among_headings(cell, cells)],
        _DOCUMENT_HEADING, 0.6) or _under_title(_column_pairs(cells))


def _column_pairs(cells: list[Row]) -> list[tuple[Row, Row]]:
    """Each cell with the next cell under it in its column: a title beside the seller's name
    ("Sammy Maystone | INVOICE") still has its number under it."""
    pairs = []
    for position, cell in enumerate(cells[:40]):
        below = next((other for other in cells[position + 1: position + 8] if other.page == cell.page
                      and other.box[1] >= cell.box[3] - 0.5 and min(other.box[2], cell.box[2]) > max(other.box[0], cell.box[0])),
                     None)
        if below is not None and below.box[1] - cell.box[3] < 2 * max(cell.height, 1.0):
            pairs.append((cell, below))
    return pairs


def _among_headings(cell: Row, cells: list[Row]) -> bool:
    """A cell in a row of two or more other label cells ("Klant | Order | Factuur | Vervaldatum"),
    none of them holding a value: a heading row, not a title."""
    beside = [other for other in cells if other is not cell and other.page == cell.page
              and abs(other.box[1] - cell.box[1]) < max(cell.height, 1.0) / 2]
    return len(beside) >= 2 and not any(other.amounts or other.dates or re.search(r"\d", other.text) for other in beside)


def _number_below(cells: list[Row], label: re.Pattern[str], confidence: float) -> Found[str] | None:
    for position, cell in enumerate(cells):
        match = label.search(cell.folded)
        if not match or cell.text[match.end():].strip(" :#.-"):
            continue
        for other in cells[position + 1: position + 12]:
            if other.page != cell.page or other.box[1] <= cell.box[1]:
                continue
            if other.box[1] - cell.box[3] > 2 * max(cell.height, 1.0):
                break
            if min(other.box[2], cell.box[2]) - max(other.box[0], cell.box[0]) <= 0:
                continue
            token = _NUMBER_TOKEN.match(_NUMBER_WORD.sub("", other.text.strip(), count=1))
            if token and re.search(r"\d", token.group(0)) and not other.dates:
                return Found(token.group(0).rstrip("./-_"), confidence)
            break
    return None


def _labelled_number(rows: list[Row]) -> Found[str] | None:
    # A VAT or company registration number is printed with "No." too; it is never the document's.
    plain = [row for row in rows if not TAX_IDENTIFIER.search(row.folded)]
    return _number_after(rows, INVOICE_NUMBER_LABEL, 0.8) or _number_after(
        rows, TITLE_NUMBER_LABEL, 0.6) or _number_after(
        plain, DOCUMENT_WORD_NUMBER, 0.55) or _number_after(
        [row for row in plain if not ADDRESS.search(row.folded) and not CONTACT.search(row.folded)],
        GENERIC_NUMBER_LABEL, 0.5) or _under_title(list(pairwise(plain))) or _self_labelled(plain)


def _under_title(pairs: list[tuple[Row, Row]]) -> Found[str] | None:
    """ "BOLETA DE VENTA ELECTRONICA" over "B001-00045871": the number printed alone under the title."""
    for row, below in pairs:
        words = re.findall(r"[a-z]+", row.folded)
        if not words or not all(TITLE_WORD.fullmatch(word) for word in words) or not _DOCUMENT_TITLE.search(row.folded):
            continue
        token = below.text.strip().lstrip("#").strip()  # "INVOICE" over "# 1042"
        if _NUMBER_TOKEN.fullmatch(token) and re.search(r"\d", token) and re.search(r"[A-Za-z-/]", token) \
                and not below.dates and not below.amounts:
            return Found(token, 0.5)
    return None


def _self_labelled(rows: list[Row]) -> Found[str] | None:
    for row in rows:
        match = SELF_LABELLED_NUMBER.search(row.text)
        if match:
            return Found(match.group(0).rstrip("./-_"), 0.45)
    return None


def _number_after(rows: list[Row], label: re.Pattern[str], confidence: float) -> Found[str] | None:
    for position, row in enumerate(rows):
        match = label.search(row.folded)
        if not match:
            continue
        after = row.text[match.end():]
        candidates = [after]
        if position + 1 < len(rows) and not after.strip(" :#.-"):
            candidates.append(rows[position + 1].text)  # value printed under its label
        for candidate in candidates:
            text = _NUMBER_WORD.sub("", candidate, count=1)
            spaced = _SPACED_PREFIX.match(text)
            if spaced:
                return Found("".join(spaced.groups()).rstrip("./-_"), confidence)
            token = _SERIES_NUMBER.match(text) or _NUMBER_TOKEN.match(text)
            if token and re.search(r"\d", token.group(0)):
                value = token.group(0).rstrip("./-_")
                # A date is not a number, even when it sits right after "No.".
                if re.fullmatch(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}", value):
                    continue
                return Found(value, confidence)
    return None


def find_dates(rows: list[Row]) -> tuple[Found[dt.date] | None, Found[dt.date] | None]:
    """(issue date, due date): labelled dates first, else the first date printed, else an order or
    delivery date; never an expiry, a validity or a return-by date."""
    issue: Found[dt.date] | None = None
    due: Found[dt.date] | None = None
    first_any: tuple[dt.date, bool] | None = None
    stamped: tuple[dt.date, bool] | None = None
    secondary: tuple[dt.date, bool] | None = None
    for position, row in enumerate(rows):
        dates = row.dates
        label_row = row
        if not dates:
            continue
        label = row.folded[: dates[0].start]
        if not label.strip() and position > 0 and not rows[position - 1].dates:
            label_row = rows[position - 1]  # "Date:" printed above the value
            label = _heading_above(row, label_row, dates[0].start) or label_row.folded
            # "Invoice Date: | Due Date:" over two dates: the second is due under its own heading.
            for later in dates[1:]:
                heading = _heading_above(row, label_row, later.start)
                if due is None and heading is not None and DUE_DATE_LABEL.search(heading):
                    due = Found(later.value, 0.85)
        if DUE_DATE_LABEL.search(label):
            if due is None:
                due = Found(dates[0].value, 0.85)
            continue
        if NOT_ISSUE_DATE.search(label):
            continue
        if SECONDARY_DATE.search(label):
            secondary = secondary or (dates[0].value, dates[0].unambiguous)
            continue
        if issue is None and ISSUE_DATE_LABEL.search(label):
            issue = Found(dates[0].value, 0.9 if dates[0].unambiguous else 0.75)
        if first_any is None:
            first_any = (dates[0].value, dates[0].unambiguous)
        if stamped is None and TIME_AFTER.match(row.folded, dates[0].end):
            stamped = (dates[0].value, dates[0].unambiguous)
    # Unlabelled, the date printed with a time is the moment of the sale (a note or a stamp above
    # it is not), else the first date printed; but a stamp that could be read two ways ("7-01-26", OCR's
    # "2017-01-26") does not overrule a date that can only be read one way.
    if stamped is not None and not (first_any is not None and first_any[1] and not stamped[1]):
        first_any = stamped
    if issue is None and first_any is not None:
        issue = Found(first_any[0], 0.7 if first_any[1] else 0.55)
    if issue is None and secondary is not None:
        issue = Found(secondary[0], 0.6 if secondary[1] else 0.5)
    if issue is not None and due is not None and due.value < issue.value:
        due = None  # a "due" date before the issue date was something else
    return issue, due


def _heading_above(row: Row, above: Row, offset: int) -> str | None:
    """The heading cell over the value at ``offset`` of ``row``, when ``above`` is a row of column
    headings ("Invoice Date: | Due Date: | Reference:" over "03/20/2023 | 04/04/2023 | CUSTREF123")."""
    if len(above.cells) < 2:
        return None
    box = _cell_box(row, offset)
    if box is None:
        return None
    for text, cell in above.cells:
        if min(cell[2], box[2]) - max(cell[0], box[0]) > 0:
            return fold(text)
    return None


def _cell_box(row: Row, offset: int) -> tuple[float, float, float, float] | None:
    """The box of the text-layer cell holding character ``offset`` of a merged row's text."""
    if not row.cells:
        return row.box
    start = 0
    for text, box in row.cells:
        length = len(re.sub(r"\s+", " ", text).strip())
        if start <= offset < start + length:
            return box
        start += length + 1 if length else 0
    return None


def find_payment_terms(rows: list[Row]) -> Found[str] | None:
    for row in rows:
        match = PAYMENT_TERMS.search(row.folded)
        if match:
            # Keep the printed spelling (case, accents) of the matched span.
            text = row.text[match.start(): match.end()].strip(" :;,.")
            if text:
                return Found(text[:80], 0.7)
    return None
