"""Which time zone a user lives in: from the WhatsApp number, or from what the user says ("Perth", "UTC+5:30").

phonenumbers knows the zones a number's prefix can be in; Babel (CLDR) knows each country's zones and the
city names of every zone in the supported languages; tzdata's ``zone.tab`` lists a country's zones most
populous first. Zones that keep the same clock all year (Europe/London and Europe/Jersey) are one choice.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale
from babel.core import get_global
from rapidfuzz import fuzz, process

from app.i18n.catalogue import LANGUAGES
from app.i18n.phone import hint_for_number
from app.i18n.places import place_zones

# Zones whose clocks differ by at most this much are one guess away from each other: a period boundary
# moves by at most an hour, so the country's main zone is assumed (and said) instead of asking first.
ASSUMABLE_SPREAD = dt.timedelta(hours=1)


@dataclass(frozen=True)
class ZoneGuess:
    """What a number says: ``zone`` when it settles the question, else ``options`` to ask between."""

    zone: str | None
    options: tuple[str, ...] = ()
    assumed: bool = False  # several clocks, at most an hour apart: ``zone`` is the country's main one


def _clock(name: str, year: int) -> tuple[dt.timedelta | None, ...]:
    """A zone's UTC offsets through a year (two samples a month): equal tuples keep the same clock."""
    tz = ZoneInfo(name)
    return tuple(dt.datetime(year, m, d, 12, tzinfo=dt.UTC).astimezone(tz).utcoffset()
                 for m in range(1, 13) for d in (1, 15))


def _valid(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@lru_cache(maxsize=1)
def zone_tab() -> dict[str, list[str]]:
    """Country code -> its zones in zone.tab order (most populous first, where geography allows)."""
    out: dict[str, list[str]] = {}
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _, name, *_ = line.split("\t")
        out.setdefault(country, []).append(name)
    return out


def _canonical(name: str) -> str:
    """Asia/Calcutta -> Asia/Kolkata: CLDR's and phonenumbers' older names as tzdata's canonical ones."""
    aliases: Mapping[str, str] = get_global("zone_aliases")
    for candidate in (name, aliases.get(name, "")):
        for zones in zone_tab().values():
            if candidate in zones:
                return candidate
    modern = {"Asia/Calcutta": "Asia/Kolkata", "Asia/Saigon": "Asia/Ho_Chi_Minh", "Asia/Katmandu": "Asia/Kathmandu",
              "Asia/Rangoon": "Asia/Yangon", "America/Buenos_Aires": "America/Argentina/Buenos_Aires"}
    return modern.get(name, name)


def country_zones(country: str) -> list[str]:
    """A country's zones, main one first."""
    ordered = list(zone_tab().get(country.upper(), []))
    for listed in get_global("territory_zones").get(country.upper(), []):
        name = _canonical(listed)
        if name not in ordered and _valid(name):
            ordered.append(name)
    return ordered


def _order(country: str | None, zones: list[str]) -> list[str]:
    rank = {z: k for k, z in enumerate(country_zones(country))} if country else {}
    return sorted(dict.fromkeys(zones), key=lambda z: rank.get(z, len(rank)))


def choose(zones: list[str], country: str | None, today: dt.date) -> ZoneGuess:
    """One zone when the candidates keep one clock, the main one assumed when their clocks are at most an
    hour apart, else the distinct clocks to ask between (one zone each, main ones first)."""
    zones = _order(country, [z for z in (_canonical(z) for z in zones) if _valid(z)])
    if not zones:
        return ZoneGuess(None)
    distinct: dict[tuple[dt.timedelta | None, ...], str] = {}
    for name in zones:
        distinct.setdefault(_clock(name, today.year), name)
    options = tuple(distinct.values())
    if len(options) == 1:
        return ZoneGuess(options[0])
    spread = max(max(at) - min(at) for at in zip(*distinct, strict=True) if None not in at)
    if spread <= ASSUMABLE_SPREAD:
        return ZoneGuess(options[0], options, assumed=True)
    return ZoneGuess(None, options)


# libphonenumber puts Brazil's whole Northeast (area codes 71–89, 98–99: Recife, Fortaleza, Salvador…) on the
# clock of Fernando de Noronha, an island at UTC-2; the mainland keeps UTC-3, as Recife does.
_PREFIX_ZONE_FIXES = {"America/Noronha": "America/Recife"}


def guess_for_number(whatsapp_number: str | None, today: dt.date) -> ZoneGuess:
    """The zone(s) a WhatsApp number points at: its prefix's zones, else its country's."""
    hint = hint_for_number(whatsapp_number)
    if hint is None:
        return ZoneGuess(None)
    zones = [_PREFIX_ZONE_FIXES.get(z, z) for z in hint.timezones]
    return choose(zones or country_zones(hint.country), hint.country, today)


# --- what a user says -----------------------------------------------------------------------------------

def _fold(text: str) -> str:
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9+:\-/ ]+", " ", plain.casefold().replace("_", " ")).strip()


