"""Data passed between the stages of extraction.

Text readers (PDF text layer, OCR) produce a ``TextDocument``; extractors turn it into an
``ExtractionResult``. Nothing here touches the database or Flask, so the same objects serve the
worker, the ``flask extract`` command and the benchmarks.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.domain.llm_usage import LLMCall

TextSource = Literal["pdf_text", "ocr", "einvoice", "plain"]
DocumentType = Literal["invoice", "receipt", "credit_note", "unknown"]


_CODE = re.compile(r"[a-z][a-z0-9_]*")
MAX_WARNING_VALUES = 12
MAX_WARNING_VALUE_CHARS = 200

# Every code a reader or the validation emits. The user reads ``warn_<code>`` from the catalogues with
# the values filled in (app/replies/warning_text.py); ``no_text`` is internal and has no text.
WarningCode = Literal[
    "ai_unavailable", "amount_impossible", "amount_rounded", "credit_note_positive_total",
    "currency_from_country", "currency_from_language", "currency_from_locale_hint", "currency_unknown",
    "date_implausible", "due_before_invoice", "einvoice_filled_from_page", "einvoice_unreadable",
    "item_amount_impossible", "item_value_rounded", "items_truncated", "items_vs_subtotal", "items_vs_total",
    "items_without_description", "line_total_mismatch", "line_totals_more", "model_total_not_in_text",
    "no_text", "page_damaged", "page_not_rendered", "page_text_truncated", "pages_limited", "pdf_time_limit",
    "subtotal_tax_mismatch", "tax_exceeds_total", "tax_implausible", "total_not_found", "type_mismatch",
    "vision_only",
]
# The code a plain-sentence warning of an older stored row is read as; its sentence is ``values["text"]``.
LEGACY = "legacy"


class ExtractionWarning(BaseModel):
    """Something a person should check, as a code and the figures it is about, never as a sentence.

    Values are JSON scalars so the warning survives ``processing_metadata`` and ``raw_data``: amounts
    and quantities as decimal strings ("13.30") with the ISO ``currency`` beside them, dates in ISO
    form, counts and page numbers as ints, field names as ``ExtractionResult`` attribute names. The
    reply layer formats them for the reader's locale. Plain strings from rows stored before warnings
    had codes are read too: a code as that code, a sentence as ``LEGACY``.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    values: dict[str, str | int] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _from_plain_string(cls, data: object) -> object:
        if isinstance(data, str):
            if _CODE.fullmatch(data):
                return {"code": data}
            return {"code": LEGACY, "values": {"text": data}}
        return data

    @field_validator("values")
    @classmethod
    def _bounded(cls, values: dict[str, str | int]) -> dict[str, str | int]:
        # Values quote documents (item names, codes): keep what is stored and shown small.
        return {str(key)[:40]: value[:MAX_WARNING_VALUE_CHARS] if isinstance(value, str) else value
                for key, value in list(values.items())[:MAX_WARNING_VALUES]}

    @property
    def key(self) -> str:
        """One string per distinct warning, for de-duplication."""
        return self.model_dump_json()


def warning(code: WarningCode, /, **values: str | int | Decimal | dt.date | None) -> ExtractionWarning:
    """A warning with its values in their stored form; ``None`` values are left out."""
    stored: dict[str, str | int] = {}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, Decimal):
            exponent = value.as_tuple().exponent
            # Plain digits ("13.30"), but never a million of them for a hostile "1e999999".
            stored[name] = format(value, "f") if isinstance(exponent, int) and -40 < exponent < 40 else str(value)
        elif isinstance(value, dt.date):
            stored[name] = value.isoformat()
        else:
            stored[name] = value
    return ExtractionWarning(code=code, values=stored)


class Word(BaseModel):
    text: str
    # Axis-aligned box in page pixels/points: x0, y0 (top-left), x1, y1 (bottom-right).
    box: tuple[float, float, float, float]
    confidence: float = 1.0


class TextLine(BaseModel):
    """One visual line of text; ``words`` keep positions for layout-aware pairing."""

    text: str
    box: tuple[float, float, float, float]
    words: list[Word] = Field(default_factory=list)
    confidence: float = 1.0
    page: int = 0


class TextDocument(BaseModel):
    source: TextSource
    lines: list[TextLine] = Field(default_factory=list)
    page_count: int = 1
    # Page sizes in the same units as the boxes, one per page: (width, height).
    page_sizes: list[tuple[float, float]] = Field(default_factory=list)
    engine: str = ""
    warnings: list[ExtractionWarning] = Field(default_factory=list)
    # Reader details worth keeping with the media: timings, mean OCR confidence, estimated skew.
    metadata: dict[str, Any] = Field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class LineItem(BaseModel):
    description: str
    quantity: Decimal = Decimal(1)
    unit_price: Decimal | None = None
    total_price: Decimal | None = None
    item_code: str | None = None
    category: str | None = None


class ExtractionResult(BaseModel):
    vendor: str | None = None
    invoice_number: str | None = None
    invoice_date: dt.date | None = None
    due_date: dt.date | None = None
    payment_terms: str | None = None
    currency: str | None = None  # ISO 4217, upper case
    total_amount: Decimal | None = None
    tax_amount: Decimal | None = None
    subtotal: Decimal | None = None
    items: list[LineItem] = Field(default_factory=list)
    # The invoice's spending category when the reader names one (the model does), with its confidence in
    # [0, 1]; storage keeps it only when it is a known key, else its own rules decide.
    category: str | None = None
    category_confidence: float | None = Field(default=None, ge=0, le=1)
    document_type: DocumentType = "unknown"
    # Per-field confidence in [0, 1], keyed by field name.
    confidence: dict[str, float] = Field(default_factory=dict)
    warnings: list[ExtractionWarning] = Field(default_factory=list)
    extractor: str = ""  # "einvoice", "offline", "openai:<model>"
    ocr_text: str = ""
    # Engine, per-stage timings (seconds), page count, confidences, warnings: stored on media.
    processing_metadata: dict[str, Any] = Field(default_factory=dict)
    llm_calls: list[LLMCall] = Field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.total_amount is None and self.vendor is None and not self.items


class UnreadableDocument(Exception):
    """The document cannot be read at all (corrupt, encrypted, too many pages, no text found).

    ``reason`` is a short machine code (``corrupt``, ``too_many_pages``, ``too_large``,
    ``no_text``, ``unsupported_type``) that the reply layer turns into advice for the user.
    """

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
