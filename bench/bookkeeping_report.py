"""Monthly report, end to end: a user sends February and March 2025 receipts (text PDFs) over signed
webhooks, asks "report for March 2025" (English) and "Bericht für März 2025" (German), and gets a short
summary plus one chart PNG, which is fetched from its signed link the way Twilio fetches media. Then the
opt-in for the 1st, what the scheduler would find due and build, the report on the 1st as the worker's
janitor sends it (app/tasks/monthly_reports.py with the clock set to each 1st of 2025 in Madrid: skipped
without a template, a template outside the 24-hour window, text and chart inside it from two passes run at
once, nothing the second time), the link refused once tampered and once expired, and the chart's rendering
time and memory measured on their own.

Runs the product as in production (gunicorn, the RQ worker, a scratch database, the fake Twilio API; see
bench/faults_delivery.py). Prints every step with its timing and sizes.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/bookkeeping_report.py [--no-expiry] [--out DIR]
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from bench.bookkeeping_live import Person, fetch, receipt, tampered  # noqa: E402
from bench.faults_delivery import start_system  # noqa: E402

USER = "+34612000101"
RECEIPTS = [  # shop, address, day, lines, currency
    ("Repsol Estacion 24", "Av. de America 5, Madrid", "03/02/2025", [("Gasolina 95", "58.20")], "EUR"),
    ("Mercadona", "Calle Alcala 120, Madrid", "12/02/2025", [("Leche", "4.80"), ("Pan", "2.10")], "EUR"),
    ("Repsol Estacion 24", "Av. de America 5, Madrid", "03/03/2025", [("Gasolina 95", "61.40")], "EUR"),
    ("Mercadona", "Calle Alcala 120, Madrid", "05/03/2025", [("Leche", "4.80"), ("Fruta", "12.35")], "EUR"),
    ("Restaurante La Bola", "Calle de la Bola 5, Madrid", "08/03/2025", [("Menu del dia", "28.50")], "EUR"),
    ("Mercadona", "Calle Alcala 120, Madrid", "13/03/2025", [("Aceite de oliva", "9.95"), ("Pan", "2.10")], "EUR"),
    ("Repsol Estacion 24", "Av. de America 5, Madrid", "17/03/2025", [("Gasoleo A", "55.00")], "EUR"),
    ("Papeleria Lopez", "Calle Mayor 3, Madrid", "19/03/2025", [("Papel A4 500 hojas", "6.90")], "EUR"),
    ("Restaurante La Bola", "Calle de la Bola 5, Madrid", "26/03/2025", [("Cena", "64.00")], "EUR"),
    ("Pret A Manger", "1 Oxford St, London", "28/03/2025", [("Coffee", "3.40"), ("Sandwich", "5.20")], "GBP"),
    ("Mercadona", "Calle Alcala 120, Madrid", "31/03/2025", [("Fruta", "8.40")], "EUR"),
]

_RENDER = r"""
import statistics, sys, time, tracemalloc
from decimal import Decimal as D
def rss(field="VmRSS"):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))
before = rss()
t0 = time.perf_counter()
from app.conversation.report_chart import ChartText, render_chart
imported = time.perf_counter() - t0
loaded = rss()
words = ChartText("March 2025 · EUR", "By category", "By week", "Nothing to show")
cats = [(f"category {n}", D(100 - 9 * n)) for n in range(9)]
weeks = [("3 – 9 Mar", D("61.4")), ("10 – 16 Mar", D("12.05")), ("17 – 23 Mar", D("61.9")),
         ("24 – 30 Mar", D("64")), ("31 Mar", D("8.4")), ("1 – 2 Mar", D("0"))]
times, sizes = [], []
for n in range(12):
    t = time.perf_counter()
    png = render_chart(words, cats, weeks, "€", shown=lambda a: f"€{a}")
    times.append(time.perf_counter() - t)
    sizes.append(len(png))
tracemalloc.start()  # one more render, traced apart: tracing slows rendering several times over
render_chart(words, cats, weeks, "€", shown=lambda a: f"€{a}")
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
after = rss("VmHWM")
print(f"{imported:.3f} {times[0]:.3f} {statistics.median(times[1:]):.3f} {max(times[1:]):.3f} "
      f"{peak / 1e6:.1f} {before / 1024:.0f} {loaded / 1024:.0f} {after / 1024:.0f} {int(statistics.median(sizes))}")
"""

_SCHEDULED = r"""
import datetime as dt, sys
from sqlalchemy.orm import Session
from app.config import get_settings
from app.db import get_engine
from app.conversation.monthly_report import build_monthly_report
from app.conversation.report_schedule import due_monthly_reports
settings = get_settings()
with Session(get_engine(settings.database_url)) as session:
    today = dt.datetime.now(dt.UTC)
    first = dt.datetime(today.year + (today.month == 12), today.month % 12 + 1, 1, 0, 5, tzinfo=dt.UTC)
    before = due_monthly_reports(session, first - dt.timedelta(days=2))
    due = due_monthly_reports(session, first)
    print(f"due two days before the 1st: {len(before)}; due on {first:%Y-%m-%d %H:%M} UTC: "
          + ", ".join(f"{u.whatsapp_number} for {m:%Y-%m}" for u, m in due))
    user = due[0][0] if due else None
    if user is not None:
        reply = build_monthly_report(session, settings, user, dt.date(2025, 3, 1), now=first)
        print(f"build_monthly_report(March 2025) in the user's language: {len(reply.body)} chars, "
              f"{len(reply.media_urls)} chart, {reply.data.get('chart_bytes')} bytes, {reply.data.get('seconds')} s")
        print("    " + reply.body.replace(chr(10), chr(10) + "    "))
    session.rollback()
