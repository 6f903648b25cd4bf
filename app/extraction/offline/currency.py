"""The currency of a document, from the strongest cue it offers.

In order of strength: a currency printed next to the total (an ISO code, an unambiguous symbol, a
local abbreviation such as RM, zł or lei); a currency printed next to other amounts or on a money
label ("Prezzo(€)", "AMT (RM)"); the country the document comes from (tax ids, postcodes, phone
prefixes, country names: ``country.py``); the language it is written in; and last the user's own
country. A currency word anywhere else ("El Camino Real", "Lei 12.741", a registration "INR") is
never evidence. Shared symbols ($, kr, Rs, R, lei) are resolved by the document's country, then the
user's, then the symbol's most common owner.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.extraction.iso4217 import CURRENCIES
from app.extraction.offline.country import CountryCues, currency_of
from app.extraction.offline.labels import TAX_IDENTIFIER, classify, is_table_heading
from app.extraction.offline.rows import Row

# Symbols and abbreviations that name one currency.
_UNAMBIGUOUS: dict[str, str] = {
    "US$": "USD", "U$S": "USD", "R$": "BRL", "S$": "SGD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "NZ$": "NZD", "HK$": "HKD", "MX$": "MXN", "NT$": "TWD", "€": "EUR", "£": "GBP", "₹": "INR", "₩": "KRW",
    "₺": "TRY", "₽": "RUB", "฿": "THB", "₱": "PHP", "₦": "NGN", "₫": "VND", "₴": "UAH", "₪": "ILS", "₡": "CRC",
    "₲": "PYG", "₸": "KZT", "₼": "AZN", "₾": "GEL", "zł": "PLN", "Kč": "CZK", "RM": "MYR", "Rp": "IDR",
    "Ft": "HUF", "SFr": "CHF", "Fr.": "CHF", "KSh": "KES", "лв": "BGN", "euro": "EUR", "euros": "EUR",
    "ringgit": "MYR", "rupiah": "IDR", "reais": "BRL", "LE": "EGP", "L.E.": "EGP", "EURO": "EUR", "Euro": "EUR", "Euros": "EUR", "EUROS": "EUR",
}
# Symbols several currencies share: (owners, most common owner). "Rs" and "R" are also what OCR makes
# of "R$", so a Brazilian document takes them as reais.
_SHARED: dict[str, tuple[frozenset[str], str]] = {
    "$": (frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "ARS", "CLP", "COP", "UYU", "TWD", "BRL",
                     "DOP", "JMD", "TTD", "BSD", "BBD", "FJD", "LRD", "NAD", "SBD", "XCD", "BND", "CUP"}), "USD"),
    "kr": (frozenset({"SEK", "NOK", "DKK", "ISK"}), "SEK"),
    "Rs": (frozenset({"INR", "PKR", "LKR", "NPR", "MUR", "SCR", "BRL"}), "INR"),
    "R": (frozenset({"ZAR", "BRL"}), "ZAR"),
    "lei": (frozenset({"RON", "MDL"}), "RON"),
    "¥": (frozenset({"JPY", "CNY"}), "JPY"),
}
# Signs that are also letters or words ("R 89.90", the Egyptian "840.14 LE" but "LE TOTAL") are a
# currency only written against an amount.
_SINGLE_LETTER = frozenset({"R", "LE", "L.E."})
# ISO codes that are also words printed on receipts; they only count glued to an amount.
_WORDLIKE = frozenset({"ALL", "TOP", "CUP", "MOP", "PEN", "TRY", "MAD", "BHD", "SOS", "BOB", "LAK", "DOP", "GEL",
                       "NIO", "CAD", "AED", "BAM", "MDL", "INR"})
_TOKEN = re.compile(
    r"US\$|U\$S|R\$|S\$|AU?\$|CA?\$|NZ\$|HK\$|MX\$|NT\$|[€£₹₩₺₽฿₱₦₫₴₪₡₲₸₼₾$¥]|zł|Kč|лв"
    r"|(?<![A-Za-z])(?:RM|Rp|LE|L\.E\.|Ft|SFr|Fr\.|KSh|Rs\.?|R|kr\.?|Kr\.?|KR|lei|LEI|Lei|[Ee]uros?|EUROS?|ringgit|rupiah|reais|[A-Z]{3})"
    r"(?![A-Za-z])"
)
# "All amounts in EUR", "Währung: CHF", "Moeda: BRL": a statement of the document's currency.
_CURRENCY_NOTE = re.compile(
    r"(?i:currency|wahrung|währung|devise|moneda|moeda|valuta|amounts?\s+in|betrage\s+in|beträge\s+in|"
    r"montants?\s+(?:exprimes|exprimés)\s+en|importes\s+en|valores\s+em|bedragen\s+in)")
# The € sign as OCR often reads it: "12,50 E".
_EURO_AS_E = re.compile(r"\d[.,]\d{2}\s?E(?![A-Za-z])")

# The currency a language implies when nothing else is printed: its home country's, unless the
# user's own country speaks it too.
LANGUAGE_HOME = {"de": "DE", "fr": "FR", "es": "ES", "pt": "PT", "nl": "NL", "it": "IT", "ro": "RO", "pl": "PL",
                 "sv": "SE", "id": "ID", "ms": "MY"}
LANGUAGE_COUNTRIES = {
    "de": {"DE", "AT", "CH", "LI", "LU", "BE"}, "fr": {"FR", "BE", "CH", "LU", "CA", "MC", "SN", "CI", "MA", "TN"},
    "es": {"ES", "MX", "AR", "CO", "CL", "PE", "EC", "UY", "PY", "BO", "VE", "CR", "PA", "DO", "GT", "HN", "SV",
           "NI", "CU", "PR"},
    "pt": {"PT", "BR", "AO", "MZ", "CV"}, "nl": {"NL", "BE", "SR"}, "it": {"IT", "CH", "SM"},
    "ro": {"RO", "MD"}, "pl": {"PL"}, "sv": {"SE", "FI"}, "id": {"ID"}, "ms": {"MY", "BN", "SG"},
}


@dataclass(frozen=True)
class CurrencyGuess:
    code: str
    confidence: float
    source: str  # "printed_total", "printed", "country", "language", "user_country"


def _owner(token: str) -> tuple[str | None, frozenset[str] | None, str | None]:
    """(unambiguous code, shared owners, default owner) for one printed token."""
    bare = token.rstrip(".")
    if token in _UNAMBIGUOUS or bare in _UNAMBIGUOUS:
        return _UNAMBIGUOUS.get(token) or _UNAMBIGUOUS[bare], None, None
    key = {"Kr": "kr", "KR": "kr", "LEI": "lei", "Lei": "lei"}.get(bare, bare)
    if key in _SHARED:
        owners, default = _SHARED[key]
        return None, owners, default
    if re.fullmatch(r"[A-Z]{3}", token) and token in CURRENCIES:
        return token, None, None
    return None, None, None


def _glued(row: Row, start: int, end: int) -> bool:
    """A token written against one of the row's money amounts: "RM 12.50", "12,50 €", "TOTAL LEI 40.80"."""
    for amount in row.money():
        if 0 <= amount.start - end <= 2 or 0 <= start - amount.end <= 2:
            return True
        if amount.start <= start < amount.end:  # the amount's own prefix ("RM12.50")
            return True
    return False


