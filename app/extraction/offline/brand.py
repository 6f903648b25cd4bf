"""The brand on a receipt's header: the big line on top, checked against the business's other printed forms.

Shops print their brand biggest and first, then the legal entity ("IKEA" over "IKEA Deutschland GmbH &
Co. KG"), and often the brand again, smaller, or in their web domain. OCR misreads a letter of one copy
("MedaMarkt" over "MEDIA MARKT") or splits another ("Kauf land", "Mar ktkauf L ehr"); the copies and
the domain settle the spelling between them.
"""
from __future__ import annotations

import re

from app.extraction.offline.rows import Row, fold

# "www. marktkauf- l ehr. de": OCR sets spaces inside web addresses too.
_WEB_ROW = re.compile(r"www|@|https?:")
_DOMAIN = re.compile(r"(?:@|www\.|https?://)([a-z0-9][a-z0-9-]{2,})\.")


def compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def domains(rows: list[Row]) -> set[str]:
    """Web and e-mail domain names printed on the page, read with the spaces OCR put in them removed."""
    found: set[str] = set()
    for row in rows:
        if _WEB_ROW.search(row.folded):
            found.update(_DOMAIN.findall(re.sub(r"\s+", "", row.folded)))
    return found


def respell_by_domain(name: str, names: set[str]) -> str:
    """ "Mar ktkauf L ehr" with www.marktkauf-lehr.de printed: the domain's parts are the words."""
    letters = re.sub(r"[^A-Za-z0-9]", "", name)
    for domain in names:
        parts = [part for part in domain.split("-") if part]
        if len(parts) < 2 or "".join(parts) != letters.lower():
            continue
        words, start = [], 0
        for part in parts:
            words.append(letters[start:start + len(part)])
            start += len(part)
        return " ".join(words)
    return name


def respell_by_copy(name: str, row: Row, page: list[Row], domains: set[str]) -> str:
    """ "NIMARKT" over www.unimarkt.at and "Ab sofort bei UNIMARKT", "FOFER KG" above "HOFER PREIS": the one word
    of a one-word name one OCR slip away from a word the page prints elsewhere (or its web domain), never printed as the
    name spells it, is spelled as printed there: the plain text reads more surely than a logo."""
    if len(re.findall(r"[^\W\d_]{4,}", name)) != 1:
        return name  # only a one-word brand (a legal form may follow): the logo, read alone, is what OCR slips on
    elsewhere = [word for other in page if other is not row for word in re.findall(r"[^\W\d_]{5,}", other.text)]
    seen = {compact(word) for word in elsewhere} | domains
    words = name.split(" ")
    for index, word in enumerate(words):
        key = compact(word)
        if len(key) < 5 or key in seen:
            continue
        fix = next((w for w in [*elsewhere, *sorted(domains)] if compact(w) != key and one_slip_apart(key, compact(w))), None)
        if fix is not None:
            words[index] = fix.upper() if word.isupper() else fix if fix[0].isupper() else fix.capitalize()
    return " ".join(words)


def one_slip_apart(a: str, b: str) -> bool:
    """Whether two spellings differ by at most one letter changed, added or dropped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def other_copy(row: Row, rows: list[Row]) -> Row | None:
    """The next or previous header line spelling the same name with at most one OCR slip."""
    key = compact(row.text)
    if len(key) < 5:
        return None
    for other in rows:
        if other is not row and abs(other.index - row.index) == 1 and one_slip_apart(key, compact(other.text)):
            return other
    return None


def better_copy(row: Row, copy: Row, page: list[Row]) -> tuple[Row, bool]:
    """Of two copies of a name, the one printed again elsewhere on the page (then its spaces are
    printed ones too: True), else the surer read."""
    def seen(candidate: Row) -> int:
        return sum(compact(other.text) == compact(candidate.text) for other in page)
    better = max((row, copy), key=lambda candidate: (seen(candidate), candidate.confidence, -candidate.index))
    return better, seen(better) > 1


def as_one_word(text: str, other: str) -> str:
    """ "Kauf land" beside "Koufland": OCR split the word the other copy prints whole."""
    return text.replace(" ", "") if " " not in other.strip() and " " in text.strip() else text


def word_in(brand: str, line: str) -> str | None:
    """The word of ``line`` that is the one-word ``brand`` with at most one OCR slip ("tooml" / "toom")."""
    key = compact(brand)
    if len(key) < 4 or " " in brand.strip():
        return None
    words: list[str] = re.findall(r"[^\W_]+", line)
    for word in words:
        if len(word) >= 3 and one_slip_apart(key, compact(word)):
            return word
    return None


def glued_kind(name: str, kind: re.Pattern[str]) -> str | None:
    """ "U2SUPERMERCATO": a short sign name and its kind of business read as one word, set apart again."""
    folded = fold(name)
    match = re.search(kind.pattern.replace("(?<![a-z0-9])", ""), folded)
    if match is None or len(folded) != len(name) or not 0 < match.start() <= 4 or name[match.start() - 1] == " ":
        return None
    return f"{name[:match.start()]} {name[match.start():]}"
