"""The offline understanding of a message: free wording in English, Spanish, Portuguese (French and German
too) turned into one :mod:`intent <app.conversation.intents>`.

Deterministic and bounded: a message is folded (lowercase, no accents, odd characters dropped), the period,
invoice reference, vendor and category are found first, then the words that are left decide the intent.
Anything that is not understood is :class:`Unknown`; nothing in a message is ever executed or echoed
back unchecked.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from app.conversation import intents as i
from app.conversation.dates import (
    Period,
    PeriodMatch,
    counterpart,
    date_patterns,
    find_period,
    month_abbreviations,
    month_names,
    weekday_names,
)
from app.conversation.language import detect, vocabulary
from app.conversation.matching import (
    CATEGORY_CONCEPTS,
    CURRENCY_WORDS,
    category_phrases,
    concept_category,
    concept_of,
    find_phrase,
    find_vendor_typo,
    iso_currencies,
    vendor_phrases,
)
from app.conversation.spelling import literal_words, normalize, protected_words
from app.conversation.text import MAX_MESSAGE_CHARS, fold, fold_with_offsets
from app.conversation.vocabulary import (
    AVERAGE,
    BARE_NUMBER_REF,
    COMPARE,
    CONNECTORS,
    COPULA,
    CORRECT_VERB,
    COUNT,
    DELETE,
    DOCUMENT_NOUN,
    EXPORT,
    FIELD,
    FIELD_WORDS,
    GREETING,
    HELP,
    HELP_QUESTION,
    HOW_MUCH,
    INVOICE_NOUN,
    INVOICE_PLURAL,
    IT_REF,
    KEEP,
    LAST_REF,
    LIMIT,
    LIST,
    LISTED_REF,
    MORE_LESS,
    MORE_OR_LESS,
    MY_DATA,
    NET,
    NO,
    NO_FILLER,
    NO_LEAD,
    NOT_A_SHOP,
    ORDINALS,
    PLACE_WORD,
    PREPOSITION_VENDOR,
    QUESTION,
    SEQ_REF,
    SHOW,
    STRONG_COPULA,
    SUPERLATIVE,
    TAX,
    THAN,
    THANKS,
    TIMEZONE_COMMAND,
    TOP_LIMIT,
    TOP_VENDORS,
    TOTAL,
    UNDO,
    VOCABULARY_PATTERNS,
    YES,
    YES_FILLER,
    YES_LEAD,
)
from app.domain.categories import OTHER


@dataclass(frozen=True)
class ParseContext:
    """What the parser may know besides the text: the user's today and their own vendors/categories."""

    today: dt.date
    vendors: Sequence[str] = ()
    categories: Sequence[str] = ()
    day_first: bool = True


@dataclass(frozen=True)
class Parsed:
    intent: i.Intent
    language: str | None  # detected language of this message, None when unsure
    # True when the message only narrowed something ("and in April?", "y en Shell?"): the handler may
    # carry the previous question over with these new details.
    elliptical: bool = False
    mentioned: dict[str, Period | str | None] = field(default_factory=dict)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def parse(text: str, ctx: ParseContext) -> Parsed:
    """Understand one message. Never raises on any input; unknown input is :class:`Unknown`."""
    if not text or len(text) > MAX_MESSAGE_CHARS:
        return Parsed(i.Unknown(), None)
    folded, offsets = fold_with_offsets(text)
    if not folded:
        return Parsed(i.Unknown(), None)
    language = None
    try:
        names = protected_words([*ctx.vendors, *ctx.categories])
        folded, offsets = normalize(text, folded, offsets, _known_words(), names)
        language = detect(folded).language
        return _parse(text, folded, offsets, language, ctx)
    except ValueError:  # an intent that failed validation (absurd limits, dates): not understood
        return Parsed(i.Unknown(), language)


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Words the parser reads as they are: its own vocabulary and the language detector's."""
    return (literal_words(*VOCABULARY_PATTERNS, SEQ_REF, LAST_REF, IT_REF, LISTED_REF, FIELD, CORRECT_VERB,
                          COPULA, QUESTION, LIMIT, TOP_VENDORS, INVOICE_PLURAL, MY_DATA)
            | frozenset(w for phrase in (*YES, *NO, *FIELD_WORDS) for w in re.findall(r"[a-z]+", phrase))
            | literal_words(*date_patterns().values()) | vocabulary())


