"""Days people name by their feast rather than their date ("und an Silvester?", "el día de Navidad",
"la veille de Noël"): the most recent such day, this year's when it has come, else last year's. Only feasts
on a fixed date: Easter and its kin move, and a wrong day would be a wrong figure."""
from __future__ import annotations

import datetime as dt
import re
from functools import cache

_FEASTS: dict[tuple[int, int], str] = {
    (12, 24): "christmas eve,xmas eve,nochebuena,noche buena,vispera de navidad,vespera de natal,noite de natal,"
              "consoada,reveillon de noel,veille de noel,heiligabend,heiliger abend,heilig abend",
    (12, 25): "christmas,christmas day,xmas,navidad,dia de navidad,no natal,dia de natal,noel,jour de noel,"
              "weihnachten,weihnachtstag,erster weihnachtstag,1. weihnachtstag",
    (12, 26): "boxing day,san esteban,saint etienne,stephanstag,zweiter weihnachtstag,2. weihnachtstag",
    (12, 31): "new year's eve,new years eve,nye,nochevieja,noche vieja,fin de ano,reveillon,saint sylvestre,"
              "saint-sylvestre,la sylvestre,silvester,altjahrestag,altjahr",
    (1, 1): "new year's day,new years day,ano nuevo,dia de ano nuevo,ano novo,dia de ano novo,jour de l'an,"
            "premier de l'an,nouvel an,neujahr,neujahrstag",
    (2, 14): "valentine's day,valentines day,valentine's,san valentin,dia dos namorados,saint valentin,valentinstag",
    (10, 31): "halloween",
}


@cache
def _pattern() -> re.Pattern[str]:
    names = sorted({n.strip() for words in _FEASTS.values() for n in words.split(",")}, key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(n) for n in names) + r")(?:\s+(?P<y>(?:19|20)\d{2}))?(?![\w'])")


@cache
def _days() -> dict[str, tuple[int, int]]:
    return {n.strip(): when for when, words in _FEASTS.items() for n in words.split(",")}


def feast_day(folded: str, today: dt.date) -> tuple[dt.date, int, int] | None:
    """The day a feast named in ``folded`` falls on (the year said, else the latest not after today), with
    where it was said."""
    m = _pattern().search(folded)
    if m is None:
        return None
    said = m.group(0)[: m.start("y") - m.start()].strip() if m["y"] else m.group(0)
    month_number, day_number = _days()[said]
    year = int(m["y"]) if m["y"] else today.year if (month_number, day_number) <= (today.month, today.day) else today.year - 1
    return dt.date(year, month_number, day_number), m.start(), m.end()
