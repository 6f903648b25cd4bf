"""Finding the slots of a question in a folded message: the invoice it points at, the vendor, the category
and the currency, each with where it was said so the parser can blank it and read what is left.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.conversation import intents as i
from app.conversation import report_words
from app.conversation.date_words import month_abbreviations, month_names, weekday_names
from app.conversation.dates import date_patterns, find_period
from app.conversation.language import vocabulary
from app.conversation.matching import (
    CATEGORY_CONCEPTS,
    NAME_PARTICLES,
    category_key,
    category_phrases,
    concept_category,
    concept_of,
    currency_for_word,
    currency_names,
    distinctive_words,
    find_phrase,
    find_vendor_typo,
    iso_currencies,
    regional_category,
    regional_words,
    vendor_phrases,
)
from app.conversation.nicknames import nickname_of
from app.conversation.ordinals import LISTED_REF, ORDINALS
from app.conversation.payment_words import PAYMENT_WORDS
from app.conversation.spelling import literal_words
from app.conversation.text import fold
from app.conversation.vocabulary import (
    CONNECTORS,
    COPULA,
    CORRECT_VERB,
    FIELD,
    FIELD_WORDS,
    GREETING,
    HOW_MUCH,
    INVOICE_PLURAL,
    IT_REF,
    LAST_REF,
    LIMIT,
    MY_DATA,
    NO,
    NOT_A_SHOP,
    PLACE_WORD,
    PREPOSITION_VENDOR,
    QUESTION,
    SEQ_REF,
    SLOT_WORD,
    THANKS,
    TOP_VENDORS,
    VOCABULARY_PATTERNS,
    YES,
)
from app.domain.categories import OTHER


@dataclass(frozen=True)
class ParseContext:
    """What the parser may know besides the text: the user's today and their own vendors/categories."""

    today: dt.date
    vendors: Sequence[str] = ()
    categories: Sequence[str] = ()
    day_first: bool = True
    home_currency: str | None = None  # the currency of the user's country ("dollars" means it when it can)
    country: str | None = None  # where the user's number is from: some words mean other things there
    currencies: Sequence[str] = ()  # the currencies of the user's invoices (empty: not known)


def blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Words the parser reads as they are: its own vocabulary and the language detector's."""
    return (literal_words(*VOCABULARY_PATTERNS, SEQ_REF, LAST_REF, IT_REF, LISTED_REF, FIELD, CORRECT_VERB,
                          COPULA, QUESTION, LIMIT, TOP_VENDORS, INVOICE_PLURAL, MY_DATA)
            | frozenset(w for phrase in (*YES, *NO, *FIELD_WORDS) for w in re.findall(r"[a-z]+", phrase))
            | literal_words(*date_patterns().values()) | vocabulary() | PAYMENT_WORDS | report_words.vocabulary())


def only_reference_left(rest: str) -> bool:
    """After the reference is removed, nothing but filler ("#3", "and #4?", "la factura 2")."""
    filler = {"and", "y", "e", "et", "und", "please", "por", "favor", "pf", "pls", "the", "la", "el", "a",
              "o", "da", "de", "do", "le", "die", "der", "invoice", "factura", "fatura", "nota", "facture",
              "rechnung", "receipt", "recibo", "one", "about", "sobre", "what", "whats", "what's", "is", "y la", "e a", "me", "mi", "my", "minha", "mia", "ma", "meine", "number", "numero"}
    return all(w in filler for w in re.findall(r"[a-z0-9']+", rest))


def reference(rest: str) -> tuple[i.InvoiceRef | None, str]:
    """The invoice the message points at, and the text without it."""
    if m := SEQ_REF.search(rest):
        return i.InvoiceRef.seq(int(m["n"])), blank(rest, m.start(), m.end())
    if m := LISTED_REF.search(rest):
        position = next(n for n in ORDINALS if m[f"o{n}"])
        # "the first" alone is a position in the last list; "first invoices of march" is not.
        if not INVOICE_PLURAL.search(rest[m.end():m.end() + 15]):
            return i.InvoiceRef.listed(position), blank(rest, m.start(), m.end())
    if m := LAST_REF.search(rest):
        return i.LAST, blank(rest, m.start(), m.end())
    if m := IT_REF.search(rest):
        return i.IT, blank(rest, m.start(), m.end())
    return None, rest


