"""Currencies printed in untrusted document text: ISO codes, symbols and words, and locale hints.

A currency is only ever read from what is printed next to amounts or named by a locale hint; anything
that cannot be read with confidence gives ``None``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.i18n.phone import writes_month_first

# ISO 4217 codes worth recognising as words in a document. Codes that are also common words
# ("ALL", "TOP", "CUP", "MOP") are left out on purpose.
ISO_CODES = frozenset(
    ["AED", "ARS", "AUD", "BDT", "BGN", "BHD", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK", "DKK", "EGP", "EUR", "GBP", "GHS", "HKD", "HUF", "IDR", "ILS", "INR", "ISK", "JOD", "JPY", "KES", "KRW", "KWD", "LKR", "MAD", "MXN", "MYR", "NGN", "NOK", "NZD", "OMR", "PEN", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SEK", "SGD", "THB", "TND", "TRY", "TWD", "UAH", "USD", "UYU", "VND", "ZAR"]
)

# Unambiguous multi-character symbols and prefixes, checked before the bare symbols they contain.
_SYMBOLS: list[tuple[str, str]] = [
    ("US$", "USD"), ("U$S", "USD"), ("R$", "BRL"), ("S$", "SGD"), ("A$", "AUD"), ("AU$", "AUD"),
    ("C$", "CAD"), ("CA$", "CAD"), ("NZ$", "NZD"), ("HK$", "HKD"), ("MX$", "MXN"), ("NT$", "TWD"),
    ("€", "EUR"), ("£", "GBP"), ("₹", "INR"), ("₩", "KRW"), ("₺", "TRY"), ("₽", "RUB"), ("฿", "THB"),
    ("₱", "PHP"), ("₦", "NGN"), ("₫", "VND"), ("₴", "UAH"), ("₪", "ILS"), ("zł", "PLN"), ("Kč", "CZK"),
    ("лв", "BGN"), ("د.إ", "AED"), ("﷼", "SAR"),
]

# Symbols shared by several currencies: resolved with the locale hint, else the most common owner.
_AMBIGUOUS_SYMBOLS: dict[str, tuple[str, frozenset[str]]] = {
    "$": ("USD", frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "ARS", "CLP", "COP", "UYU", "TWD"})),
    "¥": ("JPY", frozenset({"JPY", "CNY"})),
    "kr": ("SEK", frozenset({"SEK", "NOK", "DKK", "ISK"})),
}

# Words and abbreviations printed next to amounts (matched case-insensitively on word boundaries).
_WORDS: list[tuple[str, str]] = [
    (r"RM", "MYR"), (r"ringgit", "MYR"), (r"euros?", "EUR"), (r"EUR", "EUR"), (r"Fr\.", "CHF"),
    (r"SFr\.?", "CHF"), (r"Rs\.?", "INR"), (r"rupees?", "INR"), (r"Rp\.?", "IDR"), (r"rupiah", "IDR"),
    (r"pounds? sterling", "GBP"), (r"reais|real", "BRL"), (r"z[lł]oty|PLN", "PLN"), (r"Ft", "HUF"),
    (r"lei", "RON"), (r"KSh", "KES"), (r"riyals?", "SAR"), (r"dirhams?", "AED"), (r"yuan|RMB", "CNY"),
    (r"yen", "JPY"), (r"pesos?", "MXN"), (r"rand", "ZAR"), (r"baht", "THB"),
]
_WORD_RE = [(re.compile(rf"(?<![A-Za-z]){w}(?![A-Za-z])", re.IGNORECASE if w[0].islower() else 0), c)
            for w, c in _WORDS]
# Codes that are also words on receipts ("SDN BHD" is Malaysian "Berhad", "PEN", "TRY"): they only
# count written next to a number.
_WORDLIKE_CODES = frozenset({"BHD", "PEN", "TRY", "ARS", "CAD", "MAD", "NOK"})


def is_currency_word(text: str) -> bool:
    """Whether ``text`` is nothing but a currency's code, sign or name ("EURO", "RM", "R$", "Rs.")."""
    bare = text.strip(" :.")
    return bare.upper() in ISO_CODES or any(bare == sign for sign, _ in _SYMBOLS) or bare in _AMBIGUOUS_SYMBOLS \
        or any(pattern.fullmatch(bare) or pattern.fullmatch(bare + ".") for pattern, _ in _WORD_RE)


def _next_to_digit(text: str, start: int, end: int) -> bool:
    return bool(re.search(r"\d\s?$", text[max(0, start - 2):start]) or re.match(r"\s?\d", text[end:end + 2]))


