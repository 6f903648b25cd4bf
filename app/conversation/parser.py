"""The offline understanding of a message: free wording in English, Spanish, Portuguese (French and German
too) turned into one :mod:`intent <app.conversation.intents>`.

Deterministic and bounded: a message is folded (lowercase, no accents, odd characters dropped), the period,
invoice reference, vendor and category are found first, then the words that are left decide the intent.
Anything not understood is :class:`Unknown`; nothing in a message is ever executed or echoed back unchecked.
"""
from __future__ import annotations

import re

from app.conversation import budget_parser, exclusions
from app.conversation import home_currency as home
from app.conversation import intents as i
from app.conversation.asides import question_alone
from app.conversation.commands import command, said_shop
from app.conversation.corrections import correction
from app.conversation.countries import home_town, named_place, place_in_a_name
from app.conversation.dates import (
    find_period,
    range_ends,
)
from app.conversation.expenses import DETAILS, read_expense
from app.conversation.language import detect
from app.conversation.matching import (
    CATEGORY_CONCEPTS,
    category_key,
    concept_of,
    find_phrase,
    resolve_vendors,
    split_concept_compounds,
)
from app.conversation.parsed import Parsed
from app.conversation.payment_parser import payment_intent
from app.conversation.period_shifts import all_of_a_month, said_shift
from app.conversation.periods import compared_periods, day_of_month, two_periods
from app.conversation.question_kind import asks_for_a_figure, is_answer, metric_of, names_a_kind_of_place
from app.conversation.slots import (
    ParseContext,
    blank,
    category_span,
    find_currency,
    find_near_vendor,
    find_unknown_vendor,
    find_vendor,
    known_words,
    only_reference_left,
    ordinary_word,
    original,
    reference,
    the_branch,
    the_one_so_named,
    unresolved_words,
)
from app.conversation.spelling import normalize, protected_words
from app.conversation.stray import function_words, name_words, stray_phrases
from app.conversation.text import (
    MAX_MESSAGE_CHARS,
    describe_symbols,
    fold_with_offsets,
    regional_tens,
    split_compounds,
)
from app.conversation.together import BOTH, LONE_TOGETHER
from app.conversation.vocabulary import (
    ALL_TIME,
    ALTOGETHER,
    AT_NET,
    AVERAGE,
    COMES_TO,
    COMPARE,
    COUNT,
    DIFFERENCE,
    EATING,
    FOLLOW_UP,
    GREETING,
    HELP,
    HOW_MUCH,
    INVOICE_NOUN,
    INVOICE_PLURAL,
    ITEMS,
    LAST_REF,
    LAST_TIME,
    LIMIT,
    LIST,
    MORE_LESS,
    MORE_OR_LESS,
    NO,
    NO_FILLER,
    NO_LEAD,
    OF_THAT,
    ONE_GO,
    POLITE_SIE,
    SAME_PERIOD,
    SHOW,
    SMALLEST,
    SUPERLATIVE,
    THANKS,
    THAT_IN,
    THAT_WORD,
    THERE,
    TIMEZONE_COMMAND,
    TOP_LIMIT,
    TOP_VENDORS,
    TOTAL,
    YES,
    YES_FILLER,
    YES_LEAD,
)

__all__ = ["ParseContext", "Parsed", "parse"]  # ParseContext (slots.py) and Parsed (parsed.py) are imported from here too


def parse(text: str, ctx: ParseContext) -> Parsed:
    """Understand one message. Never raises on any input; unknown input is :class:`Unknown`."""
    if not text or len(text) > MAX_MESSAGE_CHARS:
        return Parsed(i.Unknown(), None)
    text = split_concept_compounds(split_compounds(regional_tens(text), keep=lambda word: concept_of(word) is not None))
    plain = describe_symbols(text, named=lambda _: False)
    parsed = _read(plain, ctx)
    # An emoji is the subject only when the words name none ("⛽ last month?"); next to a vendor or a
    # category ("mercadona en febrero 🛒") it is decoration.
    if not (parsed.mentioned.get("vendor") or parsed.mentioned.get("category")):
        described = describe_symbols(text, named=_names_a_category)
        if described != plain and (pictured := _read(described, ctx)).mentioned.get("category"):
            return pictured
    return question_alone(plain, parsed, lambda said: _read(said, ctx))  # "…? faut que je checke mon budget"


