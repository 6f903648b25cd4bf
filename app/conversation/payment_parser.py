"""Reading payment commands and questions: "#5 paid", "mark all Amazon paid", "#5 unpaid", "#5 is due on
the 20th", "what do I owe this week?", "stop reminders", "reminders 2 days before", in the five languages.

:func:`payment_intent` is asked by :mod:`.parser` before its general reading; None means the message is
not about payments. Due dates look ahead ("the 20th" is the next 20th), unlike question periods.
"""
from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

from app.conversation import intents as i
from app.conversation.dates import Period, find_period, month, week_of
from app.conversation.payment_words import (
    ALL,
    AT_HOUR,
    DAY_BEFORE,
    DAYS_BEFORE,
    DUE,
    NEXT_DAYS,
    NEXT_MONTH,
    NEXT_WEEK,
    ONLY_ON_THE_DAY,
    OWE,
    PAID,
    REMINDER,
    REMINDER_OFF,
    REMINDER_ON,
    TOMORROW,
    UNPAID,
)
from app.conversation.slots import ParseContext, blank, find_unknown_vendor, find_vendor, reference
from app.conversation.vocabulary import AVERAGE, COUNT, DAY_OF_MONTH, HOW_MUCH, NET, SEQ_REF, TAX, rx
from app.conversation.vocabulary import DELETE as _DELETE

_SUMS = rx(r"total\w*", r"sum", r"suma", r"soma", r"somme", r"summe", r"gesamt\w*", r"spent", r"spend\w*",
           r"gast\w+", r"depens\w+", r"ausgegeben")
_ANSWER_FILLER = {"ya", "la", "lo", "le", "esta", "is", "its", "it's", "already", "just", "done", "yes", "si", "sim",
                  "oui", "ja", "ok", "i", "i've", "ive", "have", "it", "e", "a", "o", "ela", "foi", "deja", "c'est",
                  "est", "ist", "schon", "bereits", "sie", "wurde", "all", "now", "agora", "ahora", "maintenant",
                  "jetzt", "je", "l'ai", "j'ai", "ai", "habe", "hab", "listo", "pronto", "fait"}
_ASKS_AN_AMOUNT = re.compile("|".join(p.pattern for p in (HOW_MUCH, TAX, COUNT, AVERAGE, NET, _SUMS)))


def payment_intent(text: str, folded: str, offsets: list[int], ctx: ParseContext) -> i.Intent | None:
    if REMINDER.search(folded) and not _DELETE.search(folded):
        return _reminders(folded)
    if OWE.search(folded) and not SEQ_REF.search(folded):
        period, _ = due_period(folded, ctx.today, day_first=ctx.day_first)
        return i.ListDue(period=period)
    if _ASKS_AN_AMOUNT.search(folded):  # "total VAT paid last month", "cuánto pagué": spending, not a command
        return None
    # The reference is read without the period, so "last month" or "premier trimestre" is not an invoice.
    _, span = due_period(folded, ctx.today, day_first=ctx.day_first)
    ref, rest = reference(blank(folded, *span) if span else folded)
    if span:  # the period back in place: it may be the due date ("vence el 20 de junio")
        rest = rest[:span[0]] + folded[span[0]:span[1]] + rest[span[1]:]
    if ref is not None:
        if UNPAID.search(rest):
            return i.MarkPaid(ref=ref, paid=False)
        if DUE.search(rest):
            date = due_date(rest, ctx.today, day_first=ctx.day_first)
            return i.SetDueDate(ref=ref, date=date) if date is not None else None
        if PAID.search(rest) and not HOW_MUCH.search(rest):
            return i.MarkPaid(ref=ref)
        return None
    if "?" not in text and (m := PAID.search(folded)) \
            and set(re.findall(r"[a-z']+", blank(folded, m.start(), m.end()))) <= _ANSWER_FILLER:
        return i.MarkPaid(ref=i.IT)  # "paid", "ya la pagué", "schon bezahlt": the answer to a reminder
    if DUE.search(folded) and (date := due_date(folded, ctx.today, day_first=ctx.day_first)) is not None:
        return i.SetDueDate(ref=i.IT, date=date)  # "vence el 20", right after an invoice: that one
    if (m := PAID.search(folded)) and ALL.search(folded) and not HOW_MUCH.search(folded) \
            and not UNPAID.search(folded):
        rest = blank(folded, m.start(), m.end())
        vendor, _ = find_vendor(text, rest, offsets, ctx)
        if vendor is None:
            vendor, _ = find_unknown_vendor(text, rest, offsets, ctx)
        if vendor:
            return i.MarkPaid(vendor=vendor)
    return None


def _reminders(folded: str) -> i.SetReminders:
    days: int | None = None
    if m := DAYS_BEFORE.search(folded):
        days = min(int(m["n"]), 30)
    elif DAY_BEFORE.search(folded):
        days = 1
    elif ONLY_ON_THE_DAY.search(folded):
        days = 0
    hour: int | None = None
    if m := AT_HOUR.search(folded):
        h = int(m["h"])
        if m["ampm"] == "pm" and h < 12:
            h += 12
        elif m["ampm"] == "am" and h == 12:
            h = 0
        hour = h if 0 <= h <= 23 else None
    if days is not None or hour is not None:
        return i.SetReminders(enabled=True, days_before=days, hour=hour)
    if REMINDER_OFF.search(folded):
        return i.SetReminders(enabled=False)
    if REMINDER_ON.search(folded):
        return i.SetReminders(enabled=True)
    return i.SetReminders()


def due_period(folded: str, today: dt.date, *, day_first: bool = True) -> tuple[Period | None, tuple[int, int] | None]:
    """The period a "what do I owe ...?" asks about, looking ahead: "next week", "next month", "the next
    10 days", "tomorrow", or any period the question parser reads ("this week", "in June")."""
    if m := NEXT_WEEK.search(folded):
        return week_of(today + dt.timedelta(days=7)), m.span()
    if m := NEXT_MONTH.search(folded):
        ahead = today + relativedelta(months=1)
        return month(ahead.year, ahead.month), m.span()
    if m := NEXT_DAYS.search(folded):
        return Period(start=today, end=today + dt.timedelta(days=int(m["n"]) + 1)), m.span()
    if m := TOMORROW.search(folded):
        day = today + dt.timedelta(days=1)
        return Period(start=day, end=day + dt.timedelta(days=1)), m.span()
    found = find_period(folded, today, day_first=day_first)
    if found is None:
        return None, None
    return found.period, (found.start, found.end)


def due_date(words: str, today: dt.date, *, day_first: bool = True) -> dt.date | None:
    """A due date in the user's words (folded): "the 20th" (the next 20th), "tomorrow", "20 June" (the
    closest 20 June), "2025-06-20". None when no single day is said."""
    if TOMORROW.search(words):
        return today + dt.timedelta(days=1)
    found = find_period(words, today, day_first=day_first)
    if found is not None and found.period.end - found.period.start == dt.timedelta(days=1):
        day = found.period.start
        said = words[found.start:found.end]
        if not re.search(r"\d{4}|\d[/.\-]\d{1,2}[/.\-]\d{2}", said):  # no year written: the closest one
            later = day + relativedelta(years=1)
            if (later - today) < (today - day):
                day = later
        return day
    for m in DAY_OF_MONTH.finditer(words):
        n = int(m["d"])
        candidate = today.replace(day=1)
        for _ in range(3):  # the next month that has that day (the 31st skips short months)
            try:
                if (day := candidate.replace(day=n)) >= today:
                    return day
            except ValueError:
                pass
            candidate = candidate + relativedelta(months=1)
    return None