# Before an everyday word, these make it that word, not a shop's name of the same spelling.
_NOT_A_NAME_BEFORE = re.compile(r"(?:^|\s)(?:otro|otra|outro|outra|other|another|autre|cada|each|every|un|una|um|uma|"
                                r"one|some|algun|algum|ese|esa|este|esta|esse|essa|that|this|ce|cet|cette|jeden|jede|"
                                r"jedes|anderen|andere)\s+$")


def find_vendor(text: str, rest: str, offsets: list[int], ctx: ParseContext) -> tuple[str | None, str]:
    """One of the user's own vendors named in the message (its name, without the legal suffix, or its first
    word), with the text left."""
    best: re.Match[str] | None = None
    capitals = {fold(w) for w in re.findall(r"(?<![\w])[A-Z]{2,5}(?![\w])", text)}  # "el MAS": an acronym, not "más"
    # "e na Taberna em dezembro": a kind of place written as a name mid-sentence is the one shop of theirs so named
    # (after a Romance or English article or preposition: German writes every noun so)
    titled = {fold(w) for w in re.findall(r"(?<![\w])(?:na|no|da|do|em|en|la|el|al|del|au|the|at|chez)\s+"
                                          r"([A-ZÀ-Þ][a-zà-ÿ]{3,})(?![\w])", text)}
    firsts = Counter(fold(v).split(" ")[0] for v in ctx.vendors if v)
    for vendor in ctx.vendors:
        if not vendor:
            continue
        phrases = [p for p in vendor_phrases(vendor) if not is_vocabulary(p) or _greeting(p) or p in capitals]
        if (first := fold(vendor).split(" ")[0]) in titled and firsts[first] == 1:
            phrases.append(first)
        m = find_phrase(rest, phrases)
        if m and _greeting(m[0]) and not rest[:m.start()].strip() and (  # "olá, quanto gastei": a greeting;
                re.match(r"\s*[,!.]", text[offsets[m.end() - 1] + 1:]) or HOW_MUCH.search(rest[m.end():])):
            m = None  # "ola in december": the ride app
        if m and ordinary_word(m[0]) and _NOT_A_NAME_BEFORE.search(rest[:m.start()]):
            m = None  # "el otro día", "cada día": the word, not the Dia supermarket
        if m and (best is None or len(m[0]) > len(best[0])):
            best = m
    if best is not None:
        return original(text, offsets, best.start(), best.end()), blank(rest, best.start(), best.end())
    # "à versailles" for Pastelaria Versailles: a later word of one name, said alone.
    words = distinctive_words(ctx.vendors, lambda w: ordinary_word(w) or is_vocabulary(w))
    if words and (only := find_phrase(rest, sorted(words))) and not _inside_another_name(text, offsets, only,
                                                                                           words[only[0]]):
        start, end = only.span()  # "im Goldenen Anker": the other words of the same name go with it
        name_words = set(fold(words[only[0]]).split())
        while (nxt := re.match(r"\s+([a-z][a-z0-9&'\-]*)", rest[end:])) and nxt.group(1) in name_words:
            end += nxt.end()
        return words[only[0]], blank(rest, start, end)
    # After "chez/bei/at", a word the parser also knows can still start a vendor's name ("chez Total").
    for m in PLACE_WORD.finditer(rest):
        word = re.match(r"[a-z0-9&'\-]+", m["name"])
        if not word or len(word.group()) < 3 or m.group().split()[0] not in {"chez", "bei", "beim", "bim", "bi", "at"}:
            # After "from"/"von", one of the user's names said whole is that vendor even when the parser
            # knows the word ("invoices from Ola", "Rechnungen von Total").
            if word and m.group().split()[0] in {"from", "von"}:
                whole = [v for v in ctx.vendors if v and fold(v) == word.group()]
                if len(whole) == 1:
                    return whole[0], blank(rest, m.start("name"), m.start("name") + word.end())
            continue
        found = [v for v in ctx.vendors if v and fold(v).startswith(word.group())]
        if len(found) == 1:
            return found[0], blank(rest, m.start("name"), m.start("name") + word.end())
    # "spoons" for Wetherspoons, "woolies" for Woolworths: what people call a shop, said bare.
    for w in re.finditer(r"[a-z]{5,}", rest):
        if not ordinary_word(w.group()) and (nick := nickname_of(w.group(), ctx.vendors)):
            return nick, blank(rest, w.start(), w.end())
    return None, rest


