"""Reading receipts and invoices: ``extract_document(data, content_type, options=...)``.

Exports are loaded lazily so that importing ``app.extraction.types`` (as the storage layer does)
does not pull in PDFium, the OCR engine or the OpenAI client.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what __getattr__ hands out, for the type checker
    from app.domain.llm_usage import LLMCall
    from app.extraction.llm import OpenAISettings
    from app.extraction.pipeline import ExtractionOptions, extract_document
    from app.extraction.types import ExtractionResult, LineItem, TextDocument, UnreadableDocument

_EXPORTS = {
    "extract_document": "app.extraction.pipeline",
    "ExtractionOptions": "app.extraction.pipeline",
    "OpenAISettings": "app.extraction.llm",
    "ExtractionResult": "app.extraction.types",
    "LineItem": "app.extraction.types",
    "LLMCall": "app.domain.llm_usage",
    "TextDocument": "app.extraction.types",
    "UnreadableDocument": "app.extraction.types",
}

__all__ = [
    "ExtractionOptions",
    "ExtractionResult",
    "LLMCall",
    "LineItem",
    "OpenAISettings",
    "TextDocument",
    "UnreadableDocument",
    "extract_document",
]


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
