"""The pipeline the bookkeeping benches drive: the Flask app receiving signed webhooks (its test client, as
Twilio would post them), a real RQ worker draining the queue, the fake Twilio REST API of
devtools/fake_twilio.py capturing the replies and serving attachments, a scratch PostgreSQL database
(migrated, dropped afterwards) and a Redis database of its own (flushed). Receipts are drawn with reportlab.

Used by bench/bookkeeping_budgets.py and bench/bookkeeping_categories.py; nothing here scores anything.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ACCOUNT_SID = "AC" + "b" * 32
AUTH_TOKEN = "bench-auth-token-" + secrets.token_hex(8)
PUBLIC_URL = "https://assistant.bench.test"
WEBHOOK = "/webhooks/twilio/whatsapp"


def receipt_pdf(vendor: str, total: str, *, currency: str = "EUR", day: dt.date | None = None,
                number: str = "T-1", line: str = "Menu del dia") -> bytes:
    """A one-page receipt the offline reader reads: vendor, number, date, one line and the total."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    day = day or dt.date.today()
    buffer = io.BytesIO()
    pen = canvas.Canvas(buffer, pagesize=A4)
    y = A4[1] - 60
    for text in (vendor, "Calle Mayor 12, 28013 Madrid", f"Factura simplificada n.o {number}",
                 f"Fecha: {day:%d/%m/%Y}", f"{line}                     {total}",
                 f"Total                                    {total} {currency}"):
        pen.drawString(56, y, text)
        y -= 16
    pen.showPage()
    pen.save()
    return buffer.getvalue()


class Pipeline:
    def __init__(self, *, redis_db: int = 14) -> None:
        from devtools.fake_twilio import FakeTwilioAPI
        from devtools.scratch_db import create_database

        server = os.environ.get("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
        redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0] + f"/{redis_db}"
        self.database_url = create_database(server, prefix="bench_bookkeeping", migrate=True)
        self.media_dir = tempfile.TemporaryDirectory(prefix="bench-bookkeeping-")
        self.fake = FakeTwilioAPI(ACCOUNT_SID, AUTH_TOKEN).start()
        os.environ.update({
            "DATABASE_URL": self.database_url, "REDIS_URL": redis_url, "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_BASE_URL": PUBLIC_URL, "OPENAI_API_KEY": "",
            "MEDIA_STORAGE": self.media_dir.name, "MEDIA_ALLOWED_HOSTS": "127.0.0.1",
            "TWILIO_API_BASE_URL": self.fake.url, "LOG_LEVEL": "WARNING",
        })
        from redis import Redis

        from app import create_app
        from app.config import get_settings

        get_settings.cache_clear()
        self.settings = get_settings()
        self.redis = Redis.from_url(redis_url)
        self.redis.flushdb()
        self.app = create_app(self.settings)
        self.client = self.app.test_client()

    # -- what a user does --------------------------------------------------------------------------

    def text(self, number: str, body: str) -> list[str]:
        """Send a text as ``number``; the replies it got."""
        return self._post(number, Body=body)

    def document(self, number: str, pdf: bytes, caption: str = "") -> list[str]:
        url = self.fake.add_media(pdf, "application/pdf")
        return self._post(number, Body=caption, NumMedia="1", MessageType="document", MediaUrl0=url,
                          MediaContentType0="application/pdf")

    # -- plumbing ----------------------------------------------------------------------------------

    def _post(self, number: str, **fields: str) -> list[str]:
        from twilio.request_validator import RequestValidator

        sid = ("MM" if fields.get("NumMedia", "0") != "0" else "SM") + secrets.token_hex(16)
        form: dict[str, Any] = {
            "MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": ACCOUNT_SID,
            "From": f"whatsapp:{number}", "To": "whatsapp:+14155238886", "WaId": number[1:],
            "ProfileName": "Bench",
            "NumMedia": "0", "MessageType": "text", "SmsStatus": "received", "NumSegments": "1",
            "ApiVersion": "2010-04-01", **fields}
        signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_URL + WEBHOOK, form)
        before = len(self.fake.messages)
        response = self.client.post(WEBHOOK, data=form, headers={"X-Twilio-Signature": signature})
        if response.status_code != 200:
            raise RuntimeError(f"webhook answered {response.status_code}")
        self._work()
        return [m["Body"] for m in self.fake.messages[before:] if m["To"] == f"whatsapp:{number}"]

    def _work(self) -> None:
        from rq import Queue, SimpleWorker

        queue = Queue(self.settings.rq_queue, connection=self.redis)
        SimpleWorker([queue], connection=self.redis).work(burst=True, logging_level="WARNING")

    def sql(self, statement: str, **params: Any) -> list[tuple[Any, ...]]:
        """Read the database back with plain SQL (what the bench prints about the rows)."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.database_url)
        with engine.connect() as conn:
            rows = [tuple(row) for row in conn.execute(text(statement), params)]
        engine.dispose()
        return rows

    def close(self) -> None:
        from app.db import get_engine
        from devtools.scratch_db import drop_database

        get_engine(self.database_url).dispose()
        self.fake.stop()
        self.redis.flushdb()
        self.media_dir.cleanup()
        drop_database(self.database_url)


def show(step: str, replies: list[str]) -> None:
    print(f"\n▶ {step}")
    for reply in replies or ["(no reply)"]:
        print("  " + reply.replace("\n", "\n  "))