def the_branch(folded: str, vendor: str, others: list[str], vendors: Sequence[str]) -> tuple[str, list[str]]:
    """Two names found where one shop was said: "walmart de mcallen" names Walmart McAllen, whose name holds
    Walmart's. Kept as two when a conjunction joins them ("walmart y walmart mcallen")."""
    for other in others:
        for name in (vendor, *(o for o in others if o != other)):
            inside = [v for v in vendors if v and fold(v) == fold(name)]
            longer = [v for v in vendors if v and fold(v) == fold(other)]
            if inside and longer and fold(longer[0]).startswith(fold(inside[0]) + " ") and re.search(
                    rf"{re.escape(fold(inside[0]))}\s+(?:de|del|do|da|of|in|en|em|at|von|aus|di|in der|im)\s", folded):
                return longer[0], [o for o in others if o not in (other, name)]
    return vendor, others


def _inside_another_name(text: str, offsets: list[int], said: re.Match[str], vendor: str) -> bool:
    """"costa coffee": a word of one of the user's names right after a word nothing reads (as the user wrote
    it, before any respelling) is part of another name; not a word of this name inflected ("im Goldenen Anker")."""
    before = re.search(r"([^\W\d_][\w&'\-]*)\s+$", text[:offsets[said.start()]])
    if before is None or ordinary_word(word := fold(before.group(1))):
        return False
    return not any(len(word) >= 5 and own[:5] == word[:5] for own in fold(vendor).split())


def find_near_vendor(text: str, rest: str, offsets: list[int], ctx: ParseContext) -> tuple[str, str, str] | None:
    """One of the user's vendors written a letter or two off ("farmacite", "Brasserie Guilaume"): what was
    written, the vendor it nearly spells, and the text without it."""
    near = find_vendor_typo(rest, ctx.vendors, skip=lambda p: is_vocabulary(p) or concept_of(p) is not None)
    if near is None:
        return None
    vendor, start, end = near
    typed = rest[start:end].replace("'", "")
    if any(_bare(typed) == _bare(p) and len(typed) >= len(p.replace("'", "")) for p in vendor_phrases(vendor)):
        return None  # "tescos", "traders joes", "namdharis": the name with a possessive; "migro" is misspelt
    return original(text, offsets, start, end), vendor, blank(rest, start, end)


def the_one_so_named(folded: str, span: tuple[int, int] | None, vendors: Iterable[str]) -> str | None:
    """"the last bill from the taberna": a kind of place that is the first word of exactly one of the user's
    vendors names that vendor when one invoice is asked for (a sum over the kind stays a sum over the kind)."""
    if span is None:
        return None
    said = folded[span[0]:span[1]]
    named = [v for v in dict.fromkeys(vendors) if v and fold(v).split(" ")[0] == said]
    return named[0] if len(named) == 1 else None


def _bare(name: str) -> str:
    return re.sub(r"'?s(?![a-z])", "", name).replace("'", "")


