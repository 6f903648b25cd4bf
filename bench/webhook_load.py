"""Webhook load: our POST /webhooks/twilio/whatsapp against a minimal reference, in one run, one server.

Starts gunicorn (the production server, same settings as ``manage.py run``) serving our app with the
reference webhook of bench/webhook_reference.py mounted in the same processes, on 127.0.0.1 only, on a
scratch PostgreSQL database and a dedicated Redis database. Then it sends N validly signed inbound
WhatsApp webhooks with distinct MessageSids to each endpoint from a bounded pool of client threads
(A/B/B/A halves, so drift hits both), and prints throughput, p50/p99 latency and the ratio.

    .venv/bin/python bench/webhook_load.py                       # 1000 requests per endpoint, 8 clients
    .venv/bin/python bench/webhook_load.py -n 300 -c 4 --workers 2 --max-seconds 60

DATABASE_URL / REDIS_URL name the servers (a scratch database is created and dropped on that
PostgreSQL; Redis database BENCH_REDIS_DB, default 13, is flushed); unset, embedded ones are started.
No RQ worker runs: the bench measures acknowledgement only; the queued jobs are discarded.
"""
from __future__ import annotations

import argparse
import os
import queue
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from bench.webhook_reference import CREATE_TABLE, REFERENCE_PREFIX, REFERENCE_TABLE  # noqa: E402
from devtools.scratch_db import create_database, drop_database  # noqa: E402
from devtools.webhooks import WHATSAPP_PATH, as_multidict, inbound_form, sign  # noqa: E402

ACCOUNT_SID = "AC" + "b" * 32
AUTH_TOKEN = uuid.uuid4().hex
BOT = "whatsapp:+14155238886"


# -- services ---------------------------------------------------------------------------------------

def _services(stack: ExitStack, state: Path) -> tuple[str, str]:
    database_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    from devtools.services import EmbeddedPostgres, EmbeddedRedis

    if not database_url:
        pg = EmbeddedPostgres(state)
        database_url = pg.start()
        stack.callback(pg.stop)
    if not redis_url:
        rd = EmbeddedRedis(state)
        redis_url = rd.start()
        stack.callback(rd.stop)
    from app.config import Settings

    return Settings(DATABASE_URL=database_url).database_url, redis_url


def _scratch_database(stack: ExitStack, server_url: str) -> str:
    url = create_database(server_url, prefix="ia_bench", migrate=True)
    stack.callback(drop_database, url)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(CREATE_TABLE))
    engine.dispose()
    return url


def _redis_db(url: str, db: int) -> str:
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = dict(parse_qsl(parts.query), db=str(db))
        return f"unix://{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{db}"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(stack: ExitStack, env: dict[str, str], port: int, workers: int, log_path: Path) -> None:
    log = open(log_path, "w")
    stack.callback(log.close)
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.webhook_reference:create_bench_app()", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--access-logfile", "-"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def stop():
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()

    stack.callback(stop)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {log_path}")
        try:
            # /livez: no RQ worker runs here, so /healthz would rightly say 503 (worker down).
            if requests.get(f"http://127.0.0.1:{port}/livez", timeout=2).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # workers still importing the app
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not become healthy; see {log_path}")


# -- load --------------------------------------------------------------------------------------------

@dataclass
class Prepared:
    data: list[tuple[str, str]]
    headers: dict[str, str]


def _prepare(n: int, url: str, users: int) -> list[Prepared]:
    """Signed requests, built before the clock starts (signing is the client's cost, not the server's)."""
    prepared = []
    for i in range(n):
        form = inbound_form(account_sid=ACCOUNT_SID, from_=f"whatsapp:+1555{(i % users):07d}", to=BOT,
                            body=f"bench message {i}: how much did I spend on fuel in March?",
                            profile_name=f"Bench {i % users}")
        prepared.append(Prepared(list(as_multidict(form).items(multi=True)),
                                 {"X-Twilio-Signature": sign(AUTH_TOKEN, url, form),
                                  "User-Agent": "TwilioProxy/1.1"}))
    return prepared


@dataclass
class Result:
    latencies: list[float]
    elapsed: float
    failures: dict[int | str, int]

    @property
    def ok(self) -> int:
        return len(self.latencies)


