"""Expenses said in words, end to end, in the five languages: prints each message, the reply, and the invoice
it saved (or that none was saved), then "undo" (and "undo" again), and questions that must stay questions.

Runs the product as in production (gunicorn with signatures on, 2 RQ workers, a scratch PostgreSQL database,
Redis database ``--redis-db``), Twilio being devtools/fake_twilio.py; the harness is bench/faults_delivery.py's.
Nothing here imports app/: what was saved is read from the database with SQL.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/bookkeeping_text_expenses.py
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.faults_delivery import System, start_system, wait_until  # noqa: E402

# (number, message, whether an invoice must be saved)
SAID = [
    ("+34600000401", "taxi 12€", True),
    ("+351910000402", "almoço 35,90 ontem", True),
    ("+14150000403", "paid 120 to Juan for cleaning", True),
    ("+33600000404", "hier 15,50 € boulangerie", True),
    ("+4915100000405", "gestern 8,40 € Bäcker", True),
    ("+34600000406", "gasté 20 euros en el súper ayer", True),
    ("+5511900000407", "uber R$ 25,00", True),
    ("+14150000408", "how much did I spend on taxi 12 march?", False),
    ("+14150000409", "taxi 12", False),
    ("+34600000410", "¿cuánto gasté en taxi ayer?", False),
]
UNDO = {"+34600000401": "deshacer", "+14150000403": "undo", "+33600000404": "annule",
        "+4915100000405": "rückgängig"}


def say(system: System, number: str, body: str) -> str:
    before = len(system.replies(number))
    system.text(number, body)
    wait_until(lambda: len(system.replies(number)) > before, 60, step=0.1)
    replies = system.replies(number)
    return replies[-1] if len(replies) > before else "(no reply)"


def invoices(system: System, number: str) -> list[tuple]:
    return system.sql("SELECT i.seq, i.vendor, i.total_amount, i.currency, i.invoice_date, i.category, "
                      "i.deleted_at IS NOT NULL FROM invoices i JOIN users u ON u.id = i.user_id "
                      "WHERE u.whatsapp_number = :n ORDER BY i.seq", n=number)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redis-db", type=int, default=int(os.environ.get("BENCH_REDIS_DB", "14")))
    args = parser.parse_args(argv)
    right = 0
    with ExitStack() as stack:
        system = start_system(stack, ROOT, args.redis_db, workers=2)
        print(f"logs in {system.logs}")
        for number, body, expense in SAID:
            started = time.monotonic()
            reply = say(system, number, body)
            elapsed = time.monotonic() - started
            saved = invoices(system, number)
            ok = bool(saved) == expense
            right += ok
            print(f"{number} → {body!r}  ({elapsed:.1f} s)")
            print("    ← " + reply.replace("\n", "\n      "))
            for seq, vendor, total, currency, day, category, _ in saved:
                print(f"    saved #{seq}: {vendor} · {total} {currency} · {day} · {category}")
            print(f"    => {'ok' if ok else 'WRONG'}: {'an expense' if expense else 'not an expense'} expected, "
                  f"{len(saved)} invoice(s) saved")
        for number, word in UNDO.items():
            for attempt in (1, 2):
                reply = say(system, number, word)
                deleted = [row[6] for row in invoices(system, number)]
                print(f"{number} → {word!r} ({attempt}) ← {reply.splitlines()[0]}  => deleted: {deleted}")
        print(f"=> {right}/{len(SAID)} messages read as expected")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
