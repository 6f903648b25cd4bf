"""Words that say what kind of business a line names ("Restaurant", "Bäckerei", "Supermercado"): part of many
names, but alone they name no one."""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from app.extraction.offline.names import LEGAL_FORM
from app.extraction.offline.rows import Row

# Alone on a line, they name no one.
_KINDS = ("enterprises?", "trading", "industries", "store", "stores", "supermarket", "restaurant", "restoran",
          "hardware", "pharmacy", "farmasi", "mart", "bakery", "cafe", "kedai", "perniagaan", "supermercado",
          "supermercato", "supermarche", "supermarkt", "markt", "boulangerie", "backerei", "baeckerei", "bakkerij",
          "padaria", "panaderia", "apotheke", "apotheek", "pharmacie", "farmacia", "brasserie", "bistro", "bistrot",
          "restaurante", "gasthaus", "wirtshaus", "eetcafe", "cervejaria", "cerveceria", "taberna", "tasca",
          "mercearia", "epicerie", "drogaria", "ferreteria", "baumarkt", "bouwmarkt")
SHOP_WORD = re.compile(rf"(?<![a-z0-9])(?:{'|'.join(_KINDS)})(?![a-z])")
COMPANY_SUFFIX = re.compile(f"{LEGAL_FORM.pattern}|{SHOP_WORD.pattern}")
# The longer ones, which a letter misread leaves recognisable ("FESTAURANT").
_SHOP_WORDS = tuple(word for word in re.findall(r"[a-z]+", " ".join(_KINDS)) if len(word) >= 7)


def describes(row: Row) -> bool:
    """A line that only says what kind of business it is: "Restaurante - Tapas", "Bakery & Cafe", and such a
    word alone with a letter misread ("FESTAURANT")."""
    words = re.findall(r"[a-z]+", row.folded)
    if len(words) == 1 and len(words[0]) >= 7 and any(
            Levenshtein.distance(words[0], kind, score_cutoff=1) <= 1 for kind in _SHOP_WORDS):
        return True
    if LEGAL_FORM.search(row.folded) or not SHOP_WORD.search(row.folded):
        return False
    rest = [word for word in re.findall(r"[a-z]+", SHOP_WORD.sub(" ", row.folded)) if len(word) > 2]
    return len(rest) <= 1
