"""A message that only changes one slot of the previous question ("and in April?", "what about Shell?",
"the month before", "and at Costa?" after words that were said back): that question, with the slot changed."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from dateutil.relativedelta import relativedelta

from app.conversation import intents as i
from app.conversation.dates import Period
from app.conversation.parser import Parsed
from app.conversation.periods import shifted, two_periods
from app.conversation.question_kind import metric_of
from app.conversation.text import fold
from app.conversation.vocabulary import IT_REF, THAT_WORD

CONTINUABLE = (i.SpendingQuery, i.CompareSpending, i.ListInvoices, i.TopVendors, i.BiggestInvoice)


def continue_previous(parsed: Parsed, memory: dict[str, Any], today: dt.date) -> i.Intent:
    """"And in April?" after a question keeps that question with the one slot changed (period, vendor,
    category, currency or metric); "the month before" / "same month last year" move its period."""
    said_shift = parsed.mentioned.get("shift")
    shift = said_shift if isinstance(said_shift, str) else None
    previous = i.stored(memory.get("last_query")) if parsed.elliptical else None
    earlier = getattr(previous, "period", None)
    if isinstance(parsed.intent, i.Unresolved) and parsed.intent.asked and parsed.intent.asked.period is None \
            and earlier is not None:  # "und beim großen spar" said back, then "und mpreis"
        asked = parsed.intent.asked.model_copy(update={"period": earlier})
        return parsed.intent.model_copy(update={"asked": asked})
    if isinstance(previous, i.Unresolved):  # said back: only a new vendor, category or place (or "in total") answers it
        named = {"vendor", "category", "everything", "place"} & {k for k, v in parsed.mentioned.items() if v is not None}
        if not (named and previous.asked):
            return previous
        previous = previous.asked
    if isinstance(previous, i.CompareSpending) and parsed.mentioned.get("difference"):
        return previous.model_copy(update={"combine": False})  # "what was the difference between them"
    if isinstance(previous, CONTINUABLE) and isinstance(parsed.intent, (i.CompareSpending, i.BiggestInvoice)):
        # "et en mars et avril ensemble ?" after a question about Match: two periods, the same shop; "and the
        # cheapest?" after the biggest in Q1: Q1 still.
        slots = ("vendor", "category", "currency") + (("period",) if isinstance(parsed.intent, i.BiggestInvoice) else ())
        kept = {k: getattr(previous, k, None) for k in slots if k in type(parsed.intent).model_fields
                and parsed.mentioned.get(k) is None and getattr(previous, k, None)}
        return parsed.intent.model_copy(update=kept)
    if (block := _ordinal_block(parsed.intent, previous, memory)) is not None:  # "y en el segundo" (trimestre)
        return previous.model_copy(update={"period": block})  # type: ignore[union-attr]
    if not isinstance(previous, CONTINUABLE) or (isinstance(previous, i.CompareSpending) and shift):
        if shift and isinstance(parsed.intent, i.SpendingQuery):  # nothing to move: from this month, or the one named
            return parsed.intent.model_copy(update={"period": shifted(_shift_base(parsed, shift, None), shift, today)})
        return parsed.intent
    if parsed.mentioned.get("fresh") and not isinstance(previous, (i.SpendingQuery, i.CompareSpending)):  # "Apotheke heuer" after "billigste…"
        previous = i.SpendingQuery(period=getattr(previous, "period", None))
    elif isinstance(previous, i.ListInvoices) and isinstance(parsed.intent, i.SpendingQuery) \
            and parsed.mentioned.get("metric"):  # "wie viel … in Krakau" after a list: a figure, in the list's scope
        previous = i.SpendingQuery(period=previous.period, vendor=previous.vendor, category=previous.category,
                                   currency=previous.currency)
    elif isinstance(previous, i.BiggestInvoice) and isinstance(parsed.intent, i.SpendingQuery) \
            and parsed.mentioned.get("metric") not in (None, "total"):  # "y en promedio?" after the dearest one
        previous = i.SpendingQuery(period=previous.period, vendor=previous.vendor, category=previous.category)
    fields = type(previous).model_fields
    changes: dict[str, object] = {k: v for k, v in parsed.mentioned.items() if v is not None and k in fields}
    # No "and…" (a new question that only leaves its period out), or a new subject in a new period ("e a conta
    # de luz do ano passado" after "in dollars"): the currency asked before was about that question only.
    if parsed.mentioned.get("fresh") or ("period" in changes and {"vendor", "category"} & changes.keys()):
        changes.update({k: None for k in ("currency", "convert_to") if k in fields and k not in changes})
    if parsed.mentioned.get("fresh") and "metric" in fields:
        changes.setdefault("metric", "total")
    for left_out in ("except_vendors", "except_currency"):  # "e em agosto, sem contar o Brasil"
        if getattr(parsed.intent, left_out, None) and left_out in fields:
            changes[left_out] = getattr(parsed.intent, left_out)
    if "vendor" in changes and "except_vendors" in fields:  # "and iFood?" after everything but iFood
        changes.setdefault("except_vendors", ())
    if shift:
        changes["period"] = shifted(_shift_base(parsed, shift, getattr(previous, "period", None)), shift, today)
    if isinstance(previous, i.CompareSpending) and "period" in changes:  # "and fuel this year?" after May vs June
        previous = i.SpendingQuery(metric=previous.metric, vendor=previous.vendor, category=previous.category,
                                   currency=previous.currency)
        fields = i.SpendingQuery.model_fields
    if parsed.mentioned.get("all_time") and "period" in fields:  # "et chez Leclerc depuis le début"
        changes["period"] = None
        changes.update({k: None for k in ("currency", "convert_to") if k in fields and k not in changes})
    # "y cuánto fue en total?" after how many orders from a shop: what those orders came to, not everything.
    counted = getattr(previous, "metric", None) == "count" and parsed.mentioned.get("metric") in (None, "total")
    if parsed.mentioned.get("everything") and not counted:  # "y en total el mismo mes del año pasado": every vendor, as paid
        changes.update({k: None for k in ("vendor", "category", "currency", "convert_to") if k in fields and k not in changes})
    # "what about Shell?" after a fuel question asks about Shell, not about Shell's fuel; and the other way.
    if "vendor" in changes and "category" in fields and "category" not in changes:
        changes["category"] = None
    if "vendor" in changes and "other_vendors" in fields:  # "and at Lidl?" after "Tesco and Aldi": Lidl alone
        changes["other_vendors"] = getattr(parsed.intent, "other_vendors", ())
    said_day = changes.get("period")
    if isinstance(said_day, Period) and said_day.end - said_day.start == dt.timedelta(days=1) and "vendor" not in changes \
            and "category" not in changes and not parsed.mentioned.get("there"):
        changes.update({k: None for k in ("vendor", "category") if k in fields})  # "and on the 31st?": all that day
        if "other_vendors" in fields:
            changes["other_vendors"] = ()
    if parsed.mentioned.get("there") and getattr(previous, "vendor", None) and "vendor" not in changes:
        changes.pop("category", None)  # "moyenne par repas là-bas": the meals at the shop just asked about
    if "category" in changes and "vendor" in fields and "vendor" not in changes:
        changes["vendor"] = None
    if changes.get("metric") == "count" and "convert_to" in fields:
        changes["convert_to"] = None  # "y cuántos uber allá" after "pásalo a dólares": a number of invoices
    return previous.model_copy(update=changes) if changes else parsed.intent


def same_subject(intent: i.Intent, parsed: Parsed, memory: dict[str, Any]) -> i.Intent:
    """A new question about the very shop or category just asked about, with no period of its own
    ("quantos abastecimentos" after "gasolina este ano", "cuánto IVA en la luz" after the light this year):
    the same subject goes on in the period just asked about, and so does one asked about earlier in that same
    period. Another subject asks anew, over all time."""
    if parsed.elliptical or parsed.mentioned.get("all_time") or not isinstance(intent, (i.SpendingQuery, i.BiggestInvoice)) \
            or intent.period is not None or not (intent.vendor or intent.category):
        return intent
    previous = _last_period_question(memory)
    if previous is None or isinstance(previous, i.CompareSpending):
        return intent
    subject = [(intent.vendor or "").casefold(), (intent.category or "").casefold()]
    asked = memory.get("period_subjects")
    said_before = [[(getattr(previous, k, None) or "").casefold() for k in ("vendor", "category")]]
    if isinstance(asked, list):  # "media de la luz" after "luz este año", "y de agua?": luz this year still
        said_before += asked
    if subject in said_before:
        return intent.model_copy(update={"period": getattr(previous, "period", None)})
    return intent


def compared_with_last(intent: i.Intent, parsed: Parsed, memory: dict[str, Any], said: str, today: dt.date) -> i.Intent:
    """"Compare avec octobre" after a question about December: December against October, with the last
    question's shop or category, not this month against October. Only a short message, or one saying "that"
    ("how much more than jan is that"): a longer one names both sides ("wie viel mehr diesen Juni als im Juni
    letztes Jahr")."""
    named = parsed.mentioned.get("period")
    if not isinstance(intent, i.CompareSpending) or parsed.elliptical or not isinstance(named, Period) \
            or intent.other_period != named or (len(said.split()) > 4 and not THAT_WORD.search(fold(said))) \
            or two_periods(fold(said), today) is not None:
        return intent
    previous = _last_period_question(memory)
    earlier = getattr(previous, "period", None)
    if previous is None or earlier == named:
        return intent
    kept = {k: getattr(previous, k, None) for k in ("vendor", "category", "currency")
            if getattr(intent, k, None) is None and getattr(previous, k, None)}
    return intent.model_copy(update={"period": earlier, **kept})


def back_home(intent: i.Intent, memory: dict[str, Any], home: str | None, said: str) -> i.Intent:
    """"Whats that in quid" after "how much did I spend in euros in August": the euros, in pounds. Everything
    converted back to the user's own currency is the plain total, which "that" right after a question about a
    foreign currency never asks for ("and in pounds?", without "that", may well ask for it)."""
    folded = fold(said)
    if not (isinstance(intent, i.SpendingQuery) and home and intent.convert_to == home and intent.currency is None
            and (THAT_WORD.search(folded) or IT_REF.search(folded))):  # "pásamelo a euros"
        return intent
    previous = i.stored(memory.get("last_query"))
    foreign = getattr(previous, "convert_to", None)
    if not isinstance(previous, i.SpendingQuery) or previous.currency is not None or foreign in (None, home) \
            or (previous.period, previous.vendor, previous.category) != (intent.period, intent.vendor, intent.category):
        return intent
    return intent.model_copy(update={"currency": foreign})


def of_the_figure(intent: i.Intent, memory: dict[str, Any], said: str) -> i.Intent:
    """"How much GST on that" right after a sum over several invoices: that sum's scope, in the metric asked,
    not one invoice ("that" has no one invoice to mean there)."""
    if not (isinstance(intent, i.ShowInvoice) and intent.ref.kind == "it" and memory.get("focus") == "figure"):
        return intent
    metric = metric_of(fold(said))
    previous = i.stored(memory.get("last_query"))
    if metric in ("tax", "net", "average") and isinstance(previous, i.SpendingQuery):
        return previous.model_copy(update={"metric": metric})
    return intent


def the_shop_there(intent: i.Intent, parsed: Parsed, memory: dict[str, Any],
                   focused_vendor: Callable[[], str | None]) -> i.Intent:
    """"Quanto foi lá da última vez", "when was I last there": the latest invoice from the shop just talked
    about (the invoice on screen, else the last question's shop or category), not the latest of all."""
    if not (isinstance(intent, i.ShowInvoice) and intent.ref.kind == "last" and not (intent.vendor or intent.category)
            and parsed.mentioned.get("there")):
        return intent
    previous = i.stored(memory.get("last_query"))
    shop = (focused_vendor() if memory.get("focus") == "invoice" else None) or getattr(previous, "vendor", None)
    category = None if shop else getattr(previous, "category", None)
    return intent.model_copy(update={"vendor": shop, "category": category}) if shop or category else intent


def _last_period_question(memory: dict[str, Any]) -> i.Intent | None:
    """The last question asked, when it is one a follow-up continues and it named a period."""
    previous = i.stored(memory.get("last_query"))
    return previous if isinstance(previous, CONTINUABLE) and isinstance(getattr(previous, "period", None), Period) else None


def _shift_base(parsed: Parsed, shift: str, earlier: Period | None) -> Period | None:
    """The period a shift moves from: the one named with it ("el mes anterior a noviembre", "tout le mois de
    mai"), else the last question's (``earlier``)."""
    named = parsed.mentioned.get("period") if shift in ("before", "after", "whole_month") else None
    return named if isinstance(named, Period) else earlier


def _ordinal_block(said: i.Intent, previous: i.Intent | None, memory: dict[str, Any]) -> Period | None:
    """"And the second?" after a question about a quarter (or a half) of a year, with no list on screen:
    that quarter (half) of the same year, not the second invoice of a list."""
    period = getattr(previous, "period", None)
    if not (isinstance(said, i.ShowInvoice) and said.ref.kind == "listed" and said.ref.number
            and isinstance(previous, CONTINUABLE) and isinstance(period, Period) and memory.get("focus") != "list"):
        return None
    start, end = period.start, period.end
    months = (end.year - start.year) * 12 + end.month - start.month
    if start.day != 1 or end.day != 1 or months not in (3, 6) or (start.month - 1) % months:
        return None
    n = said.ref.number
    if n > 12 // months:
        return None
    first = dt.date(start.year, (n - 1) * months + 1, 1)
    return Period(start=first, end=first + relativedelta(months=months))