def _parse(text: str, folded: str, offsets: list[int], language: str | None, ctx: ParseContext) -> Parsed:
    bare = folded.strip(" .!?,;:")
    if bare in YES or _answer(bare, YES_LEAD, YES_FILLER):
        return Parsed(i.Confirm(), language)
    if bare in NO or _answer(bare, NO_LEAD, NO_FILLER):
        return Parsed(i.Cancel(), language)

    if m := TIMEZONE_COMMAND.search(folded):
        value = text[offsets[m.start("value")]:].strip(" .!?\"'")[:80]
        if value:
            return Parsed(i.SetTimezone(value=value), language)

    correction = _correction(text, folded, offsets)
    if correction is not None:
        return Parsed(correction, language)

    found = find_period(folded, ctx.today, day_first=ctx.day_first)
    period = found.period if found else None
    rest = _blank(folded, found.start, found.end) if found else folded
    # "March vs April", "compare this month with last month": a second period, read only next to a
    # comparison word, so "invoices from March" never loses words to a stray second date.
    other = None
    cues = MORE_OR_LESS.sub(" ", rest)
    if found and (COMPARE.search(cues) or MORE_LESS.search(cues)):
        other = find_period(rest, ctx.today, day_first=ctx.day_first)
        if other is not None:
            rest = _blank(rest, other.start, other.end)
    # Commands are read with the reference still in place ("bórrala", "bring it back").
    commands = rest
    ref, rest = _reference(rest)

    # "how does this work?": "this" there is not an invoice.
    if HELP_QUESTION.search(commands) and _metric(rest) is None:
        return Parsed(i.Help(), language)
    if DELETE.search(commands) and MY_DATA.search(commands) and (ref is None or ref.kind == "it"):
        return Parsed(i.DeleteMyData(), language)
    if UNDO.search(commands):
        return Parsed(i.UndoDelete(), language)
    if EXPORT.search(commands):
        return Parsed(i.Export(period=period), language)
    if DELETE.search(commands):
        return Parsed(i.DeleteInvoice(ref=ref or i.IT), language)
    if KEEP.search(commands) and not TOTAL.search(rest):
        return Parsed(i.KeepDuplicate(ref=ref or i.IT), language)

    vendor, rest = _vendor(text, rest, offsets, ctx)
    category, rest, category_span = _category_span(rest, ctx)
    currency = _currency(text, rest)
    mentioned = {"period": period, "vendor": vendor, "category": category, "currency": currency}

    if TOP_VENDORS.search(rest) or _names_a_kind_of_place(rest, category_span):
        top = TOP_LIMIT.search(rest)
        limit = min(int(top["a"] or top["b"]), 10) if top and int(top["a"] or top["b"]) >= 1 else 5
        return Parsed(i.TopVendors(period=period, limit=limit, category=category), language, mentioned=mentioned)
    if SUPERLATIVE.search(rest) and (INVOICE_NOUN.search(rest) or (ref is None and not TOTAL.search(rest))):
        return Parsed(i.BiggestInvoice(period=period, vendor=vendor, category=category), language,
                      mentioned=mentioned)
    if found and (periods := _compared(MORE_OR_LESS.sub(" ", rest), found, other, ctx.today)):
        return Parsed(i.CompareSpending(metric=_metric(rest) or "total", period=periods[0],
                                        other_period=periods[1], vendor=vendor, category=category,
                                        currency=currency), language, mentioned=mentioned)

    metric = _metric(rest)
    if metric is not None and ref is None:
        return Parsed(i.SpendingQuery(metric=metric, period=period, vendor=vendor, category=category,
                                      currency=currency), language, mentioned=mentioned)
    if ref is not None and (SHOW.search(rest) or _only_reference_left(rest)):
        return Parsed(i.ShowInvoice(ref=ref), language)

    asked = LIMIT.search(rest)
    if asked or INVOICE_PLURAL.search(rest) or (LIST.search(rest) and (period or vendor or category)):
        n = int(asked["a"] or asked["b"]) if asked else (10 if (period or vendor or category) else 5)
        return Parsed(i.ListInvoices(limit=max(1, min(n, i.MAX_LIST)), vendor=vendor, period=period,
                                     category=category), language, mentioned=mentioned)
    if ref is not None:
        return Parsed(i.ShowInvoice(ref=ref), language)
    if HELP.search(rest) or bare in {"?", "??", "???"}:
        return Parsed(i.Help(), language)
    if period or vendor or category or currency:
        return Parsed(i.SpendingQuery(period=period, vendor=vendor, category=category, currency=currency),
                      language, elliptical=True, mentioned=mentioned)
    if GREETING.search(rest) or THANKS.search(rest):
        return Parsed(i.Greeting(thanks=bool(THANKS.search(rest)) and not GREETING.search(rest)), language)
    return Parsed(i.Unknown(), language)


