"""Words that say what kind of business a line names ("Restaurant", "Bäckerei", "Supermercado"): part of many
names, but alone they name no one."""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from app.extraction.offline.names import LEGAL_FORM
from app.extraction.offline.rows import Row

# Alone on a line, they name no one.
SHOP_WORD = re.compile(
    r"(?<![a-z0-9])(?:enterprises?|trading|industries|store|stores|supermarket|"
    r"restaurant|restoran|hardware|pharmacy|farmasi|mart|bakery|cafe|kedai|perniagaan|"
    r"supermercado|supermercato|supermarche|supermarkt|markt|boulangerie|backerei|baeckerei|bakkerij|padaria|panaderia|"
    r"apotheke|apotheek|pharmacie|farmacia|brasserie|bistro|bistrot|restaurante|gasthaus|wirtshaus|eetcafe|"
    r"cervejaria|cerveceria|taberna|tasca|mercearia|epicerie|drogaria|ferreteria|baumarkt|bouwmarkt)(?![a-z])"
)
COMPANY_SUFFIX = re.compile(f"{LEGAL_FORM.pattern}|{SHOP_WORD.pattern}")
_SHOP_WORDS = tuple(w for w in re.findall(r"[a-z]+", SHOP_WORD.pattern.split("(?:", 1)[1]) if len(w) >= 7)


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
