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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import get_day_names, get_month_names
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

class _CldrNames(Protocol):
    """babel.dates.get_month_names or get_day_names."""

    def __call__(self, width: Literal["abbreviated", "wide"], context: Literal["format", "stand-alone"],
                 locale: str) -> Mapping[int, str]: ...


def _cldr_names(get_names: _CldrNames, width: Literal["abbreviated", "wide"]) -> Iterator[tuple[int, str]]:
    """(number, folded name) for every supported language, in both CLDR contexts."""
    for lang in LANGUAGES:
        contexts: tuple[Literal["format", "stand-alone"], ...] = ("format", "stand-alone")
        for context in contexts:
            for number, name in get_names(width, context=context, locale=lang).items():
                yield number, fold(name)


@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    """Folded full month names of every supported language (format and stand-alone forms)."""
    names = {name: number for number, name in _cldr_names(get_month_names, "wide")}
    names.update({"maerz": 3, "setiembre": 9})  # common spellings CLDR does not list
    return names


@lru_cache(maxsize=1)
def month_abbreviations() -> dict[str, int]:
    """Folded abbreviations ("mar", "sept", "fev"), only trusted next to a day or a year."""
    names: dict[str, int] = {}
    for number, name in _cldr_names(get_month_names, "abbreviated"):
        short = name.rstrip(".")
        if len(short) >= 3 and not short.isdigit():
            names.setdefault(short, number)
    return names


@lru_cache(maxsize=1)
def weekday_names() -> dict[str, int]:
    """Folded full weekday names (Monday = 0) of every supported language ("lunes", "segunda-feira")."""
    names: dict[str, int] = {}
    for number, name in _cldr_names(get_day_names, "wide"):
        names[name] = number
        names[name.replace("-", " ")] = number  # "segunda feira"
    return names


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_TODAY = ("today", "hoy", "hoje", "aujourd'hui", "aujourd hui", "heute", "oggi")
_YESTERDAY = ("yesterday", "ayer", "ontem", "hier", "gestern", "ieri")
_THIS = r"(?:this|current|esta|este|esse|essa|neste|nesta|nessa|nesse|en este|en esta|ce|cette|cet|diese|dieser|diesem|diesen|dieses|questo|questa)"
_LAST = (r"(?:last|past|previous|prior|la pasada|pasada|pasado|anterior|passada|passado|ultima|ultimo|"
         r"derniere|dernier|passee|passe|precedente|precedent|letzte|letzten|letzter|letztes|vorige|"
         r"vorigen|voriges|vergangene|vergangenen|vergangenes|scorso|scorsa)")
_WEEK = r"(?:week|semana|semaine|woche|settimana)"
_WEEKEND = r"(?:weekend|week-end|week end|fin de semana|finde|fim de semana|fds|wochenende|fine settimana)"
_MONTH_WORD = r"(?:month|mes|mois|monat|mese)"
_YEAR_WORD = r"(?:year|ano|annee|an|jahr|anno)"
_UNIT = (r"(?P<unit>days?|dias?|jours?|tage?n?|giorni|weeks?|semanas?|semaines?|wochen?|settimane|"
         r"months?|meses|mois|monate?n?|mesi|years?|anos|annees|ans|jahren?|anni)")

_YESTERDAY_BEFORE = ("day before yesterday", "anteayer", "antier", "antes de ayer", "anteontem", "antes de ontem",
                     "avant-hier", "avant hier", "vorgestern", "altro ieri")