def printed_marks(rows: list[Row], total_rows: set[int]) -> dict[str, tuple[float, frozenset[str] | None, str]]:
    """Currencies printed as money marks: token -> (weight, shared owners or None, code or default).

    Weight 6 on the total's row (or the label row above it), 3 on another money-label row or an item
    table heading, 2 glued to an amount elsewhere; each token counts once per row.
    """
    marks: dict[str, tuple[float, frozenset[str] | None, str]] = {}
    for position, row in enumerate(rows):
        if TAX_IDENTIFIER.search(row.folded):
            continue
        label_kind = classify(row.label) if row.label.strip() else None
        seen: set[str] = set()
        for match in _TOKEN.finditer(row.text):
            token = match.group(0)
            code, owners, default = _owner(token)
            if code is None and owners is None:
                continue
            glued = _glued(row, match.start(), match.end())
            wordlike = token in _WORDLIKE or token in _SINGLE_LETTER
            on_total = row.index in total_rows or (
                position + 1 < len(rows) and rows[position + 1].index in total_rows and not row.amounts)
            on_label = label_kind is not None or is_table_heading(row.folded) or bool(_CURRENCY_NOTE.search(row.text))
            if wordlike and not glued:
                continue
            if on_total and (glued or label_kind is not None or not row.amounts):
                weight = 6.0
            elif on_label and (glued or not row.amounts or match.start() < row.amounts[0].start):
                weight = 3.0
            elif glued:
                weight = 2.0
            else:
                continue
            key = code or token.rstrip(".")
            if key in seen:
                continue
            seen.add(key)
            previous = marks.get(key, (0.0, owners, code or default or ""))
            marks[key] = (previous[0] + weight, owners, code or default or "")
    return marks


