"""Periods in questions ("last month", "en marzo", "desde janeiro", "between 1/3 and 15/3") as date ranges.

Every period is a half-open ``[start, end)`` range of calendar dates in the user's timezone: the caller
passes ``today`` already converted (see :func:`today_in`), so the same question asked at 23:30 in Lisbon
and in São Paulo means each user's own "today". Month names come from CLDR (Babel) for every supported
language, so "März", "février" and "março" need no hand-written table.

Texts are matched in the folded form of :func:`app.conversation.text.fold` (lowercase, no accents).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import get_month_names
from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, model_validator

from app.conversation.text import fold

LANGUAGES = ("en", "es", "pt", "fr", "de", "it")


class Period(BaseModel):
    """Calendar dates ``start <= d < end`` (dates of invoices, in the user's timezone)."""

    model_config = ConfigDict(frozen=True)

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _not_empty(self) -> Period:
        if self.end <= self.start:
            raise ValueError("a period ends after it starts")
        return self

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day < self.end


def today_in(timezone: str | None, now: dt.datetime, default_timezone: str = "UTC") -> dt.date:
    """The calendar date at ``now`` (aware) in ``timezone``, falling back to the default when unknown."""
    return now.astimezone(zone(timezone, default_timezone)).date()


def zone(timezone: str | None, default_timezone: str = "UTC") -> ZoneInfo:
    for name in (timezone, default_timezone, "UTC"):
        if not name:
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


# --- building blocks -------------------------------------------------------------------------------

def day(d: dt.date) -> Period:
    return Period(start=d, end=d + dt.timedelta(days=1))


def month(year: int, month_number: int) -> Period:
    start = dt.date(year, month_number, 1)
    return Period(start=start, end=start + relativedelta(months=1))


def year(y: int) -> Period:
    return Period(start=dt.date(y, 1, 1), end=dt.date(y + 1, 1, 1))


def week_of(d: dt.date) -> Period:
    monday = d - dt.timedelta(days=d.weekday())
    return Period(start=monday, end=monday + dt.timedelta(days=7))


def last_days(today: dt.date, n: int) -> Period:
    return Period(start=today - dt.timedelta(days=n - 1), end=today + dt.timedelta(days=1))


# --- vocabulary (folded) ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    """Folded full month names of every supported language (format and stand-alone forms)."""
    names: dict[str, int] = {}
    for lang in LANGUAGES:
        for context in ("format", "stand-alone"):
            for number, name in get_month_names("wide", context=context, locale=lang).items():
                names[fold(name)] = number
    names.update({"maerz": 3, "setiembre": 9})  # common spellings CLDR does not list
    return names


@lru_cache(maxsize=1)
def month_abbreviations() -> dict[str, int]:
    """Folded abbreviations ("mar", "sept", "fev"), only trusted next to a day or a year."""
    names: dict[str, int] = {}
    for lang in LANGUAGES:
        for context in ("format", "stand-alone"):
            for number, name in get_month_names("abbreviated", context=context, locale=lang).items():
                short = fold(name).rstrip(".")
                if len(short) >= 3 and not short.isdigit():
                    names.setdefault(short, number)
    return names


def _alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_TODAY = ("today", "hoy", "hoje", "aujourd'hui", "aujourd hui", "heute", "oggi")
_YESTERDAY = ("yesterday", "ayer", "ontem", "hier", "gestern", "ieri")
_THIS = r"(?:this|current|esta|este|esse|essa|neste|nesta|nessa|nesse|en este|en esta|ce|cette|cet|diese|dieser|diesem|diesen|dieses|questo|questa)"
_LAST = (r"(?:last|past|previous|prior|la pasada|pasada|pasado|anterior|passada|passado|ultima|ultimo|"
         r"derniere|dernier|passee|passe|precedente|precedent|letzte|letzten|letzter|letztes|vorige|"
         r"vorigen|voriges|vergangene|vergangenen|vergangenes|scorso|scorsa)")
_WEEK = r"(?:week|semana|semaine|woche|settimana)"
_MONTH_WORD = r"(?:month|mes|mois|monat|mese)"
_YEAR_WORD = r"(?:year|ano|annee|an|jahr|anno)"
_UNIT = (r"(?P<unit>days?|dias?|jours?|tage?n?|giorni|weeks?|semanas?|semaines?|wochen?|settimane|"
         r"months?|meses|mois|monate?n?|mesi|years?|anos|annees|ans|jahren?|anni)")

_SINCE = r"(?:since|desde|depuis|seit|a partir de|a partir do|a partir da|from|starting|dal|dalla)"
_RANGE_START = r"(?:between|from|entre|desde|de|del|do|da|du|zwischen|vom|von|dal|dalla)"
_RANGE_JOIN = r"(?:and|to|till|until|through|thru|y|e|a|al|ao|a la|ate|hasta|au|et|und|bis|-|al|fino a)"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    full = _alternation(month_names())
    short = _alternation(month_abbreviations())
    any_month = f"(?:{full}|{short})"
    day_ = r"(?:[0-3]?\d)(?:st|nd|rd|th|o|er|\.)?"
    year_ = r"(?:19|20)\d{2}"
    # One date expression, without capture groups, so it can be embedded twice in a range.
    date_expr = (
        rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}"
        rf"|\d{{1,2}}[/.\-]\d{{1,2}}(?:[/.\-]\d{{2,4}})?"
        rf"|{day_}\s+(?:de\s+)?{any_month}\.?(?:\s*(?:de|del|,)?\s*{year_})?"
        rf"|{any_month}\.?\s+{day_}(?:\s*,?\s*{year_})?"
        rf"|(?:{full})(?:\s*(?:de|del|,)?\s*{year_})?"
        rf"|(?:{short})\.?\s*(?:de|del|,)?\s*{year_}"
        rf"|{year_})"
    )
    # After "since"/"between", a bare abbreviation is a month ("since jan").
    context_expr = f"(?:{date_expr}|(?:{short})\\.?)"
    b = r"(?<![\w#.,/])"  # not glued to a word, an invoice number or an amount
    e = r"(?![\w/]|[.,]\d)"
    return {
        "range": re.compile(rf"{b}{_RANGE_START}\s+(?:o\s+|el\s+|le\s+|the\s+)?(?P<a>{context_expr})\s+"
                            rf"{_RANGE_JOIN}\s+(?:o\s+|el\s+|le\s+|the\s+)?(?P<b>{context_expr}){e}"),
        "since": re.compile(rf"{b}{_SINCE}\s+(?:o\s+|el\s+|le\s+|the\s+)?(?P<a>{context_expr}){e}"),
        "last_n": re.compile(rf"{b}(?:(?:in\s+)?(?:the\s+)?(?:los\s+|las\s+|os\s+|as\s+|les\s+|die\s+|gli\s+)?"
                             rf"(?:last|past|previous|ultimos|ultimas|derniers|dernieres|letzten|"
                             rf"vergangenen|ultimi|ultime)\s+(?P<n>\d{{1,3}})\s+{_UNIT}"
                             rf"|(?:les\s+)?(?P<n2>\d{{1,3}})\s+(?:(?P<unit2>\w+)\s+(?:derniers|dernieres|"
                             rf"ultimos|ultimas|passados|pasados)|(?:derniers|dernieres|ultimos|ultimas)\s+"
                             rf"(?P<unit3>\w+)))(?!\w)"),
        "today": re.compile(rf"{b}(?:{'|'.join(map(re.escape, _TODAY))})(?!\w)"),
        "yesterday": re.compile(rf"{b}(?:{'|'.join(_YESTERDAY)})(?!\w)"),
        "this_week": re.compile(rf"{b}{_THIS}\s+{_WEEK}(?!\w)"),
        "last_week": re.compile(rf"{b}(?:{_LAST}\s+{_WEEK}|(?:la\s+|a\s+)?{_WEEK}\s+{_LAST}|"
                                rf"la\s+semaine\s+{_LAST})(?!\w)"),
        "this_month": re.compile(rf"{b}(?:{_THIS}\s+{_MONTH_WORD}(?:-ci)?)(?!\w)"),
        "last_month": re.compile(rf"{b}(?:{_LAST}\s+{_MONTH_WORD}|(?:el\s+|o\s+|le\s+)?{_MONTH_WORD}\s+"
                                 rf"{_LAST}|vormonat)(?!\w)"),
        "this_year": re.compile(rf"{b}{_THIS}\s+{_YEAR_WORD}(?!\w)"),
        "last_year": re.compile(rf"{b}(?:{_LAST}\s+{_YEAR_WORD}|(?:el\s+|o\s+|l'|l\s)?{_YEAR_WORD}\s+"
                                rf"{_LAST}|vorjahr)(?!\w)"),
        "date": re.compile(rf"{b}(?:{_LAST}\s+)?(?P<a>{date_expr}){e}"),
        # Pieces used to interpret one date expression.
        "iso": re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
        "numeric": re.compile(r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2,4}))?"),
        "day_month": re.compile(rf"({day_})\s+(?:de\s+)?({any_month})\.?(?:\s*(?:de|del|,)?\s*({year_}))?"),
        "month_day": re.compile(rf"({any_month})\.?\s+({day_})(?:\s*,?\s*({year_}))?"),
        "month": re.compile(rf"({any_month})\.?(?:\s*(?:de|del|,)?\s*({year_}))?"),
        "year": re.compile(rf"({year_})"),
    }