_QUARTER_WORD = r"(?:quarter|trimestre|quartal|trim)"
_HALF_WORD = r"(?:half|semestre|halbjahr|half-year|half year)"
# Ordinals 1-4 as people write them before "quarter"/"trimestre" ("1st", "primer", "1º" folds to "1o").
_ORDINAL_WORDS = {
    1: ("first", "1st", "primer", "primero", "primeiro", "premier", "1er", "erste", "erstes", "ersten", "1o", "1a",
        "1e", "1.", "1"),
    2: ("second", "2nd", "segundo", "deuxieme", "second", "zweite", "zweites", "zweiten", "2o", "2e", "2.", "2"),
    3: ("third", "3rd", "tercer", "tercero", "terceiro", "troisieme", "dritte", "drittes", "dritten", "3o", "3e",
        "3.", "3"),
    4: ("fourth", "4th", "cuarto", "quarto", "quatrieme", "vierte", "viertes", "vierten", "4o", "4e", "4.", "4"),
}
_ORDINAL = {w: n for n, ws in _ORDINAL_WORDS.items() for w in ws}
# "del año", "do mês", "of the week": the current one, unless a name or "last" follows.
_OF_THE = r"(?:del|do|da|de la|of the|du|de l'|de l|des|der)"
_NOT_NAMED = r"(?!\s+(?:de|of|da|do|del)\b)"

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
        rf"|\d{{1,2}}[/.\-]{year_}|{year_}[/\-](?:0?[1-9]|1[0-2])(?![/\-.]\d)"
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
    ordinal = _alternation(_ORDINAL)
    return {
        "month_range": re.compile(rf"{b}(?P<a>{any_month})\.?\s*(?P<join>[-/]|to|a|al|ao|ate|hasta|through|"
                                  rf"thru|till|until|bis|au)\s*(?P<b>{any_month})\.?"
                                  rf"(?:\s*(?:de|del|,)?\s*(?P<y>{year_}))?{e}"),
        "quarter": re.compile(rf"{b}(?:q(?P<q>[1-4])|(?P<ord>{ordinal})\s*{_QUARTER_WORD}|{_QUARTER_WORD}\s*"
                              rf"(?P<q2>[1-4]))(?:\s*(?:of|de|del|do|da|du|des|,|/|-)?\s*(?P<y>{year_}))?{e}"
                              rf"|{b}(?P<y2>{year_})\s*[-/]?\s*q(?P<q3>[1-4]){e}"),
        "half": re.compile(rf"{b}(?:h(?P<h>[12])|(?P<ord>{ordinal})\s*{_HALF_WORD})"
                           rf"(?:\s*(?:of|de|del|do|da|du|des|,|/|-)?\s*(?P<y>{year_}))?{e}"),
        "this_quarter": re.compile(rf"{b}(?:{_THIS}\s+{_QUARTER_WORD}|{_OF_THE}\s+{_QUARTER_WORD}{_NOT_NAMED}"
                                   rf"(?!\s+{_LAST}))(?!\w)"),
        "last_quarter": re.compile(rf"{b}(?:{_LAST}\s+{_QUARTER_WORD}|(?:el\s+|o\s+|le\s+)?{_QUARTER_WORD}\s+"
                                   rf"{_LAST})(?!\w)"),
        "weekday": re.compile(rf"{b}(?:(?P<last>{_LAST})\s+)?(?P<d>{_alternation(weekday_names())})"
                              rf"(?:\s+{_LAST})?(?!\w)"),
        "range": re.compile(rf"{b}{_RANGE_START}\s+(?:o\s+|el\s+|le\s+|the\s+)?(?P<a>{context_expr}|{day_})\s+"
                            rf"{_RANGE_JOIN}\s+(?:o\s+|el\s+|le\s+|the\s+)?(?P<b>{context_expr}|{day_}){e}"),
        "since": re.compile(rf"{b}{_SINCE}\s+(?:o\s+|el\s+|le\s+|the\s+)?(?P<a>{context_expr}){e}"),
        "last_n": re.compile(rf"{b}(?:(?:in\s+)?(?:the\s+)?(?:los\s+|las\s+|os\s+|as\s+|les\s+|die\s+|gli\s+)?"
                             rf"(?:last|past|previous|ultimos|ultimas|derniers|dernieres|letzten|"
                             rf"vergangenen|ultimi|ultime)\s+(?P<n>\d{{1,3}}|(?:a\s+)?couple(?:\s+of)?)\s+{_UNIT}"
                             rf"|(?:les\s+)?(?P<n2>\d{{1,3}})\s+(?:(?P<unit2>\w+)\s+(?:derniers|dernieres|"
                             rf"ultimos|ultimas|passados|pasados)|(?:derniers|dernieres|ultimos|ultimas)\s+"
                             rf"(?P<unit3>\w+)))(?!\w)"),
        "today": re.compile(rf"{b}(?:{'|'.join(map(re.escape, _TODAY))})(?!\w)"),
        "before_yesterday": re.compile(rf"{b}(?:{'|'.join(map(re.escape, _YESTERDAY_BEFORE))})(?!\w)"),
        "yesterday": re.compile(rf"{b}(?:{'|'.join(_YESTERDAY)})(?!\w)"),
        # Saturday and Sunday: of the week before ("last weekend") or of this week ("this weekend").
        "last_weekend": re.compile(rf"{b}(?:(?:this\s+)?{_LAST}\s+{_WEEKEND}|(?:el\s+|o\s+|le\s+|das\s+)?"
                                   rf"{_WEEKEND}\s+{_LAST})(?!\w)"),
        "last_fortnight": re.compile(rf"{b}(?:(?:the\s+|la\s+|a\s+|la\s+)?{_LAST}\s+(?:fortnight|quincena|quinzena|"
                                     rf"quinzaine)|(?:la\s+|a\s+)?(?:quincena|quinzena|quinzaine)\s+{_LAST})(?!\w)"),
        "this_weekend": re.compile(rf"{b}(?:{_THIS}\s+{_WEEKEND})(?!\w)"),
        "this_week": re.compile(rf"{b}(?:{_THIS}\s+{_WEEK}|{_OF_THE}\s+{_WEEK}{_NOT_NAMED})(?!\w)"),
        "last_week": re.compile(rf"{b}(?:{_LAST}\s+{_WEEK}|(?:la\s+|a\s+)?{_WEEK}\s+{_LAST}|"
                                rf"la\s+semaine\s+{_LAST})(?!\w)"),
        "this_month": re.compile(rf"{b}(?:{_THIS}\s+{_MONTH_WORD}(?:-ci)?|{_OF_THE}\s+{_MONTH_WORD}{_NOT_NAMED})(?!\w)"),
        "last_month": re.compile(rf"{b}(?:{_LAST}\s+{_MONTH_WORD}|(?:el\s+|o\s+|le\s+)?{_MONTH_WORD}\s+"
                                 rf"{_LAST}|vormonat)(?!\w)"),
        "this_year": re.compile(rf"{b}(?:{_THIS}\s+{_YEAR_WORD}|{_OF_THE}\s+(?:ano|year|annee|jahres)"
                                rf"{_NOT_NAMED}|year to date|ytd|so far this year|en lo que va del ano)(?!\w)"),
        "last_year": re.compile(rf"{b}(?:{_LAST}\s+{_YEAR_WORD}|(?:el\s+|o\s+|l'|l\s)?{_YEAR_WORD}\s+"
                                rf"{_LAST}|vorjahr)(?!\w)"),
        # "in feb", "em set": after "in" an abbreviation is a month.
        "short_month": re.compile(rf"{b}(?:in|en|em|during|durante|im|au|for|of|no mes de|en el mes de)\s+"
                                  rf"(?P<a>{short})\.?(?:\s*(?:de|del|,)?\s*(?P<y>{year_}))?{e}"),
        "date": re.compile(rf"{b}(?:{_LAST}\s+)?(?P<a>{date_expr}){e}"),
        # Pieces used to interpret one date expression.
        "iso": re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
        "month_year": re.compile(r"(\d{1,2})[/.\-]((?:19|20)\d{2})|((?:19|20)\d{2})[/\-](\d{1,2})"),
        "numeric": re.compile(r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2,4}))?"),
        "day_month": re.compile(rf"({day_})\s+(?:de\s+)?({any_month})\.?(?:\s*(?:de|del|,)?\s*({year_}))?"),
        "month_day": re.compile(rf"({any_month})\.?\s+({day_})(?:\s*,?\s*({year_}))?"),
        "month": re.compile(rf"({any_month})\.?(?:\s*(?:de|del|,)?\s*({year_}))?"),
        "year": re.compile(rf"({year_})"),
    }


