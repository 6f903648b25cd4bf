"""How extraction answers are compared with the truth: no import from ``app``, so a change to the
product's parsers can never make the bench agree with itself.

Rules (the data README's for SROIE, the same spirit for the other sets):
- names: case-insensitive, whitespace collapsed, leading/trailing punctuation ignored; exact.
  ``loose_name`` also ignores accents and inner punctuation (for truths written without the OCR's eye).
- dates: as calendar dates; printed truth strings are read day-first unless a part above 12 says
  otherwise; ``yyyymmdd`` and ``yyyy-mm-dd`` too.
- amounts: as decimals; a currency prefix or suffix and thousands separators are ignored.
- document numbers: case-insensitive, spaces ignored.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

_MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def name_key(text: str | None) -> str:
    text = re.sub(r"\s+", " ", (text or "").strip().casefold())
    return re.sub(r"^[\W_]+|[\W_]+$", "", text)


def loose_name(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[\W_]+", "", plain)


def number_key(text: str | None) -> str:
    return re.sub(r"\s+", "", (text or "").casefold())


def truth_amount(text: str | None) -> Decimal | None:
    """ "RM111.90", "$8.70", "1,110.90", "69000" as printed in a label file."""
    cleaned = re.sub(r"[^\d.,-]", "", text or "")
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        head, _, tail = cleaned.rpartition(",")
        cleaned = f"{head.replace(',', '')}.{tail}" if len(tail) != 3 else cleaned.replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def truth_date(text: str | None) -> dt.date | None:
    """A printed date label: ``dd/mm/yyyy``, ``dd-mm-yy``, ``03 APR 2018``, ``14/JUN/2017``, ``yyyymmdd``, ISO."""
    text = (text or "").strip().strip("()")
    try:
        compact = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", text)
        if compact:
            return dt.date(int(compact[1]), int(compact[2]), int(compact[3]))
        named = re.fullmatch(r"(\d{1,2})[\s/-]*([A-Za-z]{3})[A-Za-z]*[\s/-]*(\d{2,4})", text)
        if named and named[2].lower() in _MONTHS:
            return dt.date(_year(named[3]), _MONTHS[named[2].lower()], int(named[1]))
        numeric = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})", text)
        if numeric:
            first, second, year = int(numeric[1]), int(numeric[2]), _year(numeric[3])
            if second > 12 >= first:
                return dt.date(year, first, second)
            return dt.date(year, second, first)
    except ValueError:
        return None
    return None


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def same_amount(got: object, want: Decimal | None) -> bool:
    if got is None or want is None:
        return False
    try:
        return Decimal(str(got)) == want
    except InvalidOperation:
        return False