# --- interpretation --------------------------------------------------------------------------------

# Month names that are also everyday words ("may I...") mean a month only after a preposition.
_AMBIGUOUS_ALONE = frozenset({"may"})
_AFTER_PREPOSITION = re.compile(r"(?:^|\s)(?:in|on|during|for|en|em|no|na|de|del|do|da|durante|im|au|en|a|since|"
                                r"until|desde|depuis|seit|bis|hasta|ate|last|of)\s*$")


@dataclass(frozen=True)
class PeriodMatch:
    period: Period
    start: int  # span of the matched words in the folded text, so the parser can ignore them afterwards
    end: int


def _month_number(name: str) -> int | None:
    name = name.rstrip(".")
    return month_names().get(name) or month_abbreviations().get(name)


def _most_recent(month_number: int, day_number: int | None, today: dt.date) -> int:
    """The year of the most recent such month (or day) that is not in the future."""
    if day_number is None:
        return today.year if month_number <= today.month else today.year - 1
    return today.year if (month_number, day_number) <= (today.month, today.day) else today.year - 1


def _safe_day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year_of(text: str | None) -> int | None:
    if not text:
        return None
    y = int(text)
    return y + 2000 if y < 100 else y


def interpret(expr: str, today: dt.date, *, day_first: bool = True, abbreviations: bool = False) -> Period | None:
    """One date expression ("1 de marzo", "03/2025", "March", "2025-03-01", "2025") as a period.

    A bare abbreviation ("jan") is read as a month only when ``abbreviations`` says the context is a date
    ("since jan"), because alone such words are too often ordinary words ("mar", "set", "out")."""
    p = _patterns()
    expr = expr.strip()
    if m := p["iso"].fullmatch(expr):
        d = _safe_day(int(m[1]), int(m[2]), int(m[3]))
        return day(d) if d else None
    if m := p["numeric"].fullmatch(expr):
        a, b_, y = int(m[1]), int(m[2]), _year_of(m[3])
        d_num, m_num = (a, b_) if day_first else (b_, a)
        if m_num > 12 and d_num <= 12:  # 3/15 can only be month-first
            d_num, m_num = m_num, d_num
        if not 1 <= m_num <= 12:
            return None
        y = y or _most_recent(m_num, d_num, today)
        d = _safe_day(y, m_num, d_num)
        return day(d) if d else None
    if m := p["day_month"].fullmatch(expr):
        d_num, m_num = int(re.sub(r"\D", "", m[1])), _month_number(m[2])
        y = _year_of(m[3]) or (m_num and _most_recent(m_num, d_num, today))
        d = _safe_day(y, m_num, d_num) if m_num else None
        return day(d) if d else None
    if m := p["month_day"].fullmatch(expr):
        m_num, d_num = _month_number(m[1]), int(re.sub(r"\D", "", m[2]))
        y = _year_of(m[3]) or (m_num and _most_recent(m_num, d_num, today))
        d = _safe_day(y, m_num, d_num) if m_num else None
        return day(d) if d else None
    if m := p["month"].fullmatch(expr):
        m_num = _month_number(m[1])
        if not m_num or (m[1].rstrip(".") not in month_names() and not m[2] and not abbreviations):
            return None  # a bare abbreviation ("mar", "sept") is too often an ordinary word
        return month(_year_of(m[2]) or _most_recent(m_num, None, today), m_num)
    if m := p["year"].fullmatch(expr):
        return year(int(m[1]))
    return None


