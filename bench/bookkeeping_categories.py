"""Categories that learn, end to end (issue 12 item 5): custom categories created in five languages, a
category correction that becomes a rule for the vendor (confidence 0.9, growing with consistent corrections,
replaced by a contradicting one), the next invoice from that vendor filed by the rule, another user untouched,
and the confidence every extraction stores. Prints every step and reply, then what the database holds.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/bookkeeping_categories.py [--redis-db 14]

Drives the real pipeline (signed webhooks, RQ worker, fake Twilio API; bench/bookkeeping_budgets_pipeline.py).
Exits non-zero when a rule is not learned, not applied, or applied to another user.
"""
from __future__ import annotations

import argparse
import sys
from decimal import Decimal

from bookkeeping_budgets_pipeline import Pipeline, receipt_pdf, show

UK, OTHER = "+447700900123", "+447700900999"
AGENCY = "Agencia Lumen S.L."


def agency(number: str, total: str = "40,00") -> bytes:
    return receipt_pdf(AGENCY, total, number=number, line="Diseno de logotipo")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis-db", type=int, default=14)
    args = parser.parse_args()
    pipe = Pipeline(redis_db=args.redis_db)
    problems: list[str] = []
    try:
        for number, message in ((UK, "create category Marketing"),
                                ("+34612345678", "crea la categoría Oficina en casa"),
                                ("+351912345678", "cria a categoria Obras"),
                                ("+33612345678", "crée la catégorie Voyages pro"),
                                ("+4915112345678", "erstelle die Kategorie Werbung"),
                                (UK, "create category Restaurants")):
            show(f"{number}: {message}", pipe.text(number, message))

        show(f"{UK}: receipt from {AGENCY}", pipe.document(UK, agency("A-1")))
        show(f"{UK}: #1 category marketing", pipe.text(UK, "#1 category marketing"))
        replies = pipe.document(UK, agency("A-2", "55,00"))
        show(f"{UK}: another receipt from {AGENCY}", replies)
        if "Filed under *Marketing*" not in replies[-1]:
            problems.append("the learned rule was not applied to the vendor's next invoice")
        show(f"{UK}: #2 category marketing (consistent)", pipe.text(UK, "#2 category marketing"))
        grown = pipe.sql("SELECT category, confidence, hits FROM category_rules")
        print("  rule now:", grown)
        if grown != [("marketing", Decimal("0.930"), 2)]:
            problems.append(f"a consistent correction did not grow the rule: {grown}")
        show(f"{UK}: how much on marketing?", pipe.text(UK, "how much on marketing?"))
        show(f"{OTHER}: receipt from {AGENCY} (another user)", pipe.document(OTHER, agency("A-3")))
        show(f"{UK}: #2 category office (contradicting)", pipe.text(UK, "#2 category office"))

        rules = pipe.sql("SELECT u.whatsapp_number, r.vendor_key, r.category, r.confidence, r.hits "
                         "FROM category_rules r JOIN users u ON u.id = r.user_id ORDER BY r.id")
        invoices = pipe.sql("SELECT u.whatsapp_number, i.seq, i.vendor, i.category, i.category_source, "
                            "i.category_confidence FROM invoices i JOIN users u ON u.id = i.user_id "
                            "ORDER BY i.id")
        events = pipe.sql("SELECT invoice_seq, actor, old_value, new_value FROM invoice_events "
                          "WHERE action = 'categorised' ORDER BY id")
        print("\nrules:", rules)
        print("invoices (number, #, vendor, category, source, confidence):")
        for row in invoices:
            print("  ", row)
        print("categorised events (#, actor, old, new):", events)
        if rules != [(UK, "agencialumensl", "office", Decimal("0.900"), 1)]:
            problems.append(f"rules: {rules}")
        if [r for r in invoices if r[0] == OTHER and r[4] == "rule"]:
            problems.append("another user's rule was applied")
    finally:
        pipe.close()
    print("\n" + ("OK" if not problems else "PROBLEMS:\n  " + "\n  ".join(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