def _answer(bare: str, leads: set[str], filler: set[str]) -> bool:
    tokens = re.findall(r"[a-z']+", bare)
    return len(tokens) >= 2 and tokens[0] in leads and all(t in filler for t in tokens[1:]) \
        and not re.search(r"\d", bare)


def _metric(rest: str) -> i.Metric | None:
    if COUNT.search(rest):
        return "count"
    if AVERAGE.search(rest):
        return "average"
    if NET.search(rest):
        return "net"
    if TAX.search(rest):
        return "tax"
    if TOTAL.search(rest):
        return "total"
    return None


def _compared(rest: str, found: PeriodMatch, other: PeriodMatch | None, today: dt.date) -> tuple[Period, Period] | None:
    """The two periods of a comparison, in the order said: two periods with a comparison word between
    them ("May vs April", "gastei mais em maio ou em abril?"), or one period and "than"/"compare"
    ("more than last month?"), or a yes/no "did I spend more ... last month?" (not "how much")."""
    if other is not None:
        first, second = sorted((found, other), key=lambda m: m.start)
        if first.period != second.period:
            return first.period, second.period
        return None
    if COMPARE.search(rest) or THAN.search(rest) or (MORE_LESS.search(rest) and TOTAL.search(rest)
                                                      and not HOW_MUCH.search(rest)):
        return counterpart(found.period, today), found.period
    return None


def _names_a_kind_of_place(rest: str, span: tuple[int, int] | None) -> bool:
    """"en qué gasolinera gasto más", "top restaurants": a category word standing where a question about
    top vendors has its noun ("which store", "top shops"), not before an invoice noun ("top fuel bills")."""
    if span is None or DOCUMENT_NOUN.match(rest[span[1]:].lstrip()):
        return False
    return TOP_VENDORS.search(f"{rest[:span[0]]} stores {rest[span[1]:]}") is not None


def _only_reference_left(rest: str) -> bool:
    """After the reference is removed, nothing but filler ("#3", "and #4?", "la factura 2")."""
    filler = {"and", "y", "e", "et", "und", "please", "por", "favor", "pf", "pls", "the", "la", "el", "a",
              "o", "da", "de", "do", "le", "die", "der", "invoice", "factura", "fatura", "nota", "facture",
              "rechnung", "receipt", "recibo", "one", "about", "sobre", "what", "whats", "what's", "is", "y la", "e a", "me", "mi", "my", "minha", "mia", "ma", "meine", "number", "numero"}
    return all(w in filler for w in re.findall(r"[a-z0-9']+", rest))


def _reference(rest: str) -> tuple[i.InvoiceRef | None, str]:
    """The invoice the message points at, and the text without it."""
    if m := SEQ_REF.search(rest):
        return i.InvoiceRef.seq(int(m["n"])), _blank(rest, m.start(), m.end())
    if m := LISTED_REF.search(rest):
        position = next(n for n in ORDINALS if m[f"o{n}"])
        # "the first" alone is a position in the last list; "first invoices of march" is not.
        if not INVOICE_PLURAL.search(rest[m.end():m.end() + 15]):
            return i.InvoiceRef.listed(position), _blank(rest, m.start(), m.end())
    if m := LAST_REF.search(rest):
        return i.LAST, _blank(rest, m.start(), m.end())
    if m := IT_REF.search(rest):
        return i.IT, _blank(rest, m.start(), m.end())
    return None, rest


