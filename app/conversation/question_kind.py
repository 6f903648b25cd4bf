"""What a question asks for, read from its words once the names and the period are taken out: a figure
(and which: count, average, net, tax or total), a yes/no answer, or the top places of a kind."""
from __future__ import annotations

import re

from app.conversation import intents as i
from app.conversation.dates import Period
from app.conversation.vocabulary import (
    AVERAGE,
    COUNT,
    DOCUMENT_NOUN,
    GREETING,
    HELP,
    HOW_MUCH,
    INVOICE_PLURAL,
    LIMIT,
    LIST,
    NET,
    SMALLEST,
    SUPERLATIVE,
    TAX,
    THANKS,
    TOP_VENDORS,
    TOTAL,
)


def asks_for_a_figure(rest: str, mentioned: dict[str, Period | str | None], said: str = "") -> bool:
    """A question whose answer is a figure or a list of invoices, not a greeting or a plea for help; a name
    or two asked about alone ("Decathlon?", "und fürs Fitnessstudio?") is one."""
    if HELP.search(rest) or GREETING.search(rest) or THANKS.search(rest):
        return False
    return any(mentioned.values()) or metric_of(rest) is not None or _asked_alone(said) or any(
        p.search(rest) for p in (TOP_VENDORS, SMALLEST, SUPERLATIVE, LIST, INVOICE_PLURAL, LIMIT, HOW_MUCH))


def is_answer(bare: str, leads: set[str], filler: set[str]) -> bool:
    tokens = re.findall(r"[a-z']+", bare)
    return len(tokens) >= 2 and tokens[0] in leads and all(t in filler for t in tokens[1:]) \
        and not re.search(r"\d", bare)


def metric_of(rest: str) -> i.Metric | None:
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


def _asked_alone(text: str) -> bool:
    words = text.split()
    return len(words) <= 3 and (text.rstrip().endswith("?") or (len(words) == 1 and words[0][:1].isupper()))


# A category word that names one purchase, not a kind of place: "the biggest fill", "la cargada más cara".
_ONE_PURCHASE = re.compile(r"fill(?:s|-?ups?)?|plein|pleins|cargadas?|tanqueos?|tanqueadas?|abastecimentos?|"
                           r"tankfullung(?:en)?|tankstopps?")


def names_a_kind_of_place(rest: str, span: tuple[int, int] | None, said: str) -> bool:
    """"en qué gasolinera gasto más", "top restaurants": a category word standing where a question about
    top vendors has its noun ("which store", "top shops"), not before an invoice noun ("top fuel bills")."""
    if span is None or DOCUMENT_NOUN.match(rest[span[1]:].lstrip()) or _ONE_PURCHASE.fullmatch(said[span[0]:span[1]]) \
            or re.search(r"(?:by|per|par|por|pro|je)\s+$", rest[:span[0]]):  # "moyenne par repas": per meal
        return False
    return TOP_VENDORS.search(f"{rest[:span[0]]} stores {rest[span[1]:]}") is not None
