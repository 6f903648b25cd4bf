"""Positions in the last list shown: "the second one", "la 2ª", "die dritte", "le 4e"."""
from __future__ import annotations

import re

ORDINALS = {
    1: r"first|1st|primer[oa]?|primeir[oa]|premier|premiere|erste[nmrs]?|erscht[ae]?",
    2: r"second|2nd|segund[oa]|deuxieme|zweite[nmrs]?|zwoit[ae]?",
    3: r"third|3rd|tercer[oa]?|terceir[oa]|troisieme|dritte[nmrs]?",
    4: r"fourth|4th|cuart[oa]|quart[oa]|quatrieme|vierte[nmrs]?",
    5: r"fifth|5th|quint[oa]|cinquieme|funfte[nmrs]?",
}
# "la 2ª", "a 2a", "la 4e", "dem 2.": an ordinal written with a digit, read only right after an article so
# that "5e" of an amount or "2." of a date stays a number.
_AFTER_ARTICLE = "|".join(f"(?<={a} )" for a in ("the", "la", "el", "a", "o", "da", "do", "na", "no", "le", "die",
                                                  "der", "dem", "den"))
_DIGIT_ORDINAL = r"(?:{after}){n}(?:[ao]|e|eme|er|ere|\.(?!\d))"
LISTED_REF = re.compile(
    r"(?<![a-z0-9])(?:the\s+|la\s+|el\s+|a\s+|o\s+|da\s+|do\s+|na\s+|no\s+|le\s+|die\s+|der\s+|dem\s+|den\s+)?(?P<ord>"
    + "|".join(f"(?P<o{n}>{words}|{_DIGIT_ORDINAL.format(after=_AFTER_ARTICLE, n=n)})" for n, words in ORDINALS.items())
    + r")(?:\s+(?:one|invoice|receipt|factura|fatura|nota|recibo|facture|rechnung|da lista|de la lista|"
      r"on the list|in the list))?(?![a-z0-9])"
)
