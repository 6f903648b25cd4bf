"""Words that move or keep the previous question's period ("the month before", "same month last year", "the
whole month", "that month"), folded, in the five reply languages. Read by the parser through the vocabulary.
"""
from __future__ import annotations

import re

from app.conversation.dates import PeriodMatch, month
from app.conversation.text import rx

# "and the month before?", "y el anterior?", "le mois d'avant", "den Monat davor": the previous question's
# period, one step back.
PERIOD_BEFORE = rx(
    r"(?:the\s+)?(?:month|week|year|day|quarter|one|period)\s+before(?:\s+that)?(?!\s+[a-z])", r"the previous one",
    r"before that", r"(?:el|la|lo)\s+(?:mes|semana|ano|dia|trimestre)\s+anterior", r"(?:el|la|lo)\s+anterior",
    r"(?:o|a)\s+(?:mes|semana|ano|dia|trimestre)\s+anterior", r"(?:no|na)\s+(?:mes|semana)\s+anterior",
    r"(?:o|a|no|na)\s+anterior", r"(?:le|la|l')\s*(?:mois|semaine|annee|jour|trimestre)\s+(?:d'avant|d avant|precedent"
    r"|precedente|d'avant)", r"(?:le|la)\s+precedent[e]?", r"(?:den|der|das|die|im)\s+(?:monat|woche|jahr|tag|quartal)"
    r"\s+(?:davor|vorher|zuvor)", r"davor", r"vorher")
# "and the month after?", "el mes siguiente", "o mês seguinte", "le mois d'après", "den Monat danach": the previous
# question's period, one step on.
PERIOD_AFTER = rx(
    r"(?:the\s+)?(?:month|week|year|day|quarter)\s+after(?:\s+that)?(?!\s+[a-z])", r"the following (?:month|week|year|day)",
    r"(?:el|la)\s+(?:mes|semana|ano|dia|trimestre)\s+(?:siguiente|despues|posterior)",
    r"(?:o|a|no|na)\s+(?:mes|semana|ano|dia|trimestre)\s+(?:seguinte|depois|posterior)",
    r"(?:le|la|l')\s*(?:mois|semaine|annee|jour|trimestre)\s+(?:d'apres|d apres|suivant|suivante)",
    r"(?:den|der|das|die|im)\s+(?:monat|woche|jahr|tag|quartal)\s+(?:danach|darauf)")
# "same month last year", "el mismo mes del año pasado", "même mois l'an dernier", "gleicher Monat letztes Jahr".
SAME_LAST_YEAR = rx(
    r"(?:the\s+)?same\s+(?:month|week|day|period|quarter|time)\s+(?:of\s+)?last\s+year", r"a\s+year\s+(?:before|earlier)",
    r"(?:el\s+)?mismo\s+(?:mes|periodo|dia|trimestre)\s+(?:del?\s+)?(?:ano\s+pasado|ano\s+anterior)",
    r"(?:o\s+|no\s+)?mesmo\s+(?:mes|periodo|dia|trimestre)\s+(?:do\s+)?(?:ano\s+passado|ano\s+anterior)",
    r"(?:le\s+)?meme\s+(?:mois|periode|jour|trimestre)\s+(?:de\s+)?l'?\s*(?:an|annee)\s+(?:dernier|derniere|passee"
    r"|precedente)", r"(?:gleiche[rn]?|selbe[rn]?|denselben)\s+(?:monat|zeitraum|tag|quartal)\s+(?:im\s+|vom\s+|des\s+)?"
    r"(?:letzte[ns]?|vorigen?|vorjahr)(?:\s+jahr(?:es)?)?", r"ein\s+jahr\s+(?:davor|vorher|fruher)",
    # "l'an dernier à la même période", "à la même époque l'an dernier", "same time last yr"
    r"l'?\s*an(?:nee)?\s+(?:dernier|derniere|passee)\s+a\s+la\s+meme\s+(?:periode|epoque)",
    r"a\s+la\s+meme\s+(?:periode|epoque)\s+(?:de\s+)?l'?\s*an(?:nee)?\s+(?:dernier|derniere|passee)",
    r"same\s+time\s+last\s+yr")
