"""OCR artefacts in a seller's name that the rest of the header lets us undo.

Thermal receipts print names in capitals with tight letter spacing; OCR then drops or adds a space
("STATIONERYSHOP", "ENTE RPRISE") or a letter ("STATONERY") in the words that say what kind of
business it is. Those words come from a small, general vocabulary of trade words, so a token that is
one of them glued to another word, split in two, or missing a letter inside is put back as printed. A branch
or town in brackets after the name ("(SETIA ALAM)") is printed again in the address below; when OCR
lost the closing bracket and garbled the word's end ("(MALURD" for "(MALURI)"), the address spells it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

# Words naming a kind of business, as Malaysian/English shop and company names use them. Only the
# spelling repair reads this list; no vendor is recognised by it.
TRADE_WORDS = frozenset("""
    enterprise enterprises trading traders international industries hardware stationery restaurant
    supermarket minimarket pharmacy confectionery marketing services holdings engineering electrical
    furniture corporation distributor distributors wholesale shop store
    """.split())
# Malaysian legal forms OCR breaks apart on faded print ("SDN BH D"): joined, never split or respelled.
_SUFFIX_WORDS = frozenset({"sdn", "bhd", "berhad", "sendirian"})
_JOINABLE = TRADE_WORDS | _SUFFIX_WORDS
# A glued word is split only at a long trade word (a short one like "shop" or "store" ends many
# single words: "WORKSHOP", "BOOKSTORE"), or where both halves are trade words ("STATIONERYSHOP").
_LONG_WORD = 8
_MIN_HEAD = 4


def _lost_letter(token: str, word: str) -> bool:
    """Whether ``word`` is ``token`` with one letter put back inside it, where faded print loses one
    ("STATONERY"). A lost last letter is not repaired: "HOLDING" is a word, not "HOLDINGS" misread."""
    return len(word) == len(token) + 1 and any(word[:i] + word[i + 1:] == token for i in range(1, len(word) - 1))


def _as_cased(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    return word.capitalize() if like[:1].isupper() else word


def _split(token: str) -> str:
    lowered = token.lower()
    for cut in range(_MIN_HEAD, len(lowered) - 3):
        head, tail = lowered[:cut], lowered[cut:]
        if tail in TRADE_WORDS and (len(tail) >= _LONG_WORD or head in TRADE_WORDS):
            return f"{token[:cut]} {token[cut:]}"
    return token


def _respelled(token: str) -> str:
    lowered = token.lower()
    if len(lowered) < _LONG_WORD - 1 or lowered in TRADE_WORDS:
        return token
    near = [word for word in TRADE_WORDS if _lost_letter(lowered, word)]
    return _as_cased(near[0], token) if len(near) == 1 else token


def repair_trade_words(name: str) -> str:
    """ "SANYU STATIONERYSHOP" -> "SANYU STATIONERY SHOP", "FILL IN ENTE RPRISE" -> "FILL IN ENTERPRISE",
    "SANYU STATONERY SHOP" -> "SANYU STATIONERY SHOP". Only words of letters in one case are touched."""
    tokens = name.split(" ")
    joined: list[str] = []
    for token in tokens:
        previous = joined[-1] if joined else ""
        pair = previous + token
        if previous.isalpha() and token.isalpha() and pair.lower() in _JOINABLE \
                and previous.lower() not in _JOINABLE and token.lower() not in _JOINABLE \
                and (pair.isupper() or pair[1:].islower()):
            joined[-1] = pair  # "ENTE RPRISE": a space OCR put inside the word
            continue
        joined.append(token)
    return " ".join(_repaired(token) for token in joined)


def _repaired(token: str) -> str:
    if not token.isalpha() or not (token.isupper() or token[1:].islower()):
        return token
    split = _split(token)
    return split if " " in split else _respelled(token)


_OPEN_BRACKET_END = re.compile(r"\([A-Za-z ]*?([A-Za-z]{4,})$")


def close_bracket_from_address(name: str, below: Iterable[str]) -> str:
    """ "TOYS (SRI MUDD" over "TAMAN SRI MUDA": the bracket names the place in the address, its last
    letter and closing bracket read as one letter ("A)" as "D")."""
    match = _OPEN_BRACKET_END.search(name.rstrip())
    if match is None:
        return name
    word = match.group(1)
    stem = word[:-1].lower()
    for line in below:
        for candidate in re.findall(r"[A-Za-z]+", line):
            if candidate.lower().startswith(stem) and len(candidate) == len(word) \
                    and candidate.lower() != word.lower():
                return f"{name.rstrip()[:match.start(1)]}{_as_cased(candidate.lower(), word)})"
    return name


# Breves OCR puts on a legal form's umlaut: Estonian "OÜ" read "OŬ".
_LEGAL_FORM_MARKS = ((re.compile(r"(?<![A-Za-z])O[ŬǓ](?![A-Za-z])"), "OÜ"),)


def repair_name(name: str, below: Iterable[str]) -> str:
    """The chosen seller name with the artefacts above undone; ``below`` are the header lines under it."""
    for misread, form in _LEGAL_FORM_MARKS:
        name = misread.sub(form, name)
    return close_bracket_from_address(repair_trade_words(name), below)
