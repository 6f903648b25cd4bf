"""Reading receipts and invoices: ``extract_document(data, content_type, options=...)``.

Exports are loaded lazily so that importing ``app.extraction.types`` (as the storage layer does)
does not pull in PDFium, the OCR engine or the OpenAI client.
"""
from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "extract_document": "app.extraction.pipeline",
    "ExtractionOptions": "app.extraction.pipeline",
    "OpenAISettings": "app.extraction.llm",
    "ExtractionResult": "app.extraction.types",
    "LineItem": "app.extraction.types",
    "LLMCall": "app.extraction.types",
    "TextDocument": "app.extraction.types",
    "UnreadableDocument": "app.extraction.types",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
