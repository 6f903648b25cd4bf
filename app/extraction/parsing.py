"""Parsers for amounts, dates and currencies found in untrusted document text.

Everything here takes text from OCR, PDF text layers or model output, so every function returns
``None`` for anything it cannot read with confidence instead of guessing or raising.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.i18n.phone import writes_month_first

# Money on a receipt or invoice never needs more than this; longer digit runs are ids or phone numbers.
MAX_INTEGER_DIGITS = 10
# Years outside this window are OCR noise or a different number (a phone, an id), not an invoice date.
MIN_YEAR = 1990
MAX_YEARS_AHEAD = 5


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# --------------------------------------------------------------------------------------------------
# Currencies
# --------------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------------
# Amounts
# --------------------------------------------------------------------------------------------------

_CURRENCY_NOISE = re.compile(
    r"US\$|R\$|S\$|A\$|C\$|HK\$|NZ\$|[€£$¥₹₩₺₽฿₱₦₫₴₪]|zł|Kč|(?<![A-Za-z])(?:RM|EUR|USD|GBP|MYR|CHF|BRL|"
    r"SGD|INR|PLN|SEK|NOK|DKK|JPY|CNY|AUD|CAD|MXN|CZK|ZAR|Rs|Rp|kr|Fr)(?![A-Za-z])\.?",
    re.IGNORECASE,
)
_NEGATIVE_MARK = re.compile(r"^\((.*)\)$|^-(.*)$|^(.*)-$|^(.*?)\s*\b(?:CR|Cr)$")
_PLAIN_NUMBER = re.compile(r"\d+(?:[.,'\s]\d+)*")


def parse_amount(text: str | None, *, decimal_comma: bool | None = None) -> Decimal | None:
    """Read one money amount: ``1.234,56``, ``1,234.56``, ``1 234,56``, ``RM 12.50``, ``12,50 €``, ``(5.00)``.

    Credit notation (``-5``, ``5-``, ``(5)``, ``5 CR``) gives a negative amount. A lone separator
    followed by three digits is read as a thousands separator (``1.234`` is 1234) unless
    ``decimal_comma`` says which character is the decimal mark. Returns ``None`` for anything else.
    """
    if not text:
        return None
    value = _CURRENCY_NOISE.sub(" ", text.strip()).strip()
    value = value.replace("\u2212", "-").replace("\u2013", "-")
    # "12,-" and "12.–" are how German and Dutch receipts write whole amounts.
    value = re.sub(r"(?<=\d)[.,]-$", "", value)
    negative = False
    match = _NEGATIVE_MARK.match(value)
    if match:
        inner = next(group for group in match.groups() if group is not None)
        negative = True
        value = inner.strip()
    value = value.strip()
    if not value or not _PLAIN_NUMBER.fullmatch(value):
        return None
    number = _normalise_number(value, decimal_comma)
    if number is None:
        return None
    try:
        amount = Decimal(number)
    except InvalidOperation:
        return None
    return -amount if negative else amount


def _normalise_number(value: str, decimal_comma: bool | None) -> str | None:
    """Turn a digits-and-separators string into a plain ``1234.56`` string, or ``None`` if malformed."""
    value = re.sub(r"\s+", " ", value)
    if " " in value:
        # Spaces are only thousands separators: "1 234,56". Each group after the first has 3 digits
        # up to the decimal part.
        head, *groups = value.split(" ")
        last = groups[-1]
        tail_groups = [*groups[:-1], re.split(r"[.,]", last)[0]]
        if not (1 <= len(head) <= 3 and all(len(g) == 3 and g.isdigit() for g in tail_groups)):
            return None
        value = value.replace(" ", "")
    value = value.replace("'", "") if re.fullmatch(r"\d{1,3}(?:'\d{3})+(?:[.,]\d+)?", value) else value
    if "'" in value:
        return None
    separators = [ch for ch in value if ch in ".,"]
    if not separators:
        digits = value
        decimals = ""
    else:
        last_sep = separators[-1]
        distinct = set(separators)
        if len(distinct) == 2:
            decimal_mark = last_sep
        elif len(separators) > 1:
            # "1.234.567" or "1,234,567": repeated separator is a thousands separator...
            decimal_mark = None
            # ...unless it is OCR reading "1.234.56" where the last group has two digits.
            if len(value.rsplit(last_sep, 1)[1]) != 3:
                decimal_mark = last_sep
        else:
            tail = value.rsplit(last_sep, 1)[1]
            if decimal_comma is True:
                decimal_mark = "," if last_sep == "," else (None if len(tail) == 3 else ".")
            elif decimal_comma is False:
                decimal_mark = "." if last_sep == "." else (None if len(tail) == 3 else ",")
            else:
                head = value.rsplit(last_sep, 1)[0]
                decimal_mark = None if len(tail) == 3 and head not in {"0", ""} else last_sep
        if decimal_mark is None:
            integer_part, decimals = value, ""
        else:
            integer_part, decimals = value.rsplit(decimal_mark, 1)
            if not decimals:
                return None
        thousands = {".", ","} - ({decimal_mark} if decimal_mark else set())
        groups = re.split(r"[.,]", integer_part)
        if len(groups) > 1:
            if any(sep not in thousands for sep in re.findall(r"[.,]", integer_part)):
                return None
            if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
                return None
        digits = "".join(groups)
    if not digits.isdigit() or len(digits.lstrip("0")) > MAX_INTEGER_DIGITS:
        return None
    if len(decimals) > 4:
        return None
    return f"{digits}.{decimals}" if decimals else digits


# An amount-looking token inside a longer line: optional sign/currency, digits with separators,
# optional decimals, optional trailing sign or CR. Digits glued to letters, dates and times are not
# amounts. Space-grouped thousands only count with decimal commas ("1 234,56"), because receipts
# print "2 100.00" for a quantity followed by a price.
# ISO codes are prefixes too, also glued to the digits as OCR prints them ("BRL2.935,56").
_PREFIX = r"\(?-?\s?(?:(?:US\$|R\$|S\$|RM|€|£|\$|¥|₹|EUR|USD|GBP|CHF|BRL|MXN|MYR|SGD|AUD|CAD|PLN|SEK|NOK|DKK|CZK|ZAR)\s?)?"
_NUMBER = (
    r"(?:\d{1,3}(?:[.,']\d{3})+(?:[.,]\d{1,2})?"
    r"|\d{1,3}(?:\s\d{3})+,\d{1,2}"
    r"|\d+(?:[.,]\d{1,2})?)"
)
_SUFFIX = r"(?:\s?(?:€|£|zł|kr))?(?:\)|-(?!\d)|\s?CR\b)?"
AMOUNT_TOKEN = re.compile(rf"(?<![\w.,])(?<!\d[:/-]){_PREFIX}{_NUMBER}(?!\d){_SUFFIX}(?![\w/:%]|[.,]\d|\s?%)")


@dataclass(frozen=True)
class AmountMatch:
    value: Decimal
    start: int
    end: int
    text: str
    has_decimals: bool


def find_amounts(text: str, *, decimal_comma: bool | None = None) -> list[AmountMatch]:
    """Every money-looking number in a line, left to right (dates, times and ids excluded)."""
    found: list[AmountMatch] = []
    for match in AMOUNT_TOKEN.finditer(text or ""):
        raw = match.group(0).strip()
        value = parse_amount(raw, decimal_comma=decimal_comma)
        if value is None:
            continue
        has_decimals = bool(re.search(r"[.,]\d{1,2}\D*$", raw))
        found.append(AmountMatch(value, match.start(), match.end(), raw, has_decimals))
    return found


# --------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------

# Month names and common abbreviations (accents stripped, lower case) in English, German, French,
# Spanish, Portuguese, Dutch, Italian and Malay.
_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "janvier", "janv", "enero", "ene", "janeiro", "januari", "gennaio", "genn", "gen"),
    2: ("february", "feb", "februar", "fevrier", "fevr", "fev", "febrero", "fevereiro", "februari", "febbraio"),
    3: ("march", "mar", "marz", "maerz", "mrz", "mars", "marzo", "marco", "maart", "mac", "mrt"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "maio", "mei", "maggio", "mag"),
    6: ("june", "jun", "juni", "juin", "junio", "junho", "giugno", "giu"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "julho", "luglio", "lug"),
    8: ("august", "aug", "aout", "agosto", "ago", "augustus", "ogos", "ogo"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setembro", "set", "settembre"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "outubro", "out", "ottobre", "ott"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "nop"),
    12: ("december", "dec", "dezember", "dez", "decembre", "diciembre", "dic", "dezembro", "dis", "dicembre"),
}
MONTH_BY_NAME: dict[str, int] = {name: number for number, names in _MONTHS.items() for name in names}
# OCR reads the letter O as a zero in capitals ("0CT", "N0V").
MONTH_BY_NAME.update({name.replace("o", "0"): number for name, number in list(MONTH_BY_NAME.items()) if "o" in name})
MONTH_BY_NAME.update({"0" + name[1:]: number for name, number in list(MONTH_BY_NAME.items()) if name.startswith("o")})
_MONTH_ALT = "|".join(sorted(MONTH_BY_NAME, key=len, reverse=True))

_SEP = r"[./\-]"
# A year, possibly glued to the time after it when OCR drops the space ("17/01/201812:30").
_YEAR = r"((?:19|20)\d{2}(?=\d{1,2}\s?:)|\d{2}(?=\d{1,2}\s?:)|\d{4}(?![\d]|[.,/-]\d)|\d{2}(?![\d]|[.,/-]\d))"
_NUMERIC_DMY = re.compile(rf"(?<![\d.,/-])(\d{{1,2}})\s?({_SEP})\s?(\d{{1,2}})\s?\2\s?{_YEAR}")
_NUMERIC_YMD = re.compile(rf"(?<![\d.,/-])(\d{{4}})\s?({_SEP})\s?(\d{{1,2}})\s?\2\s?(\d{{1,2}})(?![\d]|[.,/-]\d)")
_NAMED_DMY = re.compile(
    rf"(?<![a-z\d])(\d{{1,2}})(?:st|nd|rd|th|er|o|º)?\.?\s*(?:de\s*|-|/)?\s*({_MONTH_ALT})\.?\s*(?:de\s*|-|/|,)?\s*{_YEAR}",
)
_NAMED_MDY = re.compile(
    rf"(?<![a-z])({_MONTH_ALT})\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(\d{{4}})(?!\d)",
)


@dataclass(frozen=True)
class DateMatch:
    value: dt.date
    start: int
    end: int
    # True when the text alone fixes day and month (named month, ISO order or a part above 12).
    unambiguous: bool


def _plausible(year: int, month: int, day: int, today: dt.date) -> dt.date | None:
    if not (MIN_YEAR <= year <= today.year + MAX_YEARS_AHEAD):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _full_year(year_text: str) -> int:
    year = int(year_text)
    if len(year_text) == 2:
        # Two-digit years on receipts are this century.
        year += 2000
    return year


def find_dates(text: str, *, day_first: bool | None = None, today: dt.date | None = None) -> list[DateMatch]:
    """Every plausible calendar date written in ``text``, left to right.

    Numeric ``a/b/y`` dates are day-first unless ``day_first`` is False (US documents); a part above
    12 settles the order either way. Impossible dates (31/02) and implausible years are dropped.
    """
    if not text:
        return []
    today = today or dt.datetime.now(dt.UTC).date()
    folded = strip_accents(text).lower()
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def add(value: dt.date | None, start: int, end: int, unambiguous: bool) -> None:
        if value is None or any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(DateMatch(value, start, end, unambiguous))

    for match in _NUMERIC_YMD.finditer(folded):
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
        add(_plausible(year, month, day, today), match.start(), match.end(), True)
    for match in _NAMED_DMY.finditer(folded):
        month = MONTH_BY_NAME[match.group(2)]
        add(_plausible(_full_year(match.group(3)), month, int(match.group(1)), today),
            match.start(), match.end(), True)
    for match in _NAMED_MDY.finditer(folded):
        month = MONTH_BY_NAME[match.group(1)]
        add(_plausible(int(match.group(3)), month, int(match.group(2)), today), match.start(), match.end(), True)
    for match in _NUMERIC_DMY.finditer(folded):
        first, second = int(match.group(1)), int(match.group(3))
        year = _full_year(match.group(4))
        if first > 12 and second <= 12:
            value, unambiguous = _plausible(year, second, first, today), True
        elif second > 12 and first <= 12:
            value, unambiguous = _plausible(year, first, second, today), True
        elif day_first is False:
            value, unambiguous = _plausible(year, first, second, today), first == second
        else:
            value, unambiguous = _plausible(year, second, first, today), first == second
        add(value, match.start(), match.end(), unambiguous)
    found.sort(key=lambda m: m.start)
    return found


def parse_date(text: str | None, *, day_first: bool | None = None, today: dt.date | None = None) -> dt.date | None:
    """The first plausible date in ``text`` (``14.03.2026``, ``14 mars 2026``, ``2026-03-14``, ...)."""
    matches = find_dates(text or "", day_first=day_first, today=today)
    return matches[0].value if matches else None
