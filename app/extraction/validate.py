"""Normalising and sanity-checking an extraction result, whoever produced it.

Everything an extractor returns came from an untrusted document (or a model reading one), so this is
the one gate every result passes before it is stored or shown: impossible values are dropped with a
warning, plausible ones are normalised, and totals that do not add up become warnings a person can
read. Nothing here raises on bad data.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from app.extraction.iso4217 import CURRENCIES, minor_units
from app.extraction.types import ExtractionResult, LineItem

MONEY_PLACES = 3  # the database keeps 3 decimals: enough for BHD, KWD, TND
PRICE_PLACES = 4  # unit prices of fuel and utilities carry a 4th decimal
QUANTITY_PLACES = 4
MAX_MONEY = Decimal("1e12")  # larger "amounts" are phone numbers or ids read as money
MAX_QUANTITY = Decimal("1e7")
MAX_ITEMS = 200
MAX_WARNINGS = 20
EARLIEST_DATE = dt.date(1990, 1, 1)
# An invoice may be dated a little ahead (time zones, pro-forma invoices); further is a misread.
MAX_DAYS_AHEAD = 31
MAX_DUE_YEARS_AHEAD = 5

_TEXT_LIMITS = {"vendor": 255, "invoice_number": 128, "payment_terms": 500}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def validate_result(result: ExtractionResult, *, today: dt.date | None = None,
                    cross_check: bool = True) -> ExtractionResult:
    """A normalised copy of ``result`` with impossible values removed and warnings added.

    ``cross_check=False`` skips the arithmetic checks; used for e-invoice XML, whose sums are
    authoritative (allowances and charges legitimately make line items differ from the subtotal).
    """
    out = result.model_copy(deep=True)
    warnings: list[str] = list(out.warnings)
    today = today or dt.datetime.now(dt.UTC).date()

    for field, limit in _TEXT_LIMITS.items():
        setattr(out, field, clean_text(getattr(out, field), limit))
    if out.invoice_number and not any(ch.isalnum() for ch in out.invoice_number):
        out.invoice_number = None

    out.currency = _currency(out.currency, warnings)
    for field in ("total_amount", "tax_amount", "subtotal"):
        setattr(out, field, _money(getattr(out, field), _LABELS[field], warnings))
    _plausible_tax(out, warnings)
    if out.total_amount is not None and out.total_amount < 0 and out.document_type != "credit_note":
        # A negative total is a refund or a correction: money comes back to the user.
        out.document_type = "credit_note"

    out.invoice_date = _date(out.invoice_date, "invoice date", EARLIEST_DATE,
                             today + dt.timedelta(days=MAX_DAYS_AHEAD), warnings)
    out.due_date = _date(out.due_date, "due date", EARLIEST_DATE,
                         today + dt.timedelta(days=366 * MAX_DUE_YEARS_AHEAD), warnings)
    if out.due_date and out.invoice_date and out.due_date < out.invoice_date:
        warnings.append(f"The due date {out.due_date.isoformat()} is before the invoice date "
                        f"{out.invoice_date.isoformat()}.")

    out.items = _items(out.items, warnings)
    out.confidence = {str(k)[:40]: min(max(float(v), 0.0), 1.0) for k, v in list(out.confidence.items())[:40]
                      if isinstance(v, (int, float)) and not math.isnan(v)}

    if cross_check:
        warnings.extend(consistency_warnings(out))
    out.warnings = _dedupe(warnings)[:MAX_WARNINGS]
    return out


def clean_text(value: str | None, limit: int) -> str | None:
    """Printable, whitespace-collapsed, clipped text; ``None`` when nothing readable is left."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split()).strip(" .,;:-_|*#")
    return text[:limit].rstrip() or None


def consistency_warnings(result: ExtractionResult) -> list[str]:
    """Human-readable notes where the document's numbers do not add up (rounding tolerated)."""
    warnings: list[str] = []
    step = Decimal(1).scaleb(-minor_units(result.currency))
    tolerance = 2 * step
    fmt = _formatter(result.currency)
    total, tax, subtotal = result.total_amount, result.tax_amount, result.subtotal

    # Receipts often print a tax-inclusive subtotal equal to the total, which is consistent too.
    if (total is not None and tax is not None and subtotal is not None
            and abs(subtotal + tax - total) > tolerance and abs(subtotal - total) > tolerance):
        warnings.append(f"Subtotal {fmt(subtotal)} plus tax {fmt(tax)} is {fmt(subtotal + tax)}, "
                        f"but the total is {fmt(total)}.")

    priced = [item.total_price for item in result.items if item.total_price is not None]
    if result.items and len(priced) == len(result.items):
        items_sum = sum(priced, Decimal(0))
        item_tolerance = tolerance + step * len(priced) / 2
        targets = [value for value in (subtotal, total) if value is not None]
        if targets and all(abs(items_sum - value) > item_tolerance for value in targets):
            against = f"the subtotal is {fmt(subtotal)}" if subtotal is not None else f"the total is {fmt(total)}"
            warnings.append(f"The {len(priced)} line items add up to {fmt(items_sum)}, but {against}.")

    mismatched = []
    for item in result.items:
        if item.unit_price is None or item.total_price is None:
            continue
        expected = item.quantity * item.unit_price
        if abs(expected - item.total_price) > max(tolerance, abs(item.quantity) * step / 2):
            mismatched.append(f"{item.description[:40]} ({fmt(item.quantity, False)} x {fmt(item.unit_price)} = "
                              f"{fmt(expected)}, printed {fmt(item.total_price)})")
    if mismatched:
        shown = "; ".join(mismatched[:3])
        more = f" and {len(mismatched) - 3} more" if len(mismatched) > 3 else ""
        warnings.append(f"Quantity times unit price does not match the line total for: {shown}{more}.")
    return warnings