def find_period(folded: str, today: dt.date, *, day_first: bool = True) -> PeriodMatch | None:
    """The first period mentioned in a folded question, with where it was said, or None."""
    p = _patterns()
    tomorrow = today + dt.timedelta(days=1)

    if m := p["range"].search(folded):
        a = interpret(m["a"], today, day_first=day_first, abbreviations=True)
        b_ = interpret(m["b"], today, day_first=day_first, abbreviations=True)
        if a and b_:
            if a.start >= b_.end and not re.search(r"\d{4}", m["a"]):
                a = _shift_back_one_year(a)  # "from November to February" spans new year
            if a.start < b_.end:
                return PeriodMatch(Period(start=a.start, end=b_.end), m.start(), m.end())
    if m := p["last_n"].search(folded):
        n = int(m["n"] or m["n2"])
        unit_word = m["unit"] or m["unit2"] or m["unit3"] or ""
        unit = unit_word[:2]
        if 1 <= n <= 3660 and unit:
            span = {"da": "days", "di": "days", "jo": "days", "ta": "days", "gi": "days",
                    "we": "weeks", "se": "weeks", "wo": "weeks",
                    "mo": "months", "me": "months", "mi": "months",
                    "ye": "years", "an": "years", "ja": "years"}.get(unit)
            if unit_word.startswith("moi"):
                span = "months"
            if span:
                start = tomorrow - relativedelta(**{span: n})
                return PeriodMatch(Period(start=start, end=tomorrow), m.start(), m.end())
    if m := p["since"].search(folded):
        a = interpret(m["a"], today, day_first=day_first, abbreviations=True)
        if a and a.start < tomorrow:
            return PeriodMatch(Period(start=a.start, end=tomorrow), m.start(), m.end())
    relative = {
        "today": lambda: day(today),
        "yesterday": lambda: day(today - dt.timedelta(days=1)),
        "last_week": lambda: week_of(today - dt.timedelta(days=7)),
        "this_week": lambda: week_of(today),
        "last_month": lambda: month(*(_prev_month(today))),
        "this_month": lambda: month(today.year, today.month),
        "last_year": lambda: year(today.year - 1),
        "this_year": lambda: year(today.year),
    }
    for name, build in relative.items():
        if m := p[name].search(folded):
            return PeriodMatch(build(), m.start(), m.end())
    for m in p["date"].finditer(folded):
        if m["a"] in _AMBIGUOUS_ALONE and not _AFTER_PREPOSITION.search(folded[: m.start()]):
            continue  # "may I ask..." is not about May
        period = interpret(m["a"], today, day_first=day_first)
        if period:
            return PeriodMatch(period, m.start(), m.end())
    return None


def _prev_month(today: dt.date) -> tuple[int, int]:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def _shift_back_one_year(period: Period) -> Period:
    return Period(start=period.start - relativedelta(years=1), end=period.end - relativedelta(years=1))


def parse_period(text: str, today: dt.date, *, day_first: bool = True) -> Period | None:
    """Convenience for callers with raw text (tools, tests): fold, then :func:`find_period`."""
    found = find_period(fold(text), today, day_first=day_first)
    return found.period if found else None
