"""The offline, layout-aware field extractor: a ``TextDocument`` in, an ``ExtractionResult`` out.

Works the same on OCR lines of a photo and on the text layer of a PDF; it never calls a model, so it
is the fallback when no LLM is configured and the baseline an LLM answer is checked against.
"""
from __future__ import annotations

import re
import time

from app.extraction.offline.header import find_dates, find_invoice_number, find_payment_terms
from app.extraction.offline.items import find_items
from app.extraction.offline.labels import CREDIT_NOTE, INVOICE_WORDS, RECEIPT_WORDS
from app.extraction.offline.language import EURO_LANGUAGES, guess_language
from app.extraction.offline.rows import Row, build_rows, fold, guess_decimal_comma
from app.extraction.offline.totals import choose_totals
from app.extraction.offline.vendor import find_vendor
from app.extraction.parsing import currency_votes, resolve_locale
from app.extraction.types import DocumentType, ExtractionResult, TextDocument, TextSource

__all__ = ["extract_fields"]


def _day_first(text: str, locale_hint: object, currency: str | None) -> bool | None:
    """Whether numeric dates here are day-first: settled by the document's own dates when any date
    has a part above 12, else by the locale (US month-first), else by a dollar-priced document."""
    votes = {True: 0, False: 0}
    for first, second in _numeric_pairs(text):
        if first > 12 >= second:
            votes[True] += 1
        elif second > 12 >= first:
            votes[False] += 1
    if votes[True] != votes[False]:
        return votes[True] > votes[False]
    locale = resolve_locale(locale_hint)
    if locale.country:
        return not locale.month_first
    if currency == "USD":
        return False
    # An English document with US sales tax or a "City, ST 12345" address is American.
    if currency is None and _US_SIGNS.search(text) and guess_language(fold(text)) == "en":
        return False
    return None


_US_SIGNS = re.compile(r"(?i:sales\s*tax)|,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?(?!\d)")
# "12,50 E": the € sign as OCR often reads it.
_EURO_AS_E = re.compile(r"\d[.,]\d{2}\s?E(?![A-Za-z])")


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

    votes = currency_votes(text, locale_hint)
    if votes:
        result.currency = max(votes, key=lambda code: (votes[code], code == locale.currency))
        result.confidence["currency"] = 0.9 if votes[result.currency] >= 2 else 0.7
    elif locale.currency:
        result.currency = locale.currency
        result.confidence["currency"] = 0.3
        result.warnings.append("currency_from_locale_hint")
    else:
        # OCR drops the € sign: a German, French, Spanish, Portuguese or Dutch document written with
        # decimal commas and naming no other currency is priced in euros.
        language = guess_language(fold(text))
        if len(_EURO_AS_E.findall(text)) >= 2 or (language in EURO_LANGUAGES and guess_decimal_comma(text)):
            result.currency = "EUR"
            result.confidence["currency"] = 0.4
            result.warnings.append("currency_from_language")

    day_first = _day_first(text, locale_hint, result.currency)
    rows = build_rows(doc, decimal_comma=guess_decimal_comma(text), day_first=day_first)
    if not rows:
        result.warnings.append("no_text")
        return result

    # Side-by-side blocks (seller beside the title or the buyer) are read apart for the name.
    vendor_rows = build_rows(doc, decimal_comma=None, day_first=day_first, merge=False)
    vendor = find_vendor(vendor_rows)
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

    totals = choose_totals(rows)
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
        result.warnings.append("credit_note_positive_total")

    # Reader confidence caps every field: a field read from a blurry line is no surer than the line.
    if doc.source == "ocr":
        mean_confidence = doc.metadata.get("mean_confidence")
        if isinstance(mean_confidence, (int, float)):
            for key in result.confidence:
                result.confidence[key] = round(min(result.confidence[key], float(mean_confidence)), 3)
    if result.total_amount is None:
        result.warnings.append("total_not_found")
    result.processing_metadata = {
        "extractor": "offline",
        "engine": doc.engine,
        "source": doc.source,
        "page_count": doc.page_count,
        "rows": len(rows),
        "day_first": day_first,
        "timings": {"extract": round(time.perf_counter() - started, 4)},
        **({"ocr": doc.metadata} if doc.metadata else {}),
    }
    return result
