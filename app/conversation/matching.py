"""Matching what a user calls a vendor, a category or a currency against their own data.

People write "shell" for "SHELL PORTUGAL, S.A.", "combustível" for a category stored as "fuel",
"euros" for EUR. These functions are pure: callers pass the user's own vendor and category names, so a
match can only ever name something that user already has.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz.distance import OSA

from app.conversation.currency_words import CURRENCY_WORDS as CURRENCY_WORDS
from app.conversation.currency_words import currency_code as currency_code
from app.conversation.currency_words import currency_for_word as currency_for_word
from app.conversation.currency_words import currency_names as currency_names
from app.conversation.currency_words import iso_currencies as iso_currencies
from app.conversation.text import fold, key
from app.domain.categories import canonical

LEGAL_SUFFIXES = re.compile(
    r"\b(?:s\.?\s?a\.?|s\.?\s?l\.?|s\.?a\.?u\.?|lda\.?|ltda\.?|ltd\.?|inc\.?|llc|plc|gmbh|ag|co\.?|corp\.?|"
    r"sarl|sas|bv|nv|limited|company|unipessoal|me|eireli)\b\.?", re.IGNORECASE
)

# Same spending concept, as people say it in different languages, keyed by the canonical category stored on
# invoices and items (app/invoices/categories.py). A category is matched through its concept only when the
# user's own category belongs to it, so this never invents a category. ``other`` has no words on purpose:
# "other"/"otros" in a question is almost never a category.
_CONCEPT_WORDS: dict[str, str] = {
    "fuel": "fuel,gas,gasoline,petrol,diesel,combustible,combustibles,combustivel,combustiveis,gasolina,gasoleo,bencina,"
            "gasoil,carburant,carburants,essence,gazole,kraftstoff,benzin,tanken,carburante,sprit,nafta,"
            "benzina,brandstof,bensin,tankstelle,gasolinera,gas station,petrol station,fuel pump,tank,"
            "posto de gasolina,posto,station service,station-service,plein,fill up,filled up,fill-up,"
            "echar gasolina,eche gasolina,abastecer,abasteci,tankstellen,cargar nafta,cargue nafta,"
            "gasofa,getankt,tankte,fill,fills,fillup,fillups,cargar combustible,cargue combustible,cargada,cargadas,abastecimento,abastecimentos,cargar gasolina,cargue gasolina,tankstopp,tankfullung,"
            "tanquear,tanquee,tanqueo,tanqueos,tanqueada,tanqueadas",
    "groceries": "groceries,grocery,supermarket,supermarkets,supermercado,supermercados,alimentacion,alimentos,"
                 "alimentacao,mercearia,comestibles,courses,alimentation,lebensmittel,supermarkt,food,comida,"
                 "mercado,supermarche,epicerie,boodschappen,food shopping,grocery shopping,supermercado,super,"
                 "compra del super,compras del super,mercearia,courses alimentaires,lebensmitteleinkauf,"
                 "shopping trolley,shopping cart,grocery run,grocery runs,supermarket run,food shop,big shop,"
                 "weekly shop,weekly shopping,hacer la compra,fazer as compras",
    "restaurants": "restaurant,restaurants,restaurante,restaurantes,dining,dining out,meals,eating out,meal out,meals out,"
                   "comida afuera,comer afuera,comidas afuera,essengehen,essen gehen,auswarts essen,refeicoes,restauracao,"
                   "refeicao,restauration,gastronomia,essen gehen,comer fuera,comer fora,bares,cafes,cafeterias,"
                   "restos,resto,takeaway,take away,take-away,takeout,take out,delivery food,food delivery,delivery,"
                   "comida a domicilio,a domicilio,domicilio,pedidos de comida,comida fora de casa,fora de casa,"
                   "comer fuera,comida fuera,livraison de repas,livraison,repas,lieferdienst,lieferdienste,"
                   "lieferservice,essen bestellen,auswarts essen,eating out,meals out,ate out,lanches,lanche,"
                   "hamburger,slice of pizza,fork and knife,fork and knife with plate,hot beverage,comida entregue,"
                   "entrega de comida,comida em casa,essenslieferung,essenslieferungen,essen liefern,repas livres,"
                   "wirtshaus,gasthaus,gasthof,kneipe,beisl,pub,pubs,taberna,tasca,boteco,bistrot,bistro",
    "transport": "transport,transportation,transporte,transportes,taxi,taxis,parking,estacionamiento,"
                 "estacionamento,peaje,peajes,portagem,portagens,tolls,toll,verkehr,mobilitat,metro,bus,"
                 "buses,train,trains,tren,trenes,comboio,comboios,zug,bahn,peage,stationnement,parken,"
                 "movilidad,mobilidade,tube,tubes,underground,subway,trains and tubes,oeffis,offis,"
                 "nahverkehr,train ticket,billete,bilhete,billet,billett,billette,fahrkarte,fahrkarten,fahrschein,"
                 "fahrscheine,bahnfahrt,bahnfahrten,zugfahrt,zugfahrten,zugfahren,strassenbahn,passagem,passagens,ride,rides,rideshare,ride share,cab,cabs,public transport,"
                 "omnibus,colectivo,colectivos,onibus,autobus,guagua,guaguas,micro,tranvia,tram,bonde,transit,"
                 "public transit,marta,oyster,opal,myki,bus pass,travelcard,metrocard,abono transporte,passe navigo,"
                 "transports en commun,transport en commun,transporte publico,transporte coletivo,"
                 "transporte publico,offentliche verkehrsmittel,opnv,viajes en taxi",
    "travel": "travel,hotel,hotels,flights,flight,viaje,viajes,viagem,viagens,voyage,voyages,reise,reisen,hoteles,"
              "hoteis,vuelos,voos,flug,fluge,alojamiento,alojamento,hebergement,unterkunft,travels",
    "utilities": "utilities,utility,electric,electric bill,power bill,hydro bill,electricity,electricidad,eletricidade,electricite,strom,water,agua,energia,"
                 "energy,energie,luz,gaz,wasser,suministros,nebenkosten,electric light bulb,conta de luz,"
                 "factura de la luz,electricity bill,servicios publicos,servicos publicos,public utilities",
    "telecom": "telecom,telecoms,telecommunications,phone,mobile,internet,telefono,telefone,telephone,telefon,"
               "movil,celular,telemovel,broadband,fibra,telecomunicaciones,telecomunicacoes,telekommunikation,"
               "phone bill,mobile bill,handy,handyvertrag,mobilfunk,portable,forfait,mobile phone,"
               "factura del movil,conta de celular,conta do celular,recharge,mobile recharge,top up,top-up,recarga,"
               "recarga de celular,recharge mobile,aufladen,guthaben,gsm,natel",
    "office": "office,office supplies,oficina,papeleria,material de oficina,escritorio,material de escritorio,"
              "bureau,fournitures,buro,burobedarf,stationery,papelaria,papeterie,schreibwaren,software,"
              "subscriptions,subscription,suscripciones,assinaturas,abonnements,abonnement,abos,saas",
    "health": "health,pharmacy,farmacia,salud,saude,pharmacie,sante,apotheke,gesundheit,medicine,medicinas,"
              "remedios,pharmacies,farmacias,doctor,doctors,medico,medicos,medecin,arzt,hospital,clinica,dentist,"
              "dentista,medicamentos,medicaments,medikamente,healthcare,medicines,meds,drugstore,chemist,"
              "drogeria,drogaria,drogerie,pill,medical,medical expenses,gastos medicos,frais medicaux,arztkosten",
    "shopping": "shopping,clothes,clothing,ropa,roupa,vetements,kleidung,electronics,electronica,eletronicos,"
                "electronique,elektronik,furniture,muebles,moveis,meubles,mobel,shoes,zapatos,sapatos,"
                "chaussures,schuhe,fashion,moda",
    "services": "services,service,servicios,servicos,dienstleistungen,prestations,repairs,reparaciones,"
                "reparacoes,reparations,reparaturen,honorarios,professional services,insurance,seguros",
}
# Words whose concept depends on where the user lives: "gas" fills a car in North America but heats the
# house in Britain and Ireland; Québec's "gaz" is petrol, France's the gas bill; India's "EB" is the power bill.
_REGIONAL: dict[str, tuple[str, frozenset[str]]] = {
    # Outside North America (Mexico too says "gas" at the pump) "gas" is the gas bill or the cooking-gas cylinder.
    "gas": ("utilities", frozenset({"GB", "IE", "AU", "NZ", "ZA", "IN", "ES", "PT", "BR", "AR", "CO", "CL",
                                    "PE", "UY", "FR", "BE", "LU", "DE", "AT", "CH", "IT", "NL"})),
    "gaz": ("fuel", frozenset({"CA"})),
    "eb": ("utilities", frozenset({"IN"})),  # the state Electricity Board's bill
    "messages": ("groceries", frozenset({"GB", "IE"})),  # the food shopping, in Scotland and Ireland
    "commissions": ("groceries", frozenset({"CH"})),  # Swiss French
    "ov": ("transport", frozenset({"CH"})),  # "ÖV", der öffentliche Verkehr
    "oev": ("transport", frozenset({"CH"})),
}
CONCEPT_BY_CATEGORY: dict[str, frozenset[str]] = {
    key: frozenset(fold(w) for w in words.split(",")) for key, words in _CONCEPT_WORDS.items()}
CATEGORY_CONCEPTS: tuple[frozenset[str], ...] = tuple(CONCEPT_BY_CATEGORY.values())
_CATEGORY_OF_CONCEPT = {concept: key for key, concept in CONCEPT_BY_CATEGORY.items()}


def concept_category(concept: frozenset[str]) -> str:
    """The canonical category key a concept stands for."""
    return _CATEGORY_OF_CONCEPT[concept]


def regional_words(country: str | None) -> dict[str, str]:
    """The words that name a category only in the user's country ("eb" in India), with that category."""
    return {word: key for word, (key, where) in _REGIONAL.items() if country in where}