"""

# One pass of the janitor's monthly report task at a given clock ("run"), or getting the user ready for it
# ("prepare": their last report month and when they last wrote, which opens or closes the 24-hour window),
# or opening a sent chart link days later ("link").
_ON_THE_FIRST = r"""
import datetime as dt, json, sys
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from app.config import get_settings
from app.db import get_engine
from app.conversation.export import ExportLinkError
from app.conversation.signed_files import REPORT_CHART, open_file
from app.models import Message, Notification, ReportSubscription, User
from app.tasks.monthly_reports import run_monthly_reports
settings = get_settings()
mode, number, now = sys.argv[1], sys.argv[2], dt.datetime.fromisoformat(sys.argv[3])
with Session(get_engine(settings.database_url)) as session:
    user_id = session.scalar(select(User.id).where(User.whatsapp_number == number))
    if mode == "prepare":
        session.execute(update(ReportSubscription).where(ReportSubscription.user_id == user_id)
                        .values(monthly=True, last_sent_month=dt.date.fromisoformat(sys.argv[4])))
        session.execute(update(Message).where(Message.user_id == user_id)
                        .values(created_at=now - dt.timedelta(hours=float(sys.argv[5]))))
        session.commit()
    elif mode == "run":
        result = run_monthly_reports(settings, now=now)
        print(json.dumps({"sent": result.sent, "skipped": result.skipped, "failed": result.failed,
                          "pending": result.pending}))
    else:
        for days in (6, 8):
            try:
                opened = open_file(session, settings, REPORT_CHART, sys.argv[4], now=now + dt.timedelta(days=days))
                print(f"chart link opened {days} days later: {len(opened.data)} bytes")
            except ExportLinkError as exc:
                print(f"chart link opened {days} days later: refused ({'expired' if exc.expired else 'invalid'})")
