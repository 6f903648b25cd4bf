"""Periods in questions ("last month", "en marzo", "desde janeiro", "between 1/3 and 15/3") as date ranges.

Every period is a half-open ``[start, end)`` range of calendar dates in the user's timezone: the caller
passes ``today`` already converted (see :func:`today_in`), so the same question asked at 23:30 in Lisbon
and in São Paulo means each user's own "today". Month names come from CLDR (Babel) for every supported
language, so "März", "février" and "março" need no hand-written table.

Texts are matched in the folded form of :func:`app.conversation.text.fold` (lowercase, no accents).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, model_validator

from app.conversation.date_words import ORDINAL, month_abbreviations, month_names, patterns, weekday_names
from app.conversation.holidays import feast_day
from app.conversation.text import fold


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


# --- interpretation --------------------------------------------------------------------------------

# Month names that are also everyday words ("may I...") mean a month after a preposition or away from a subject.
_AMBIGUOUS_ALONE = frozenset({"may"})
_ONWARDS = re.compile(r"\s*(?:on|onwards?|until now|till now|to date|up to now|so far)(?!\w)")
_AFTER_PREPOSITION = re.compile(r"(?:^|\s)(?:in|on|during|for|en|em|no|na|de|del|do|da|durante|im|au|en|a|since|"
                                r"until|desde|depuis|seit|bis|hasta|ate|last|of|vs\.?|versus|than|compare)\s*$")
_BEFORE_VERSUS = re.compile(r"\s+(?:vs\.?|versus)(?!\w)")  # "may vs april"
# "may" is the verb only beside its subject ("may I ask", "you may"); "and may?", "may and june" are May.
_MODAL_AFTER = re.compile(r"\s+(?:i|we|you|he|she|they|it|this|that|be|have|not)(?!\w)")
_MODAL_BEFORE = re.compile(r"(?:^|\s)(?:i|we|you|he|she|they|it|this|that|who|which)\s+$")
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
    p = patterns()
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
        return month(_year_of(m[2] or m[3] or m[4]) or _most_recent(named, None, today), named)
    if m := p["year"].fullmatch(expr):
        return year(int(m[1]))
    return None


def _month_of_year(m: re.Match[str], year: int) -> str:
    """"June last year" as "June 2024", padded to the length it had."""
    said = m["a"] or m["b"]
    return said + " " * (len(m.group()) - len(said) - 4) + str(year)


def find_period(folded: str, today: dt.date, *, day_first: bool = True, ranges: bool = True) -> PeriodMatch | None:
    """The first period mentioned in a folded question, with where it was said, or None. Without
    ``ranges``, "between January and February" is two periods, not one span ("the difference between …")."""
    p = patterns()
    tomorrow = today + dt.timedelta(days=1)

    # "June last year" reads as "June 2024" ("June this year" as "June 2025"), padded to the same length so spans still point into the text
    # and ranges ("since June last year") still read it as one end.
    for name, which in (("month_last_year", today.year - 1), ("month_this_year", today.year)):
        folded = p[name].sub(functools.partial(_month_of_year, year=which), folded)
    for said in p["range"].finditer(folded) if ranges else ():
        a = interpret(said["a"], today, day_first=day_first, abbreviations=True)
        b_ = interpret(said["b"], today, day_first=day_first, abbreviations=True)
        # "between March 1 and 15", "del 1 al 15 de marzo": a bare day takes the other side's month.
        if a is None and b_ is not None:
            a = _same_month_day(said["a"], b_)
        elif b_ is None and a is not None:
            b_ = _same_month_day(said["b"], a)
        if a and b_:
            if a.start >= b_.end and not re.search(r"\d{4}", said["a"]):
                a = _shift_back_one_year(a)  # "from November to February" spans new year
            if a.start < b_.end:
                return PeriodMatch(Period(start=a.start, end=b_.end), said.start(), said.end())
    if ranges and (m := p["month_range"].search(folded)):
        # "jan-mar", "enero a marzo": abbreviations alone are ordinary words too often ("set", "out"), so
        # a range written with words needs one full month name; a hyphen or slash is unambiguous.
        full = month_names()
        first, last = _month_number(m["a"]), _month_number(m["b"])
        if (m["join"] or m["a"] in full or m["b"] in full) and first and last:
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
    # "Q3", "2º trimestre de 2024", "first quarter of last year"; "the last quarter of 2024" is its fourth.
    if (m := p["quarter"].search(folded)) and (m["ord"] in ORDINAL or m["y"] or m["ly"] or not m["ord"]):
        year_said = _year_of(m["y"] or m["y2"]) or (today.year - 1 if m["ly"] else None)
        q = int(m["q"] or m["q2"] or m["q3"] or ORDINAL.get(m["ord"], 4))
        return PeriodMatch(_months_block(today, 3, q, year_said), m.start(), m.end())
    if m := p["half"].search(folded):
        h = int(m["h"] or ORDINAL[m["ord"]])
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
        "month_before_last": lambda: month(*(_prev_month(today.replace(day=1) - dt.timedelta(days=1)))),
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
    # "in may", "of jun"; not "the 31st of may", a day read with the dates below.
    if (m := p["short_month"].search(folded)) and not re.search(r"\d(?:st|nd|rd|th|o|er|\.)?\s+$",
                                                                  folded[:m.start()]):
        m_num = _month_number(m["a"])
        if m_num:
            y = _year_of(m["y"]) or _most_recent(m_num, None, today)
            return PeriodMatch(month(y, m_num), m.start(), m.end())
    for m in p["date"].finditer(folded):
        if (m["a"] in _AMBIGUOUS_ALONE and not _AFTER_PREPOSITION.search(folded[: m.start()])
                and not _BEFORE_VERSUS.match(folded, m.end())
                and (_MODAL_AFTER.match(folded, m.end()) or _MODAL_BEFORE.search(folded[: m.start()]))):
            continue  # "may I ask..." is not about May
        period = interpret(m["a"], today, day_first=day_first)
        if period:
            return PeriodMatch(period, m.start(), m.end())
    feast = feast_day(folded, today)  # last: "feliz navidad, ¿cuánto en diciembre?" is December
    return PeriodMatch(day(feast[0]), feast[1], feast[2]) if feast else None


def range_ends(folded: str, today: dt.date, *, day_first: bool = True) -> tuple[PeriodMatch, PeriodMatch] | None:
    """The two ends of "between January and February" as two periods (a difference between them, not the
    span), each with the span of the whole phrase."""
    for m in patterns()["range"].finditer(folded):
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


def date_patterns() -> dict[str, re.Pattern[str]]:
    """The period patterns (their plain words are vocabulary a speller must leave alone)."""
    return patterns()


def parse_period(text: str, today: dt.date, *, day_first: bool = True) -> Period | None:
    """Convenience for callers with raw text (tools, tests): fold, then :func:`find_period`."""
    found = find_period(fold(text), today, day_first=day_first)
    return found.period if found else None
