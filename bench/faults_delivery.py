"""Delivery faults, end to end: Twilio 500 / 429 / slow, a 25-receipt burst, "delete my data" racing a
download, a webhook replayed after erasure. Prints per scenario: tried / lost / duplicated / leftover.

Runs the product as in production: gunicorn (2 workers) serving the app with signatures on, 2 RQ workers
(``python -m worker``, with their schedulers and cron), a scratch PostgreSQL database, Redis database
``--redis-db`` (flushed), media on a temporary directory. Twilio is the fake REST API of
devtools/fake_twilio.py (the real ``twilio`` client talks to it; it posts signed status callbacks like
Twilio) with scripted failures. Webhooks are posted over HTTP, signed like Twilio's.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/faults_delivery.py
    .venv/bin/python bench/faults_delivery.py --app-dir /path/to/other/checkout   # measure another tree
    .venv/bin/python bench/faults_delivery.py --only burst25,erase_race

``--app-dir`` runs the web and worker processes (and migrations) from another checkout with this bench's
driver, fake and scorer: the way to measure before/after on the same scenarios. Scoring is
bench/faults_delivery_score.py, which imports nothing from app/.

Definitions: *tried* = messages (or documents, or erase trials) whose outcome is checked; *lost* = an
expected answer that never came (within the scenario's deadline); *duplicated* = answers beyond one per
expected answer; *leftover* = rows or files of an erased user that still exist, or that a replayed
webhook created. *last (s)* = seconds from the start of the scenario to its last expected answer.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from bench.faults_delivery_score import HEADER, Score, in_order, numbered_summaries, one_answer_each  # noqa: E402
from devtools.fake_twilio import FakeTwilioAPI  # noqa: E402
from devtools.scratch_db import drop_database  # noqa: E402
from devtools.webhooks import WHATSAPP_PATH, inbound_form, sign  # noqa: E402

ACCOUNT_SID = "AC" + "d" * 32
AUTH_TOKEN = uuid.uuid4().hex
BOT = "whatsapp:+14155238886"
SAVED = re.compile(r"#(\d+)\*")
BURST_LINE = re.compile(r"^• #(\d+) ", re.MULTILINE)


def receipt_pdf(n: int, shop: str = "Corner Shop") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    lines = [f"{shop} Ltd", "12 High Street, London", f"Receipt number: R-{n:05d}", "Date: 14/03/2025",
             f"Coffee beans   1 x {n}.40   {n}.40 GBP", f"Subtotal: {n}.40 GBP", "VAT 0%: 0.00 GBP",
             f"Total: {n}.40 GBP"]
    for index, line in enumerate(lines):
        page.drawString(60, 780 - 18 * index, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


# -- the system under test ---------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


def _driver_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@dataclass
class System:
    app_dir: Path
    database_url: str
    redis_url: str
    web: str
    media_root: Path
    fake: FakeTwilioAPI
    logs: Path

    def post(self, form: dict[str, str]) -> int:
        signature = sign(AUTH_TOKEN, self.web + WHATSAPP_PATH, form)
        return requests.post(self.web + WHATSAPP_PATH, data=form, timeout=30,
                             headers={"X-Twilio-Signature": signature, "User-Agent": "TwilioProxy/1.1"}).status_code

    def text(self, number: str, body: str) -> dict[str, str]:
        form = inbound_form(account_sid=ACCOUNT_SID, from_=f"whatsapp:{number}", to=BOT, body=body,
                            profile_name="Bench")
        assert self.post(form) == 200
        return form

    def document(self, number: str, content: bytes, *, delay: float = 0.0) -> dict[str, str]:
        url = self.fake.add_media(content, "application/pdf", delay=delay)
        form = inbound_form(account_sid=ACCOUNT_SID, from_=f"whatsapp:{number}", to=BOT,
                            media=[(url, "application/pdf")], profile_name="Bench")
        assert self.post(form) == 200
        return form

    def replies(self, number: str) -> list[str]:
        return [m["Body"] for m in list(self.fake.messages) if m["To"] == f"whatsapp:{number}"]

    def sql(self, statement: str, **params: object) -> list[tuple]:
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.execute(text(statement), params)]
        finally:
            engine.dispose()


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {log}")
        try:
            # /livez: the workers start after this, and /healthz counts a missing worker as down. A tree
            # from before /livez existed answers 404 there; its /healthz checked only the servers.
            live = requests.get(url + "/livez", timeout=2).status_code
            if live == 200 or (live == 404 and requests.get(url + "/healthz", timeout=2).status_code == 200):
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not become healthy; see {log}")


def _spawn(stack: ExitStack, argv: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
    handle = open(log, "w")
    stack.callback(handle.close)
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT,
                            start_new_session=True)

    def stop() -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    stack.callback(stop)
    return proc


def start_system(stack: ExitStack, app_dir: Path, redis_db: int, workers: int) -> System:
    server = os.environ.get("DATABASE_URL")
    base_redis = os.environ.get("REDIS_URL")
    if not server or not base_redis:
        raise SystemExit("set DATABASE_URL and REDIS_URL (a PostgreSQL and a Redis server)")
    server = _driver_url(server)
    redis_url = _redis_db(base_redis, redis_db)
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    # Migrated by the tree under test, with its own migrations.
    created = subprocess.run(
        [sys.executable, "-c", "import sys; from devtools.scratch_db import create_database; "
                               "print(create_database(sys.argv[1], prefix='ia_bench', migrate=True))", server],
        cwd=app_dir, capture_output=True, text=True, check=True)
    database_url = created.stdout.strip().splitlines()[-1]
    stack.callback(drop_database, database_url)

    state = Path(tempfile.mkdtemp(prefix="faults-delivery-"))
    stack.callback(shutil.rmtree, state, ignore_errors=True)
    media_root = state / "media"
    fake = FakeTwilioAPI(ACCOUNT_SID, AUTH_TOKEN, auto_callbacks=("sent", "delivered")).start()
    stack.callback(fake.stop)
    port = _free_port()
    web = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL=database_url, REDIS_URL=redis_url, TWILIO_ACCOUNT_SID=ACCOUNT_SID,
               TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_API_BASE_URL=fake.url, TWILIO_WHATSAPP_FROM=BOT,
               TWILIO_VALIDATE_SIGNATURE="true", PUBLIC_BASE_URL=web, MEDIA_STORAGE=str(media_root),
               MEDIA_ALLOWED_HOSTS="127.0.0.1", OPENAI_API_KEY="", LOG_JSON="true", LOG_LEVEL="INFO",
               PROMETHEUS_MULTIPROC_DIR=str(state), SWEEP_INTERVAL_SECONDS="30", SECRET_KEY=uuid.uuid4().hex)
    logs = state / "logs"
    logs.mkdir()
    proc = _spawn(stack, [sys.executable, "-m", "gunicorn", "app:create_app()", "--bind", f"127.0.0.1:{port}",
                          "--workers", "2", "--no-control-socket"], app_dir, env, logs / "web.log")
    _wait_healthy(web, proc, logs / "web.log")
    for n in range(workers):
        _spawn(stack, [sys.executable, "-m", "worker"], app_dir, env, logs / f"worker{n}.log")
    return System(app_dir, database_url, redis_url, web, media_root, fake, logs)


def wait_until(done: Callable[[], bool], timeout: float, step: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done():
            return True
        time.sleep(step)
    return done()


def settle(system: System, numbers: list[str], quiet: float) -> None:
    """Wait until no new reply reached these users for ``quiet`` seconds (duplicates come late)."""
    last = -1
    stable_since = time.monotonic()
    while time.monotonic() - stable_since < quiet:
        count = sum(len(system.replies(n)) for n in numbers)
        if count != last:
            last, stable_since = count, time.monotonic()
        time.sleep(0.5)


# -- scenarios ------------------------------------------------------------------------------------------

def _numbers(prefix: str, count: int) -> list[str]:
    return [f"+4477009{prefix}{n:03d}" for n in range(count)]


def twilio_failure(system: System, name: str, prefix: str, script: Callable[[FakeTwilioAPI, int], None],
                   users: int, deadline: float, quiet: float) -> Score:
    numbers = _numbers(prefix, users)
    started = time.monotonic()
    script(system.fake, users)
    for number in numbers:
        system.text(number, "hello")
    wait_until(lambda: all(system.replies(n) for n in numbers), deadline)
    last = time.monotonic() - started
    settle(system, numbers, quiet)
    score = one_answer_each(Score(name), {n: system.replies(n) for n in numbers})
    score.last_answer_s = last if not score.lost else None
    return score


def burst(system: System, documents: int = 25, deadline: float = 300) -> Score:
    (number,) = _numbers("5", 1)
    started = time.monotonic()
    for n in range(1, documents + 1):
        system.document(number, receipt_pdf(n))

    def seqs() -> list[int]:
        # A document answered on its own ("✅ Saved as #N*"), or one line of a burst's combined summary ("• #N ").
        found = []
        for body in system.replies(number):
            if m := SAVED.search(body.split("\n")[0]):
                found.append(int(m.group(1)))
            found += [int(n) for n in BURST_LINE.findall(body)]
        return found

    wait_until(lambda: len(set(seqs())) >= documents, deadline)
    last = time.monotonic() - started
    settle(system, [number], 15)
    score = numbered_summaries(Score("burst25"), documents, seqs())
    score.last_answer_s = last if not score.lost else None
    notices = [b for b in system.replies(number) if not SAVED.search(b.split("\n")[0]) and not BURST_LINE.search(b)]
    score.notes.append(f"{len(notices)} notice(s)")
    score.notes.append("summaries in order" if in_order(seqs()) else "summaries out of order")
    failed = system.sql("SELECT count(*) FROM media m JOIN users u ON u.id = m.user_id "
                        "WHERE u.whatsapp_number = :n AND m.status = 'failed'", n=number)[0][0]
    if failed:
        score.notes.append(f"{failed} attachment(s) marked failed")
    return score


def _user_id(system: System, number: str) -> int | None:
    found = system.sql("SELECT id FROM users WHERE whatsapp_number = :n", n=number)
    return found[0][0] if found else None


def _leftovers(system: System, user_id: int, number: str) -> int:
    rows = sum(system.sql(f"SELECT count(*) FROM {table} WHERE user_id = :u", u=user_id)[0][0]
               for table in ("messages", "media", "invoices", "conversations"))
    rows += system.sql("SELECT count(*) FROM users WHERE whatsapp_number = :n", n=number)[0][0]
    files = [p for folder in (system.media_root / "users" / str(user_id), system.media_root / "exports" / str(user_id))
             if folder.exists() for p in folder.rglob("*")]
    return rows + len(files)


def erase_race(system: System, trials: int = 5) -> Score:
    score = Score("erase_race")
    numbers = _numbers("6", trials)
    started = time.monotonic()
    for number in numbers:
        system.text(number, "hello")
    wait_until(lambda: all(system.replies(n) for n in numbers), 60)
    user_ids = {n: _user_id(system, n) for n in numbers}
    for number in numbers:
        before = len(system.replies(number))
        system.text(number, "delete my data")
        wait_until(lambda n=number, b=before: len(system.replies(n)) > b, 60)
        # The attachment's download takes 3 s; the confirmation arrives while it runs, so with two
        # workers one downloads while the other erases.
        system.document(number, receipt_pdf(7, "Racing Shop"), delay=3.0)
        system.text(number, "yes")
    time.sleep(5)
    settle(system, numbers, 20)
    score.last_answer_s = time.monotonic() - started
    for number in numbers:
        score.tried += 1
        goodbyes = [b for b in system.replies(number) if b.startswith("🗑️")]
        score.lost += 0 if goodbyes else 1
        score.duplicated += max(len(goodbyes) - 1, 0)
        uid = user_ids[number]
        score.leftover += _leftovers(system, uid, number) if uid is not None else 0
    return score


def replay_after_erase(system: System, trials: int = 5) -> Score:
    score = Score("replay_after_erase")
    numbers = _numbers("7", trials)
    started = time.monotonic()
    forms = {}
    for n, number in enumerate(numbers, start=1):
        forms[number] = system.document(number, receipt_pdf(n, "Replay Shop"))
    wait_until(lambda: all(system.replies(n) for n in numbers), 120)
    user_ids = {n: _user_id(system, n) for n in numbers}
    for number in numbers:
        before = len(system.replies(number))
        system.text(number, "delete my data")
        wait_until(lambda n=number, b=before: len(system.replies(n)) > b, 60)
        system.text(number, "yes")
    wait_until(lambda: all(any(b.startswith("🗑️") for b in system.replies(n)) for n in numbers), 60)
    after_erasure = {n: len(system.replies(n)) for n in numbers}
    for number in numbers:
        assert system.post(forms[number]) == 200  # the very same signed request, replayed
    time.sleep(10)
    settle(system, numbers, 10)
    score.last_answer_s = time.monotonic() - started
    for number in numbers:
        score.tried += 1
        score.duplicated += len(system.replies(number)) - after_erasure[number]  # answers to the replay
        uid = user_ids[number]
        score.leftover += _leftovers(system, uid, number) if uid is not None else 0
        recreated = system.sql("SELECT count(*) FROM invoices i JOIN users u ON u.id = i.user_id "
                               "WHERE u.whatsapp_number = :n", n=number)[0][0]
        score.leftover += recreated
    return score


SCENARIOS: dict[str, Callable[[System], Score]] = {
    "twilio_500": lambda s: twilio_failure(
        s, "twilio_500", "1", lambda fake, n: fake.fail_next(500, 20500, times=n), 10, 240, 20),
    "twilio_429": lambda s: twilio_failure(
        s, "twilio_429", "2", lambda fake, n: fake.fail_next(429, 20429, times=n), 10, 120, 15),
    "twilio_slow": lambda s: twilio_failure(
        s, "twilio_slow", "3", lambda fake, n: fake.delay_next(17, times=n, create="after"), 3, 240, 45),
    "twilio_slow_late": lambda s: twilio_failure(
        s, "twilio_slow_late", "4", lambda fake, n: fake.delay_next(17, times=n, create="before"), 3, 240, 45),
    "burst25": burst,
    "erase_race": erase_race,
    "replay_after_erase": replay_after_erase,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="checkout whose web and worker run")
    parser.add_argument("--redis-db", type=int, default=int(os.environ.get("BENCH_REDIS_DB", "14")))
    parser.add_argument("--workers", type=int, default=2, help="RQ worker processes")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    args = parser.parse_args(argv)
    chosen = [name for name in SCENARIOS if not args.only or name in args.only.split(",")]
    with ExitStack() as stack:
        system = start_system(stack, args.app_dir.resolve(), args.redis_db, args.workers)
        print(f"app: {system.app_dir} (git {_revision(system.app_dir)}), {args.workers} RQ workers, "
              f"gunicorn 2 workers, logs in {system.logs}", flush=True)
        print(HEADER, flush=True)
        totals = Score("total")
        for name in chosen:
            score = SCENARIOS[name](system)
            print(score.row(), flush=True)
            for attribute in ("tried", "lost", "duplicated", "leftover"):
                setattr(totals, attribute, getattr(totals, attribute) + getattr(score, attribute))
        print(totals.row(), flush=True)
        if os.environ.get("FAULTS_KEEP_LOGS"):
            kept = Path(tempfile.mkdtemp(prefix="faults-delivery-logs-"))
            shutil.copytree(system.logs, kept, dirs_exist_ok=True)
            print(f"logs kept in {kept}")
    return 0


def _revision(path: Path) -> str:
    try:
        return subprocess.run(["git", "-C", str(path), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


if __name__ == "__main__":
    raise SystemExit(main())
