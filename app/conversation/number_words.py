"""Numbers said in words, as people dictate amounts ("twenty one fifty", "doce cincuenta", "duzentos e vinte e
nove e noventa", "the one for seven hundred and five"), written as digits before a message is read.

text2num does the counting in each reply language. Two numbers said one after the other, the second of two
digits ("twenty one fifty" -> "21 50"), are an amount with its cents, as a price is read aloud.
"""
from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import alpha2digit

from app.conversation.date_words import month_abbreviations, month_names
from app.conversation.text import fold

LANGUAGES = frozenset({"en", "es", "pt", "fr", "de"})
_CENTS = re.compile(r"(?<![\d.,])(\d{1,7}) (?:(?:and|y|e|et|und|con|com) )?(\d{2})(?![\d%]|[.,]\d)")


@lru_cache(maxsize=1)
def _month_words() -> frozenset[str]:
    return frozenset(month_names()) | frozenset(month_abbreviations())


def in_digits(text: str, language: str | None) -> str:
    """``text`` with the numbers said in words written in digits, in ``language`` (unchanged for another or
    none: "sept" is French for seven and English for September)."""
    if language not in LANGUAGES or not re.search(r"[^\W\d_]", text):
        return text
    # Month names stay words: "dez" is December as well as ten, "sept" September as well as seven.
    months: list[str] = []

    def mask(m: re.Match[str]) -> str:
        months.append(m.group())
        return f"_m{len(months) - 1}_"

    masked = re.sub(r"[^\W\d_]+", lambda m: mask(m) if fold(m.group()) in _month_words() else m.group(), text)
    try:
        converted = alpha2digit(masked, language)
    except Exception:  # noqa: BLE001 - a message the counter chokes on is read as written
        return text
    converted = re.sub(r"_m(\d+)_", lambda m: months[int(m[1])], converted)
    if converted == text:
        return text
    typed = set(re.findall(r"\d+(?:[.,]\d+)*", text))  # whole figures, "249,90" as one

    def cents(m: re.Match[str]) -> str:
        if m[1] in typed or m[2] in typed:  # digits typed by the user stay as typed ("top 3 10")
            return m[0]
        if m[1] in ("19", "20") and len(m[1]) == 2:  # "twenty twenty five": a year
            return m[1] + m[2]
        return f"{m[1]}.{m[2]}"

    return _CENTS.sub(cents, converted)