def regional_category(folded_word: str, country: str | None) -> str | None:
    """The category a word names in the user's country when that differs from its usual one."""
    meaning = _REGIONAL.get(folded_word)
    return meaning[0] if meaning and country in meaning[1] else None


def category_key(said: str) -> str | None:
    """The canonical category a user's word names ("combustível" -> fuel, "Other" -> other), or None."""
    if (key_ := canonical(said)) is not None:
        return key_
    concept = concept_of(fold(said).strip(" .!?"))
    return concept_category(concept) if concept is not None else None


_ARTICLES = frozenset({"the", "le", "la", "les", "l'", "el", "los", "las", "o", "os", "as", "der", "die", "das"})
# What a name may start with that is no name on its own: "Chez Fonfon", "Zum Goldenen Anker".
_BEFORE_A_NAME = frozenset({"chez", "zum", "zur", "beim"})
# The particles inside a name ("Pão de Açúcar", "Zé Manel dos Ossos"), and with the conjunctions, what joins two of
# its words.
NAME_PARTICLES = frozenset({"de", "do", "da", "dos", "das", "del", "di", "du", "des", "von", "van"})
_JOINS = NAME_PARTICLES | {"y", "e", "et", "und", "&"}


def vendor_phrases(vendor: str) -> set[str]:
    """Folded ways a user may refer to a vendor: its name, without the legal suffix, its first word."""
    full = fold(vendor)
    bare = fold(LEGAL_SUFFIXES.sub(" ", vendor)).strip(" .,-")
    hyphened = bare.split("-")[0] if "-" in bare.split(" ")[0] else ""  # "dm" of "dm-drogerie markt"
    # People drop a possessive's apostrophe ("nandos", "traders joes"): the name without it too.
    phrases = {p for name in (full, bare) for p in (name, name.replace("'", "")) if len(p) >= 2}
    # "aux Tanneurs" for Les Tanneurs, "na Cigale" for La Cigale: the name without its article.
    article, _, after_article = bare.partition(" ")
    if article in _ARTICLES and len(after_article) >= 4 and concept_of(after_article) is None:
        phrases.add(after_article)
    first = bare.split(" ")[0] if bare else ""
    # Not when the first word is a kind of spending: "pharmacie" is every pharmacy, not Pharmacie du Capitole.
    # A short one only when the name writes it in capitals, an acronym: "BM" for BM Supermercados.
    acronym = len(first) >= 2 and vendor.split(" ")[0].isupper()
    if (len(first) >= 4 or acronym) and first != bare and concept_of(first) is None and first not in _BEFORE_A_NAME:
        phrases.add(first)
    last = vendor.split(" ")[-1]  # "MAS" for Supermercados MAS: a last word written as an acronym
    if len(vendor.split(" ")) >= 2 and 2 <= len(last) <= 5 and last.isupper() and last.isalpha() and concept_of(fold(last)) is None:
        phrases.add(fold(last))
    words = bare.split(" ")  # "zé manel" for Zé Manel dos Ossos: a long name's first two words
    if len(words) >= 3 and words[1] not in _JOINS and len(words[0] + words[1]) >= 6:
        phrases.add(" ".join(words[:2]))
    if len(hyphened) >= 2 and concept_of(hyphened) is None:
        phrases.add(hyphened)
    # "amazon", "amazon uk" for Amazon.co.uk: a web address's name, alone or with its country.
    if web := re.fullmatch(r"([a-z0-9\-]{3,})(?:\.[a-z]{2,3})*\.([a-z]{2,3})", full):
        phrases |= {web[1], f"{web[1]} {web[2]}"}
    return phrases