_CONTINENTS = {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, ...]]:
    """Folded city and country names in every supported language -> the zones they stand for."""
    table: dict[str, list[str]] = {}

    def add(name: str, zones: list[str]) -> None:
        key = " ".join(_fold(name).split())
        if len(key) >= 3:
            table.setdefault(key, [])
            table[key] += [z for z in zones if z not in table[key]]

    for countries in zone_tab().values():
        for name in countries:
            add(name, [name])  # "europe/lisbon"
            add(name.rsplit("/", 1)[-1], [name])  # "lisbon", "sao paulo", "new york"
    listed = {z for zones in zone_tab().values() for z in zones}
    # The database's older city names (America/Montreal); not its region names (Canada/Atlantic, US/Eastern).
    for name in sorted(available_timezones() - listed):
        canonical = _canonical(name)
        if canonical in listed and name.split("/")[0] in _CONTINENTS:
            add(name.rsplit("/", 1)[-1], [canonical])  # "montreal" -> America/Toronto
    for lang in LANGUAGES:
        locale = Locale.parse(lang)
        for name, data in locale.time_zones.items():
            city = data.get("city") if hasattr(data, "get") else None
            canonical = _canonical(name)
            if city and _valid(canonical):
                add(city, [canonical])  # "Londres", "Nueva York", "São Paulo"
        for code, country in locale.territories.items():
            if len(code) == 2 and code.isalpha():
                zones = country_zones(code)
                if zones:
                    add(country, zones)  # "Brasil", "Allemagne", "Australien"
    return {k: tuple(v) for k, v in table.items()}


_OFFSET = re.compile(r"^(?:utc|gmt)?\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$")


def _by_offset(said: str, country: str | None, now: dt.datetime, preferred: tuple[str, ...] = ()) -> list[str]:
    m = _OFFSET.match(said.replace(" ", ""))
    if not m:
        return ["Etc/UTC"] if said in {"utc", "gmt", "z"} else []
    minutes = int(m["h"]) * 60 + int(m["m"] or 0)
    offset = dt.timedelta(minutes=minutes if m["sign"] == "+" else -minutes)
    if minutes > 14 * 60:
        return []
    same = [z for zones in zone_tab().values() for z in zones if now.astimezone(ZoneInfo(z)).utcoffset() == offset]
    mine = [z for z in preferred if z in same]  # the number's own zones first: +55 11 and UTC-3 is São Paulo
    if mine:
        return mine[:1]
    if country:
        mine = [z for z in country_zones(country) if z in same]
        if mine:
            return mine[:1]
    if minutes % 60 == 0:  # Etc/GMT-5 is UTC+5 (POSIX signs are inverted)
        return [f"Etc/GMT{'-' if offset >= dt.timedelta(0) else '+'}{minutes // 60}" if minutes else "Etc/UTC"]
    return same[:1]


def zones_named(said: str, country: str | None, now: dt.datetime,
                preferred: tuple[str, ...] = ()) -> tuple[list[str], str | None]:
    """The zone(s) a user's words name ("perth", "Europe/Lisbon", "UTC+5:30", "Brasil", "Nueva York",
    "Perth, Australia"), and the name they were read as when it was a near spelling ("pert" -> "perth");
    [] when nothing fits."""
    for part in (said, *said.split(",")):
        found = _zones_named(part, country, now, preferred)
        if found[0]:
            return found
    return _place_inside(said, country), None


def _place_inside(said: str, country: str | None) -> list[str]:
    """A place named inside a longer sentence ("Las Palmas de Gran Canaria, aquí tenemos una hora menos"):
    the longest run of words that is a place's exact name, first part first; never a near spelling."""
    names = _names()
    for part in re.split(r"[,.;!?()]", said):
        words = _fold(part).split()
        for size in range(min(len(words), 6), 0, -1):
            for start in range(len(words) - size + 1):
                span = " ".join(words[start:start + size])
                if len(span) < 5:
                    continue
                if span in names:
                    return list(names[span])
                if places := place_zones(_fold).get(span):
                    found = list(dict.fromkeys(_canonical(z) for z in places))
                    return [z for z in found if country and z in country_zones(country)] or found
    return []


def _zones_named(said: str, country: str | None, now: dt.datetime,
                 preferred: tuple[str, ...]) -> tuple[list[str], str | None]:
    folded = " ".join(_fold(said).split())
    if not folded:
        return [], None
    by_offset = _by_offset(folded, country, now, preferred)
    if by_offset:
        return by_offset, None
    names = _names()
    if folded in names:
        return list(names[folded]), None
    # A town the zone names do not list ("Köln", "Mumbai"): where its area code is, by exact name only
    # (a near spelling among tens of thousands of towns is a guess); the user's own country first.
    if places := place_zones(_fold).get(folded):
        found = list(dict.fromkeys(_canonical(z) for z in places))  # Asia/Calcutta -> Asia/Kolkata
        mine = [z for z in found if country and z in country_zones(country)]
        return mine or found, None
    best = process.extractOne(folded, list(names), scorer=fuzz.ratio, score_cutoff=85)
    if best is None:
        return [], None
    return list(names[best[0]]), best[0]


def offset_label(name: str, now: dt.datetime) -> str:
    """"UTC+5:30", "UTC-3", "UTC" for a zone at ``now``."""
    offset = now.astimezone(ZoneInfo(name)).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    h, m = divmod(abs(minutes), 60)
    return f"UTC{sign}{h}" + (f":{m:02d}" if m else "")


def city_label(name: str, language: str) -> str:
    """The zone's city in the user's language ("Londres"), else from its name ("Sao Paulo")."""
    try:
        data = Locale.parse(language).time_zones.get(name) or {}
        city = data.get("city") if hasattr(data, "get") else None
    except (ValueError, LookupError):
        city = None
    return city or name.rsplit("/", 1)[-1].replace("_", " ")
