"""Issue 12 item 7, end to end: every change to an invoice is recorded (who, when, old and new value) and
"history of #N" shows it, in each of the five languages, over signed webhooks, the real RQ worker and the
fake Twilio API (offline engines). Another user asking for the same number gets nothing of it.

For each language a user sends a receipt, corrects its total and vendor, deletes it, undoes the delete,
keeps nothing else, then asks for the history; the bench prints every message and reply and checks that
the history has one line per change, in order, with the old and new values. Exits 1 on a failed check.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/bookkeeping_audit.py [--redis-db 6]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bookkeeping_harness import Pipeline, receipt_pdf, show  # noqa: E402

# number, then: correct total, correct vendor, delete, undo, history (in that user's language).
SCRIPTS = [
    ("+447700900123", "en", ["total of #1 is 45.10", "the vendor of #1 is Corner Cafe", "delete #1", "undo",
                             "history of #1"], ["45.10", "Corner Cafe"]),
    ("+34612345678", "es", ["el total de #1 es 45,10", "el proveedor de #1 es Bar Pepe", "borra la #1", "deshacer",
                            "historial de #1"], ["45,10", "Bar Pepe"]),
    ("+5511987654321", "pt", ["o total da #1 é 45,10", "o fornecedor da #1 é Padaria Sol", "apaga a #1", "desfazer",
                              "histórico da #1"], ["45,10", "Padaria Sol"]),
    ("+33612345678", "fr", ["le total de #1 est 45,10", "le fournisseur de #1 est Café Lune", "supprime la #1",
                            "annule", "historique de #1"], ["45,10", "Café Lune"]),
    ("+4917012345678", "de", ["die Summe von #1 ist 45,10", "der Händler von #1 ist Bäckerei Korn", "lösche #1",
                              "rückgängig", "Verlauf von #1"], ["45,10", "Bäckerei Korn"]),
]
STRANGER = "+447700900999"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis-db", type=int, default=6)
    args = parser.parse_args()
    failures = 0

    def check(what: str, ok: bool) -> None:
        nonlocal failures
        failures += not ok
        print(f"  check: {what}: {'ok' if ok else 'FAILED'}")

    with Pipeline(redis_db=args.redis_db) as pipe:
        for number, language, messages, values in SCRIPTS:
            print(f"\n==== {language} ({number}) ====")
            show("receipt", "[PDF 42.00 EUR]", pipe.send_pdf(number, receipt_pdf("Corner Shop", "14/03/2025", "42.00",
                                                                                  "EUR")))
            for said in messages[:-1]:
                show("change", said, pipe.say(number, said))
            history = pipe.say(number, messages[-1])
            show("history", messages[-1], history)
            lines = [line for line in history.splitlines() if line.startswith("•")]
            check("5 events: read, total, vendor, deleted, brought back", len(lines) == 5)
            check("old → new total", any("42" in line and values[0] in line and "→" in line for line in lines))
            check("new vendor", any(values[1] in line for line in lines))
        reply = pipe.say(STRANGER, "history of #1")
        show("another user asks for #1", "history of #1", reply)
        check("nothing of anyone else's #1", "→" not in reply and "Corner" not in reply)
    print(f"\n{failures} failed check(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