def date_patterns() -> dict[str, re.Pattern[str]]:
    """The period patterns (their plain words are vocabulary a speller must leave alone)."""
    return _patterns()


# --- interpretation --------------------------------------------------------------------------------

# Month names that are also everyday words ("may I...") mean a month only after a preposition.
_AMBIGUOUS_ALONE = frozenset({"may"})
_ONWARDS = re.compile(r"\s*(?:on|onwards?|until now|till now|to date|up to now|so far)(?!\w)")
_AFTER_PREPOSITION = re.compile(r"(?:^|\s)(?:in|on|during|for|en|em|no|na|de|del|do|da|durante|im|au|en|a|since|"
                                r"until|desde|depuis|seit|bis|hasta|ate|last|of|vs\.?|versus|than|compare)\s*$")
_BEFORE_VERSUS = re.compile(r"\s+(?:vs\.?|versus)(?!\w)")  # "may vs april"
# Units of "the last N days/weeks/months/years".
_IN_DAYS, _IN_WEEKS, _IN_MONTHS, _IN_YEARS = (relativedelta(days=1), relativedelta(weeks=1), relativedelta(months=1),
                                              relativedelta(years=1))


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
    if m := p["month_year"].fullmatch(expr):  # "3/2025", "03-2025", "2025-03": a whole month
        m_num, y = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
        return month(y, m_num) if 1 <= m_num <= 12 else None
    if m := p["numeric"].fullmatch(expr):
        a, b_ = int(m[1]), int(m[2])
        d_num, m_num = (a, b_) if day_first else (b_, a)
        if m_num > 12 and d_num <= 12:  # 3/15 can only be month-first
            d_num, m_num = m_num, d_num
        if not 1 <= m_num <= 12:
            return None
        d = _safe_day(_year_of(m[3]) or _most_recent(m_num, d_num, today), m_num, d_num)
        return day(d) if d else None
    if m := p["day_month"].fullmatch(expr):
        d_num, named = int(re.sub(r"\D", "", m[1])), _month_number(m[2])
        if not named:
            return None
        d = _safe_day(_year_of(m[3]) or _most_recent(named, d_num, today), named, d_num)
        return day(d) if d else None
    if m := p["month_day"].fullmatch(expr):
        named, d_num = _month_number(m[1]), int(re.sub(r"\D", "", m[2]))
        if not named:
            return None
        d = _safe_day(_year_of(m[3]) or _most_recent(named, d_num, today), named, d_num)
        return day(d) if d else None
    if m := p["month"].fullmatch(expr):
        named = _month_number(m[1])
        if not named or (m[1].rstrip(".") not in month_names() and not m[2] and not abbreviations):
            return None  # a bare abbreviation ("mar", "sept") is too often an ordinary word
        return month(_year_of(m[2]) or _most_recent(named, None, today), named)
    if m := p["year"].fullmatch(expr):
        return year(int(m[1]))
    return None


