"""Towns and cities people name as where they live ("Köln", "Mumbai", "Genève", "Rio de Janeiro"), and the
zones they are in: libphonenumber's geocoding data names the place of every area code in many languages,
and its time-zone data gives that area code's zones. Read once, only when the time-zone database's and
CLDR's own city names (app/i18n/zones.py) do not know the name; only the folded names of the reply
languages (and English) are kept, not the whole data set.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import lru_cache

LANGUAGES = ("en", "es", "pt", "fr", "de")


def _zones_for_prefix(prefix: str, data: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    for end in range(len(prefix), 0, -1):
        zones = data.get(prefix[:end])
        if zones:
            return zones
    return ()


def _variants(name: str) -> list[str]:
    """"São Paulo - SP" -> itself and "São Paulo"; "Navi Mumbai/Turbhe, Maharashtra" -> each part."""
    parts = [name, re.split(r"\s+-\s+|,", name)[0], *name.split("/")]
    return [p.strip() for p in parts if p.strip()]


@lru_cache(maxsize=1)
def place_zones(fold: Callable[[str], str]) -> dict[str, tuple[str, ...]]:
    """Folded place name -> the zones of the area codes it names (several when the name is shared)."""
    import phonenumbers.geodata as geodata
    from phonenumbers.tzdata import TIMEZONE_DATA

    table: dict[str, list[str]] = {}
    for prefix, names in geodata.GEOCODE_DATA.items():
        zones = _zones_for_prefix(prefix, TIMEZONE_DATA)
        if not zones or len(zones) > 3:  # a whole country or region of many clocks: says nothing
            continue
        for lang in LANGUAGES:
            for variant in _variants(names.get(lang) or ""):
                key = " ".join(fold(variant).split())
                if len(key) >= 3:
                    known = table.setdefault(key, [])
                    known += [z for z in zones if z not in known]
    # The geocoding data is large (~100 MB loaded) and needed no more: let it go.
    for module in [m for m in sys.modules if m.startswith("phonenumbers.geodata")]:
        del sys.modules[module]
    return {k: tuple(v) for k, v in table.items()}
