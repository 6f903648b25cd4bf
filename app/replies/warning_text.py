"""The extraction's warnings as sentences in the reader's language, with the figures in their locale's format.

A warning is a code and its values (``app.extraction.types.ExtractionWarning``); its sentence is the
catalogue text ``warn_<code>``. A value is formatted by its placeholder name: amounts with Babel in
the warning's currency, dates as the other replies show them, field names through their labels, and
anything quoted from the document cleaned before it is echoed. A warning that cannot be put into
words (a code without a text is internal; a value missing or unreadable) never shows raw: the reader
gets the catalogued "please check" line instead. Sentences stored by older versions reach English
readers as they are and everyone else as that same line.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from string import Formatter

from babel.numbers import format_decimal
from pydantic import ValidationError

from app.conversation.answers import date_label, money
from app.conversation.text import clean_display
from app.extraction.iso4217 import CURRENCIES
from app.extraction.types import LEGACY, ExtractionWarning
from app.i18n.catalogue import has, text

log = logging.getLogger(__name__)

MAX_WARNINGS = 3
AMOUNTS = frozenset({"tax", "total", "subtotal", "sum", "expected", "printed", "unit_price"})
# Figures whose every digit matters (a rounding, an impossible amount): never rounded for display.
EXACT_NUMBERS = frozenset({"value", "rounded", "quantity"})
DATES = frozenset({"date", "due_date", "invoice_date"})
COUNTS = frozenset({"count", "kept", "page", "pages", "read"})
FILE_TYPES = frozenset({"claimed", "kind"})
# ``ExtractionResult`` attribute -> its label in the catalogues.
FIELD_LABELS = {
    "vendor": "field_vendor", "invoice_number": "field_number", "invoice_date": "field_date",
    "due_date": "warn_field_due_date", "currency": "field_currency", "total_amount": "field_total",
    "tax_amount": "field_tax", "subtotal": "warn_field_subtotal",
}


class _Unshowable(ValueError):
    """A value that cannot be shown in the reader's language."""


def user_warnings(warnings: Iterable[object], language: str, locale: str) -> list[str]:
    """What of the extractor's warnings a user should read, in their language, at most ``MAX_WARNINGS``.

    ``warnings`` are ``ExtractionWarning`` objects or their stored JSON form; plain strings from older
    rows are read too.
    """
    shown: list[str] = []
    unsure = False
    for raw in warnings:
        try:
            found = ExtractionWarning.model_validate(raw)
        except ValidationError:
            unsure = True
            continue
        if found.code == LEGACY:
            sentence = found.values.get("text")
            if language == "en" and isinstance(sentence, str):
                shown.append(clean_display(sentence, 300))
            else:
                unsure = True
            continue
        if not has(f"warn_{found.code}"):
            continue  # an internal code (``no_text``): nothing a user can act on
        try:
            shown.append(warning_sentence(found, language, locale))
        except _Unshowable as exc:
            log.info("warning %s not shown: %s", found.code, exc)
            unsure = True
    if unsure:
        shown.append(text(language, "warn_check_amounts"))
    return list(dict.fromkeys(shown))[:MAX_WARNINGS]


def warning_sentence(found: ExtractionWarning, language: str, locale: str) -> str:
    """``warn_<code>`` in ``language`` with the values formatted for ``locale``; ``_Unshowable`` when a
    placeholder has no usable value."""
    key = f"warn_{found.code}"
    needed = {name for _, name, _, _ in Formatter().parse(text("en", key)) if name}
    missing = needed - found.values.keys()
    if missing:
        raise _Unshowable(f"no value for {sorted(missing)}")
    currency = found.values.get("currency")
    currency = currency if isinstance(currency, str) and currency in CURRENCIES else None
    values = {name: _shown(name, found.values[name], currency, language, locale) for name in needed}
    return text(language, key, **values)


def _shown(name: str, value: str | int, currency: str | None, language: str, locale: str) -> str:
    if name in AMOUNTS:
        amount = _decimal(value)
        return money(amount, currency, locale) if currency else _number(amount, locale)
    if name in EXACT_NUMBERS:
        return _number(_decimal(value), locale)
    if name in DATES:
        try:
            return date_label(dt.date.fromisoformat(str(value)), locale)
        except ValueError:
            return clean_display(str(value), 24)  # the misread itself, e.g. "31.02.2025"
    if name in COUNTS:
        if not isinstance(value, int):
            raise _Unshowable(f"{name} is not a count")
        return format_decimal(value, locale=locale)
    if name in FILE_TYPES:
        return clean_display(str(value).upper(), 12)
    if name == "field":
        return _label(str(value), language)
    if name == "fields":
        return ", ".join(_label(field, language) for field in str(value).split(","))
    return clean_display(str(value), 40)


def _decimal(value: str | int) -> Decimal:
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise _Unshowable(f"{str(value)[:24]!r} is not a number") from exc
    # A stored "1E+999999" would print a million digits.
    if not number.is_finite() or abs(number.adjusted()) > 30:
        raise _Unshowable(f"{str(value)[:24]!r} is not a printable number")
    return number


def _number(value: Decimal, locale: str) -> str:
    return str(format_decimal(value, locale=locale, decimal_quantization=False))


def _label(field: str, language: str) -> str:
    key = FIELD_LABELS.get(field.strip())
    if key is None:
        raise _Unshowable(f"no label for the field {field[:24]!r}")
    return text(language, key)