def _vendor(text: str, rest: str, offsets: list[int], ctx: ParseContext) -> tuple[str | None, str]:
    """A vendor named in the message: one of the user's own (loosely), else a capitalised name after
    "at/from/en/em/no..." so that "how much at Lidl?" answers "nothing at Lidl" rather than everything."""
    best: re.Match[str] | None = None
    for vendor in ctx.vendors:
        if not vendor:
            continue
        phrases = [p for p in vendor_phrases(vendor) if not _is_vocabulary(p)]
        m = find_phrase(rest, phrases)
        if m and (best is None or len(m[0]) > len(best[0])):
            best = m
    if best is not None:
        return _original(text, offsets, best.start(), best.end()), _blank(rest, best.start(), best.end())
    if near := find_vendor_typo(rest, ctx.vendors, skip=_is_vocabulary):
        vendor, start, end = near  # "starbuks", "carefour": the user's own name, spelled right
        return vendor, _blank(rest, start, end)
    # Capitalised names only show in the original text: keep the original characters still in ``rest``.
    present = {offsets[k] for k in range(len(rest)) if rest[k] != " "}
    kept = "".join(ch if j in present else " " for j, ch in enumerate(text))
    for m in PREPOSITION_VENDOR.finditer(kept):
        name = m["name"].strip(" .'-")
        if len(name) < 2 or name.isdigit() or name.upper() in iso_currencies() or _is_vocabulary(name):
            continue
        lo, hi = m.start("name"), m.start("name") + len(name)
        folded_span = [k for k in range(len(rest)) if lo <= offsets[k] < hi]
        if folded_span:
            rest = _blank(rest, folded_span[0], folded_span[-1] + 1)
        return name, rest
    return _unknown_name_after_place_word(text, rest, offsets)


def _unknown_name_after_place_word(text: str, rest: str, offsets: list[int]) -> tuple[str | None, str]:
    """A lowercase name the user has no invoices from yet ("how much at aldi?"), read only when no word of
    it is one the parser knows, so the answer is an honest "no invoices from aldi" instead of a total of
    everything."""
    for m in PLACE_WORD.finditer(rest):
        taken: list[re.Match[str]] = []
        for w in re.finditer(r"[a-z][a-z0-9&'\-]*", m["name"]):
            if _ordinary_word(w.group()):
                break
            taken.append(w)
        if not taken:
            continue
        start, end = m.start("name") + taken[0].start(), m.start("name") + taken[-1].end()
        return _original(text, offsets, start, end), _blank(rest, start, end)
    return None, rest


def _ordinary_word(word: str) -> bool:
    return (len(word) < 3 or word in _known_words() or word in NOT_A_SHOP or word in CONNECTORS
            or word in month_names() or word in month_abbreviations() or word in weekday_names()
            or word in CURRENCY_WORDS or concept_of(word) is not None or _is_vocabulary(word))


def _original(text: str, offsets: list[int], start: int, end: int) -> str:
    return text[offsets[start]: offsets[end - 1] + 1].strip()


def _category_span(rest: str, ctx: ParseContext) -> tuple[str | None, str, tuple[int, int] | None]:
    """A spending category: one of the user's own, named directly, else a concept word in any language
    ("fuel", "combustível", "Sprit") as the user's category of that concept, or its canonical key when the
    user has none yet (so "how much on fuel?" says "no fuel" rather than answering for everything).
    Also where it was said."""
    for category in ctx.categories:
        if not category or category == OTHER:  # "other"/"others" in a question is not a category
            continue
        m = find_phrase(rest, sorted(category_phrases(category)))
        if m and not _is_vocabulary(m[0]):
            return category, _blank(rest, m.start(), m.end()), m.span()
    best: tuple[re.Match[str], frozenset[str]] | None = None
    for concept in CATEGORY_CONCEPTS:
        m = find_phrase(rest, sorted(concept))
        if m and (best is None or len(m[0]) > len(best[0][0])):
            best = m, concept
    if best is None:
        return None, rest, None
    m, concept = best
    own = [c for c in ctx.categories if c and concept_of(fold(c)) is concept]
    return (own[0] if own else concept_category(concept)), _blank(rest, m.start(), m.end()), m.span()