def find_period(folded: str, today: dt.date, *, day_first: bool = True, ranges: bool = True) -> PeriodMatch | None:
    """The first period mentioned in a folded question, with where it was said, or None. Without
    ``ranges``, "between January and February" is two periods, not one span ("the difference between …")."""
    p = _patterns()
    tomorrow = today + dt.timedelta(days=1)

    for m in p["range"].finditer(folded) if ranges else ():
        a = interpret(m["a"], today, day_first=day_first, abbreviations=True)
        b_ = interpret(m["b"], today, day_first=day_first, abbreviations=True)
        # "between March 1 and 15", "del 1 al 15 de marzo": a bare day takes the other side's month.
        if a is None and b_ is not None:
            a = _same_month_day(said["a"], b_)
        elif b_ is None and a is not None:
            b_ = _same_month_day(said["b"], a)
        if a and b_:
            if a.start >= b_.end and not re.search(r"\d{4}", said["a"]):
                a = _shift_back_one_year(a)  # "from November to February" spans new year
            if a.start < b_.end:
                return PeriodMatch(Period(start=a.start, end=b_.end), m.start(), m.end())
    if ranges and (m := p["month_range"].search(folded)):
        # "jan-mar", "enero a marzo": abbreviations alone are ordinary words too often ("set", "out"), so
        # a range written with words needs one full month name; a hyphen or slash is unambiguous.
        full = month_names()
        first, last = _month_number(m["a"]), _month_number(m["b"])
        if (m["join"] in "-/" or m["a"] in full or m["b"] in full) and first and last:
            y = _year_of(m["y"]) or _most_recent(first, None, today)
            start = dt.date(y, first, 1)
            end = dt.date(y if last >= first else y + 1, last, 1) + relativedelta(months=1)
            return PeriodMatch(Period(start=start, end=end), m.start(), m.end())
    if m := p["last_n"].search(folded):
        n = 2 if m["n"] and "couple" in m["n"] else int(m["n"] or m["n2"])
        unit_word = m["unit"] or m["unit2"] or m["unit3"] or ""
        unit = unit_word[:2]
        if 1 <= n <= 3660 and unit:
            span = {"da": _IN_DAYS, "di": _IN_DAYS, "jo": _IN_DAYS, "ta": _IN_DAYS, "gi": _IN_DAYS,
                    "we": _IN_WEEKS, "se": _IN_WEEKS, "wo": _IN_WEEKS,
                    "mo": _IN_MONTHS, "me": _IN_MONTHS, "mi": _IN_MONTHS,
                    "ye": _IN_YEARS, "an": _IN_YEARS, "ja": _IN_YEARS}.get(unit)
            if unit_word.startswith("moi"):
                span = _IN_MONTHS
            if span:
                start = tomorrow - span * n
                return PeriodMatch(Period(start=start, end=tomorrow), m.start(), m.end())
    if m := p["since"].search(folded):
        a = interpret(m["a"], today, day_first=day_first, abbreviations=True)
        if a and a.start < tomorrow:
            # "invoices from April" are April's; "from April on" and "since April" run up to today.
            if (m.group().startswith("from") and a.end - a.start > dt.timedelta(days=1)
                    and not _ONWARDS.match(folded, m.end())):
                return PeriodMatch(a, m.start(), m.end())
            return PeriodMatch(Period(start=a.start, end=tomorrow), m.start(), m.end())
    if m := p["quarter"].search(folded):
        q = int(m["q"] or m["q2"] or m["q3"] or _ORDINAL[m["ord"]])
        return PeriodMatch(_months_block(today, 3, q, _year_of(m["y"] or m["y2"])), m.start(), m.end())
    if m := p["half"].search(folded):
        h = int(m["h"] or _ORDINAL[m["ord"]])
        if h <= 2:
            return PeriodMatch(_months_block(today, 6, h, _year_of(m["y"])), m.start(), m.end())
    current_quarter = (today.month - 1) // 3 + 1
    relative: dict[str, Callable[[], Period]] = {
        # Before the weeks: "fin de semana pasado" holds "semana pasado".
        "last_weekend": lambda: _weekend(week_of(today - dt.timedelta(days=7))),
        "this_weekend": lambda: _weekend(week_of(today)),
        "last_fortnight": lambda: last_days(today, 14),
        "this_quarter": lambda: _months_block(today, 3, current_quarter, today.year),
        "last_quarter": lambda: _shift_back_months(_months_block(today, 3, current_quarter, today.year), 3),
        "today": lambda: day(today),
        "before_yesterday": lambda: day(today - dt.timedelta(days=2)),
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
    if m := p["weekday"].search(folded):
        back = (today.weekday() - weekday_names()[m["d"]]) % 7
        if back == 0 and (m["last"] or m.group().split()[-1] != m["d"]):
            back = 7  # "last Monday" said on a Monday is a week ago
        return PeriodMatch(day(today - dt.timedelta(days=back)), m.start(), m.end())
    if m := p["short_month"].search(folded):
        m_num = _month_number(m["a"])
        if m_num:
            y = _year_of(m["y"]) or _most_recent(m_num, None, today)
            return PeriodMatch(month(y, m_num), m.start(), m.end())
    for m in p["date"].finditer(folded):
        if (m["a"] in _AMBIGUOUS_ALONE and not _AFTER_PREPOSITION.search(folded[: m.start()])
                and not _BEFORE_VERSUS.match(folded, m.end())):
            continue  # "may I ask..." is not about May
        period = interpret(m["a"], today, day_first=day_first)
        if period:
            return PeriodMatch(period, m.start(), m.end())
    return None


def range_ends(folded: str, today: dt.date, *, day_first: bool = True) -> tuple[PeriodMatch, PeriodMatch] | None:
    """The two ends of "between January and February" as two periods (a difference between them, not the
    span), each with the span of the whole phrase."""
    for m in _patterns()["range"].finditer(folded):
        a = interpret(m["a"], today, day_first=day_first, abbreviations=True)
        b_ = interpret(m["b"], today, day_first=day_first, abbreviations=True)
        if a and b_ and a != b_:
            if a.start >= b_.end and not re.search(r"\d{4}", m["a"]):
                a = _shift_back_one_year(a)
            return PeriodMatch(a, m.start(), m.end()), PeriodMatch(b_, m.end(), m.end())
    return None


def _weekend(week: Period) -> Period:
    saturday = week.start + dt.timedelta(days=5)
    return Period(start=saturday, end=saturday + dt.timedelta(days=2))


def _same_month_day(expr: str, other: Period) -> Period | None:
    """A bare day number ("15", "1st") read in the month of the single day ``other``."""
    if other.end - other.start != dt.timedelta(days=1):
        return None
    m = re.fullmatch(r"([0-3]?\d)(?:st|nd|rd|th|o|er|\.)?", expr.strip())
    d = _safe_day(other.start.year, other.start.month, int(m[1])) if m else None
    return day(d) if d else None


def _months_block(today: dt.date, size: int, number: int, y: int | None) -> Period:
    """Quarter (size 3) or half (size 6) ``number`` of year ``y``, else the most recent one begun."""
    first_month = (number - 1) * size + 1
    if y is None:
        y = today.year if dt.date(today.year, first_month, 1) <= today else today.year - 1
    start = dt.date(y, first_month, 1)
    return Period(start=start, end=start + relativedelta(months=size))


def _shift_back_months(period: Period, months: int) -> Period:
    return Period(start=period.start - relativedelta(months=months), end=period.end - relativedelta(months=months))


def _prev_month(today: dt.date) -> tuple[int, int]:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def _shift_back_one_year(period: Period) -> Period:
    return Period(start=period.start - relativedelta(years=1), end=period.end - relativedelta(years=1))


def counterpart(period: Period, today: dt.date) -> Period:
    """What one period is compared with when only it is named ("did I spend more than last month?"): the
    current period of the same kind (day, weekend, week, month, quarter, year), or the one before when it
    is the current one already ("more this month?"); any other span, the same number of days just before."""
    quarter_start = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    this_quarter = Period(start=quarter_start, end=quarter_start + relativedelta(months=3))
    kinds: tuple[tuple[Callable[[Period], bool], Period, Period], ...] = (
        (lambda p: p.end - p.start == dt.timedelta(days=1), day(today), day(today - dt.timedelta(days=1))),
        (lambda p: p.start.weekday() == 5 and p.end - p.start == dt.timedelta(days=2),
         _weekend(week_of(today)), _weekend(week_of(today - dt.timedelta(days=7)))),
        (lambda p: p == week_of(p.start), week_of(today), week_of(today - dt.timedelta(days=7))),
        (lambda p: p == month(p.start.year, p.start.month), month(today.year, today.month),
         month(*_prev_month(today))),
        (lambda p: p.start.day == 1 and p.start.month % 3 == 1 and p.end == p.start + relativedelta(months=3),
         this_quarter, _shift_back_months(this_quarter, 3)),
        (lambda p: p == year(p.start.year), year(today.year), year(today.year - 1)),
    )
    for same_kind, current, previous in kinds:
        if same_kind(period):
            return previous if period == current else current
    return Period(start=period.start - (period.end - period.start), end=period.start)


def parse_period(text: str, today: dt.date, *, day_first: bool = True) -> Period | None:
    """Convenience for callers with raw text (tools, tests): fold, then :func:`find_period`."""
    found = find_period(fold(text), today, day_first=day_first)
    return found.period if found else None