def _fire(url: str, batch: list[Prepared], concurrency: int, max_seconds: float) -> Result:
    todo: queue.Queue[Prepared] = queue.Queue()
    for item in batch:
        todo.put(item)
    latencies: list[float] = []
    failures: dict[int | str, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def client():
        session = requests.Session()
        while time.monotonic() < deadline:
            try:
                item = todo.get_nowait()
            except queue.Empty:
                return
            started = time.perf_counter()
            try:
                status = session.post(url, data=item.data, headers=item.headers, timeout=30).status_code
            except requests.RequestException as exc:
                status = type(exc).__name__
            took = time.perf_counter() - started
            with lock:
                if status == 200:
                    latencies.append(took)
                else:
                    failures[status] = failures.get(status, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(latencies, time.perf_counter() - started, failures)


def _merge(a: Result, b: Result) -> Result:
    failures = dict(a.failures)
    for key, count in b.failures.items():
        failures[key] = failures.get(key, 0) + count
    return Result(a.latencies + b.latencies, a.elapsed + b.elapsed, failures)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def _line(name: str, result: Result) -> str:
    if not result.latencies:
        return f"{name:<34} no successful requests; failures {result.failures}"
    rate = result.ok / result.elapsed
    return (f"{name:<34} {result.ok:>6} ok  {rate:>8.1f} req/s  p50 {1000 * statistics.median(result.latencies):>7.1f} ms"
            f"  p99 {1000 * _percentile(result.latencies, 99):>7.1f} ms"
            + (f"  failures {result.failures}" if result.failures else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--requests", type=int, default=1000, help="measured requests per endpoint")
    parser.add_argument("-c", "--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")),
                        help="gunicorn workers (default WEB_CONCURRENCY or 2)")
    parser.add_argument("--users", type=int, default=200, help="distinct WhatsApp senders")
    parser.add_argument("--warmup", type=int, default=50, help="unmeasured requests per endpoint first")
    parser.add_argument("--max-seconds", type=float, default=120, help="time bound per measured half")
    args = parser.parse_args(argv)
    if not (1 <= args.requests <= 100_000 and 1 <= args.concurrency <= 64):
        parser.error("requests must be 1..100000 and concurrency 1..64")

    state = Path(os.environ.get("INVOICE_STATE_DIR", ROOT / ".state")).resolve()
    with ExitStack() as stack:
        server_db, server_redis = _services(stack, state)
        database_url = _scratch_database(stack, server_db)
        redis_url = _redis_db(server_redis, int(os.environ.get("BENCH_REDIS_DB", "13")))
        import redis as redis_lib

        redis = redis_lib.Redis.from_url(redis_url)
        redis.flushdb()
        stack.callback(redis.flushdb)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        env = dict(os.environ, DATABASE_URL=database_url, REDIS_URL=redis_url, PUBLIC_BASE_URL=base,
                   TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_VALIDATE_SIGNATURE="true",
                   RATE_LIMIT_MESSAGES="1000000", LOG_LEVEL="WARNING", OPENAI_API_KEY="")
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # gunicorn.conf.py gives this server a fresh one
        log_path = state / "bench-webhook-gunicorn.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        _start_server(stack, env, port, args.workers, log_path)

        ours_url = base + WHATSAPP_PATH
        reference_url = base + REFERENCE_PREFIX + "/webhook"
        total = args.warmup + args.requests
        ours = _prepare(total, ours_url, args.users)
        reference = _prepare(total, reference_url, args.users)
        _fire(ours_url, ours[:args.warmup], args.concurrency, args.max_seconds)
        _fire(reference_url, reference[:args.warmup], args.concurrency, args.max_seconds)

        half = args.warmup + args.requests // 2
        print(f"{args.requests} signed webhooks per endpoint, {args.concurrency} concurrent clients, "
              f"gunicorn with {args.workers} sync workers on 127.0.0.1", flush=True)
        ours_result = _fire(ours_url, ours[args.warmup:half], args.concurrency, args.max_seconds)
        ref_result = _fire(reference_url, reference[args.warmup:half], args.concurrency, args.max_seconds)
        ref_result = _merge(ref_result, _fire(reference_url, reference[half:], args.concurrency, args.max_seconds))
        ours_result = _merge(ours_result, _fire(ours_url, ours[half:], args.concurrency, args.max_seconds))

        engine = create_engine(database_url)
        with engine.connect() as conn:
            stored_ours = conn.scalar(text("SELECT count(*) FROM whatsapp_messages"))
            stored_ref = conn.scalar(text(f"SELECT count(*) FROM {REFERENCE_TABLE}"))
        engine.dispose()
        queued = redis.llen("rq:queue:default")

        print(_line("ours  POST /webhooks/twilio/whatsapp", ours_result))
        print(_line("reference (sig + INSERT + LPUSH)", ref_result))
        if ours_result.ok and ref_result.ok:
            ours_rate = ours_result.ok / ours_result.elapsed
            ref_rate = ref_result.ok / ref_result.elapsed
            print(f"ratio ours/reference: throughput {ours_rate / ref_rate:.2f}x, "
                  f"p50 latency {statistics.median(ours_result.latencies) / statistics.median(ref_result.latencies):.2f}x")
        print(f"stored: {stored_ours} messages (ours), {stored_ref} rows (reference); {queued} jobs queued")
        return 0 if not (ours_result.failures or ref_result.failures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