def _correction(text: str, folded: str, offsets: list[int]) -> i.CorrectField | None:
    """"total of #12 is 45.10", "vendor of the last one is Shell", "o fornecedor da #4 é Galp",
    "change the date of #3 to 5 March": a field, an optional reference, a copula, then the value."""
    for fm in FIELD.finditer(folded):
        before = folded[: fm.start()]
        verb = CORRECT_VERB.search(before)
        if not verb and (QUESTION.search(before) or text.rstrip().endswith("?")):
            continue
        for cm in COPULA.finditer(folded, fm.end()):
            if cm["cop"] not in STRONG_COPULA and not verb:
                continue
            between = folded[fm.end(): cm.start()]
            ref, leftover = _reference(between)
            if ref is None and (bare := BARE_NUMBER_REF.fullmatch(between)):
                # "o valor da 2 é 30": between a field and its value, a lone number names the invoice.
                ref, leftover = i.InvoiceRef.seq(int(bare["n"])), ""
            if ref is None:
                ref, _ = _reference(before[verb.end():] if verb else before)
            if not _only_connectors(leftover):
                continue
            k = cm.end()
            while k < len(folded) and folded[k] == " ":
                k += 1
            if k >= len(folded):
                break
            value = text[offsets[k]:].strip().strip("\"'“”«»").rstrip(" ?!.;")
            if not value:
                break
            return i.CorrectField(ref=ref or i.IT, field=FIELD_WORDS[fm["field"]], value=value[:255])
        if labelled := _labelled_value(text, folded, offsets, fm, verb):
            return labelled
    return None


def _labelled_value(text: str, folded: str, offsets: list[int], fm: re.Match[str],
                    verb: re.Match[str] | None) -> i.CorrectField | None:
    """"fix #4: vendor Shell", "#9: total 12.40", "change #3 date 5 June": a reference, then the field
    and its value with no copula between them. Needs the colon or a correcting verb before the field, and
    nothing but the reference (and connectors) between them."""
    head = folded[verb.end() if verb else 0: fm.start()]
    ref, leftover = _reference(head)
    if ref is None or not (verb or ":" in leftover) or not _only_connectors(leftover.replace(":", " ")):
        return None
    k = fm.end()
    while k < len(folded) and folded[k] in " :=":
        k += 1
    if k >= len(folded) or k == fm.end():
        return None
    value = text[offsets[k]:].strip().strip("\"'“”«»").rstrip(" ?!.;")
    return i.CorrectField(ref=ref, field=FIELD_WORDS[fm["field"]], value=value[:255]) if value else None


def _only_connectors(text: str) -> bool:
    return all(w in CONNECTORS for w in re.findall(r"[a-z0-9']+", text))


def _currency(text: str, rest: str) -> str | None:
    codes: list[str] = re.findall(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])", text)
    for code in codes:
        if code in iso_currencies():
            return code
    m = re.search(r"(?:in|en|em|de|da|in)\s+(?P<w>[a-z$€£¥]+(?:\s[a-z]+)?)(?![a-z])", rest)
    if m:
        word: str = m["w"]
        return CURRENCY_WORDS.get(word) or CURRENCY_WORDS.get(word.split(" ")[0])
    return None


def _is_vocabulary(phrase: str) -> bool:
    """Whether a candidate vendor/category name is one of the words the parser itself relies on
    (a vendor called "Total" must not turn every "total" into a vendor filter)."""
    folded = fold(phrase)
    if folded in YES or folded in NO:
        return True
    if find_period(folded, dt.date(2000, 1, 1)) is not None:
        return True
    return any(p.fullmatch(folded) for p in VOCABULARY_PATTERNS) or folded in {
        "my", "me", "i", "the", "a", "o", "la", "el", "de", "in", "on", "at", "and", "y", "e", "what",
        "how", "this", "that", "it", "last", "ultima", "ultimo", "please"}
