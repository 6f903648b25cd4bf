"""Normalising and sanity-checking an extraction result, whoever produced it.

Everything an extractor returns came from an untrusted document (or a model reading one), so this is
the one gate every result passes before it is stored or shown: impossible values are dropped with a
warning, plausible ones are normalised, and totals that do not add up become warnings (a code and the
figures, which the reply layer puts into the reader's language). Nothing here raises on bad data.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from app.extraction.iso4217 import CURRENCIES, minor_units
from app.extraction.types import ExtractionResult, ExtractionWarning, LineItem, WarningCode, warning

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
    warnings: list[ExtractionWarning] = list(out.warnings)
    today = today or dt.datetime.now(dt.UTC).date()

    for field, limit in _TEXT_LIMITS.items():
        setattr(out, field, clean_text(getattr(out, field), limit))
    if out.invoice_number and not any(ch.isalnum() for ch in out.invoice_number):
        out.invoice_number = None

    out.currency = _currency(out.currency, warnings)
    for field in ("total_amount", "tax_amount", "subtotal"):
        setattr(out, field, _money(_whole_units(getattr(out, field), out.currency), warnings, field=field))
    _plausible_tax(out, warnings)
    if out.total_amount is not None and out.total_amount < 0 and out.document_type != "credit_note":
        # A negative total is a refund or a correction: money comes back to the user.
        out.document_type = "credit_note"

    out.invoice_date = _date(out.invoice_date, "invoice_date", EARLIEST_DATE,
                             today + dt.timedelta(days=MAX_DAYS_AHEAD), warnings)
    out.due_date = _date(out.due_date, "due_date", EARLIEST_DATE,
                         today + dt.timedelta(days=366 * MAX_DUE_YEARS_AHEAD), warnings)
    if out.due_date and out.invoice_date and out.due_date < out.invoice_date:
        warnings.append(warning("due_before_invoice", due_date=out.due_date, invoice_date=out.invoice_date))

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


def consistency_warnings(result: ExtractionResult) -> list[ExtractionWarning]:
    """Where the document's numbers do not add up (rounding tolerated), with the figures involved."""
    warnings: list[ExtractionWarning] = []
    step = Decimal(1).scaleb(-minor_units(result.currency))
    tolerance = 2 * step
    currency = result.currency
    total, tax, subtotal = result.total_amount, result.tax_amount, result.subtotal

    # Receipts often print a tax-inclusive subtotal equal to the total, which is consistent too.
    if (total is not None and tax is not None and subtotal is not None
            and abs(subtotal + tax - total) > tolerance and abs(subtotal - total) > tolerance):
        warnings.append(warning("subtotal_tax_mismatch", subtotal=subtotal, tax=tax, sum=subtotal + tax,
                                total=total, currency=currency))

    priced = [item.total_price for item in result.items if item.total_price is not None]
    if result.items and len(priced) == len(result.items):
        items_sum = sum(priced, Decimal(0))
        item_tolerance = tolerance + step * len(priced) / 2
        targets = [value for value in (subtotal, total) if value is not None]
        if targets and all(abs(items_sum - value) > item_tolerance for value in targets):
            if subtotal is not None:
                warnings.append(warning("items_vs_subtotal", count=len(priced), sum=items_sum, subtotal=subtotal,
                                        currency=currency))
            else:
                warnings.append(warning("items_vs_total", count=len(priced), sum=items_sum, total=total,
                                        currency=currency))

    mismatched = []
    for item in result.items:
        if item.unit_price is None or item.total_price is None:
            continue
        expected = item.quantity * item.unit_price
        if abs(expected - item.total_price) > max(tolerance, abs(item.quantity) * step / 2):
            mismatched.append(warning("line_total_mismatch", item=item.description[:40],
                                      quantity=item.quantity.normalize(), unit_price=item.unit_price,
                                      expected=expected, printed=item.total_price, currency=currency))
    warnings += mismatched[:MAX_LINE_WARNINGS]
    if len(mismatched) > MAX_LINE_WARNINGS:
        warnings.append(warning("line_totals_more", count=len(mismatched) - MAX_LINE_WARNINGS))
    return warnings


