"""Kinds within a category: the water bill among the utilities, the train among transport. "Média da conta de
água" is not the average of every utility bill: the figure is for the shops whose invoices are of that kind (their
name or a line says so, or they are a well-known operator of it), and when none of the user's can be told apart
the question is asked back, never answered for the whole category. ("Food delivery" is eating out as a whole.)
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.conversation import intents as i
from app.conversation.answers import category_label
from app.conversation.matching import category_key, resolve_categories
from app.conversation.queries import in_categories, live, user_categories
from app.conversation.text import clean_display, fold, fold_with_offsets
from app.domain.reply import Reply
from app.i18n.catalogue import text
from app.models import Invoice, Item


@dataclass(frozen=True)
class Kind:
    category: str  # the canonical category key it lies within
    words: str  # what people call it, in every language we read (folded, comma-separated)
    operators: str = ""  # names of businesses that are nothing but this kind (rail companies, ride apps)


# Word forms are matched whole, or as the start or end of a compound ("Stromabschlag", "Bonobús", "Aguas").
KINDS: dict[str, Kind] = {
    "electricity": Kind("utilities", "electricity,electric,power bill,luz,electricidad,eletricidade,electricite,"
                                     "energia eletrica,energia electrica,strom,elektrizitat,hydro,light bill,eb"),
    "water": Kind("utilities", "water,agua,aguas,eau,eaux,wasser,acqua,aigues,esgoto,saneamento,saneamiento,"
                               "sewerage,sewer,abwasser"),
    "gas": Kind("utilities", "gas,gaz,erdgas,gas natural,gaz naturel"),
    "heating": Kind("utilities", "heating,calefaccion,aquecimento,chauffage,heizung,fernwarme"),
    "train": Kind("transport", "train,trains,tren,trenes,comboio,comboios,zug,zuge,bahn,rail,railway,ferrocarril,"
                               "cercanias,rodalies,intercity,ter,tgv,ice,railjet,shinkansen,bahnfahrt,bahnfahrten,zugfahrt,"
                               "zugfahrten,zugfahren,bahnticket,zugticket",
                  "sncf,renfe,cp,comboios de portugal,db,deutsche bahn,obb,sbb,cff,ffs,sncb,nmbs,ns,trenitalia,"
                  "italo,ouigo,eurostar,amtrak,via rail,scotrail,lner,avanti,gwr,irish rail,iarnrod eireann,"
                  "thalys,flixtrain,westbahn,trensurb,irctc,northern,southern,southeastern,thameslink"),
    "bus": Kind("transport", "bus,buses,autobus,onibus,guagua,guaguas,colectivo,colectivos,micro,bonobus,coach"),
    "metro": Kind("transport", "metro,subway,tube,underground,u-bahn,ubahn,metrocard"),
    "tram": Kind("transport", "tram,tranvia,bonde,strassenbahn,tramway"),
    "taxi": Kind("transport", "taxi,taxis,cab,cabs,ride,rides,rideshare,corrida,corridas,carrera,carreras",
                 "uber,bolt,lyft,cabify,didi,ola,rapido,grab,free now,freenow,99,indrive"),
    "parking": Kind("transport", "parking,estacionamiento,estacionamento,parken,parkhaus,stationnement,aparcamiento"),
    "tolls": Kind("transport", "toll,tolls,peaje,peajes,portagem,portagens,peage,maut,via verde,telepeaje"),
    "internet": Kind("telecom", "internet,fibra,fibre,fiber,broadband,banda larga,box,adsl,wifi"),
    "mobile": Kind("telecom", "mobile,movil,celular,telemovel,handy,mobilfunk,portable,gsm,natel,prepaid,recarga,"
                              "recharge"),
}


def _forms(words: str) -> list[str]:
    return sorted({w.strip() for w in words.split(",") if w.strip()}, key=len, reverse=True)


@cache
def _pattern(words: str) -> re.Pattern[str]:
    forms = _forms(words)
    # A compound's part only for forms of 4+ letters: "bus" inside "business" is no bus.
    long = "|".join(re.escape(f) for f in forms if len(f) >= 4)
    every = "|".join(re.escape(f) for f in forms)
    parts = [rf"(?<!\w)(?:{every})(?!\w)"]
    if long:
        parts += [rf"(?<!\w)(?:{long})", rf"(?:{long})(?!\w)"]
    return re.compile("|".join(parts))


# What a German compound adds to a kind: "Zugbillette", "Busticket", "Stromrechnung", "Wasserkosten".
_COMPOUND_TAIL = r"(?:billett?(?:e|s)?|tickets?|(?:fahr)?karten?|fahrt(?:en)?|abos?|kosten|rechnung(?:en)?|gebuhr(?:en)?|preise?)"


@cache
def _whole(words: str, plural: bool = False) -> re.Pattern[str]:
    forms = "|".join(re.escape(f) for f in _forms(words))
    ending = r"(?:e?s)?" if plural else ""  # a question says "tubes", "bills of water"
    compound = rf"|(?<!\w)(?:{forms}){_COMPOUND_TAIL}(?!\w)" if plural else ""
    return re.compile(rf"(?<!\w)(?:{forms}){ending}(?!\w){compound}")


def kinds_said(said: str, category: str) -> list[str]:
    """The kinds of ``category`` a question names ("conta de água" -> water), by whole words only."""
    folded = fold(said)
    key = category_key(category)
    return [name for name, kind in KINDS.items() if kind.category == key and _whole(kind.words, plural=True).search(folded)]


def of_kind(name: str, texts: Iterable[str]) -> bool:
    """Whether a shop, by its name (first) and the lines of its invoices, is of kind ``name``."""
    return _of_kind(name, [fold(t) for t in texts if t])


def _of_kind(name: str, folded: list[str]) -> bool:
    kind = KINDS[name]
    if kind.operators and folded and _whole(kind.operators).match(folded[0]):
        return True  # the shop's name starts with an operator's: "SNCF", "Deutsche Bahn AG", "Uber Moto Pune"
    return any(_pattern(kind.words).search(t) for t in folded)


def shops_by_kind(session: Session, user_id: int, category: str, kinds: list[str],
                  currency: str | None = None) -> tuple[list[str], list[str]]:
    """The user's shops in ``category`` (paid in ``currency``, when one is asked) of any of ``kinds``, and all
    of its shops (the first list is a part of the second)."""
    categories = resolve_categories(category, user_categories(session, user_id))
    if not categories:
        return [], []
    rows = session.execute(
        select(Invoice.vendor, Item.description).outerjoin(Item, Item.invoice_id == Invoice.id)
        .where(*live(user_id), Invoice.vendor.is_not(None), in_categories(categories),
               *([Invoice.currency == currency] if currency else [])).distinct()
    ).all()
    lines: dict[str, list[str]] = {}  # each shop's folded name, then its folded lines
    for vendor, description in rows:
        if vendor:
            lines.setdefault(vendor, [fold(vendor)]).append(fold(description or ""))
    every = sorted(lines)
    found = {k: [v for v in every if _of_kind(k, lines[v])] for k in kinds}
    if len(kinds) > 1 and not all(found.values()):
        return every, every  # "trains and tubes" and no shop shows the tube: the shops left may well be it
    if not any(found.values()):
        # "the buses" beside ScotRail (a train) and First Glasgow (nothing said): the one shop of no other kind.
        others = [k for k, kind in KINDS.items() if kind.category == category_key(category) and k not in kinds]
        unknown = [v for v in every if not any(_of_kind(k, lines[v]) for k in others)]
        return (unknown if len(unknown) == 1 else []), every
    return [v for v in every if any(v in shops for shops in found.values())], every


_WITH_OTHERS = (i.SpendingQuery,)
_NARROWABLE = (i.SpendingQuery, i.CompareSpending, i.BiggestInvoice, i.ListInvoices, i.ShowInvoice)


@dataclass(frozen=True)
class Narrowed:
    intent: i.Intent | None  # the question for the shops of that kind, or None when it cannot be told
    word: str = ""  # the kind as the user wrote it ("água")
    category: str = ""
    shops: tuple[str, ...] = ()  # when None: the shops it could be, none told apart


def narrow(session: Session, user_id: int, intent: i.Intent, said: str, vendor_said: bool) -> Narrowed:
    """``intent`` aimed at the shops of the kind the question names within its category; unchanged when it
    names no kind, when a shop is named, or when every shop of the category is of that kind."""
    category = getattr(intent, "category", None)
    if not isinstance(intent, _NARROWABLE) or not category or " + " in category:
        return Narrowed(intent)
    if getattr(intent, "vendor", None) and vendor_said:
        return Narrowed(intent)
    kinds = kinds_said(said, category)
    if not kinds:
        return Narrowed(intent)
    matching, every = shops_by_kind(session, user_id, category, kinds, getattr(intent, "currency", None))
    if not every or matching == every:
        return Narrowed(intent.model_copy(update={"vendor": None, "other_vendors": ()})
                        if isinstance(intent, _WITH_OTHERS) else intent.model_copy(update={"vendor": None}))
    if not matching or (len(matching) > 1 and not isinstance(intent, _WITH_OTHERS)):
        return Narrowed(None, _word_said(said, kinds), category, tuple(matching or every))
    update: dict[str, object] = {"vendor": matching[0], "category": None}
    if isinstance(intent, _WITH_OTHERS):
        update["other_vendors"] = tuple(matching[1:6])
    return Narrowed(intent.model_copy(update=update))


def _word_said(said: str, kinds: list[str]) -> str:
    folded, offsets = fold_with_offsets(said)
    for name in kinds:
        if m := _whole(KINDS[name].words, plural=True).search(folded):
            return said[offsets[m.start()]: offsets[m.end() - 1] + 1]
    return kinds[0]


def ask_back(narrowed: Narrowed, language: str) -> Reply:
    """No figure when the kind cannot be told among the shops: which of them is meant, by name."""
    shops = [clean_display(s, 40) for s in narrowed.shops[:6]]
    body = text(language, "which_kind", word=clean_display(narrowed.word, 30),
                category=category_label(narrowed.category, language), shops=", ".join(shops),
                example=shops[0] if shops else "")
    return Reply(body, data={"ok": False, "problem": "kind_unclear", "shops": shops})