def resolve_vendors(said: str, vendors: Iterable[str]) -> list[str]:
    """The user's vendor names that ``said`` refers to: same loose key, or a key containing it."""
    wanted = key(LEGAL_SUFFIXES.sub(" ", said)) or key(said)
    if len(wanted) < 2:
        return []
    vendors = [v for v in dict.fromkeys(vendors) if v]
    exact = [v for v in vendors if key(v) == wanted or key(LEGAL_SUFFIXES.sub(" ", v)) == wanted]
    if exact:
        return exact
    return [v for v in vendors if _at_a_word(wanted, v)]  # whole words only, so "dm" is dm-drogerie markt


def _at_a_word(wanted: str, vendor: str) -> bool:
    """``wanted`` inside the vendor's name from the start of one of its words ("shell" in "Shell Portugal",
    "joes" in "Trader Joe's"), never from inside a word ("spar" is not in "Despar")."""
    words = re.findall(r"[a-z0-9]+", fold(vendor).replace("'", ""))
    joined = "".join(words)
    starts = [sum(len(w) for w in words[:k]) for k in range(len(words))]
    ends = {sum(len(w) for w in words[:k + 1]) for k in range(len(words))}  # "zara" is not "Zaragoza"
    return any(joined.startswith(wanted, at) and at + len(wanted) in ends for at in starts)


