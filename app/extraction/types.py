"""Data passed between the stages of extraction.

Text readers (PDF text layer, OCR) produce a ``TextDocument``; extractors turn it into an
``ExtractionResult``. Nothing here touches the database or Flask, so the same objects serve the
worker, the ``flask extract`` command and the benchmarks.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.domain.llm_usage import LLMCall

TextSource = Literal["pdf_text", "ocr", "einvoice", "plain"]
DocumentType = Literal["invoice", "receipt", "credit_note", "unknown"]


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
    warnings: list[str] = Field(default_factory=list)
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
    warnings: list[str] = Field(default_factory=list)
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
