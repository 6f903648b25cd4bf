"""Dates printed in untrusted document text: numeric (day- or month-first, by the document's country)
and with month names in the languages receipts come in. Anything implausible gives ``None``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.extraction.parsing import strip_accents

# Years outside this window are OCR noise or a different number (a phone, an id), not an invoice date.
MIN_YEAR = 1990
MAX_YEARS_AHEAD = 5

# Month names and common abbreviations (accents stripped, lower case) in English, German, French,
# Spanish, Portuguese, Dutch, Italian and Malay.
_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "janvier", "janv", "enero", "ene", "janeiro", "januari", "gennaio", "genn", "gen"),
    2: ("february", "feb", "februar", "fevrier", "fevr", "fev", "febrero", "fevereiro", "februari", "febbraio"),
    3: ("march", "mar", "marz", "maerz", "mrz", "mars", "marzo", "marco", "maart", "mac", "mrt"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "maio", "mei", "maggio", "mag"),
    6: ("june", "jun", "juni", "juin", "junio", "junho", "giugno", "giu"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "julho", "luglio", "lug"),
    8: ("august", "aug", "aout", "agosto", "ago", "augustus", "ogos", "ogo"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setembro", "set", "settembre"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "outubro", "out", "ottobre", "ott"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "nop"),
    12: ("december", "dec", "dezember", "dez", "decembre", "diciembre", "dic", "dezembro", "dis", "dicembre"),
}
MONTH_BY_NAME: dict[str, int] = {name: number for number, names in _MONTHS.items() for name in names}
# OCR reads the letter O as a zero in capitals ("0CT", "N0V").
MONTH_BY_NAME.update({name.replace("o", "0"): number for name, number in list(MONTH_BY_NAME.items()) if "o" in name})
MONTH_BY_NAME.update({"0" + name[1:]: number for name, number in list(MONTH_BY_NAME.items()) if name.startswith("o")})
_MONTH_ALT = "|".join(sorted(MONTH_BY_NAME, key=len, reverse=True))

_SEP = r"[./\-]"
# A year, possibly glued to the time after it when OCR drops the space ("17/01/201812:30").
# Or before a comma and the time ("7/8/24,11:42").
# Or before a slash and the time ("30.07.2007/13:29").
_YEAR = (r"((?:19|20)\d{2}(?=\d{1,2}\s?:)|\d{2}(?=\d{1,2}\s?:)|\d{2,4}(?=,\d{1,2}:)|\d{4}(?=/\d{1,2}:\d{2})|\d{4}(?![\d]|[.,/-]\d)"
         r"|\d{2}(?![\d]|[.,/-]\d))")
# Not inside a longer number ("1.31.08"), but after stray punctuation (OCR's "Dat. .31.08.2015").
_NUMERIC_DMY = re.compile(rf"(?<![\d,/-])(?<!\d\.)(\d{{1,2}})\s?({_SEP})\s?(\d{{1,2}})\s?\2\s?{_YEAR}")
_NUMERIC_YMD = re.compile(rf"(?<![\d,/-])(?<!\d\.)(\d{{4}})\s?({_SEP})\s?(\d{{1,2}})\s?\2\s?(\d{{1,2}})(?![\d]|[.,/-]\d)")
# "2023 03 20 12:58": an ISO date with spaces, as fiscal printers write it, read only before a time of day.
_SPACED_YMD = re.compile(r"(?<![\d,./-])((?:19|20)\d{2}) (0[1-9]|1[0-2]) ([0-2]\d|3[01])(?=\s+\d{1,2}\s?:\s?\d{2})")
# "2019年11月12日", "2025년 1월 7일": the East Asian year-month-day, whatever the script around it.
_CJK_YMD = re.compile(r"((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
# "0172948630.09.2020 15:47:28", "Bill Number:000243 324/12/2020 08:54 PM": a till's counter or a misread colon
# run into the date; read only with two-digit day and month, a four-digit year and the time of day after it.
_GLUED_DMY = re.compile(r"(?<=\d)([0-3]\d)([./-])([01]\d)\2((?:19|20)\d{2})(?=\s+\d{1,2}:\d{2})")
# A weekday before a date whose second separator OCR read as a digit ("THU 10/04725"): the date is the one
# of the two readings that falls on that weekday.
_WEEKDAY_GARBLED = re.compile(r"(?<![a-z])(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+([0-3]?\d)[./-]([01]?\d)[17|l](\d{2})(?!\d)")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NAMED_DMY = re.compile(
    rf"(?<![a-z\d])(\d{{1,2}})(?:st|nd|rd|th|er|o|º)?\.?\s*(?:de\s*|-|/)?\s*({_MONTH_ALT})\.?\s*(?:de\s*|-|/|,)?\s*{_YEAR}",
)
_NAMED_MDY = re.compile(
    rf"(?<![a-z])({_MONTH_ALT})\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?\s*[,.]?\s*(\d{{4}})(?!\d)",
)


@dataclass(frozen=True)
class DateMatch:
    value: dt.date
    start: int
    end: int
    # True when the text alone fixes day and month (named month, ISO order or a part above 12).
    unambiguous: bool


def _plausible(year: int, month: int, day: int, today: dt.date) -> dt.date | None:
    if not (MIN_YEAR <= year <= today.year + MAX_YEARS_AHEAD):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _full_year(year_text: str) -> int:
    year = int(year_text)
    if len(year_text) == 2:
        # Two-digit years on receipts are this century.
        year += 2000
    return year


def find_dates(text: str, *, day_first: bool | None = None, today: dt.date | None = None) -> list[DateMatch]:
    """Every plausible calendar date written in ``text``, left to right.

    Numeric ``a/b/y`` dates are day-first unless ``day_first`` is False (US documents); a part above
    12 settles the order either way. Impossible dates (31/02) and implausible years are dropped.
    """
    if not text:
        return []
    today = today or dt.datetime.now(dt.UTC).date()
    # OCR reads a thin hyphen as a tilde ("05~05-17"); one character for one, so positions hold.
    folded = strip_accents(text).lower().replace("~", "-")
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def add(value: dt.date | None, start: int, end: int, unambiguous: bool) -> None:
        if value is None or any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(DateMatch(value, start, end, unambiguous))

    for match in _NUMERIC_YMD.finditer(folded):
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
        add(_plausible(year, month, day, today), match.start(), match.end(), True)
    for match in _CJK_YMD.finditer(text):  # unfolded: NFKD takes Hangul apart
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        add(_plausible(year, month, day, today), match.start(), match.end(), True)
    for match in _SPACED_YMD.finditer(folded):
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        add(_plausible(year, month, day, today), match.start(), match.end(), True)
    for match in _NAMED_DMY.finditer(folded):
        month = MONTH_BY_NAME[match.group(2)]
        add(_plausible(_full_year(match.group(3)), month, int(match.group(1)), today),
            match.start(), match.end(), True)
    for match in _NAMED_MDY.finditer(folded):
        month = MONTH_BY_NAME[match.group(1)]
        add(_plausible(int(match.group(3)), month, int(match.group(2)), today), match.start(), match.end(), True)
    for match in _NUMERIC_DMY.finditer(folded):
        first, second = int(match.group(1)), int(match.group(3))
        year = _full_year(match.group(4))
        if first > 12 and second <= 12:
            value, unambiguous = _plausible(year, second, first, today), True
        elif second > 12 and first <= 12:
            value, unambiguous = _plausible(year, first, second, today), True
        elif day_first is False:
            value, unambiguous = _plausible(year, first, second, today), first == second
        else:
            value, unambiguous = _plausible(year, second, first, today), first == second
        add(value, match.start(), match.end(), unambiguous)
    for match in _GLUED_DMY.finditer(folded):
        year, month, day = int(match.group(4)), int(match.group(3)), int(match.group(1))
        add(_plausible(year, month, day, today), match.start(), match.end(), False)
    for match in _WEEKDAY_GARBLED.finditer(folded):
        first, second, year = int(match.group(2)), int(match.group(3)), 2000 + int(match.group(4))
        fits = {value for value in (_plausible(year, second, first, today), _plausible(year, first, second, today))
                if value is not None and value.weekday() == _WEEKDAYS.index(match.group(1))}
        if len(fits) == 1:
            add(fits.pop(), match.start(2), match.end(), True)
    found.sort(key=lambda m: m.start)
    return found


def parse_date(text: str | None, *, day_first: bool | None = None, today: dt.date | None = None) -> dt.date | None:
    """The first plausible date in ``text`` (``14.03.2026``, ``14 mars 2026``, ``2026-03-14``, ...)."""
    matches = find_dates(text or "", day_first=day_first, today=today)
    return matches[0].value if matches else None