def suggest_vendors(said: str, vendors: Iterable[str], limit: int = 3) -> list[str]:
    """The user's vendors closest to a name they have no invoices from ("did you mean …?")."""
    from rapidfuzz import fuzz, process

    choices = {v: fold(v) for v in dict.fromkeys(vendors) if v}
    wanted = fold(said)
    if len(wanted) < 3 or not choices:
        return []
    found = process.extract(wanted, choices, scorer=fuzz.WRatio, score_cutoff=80, limit=limit)
    return [vendor for _, _, vendor in found]


_TOKEN = re.compile(r"[a-z0-9&'][a-z0-9&'.\-]*")


def find_vendor_typo(folded: str, vendors: Iterable[str], skip: Callable[[str], bool] = lambda _: False
                     ) -> tuple[str, int, int] | None:
    """One of the user's vendors misspelled in ``folded`` ("starbuks", "mercadonna", "pingo doze"), with
    its span: a name of five letters or more, same first letter, one edit away (two from eight letters,
    but never more than one letter longer or shorter).
    None when nothing is that close or two vendors are equally close."""
    tokens = list(_TOKEN.finditer(folded))
    found: dict[str, tuple[int, int, int, int]] = {}
    for vendor in dict.fromkeys(v for v in vendors if v):
        for phrase in vendor_phrases(vendor):
            if len(phrase.replace(" ", "")) < 5 or skip(phrase):
                continue
            budget = 1 if len(phrase) < 8 else 2
            size = len(phrase.split(" "))
            for k in range(len(tokens) - size + 1):
                start, end = tokens[k].start(), tokens[k + size - 1].end()
                said = folded[start:end].rstrip(".-")
                # At most one letter more or less: "mercado" (a market) is not "mercadona" cut short.
                if said[:1] != phrase[:1] or abs(len(said) - len(phrase)) > 1 or skip(said):
                    continue
                distance = OSA.distance(said, phrase, score_cutoff=budget)
                # The longest stretch of the name that is close: "brasserie guilaume" is the whole name
                # written one letter off, not its first word written right.
                if distance <= budget and (vendor not in found or (-len(said), distance) < (found[vendor][1], found[vendor][0])):
                    found[vendor] = (distance, -len(said), start, start + len(said))
    if not found:
        return None
    ranked = sorted(found.items(), key=lambda kv: kv[1][:2])
    if len(ranked) > 1 and ranked[0][1][:2] == ranked[1][1][:2]:
        return None
    vendor, (_, _, start, end) = ranked[0]
    return vendor, start, end