_ISO_RE = re.compile(r"(?<![A-Z])(" + "|".join(sorted(ISO_CODES)) + r")(?![A-Za-z])")
_KR_RE = re.compile(r"(?<![A-Za-z])kr\.?(?![A-Za-z])", re.IGNORECASE)

# Where a locale hint names a country rather than a currency.
COUNTRY_CURRENCY: dict[str, str] = {
    "US": "USD", "CA": "CAD", "AU": "AUD", "NZ": "NZD", "SG": "SGD", "HK": "HKD", "MX": "MXN",
    "AR": "ARS", "CL": "CLP", "CO": "COP", "UY": "UYU", "EC": "USD", "TW": "TWD", "JP": "JPY",
    "CN": "CNY", "SE": "SEK", "NO": "NOK", "DK": "DKK", "IS": "ISK", "MY": "MYR", "GB": "GBP",
    "IN": "INR", "BR": "BRL", "CH": "CHF", "PL": "PLN", "CZ": "CZK", "HU": "HUF", "RO": "RON",
    "ID": "IDR", "TH": "THB", "PH": "PHP", "KR": "KRW", "TR": "TRY", "RU": "RUB", "ZA": "ZAR",
    "NG": "NGN", "KE": "KES", "AE": "AED", "SA": "SAR", "EG": "EGP", "PE": "PEN", "BH": "BHD",
    "KW": "KWD", "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR", "NL": "EUR", "BE": "EUR",
    "AT": "EUR", "PT": "EUR", "IE": "EUR", "FI": "EUR", "GR": "EUR", "LU": "EUR",
}


@dataclass(frozen=True)
class Locale:
    """A locale hint reduced to what parsing needs; every part is optional."""

    country: str | None = None
    currency: str | None = None

    @property
    def month_first(self) -> bool:
        return writes_month_first(self.country)


def resolve_locale(hint: object) -> Locale:
    """Accept ``"MY"``, ``"MYR"``, ``"en_US"``, ``"pt-BR"`` or any object with ``country``/``currency``."""
    if hint is None:
        return Locale()
    if not isinstance(hint, str):
        country = getattr(hint, "country", None)
        currency = getattr(hint, "currency", None)
        return Locale(
            country.upper() if isinstance(country, str) else None,
            currency.upper() if isinstance(currency, str) and currency.upper() in ISO_CODES else None,
        )
    value = hint.strip()
    if re.fullmatch(r"[A-Za-z]{3}", value) and value.upper() in ISO_CODES:
        return Locale(None, value.upper())
    if re.fullmatch(r"[A-Za-z]{2}", value):
        country = value.upper()
        return Locale(country, COUNTRY_CURRENCY.get(country))
    match = re.fullmatch(r"[A-Za-z]{2,3}[-_]([A-Za-z]{2})", value)
    if match:
        country = match.group(1).upper()
        return Locale(country, COUNTRY_CURRENCY.get(country))
    return Locale()


def currency_votes(text: str, locale_hint: object = None) -> dict[str, int]:
    """Every currency the text names, with how many times, ambiguous symbols resolved by the hint."""
    locale = resolve_locale(locale_hint)
    votes: dict[str, int] = {}

    def vote(code: str, weight: int = 1) -> None:
        votes[code] = votes.get(code, 0) + weight

    remaining = text
    for symbol, code in _SYMBOLS:
        count = remaining.count(symbol)
        if count:
            vote(code, 2 * count)
            remaining = remaining.replace(symbol, " ")
    for match in _ISO_RE.finditer(remaining):
        code = match.group(1)
        if code in _WORDLIKE_CODES and not _next_to_digit(remaining, match.start(), match.end()):
            continue
        vote(code, 2)
    for regex, code in _WORD_RE:
        for _ in regex.finditer(remaining):
            vote(code)
    for symbol, (default, owners) in _AMBIGUOUS_SYMBOLS.items():
        count = len(_KR_RE.findall(remaining)) if symbol == "kr" else remaining.count(symbol)
        if count:
            code = locale.currency if locale.currency in owners else default
            vote(code, count)
    return votes


def detect_currency(text: str, locale_hint: object = None) -> str | None:
    """The ISO 4217 code the text is priced in, or ``None`` if it names no currency at all.

    ``locale_hint`` only decides between currencies sharing a symbol (``$``, ``¥``, ``kr``) and breaks
    ties; a currency printed on the document always wins over the hint.
    """
    votes = currency_votes(text or "", locale_hint)
    if not votes:
        return None
    locale = resolve_locale(locale_hint)
    return max(votes, key=lambda code: (votes[code], code == locale.currency))