# "the same month in 2024", "el mismo mes de 2024", "no mesmo mês de 2024", "le même mois en 2024", "im selben
# Monat 2024", "the same month this year": the previous question's month, in the year said.
SAME_MONTH_IN = rx(
    r"(?:(?:the\s+)?same\s+month(?:\s+(?:of|in))?|(?:el\s+|en\s+el\s+)?mismo\s+mes\s+(?:de|del|en)|"
    r"(?:o\s+|no\s+)?mesmo\s+mes\s+(?:de|em)|(?:le\s+)?meme\s+mois\s+(?:de|en)|"
    r"(?:im\s+)?(?:gleiche[nr]?|selbe[nr]?|denselben)\s+monat(?:\s+(?:im\s+jahr|von|aus))?)\s+(?P<year>20\d\d|this\s+year|este\s+ano|deste\s+ano|(?:de\s+)?cette\s+annee|"
    r"dieses\s+jahr(?:es)?)")
# "the whole month", "todo el mes", "o mês inteiro", "tout le mois", "den ganzen Monat": the month around the
# previous question's period.
WHOLE_MONTH = rx(r"(?:the\s+)?(?:whole|entire|full)\s+month", r"(?:todo\s+)?el\s+mes\s+(?:entero|completo)",
                 r"todo\s+el\s+mes", r"(?:o\s+)?mes\s+(?:inteiro|todo)", r"todo\s+o\s+mes", r"tout\s+le\s+mois",
                 r"le\s+mois\s+entier", r"(?:im\s+|den\s+)?ganzen\s+monat")
# "what about Deliveroo that month?", "y en Lidl ese mismo mes?": the previous question's period, kept.
# (Not "este mes"/"esse mês"/"ce mois-ci"/"diesen Monat": those say the current one.)
SAME_PERIOD = rx(r"(?:in |during |for )?(?:that|the same) (?:month|year|week|day|period|quarter)",
                 r"(?:en )?(?:ese|aquel)(?: mismo)? (?:mes|ano|dia|periodo|trimestre)", r"(?:en )?el mismo (?:mes|periodo)",
                 r"(?:naquele|nesse mesmo|no mesmo) (?:mes|ano|dia|periodo|trimestre)",
                 r"(?:ce|cette) (?:mois|annee|semaine|jour)(?:-la| la)", r"(?:le|la) meme (?:mois|annee|periode)",
                 r"(?:im|in dem|im selben|im gleichen) (?:selben |gleichen )?(?:monat|jahr|zeitraum)(?! davor)")


def said_shift(folded: str) -> tuple[str | None, str]:
    """How a message moves the previous question's period ("before", "after", "year_before", "month_year_before",
    "month_in:2024", "whole_month"), or None; and the message with those words blanked out."""
    for how, pattern in (("year_before", SAME_LAST_YEAR), ("month_in:", SAME_MONTH_IN), ("before", PERIOD_BEFORE),
                         ("after", PERIOD_AFTER), ("whole_month", WHOLE_MONTH)):
        if m := pattern.search(folded):
            said = how
            if how == "year_before" and re.search(r"month|mes|mois|monat", m[0]):
                said = "month_year_before"
            elif how == "month_in:":
                said = how + (m["year"] if m["year"].isdigit() else "this")  # "el mismo mes de este año"
            return said, folded[:m.start()] + " " * (m.end() - m.start()) + folded[m.end():]
    return None, folded


# "todo noviembre", "tout septembre", "julho inteiro", "the whole of March": all of that period, every shop.
_WHOLE_BEFORE = re.compile(r"(?<![a-z])(?:(?:en|em|in)\s+)?(?:todo|toda|tout|toute|tudo|all of|the whole of|whole|entire|"
                           r"ganze[nm]?|gesamte[nm]?)\s+(?:(?:el|le|la|o|a|the|den|de|do|of)\s+)?"
                           r"(?:(?:mes|mois|month|monat)\s+(?:(?:de|do|of)\s+)?)?$")
_WHOLE_AFTER = re.compile(r"^\s*(?:inteiro|inteira|entero|entera|entier|entiere|completo|completa|complet|whole)(?![a-z])")


def all_of_a_month(folded: str, found: PeriodMatch) -> bool:
    """"y de IVA en todo noviembre?", "julho inteiro": a month said whole, so every shop in it."""
    return found.period == month(found.period.start.year, found.period.start.month) and bool(
        _WHOLE_BEFORE.search(folded[:found.start]) or _WHOLE_AFTER.match(folded[found.end:]))