def _names_a_category(name: str) -> bool:
    return any(find_phrase(name, sorted(concept)) for concept in CATEGORY_CONCEPTS)


def _read(text: str, ctx: ParseContext) -> Parsed:
    folded, offsets = fold_with_offsets(text)
    if not folded:
        return Parsed(i.Unknown(), None)
    language = None
    try:
        names = protected_words([*ctx.vendors, *ctx.categories])
        unspelt = folded, offsets  # budgets and category names are read before spelling "corrects" them
        folded, offsets = normalize(text, folded, offsets, known_words(), names)
        language = detect(folded).language
        if (about_budgets := budget_parser.read(text, *unspelt, ctx)) is not None:
            return Parsed(about_budgets, budget_parser.language_of(unspelt[0]) or language)
        if (left := exclusions.find(text, folded, offsets, ctx)) is None:  # "tudo menos o iFood": read first
            return _parse(text, folded, offsets, language, ctx)
        parsed = _parse(text, blank(folded, *left.span), offsets, language, ctx)
        return Parsed(exclusions.apply(parsed.intent, left), parsed.language, parsed.elliptical, parsed.mentioned)
    except ValueError:  # an intent that failed validation (absurd limits, dates): not understood
        return Parsed(i.Unknown(), language)


def _parse(text: str, folded: str, offsets: list[int], language: str | None, ctx: ParseContext) -> Parsed:
    bare = folded.strip(" .!?,;:")
    if bare in YES or is_answer(bare, YES_LEAD, YES_FILLER):
        return Parsed(i.Confirm(), language)
    if bare in NO or is_answer(bare, NO_LEAD, NO_FILLER):
        return Parsed(i.Cancel(), language)

    if m := TIMEZONE_COMMAND.search(folded):
        value = text[offsets[m.start("value")]:].strip(" .!?\"'")[:80]
        if value:
            return Parsed(i.SetTimezone(value=value), language)

    if (paying := payment_intent(text, folded, offsets, ctx)) is not None:
        return Parsed(paying, language)
    if (own := home.command(text, folded, offsets, ctx.home_currency)) is not None:
        return Parsed(own, language)

    fix = correction(text, folded, offsets, ctx)
    if fix is not None:
        return Parsed(fix, language)
    if not LIMIT.search(folded) and (expense := read_expense(text, ctx)) is not None:  # "taxi 12€", not "las últimas 3"
        return Parsed(expense, language)
    if DETAILS.fullmatch(bare):  # "details" after a burst's summary or a list
        return Parsed(i.ShowDetails(), language)

    # "the month before", "same month last year": the previous question's period moved, read before the
    # periods so "last year" there is not a period of its own.
    shift, work = said_shift(folded)
    # "that month": the previous question's period, carried over like any slot not said again.
    kept = SAME_PERIOD.search(work) if shift is None else None
    if kept:
        work = blank(work, kept.start(), kept.end())
    differ = DIFFERENCE.search(work)
    cues = MORE_OR_LESS.sub(" ", work)
    pair = two_periods(work, ctx.today, day_first=ctx.day_first, ranges=not differ) or (
        range_ends(work, ctx.today, day_first=ctx.day_first) if differ else None)
    found = other = None
    if pair is not None:
        found, other = pair
        rest = blank(blank(work, found.start, found.end), other.start, other.end)
    else:
        found = find_period(work, ctx.today, day_first=ctx.day_first) or (
            day_of_month(work, ctx.today) if shift is None else None)
        rest = blank(work, found.start, found.end) if found else work
        if found and (on_day := day_of_month(rest, found.period.start, within=found.period)):  # "no dia 4 deste mês"
            found, rest = on_day, blank(rest, on_day.start, on_day.end)
        # "March vs April", "compare this month with last month": a second period, read only next to a
        # comparison word, so "invoices from March" never loses words to a stray second date.
        if found and (COMPARE.search(cues) or MORE_LESS.search(cues) or differ):  # "Differenz zum Februar"
            other = find_period(rest, ctx.today, day_first=ctx.day_first)
            if other is not None:
                rest = blank(rest, other.start, other.end)
    period = found.period if found else None
    whole = found is not None and all_of_a_month(folded, found)  # "todo noviembre": every shop in it
    if all_time := ALL_TIME.search(rest):  # "depuis le début": every period, whatever was asked before
        rest = blank(rest, all_time.start(), all_time.end())
    commands = rest  # commands are read with the reference still in place ("bórrala", "bring it back")
    # "how much of that was in sterling": "that" is the figure just given, not an invoice.
    asks = HOW_MUCH.search(rest) or TOTAL.search(rest) or COUNT.search(rest) or AVERAGE.search(rest) or FOLLOW_UP.match(folded)
    there = THERE.search(rest) if asks or LAST_TIME.search(rest) or LAST_REF.search(rest) else None  # "the last time I was there"
    of_that = (OF_THAT.search(rest) if asks else None) or there  # "of that", "there": the last scope
    # "and that in dollars?", "cuánto es en pesos": the figure just given, in another currency.
    that_in = THAT_IN.search(rest) or ((FOLLOW_UP.match(folded) or COMES_TO.match(folded.lstrip()) or len(bare.split()) <= 4)
                                       and COMES_TO.search(rest))  # "em reais quanto dá": the figure just given
    if that_in:
        rest = blank(rest, that_in.start(), that_in.end())
    for aside in (of_that, POLITE_SIE.search(rest)):  # "Könnten Sie mir sagen": the polite "you", no invoice
        rest = blank(rest, aside.start(), aside.end()) if aside else rest
    ref, rest = reference(rest)

    if (order := command(commands, rest, ref, period, lambda: find_vendor(text, rest, offsets, ctx)[0] or said_shop(rest, ctx.vendors, language))) is not None:
        return Parsed(order, language)

    said = rest
    currency, rest = find_currency(text, rest, ctx.home_currency, ctx.vendors, ctx.currencies)
    convert_to, currency, rest = home.conversion(said, rest, currency, ctx.home_currency)
    if of_that and convert_to and not currency:  # "und davon in Pfund?": the part paid in pounds
        currency, convert_to = convert_to, None
    converted = convert_to is not None and ref == i.IT  # "convert it to rupees", "pásamelo a euros": the figure given
    ref = None if converted else ref
    # "in Deutschland" from Zürich, "in London in Pfund": the money paid there, in its currency; with a currency
    # said ("en libras en Gibraltar") the place only says where. At home the place is said back.
    abroad, span = named_place(rest, ctx.today, ctx.country, ctx.currencies)
    if span is not None and place_in_a_name(rest, span, ctx.vendors):
        span = None  # "El Cairo", the user's restaurant, not Cairo
    if span is not None and currency is not None:
        rest = blank(rest, *span)
    elif span is not None and abroad and abroad != ctx.home_currency and convert_to in (None, abroad):
        # "the Toronto trip, how much was that": "that" is the trip, not an invoice.
        currency, convert_to, rest, ref = abroad, None, blank(rest, *span), (None if ref == i.IT else ref)
    unnamed = rest  # before the names are read: what a leftover word stood next to
    near = find_near_vendor(text, rest, offsets, ctx)  # "tim hortans": offered, even where "tim" alone would do
    vendor, rest = find_vendor(text, rest, offsets, ctx)
    others: list[str] = []
    while vendor and len(others) < 5 and (more := find_vendor(text, rest, offsets, ctx))[0]:
        others.append(more[0])  # "Swiggy + Zomato", "Tesco and Lidl"
        rest = more[1]
    if vendor and others:  # "el walmart de mcallen": one shop, Walmart McAllen, not Walmart and it
        vendor, others = the_branch(folded, vendor, others, ctx.vendors)
    category, rest, category_at = category_span(rest, ctx)
    if (vendor or category) and (town := home_town(rest, ctx.country)):  # "die Öffis in Innsbruck": at home
        rest = blank(rest, *town)
    if category and category_key(category) == "travel" and (currency or convert_to or span):
        category = None  # "on the london trip", "(voyage à Paris)": where it was, not a kind of spending
    if near is not None and (vendor is None or near[1] in resolve_vendors(vendor, ctx.vendors)) and not others:
        meant = i.SpendingQuery(metric=metric_of(near[2]) or "total", period=period, vendor=near[1], category=category,
                                currency=currency, convert_to=convert_to)
        return Parsed(i.Unresolved(words=(near[0],), asked=meant.model_copy(update={"vendor": None}), suggested=meant),
                      language)
    if vendor is None:
        vendor, rest = find_unknown_vendor(text, rest, offsets, ctx)
    mentioned = {"period": period, "vendor": vendor, "category": category, "currency": currency, "shift": shift,
                 "convert_to": convert_to, **({"there": there[0]} if there else {}), **({"everything": "whole"} if whole else {}),
                 **({"place": abroad} if span is not None and abroad and currency == abroad else {})}  # "und London?"
    # "both together (in April)": the two previous questions added up, worked out by the handler;
    # "Shell and Lidl together" says how the vendors named are taken.
    altogether = ALTOGETHER.search(rest)
    if altogether:
        rest = blank(rest, altogether.start(), altogether.end())
    # "en moyenne ça fait combien", "how many orders was that", "wie viel war das insgesamt": an invoice has
    # no average, count or "in total": "that" is the last question's scope.
    if ref is not None and ref.kind == "it" and (vendor or category) and HOW_MUCH.search(rest):
        ref = None  # "le gsm proximus, ça me coûte combien": "ça" is the thing just named, not an invoice
    if about_last := (ref is not None and ref.kind == "it" and (metric_of(rest) in ("average", "count") or altogether)):
        ref, about_last = None, not (vendor or category or period)
    elif altogether and THAT_WORD.search(rest) and not (vendor or category or period):
        about_last = True  # "wie viel war das insgesamt": that scope, all of it
    elif altogether:
        mentioned["everything"] = altogether[0]  # a follow-up "en total" no longer keeps the last vendor
    both = BOTH.search(rest) if not (ref or category or other) and (others or not vendor) else None
    if both:
        rest = blank(rest, both.start(), both.end())
        # A bare "zusammen" next to what it sums ("meine USD-Belege zusammen") is "altogether", not "both".
        if others or (both[0].strip() in LONE_TOGETHER and (currency or convert_to or metric_of(rest) == "count")):
            both = None
        else:
            mentioned["both"] = original(text, offsets, both.start(), both.end())
    if vendor is None and ref is None and (at_net := AT_NET.search(rest)):
        return Parsed(i.Unresolved(words=(original(text, offsets, at_net.start("name"), at_net.end("name")),)),
                      language)
    if all_time:
        mentioned["all_time"] = all_time[0]
    unresolved = [w for w in unresolved_words(rest) if w not in function_words(language)]
    if unresolved and ref is None and not ITEMS.search(rest):
        read = i.SpendingQuery(metric=metric_of(rest) or "total", period=period, currency=currency)
        return Parsed(i.Unresolved(words=tuple(unresolved[:5]), asked=read), language, bool(FOLLOW_UP.match(folded)))
    follow_up = bool(FOLLOW_UP.match(folded) or of_that or that_in or about_last or converted) or shift is not None or kept is not None
    if differ and found is None and not (vendor or category):  # "what was the difference between them"
        return Parsed(i.Unresolved(words=(original(text, offsets, differ.start(), differ.end()),)), language,
                      elliptical=True, mentioned={**mentioned, "difference": "between the two just asked"})
    # "les frites ça m'a coûté combien": "ça" stands for the words before it, which must be read too.
    loose_ref = ref is None or (ref.kind == "it" and HOW_MUCH.search(rest) is not None)
    if loose_ref and not ITEMS.search(rest) and (follow_up or asks_for_a_figure(rest, mentioned, text)) \
            and (stray := stray_phrases(rest, unnamed, lambda w: ordinary_word(w) or bool(vendor and w in EATING),
                                        lambda s, e: original(text, offsets, s, e),
                                   name_words([vendor, *others, category], ctx.vendors), language)):
        read = i.SpendingQuery(metric=metric_of(rest) or "total", period=period, vendor=vendor, category=category,
                               currency=currency)
        return Parsed(i.Unresolved(words=tuple(stray[:5]), loose=True, asked=read), language,
                      bool(FOLLOW_UP.match(folded)))
    if both:
        return Parsed(i.SpendingQuery(period=period), language, elliptical=True, mentioned=mentioned)

    # Three words or fewer naming no scope ("le moins cher", "quantas vezes"): said of the last question's.
    terse = len(bare.split()) <= 3 and not (period or vendor or category or currency or convert_to or all_time)
    extreme = SMALLEST.search(rest) or SUPERLATIVE.search(rest) or ONE_GO.search(rest)
    the_most = extreme and re.search(r"(?:^|\s)(?:lo|el|la|o|a|le|the|my|mi|mon|ma|meu|minha|mein\w*)\s+$",
                                     rest[:extreme.start()])  # "lo más caro", "mon plus gros ticket"
    if ITEMS.search(rest) and not metric_of(rest) and not the_most:  # "c'était quoi le plein le plus cher": the biggest
        latest = LAST_TIME.search(rest)
        if vendor or latest or ref is not None or not period:  # "o que tinha na do supermercado": that one's
            return Parsed(i.ShowInvoice(ref=ref or (i.LAST if vendor or category else i.IT), vendor=vendor,
                                        category=None if vendor or ref else category), language)

    if (TOP_VENDORS.search(rest) and not vendor) or names_a_kind_of_place(rest, category_at, folded):  # not "biggest coles shop"
        top = TOP_LIMIT.search(rest)
        limit = min(int(top["a"] or top["b"]), 10) if top and int(top["a"] or top["b"]) >= 1 else 5
        return Parsed(i.TopVendors(period=period, limit=limit, category=category, convert_to=convert_to), language,
                      mentioned=mentioned)
    if extreme and (INVOICE_NOUN.search(rest) or ONE_GO.search(rest) or the_most or (ref is None and not TOTAL.search(rest))):
        return Parsed(i.BiggestInvoice(smallest=bool(SMALLEST.search(rest)), period=period, vendor=vendor,
                                       category=category), language, mentioned=mentioned,
                      elliptical=follow_up or terse or not (period or vendor or category))  # "cuál fue el más caro?"
    if found and not (others and other is None) \
            and (periods := compared_periods(MORE_OR_LESS.sub(" ", rest), found, other, ctx.today)):
        combine = pair is not None and not (differ or COMPARE.search(cues) or MORE_LESS.search(cues))
        return Parsed(i.CompareSpending(metric=metric_of(rest) or "total", period=periods[0],
                                        other_period=periods[1], combine=combine, vendor=vendor,
                                        category=category, currency=currency, convert_to=convert_to), language,
                      elliptical=follow_up, mentioned=mentioned)
    if follow_up and ref is None and (period or vendor or category or currency or convert_to or shift
                                      or metric_of(rest)):
        metric = metric_of(rest)  # "what about tesco and aldi together": both shops
        return Parsed(i.SpendingQuery(metric=metric or "total", period=period, vendor=vendor, category=category,
                                      currency=currency, convert_to=convert_to, other_vendors=tuple(others)), language,
                      elliptical=True, mentioned={**mentioned, "metric": metric})

    metric = metric_of(rest)
    if others and ref is None:
        return Parsed(i.SpendingQuery(metric=metric or "total", period=period, vendor=vendor,
                                      other_vendors=tuple(others), category=category, currency=currency,
                                      convert_to=convert_to, each=bool(differ or COMPARE.search(cues))), language,
                      mentioned=mentioned)
    if metric is not None and ref is None:  # "quantas vezes", "média por compra": the last question's scope
        return Parsed(i.SpendingQuery(metric=metric, period=period, vendor=vendor, category=category,
                                      currency=currency, convert_to=convert_to), language, elliptical=terse,
                      mentioned={**mentioned, "metric": metric} if terse else mentioned)
    if ref is not None and (SHOW.search(rest) or only_reference_left(rest)):  # "the latest blinkit bill": that shop's
        ref = i.LAST if ref.kind == "it" and vendor else ref  # "that one from snooze": that shop's latest
        if ref.kind != "last":  # "the second one" alone may answer "which one?"
            return Parsed(i.ShowInvoice(ref=ref), language, follow_up, {"reference": None if SHOW.search(rest) else "alone"})
        vendor = the_one_so_named(folded, category_at, ctx.vendors) or vendor
        return Parsed(i.ShowInvoice(ref=ref, vendor=vendor, category=None if vendor else category), language)

    asked = LIMIT.search(rest)
    # "energy bills this year", "ÖBB Tickets letztes Jahr": a scope and a period without "show": their sum.
    if not (asked or LIST.search(rest)) and INVOICE_PLURAL.search(rest) and period and (vendor or category):
        return Parsed(i.SpendingQuery(period=period, vendor=vendor, category=category, currency=currency,
                                      convert_to=convert_to), language, mentioned=mentioned)
    if asked or INVOICE_PLURAL.search(rest) or (LIST.search(rest) and (period or vendor or category)):
        n = int(asked["a"] or asked["b"]) if asked else (10 if (period or vendor or category) else 5)
        return Parsed(i.ListInvoices(limit=max(1, min(n, i.MAX_LIST)), vendor=vendor, period=period,
                                     category=category, currency=currency or convert_to, items=bool(ITEMS.search(rest))), language,
                      mentioned=mentioned)
    if ref is not None:  # "was hat der letzte Einkauf im Kaufland gekostet": that shop's latest
        last = ref.kind == "last"
        return Parsed(i.ShowInvoice(ref=ref, vendor=vendor if last else None,
                                    category=category if last and not vendor else None), language, elliptical=follow_up,
                      mentioned={"there": there[0]} if there and last else {})
    if HELP.search(rest) or bare in {"?", "??", "???"}:
        return Parsed(i.Help(), language)
    if period or vendor or category or currency or convert_to or shift:
        # Without "and…", a phrase like "Restaurants im April" asks anew: only the period it leaves out is kept.
        fresh = {} if follow_up or not (period or vendor or category or currency) else {"metric": "total", "fresh": "yes"}
        return Parsed(i.SpendingQuery(period=period, vendor=vendor, category=category, currency=currency,
                                      convert_to=convert_to),
                      language, elliptical=True, mentioned={**mentioned, **fresh})
    if GREETING.search(rest) or THANKS.search(rest):
        return Parsed(i.Greeting(thanks=bool(THANKS.search(rest)) and not GREETING.search(rest)), language)
    return Parsed(i.Unknown(), language)
