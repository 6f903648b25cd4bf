"""Bursts of documents and their captions, end to end: prints each step, every reply, and what was saved.

Scenarios (each from its own WhatsApp number):
- album3: one webhook carrying 3 PDFs (two in EUR, one in USD);
- forwarded5: 5 webhooks of one PDF each, sent together (a forwarded pile of receipts);
- redelivered: an album of 2 whose webhook Twilio delivers twice;
- captions: a PDF captioned "this is 45.10", one captioned "gasolina", one captioned with a note
  (three users, so three bursts of one).

Expected: one "Got it, reading…" and one combined summary per burst (N saved, one line each, the total per
currency, what to check), and the captions applied. Runs the product as in production (gunicorn with
signatures on, 2 RQ workers, a scratch PostgreSQL database, Redis database ``--redis-db``), Twilio being
devtools/fake_twilio.py; the harness is bench/faults_delivery.py's. Nothing here imports app/.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/bookkeeping_batch.py
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from bench.faults_delivery import ACCOUNT_SID, BOT, System, settle, start_system, wait_until  # noqa: E402
from devtools.webhooks import inbound_form  # noqa: E402

ACKS = ("📥",)


def receipt(shop: str, number: str, total: str, currency: str = "EUR") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for index, line in enumerate([shop, f"Invoice number: {number}", "Invoice date: 13.01.2025",
                                  f"Total: {total} {currency}"]):
        page.drawString(60, 780 - 18 * index, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def post_documents(system: System, number: str, documents: list[bytes], caption: str = "") -> dict[str, str]:
    media = [(system.fake.add_media(content, "application/pdf"), "application/pdf") for content in documents]
    form = inbound_form(account_sid=ACCOUNT_SID, from_=f"whatsapp:{number}", to=BOT, body=caption, media=media,
                        profile_name="Bench")
    if system.post(form) != 200:
        raise SystemExit("the webhook refused a document")
    return form


def show(system: System, number: str, started: float, timings: dict[str, float]) -> None:
    for body in system.replies(number):
        print("    ← " + body.replace("\n", "\n      "))
    for label, seconds in timings.items():
        print(f"    {label}: {seconds - started:.1f} s")
    rows = system.sql("SELECT i.seq, i.vendor, i.total_amount, i.currency, i.category, i.notes FROM invoices i "
                      "JOIN users u ON u.id = i.user_id WHERE u.whatsapp_number = :n ORDER BY i.seq", n=number)
    for row in rows:
        print(f"    saved #{row[0]}: {row[1]} · {row[2]} {row[3]} · {row[4]}" + (f" · note {row[5]!r}" if row[5] else ""))
    acks = sum(body.startswith(ACKS) for body in system.replies(number))
    summaries = sum("📚" in body for body in system.replies(number))
    print(f"    => {len(rows)} saved, {acks} acknowledgement(s), {summaries} combined summary(ies)")


def await_replies(system: System, number: str, expected: int, deadline: float = 180) -> dict[str, float]:
    timings: dict[str, float] = {}

    def progress() -> bool:
        replies = system.replies(number)
        if replies and "first reply" not in timings:
            timings["first reply"] = time.monotonic()
        if any("📚" in b for b in replies) and "combined summary" not in timings:
            timings["combined summary"] = time.monotonic()
        return len(replies) >= expected

    wait_until(progress, deadline, step=0.1)
    settle(system, [number], 5)
    return timings


def album3(system: System) -> None:
    number = "+34600000301"
    print(f"album3 ({number}): one webhook, 3 PDFs")
    started = time.monotonic()
    post_documents(system, number, [receipt("Panaderia Sol", "PS-1", "12.50"), receipt("Taxi Lux", "TL-7", "30.00"),
                                    receipt("Hotel Ritz", "HR-3", "100.00", "USD")])
    show(system, number, started, await_replies(system, number, 2))


def forwarded5(system: System) -> None:
    number = "+351910000302"
    print(f"forwarded5 ({number}): 5 webhooks of one PDF each, sent together")
    started = time.monotonic()
    for n in range(1, 6):
        post_documents(system, number, [receipt(f"Loja {n}", f"L-{n}", f"{n}0.00")])
    show(system, number, started, await_replies(system, number, 2))


def redelivered(system: System) -> None:
    number = "+4915100000303"
    print(f"redelivered ({number}): an album of 2 whose webhook arrives twice")
    started = time.monotonic()
    form = post_documents(system, number, [receipt("Bäckerei Korn", "BK-1", "8.40"),
                                           receipt("Tankstelle Nord", "TN-2", "61.20")])
    system.post(form)
    show(system, number, started, await_replies(system, number, 2))


def captions(system: System) -> None:
    for number, caption, shop in (("+14150000304", "this is 45.10", "Corner Cafe"),
                                  ("+34600000305", "gasolina", "Station 24"),
                                  ("+14150000306", "Client lunch with Ana", "Bistro Blue")):
        print(f"captions ({number}): a PDF from {shop} (10.00 USD) captioned {caption!r}")
        started = time.monotonic()
        post_documents(system, number, [receipt(shop, f"{shop[:2].upper()}-1", "10.00", "USD")], caption)
        show(system, number, started, await_replies(system, number, 1))


SCENARIOS = {"album3": album3, "forwarded5": forwarded5, "redelivered": redelivered, "captions": captions}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redis-db", type=int, default=int(os.environ.get("BENCH_REDIS_DB", "14")))
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        system = start_system(stack, ROOT, args.redis_db, workers=2)
        print(f"logs in {system.logs}")
        for name, scenario in SCENARIOS.items():
            if not args.only or name in args.only.split(","):
                scenario(system)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
