"""Budgets end to end (issue 12 item 4): set in five languages, "how is my budget?", alerts at the
threshold and at 100 % once per period, other currencies left out; prints every step and reply, then
what the database holds.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/bookkeeping_budgets.py [--redis-db 14]

Drives the real pipeline (signed webhooks, RQ worker, fake Twilio API; bench/bookkeeping_budgets_pipeline.py).
Exits non-zero when an expected alert is missing or repeated.
"""
from __future__ import annotations

import argparse
import sys

from bookkeeping_budgets_pipeline import Pipeline, receipt_pdf, show

UK, ES, BR, FR, DE = "+447700900123", "+34612345678", "+5511912345678", "+33612345678", "+4915112345678"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis-db", type=int, default=14)
    args = parser.parse_args()
    pipe = Pipeline(redis_db=args.redis_db)
    problems: list[str] = []
    try:
        for number, message in ((UK, "budget 100 € for restaurants per month"),
                                (ES, "presupuesto de 200 para comida"),
                                (BR, "orçamento 500 reais por mês"),
                                (FR, "budget de 100 € pour l'essence"),
                                (DE, "Budget 300 € für Restaurants monatlich")):
            show(f"{number}: {message}", pipe.text(number, message))

        alerts = []
        for n, total in enumerate(("85,00", "5,00", "20,00", "30,00"), start=1):
            replies = pipe.document(UK, receipt_pdf("Restaurante Casa Pepe", total, number=f"T-{n}"))
            show(f"{UK}: receipt Restaurante Casa Pepe {total} EUR", replies)
            alerts.append(("⚠️ You've used" in replies[-1], "🚨" in replies[-1]))
        if alerts != [(True, False), (False, False), (False, True), (False, False)]:
            problems.append(f"alerts per receipt (threshold, over): {alerts}")
        usd = receipt_pdf("Restaurante Casa Pepe", "9,00", currency="USD", number="T-9")
        show(f"{UK}: receipt in USD", pipe.document(UK, usd))
        show(f"{UK}: how is my budget?", pipe.text(UK, "how is my budget?"))
        show(f"{DE}: Wie steht mein Budget?", pipe.text(DE, "Wie steht mein Budget?"))
        show(f"{UK}: remove the restaurants budget", pipe.text(UK, "remove the restaurants budget"))

        print("\nbudgets:", pipe.sql("SELECT u.whatsapp_number, b.category, b.amount, b.currency, b.period, "
                                     "b.active FROM budgets b JOIN users u ON u.id = b.user_id "
                                     "ORDER BY b.id"))
        print("alerts sent:", pipe.sql("SELECT budget_id, period_start, level FROM budget_alerts "
                                       "ORDER BY id"))
    finally:
        pipe.close()
    print("\n" + ("OK" if not problems else "PROBLEMS:\n  " + "\n  ".join(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
