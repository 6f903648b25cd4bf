"""What the assistant says, per language, from gettext catalogues (``app/i18n/locales/<lang>/LC_MESSAGES``).

Message ids are stable keys (``saved``, ``warn_total_not_found``), not English sentences, so rewording the
English text never orphans a translation; ``en/messages.po`` holds the English wording and is the fallback
for any text a language lacks. The catalogues are edited as ``.po`` files and compiled to ``.mo`` by
``pybabel compile`` (``manage.py`` and the Procfile's release step do it; docs/i18n.md). When a ``.mo`` is
missing or older than its ``.po`` (a fresh checkout), the ``.po`` is read directly so nothing breaks.

Placeholders use ``str.format`` names; values typed by users are cleaned before they are placed here.
``*bold*`` and ``_italic_`` are WhatsApp formatting.
"""
from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).with_name("locales")
DOMAIN = "messages"
LANGUAGES: tuple[str, ...] = ("en", "es", "pt", "fr", "de")
FALLBACK = "en"

log = logging.getLogger(__name__)


def catalogue_path(language: str, suffix: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.{suffix}"


@cache
def messages(language: str) -> dict[str, str]:
    """Every translated key of ``language`` (untranslated entries are left out, so they fall back)."""
    po, mo = catalogue_path(language, "po"), catalogue_path(language, "mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            catalog = read_mo(handle)
    else:
        log.info("i18n: %s is not compiled (run `pybabel compile`); reading %s", mo.name, po)
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=DOMAIN)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


def N_(key: str) -> str:
    """Mark a message key for ``pybabel extract`` where the key is chosen at run time."""
    return key


def has(key: str) -> bool:
    """Whether ``key`` is a message (dynamic keys such as ``warn_<code>`` are looked up before use)."""
    return key in messages(FALLBACK)


def supported_language(*candidates: str | None) -> str:
    """The reply language: the first candidate we can reply in, English when none is.

    Callers pass their evidence strongest first (the language of the user's own words, the language they
    last wrote in, their phone number's country, the operator's default), so the rule lives here once.
    """
    return next((c for c in candidates if c in LANGUAGES), FALLBACK)


def hinted_language(languages: tuple[str, ...]) -> str | None:
    """The first of a country's languages that we reply in (Belgium: nl, fr, de -> fr), if any."""
    return next((c for c in languages if c in LANGUAGES), None)


def text(language: str, key: str, **values: object) -> str:
    """The message ``key`` in ``language`` (English when missing), with ``values`` filled in."""
    template = messages(language).get(key) if language in LANGUAGES else None
    if template is None:
        template = messages(FALLBACK)[key]
    return template.format(**values) if values else template
