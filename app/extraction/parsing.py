"""Amounts found in untrusted document text (dates: ``dates.py``; currencies: ``currencies.py``).

Everything here takes text from OCR, PDF text layers or model output, so every function returns
``None`` for anything it cannot read with confidence instead of guessing or raising.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Money on a receipt or invoice never needs more than this; longer digit runs are ids or phone numbers.
MAX_INTEGER_DIGITS = 10


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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
        if raw.endswith(")") and "(" not in raw:
            # The close of a parenthesis opened before the label ("(VAT incl. 4.09)"), not a negative.
            raw = raw[:-1].rstrip()
        value = parse_amount(raw, decimal_comma=decimal_comma)
        if value is None:
            continue
        has_decimals = bool(re.search(r"[.,]\d{1,2}\D*$", raw))
        found.append(AmountMatch(value, match.start(), match.end(), raw, has_decimals))
    return found