_LABELS = {"total_amount": "total", "tax_amount": "tax", "subtotal": "subtotal"}


class _Format(Protocol):
    def __call__(self, value: Decimal | None, money: bool = True) -> str: ...


def _formatter(currency: str | None) -> _Format:
    places = minor_units(currency)

    def fmt(value: Decimal | None, money: bool = True) -> str:
        if value is None:
            return "?"
        if not money:
            return format(value.normalize(), "f")
        exponent = value.as_tuple().exponent
        shown = value if isinstance(exponent, int) and -exponent >= places else value.quantize(Decimal(1).scaleb(-places))
        return f"{shown:f} {currency}" if currency else f"{shown:f}"
    return fmt


def _currency(code: str | None, warnings: list[str]) -> str | None:
    if code is None:
        return None
    cleaned = str(code).strip().upper()
    if cleaned in CURRENCIES:
        return cleaned
    warnings.append(f"Ignored currency {str(code)[:12]!r}: not an ISO 4217 code.")
    return None


def _money(value: Decimal | None, label: str, warnings: list[str], places: int = MONEY_PLACES) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite() or abs(value) >= MAX_MONEY:
        warnings.append(f"Ignored the {label}: {str(value)[:24]} is not a possible amount.")
        return None
    return _round(value, places, label, warnings)


def _round(value: Decimal, places: int, label: str, warnings: list[str]) -> Decimal:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -places:
        return value
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded != value:
        warnings.append(f"Rounded the {label} {value} to {rounded}.")
    return rounded


# No VAT, GST or sales tax rate reaches 30 % (27 % on the net is 21 % of the gross): a larger "tax" is
# a taxable amount or a total read in its place.
MAX_TAX_SHARE = Decimal("0.3")


def _plausible_tax(result: ExtractionResult, warnings: list[str]) -> None:
    tax, total = result.tax_amount, result.total_amount
    if tax is None or total is None or total == 0:
        return
    if abs(tax) > abs(total) or (tax != 0 and (tax < 0) != (total < 0)):
        warnings.append(f"Ignored the tax {tax}: it cannot be larger than, or opposite in sign to, the total {total}.")
        result.tax_amount = None
    elif abs(tax) > abs(total) * MAX_TAX_SHARE:
        warnings.append(f"Ignored the tax {tax}: it is more than 30 % of the total {total}, which no tax rate gives; "
                        "it is probably the taxable amount.")
        result.tax_amount = None


def _date(value: dt.date | None, label: str, earliest: dt.date, latest: dt.date,
          warnings: list[str]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date) or not (earliest <= value <= latest):
        warnings.append(f"Ignored the {label} {value}: it is not a plausible date.")
        return None
    return value


def _items(items: list[LineItem], warnings: list[str]) -> list[LineItem]:
    if len(items) > MAX_ITEMS:
        warnings.append(f"Kept the first {MAX_ITEMS} of {len(items)} line items.")
    kept: list[LineItem] = []
    dropped = 0
    for item in items[:MAX_ITEMS]:
        description = clean_text(item.description, 500)
        if not description:
            dropped += 1
            continue
        quantity = item.quantity
        if not isinstance(quantity, Decimal) or not quantity.is_finite() or quantity == 0 \
                or abs(quantity) >= MAX_QUANTITY:
            quantity = Decimal(1)
        quantity = _round(quantity, QUANTITY_PLACES, f"quantity of {description[:30]!r}", warnings)
        unit_price = _money(item.unit_price, f"unit price of {description[:30]!r}", warnings, PRICE_PLACES)
        total_price = _money(item.total_price, f"price of {description[:30]!r}", warnings)
        kept.append(LineItem(description=description, quantity=quantity, unit_price=unit_price,
                             total_price=total_price, item_code=clean_text(item.item_code, 100),
                             category=clean_text(item.category, 100)))
    if dropped:
        warnings.append(f"Dropped {dropped} line item(s) without a description.")
    return kept


def _dedupe(warnings: list[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for warning in warnings:
        text = str(warning)[:300]
        if text not in seen:
            seen.add(text)
            unique.append(text)
    return unique