"""
TEMPLATE_SID = "HX" + "5e" * 16


def step(title: str) -> None:
    print(f"\n== {title}")


def show(body: str) -> None:
    print("   | " + body.replace("\n", "\n   | "))


def check_png(url: str, label: str, out: Path | None) -> int:
    started = time.monotonic()
    response = fetch(url)
    took = time.monotonic() - started
    image = Image.open(io.BytesIO(response.content)) if response.status_code == 200 else None
    print(f"GET chart link (no auth): {response.status_code} {response.headers.get('Content-Type')} "
          f"{len(response.content)} bytes in {took * 1000:.0f} ms; image {image.size if image else '-'} "
          f"{image.format if image else ''}")
    if out and response.status_code == 200:
        (out / f"{label}.png").write_bytes(response.content)
        print(f"saved {out / f'{label}.png'}")
    return response.status_code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redis-db", type=int, default=13)
    parser.add_argument("--app-dir", type=Path, default=ROOT)
    parser.add_argument("--no-expiry", action="store_true", help="skip waiting 60 s for the link to expire")
    parser.add_argument("--out", type=Path, help="save the chart PNGs here")
    parser.add_argument("--render-only", action="store_true", help="only measure the chart's rendering")
    args = parser.parse_args(argv)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    os.environ["EXPORT_LINK_TTL_SECONDS"] = "60"  # the shortest allowed, so the bench can see a link expire
    if not args.render_only:
        scenario(args)
    return measure_rendering(args.app_dir)


def scenario(args: argparse.Namespace) -> None:
    with ExitStack() as stack:
        step("starting gunicorn + 1 RQ worker + fake Twilio on a scratch database")
        system = start_system(stack, args.app_dir.resolve(), args.redis_db, workers=1)
        user = Person(system, USER)

        step(f"{USER} sends {len(RECEIPTS)} receipts (February and March 2025)")
        for n, (shop, address, day, lines, currency) in enumerate(RECEIPTS, start=1):
            seq, took = user.send_document(receipt(shop, address, f"T-{n:04d}", day, lines, currency))
            print(f"{day} {shop:<22} {currency} -> #{seq} in {took:.1f} s")

        for label, question in (("en", "report for March 2025"), ("de", "Bericht für März 2025")):
            step(f"asks {question!r}")
            reply, took = user.ask(question)
            print(f"answered in {took:.2f} s; {len(reply['Body'])} chars; media: {len(reply['MediaUrl'])}")
            show(reply["Body"])
            [url] = reply["MediaUrl"]
            check_png(url, f"report-{label}", args.out)
            print(f"GET tampered chart link: {fetch(tampered(url)).status_code}")
            print(f"GET same token as a CSV link: {fetch(url.replace('/reports/', '/exports/')).status_code}")
        expiring = url

        step("asks 'report' (this month so far: nothing yet)")
        reply, took = user.ask("report")
        print(f"answered in {took:.2f} s; media: {len(reply['MediaUrl'])}")
        show(reply["Body"])

        step("opts in: 'send me a monthly report'")
        reply, took = user.ask("send me a monthly report")
        print(f"answered in {took:.2f} s")
        show(reply["Body"])

        step("the scheduler's side: due_monthly_reports + build_monthly_report (no message sent)")
        env = dict(os.environ, DATABASE_URL=system.database_url, MEDIA_STORAGE=str(system.media_root),
                   PUBLIC_BASE_URL=system.web, PYTHONPATH=str(args.app_dir))
        done = subprocess.run([sys.executable, "-c", _SCHEDULED], cwd=args.app_dir, env=env, capture_output=True,
                              text=True, timeout=120)
        print(done.stdout.rstrip() or done.stderr[-2000:])

        on_the_first(system, args, env)

        step("opts out: 'stop monthly report'")
        show(user.ask("stop monthly report")[0]["Body"])

        if not args.no_expiry:
            step("the chart link after its 60 s lifetime")
            time.sleep(62)
            print(f"GET expired chart link: {fetch(expiring).status_code} (410 = gone)")



def on_the_first(system, args: argparse.Namespace, env: dict[str, str]) -> None:
    """The janitor's task at each 1st of 2025 (Madrid time), sending through the fake Twilio API."""
    from bench.faults_delivery import ACCOUNT_SID, AUTH_TOKEN, BOT

    env = dict(env, TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_API_BASE_URL=system.fake.url,
               TWILIO_WHATSAPP_FROM=BOT, SECRET_KEY="bench-on-the-first")
    system.fake.add_content(TEMPLATE_SID, "📊 Your report for {{1}} is ready: {{2}} spent. Chart: {{3}}")

    def run(mode: str, now: str, *extra: str, template: str = "") -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-c", _ON_THE_FIRST, mode, USER, now, *extra], cwd=args.app_dir,
                                env=dict(env, TWILIO_TEMPLATE_MONTHLY_REPORT=template), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def finish(label: str, *procs: subprocess.Popen[str]) -> None:
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            if out.strip() or proc.returncode:
                print(f"   {label}: " + (out.strip() or err[-1500:]).replace("\n", "\n   " + " " * len(label) + "  "))

    def sent_since(count: int) -> int:
        mine = [m for m in system.fake.messages if m["To"] == f"whatsapp:{USER}"]
        for message in mine[count:]:
            kind = f"template {message['ContentSid']}" if message.get("ContentSid") else "free text"
            print(f"   sent ({kind}; media: {len(message.get('MediaUrl') or [])}):")
            show(message["Body"])
        return len(mine)

    seen = sent_since(10**6)
    months = [("January", "2025-02-01T00:05+01:00", "2024-12-01", "72", "", "outside the window, no template"),
              ("February", "2025-03-01T00:05+01:00", "2025-01-01", "72", TEMPLATE_SID, "outside the window, template"),
              ("March", "2025-04-01T00:05+02:00", "2025-02-01", "1", "", "inside the window, two passes at once")]
    for name, now, last_sent, wrote, template, what in months:
        step(f"on the 1st ({now} Madrid): {name} 2025's report, {what}")
        started = time.monotonic()
        finish("prepare", run("prepare", now, last_sent, wrote))
        early = (dt.datetime.fromisoformat(now) - dt.timedelta(minutes=10)).isoformat()
        finish("pass ten minutes before", run("run", early, template=template))
        passes = [run("run", now, template=template) for _ in range(2 if name == "March" else 1)]
        finish("pass on the 1st", *passes)
        print(f"   {time.monotonic() - started:.1f} s")
        seen = sent_since(seen)
        if template:
            link = re.search(r"/reports/([^/\s]+)\.png", system.fake.messages[-1]["Body"])
            if link:
                finish("link", run("link", now, link.group(1)))
    step("the janitor runs again later on 1 April: nothing is due, nothing sent")
    finish("pass at 09:00", run("run", "2025-04-01T09:00+02:00"))
    sent_since(seen)


def measure_rendering(app_dir: Path) -> int:
    step("chart rendering on its own (13 renders, 9 categories, 6 weeks, Agg backend)")
    done = subprocess.run([sys.executable, "-c", _RENDER], cwd=app_dir, capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, PYTHONPATH=str(app_dir)))
    if done.returncode:
        print(done.stderr[-2000:])
        return 1
    imported, first, median, worst, peak, rss0, rss_loaded, rss1, size = done.stdout.split()
    print(f"import matplotlib+module {float(imported) * 1000:.0f} ms; first render {float(first) * 1000:.0f} ms; "
          f"then p50 {float(median) * 1000:.0f} ms, max {float(worst) * 1000:.0f} ms; "
          f"Python heap peak of one render {peak} MB; process RSS {rss0} MB at start, {rss_loaded} MB "
          f"after the import, peak {rss1} MB over 13 renders; PNG {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
