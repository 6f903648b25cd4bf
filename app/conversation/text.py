"""Normalising what users type so that matching ignores case, accents and odd unicode.

Questions arrive from phones in every keyboard: accents may be typed or not ("cuánto"/"cuanto"), quotes are
curly, digits may be full-width. Everything the parser matches is compared in this folded form.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

MAX_MESSAGE_CHARS = 1000
"""Longer messages are not questions; the parser treats them as Unknown instead of scanning them."""

_NON_WORD = re.compile(r"[^a-z0-9#@%&'./,:=\-+$€£¥ ]+")
_SPACES = re.compile(r"\s+")


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a table written as text."""
    return frozenset(text.split())


def rx(*alternatives: str) -> re.Pattern[str]:
    """One pattern matching any of ``alternatives`` as whole words of folded text."""
    return re.compile(r"(?<![a-z0-9#])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")


def describe_symbols(text: str, named: Callable[[str], bool] = lambda _: True) -> str:
    """Pictographs replaced by their Unicode names when ``named`` accepts the name ("⛽" -> "fuel pump",
    "🚕" -> "taxi"), else by a space, so a question asked with an emoji reads like one asked with words and a
    decorative one ("💸") adds nothing."""
    out = []
    for ch in text:
        if unicodedata.category(ch) == "So" and ord(ch) >= 0x2600:  # pictographs, not "°" or "©"
            name = unicodedata.name(ch, "").lower()
            out.append(f" {name} " if name and named(name) else " ")
        else:
            out.append(ch)
    return "".join(out)


# German compounds that end in an invoice word ("Handyrechnung", "Stromkosten") read as two words.
_COMPOUND = re.compile(r"(?i)(?<![\w])([a-zäöüß]{3,}?)(rechnung(?:en)?|kosten|ausgaben|gebühr(?:en)?)(?![\w])")


def split_compounds(text: str, keep: Callable[[str], bool]) -> str:
    """"Handyrechnung" -> "Handy rechnung" unless the whole word is one to ``keep`` ("Nebenkosten")."""
    return _COMPOUND.sub(lambda m: m.group() if keep(fold(m.group())) else f"{m[1]} {m[2]}", text)


# The tens of Belgian and Swiss French: "ces nonante derniers jours".
_TENS = {"septante": "70", "octante": "80", "huitante": "80", "nonante": "90"}
_REGIONAL_TENS = re.compile(r"(?i)(?<![\w-])(septante|octante|huitante|nonante)(?![\w-])")


def regional_tens(text: str) -> str:
    return _REGIONAL_TENS.sub(lambda m: _TENS[m[1].lower()], text)


def fold(text: str) -> str:
    """Lowercase ASCII-ish form: NFKD, combining marks dropped, casefolded, whitespace collapsed.

    Characters with no ASCII form (emoji, CJK, control characters) become spaces, so they can never
    glue two words together or smuggle anything into a pattern.
    """
    return fold_with_offsets(text)[0]


_STROKED = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ħ": "h", "ŧ": "t", "\u0131": "i", "ß": "ss", "æ": "ae",
                          "œ": "oe", "þ": "th", "ð": "d"})


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """:func:`fold`, plus for every folded character the index of the original character it came from,
    so a span found in the folded text can be cut out of the original (a vendor name keeps its case)."""
    out: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        decomposed = unicodedata.normalize("NFKD", char)
        piece = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
        piece = piece.translate(_STROKED)  # "Złoty", "Łódź", "Søstrene": letters NFKD does not take apart
        piece = piece.replace("’", "'").replace("‘", "'").replace("`", "'")
        piece = _NON_WORD.sub(" ", piece)
        for ch in piece:
            if ch == " " and (not out or out[-1] == " "):
                continue  # collapse runs of spaces and drop leading ones
            out.append(ch)
            offsets.append(index)
    while out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


def key(text: str | None) -> str:
    """Loose identity of a name (vendor, category): letters and digits of the folded form only."""
    if not text:
        return ""
    return re.sub(r"[^a-z0-9]+", "", fold(text))


def words(folded: str) -> list[str]:
    return re.findall(r"[a-z0-9#]+(?:'[a-z]+)?", folded)


def contains_phrase(folded: str, phrase: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", folded) is not None


def clean_display(text: str, limit: int = 80) -> str:
    """A user-supplied string made safe to echo in a reply: printable, one line, no WhatsApp markup."""
    printable = "".join(ch for ch in unicodedata.normalize("NFKC", text)
                        if unicodedata.category(ch)[0] != "C" or ch == " ")
    printable = re.sub(r"[*_~`]", "", printable)
    printable = _SPACES.sub(" ", printable).strip()
    return printable if len(printable) <= limit else printable[: limit - 1] + "…"
