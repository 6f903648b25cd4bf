"""Periods read from the shape of a question rather than one date expression: two periods side by side
("May and June", "the difference between January and February"), a day of the current month ("on the
3rd"), and the previous question's period moved back ("the month before", "same month last year").
"""
from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

from app.conversation.dates import Period, PeriodMatch, counterpart, day, find_period, month, week_of, year
from app.conversation.vocabulary import (
    COMPARE,
    DAY_OF_MONTH,
    DIFFERENCE,
    HOW_MUCH,
    MORE_LESS,
    PERIOD_JOIN,
    THAN,
    TOTAL,
)

Shift = str  # "before": one step back; "after": one step on; "year_before": the same span a year earlier; "whole_month": its month;
# "month_in:2024": its month in 2024


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def two_periods(folded: str, today: dt.date, *, day_first: bool = True,
                ranges: bool = True) -> tuple[PeriodMatch, PeriodMatch] | None:
    """Two periods said one after the other with only "and"/","/a preposition between them, in the order
    said; None when there are not exactly two so joined."""
    first = find_period(folded, today, day_first=day_first, ranges=ranges)
    paired = _two_months(folded, today)
    if first is None or (paired and paired[0].start <= first.start < paired[1].end):
        return paired
    rest = _blank(folded, first.start, first.end)
    second = find_period(rest, today, day_first=day_first, ranges=ranges)
    if second is None and (join := re.match(r"\s*(?:and|or|&)\s+", folded[first.end:])) and join.end() >= 4:
        # "april and may": after "and" a month name is one even where it is also a word ("may", "march").
        said_in = " " * (join.end() - 3) + "in "
        second = find_period(rest[:first.end] + said_in + rest[first.end + join.end():], today, day_first=day_first,
                             ranges=ranges)
    if second is None:
        return None
    a, b = sorted((first, second), key=lambda m: m.start)
    if not PERIOD_JOIN.match(folded[a.end:b.start]) or a.period == b.period:
        return None
    return a, b


# "nov vs dec", "oct with sept", "okt zu nov", "Nov und Dez": two month abbreviations joined are two months,
# though alone "oct" is read as a month only after "in".
_JOINED = re.compile(r"(?<![\w'])(?P<a>[a-z]{3,10})\b\.?(?:\s*[,&]\s*|\s+(?:vs\.?|v|versus|with|w/?|and|und|zu|y|e|et|avec|"
                     r"mit|contra|gegen|com|con|or|ou|o|oder)\s+)(?P<b>[a-z]{3,10})\.?(?![\w'])")


def _two_months(folded: str, today: dt.date) -> tuple[PeriodMatch, PeriodMatch] | None:
    for m in _JOINED.finditer(folded):
        a, b = (find_period(f"in {m[g]}", today) for g in ("a", "b"))
        # each word read whole as a month ("in " is three characters), and two different months
        if a and b and (a.end, b.end) == (len(m["a"]) + 3, len(m["b"]) + 3) and a.period != b.period:
            return PeriodMatch(a.period, m.start("a"), m.end("a")), PeriodMatch(b.period, m.start("b"), m.end("b"))
    return None


def day_of_month(folded: str, today: dt.date, within: Period | None = None) -> PeriodMatch | None:
    """"on the 3rd", "el día 5", "le 8", "am 9.": that day of this month, or of last month when it is
    still to come; with ``within`` (a month said beside it: "no dia 4 deste mês"), that month's day."""
    if within is not None and (within.start.day != 1 or within.end != within.start + relativedelta(months=1)):
        return None
    for m in DAY_OF_MONTH.finditer(folded):
        n = int(m["d"])
        if not 1 <= n <= 31:
            continue
        candidate = today.replace(day=1)
        if within is None and n > today.day:
            candidate = candidate - relativedelta(months=1)
        try:
            return PeriodMatch(day(candidate.replace(day=n)), m.start(), m.end())
        except ValueError:
            continue
    return None


def shifted(period: Period | None, how: Shift, today: dt.date) -> Period:
    """The period a follow-up means: the previous question's one step back ("the month before") or a year
    earlier ("same month last year"); without a previous period, counted from the current month."""
    base = period or month(today.year, today.month)
    if how == "whole_month":  # "et pour tout le mois ?" after a day: the month around it
        return month(base.start.year, base.start.month)
    # "im gleichen Monat letztes Jahr" after a year: this month, a year back; after a month, that month
    one = base if base == month(base.start.year, base.start.month) else month(today.year, today.month)
    if how == "month_year_before":
        return Period(start=one.start - relativedelta(years=1), end=one.end - relativedelta(years=1))
    if how.startswith("month_in:"):  # "the same month in 2024" after a month: that month of 2024
        said = how.removeprefix("month_in:")
        return month(today.year if said == "this" else int(said), one.start.month)
    if how == "year_before":
        return Period(start=base.start - relativedelta(years=1), end=base.end - relativedelta(years=1))
    months = (base.end.year - base.start.year) * 12 + base.end.month - base.start.month
    if how == "after":  # "the month after": one step on, the mirror of "the month before"
        if base in (day(base.start), week_of(base.start)) or not (base.start.day == 1 and base.end.day == 1 and months):
            return Period(start=base.end, end=base.end + (base.end - base.start))
        return Period(start=base.end, end=base.end + relativedelta(months=months))
    span = base.end - base.start
    if base == day(base.start):
        return day(base.start - dt.timedelta(days=1))
    if base == week_of(base.start):
        return week_of(base.start - dt.timedelta(days=7))
    if base.start.day == 1 and base.end.day == 1 and months >= 1:
        if base == year(base.start.year):
            return year(base.start.year - 1)
        return Period(start=base.start - relativedelta(months=months), end=base.start)
    return Period(start=base.start - span, end=base.start)


def compared_periods(rest: str, found: PeriodMatch, other: PeriodMatch | None, today: dt.date) -> tuple[Period, Period] | None:
    """The two periods of a comparison, in the order said: two periods with a comparison word between
    them ("May vs April", "gastei mais em maio ou em abril?"), or one period and "than"/"compare"
    ("more than last month?", "Differenz zum Februar"), or a yes/no "did I spend more ... last month?" (not "how much")."""
    if other is not None:
        first, second = sorted((found, other), key=lambda m: m.start)
        if first.period != second.period:
            return first.period, second.period
        return None
    if COMPARE.search(rest) or THAN.search(rest) or DIFFERENCE.search(rest) or (MORE_LESS.search(rest) and TOTAL.search(rest)
                                                      and not HOW_MUCH.search(rest)):
        return counterpart(found.period, today), found.period
    return None
