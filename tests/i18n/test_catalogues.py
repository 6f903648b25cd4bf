"""The gettext catalogues: extracted from the code by pybabel, complete in every language, compilable."""
from __future__ import annotations

import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app.i18n.catalogue import LANGUAGES, LOCALES_DIR, catalogue_path, text

ROOT = Path(__file__).resolve().parents[2]
PYBABEL = [sys.executable, "-c", "from babel.messages.frontend import main; main()"]


def _ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {str(m.id) for m in read_po(handle) if m.id}


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run([*PYBABEL, "extract", "-F", "app/i18n/babel.cfg", "--no-default-keywords", "-k", "text:2",
                    "-k", "N_", "--omit-header", "--no-location", "-o", str(pot), "app"], cwd=ROOT, check=True, capture_output=True)
    return pot


def test_the_template_extracted_from_the_code_is_the_committed_one(extracted):
    assert _ids(extracted) == _ids(LOCALES_DIR.parent / "messages.pot")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_the_code_uses_is_translated_in_every_language(extracted, language):
    with catalogue_path(language, "po").open("rb") as handle:
        translated = {str(m.id): str(m.string) for m in read_po(handle) if m.id}
    assert set(translated) == _ids(extracted)
    assert [key for key, value in translated.items() if not value.strip()] == []


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_a_translation_fills_the_same_placeholders_as_the_english_text(language):
    with catalogue_path("en", "po").open("rb") as en, catalogue_path(language, "po").open("rb") as other:
        english = {m.id: m.string for m in read_po(en) if m.id}
        mismatched = [m.id for m in read_po(other) if m.id and _placeholders(m.string) != _placeholders(english[m.id])]
    assert mismatched == []


def test_pybabel_compiles_catalogues_that_say_what_the_po_files_say(tmp_path):
    for language in LANGUAGES:
        target = tmp_path / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        (target / "messages.po").write_bytes(catalogue_path(language, "po").read_bytes())
    subprocess.run([*PYBABEL, "compile", "-d", str(tmp_path), "-D", "messages"], check=True, capture_output=True)
    with (tmp_path / "de" / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        compiled = {m.id: m.string for m in read_mo(handle) if m.id}
    assert compiled["saved"] == text("de", "saved")


def test_an_unsupported_language_gets_english():
    assert text("xx", "thanks") == text("en", "thanks")
