"""The user's home currency: reading "my currency is EUR" and "in EUR" (a question's conversion target).

A user's home currency is ``users.home_currency`` when they said one, else their number's country's
(:func:`app.i18n.phone.hint_for_number`). A currency is named by its ISO 4217 code or by its CLDR name in
any of the five languages (Babel's names, singular and plural, for every ISO currency), or by an everyday
word the question parser already reads ("real", "dollars"); anything else is not a currency.
"""
from __future__ import annotations

import re
from functools import lru_cache

from babel.numbers import get_currency_name, list_currencies
from sqlalchemy.orm import Session

from app.conversation import intents as i
from app.conversation.matching import currency_for_word, iso_currencies
from app.conversation.text import clean_display, fold
from app.i18n.catalogue import text
from app.i18n.phone import hint_for_number
from app.models import User

# "my currency is EUR", "mi moneda es el euro", "minha moeda é real", "ma devise est le franc suisse",
# "meine Währung ist CHF", "set my currency to ..." (folded).
COMMAND = re.compile(
    r"(?<![a-z])(?:my|mi|minha|ma|mon|meine)\s+(?:home\s+|local\s+)?(?:currency|moneda|divisa|moeda|devise|monnaie|"
    r"wahrung)(?:\s+(?:is|should be|es|sera|e|est|ist|sera|to|a|=|:|auf))?\s*[:=]?\s+(?P<value>[a-z0-9$€£¥][^?!]*)$")
# "... in my currency", "en mi moneda", "na minha moeda", "dans ma devise", "in meiner Währung".
IN_MY_CURRENCY = re.compile(r"(?<![a-z])(?:in|en|em|na|dans|to)\s+(?:my|mi|minha|ma|mon|meiner)\s+"
                            r"(?:home\s+|local\s+)?(?:currency|moneda|divisa|moeda|devise|monnaie|wahrung)(?![a-z])")
# The words before a currency that ask for the answer in it ("in EUR", "en euros", "em reais", "in Euro");
# any other way of naming one ("my dollar invoices", "de euros") still narrows the question to it.
_CONVERT_BEFORE = re.compile(r"(?<![a-z])(?:in|en|em|im|au|aux|to|into|a|pra|para|nach)\s+(?:(?:the|los|las|os|as|les|der|die)\s+)?$")
# ... except after "was/paid": "how much of that was in sterling" asks which part was paid in it.
# Nor after an invoice noun: "my receipts in NZD", "as faturas em libras" are the ones paid in it.
_PAID_IN = re.compile(r"(?<![a-z])(?:was|were|paid|fue|fueron|pague|pagado|foi|foram|paguei|pago|etait|etaient|"
                      r"paye|payee|payes|war|waren|bezahlt|gezahlt|receipts|invoices|bills|purchases|facturas|faturas|"
                      r"recibos|notas|compras|tickets|factures|achats|rechnungen|belege|einkaufe|davon|that|eso|disso|"
                      r"dont)\s+(?:in|en|em|im)\s+"
                      r"(?:(?:the|los|las|os|as|les|der|die)\s+)?$")
_PAID = re.compile(r"(?<![a-z])(?:pay|paid|bezahlt|gezahlt|pagado|pagaste|pague|paguei|pagou|pagamos|paye|payee|payes)(?![a-z])")
# "y en libras solo?", "only the euro ones", "nur in Franken": the part paid in it, never everything converted.
_ONLY = re.compile(r"(?<![a-z])(?:only|solo|solamente|somente|apenas|seulement|uniquement|nur|nomas|namas)(?![a-z])")
_ARTICLES = {"the", "el", "la", "los", "las", "o", "a", "os", "as", "le", "les", "l", "der", "die", "das", "den"}


def home_currency(user: User) -> str | None:
    """What "my currency" means for ``user``: what they said, else their number's country's currency."""
    if user.home_currency:
        return user.home_currency
    hint = hint_for_number(user.whatsapp_number)
    return hint.currency if hint else None


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Folded CLDR names of every ISO currency in en/es/pt/fr/de -> its code (a name two codes share,
    such as an old and a new currency's, is left out rather than guessed)."""
    table: dict[str, set[str]] = {}
    for code in list_currencies():
        if code not in iso_currencies():
            continue
        for language in ("en", "es", "pt", "fr", "de"):
            for count in (1, 2):
                name = fold(get_currency_name(code, count=count, locale=language))
                if name and name.lower() != code.lower():
                    table.setdefault(name, set()).add(code)
    return {name: next(iter(codes)) for name, codes in table.items() if len(codes) == 1}


def currency_named(said: str, home: str | None = None) -> str | None:
    """The ISO 4217 code ``said`` names: a code, a CLDR name in any of our languages, or an everyday word."""
    words = re.findall(r"[a-z0-9$€£¥]+", fold(said))[:6]
    while words and words[0] in _ARTICLES:
        words = words[1:]
    if not words:
        return None
    phrase = " ".join(words)
    if len(words) == 1 and phrase.upper() in iso_currencies():
        return phrase.upper()
    return _names().get(phrase) or currency_for_word(phrase, home)


def command(text_: str, folded: str, offsets: list[int], home: str | None) -> i.SetHomeCurrency | None:
    """"My currency is ...": the intent, with ``code`` None when the words name no currency."""
    m = COMMAND.search(folded)
    if m is None:
        return None
    said = text_[offsets[m.start("value")]:].strip(" .!?\"'")[:80]
    return i.SetHomeCurrency(code=currency_named(said, home), said=said)


def conversion(before: str, after: str, currency: str | None, home: str | None) -> tuple[str | None, str | None, str]:
    """Split what the parser read as a currency into (convert_to, narrowed_to, text left): a currency
    after "in/en/em/im/au" is what the answer is wanted in; "in my currency" is the home currency."""
    if m := IN_MY_CURRENCY.search(after):
        return home, currency, after[:m.start()] + " " * (m.end() - m.start()) + after[m.end():]
    if currency is None:
        return None, None, after
    start = next((k for k, (a, b) in enumerate(zip(before, after, strict=True)) if a != b), None)
    # "wie viel habe ich in Euro bezahlt?": what was paid in euros, wherever the verb stands.
    if start is not None and _CONVERT_BEFORE.search(before[:start]) and not _PAID_IN.search(before[:start]) \
            and not _PAID.search(before) and not _ONLY.search(before):
        return currency, None, after
    return None, currency, after


def set_home_currency(session: Session, user: User, intent: i.SetHomeCurrency, language: str) -> tuple[bool, str]:
    """Store the user's home currency; (whether it was set, the reply)."""
    if intent.code is None:
        return False, text(language, "home_currency_unknown", name=clean_display(intent.said, 40))
    user.home_currency = intent.code
    session.flush()
    return True, text(language, "home_currency_set", currency=intent.code,
                      name=get_currency_name(intent.code, locale=language))
