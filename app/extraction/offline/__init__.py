"""The offline, layout-aware field extractor: a ``TextDocument`` in, an ``ExtractionResult`` out.

Works the same on OCR lines of a photo and on the text layer of a PDF; it never calls a model, so it
is the fallback when no LLM is configured and the baseline an LLM answer is checked against.
"""
from __future__ import annotations

import re
import time

from app.extraction.currencies import Locale, resolve_locale
from app.extraction.dates import find_dates as dates_in
from app.extraction.offline.country import country_cues
from app.extraction.offline.currency import choose_currency
from app.extraction.offline.header import find_dates, find_invoice_number, find_payment_terms
from app.extraction.offline.items import find_items
from app.extraction.offline.labels import CREDIT_NOTE, INVOICE_WORDS, RECEIPT_WORDS
from app.extraction.offline.language import guess_language
from app.extraction.offline.rows import Row, build_rows, fold, guess_decimal_comma
from app.extraction.offline.totals import choose_totals
from app.extraction.offline.vendor import body_start, find_vendor
from app.extraction.types import (
    DocumentType,
    ExtractionResult,
    TextDocument,
    TextSource,
    WarningCode,
    warning,
)
from app.i18n.phone import writes_month_first

__all__ = ["extract_fields"]


def _day_first(text: str, locale: Locale, country: str | None, currency: str | None) -> bool | None:
    """Whether numeric dates here are day-first: settled by the document's own dates when any date
    has a part above 12, else by the country the document comes from, else by the user's country,
    else by a dollar-priced English document (US month-first)."""
    votes = {True: 0, False: 0}
    for first, second in _numeric_pairs(text):
        if first > 12 >= second:
            votes[True] += 1
        elif second > 12 >= first:
            votes[False] += 1
    if votes[True] != votes[False]:
        return votes[True] > votes[False]
    if country and country != "CA":  # Canada writes both orders
        return not writes_month_first(country)
    if locale.country:
        return not locale.month_first
    if currency == "USD" and guess_language(fold(text)) in ("en", None):
        return False
    return None


# Warning codes (catalogue keys ``warn_<code>``) for a currency that was not printed.
_CURRENCY_WARNINGS: dict[tuple[str, bool], WarningCode] = {
    ("language", True): "currency_from_language",  # "I assumed euros from the language"
    ("language", False): "currency_from_country",
    ("country", True): "currency_from_country",
    ("country", False): "currency_from_country",
    ("user_country", True): "currency_from_locale_hint",
    ("user_country", False): "currency_from_locale_hint",
}


def _numeric_pairs(text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"(?<![\d.,/-])(\d{1,2})[./-](\d{1,2})[./-](?:\d{4}|\d{2})(?!\d)", text)]


def _document_type(rows: list[Row], source: TextSource, has_due_date: bool) -> DocumentType:
    text = "\n".join(row.folded for row in rows)
    if CREDIT_NOTE.search(text):
        return "credit_note"
    receipt_signals = len(RECEIPT_WORDS.findall(text))
    invoice_signals = len(INVOICE_WORDS.findall(text)) + (2 if has_due_date else 0)
    if invoice_signals > receipt_signals:
        return "invoice"
    if receipt_signals:
        return "receipt"
    return "invoice" if source in ("pdf_text", "einvoice") else "receipt"


def extract_fields(doc: TextDocument, *, locale_hint: object = None) -> ExtractionResult:
    """Read vendor, number, dates, currency, totals and line items from a document's text and layout.

    ``locale_hint`` (a country ``"MY"``, currency ``"MYR"``, locale ``"en_US"`` or a
    ``LocaleHint``) only fills in what the document leaves open: month order of numeric dates and
    the currency of a bare ``$``, or the currency when none is printed.
    """
    started = time.perf_counter()
    text = doc.text
    locale = resolve_locale(locale_hint)
    result = ExtractionResult(extractor="offline", ocr_text=text)

    decimal_comma = guess_decimal_comma(text)
    # Dates are read again below once the document's country tells the month order.
    rows = build_rows(doc, decimal_comma=decimal_comma, day_first=None)
    if not rows:
        result.warnings.append(warning("no_text"))
        return result
    totals = choose_totals(rows)

    money_rows = {position for position, row in enumerate(rows) if any(a.has_decimals for a in row.amounts)}
    cues = country_cues([row.text for row in rows], money_rows)
    country = cues.best()
    language = guess_language(fold(text))
    total_rows = {totals.total_row} if totals.total_row is not None else set()
    currency = choose_currency(rows, total_rows, cues, language, locale.country, text, user_currency=locale.currency)
    if currency is not None:
        result.currency, result.confidence["currency"] = currency.code, currency.confidence
        code = _CURRENCY_WARNINGS.get((currency.source, currency.code == "EUR"))
        if code:
            result.warnings.append(warning(code))

    day_first = _day_first(text, locale, country, result.currency)
    if day_first is not None:
        for row in rows:
            row.dates = dates_in(row.text, day_first=day_first)

    # Side-by-side blocks (seller beside the title or the buyer) are read apart for the name.
    vendor_rows = build_rows(doc, decimal_comma=None, day_first=day_first, merge=False)
    vendor = find_vendor(vendor_rows, body_start(rows))
    if vendor:
        result.vendor, result.confidence["vendor"] = vendor.name, vendor.confidence

    number = find_invoice_number(rows, vendor_rows)
    if number:
        result.invoice_number, result.confidence["invoice_number"] = number.value, number.confidence

    issue, due = find_dates(rows)
    if issue:
        result.invoice_date, result.confidence["invoice_date"] = issue.value, issue.confidence
    if due:
        result.due_date, result.confidence["due_date"] = due.value, due.confidence
    terms = find_payment_terms(rows)
    if terms:
        result.payment_terms, result.confidence["payment_terms"] = terms.value, terms.confidence

    if totals.total is not None:
        result.total_amount, result.confidence["total_amount"] = totals.total, totals.total_confidence
    if totals.tax is not None:
        result.tax_amount, result.confidence["tax_amount"] = totals.tax, totals.tax_confidence
    if totals.subtotal is not None:
        result.subtotal, result.confidence["subtotal"] = totals.subtotal, totals.subtotal_confidence

    result.items = find_items(rows, totals.first_summary_row)
    if result.items:
        result.confidence["items"] = 0.5

    result.document_type = _document_type(rows, doc.source, due is not None)
    if result.document_type == "credit_note" and result.total_amount is not None and result.total_amount > 0:
        result.warnings.append(warning("credit_note_positive_total"))

    # Reader confidence caps every field: a field read from a blurry line is no surer than the line.
    if doc.source == "ocr":
        mean_confidence = doc.metadata.get("mean_confidence")
        if isinstance(mean_confidence, (int, float)):
            for key in result.confidence:
                result.confidence[key] = round(min(result.confidence[key], float(mean_confidence)), 3)
    if result.total_amount is None:
        result.warnings.append(warning("total_not_found"))
    result.processing_metadata = {
        "extractor": "offline",
        "engine": doc.engine,
        "source": doc.source,
        "page_count": doc.page_count,
        "rows": len(rows),
        "day_first": day_first,
        "country": country,
        "country_cues": cues.evidence[:10],
        "language": language,
        "timings": {"extract": round(time.perf_counter() - started, 4)},
        **({"ocr": doc.metadata} if doc.metadata else {}),
    }
    return result
