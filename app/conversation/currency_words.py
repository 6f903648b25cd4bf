"""What people call a currency in a question ("quid", "dólares", "R$", "Franken"), folded, to ISO 4217 codes:
our own everyday words and Babel's CLDR display names in the five reply languages."""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from babel.numbers import list_currencies

from app.conversation.text import fold, word_set


@lru_cache(maxsize=1)
def iso_currencies() -> frozenset[str]:
    return frozenset(code for code in list_currencies() if re.fullmatch(r"[A-Z]{3}", code))


# Everyday names Babel's display names do not cover ("quid", "dollars américains"); Babel adds the rest.
_CURRENCY_WORDS = {
    "EUR": "euro,euros,eur,€",
    "USD": "dollar,dollars,dolar,dolares,dollars us,us$,usd,dollar americain,dollars americains,dolar americano,dolares americanos,"
           "us dollar,us dollars,amerikanische dollar,us-dollar,dolar estadounidense,dolares estadounidenses",
    "GBP": "pound,pounds,sterling,libra,libras,livre sterling,livres sterling,livre,livres,£,gbp,quid,pfund",
    "BRL": "real,reais,r$,brl",
    "AUD": "aussie dollar,aussie dollars,aussie,australian dollar,australian dollars,aud,a$",
    "NZD": "kiwi dollar,kiwi dollars,new zealand dollar,nz dollar,nz dollars,nzd",
    "CAD": "loonie,loonies,canadian dollar,canadian dollars,cad,piasse,piasses,piastre,piastres,piasses canadiennes,piastres canadiennes",
    "ZAR": "rand,rands,zar",
    "MXN": "peso mexicano,pesos mexicanos,mxn",
    "CHF": "franc suisse,francs suisses,franken,franke,chf,schweizer franken,stutz",
    "JPY": "yen,yenes,¥,jpy",
    "INR": "rupee,rupees,rupia,rupias,roupie,roupies,rupie,rupien,inr",
}
# Currencies people name in questions; their CLDR names in every supported language are read from Babel.
_COMMON_CURRENCIES = sorted(word_set("""
    EUR USD GBP BRL MXN CHF JPY CAD AUD INR CNY ARS CLP COP PEN ZAR SEK NOK DKK PLN CZK HUF TRY AED
    SAR SGD HKD NZD KRW THB MYR IDR PHP RUB
    UYU BOB PYG DOP CRC GTQ HNL NIO VES RON BGN ISK UAH ILS EGP MAD NGN KES PKR BDT LKR NPR VND TWD QAR KWD
"""))
# A bare "dollar"/"peso"/"franc" names several currencies: the user's own, else this one.
_USUAL = {"dollar": "USD", "dollars": "USD", "dolar": "USD", "dolares": "USD", "peso": "MXN", "pesos": "MXN",
          "franc": "CHF", "francs": "CHF", "franco": "CHF", "francos": "CHF", "rupee": "INR", "rupees": "INR",
          "krone": "DKK", "kronor": "SEK", "krona": "SEK", "real": "BRL", "pound": "GBP", "pounds": "GBP",
          "libra": "GBP", "libras": "GBP", "livre": "GBP", "livres": "GBP", "pfund": "GBP", "dirham": "AED",
          "dirhams": "AED", "riyal": "SAR", "riyals": "SAR", "rial": "SAR"}


@lru_cache(maxsize=1)
def currency_names() -> dict[str, frozenset[str]]:
    """Folded currency words -> the ISO codes they can name: our list, CLDR display names (singular and
    plural) in en/es/pt/fr/de, and the noun of each name alone ("dólares", "Franken")."""
    from babel.numbers import get_currency_name

    table: dict[str, set[str]] = {}
    for code, words in _CURRENCY_WORDS.items():
        for w in words.split(","):
            table.setdefault(fold(w), set()).add(code)
    for code in _COMMON_CURRENCIES:
        for lang in ("en", "es", "pt", "fr", "de"):
            for count in (1, 2):
                name = fold(get_currency_name(code, count=count, locale=lang))
                if not name:
                    continue
                table.setdefault(name, set()).add(code)
                # The noun alone: last in English and German ("Schweizer Franken"), first in the Romance
                # languages ("franc suisse"), whose last word is a nationality: "en suisse" is a place.
                noun = (name.split(" ")[-1] if lang in ("en", "de") else name.split(" ")[0]) \
                    if len(name.split(" ")) <= 3 else ""
                if len(noun) >= 4 and noun not in {"unidos", "unis", "staaten"}:
                    table.setdefault(noun, set()).add(code)
    return {k: frozenset(v) for k, v in table.items() if k}  # a symbol fold() cannot spell is no word


def currency_for_word(word: str, home: str | None = None, spent_in: Sequence[str] = ()) -> str | None:
    """The currency a folded word names; a word shared by several ("dollars") is the user's own when it
    is one of them, else the only one of them the user has paid in ("Kronen" after a Copenhagen trip), else
    the usual one."""
    codes = currency_names().get(word)
    if not codes:
        return None
    if len(codes) == 1:
        return next(iter(codes))
    if home in codes:
        return home
    if len(paid := codes & set(spent_in)) == 1:
        return next(iter(paid))
    usual = _USUAL.get(word.split(" ")[-1])
    return usual if usual in codes else min(codes)


CURRENCY_WORDS: dict[str, str] = {fold(w): code for code, ws in _CURRENCY_WORDS.items() for w in ws.split(",")}


def currency_code(said: str) -> str | None:
    """An ISO 4217 code from what the user typed ("EUR", "euros", "R$"), or None."""
    text = said.strip()
    if re.fullmatch(r"[A-Za-z]{3}", text) and text.upper() in iso_currencies():
        return text.upper()
    return currency_for_word(fold(text))
