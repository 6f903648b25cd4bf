"""The words of periods in every supported language (folded: lowercase, no accents), and the patterns built
from them. Month and weekday names come from CLDR (Babel), so "März", "février" and "março" need no table;
the rest ("last", "this", "quarter", "since") is written here per language. The logic that reads a period
from these patterns is :mod:`app.conversation.dates`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Literal, Protocol

from babel.dates import get_day_names, get_month_names

from app.conversation.text import fold

LANGUAGES = ("en", "es", "pt", "fr", "de", "it")


class _CldrNames(Protocol):
    """babel.dates.get_month_names or get_day_names."""

    def __call__(self, width: Literal["abbreviated", "wide"], context: Literal["format", "stand-alone"],
                 locale: str) -> Mapping[int, str]: ...


def _cldr_names(get_names: _CldrNames, width: Literal["abbreviated", "wide"]) -> Iterator[tuple[int, str]]:
    """(number, folded name) for every supported language, in both CLDR contexts."""
    for lang in LANGUAGES:
        contexts: tuple[Literal["format", "stand-alone"], ...] = ("format", "stand-alone")
        for context in contexts:
            for number, name in get_names(width, context=context, locale=lang).items():
                yield number, fold(name)


@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    """Folded full month names of every supported language (format and stand-alone forms)."""
    names = {name: number for number, name in _cldr_names(get_month_names, "wide")}
    # Common spellings CLDR does not list; Austria's "Jänner" and "Feber" (de_AT is not among our locales).
    names.update({"maerz": 3, "setiembre": 9, "janner": 1, "jaenner": 1, "feber": 2})
    return names


@lru_cache(maxsize=1)
def month_abbreviations() -> dict[str, int]:
    """Folded abbreviations ("mar", "sept", "fev"), only trusted next to a day or a year."""
    names: dict[str, int] = {}
    for number, name in _cldr_names(get_month_names, "abbreviated"):
        short = name.rstrip(".")
        if len(short) >= 3 and not short.isdigit():
            names.setdefault(short, number)
    return names


@lru_cache(maxsize=1)
def weekday_names() -> dict[str, int]:
    """Folded full weekday names (Monday = 0) of every supported language ("lunes", "segunda-feira")."""
    names: dict[str, int] = {}
    for number, name in _cldr_names(get_day_names, "wide"):
        names[name] = number
        names[name.replace("-", " ")] = number  # "segunda feira"
    return names


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_TODAY = ("today", "hoy", "hoje", "aujourd'hui", "aujourd hui", "heute", "oggi")
# "the order I just placed", "lo de hace un rato", "o de há bocado", "celle de cette nuit", "von gerade eben":
# something sent moments ago is today's, in the user's day (after midnight, the new day's).
_JUST_NOW = ("i just bought", "i just placed", "i just paid", "i just ordered", "i just got", "i just sent",
             "just bought", "just placed", "just paid", "just ordered", "just now", "a moment ago", "a few minutes ago",
             "earlier today", "hace un rato", "hace un ratito", "hace rato", "hace nada", "hace un momento",
             "ha bocado", "ha pouco", "agora ha pouco", "ainda agora", "cette nuit", "tout a l'heure", "tout a l heure",
             "il y a une demi heure", "il y a une demi-heure", "il y a une heure", "il y a un instant", "gerade eben", "grad eben", "soeben",
             "vorhin", "eben gerade")
# Yesterday evening first, so "soir" or "abend" is not left over as an unknown word.
_YESTERDAY = ("yesterday evening", "yesterday night", "last night", "ayer por la noche", "ayer en la noche", "anoche",
              "ontem a noite", "ontem de noite", "ontem noite", "hier soir", "gestern abend", "gestern nacht",
              "ieri sera", "yesterday", "ayer", "ontem", "hier", "gestern", "ieri")
# Portuguese glues "de"/"em" to the demonstrative: "deste ano", "desse mês", "nesta semana".
_THIS = (r"(?:this|current|esta|este|esse|essa|neste|nesta|nessa|nesse|deste|desta|desse|dessa|en este|en esta|"
         r"ce|cette|cet|diese|dieser|diesem|diesen|dieses|questo|questa)")
_LAST = (r"(?:last|past|previous|prior|la pasada|pasada|pasado|anterior|passada|passado|ultima|ultimo|"
         r"derniere|dernier|passee|passe|precedente|precedent|letzte|letzten|letzter|letztes|letschte|letscht|vorige|"
         r"vorigen|voriges|vergangene|vergangenen|vergangenes|scorso|scorsa)")
_WEEK = r"(?:week|semana|semaine|woche|settimana)"
_WEEKEND = r"(?:weekend|week-end|week end|fin de semana|finde|fim de semana|fds|wochenende|fine settimana)"
_MONTH_WORD = r"(?:month|mes|mois|monat|monet|mese)"  # "monet": Swiss German
_YEAR_WORD = r"(?:year|ano|annee|an|jahres|jahr|anno)"
_LAST_YEAR = rf"(?:{_LAST}\s+{_YEAR_WORD}|(?:el\s+|o\s+|l'|l\s)?{_YEAR_WORD}\s+{_LAST}|vorjahr(?:es)?)"
_THIS_YEAR = rf"(?:{_THIS}\s+{_YEAR_WORD}|heuer)"
_UNIT = (r"(?P<unit>days?|dias?|jours?|tage?n?|giorni|weeks?|semanas?|semaines?|wochen?|settimane|"
         r"months?|meses|mois|monate?n?|mesi|years?|anos|annees|ans|jahren?|anni)")

_YESTERDAY_BEFORE = ("day before yesterday", "anteayer", "antier", "antes de ayer", "anteontem", "antes de ontem",
                     "avant-hier", "avant hier", "vorgestern", "altro ieri")
_QUARTER_WORD = r"(?:quarter|trimestre|quartal|trim)"
_HALF_WORD = r"(?:half|semestre|halbjahr|half-year|half year)"
# Ordinals 1-4 as people write them before "quarter"/"trimestre" ("1st", "primer", "1º" folds to "1o").
_ORDINAL_WORDS = {
    1: ("first", "1st", "primer", "primero", "primeiro", "premier", "1er", "erste", "erstes", "ersten", "1o", "1a",
        "1e", "1.", "1"),
    2: ("second", "2nd", "segundo", "deuxieme", "second", "zweite", "zweites", "zweiten", "2o", "2e", "2.", "2"),
    3: ("third", "3rd", "tercer", "tercero", "terceiro", "troisieme", "dritte", "drittes", "dritten", "3o", "3e",
        "3.", "3"),
    4: ("fourth", "4th", "cuarto", "quarto", "quatrieme", "vierte", "viertes", "vierten", "4o", "4e", "4.", "4"),
}
ORDINAL = {w: n for n, ws in _ORDINAL_WORDS.items() for w in ws}
# "del año", "do mês", "of the week": the current one, unless a name or "last" follows.
_OF_THE = r"(?:del|do|da|de la|of the|du|de l'|de l|des|der)"
_NOT_NAMED = r"(?!\s+(?:de|of|da|do|del)\b)"

_SINCE = r"(?:since|desde|depuis|seit|a partir de|a partir do|a partir da|from|starting|dal|dalla)"
_RANGE_START = r"(?:between|from|entre|desde|de|del|do|da|du|zwischen|vom|von|dal|dalla)"
_LONE_ABBREVIATIONS = "jan|janv|ene|feb|fev|fevr|apr|abr|avr|jun|jul|juil|aug|sep|oct|okt|nov|dec|dic"
_RANGE_JOIN = r"(?:and|to|till|until|through|thru|y|e|a|al|ao|a la|ate|hasta|au|et|und|bis|-|al|fino a)"


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern[str]]:
    full = _alternation(month_names())
    short = _alternation(month_abbreviations())
    any_month = f"(?:{full}|{short})"
    day_ = r"(?:[0-3]?\d)(?:st|nd|rd|th|o|er|\.)?"
    year_ = r"(?:19|20)\d{2}"
    # One date expression, without capture groups, so it can be embedded twice in a range.
    date_expr = (
        rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}"
        rf"|\d{{1,2}}[/.\-]{year_}|{year_}[/\-](?:0?[1-9]|1[0-2])(?![/\-.]\d)"
        rf"|\d{{1,2}}[/.\-]\d{{1,2}}(?:[/.\-]\d{{2,4}})?"
        rf"|{day_}\s+(?:(?:de|of)\s+)?{any_month}\.?(?:\s*(?:de|del|,)?\s*{year_})?"
        rf"|{any_month}\.?\s+{day_}(?:\s*,?\s*{year_})?"
        rf"|(?:{full})(?:\s*(?:de|del|of|,)?\s*{year_}|\s+(?:de|del)\s+\d{{2}}(?!\d)|\s*'\d{{2}}(?!\d))?"  # "enero del 25"
        rf"|(?:{short})\.?\s*(?:de|del|,)?\s*{year_}"
        rf"|{year_})"
    )
    # After "since"/"between", a bare abbreviation is a month ("since jan").
    context_expr = f"(?:{date_expr}|(?:{short})\\.?)"
    b = r"(?<![\w#.,/])"  # not glued to a word, an invoice number or an amount
    e = r"(?![\w/]|[.,]\d)"
    ordinal = _alternation(ORDINAL)
    return {
        # A word between the months stands apart: "jun to nov", never "junto noviembre" ("si junto…": if I add up).
        "month_range": re.compile(rf"{b}(?P<a>{any_month})\.?(?:\s*(?P<join>[-/])\s*|\s+(?:to|a|al|ao|ate|hasta|"
                                  rf"through|thru|till|until|bis|au)\s+)(?P<b>{any_month})\.?"
                                  rf"(?:\s*(?:de|del|,)?\s*(?P<y>{year_}))?{e}"),
        "quarter": re.compile(rf"{b}(?:q(?P<q>[1-4])|(?P<ord>{ordinal}|{_LAST})\s*{_QUARTER_WORD}|{_QUARTER_WORD}\s*"
                              rf"(?P<q2>[1-4]))(?:\s*(?:of|de|del|do|da|du|des|,|/|-)?\s*(?:(?P<y>{year_})"
                              rf"|(?:the\s+)?(?P<ly>{_LAST_YEAR})))?{e}"
                              rf"|{b}(?P<y2>{year_})\s*[-/]?\s*q(?P<q3>[1-4]){e}"),
        "half": re.compile(rf"{b}(?:h(?P<h>[12])|(?P<ord>{ordinal})\s*{_HALF_WORD})"
                           rf"(?:\s*(?:of|de|del|do|da|du|des|,|/|-)?\s*(?P<y>{year_}))?{e}"),
        "this_quarter": re.compile(rf"{b}(?:{_THIS}\s+{_QUARTER_WORD}|{_OF_THE}\s+{_QUARTER_WORD}{_NOT_NAMED}"
                                   rf"(?!\s+{_LAST}))(?!\w)"),
        "last_quarter": re.compile(rf"{b}(?:{_LAST}\s+{_QUARTER_WORD}|(?:el\s+|o\s+|le\s+)?{_QUARTER_WORD}\s+"
                                   rf"{_LAST})(?!\w)"),
        "weekday": re.compile(rf"{b}(?:(?P<last>{_LAST})\s+)?(?P<d>{_alternation(weekday_names())})"
                              rf"(?:\s+{_LAST})?(?!\w)"),
        "range": re.compile(rf"{b}{_RANGE_START}\s+(?:o\s+|el\s+|le\s+|the\s+)?(?P<a>{context_expr}|{day_})\s+"
                            rf"{_RANGE_JOIN}\s+(?:o\s+|el\s+|le\s+|the\s+)?(?P<b>{context_expr}|{day_}){e}"),
        "since": re.compile(rf"{b}{_SINCE}\s+(?:o\s+|el\s+|le\s+|the\s+)?(?P<a>{context_expr}){e}"),
        "last_n": re.compile(rf"{b}(?:(?:in\s+)?(?:the\s+)?(?:los\s+|las\s+|os\s+|as\s+|les\s+|die\s+|gli\s+)?"
                             rf"(?:last|past|previous|ultimos|ultimas|derniers|dernieres|letzten|"
                             rf"vergangenen|ultimi|ultime)\s+(?P<n>\d{{1,3}}|(?:a\s+)?couple(?:\s+of)?)\s+{_UNIT}"
                             rf"|(?:les\s+)?(?P<n2>\d{{1,3}})\s+(?:(?P<unit2>\w+)\s+(?:derniers|dernieres|"
                             rf"ultimos|ultimas|passados|pasados)|(?:derniers|dernieres|ultimos|ultimas)\s+"
                             rf"(?P<unit3>\w+)))(?!\w)"),
        "today": re.compile(rf"{b}(?:{'|'.join(map(re.escape, sorted(_JUST_NOW + _TODAY, key=len, reverse=True)))})(?!\w)"),
        "before_yesterday": re.compile(rf"{b}(?:{'|'.join(map(re.escape, _YESTERDAY_BEFORE))})(?!\w)"),
        "yesterday": re.compile(rf"{b}(?:{'|'.join(_YESTERDAY)})(?!\w)"),
        # Saturday and Sunday: of the week before ("last weekend") or of this week ("this weekend").
        "last_weekend": re.compile(rf"{b}(?:(?:this\s+)?{_LAST}\s+{_WEEKEND}|(?:el\s+|o\s+|le\s+|das\s+)?"
                                   rf"{_WEEKEND}\s+{_LAST})(?!\w)"),
        "last_fortnight": re.compile(rf"{b}(?:(?:the\s+|la\s+|a\s+|la\s+)?{_LAST}\s+(?:fortnight|quincena|quinzena|"
                                     rf"quinzaine)|(?:la\s+|a\s+)?(?:quincena|quinzena|quinzaine)\s+{_LAST})(?!\w)"),
        "this_weekend": re.compile(rf"{b}(?:{_THIS}\s+{_WEEKEND})(?!\w)"),
        "this_week": re.compile(rf"{b}(?:{_THIS}\s+{_WEEK}|{_OF_THE}\s+{_WEEK}{_NOT_NAMED})(?!\w)"),
        "last_week": re.compile(rf"{b}(?:{_LAST}\s+{_WEEK}|(?:la\s+|a\s+)?{_WEEK}\s+{_LAST}|"
                                rf"la\s+semaine\s+{_LAST})(?!\w)"),
        "this_month": re.compile(rf"{b}(?:{_THIS}\s+{_MONTH_WORD}(?:-ci)?|{_OF_THE}\s+{_MONTH_WORD}{_NOT_NAMED})(?!\w)"),
        # "last to last month" (Indian English), "the month before last", "el mes antepasado", "le mois d'avant".
        "month_before_last": re.compile(rf"{b}(?:last\s+to\s+last\s+month|(?:the\s+)?month\s+before\s+last|"
                                        rf"(?:el\s+)?mes\s+antepasado|(?:o\s+)?mes\s+retrasado|(?:o\s+)?penultimo\s+mes|"
                                        rf"(?:l'|l\s)?avant-dernier\s+mois|(?:im\s+)?vorletzten\s+monat)(?!\w)"),
        "last_month": re.compile(rf"{b}(?:{_LAST}\s+{_MONTH_WORD}|(?:el\s+|o\s+|le\s+)?{_MONTH_WORD}\s+"
                                 rf"{_LAST}|vormonat)(?!\w)"),
        "this_year": re.compile(rf"{b}(?:{_THIS}\s+{_YEAR_WORD}|{_OF_THE}\s+(?:ano|year|annee|jahres)|de l'annee(?!\s+(?:derniere|passee|precedente))"
                                rf"{_NOT_NAMED}|year to date|ytd|so far this year|(?:for\s+)?the\s+year\s+(?:so\s+far|to\s+date)|en lo que va del ano|heuer"
                                # "promedio por cargada en el año", "quanto gastei no ano": the year so far, unless another is named after it
                                rf"|(?:en el|no) ano(?!\s+(?:\d|pasado|passado|anterior|que viene|que vem|proximo|de\b|davor|zuvor))"
                                # "the whole year", "todo el año", "o ano todo", "sur l'année", "das ganze Jahr"
                                rf"|(?:the\s+)?whole\s+(?:of\s+the\s+)?year|all\s+year(?:\s+long)?|todo\s+el\s+ano|el\s+ano\s+entero"
                                rf"|(?:o\s+)?ano\s+(?:todo|inteiro)|todo\s+o\s+ano|toute\s+l'?\s?annee|l'?\s?annee\s+entiere"
                                rf"|sur\s+l'?\s?annee|(?:das\s+|im\s+)?ganzen?\s+jahr)"
                                rf"(?!\s+(?:\d|pasado|passado|anterior|derniere|passee|dernier|letzte))(?!\w)"),
        "last_year": re.compile(rf"{b}{_LAST_YEAR}(?!\w)"),
        # "June last year", "junio del año pasado", "juin l'année passée", "im Juni letzten Jahres": that month
        # of last year, not the whole year (nor this year's June).
        "month_last_year": re.compile(rf"{b}(?:(?P<a>{full}|{_LONE_ABBREVIATIONS})\.?\s+(?:(?:of|de|del|do|da|du)\s+)?(?:the\s+|el\s+|o\s+)?"
                                      rf"|{_LAST_YEAR}\s+(?:(?:in|en|em|im|no|au)\s+)?(?:de\s+)?)"
                                      rf"(?(a)(?:{_LAST_YEAR})|(?P<b>{full}))(?!\w)"),
        # "June this year", "junho deste ano": that month of this year, not the whole year.
        "month_this_year": re.compile(rf"{b}(?:(?P<a>{full}|{_LONE_ABBREVIATIONS})\.?\s+(?:(?:of|de|del|do|da|du)\s+)?(?:the\s+)?"
                                      rf"|{_THIS_YEAR}\s+(?:(?:in|en|em|im|no|au)\s+)?(?:de\s+)?)"
                                      rf"(?(a)(?:{_THIS_YEAR})|(?P<b>{full}))(?!\w)"),
        # "in feb", "em set": after "in" an abbreviation is a month.
        "short_month": re.compile(rf"(?:{b}(?:in|en|em|during|durante|im|au|for|of|no mes de|en el mes de|than|als|vs|"
                                  rf"versus|compared to|compared with)\s+"
                                  # "and nov?", "y dic?", "und okt?": a follow-up that is only the month
                                  rf"|^\s*(?:and|y|e|et|und|what about|how about)\s+(?=[a-z]{{3,5}}\.?[\s?!.]*$)"
                                  # "electricity bill dec?": the last word, when no language uses it for
                                  # anything else ("mar", "set", "out", "dez", "sept" and "ago" do)
                                  rf"|(?<=\w\s)(?=(?:{_LONE_ABBREVIATIONS})\.?[\s?!.]*$))"
                                  rf"(?P<a>{short})\.?(?:\s*(?:de|del|,)?\s*(?P<y>{year_}))?{e}"),
        "date": re.compile(rf"{b}(?:{_LAST}\s+)?(?P<a>{date_expr}){e}"),
        # Pieces used to interpret one date expression.
        "iso": re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
        "month_year": re.compile(r"(\d{1,2})[/.\-]((?:19|20)\d{2})|((?:19|20)\d{2})[/\-](\d{1,2})"),
        "numeric": re.compile(r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2,4}))?"),
        "day_month": re.compile(rf"({day_})\s+(?:(?:de|of)\s+)?({any_month})\.?(?:\s*(?:de|del|,)?\s*({year_}))?"),
        "month_day": re.compile(rf"({any_month})\.?\s+({day_})(?:\s*,?\s*({year_}))?"),
        "month": re.compile(rf"({any_month})\.?(?:\s*(?:de|del|of|,)?\s*({year_})|\s+(?:de|del)\s+(\d{{2}})|\s*'(\d{{2}}))?"),
        "year": re.compile(rf"({year_})"),
    }
