"""What the bookkeeping benches (bookkeeping_report.py, bookkeeping_pack.py) share: the product running as
in production (gunicorn + the RQ worker + a scratch database + the fake Twilio API, started by
bench/faults_delivery.py's ``start_system``), receipts drawn as text PDFs, and a user who sends them and
asks things over signed webhooks. Imports nothing from app/."""
from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bench.faults_delivery import ACCOUNT_SID, BOT, System, wait_until
from devtools.webhooks import inbound_form

SAVED = re.compile(r"#(\d+)\*")


def receipt(shop: str, address: str, number: str, day: str, lines: list[tuple[str, str]], currency: str = "EUR",
            *, noise: bytes | None = None) -> bytes:
    """A one-page text PDF receipt; ``day`` as DD/MM/YYYY; ``noise`` embeds that many random bytes as an
    uncompressible image (to make a big file)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    total = sum(float(amount) for _, amount in lines)
    text = [shop, address, f"Receipt number: {number}", f"Date: {day}"]
    text += [f"{what}   1 x {amount}   {amount} {currency}" for what, amount in lines]
    text += [f"Total: {total:.2f} {currency}"]
    for index, line in enumerate(text):
        page.drawString(60, 780 - 18 * index, line)
    if noise:
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        side = int((len(noise) // 3) ** 0.5)
        image = Image.frombytes("RGB", (side, side), noise[: side * side * 3])
        page.drawImage(ImageReader(image), 60, 100, width=300, height=300)
    page.showPage()
    page.save()
    return buffer.getvalue()


@dataclass
class Person:
    system: System
    number: str

    def replies(self) -> list[dict]:
        return [m for m in list(self.system.fake.messages) if m["To"] == f"whatsapp:{self.number}"]

    def quiet(self, seconds: float = 1.5, limit: float = 60) -> None:
        """Wait until no reply reached this user for ``seconds``, so the next answer is the next message's."""
        deadline = time.monotonic() + limit
        count, since = len(self.replies()), time.monotonic()
        while time.monotonic() - since < seconds and time.monotonic() < deadline:
            time.sleep(0.1)
            if len(self.replies()) != count:
                count, since = len(self.replies()), time.monotonic()

    def ask(self, body: str, timeout: float = 120) -> tuple[dict, float]:
        """Send a text; the first new reply and the seconds it took."""
        self.quiet()
        before = len(self.replies())
        started = time.monotonic()
        form = inbound_form(account_sid=ACCOUNT_SID, from_=f"whatsapp:{self.number}", to=BOT, body=body,
                            profile_name="Bench")
        assert self.system.post(form) == 200
        if not wait_until(lambda: len(self.replies()) > before, timeout, step=0.2):
            raise SystemExit(f"no answer to {body!r} within {timeout} s")
        return self.replies()[before], time.monotonic() - started

    def send_document(self, pdf: bytes, timeout: float = 180) -> tuple[int | None, float]:
        """Send one PDF and wait for its summary: (the #N it was saved as, seconds)."""
        self.quiet(0.5)
        before = len(self.replies())
        started = time.monotonic()
        url = self.system.fake.add_media(pdf, "application/pdf")
        form = inbound_form(account_sid=ACCOUNT_SID, from_=f"whatsapp:{self.number}", to=BOT,
                            media=[(url, "application/pdf")], profile_name="Bench")
        assert self.system.post(form) == 200
        if not wait_until(lambda: len(self.replies()) > before, timeout, step=0.2):
            raise SystemExit("a document got no summary")
        first_line = self.replies()[before]["Body"].split("\n")[0]
        saved = SAVED.search(first_line)
        return (int(saved.group(1)) if saved else None), time.monotonic() - started


def fetch(url: str) -> requests.Response:
    """GET a link as Twilio (or the user's phone) would: no credentials but the link itself."""
    return requests.get(url, timeout=30)


def tampered(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path
    stem, dot, ext = path.rpartition(".")
    flipped = stem[:-2] + ("AA" if stem[-2:] != "AA" else "BB")
    return parts._replace(path=flipped + dot + ext).geturl()


def first_url(body: str, suffix: str) -> str | None:
    found = re.findall(r"https?://\S+" + re.escape(suffix), body)
    return found[0] if found else None
