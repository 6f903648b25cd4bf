"""Fault bench: signed webhooks through PostgreSQL down, Redis down, a held lock and a killed worker.

Starts its OWN PostgreSQL 15 cluster and Redis server (in a temporary directory, on free ports), the
project's fake Twilio API, and a production-like instance against them: gunicorn with 2 workers and
signature checks on, and the RQ worker (``python -m worker``, which brings the sweep), both under a
supervisor that restarts a process one second after it exits, as systemd or Heroku would. Then, per
scenario, it sends validly signed WhatsApp webhooks the way Twilio does (connect timeout 5 s, read
timeout 15 s, Twilio's default retry policy: one retry, on connection failures only), breaks something
in the middle, repairs it, waits for every answer and prints:

    tried / acked / lost / duplicated / order / max ack s / max s from recovery to answer / /healthz

Scenarios (``--only`` picks some): ``pg`` PostgreSQL stopped for 30 s; ``redis`` Redis stopped for 30 s;
``lock`` ``LOCK TABLE users IN ACCESS EXCLUSIVE MODE`` held for 40 s; ``kill`` ``kill -9`` of the worker
while it reads a photographed receipt.

    .venv/bin/python bench/faults.py                      # all four, about 10 minutes
    .venv/bin/python bench/faults.py --only pg,kill --settle 90

Scoring is in bench/faults_score.py; neither file imports the application.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg
import requests

from bench.faults_score import Outage, Poll, Reply, Sent, score
from bench.faults_services import PostgresServer, RedisServer, Supervised, free_port
from devtools.webhooks import WHATSAPP_PATH, as_multidict, inbound_form, sign

ACCOUNT_SID = "AC" + uuid.uuid4().hex
AUTH_TOKEN = uuid.uuid4().hex
BOT = "whatsapp:+14155238886"
QUESTIONS = ("how many invoices do I have?", "how much did I spend this month?",
             "show my last 5 invoices", "hi")


# -- the running system ----------------------------------------------------------------------------

class System:
    def __init__(self, stack: ExitStack, tmp: Path, web_workers: int) -> None:
        self.tmp = tmp
        self.pg = PostgresServer(tmp / "pg", free_port())
        self.pg.init()
        self.pg.start()
        stack.callback(self.pg.stop)
        self.redis = RedisServer(tmp / "redis", free_port())
        self.redis.start()
        stack.callback(self.redis.stop)
        with psycopg.connect(self.pg.url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE faults")
        self.db_url = self.pg.url.rsplit("/", 1)[0] + "/faults"
        self.web_port, fake_port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.web_port}"
        self.fake = f"http://127.0.0.1:{fake_port}"
        prometheus = tmp / "prometheus"
        prometheus.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "TWILIO_"))}
        env.update(DATABASE_URL=self.db_url.replace("postgresql://", "postgresql+psycopg://"),
                   REDIS_URL=self.redis.url, PUBLIC_BASE_URL=self.base, TWILIO_ACCOUNT_SID=ACCOUNT_SID,
                   TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_VALIDATE_SIGNATURE="true",
                   TWILIO_API_BASE_URL=self.fake, MEDIA_ALLOWED_HOSTS="127.0.0.1",
                   MEDIA_STORAGE=str(tmp / "media"), OPENAI_API_KEY="", LOG_JSON="true", LOG_LEVEL="INFO",
                   PROMETHEUS_MULTIPROC_DIR=str(prometheus), PYTHONUNBUFFERED="1")
        self.env = env
        import subprocess

        subprocess.run([sys.executable, "-m", "alembic", "upgrade", "head"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        self.twilio = Supervised("fake-twilio", [sys.executable, "-m", "devtools.fake_twilio", "--port",
                                                 str(fake_port), "--callbacks", ""],
                                 env, ROOT, tmp / "fake-twilio.log")
        self.web = Supervised("web", [sys.executable, "-m", "gunicorn", "app:create_app()", "--bind",
                                      f"127.0.0.1:{self.web_port}", "--workers", str(web_workers),
                                      "--access-logfile", "-"], env, ROOT, tmp / "web.log")
        self.worker = Supervised("worker", [sys.executable, "-m", "worker"], env, ROOT, tmp / "worker.log")
        for service in (self.twilio, self.web, self.worker):
            service.start()
            stack.callback(service.stop)
        self._wait_for_http(self.base + "/healthz")
        self._wait_for_http(self.fake + "/_fake/messages", auth=True)

    def _wait_for_http(self, url: str, auth: bool = False) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(url, timeout=2, auth=(ACCOUNT_SID, AUTH_TOKEN) if auth else None)
                return
            except requests.RequestException:
                time.sleep(0.2)
        raise SystemExit(f"{url} did not answer; logs in {self.tmp}")

    def add_media(self, content: bytes, content_type: str) -> str:
        response = requests.post(self.fake + "/_fake/media", data=content, timeout=10,
                                 headers={"Content-Type": content_type}, auth=(ACCOUNT_SID, AUTH_TOKEN))
        response.raise_for_status()
        return str(response.json()["url"])


class TwilioWatcher(threading.Thread):
    """Polls the fake Twilio API and notes when each outbound message was first seen."""

    def __init__(self, system: System) -> None:
        super().__init__(name="twilio-watcher", daemon=True)
        self.system = system
        self.seen: dict[str, float] = {}
        self.to: dict[str, str] = {}
        self._after = -1
        self._halt = threading.Event()

    def run(self) -> None:
        session = requests.Session()
        while not self._halt.wait(0.25):
            try:
                found = session.get(f"{self.system.fake}/_fake/messages", params={"after": self._after},
                                    auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=5).json()["messages"]
            except (requests.RequestException, ValueError, KeyError):
                continue
            now = time.time()
            for message in found:
                self.seen.setdefault(message["sid"], now)
                self.to[message["sid"]] = message["To"]
                self._after = max(self._after, int(message["index"]))

    def stop(self) -> None:
        self._halt.set()
        self.join(5)


class HealthPoller(threading.Thread):
    def __init__(self, base: str) -> None:
        super().__init__(name="health-poller", daemon=True)
        self.base = base
        self.polls: list[Poll] = []
        self._halt = threading.Event()

    def run(self) -> None:
        session = requests.Session()
        while not self._halt.is_set():
            started = time.time()
            try:
                response = session.get(self.base + "/healthz", timeout=5)
                try:
                    down = list(response.json().get("down", []))
                except ValueError:
                    down = []
                self.polls.append(Poll(started, time.time() - started, response.status_code, down))
            except requests.RequestException:
                self.polls.append(Poll(started, None, None))
            self._halt.wait(max(0.0, 1.0 - (time.time() - started)))

    def stop(self) -> None:
        self._halt.set()
        self.join(10)


# -- Twilio's side of the webhook ------------------------------------------------------------------

class Twilio:
    """Delivers webhooks like Twilio: signed, connect timeout 5 s, read timeout 15 s, and retries as
    the retry policy says (default ``rc=1&rp=ct``: one retry, on connection failures only)."""

    def __init__(self, system: System, retry_count: int, retry_policy: set[str]) -> None:
        self.system = system
        self.retry_count = retry_count
        self.retry_policy = retry_policy
        self.sent: list[Sent] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def deliver(self, user: str, body: str = "", media: list[tuple[str, str]] | None = None) -> Sent:
        form = inbound_form(account_sid=ACCOUNT_SID, from_=user, to=BOT, body=body, media=media or [],
                            profile_name="Fault Bench")
        record = Sent(form["MessageSid"], user, "image" if media else "text", time.time())
        with self._lock:
            self.sent.append(record)
        thread = threading.Thread(target=self._post, args=(form, record), daemon=True)
        thread.start()
        self._threads.append(thread)
        return record

    def _post(self, form: dict[str, str], record: Sent) -> None:
        url = self.system.base + WHATSAPP_PATH
        data = list(as_multidict(form).items(multi=True))
        headers = {"X-Twilio-Signature": sign(AUTH_TOKEN, url, form), "User-Agent": "TwilioProxy/1.1",
                   "I-Twilio-Idempotency-Token": uuid.uuid4().hex}
        first = time.monotonic()
        for _ in range(1 + self.retry_count):
            if time.monotonic() - first > 15:  # Twilio's total time budget (tt)
                break
            record.attempts += 1
            started = time.monotonic()
            retry = False
            try:
                status = requests.post(url, data=data, headers=headers, timeout=(5, 15)).status_code
                record.status = status
                retry = (status >= 500 and "5xx" in self.retry_policy) or (
                    400 <= status < 500 and "4xx" in self.retry_policy)
            except requests.ReadTimeout:
                record.status = "ReadTimeout"
                retry = "rt" in self.retry_policy
            except requests.ConnectionError as exc:
                record.status = type(exc).__name__
                retry = "ct" in self.retry_policy
            record.ack_seconds = max(record.ack_seconds, time.monotonic() - started)
            if not retry:
                break

    def join(self) -> None:
        for thread in list(self._threads):
            thread.join(30)


def receipt_png() -> bytes:
    """A photographed-receipt stand-in, big enough that OCR takes a few seconds."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1400, 2200), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    lines = ["FAULT BENCH GROCERY", "12 Example Street", "Date: 14/03/2025  10:42"]
    lines += [f"Item {i:02d} sample product   {i + 1}.{(i * 37) % 100:02d}" for i in range(20)]
    lines += ["SUBTOTAL 252.40", "VAT 21% 53.00", "TOTAL EUR 305.40", "Thank you"]
    for row, line in enumerate(lines):
        draw.text((80, 80 + row * 80), line, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# -- scenarios -------------------------------------------------------------------------------------

class Scenario:
    def __init__(self, name: str, system: System, twilio: Twilio, rate: float, users: int, index: int) -> None:
        self.name = name
        self.system = system
        self.twilio = twilio
        self.rate = rate
        self.users = [f"whatsapp:+1555{index:02d}{n:05d}" for n in range(users)]
        self.outages: list[Outage] = []
        self.recovery = 0.0
        self.notes: list[str] = []
        self._traffic_stop = threading.Event()
        self._count = 0

    def _traffic(self) -> None:
        start = time.monotonic()
        while not self._traffic_stop.is_set():
            user = self.users[self._count % len(self.users)]
            self.twilio.deliver(user, QUESTIONS[(self._count // len(self.users)) % len(QUESTIONS)])
            self._count += 1
            self._traffic_stop.wait(max(0.0, start + self._count / self.rate - time.monotonic()))

    def run(self, fault: Callable[[Scenario], None], pre: float, post: float) -> None:
        traffic = threading.Thread(target=self._traffic, daemon=True)
        traffic.start()
        time.sleep(pre)
        fault(self)
        time.sleep(post)
        self._traffic_stop.set()
        traffic.join()


def pg_down(seconds: float) -> Callable[[Scenario], None]:
    def fault(s: Scenario) -> None:
        start = time.time()
        s.system.pg.stop("fast")
        time.sleep(seconds)
        s.system.pg.start()
        s.recovery = time.time()
        s.outages.append(Outage("postgres", start, s.recovery))
    return fault


def redis_down(seconds: float) -> Callable[[Scenario], None]:
    def fault(s: Scenario) -> None:
        start = time.time()
        s.system.redis.stop()
        time.sleep(seconds)
        s.system.redis.start()
        s.recovery = time.time()
        s.outages.append(Outage("redis", start, s.recovery))
    return fault


def lock_held(seconds: float) -> Callable[[Scenario], None]:
    def fault(s: Scenario) -> None:
        with psycopg.connect(s.system.db_url) as conn:
            conn.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
            start = time.time()
            time.sleep(seconds)
            conn.rollback()
        s.recovery = time.time()
        s.outages.append(Outage("postgres", start, s.recovery))
    return fault


def kill_mid_ocr(s: Scenario) -> None:
    url = s.system.add_media(receipt_png(), "image/png")
    photo = s.twilio.deliver(s.users[0], media=[(url, "image/png")])
    deadline = time.time() + 90
    with psycopg.connect(s.system.db_url, autocommit=True) as conn:
        while time.time() < deadline:
            row = conn.execute(
                "SELECT m.status::text FROM media m JOIN whatsapp_messages w ON w.message_id = m.message_id "
                "WHERE w.whatsapp_message_id = %s", (photo.sid,)).fetchone()
            if row and row[0] == "processing":  # downloaded and stored; the worker is reading it
                break
            time.sleep(0.05)
        else:
            s.notes.append("the photo never reached 'processing'; killed anyway")
    time.sleep(0.5)
    killed = s.system.worker.kill9()
    while not any(t > killed for t in s.system.worker.starts):
        time.sleep(0.05)
    s.recovery = next(t for t in s.system.worker.starts if t > killed)
    s.outages.append(Outage("worker", killed, s.recovery, tolerance=20.0))
    s.notes.append(f"killed the worker {killed - photo.t_send:.1f} s after the photo was sent; "
                   f"restarted {s.recovery - killed:.1f} s later")
    s.photo_sid = photo.sid  # type: ignore[attr-defined]


# -- collecting ------------------------------------------------------------------------------------

def database_view(db_url: str, sids: list[str]) -> tuple[dict[str, int], dict[str, int], list[Reply]]:
    with psycopg.connect(db_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT w.whatsapp_message_id, m.id FROM whatsapp_messages w JOIN messages m ON m.id = w.message_id "
            "WHERE m.role = 'user' AND w.whatsapp_message_id = ANY(%s)", (sids,)).fetchall()
        replies = conn.execute(
            "SELECT raw_webhook->>'reply_to', raw_webhook->>'slot', raw_webhook->>'part', whatsapp_message_id "
            "FROM whatsapp_messages WHERE raw_webhook->>'reply_to' = ANY(%s)", (sids,)).fetchall()
    counts: dict[str, int] = {}
    ids: dict[str, int] = {}
    for sid, message_id in rows:
        counts[sid] = counts.get(sid, 0) + 1
        ids[sid] = min(ids.get(sid, message_id), message_id)
    return counts, ids, [Reply(*row) for row in replies]


def wait_for_answers(s: Scenario, watcher: TwilioWatcher, settle: float) -> None:
    deadline = s.recovery + settle
    while time.time() < deadline:
        try:
            _, _, replies = database_view(s.system.db_url, [x.sid for x in s.twilio.sent])
        except psycopg.Error:
            time.sleep(1)
            continue
        answered = {r.reply_to for r in replies if r.slot != "err" and r.twilio_sid in watcher.seen}
        if all(x.sid in answered for x in s.twilio.sent):
            time.sleep(3)  # late duplicates would show up now
            return
        time.sleep(1)


def run_scenario(name: str, index: int, system: System, watcher: TwilioWatcher, args: argparse.Namespace,
                 fault: Callable[[Scenario], None], pre: float, post: float) -> dict[str, Any]:
    twilio = Twilio(system, args.retry_count, set(args.retry_policy.split(",")))
    scenario = Scenario(name, system, twilio, args.rate, args.users, index)
    health = HealthPoller(system.base)
    health.start()
    scenario.run(fault, pre, post)
    twilio.join()
    wait_for_answers(scenario, watcher, args.settle)
    health.stop()
    sids = [x.sid for x in twilio.sent]
    counts, ids, replies = database_view(system.db_url, sids)
    result = score(twilio.sent, replies, dict(watcher.seen), dict(watcher.to), counts, ids,
                   scenario.recovery, health.polls, scenario.outages)
    result["scenario"] = name
    photo = getattr(scenario, "photo_sid", None)
    if photo:
        answered = [watcher.seen[r.twilio_sid] for r in replies
                    if r.reply_to == photo and r.slot != "err" and r.twilio_sid in watcher.seen]
        killed = scenario.outages[0].start
        result["orphan_answered_s_after_kill"] = round(min(answered) - killed, 1) if answered else None
    result["notes"] = scenario.notes + diagnose_lost(system, twilio.sent, replies, watcher)
    return result


def diagnose_lost(system: System, sent: list[Sent], replies: list[Reply], watcher: TwilioWatcher) -> list[str]:
    """Where each lost message got stuck: the database row and the RQ job, read directly."""
    import redis as redis_lib

    answered = {r.reply_to for r in replies if r.slot != "err" and r.twilio_sid in watcher.seen}
    lost = [x for x in sent if x.sid not in answered]
    if not lost:
        return []
    notes = []
    client = redis_lib.Redis.from_url(system.redis.url)
    with psycopg.connect(system.db_url, autocommit=True) as conn:
        for item in lost[:5]:
            row = conn.execute(
                "SELECT m.id, m.created_at, m.processed_at FROM whatsapp_messages w "
                "JOIN messages m ON m.id = w.message_id WHERE w.whatsapp_message_id = %s", (item.sid,)).fetchone()
            job = client.hgetall(f"rq:job:msg-{item.sid}")
            status = job.get(b"status", b"-").decode()
            spooled = any(fields.get(b"sid") == item.sid.encode()
                          for _, fields in client.xrange("invoice-assistant:webhook-spool"))
            notes.append(f"lost {item.sid} sent at t{item.t_send - sent[0].t_send:+.0f}s, HTTP {item.status}: "
                         f"{'stored' if row else 'not stored'}"
                         f"{', processed' if row and row[2] else ''}, RQ job {status}"
                         f"{', still spooled' if spooled else ''}"
                         f"{', in the intermediate list' if client.lpos('rq:queue:default:intermediate', f'msg-{item.sid}') is not None else ''}")
    return notes


def print_result(r: dict[str, Any]) -> None:
    h = r["health"]
    recovery = f"{r['max_recovery_to_answer_s']:.1f}"
    print(f"{r['scenario']:<10} tried {r['tried']:>3}  acked {r['acked']:>3}  lost {r['lost']:>3}  "
          f"duplicated {r['duplicated']:>2}  order {r['order']:>2}  max ack {r['max_ack_s']:5.1f} s  "
          f"max recovery->answer {recovery:>6} s  /healthz {h['truthful']}/{h['judged']} truthful, "
          f"{h['within_2s']}/{h['polls']} within 2 s", flush=True)
    if r["not_acked"]:
        print(f"{'':<10} answers other than 200: {', '.join(r['not_acked'])}")
    if "orphan_answered_s_after_kill" in r:
        print(f"{'':<10} the photo being read when the worker died was answered "
              f"{r['orphan_answered_s_after_kill']} s after the kill")
    for note in r["notes"]:
        print(f"{'':<10} {note}")
    for wrong in h["wrong"][:8]:
        print(f"{'':<10} /healthz not truthful at {wrong}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="pg,redis,lock,kill", help="scenarios: pg, redis, lock, kill")
    parser.add_argument("--rate", type=float, default=1.0, help="webhooks per second during a scenario")
    parser.add_argument("--users", type=int, default=10, help="senders per scenario")
    parser.add_argument("--settle", type=float, default=120.0,
                        help="seconds after recovery to wait for the last answer before counting it lost")
    parser.add_argument("--retry-count", type=int, default=1, help="Twilio's rc (default 1)")
    parser.add_argument("--retry-policy", default="ct", help="Twilio's rp: ct, rt, 4xx, 5xx (default ct)")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    # A stopped bench must still stop the servers and services it started (the ExitStack below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wanted = [name.strip() for name in args.only.split(",") if name.strip()]
    scenarios = {
        "pg": (pg_down(30), 8.0, 10.0),
        "redis": (redis_down(30), 8.0, 10.0),
        "lock": (lock_held(40), 8.0, 10.0),
        "kill": (kill_mid_ocr, 5.0, 20.0),
    }
    unknown = set(wanted) - set(scenarios)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")

    tmp = Path(tempfile.mkdtemp(prefix="ia-faults-"))
    tmp.chmod(0o711)  # PostgreSQL runs as its own user when the bench runs as root; it must get through
    results = []
    with ExitStack() as stack:
        if not args.keep:
            stack.callback(shutil.rmtree, tmp, True)
        system = System(stack, tmp, args.web_workers)
        watcher = TwilioWatcher(system)
        watcher.start()
        stack.callback(watcher.stop)
        warm = Twilio(system, 1, {"ct"})
        warm.deliver("whatsapp:+15559900001", "hi")
        warm.join()
        deadline = time.time() + 180
        while time.time() < deadline and not watcher.seen:
            time.sleep(0.5)
        if not watcher.seen:
            raise SystemExit(f"the warm-up message was never answered; logs in {tmp}")
        print(f"system up (PostgreSQL :{system.pg.port}, Redis :{system.redis.port}, web {system.base}, "
              f"{args.web_workers} gunicorn workers, 1 RQ worker); {args.rate:g} webhooks/s from "
              f"{args.users} senders; Twilio retry policy rc={args.retry_count}&rp={args.retry_policy}",
              flush=True)
        for index, name in enumerate(wanted, start=1):
            fault, pre, post = scenarios[name]
            result = run_scenario(name, index, system, watcher, args, fault, pre, post)
            print_result(result)
            results.append(result)
            time.sleep(5)
        if args.keep:
            print(f"logs and data in {tmp}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=lambda o: asdict(o)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