MAX_LINE_WARNINGS = 3


def _currency(code: str | None, warnings: list[ExtractionWarning]) -> str | None:
    if code is None:
        return None
    cleaned = str(code).strip().upper()
    if cleaned in CURRENCIES:
        return cleaned
    warnings.append(warning("currency_unknown", code=str(code)[:12]))
    return None


def _money(value: Decimal | None, warnings: list[ExtractionWarning], *, field: str | None = None,
           item: str | None = None, places: int = MONEY_PLACES) -> Decimal | None:
    """``value`` when it is a possible amount (rounded to ``places``), else ``None`` and a warning
    naming the result's ``field`` or the line ``item`` it was read for."""
    if value is None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite() or abs(value) >= MAX_MONEY:
        code: WarningCode = "amount_impossible" if item is None else "item_amount_impossible"
        warnings.append(warning(code, field=field, item=item, value=str(value)[:24]))
        return None
    return _round(value, places, warnings, field=field, item=item)


def _whole_units(value: Decimal | None, currency: str | None) -> Decimal | None:
    """In a currency with no minor unit (yen, won, Chilean peso), "16.126" is sixteen thousand one hundred
    and twenty-six written with a dot between the thousands (or a comma OCR read as one)."""
    if value is None or not currency or minor_units(currency) != 0 or not isinstance(value, Decimal) \
            or not value.is_finite() or value.as_tuple().exponent != -3:
        return value
    return (value * 1000).quantize(Decimal(1))


def _round(value: Decimal, places: int, warnings: list[ExtractionWarning], *, field: str | None = None,
           item: str | None = None) -> Decimal:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -places:
        return value
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded != value:
        code: WarningCode = "amount_rounded" if item is None else "item_value_rounded"
        warnings.append(warning(code, field=field, item=item, value=value, rounded=rounded))
    return rounded


# No VAT, GST or sales tax rate reaches 30 % (27 % on the net is 21 % of the gross): a larger "tax" is
# a taxable amount or a total read in its place.
MAX_TAX_SHARE = Decimal("0.3")


def _plausible_tax(result: ExtractionResult, warnings: list[ExtractionWarning]) -> None:
    tax, total = result.tax_amount, result.total_amount
    if tax is None or total is None or total == 0:
        return
    if abs(tax) > abs(total) or (tax != 0 and (tax < 0) != (total < 0)):
        warnings.append(warning("tax_exceeds_total", tax=tax, total=total, currency=result.currency))
        result.tax_amount = None
    elif abs(tax) > abs(total) * MAX_TAX_SHARE:
        # Probably the taxable amount read as the tax.
        warnings.append(warning("tax_implausible", tax=tax, total=total, currency=result.currency))
        result.tax_amount = None


def _date(value: dt.date | None, field: str, earliest: dt.date, latest: dt.date,
          warnings: list[ExtractionWarning]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date) or not (earliest <= value <= latest):
        shown = value.isoformat() if isinstance(value, dt.date) else str(value)[:24]
        warnings.append(warning("date_implausible", field=field, date=shown))
        return None
    return value


def _items(items: list[LineItem], warnings: list[ExtractionWarning]) -> list[LineItem]:
    if len(items) > MAX_ITEMS:
        warnings.append(warning("items_truncated", kept=MAX_ITEMS, count=len(items)))
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
        name = description[:30]
        quantity = _round(quantity, QUANTITY_PLACES, warnings, item=name)
        unit_price = _money(item.unit_price, warnings, item=name, places=PRICE_PLACES)
        total_price = _money(item.total_price, warnings, item=name)
        kept.append(LineItem(description=description, quantity=quantity, unit_price=unit_price,
                             total_price=total_price, item_code=clean_text(item.item_code, 100),
                             category=clean_text(item.category, 100)))
    if dropped:
        warnings.append(warning("items_without_description", count=dropped))
    return kept


def _dedupe(warnings: list[ExtractionWarning]) -> list[ExtractionWarning]:
    return list({found.key: found for found in warnings}.values())
