"""The pipeline as the bookkeeping benches drive it: signed Twilio webhooks into the Flask app, a real RQ
worker (burst, in this process) on a real Redis database, a scratch PostgreSQL database migrated with
Alembic, and the fake Twilio REST API of devtools/fake_twilio.py receiving the replies.

    with Pipeline(redis_db=6) as pipe:
        print(pipe.say("+447700900123", "my currency is EUR"))
"""
from __future__ import annotations

import io
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from devtools.fake_twilio import FakeTwilioAPI  # noqa: E402
from devtools.scratch_db import create_database, drop_database  # noqa: E402
from devtools.webhooks import WHATSAPP_PATH, inbound_form, sign  # noqa: E402

ACCOUNT_SID = "AC" + "b" * 32
BOT = "whatsapp:+14155238886"
PUBLIC = "https://bench.example.test"


def receipt_pdf(shop: str, day: str, total: str, currency: str, number: str = "R-1") -> bytes:
    """A one-page receipt the offline reader reads: shop, date (dd/mm/yyyy), one line, total with currency."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    lines = [f"{shop}", "12 Main Street", f"Receipt number: {number}", f"Date: {day}",
             f"Goods   1 x {total}   {total} {currency}", f"Total: {total} {currency}"]
    for index, line in enumerate(lines):
        page.drawString(60, 780 - 18 * index, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


class Pipeline:
    def __init__(self, *, redis_db: int = 6, database_server: str | None = None):
        self.redis_db = redis_db
        self.server = database_server or os.environ.get(
            "DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
        self.token = uuid.uuid4().hex
        self.seen: dict[str, int] = {}

    def __enter__(self) -> Pipeline:
        self.database = create_database(self.server, prefix="bench_bookkeeping", migrate=True)
        self.media_dir = tempfile.TemporaryDirectory()
        self.fake = FakeTwilioAPI(ACCOUNT_SID, self.token).start()
        redis_base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
        os.environ.update({
            "DATABASE_URL": self.database, "REDIS_URL": f"{redis_base}/{self.redis_db}",
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": self.token, "PUBLIC_BASE_URL": PUBLIC,
            "TWILIO_API_BASE_URL": self.fake.url, "MEDIA_ALLOWED_HOSTS": "127.0.0.1",
            "MEDIA_STORAGE": self.media_dir.name, "OPENAI_API_KEY": "", "LOG_LEVEL": "WARNING",
        })
        from redis import Redis

        from app import create_app
        from app.config import get_settings

        get_settings.cache_clear()
        self.settings = get_settings()
        self.redis = Redis.from_url(self.settings.redis_url)
        self.redis.flushdb()
        self.client = create_app(self.settings).test_client()
        return self

    def __exit__(self, *exc: object) -> None:
        from app.db import get_engine

        self.redis.flushdb()
        self.fake.stop()
        get_engine.cache_clear()
        drop_database(self.database)
        self.media_dir.cleanup()

    def _post(self, number: str, body: str = "", media: list[tuple[str, str]] | None = None) -> list[str]:
        form = inbound_form(account_sid=ACCOUNT_SID, from_=f"whatsapp:{number}", to=BOT, body=body,
                            media=media or [])
        signature = sign(self.token, PUBLIC + WHATSAPP_PATH, form)
        response = self.client.post(WHATSAPP_PATH, data=form, headers={"X-Twilio-Signature": signature})
        assert response.status_code == 200, response.status_code
        self._work()
        sent = [m["Body"] for m in self.fake.messages if m["To"] == f"whatsapp:{number}"]
        new, self.seen[number] = sent[self.seen.get(number, 0):], len(sent)
        return new

    def _work(self) -> None:
        from rq import Queue, SimpleWorker

        queue = Queue(self.settings.rq_queue, connection=self.redis)
        SimpleWorker([queue], connection=self.redis).work(burst=True, logging_level="WARNING")

    def say(self, number: str, text: str) -> str:
        return "\n".join(self._post(number, text))

    def send_pdf(self, number: str, pdf: bytes) -> str:
        url = self.fake.add_media(pdf, "application/pdf")
        return "\n".join(self._post(number, media=[(url, "application/pdf")]))


def show(step: str, said: str, reply: str) -> None:
    print(f"\n── {step}\n> {said}")
    for line in reply.splitlines():
        print(f"  {line}")
