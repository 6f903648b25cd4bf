"""What people call a shop besides its name: "spoons" for Wetherspoons, "woolies" for Woolworths."""
from __future__ import annotations

import re
from collections.abc import Iterable

from app.conversation.matching import LEGAL_SUFFIXES
from app.conversation.text import fold


def nickname_of(said: str, vendors: Iterable[str]) -> str | None:
    """The one vendor a short name people give a shop points at: the end of a compound name ("spoons" for
    Wetherspoons), its first syllable with a pet ending ("woolies" for Woolworths) or its name cut short
    ("merca" for Mercadona, "décath" for Decathlon). None unless exactly one of the user's vendors fits, so a
    nickname never guesses between two."""
    word = fold(said).strip(" .,!?'")
    if not re.fullmatch(r"[a-z]{5,}", word):
        return None
    tails = {word, word[:-1]} if word.endswith("s") else {word}
    stems = {word[:-len(end)] for end in ("ies", "ie", "os", "o", "y", "s")
             if word.endswith(end) and len(word) - len(end) >= 4}
    found = set()
    for vendor in dict.fromkeys(v for v in vendors if v):
        for name in re.findall(r"[a-z]+", fold(LEGAL_SUFFIXES.sub(" ", vendor)).replace("'", "")):
            if any(name.endswith(t) and len(name) - len(t) >= 3 for t in tails) \
                    or any(name.startswith(stem) and len(name) >= len(stem) + 3 for stem in {word, *stems}):
                found.add(vendor)
    return found.pop() if len(found) == 1 else None