# "All prices are in US dollars", "amounts in Australian dollars": the dollar named in words settles
# which one a bare "$" is, before the country (an Australian seller may price in US dollars).
_NAMED_DOLLAR = {"us": "USD", "u.s.": "USD", "american": "USD", "australian": "AUD", "canadian": "CAD",
                 "new zealand": "NZD", "singapore": "SGD", "hong kong": "HKD"}
_DOLLAR_WORDS = re.compile(r"(?i)(?<![a-z])(us|u\.s\.|american|australian|canadian|new zealand|singapore|hong kong)"
                           r"\s+dollars?(?![a-z])")


def named_dollar(text: str) -> str | None:
    found = {_NAMED_DOLLAR[match.group(1).lower()] for match in _DOLLAR_WORDS.finditer(text)}
    return found.pop() if len(found) == 1 else None


def _resolve(owners: frozenset[str], default: str, country: str | None, user_code: str | None,
             stated: str | None = None) -> str:
    for code in (stated, currency_of(country), user_code):
        if code in owners:
            return code
    return default


def choose_currency(rows: list[Row], total_rows: set[int], cues: CountryCues, language: str | None,
                    user_country: str | None, text: str, *, user_currency: str | None = None) -> CurrencyGuess | None:
    """``user_country`` / ``user_currency``: the sender's, from the WhatsApp number (either may be None)."""
    country = cues.best()
    user_code = currency_of(user_country) or user_currency
    marks = printed_marks(rows, total_rows)
    stated = named_dollar(text)
    if marks:
        votes: dict[str, float] = {}
        best_weight: dict[str, float] = {}
        named: set[str] = set()  # codes some unambiguous mark names
        for weight, owners, code in marks.values():
            if owners and country and currency_of(country) not in owners and weight < 6:
                continue  # a "¥" or "$" off the total that the issuer's country never prices in: OCR's noise
            resolved = _resolve(owners, code, country, user_code, stated) if owners else code
            votes[resolved] = votes.get(resolved, 0.0) + weight
            best_weight[resolved] = max(best_weight.get(resolved, 0.0), weight)
            if owners is None:
                named.add(resolved)
        if votes:
            code = max(votes, key=lambda c: (votes[c], c == currency_of(country)))
            confidence = 0.95 if best_weight[code] >= 6 else 0.85
            if code not in named and not country:
                confidence -= 0.2  # a shared symbol resolved by default
            return CurrencyGuess(code, confidence, "printed_total" if best_weight[code] >= 6 else "printed")
    local = currency_of(country)
    if local:
        return CurrencyGuess(local, 0.7, "country")
    if len(_EURO_AS_E.findall(text)) >= 2:
        return CurrencyGuess("EUR", 0.5, "printed")
    if language in LANGUAGE_HOME:
        speakers = LANGUAGE_COUNTRIES.get(language, set())
        place = user_country if user_country in speakers else LANGUAGE_HOME[language]
        spoken = currency_of(place)
        if spoken:
            return CurrencyGuess(spoken, 0.45, "language")
    if user_code:
        return CurrencyGuess(user_code, 0.3, "user_country")
    return None
