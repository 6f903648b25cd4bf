"""The worker process rides out a Redis outage: its work loop, janitor and scheduler come back by
themselves, and what was stored meanwhile is answered soon after Redis returns. Also: RQ's scheduler lock
left by a killed worker is taken over once its heartbeat has expired, and a dead janitor is restarted.

The outage is a real ``redis-server`` this test starts and stops; the worker is ``python -m worker``.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from rq.scheduler import RQScheduler

from app.tasks import liveness
from worker.janitor import Janitor
from worker.supervision import Supervisor

ROOT = Path(__file__).resolve().parents[2]


class PrivateRedis:
    def __init__(self, directory: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.directory = directory
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.directory), "--appendonly", "yes", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url).ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


@pytest.fixture
def private_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def test_the_worker_survives_a_redis_outage_and_answers_what_arrived_meanwhile(
        private_redis, whatsapp, monkeypatch):
    from app import create_app
    from app.config import get_settings
    from app.queue.connection import get_redis

    monkeypatch.setenv("REDIS_URL", private_redis.url)
    get_settings.cache_clear()
    get_redis.cache_clear()
    app = create_app(get_settings())
    app.config["TESTING"] = True
    whatsapp.client, whatsapp.settings = app.test_client(), get_settings()
    worker = subprocess.Popen([sys.executable, "-m", "worker"], cwd=ROOT, env=dict(os.environ),
                              start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert whatsapp.send_text("hello").status_code == 200
        whatsapp.fake.wait_for_messages(1, timeout=60)

        private_redis.stop()
        assert whatsapp.send_text("how many invoices do I have?").status_code == 200  # stored, not queued
        time.sleep(8)
        private_redis.start()
        restored = time.monotonic()
        whatsapp.fake.wait_for_messages(2, timeout=60)
        assert time.monotonic() - restored < 40
        assert worker.poll() is None  # the same process, not a restart
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
        get_redis.cache_clear()


def test_the_scheduler_lock_of_a_dead_worker_is_taken_over_but_a_live_ones_is_not(settings, redis_conn):
    key = RQScheduler.get_locking_key(settings.rq_queue)
    janitor = Janitor(settings, redis_conn)
    supervisor = Supervisor(settings, redis_conn, janitor, name="ia-test.2.bbbbbb")
    try:
        liveness.beat(redis_conn, liveness.Beat("ia-alive.1.aaaaaa", "h", 1, 0.1, True))
        redis_conn.set(key, "ia-alive.1.aaaaaa", ex=60)
        supervisor.step()
        assert redis_conn.get(key) == b"ia-alive.1.aaaaaa"

        redis_conn.set(key, "ia-killed.3.cccccc", ex=60)  # its heartbeat expired long ago
        supervisor.step()
        assert redis_conn.get(key) == b"ia-test.2.bbbbbb"

        redis_conn.set(key, "someone-else", ex=60)  # not one of ours: left to its own expiry
        supervisor.scheduler.release_locks()
        supervisor.step()
        assert redis_conn.get(key) == b"someone-else"
    finally:
        supervisor.stop()
        janitor.stop()


def test_the_supervisor_starts_a_janitor_that_is_not_running_and_beats(settings, redis_conn):
    janitor = Janitor(settings, redis_conn)
    supervisor = Supervisor(settings, redis_conn, janitor)
    try:
        assert not janitor.is_running()
        supervisor.step()
        assert janitor.is_running()
        assert [beat.name for beat in liveness.alive(redis_conn)] == [supervisor.name]
    finally:
        supervisor.stop()
        janitor.stop()
    assert liveness.alive(redis_conn) == []


def test_a_job_taken_off_the_queue_but_never_started_is_put_back(whatsapp):
    from rq import Queue

    from app.queue.enqueue import job_id_for
    from worker.janitor import STUCK_DEQUEUE_SECONDS, rescue_stuck_dequeues

    form = whatsapp.form("text")
    assert whatsapp.post(form).status_code == 200
    queue = whatsapp.queue
    Queue.lmove(whatsapp.redis, queue.key, None)  # what a worker's dequeue does, before it died
    assert queue.get_job_ids() == [] and queue.intermediate_queue.get_job_ids() == [job_id_for(form["MessageSid"])]

    seen: dict[str, float] = {}
    assert rescue_stuck_dequeues(whatsapp.settings, whatsapp.redis, seen) == 0  # noticed, not yet stranded
    seen = {job_id: when - STUCK_DEQUEUE_SECONDS - 1 for job_id, when in seen.items()}
    assert rescue_stuck_dequeues(whatsapp.settings, whatsapp.redis, seen) == 1
    assert queue.get_job_ids() == [job_id_for(form["MessageSid"])]
    assert queue.intermediate_queue.get_job_ids() == []
    whatsapp.run_jobs()
    assert len(whatsapp.replies()) == 1


def test_when_a_server_is_back_retries_run_at_once_but_deferrals_keep_their_time(whatsapp, db_session):
    import datetime as dt

    from sqlalchemy import select

    from app.models import Message, MessageRole
    from app.queue.enqueue import enqueue_processing, job_id_for
    from worker.janitor import retry_now

    form = whatsapp.form("text")
    whatsapp.post(form)
    whatsapp.fake.fail_next(500)  # Twilio fails the reply: the job is scheduled for a retry in 5 s
    whatsapp.run_jobs(retries=False)
    message_id = db_session.scalar(select(Message.id).where(Message.role == MessageRole.user))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    enqueue_processing(whatsapp.settings, message_id, form["MessageSid"], at=later)  # a rate-limit deferral
    scheduled = whatsapp.queue.scheduled_job_registry
    assert len(scheduled.get_job_ids()) == 2

    assert retry_now(whatsapp.settings, whatsapp.redis) == 1
    assert whatsapp.queue.get_job_ids() == [job_id_for(form["MessageSid"])]
    assert scheduled.get_job_ids() == [job_id_for(form["MessageSid"], later)]
