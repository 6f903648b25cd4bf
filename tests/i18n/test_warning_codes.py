"""Every extraction warning code has a text in every language, and every placeholder in it can be filled."""
from __future__ import annotations

import string
import typing

import pytest

from app.extraction.types import WarningCode
from app.i18n.catalogue import LANGUAGES, has, text
from app.replies import warning_text
from app.replies.warning_text import user_warnings

INTERNAL = {"no_text"}  # a reader's note to the pipeline, nothing a user can act on
SHOWN = sorted(set(typing.get_args(WarningCode)) - INTERNAL)
# One well-formed value per placeholder kind, as the extraction stores them.
SAMPLE = {
    **dict.fromkeys(warning_text.AMOUNTS, "12.50"), **dict.fromkeys(warning_text.EXACT_NUMBERS, "1.2345"),
    **dict.fromkeys(warning_text.DATES, "2025-03-01"), **dict.fromkeys(warning_text.COUNTS, 2),
    **dict.fromkeys(warning_text.FILE_TYPES, "pdf"),
    "field": "total_amount", "fields": "vendor,invoice_date", "item": "Coffee", "code": "EURO",
    "currency": "EUR",
}


def _placeholders(key: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text("en", key)) if name}


@pytest.mark.parametrize("code", SHOWN)
def test_every_shown_code_has_a_text(code):
    assert has(f"warn_{code}")


@pytest.mark.parametrize("code", SHOWN)
def test_every_placeholder_of_a_warning_has_a_way_to_be_shown(code):
    assert _placeholders(f"warn_{code}") <= SAMPLE.keys()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_warning_renders_in_every_language_without_placeholders_left(language):
    for code in SHOWN:
        found = {"code": code, "values": {name: SAMPLE[name] for name in _placeholders(f"warn_{code}") | {"currency"}}}
        [shown] = user_warnings([found], language, language)
        assert "{" not in shown and shown != text(language, "warn_check_amounts"), code
