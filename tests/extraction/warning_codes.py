"""Reading the codes and values of a result's warnings in assertions."""
from __future__ import annotations

from app.extraction.types import ExtractionResult, TextDocument


def codes(result: ExtractionResult | TextDocument) -> list[str]:
    return [found.code for found in result.warnings]


def values_of(result: ExtractionResult | TextDocument, code: str) -> dict[str, str | int]:
    """The values of the one warning with ``code`` (fails when there is none or several)."""
    [found] = [found for found in result.warnings if found.code == code]
    return found.values