def find_unknown_vendor(text: str, rest: str, offsets: list[int], ctx: ParseContext) -> tuple[str | None, str]:
    """A vendor the user wrote loosely or has no invoices from: a misspelling of one of theirs, a capitalised
    name after "at/from/en/em/no...", or a lowercase name there that is no word the parser knows, so that
    "how much at Lidl?" answers "nothing at Lidl" rather than everything. Read after the category, so
    "delivery" is a kind of spending, not a misspelt "Deliveroo"."""
    if near := find_vendor_typo(rest, ctx.vendors, skip=lambda p: is_vocabulary(p) or concept_of(p) is not None):
        vendor, start, end = near  # "starbuks", "carefour": the user's own name, spelled right
        return vendor, blank(rest, start, end)
    # Capitalised names only show in the original text: keep the original characters still in ``rest``.
    present = {offsets[k] for k in range(len(rest)) if rest[k] != " "}
    kept = "".join(ch if j in present else " " for j, ch in enumerate(text))
    for m in PREPOSITION_VENDOR.finditer(kept):
        name = m["name"].strip(" .'-")
        if len(name) < 2 or name.isdigit() or name.upper() in iso_currencies() or is_vocabulary(name):
            continue
        lo, hi = m.start("name"), m.start("name") + len(name)
        folded_span = [k for k in range(len(rest)) if lo <= offsets[k] < hi]
        if folded_span:
            rest = blank(rest, folded_span[0], folded_span[-1] + 1)
        return nickname_of(name, ctx.vendors) or name, rest
    name, rest = _unknown_name_after_place_word(text, rest, offsets)
    return (nickname_of(name, ctx.vendors) or name) if name else None, rest


def _unknown_name_after_place_word(text: str, rest: str, offsets: list[int]) -> tuple[str | None, str]:
    """A lowercase name the user has no invoices from yet ("how much at aldi?"), read only when no word of
    it is one the parser knows, so the answer is an honest "no invoices from aldi" instead of a total of
    everything."""
    for m in PLACE_WORD.finditer(rest):
        taken: list[re.Match[str]] = []
        said = list(re.finditer(r"[a-z][a-z0-9&'\-]*", m["name"]))
        for k, w in enumerate(said):
            # "pão de açúcar", "casa del libro": a name's own "de" joins two words no reading knows.
            joins = taken and w.group() in NAME_PARTICLES and k + 1 < len(said) and not ordinary_word(said[k + 1].group())
            if ordinary_word(w.group()) and not joins:
                break
            taken.append(w)
        if not taken:
            continue
        start, end = m.start("name") + taken[0].start(), m.start("name") + taken[-1].end()
        return original(text, offsets, start, end), blank(rest, start, end)
    return None, rest


def _greeting(phrase: str) -> bool:
    """A vendor's name that is also a greeting ("Ola", the ride app): a name anywhere but first."""
    return bool(GREETING.fullmatch(phrase) or THANKS.fullmatch(phrase))


def ordinary_word(word: str) -> bool:
    return (len(word) < 3 or word in known_words() or word in NOT_A_SHOP or word in CONNECTORS
            or word in month_names() or word in month_abbreviations() or word in weekday_names()
            or word in currency_names() or concept_of(word) is not None or is_vocabulary(word))


def original(text: str, offsets: list[int], start: int, end: int) -> str:
    return text[offsets[start]: offsets[end - 1] + 1].strip()


def category_span(rest: str, ctx: ParseContext) -> tuple[str | None, str, tuple[int, int] | None]:
    """The category a question names, with the text left and where it was said. Two different ones
    ("groceries and eating out", "farmácia e transportes") are both asked about: "groceries + restaurants",
    never one of them in silence."""
    category, rest, span = _one_category(rest, ctx)
    if category is not None:
        other, after, _ = _one_category(rest, ctx)
        if other is not None and category_key(other) != category_key(category):
            return f"{category} + {other}", after, span
    return category, rest, span