def _singular(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def category_phrases(category: str) -> set[str]:
    folded = fold(category)
    return {p for p in (folded, _singular(folded)) if len(p) >= 3}


def concept_of(folded_word: str) -> frozenset[str] | None:
    for concept in CATEGORY_CONCEPTS:
        if folded_word in concept or _singular(folded_word) in concept:
            return concept
    return None


# What a German compound may end in after a word of spending: "Bahntickets", "Stromrechnung", "Tankkosten".
_COMPOUND_TAILS = frozenset({"ticket", "tickets", "rechnung", "rechnungen", "kosten", "ausgaben", "beleg", "belege",
                             "quittung", "quittungen"})


def split_concept_compounds(text: str) -> str:
    """"Zugbillette" -> "Zug billette", "Bahnfahrkarte" -> "Bahn fahrkarte": a German compound of two words of
    one spending concept, or of one and a word for its cost ("Bahntickets"), reads as that concept. Words with
    letters that fold to more than one are kept."""
    def split(m: re.Match[str]) -> str:
        word = m.group()
        folded = fold(word)
        if len(folded) != len(word) or concept_of(folded) is not None:
            return word
        for k in range(3, len(folded) - 2):
            head = concept_of(folded[:k])
            if head is not None and (head is concept_of(folded[k:]) or folded[k:] in _COMPOUND_TAILS):
                return f"{word[:k]} {word[k:]}"
        return word
    return re.sub(r"[^\W\d_]{7,}", split, text)


def distinctive_words(vendors: Iterable[str], ordinary: Callable[[str], bool]) -> dict[str, str]:
    """Words of five letters or more, past the first, that name exactly one of the user's vendors
    ("versailles" for Pastelaria Versailles): what people call a shop whose name starts with its trade."""
    owners: dict[str, set[str]] = {}
    for vendor in dict.fromkeys(v for v in vendors if v):
        words = re.findall(r"[a-z][a-z0-9&'\-]*", fold(LEGAL_SUFFIXES.sub(" ", vendor)))
        for word in words[1:]:
            if len(word) >= 5 and not ordinary(word) and concept_of(word) is None:
                owners.setdefault(word, set()).add(vendor)
        if len(words) >= 3 and words[1] not in NAME_PARTICLES:  # "pague menos" of Farmácia Pague Menos
            owners.setdefault(" ".join(words[1:]), set()).add(vendor)
    return {word: next(iter(names)) for word, names in owners.items() if len(names) == 1}


def resolve_categories(said: str, categories: Iterable[str]) -> list[str]:
    """The user's item categories that ``said`` names, directly or through a shared concept; for two
    ("groceries + restaurants"), those of both, or none when one of them names nothing."""
    if " + " in said:
        categories = list(categories)
        found = [resolve_categories(part, categories) for part in said.split(" + ")]
        return list(dict.fromkeys(c for part in found for c in part)) if all(found) else []
    folded = fold(said)
    if not folded:
        return []
    categories = [c for c in dict.fromkeys(categories) if c]
    direct = [c for c in categories if fold(c) == folded or _singular(fold(c)) == _singular(folded)]
    if direct:
        return direct
    concept = concept_of(folded)
    if concept is None:
        return []
    return [c for c in categories if concept_of(fold(c)) is concept]


def find_phrase(folded: str, phrases: Sequence[str]) -> re.Match[str] | None:
    """The longest of ``phrases`` occurring in ``folded`` on word boundaries."""
    for phrase in sorted(phrases, key=len, reverse=True):
        m = re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", folded)
        if m:
            return m
    return None
