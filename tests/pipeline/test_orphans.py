"""A job whose worker was killed mid-job (``kill -9``) is re-run within 60 s by the next worker process,
and a job that merely runs long in a live worker is not re-run behind its back.

Real ``python -m worker`` processes on the test database and Redis; the attachment is served by a host
that holds the download open until the test lets it go, so the job is reliably mid-flight when killed.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.pipeline.media_samples import PDF

ROOT = Path(__file__).resolve().parents[2]


class StallingHost:
    """Serves one PDF; every download waits until :meth:`release` (or 120 s)."""

    def __init__(self) -> None:
        self.requests = 0
        self.released = threading.Event()
        self.first_request = threading.Event()
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                host.requests += 1
                host.first_request.set()
                host.released.wait(120)
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/pdf")
                    self.send_header("Content-Length", str(len(PDF)))
                    self.end_headers()
                    self.wfile.write(PDF)
                except (BrokenPipeError, ConnectionResetError):  # the killed worker's download
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/media/receipt.pdf"

    def release(self) -> None:
        self.released.set()

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stalling_host():
    host = StallingHost()
    yield host
    host.close()


@pytest.fixture
def workers(whatsapp, monkeypatch):
    # The held download must outlast the job's heartbeat lifetime without timing out itself.
    monkeypatch.setenv("MEDIA_DOWNLOAD_TIMEOUT", "90")
    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-m", "worker"], cwd=ROOT, env=dict(os.environ),
                                start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)


def test_a_job_orphaned_by_kill_9_is_rerun_within_60_s_and_answered_once(whatsapp, stalling_host, workers):
    from worker.rq_worker import JOB_HEARTBEAT_TTL

    assert whatsapp.send_media((stalling_host.url, "application/pdf")).status_code == 200
    first = workers()
    assert stalling_host.first_request.wait(60), "the worker never started the job"
    # A job running longer than its heartbeat's lifetime, in a live worker, is left alone.
    time.sleep(JOB_HEARTBEAT_TTL + 8)
    assert stalling_host.requests == 1

    os.kill(first.pid, signal.SIGKILL)
    killed = time.monotonic()
    first.wait(10)
    stalling_host.release()
    workers()  # what the process manager does when a worker exits

    replies = whatsapp.fake.wait_for_messages(1, timeout=75)
    answered = time.monotonic() - killed
    assert answered < 60, f"answered {answered:.0f} s after the kill"
    assert "RE-2024-0113" in replies[0]["Body"]  # the invoice's number: the document was read
    time.sleep(5)
    assert len(whatsapp.replies()) == 1
    assert stalling_host.requests == 2  # downloaded again by the re-run, once