def _one_category(rest: str, ctx: ParseContext) -> tuple[str | None, str, tuple[int, int] | None]:
    """A spending category: one of the user's own named directly, or a phrase of a concept in any language
    ("fuel", "combustível", "Sprit", "food delivery") as the user's category of that concept, or its
    canonical key when the user has none yet (so "how much on fuel?" says "no fuel" rather than answering
    for everything). The longest phrase wins: "food shopping" is groceries, not shopping. Also where."""
    best: tuple[re.Match[str], str] | None = None
    for category in ctx.categories:
        if not category or category == OTHER:  # "other"/"others" in a question is not a category
            continue
        m = find_phrase(rest, sorted(category_phrases(category)))
        if m and not is_vocabulary(m[0]) and (best is None or len(m[0]) > len(best[0][0])):
            best = m, category
    for concept in CATEGORY_CONCEPTS:
        # Plurals too ("domicilios", "electric bills"): the concept tables list one form of each word.
        plurals = {w + ending for w in concept if len(w) >= 5 for ending in ("s", "es")}  # not "foods" of Whole Foods
        m = find_phrase(rest, sorted(concept | plurals))
        if m and (best is None or len(m[0]) > len(best[0][0])):
            own = [c for c in ctx.categories if c and concept_of(fold(c)) is concept]
            best = m, (own[0] if own else concept_category(concept))
    local = regional_words(ctx.country)
    if (m := find_phrase(rest, sorted(local))) and (best is None or len(m[0]) > len(best[0][0])):
        best = m, local[m[0]]
    if best is None:
        return None, rest, None
    m, category = best
    if regional := regional_category(m[0], ctx.country):
        own = [c for c in ctx.categories if c and category_key(c) == regional]
        category = own[0] if own else regional
    return category, blank(rest, m.start(), m.end()), m.span()


@lru_cache(maxsize=1)
def _currency_pattern() -> re.Pattern[str]:
    words = sorted(currency_names(), key=len, reverse=True)
    alternation = "|".join(re.escape(w) for w in words if w.strip())
    # After a preposition ("in dollars"), or before the bills it describes ("only the rupee bills").
    return re.compile(rf"(?:^|(?<=\s))(?:(?:in|en|em|de|da|do|dos|das|im|au|aux|na|no|for|por|pour|auf|with|con|com|to|into|a|pra|para|nach|"
                      rf"my|mis|mes|meus|minhas|meine|meinen)\s+"
                      rf"(?:(?:the|los|las|os|as|les|der|die)\s+)?|(?=(?:{alternation})\s+(?:bills?|receipts?|invoices?|ones|"
                      rf"purchases|expenses|payments)(?![a-z])))(?P<w>{alternation})(?![a-z0-9])")


def find_currency(text: str, rest: str, home: str | None = None, vendors: Sequence[str] = (),
                  spent_in: Sequence[str] = ()) -> tuple[str | None, str]:
    """A currency the question is narrowed to ("in dollars", "en libras", "em euros", "in CHF"), and the
    text without it. Codes count anywhere in capitals ("EUR"); names need a preposition before them, and
    never begin one of the user's vendors ("for Dollar Tree")."""
    for m in re.finditer(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])", text):
        if m[1] in iso_currencies():
            lowered = m[1].lower()
            at = re.search(rf"(?<![a-z]){lowered}(?![a-z])", rest)
            return m[1], blank(rest, at.start(), at.end()) if at else rest
    if (named := _currency_pattern().search(rest)) and not any(
            (hit := find_phrase(rest[named.start("w"):], sorted(vendor_phrases(v)))) and hit.start() == 0 for v in vendors):
        code = currency_for_word(named["w"], home, spent_in)
        if code:
            return code, blank(rest, named.start("w"), named.end("w"))
    return None, rest


def is_vocabulary(phrase: str) -> bool:
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


def unresolved_words(rest: str) -> list[str]:
    """Words where a question names what the money went on ("on gym", "für Versicherungen") that are no
    vendor, category, currency, period or word the parser reads: the question cannot be answered as asked."""
    found = []
    for m in SLOT_WORD.finditer(rest):
        word = m["word"].strip("'-")
        if not ordinary_word(word) and word not in found:
            found.append(word)
    return found
