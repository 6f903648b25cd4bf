"""Paid and due, end to end, printing every step: an invoice with a due date arrives, "what do I owe?",
the reminder pass sends the WhatsApp template while the 24-hour window is closed and free text inside it
(each reminder once, however often the pass runs), then "#1 paid".

Drives the product as the tests' harness does: signed webhooks to the Flask app (signatures checked), a
real RQ worker (burst mode, in this process) on Redis database ``--redis-db`` (flushed), a scratch
PostgreSQL database (migrated, dropped afterwards), and the fake Twilio REST API of devtools/fake_twilio.py
(the real ``twilio`` client talks to it; the template is registered there like an approved one). The
reminder pass is the worker janitor's task (app/tasks/reminders.py), run here at chosen moments.
The checks read only what the fake Twilio API received.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/bookkeeping_payments.py
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from devtools.fake_twilio import FakeTwilioAPI  # noqa: E402
from devtools.scratch_db import create_database, drop_database  # noqa: E402
from devtools.webhooks import WHATSAPP_PATH, inbound_form, sign  # noqa: E402

ACCOUNT_SID = "AC" + "b" * 32
AUTH_TOKEN = uuid.uuid4().hex
BOT = "whatsapp:+14155238886"
USER = "+447700900123"
PUBLIC = "https://assistant.bench.test"
TEMPLATE = "HX" + "5" * 32
TEMPLATE_TEXT = "Payment reminder: invoice {{1}} from {{2}} for {{3}} is due on {{4}}. Reply to see it."


def invoice_pdf(number: str, vendor: str, total: str, due: dt.date) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    lines = [f"{vendor} Ltd", "1 Riverside Way, Bristol BS1 4DJ", f"Invoice number: {number}",
             f"Invoice date: {dt.date.today():%d/%m/%Y}", f"Due date: {due:%d/%m/%Y}",
             f"Electricity, monthly plan   1 x {total}   {total} GBP", f"Subtotal: {total} GBP", "VAT 0%: 0.00 GBP",
             f"Total: {total} GBP"]
    for index, line in enumerate(lines):
        page.drawString(60, 780 - 18 * index, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


class Bench:
    def __init__(self, fake: FakeTwilioAPI):
        from redis import Redis

        from app import create_app
        from app.config import get_settings

        get_settings.cache_clear()
        self.settings = get_settings()
        self.app = create_app(self.settings)
        self.client = self.app.test_client()
        self.fake = fake
        self.redis = Redis.from_url(self.settings.redis_url)
        self.redis.flushdb()
        self.seen = 0
        self.checks: list[tuple[str, bool]] = []

    def post(self, form: dict[str, str]) -> None:
        signature = sign(AUTH_TOKEN, PUBLIC + WHATSAPP_PATH, form)
        response = self.client.post(WHATSAPP_PATH, data=form, headers={"X-Twilio-Signature": signature})
        assert response.status_code == 200, response.status_code

    def work(self) -> None:
        from rq import Queue, SimpleWorker

        SimpleWorker([Queue(self.settings.rq_queue, connection=self.redis)], connection=self.redis).work(
            burst=True, logging_level="WARNING")

    def say(self, body: str) -> list[dict]:
        print(f"\n> user: {body}")
        self.post(inbound_form(account_sid=ACCOUNT_SID, from_=f"whatsapp:{USER}", to=BOT, body=body,
                               profile_name="Bench"))
        self.work()
        return self.show()

    def send_document(self, name: str, content: bytes) -> list[dict]:
        print(f"\n> user sends {name}")
        url = self.fake.add_media(content, "application/pdf")
        self.post(inbound_form(account_sid=ACCOUNT_SID, from_=f"whatsapp:{USER}", to=BOT,
                               media=[(url, "application/pdf")], profile_name="Bench"))
        self.work()
        return self.show()

    def new(self) -> list[dict]:
        found = self.fake.messages[self.seen:]
        self.seen = len(self.fake.messages)
        return found

    def show(self, messages: list[dict] | None = None) -> list[dict]:
        messages = self.new() if messages is None else messages
        for message in messages:
            kind = f"template {message['ContentSid']} {message['ContentVariables']}" if message.get("ContentSid") \
                else "text"
            print(f"< assistant ({kind}):\n  " + message["Body"].replace("\n", "\n  "))
        return messages

    def reminder_pass(self, label: str, now: dt.datetime) -> list[dict]:
        from app.tasks.reminders import run_reminders

        result = run_reminders(self.settings, now=now)
        print(f"\n~ reminder pass ({label}): sent {len(result.sent)}, skipped {len(result.skipped)}, "
              f"moved to overdue {len(result.overdue)}")
        return self.show()

    def close_window(self) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.settings.database_url)
        with engine.begin() as conn:
            conn.execute(text("UPDATE messages SET created_at = now() - interval '25 hours'"))
        engine.dispose()
        print("\n~ 25 hours pass without a message from the user: the WhatsApp session window is closed")

    def check(self, what: str, ok: bool) -> None:
        self.checks.append((what, ok))


def run(bench: Bench) -> None:
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC)
    bench.send_document("an invoice due in 2 days", invoice_pdf("INV-2201", "Brightwatt Energy", "84.20",
                                                               today + dt.timedelta(days=2)))
    owed = bench.say("what do I owe this week?") + bench.say("what do I owe in the next 7 days?")
    bench.check("'what do I owe' lists #1 with its total", any("#1" in m["Body"] and "84.20" in m["Body"]
                                                              for m in owed))

    bench.close_window()
    sent = bench.reminder_pass("window closed", now)
    bench.check("outside the window the reminder is the template",
                len(sent) == 1 and sent[0].get("ContentSid") == TEMPLATE
                and json.loads(sent[0]["ContentVariables"]).get("1") == "#1")
    again = bench.reminder_pass("again, a minute later", now + dt.timedelta(minutes=1))
    bench.check("a second pass sends nothing again", again == [])

    bench.send_document("a second invoice, due tomorrow", invoice_pdf("INV-2202", "Kettle & Co", "19.99",
                                                                      today + dt.timedelta(days=1)))
    sent = bench.reminder_pass("window open", now + dt.timedelta(minutes=2))
    bench.check("inside the window the reminder is free text",
                len(sent) == 1 and not sent[0].get("ContentSid") and "#2" in sent[0]["Body"])

    paid = bench.say("#1 paid")
    bench.check("'#1 paid' is confirmed", any("paid" in m["Body"] for m in paid))
    owed = bench.say("what do I owe?")
    bench.check("after paying #1 only #2 is owed", any("#2" in m["Body"] and "#1" not in m["Body"] for m in owed))
    bench.say("reminders 1 day before")
    bench.say("stop reminders")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--redis-db", type=int, default=int(os.environ.get("TEST_REDIS_DB", "4")))
    args = parser.parse_args(argv)
    server = os.environ.get("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    redis = urlunsplit(urlsplit(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))._replace(
        path=f"/{args.redis_db}"))
    database = create_database(server, prefix="bench_payments", migrate=True)
    try:
        with FakeTwilioAPI(ACCOUNT_SID, AUTH_TOKEN) as fake, tempfile.TemporaryDirectory() as media:
            fake.add_content(TEMPLATE, TEMPLATE_TEXT)
            os.environ.update({
                "DATABASE_URL": database, "REDIS_URL": redis, "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
                "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_API_BASE_URL": fake.url, "PUBLIC_BASE_URL": PUBLIC,
                "TWILIO_TEMPLATE_PAYMENT_REMINDER": TEMPLATE, "REMINDER_HOUR": "0", "MEDIA_STORAGE": media,
                "MEDIA_ALLOWED_HOSTS": "127.0.0.1", "OPENAI_API_KEY": "", "LOG_LEVEL": "WARNING",
                "LOG_JSON": "false",
            })
            bench = Bench(fake)
            run(bench)
    finally:
        from app.db import get_engine

        get_engine.cache_clear()
        drop_database(database)
    print("\n== checks")
    for what, ok in bench.checks:
        print(f"{'PASS' if ok else 'FAIL'}  {what}")
    return 0 if all(ok for _, ok in bench.checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
