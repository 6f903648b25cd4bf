"""JSON log lines carry the MessageSid in the app, in gunicorn's own lines and in the worker."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_a_record_logged_while_message_sid_is_set_carries_it(settings):
    script = textwrap.dedent("""
        import logging
        from app.config import get_settings
        from app.logs import configure_logging, message_sid_var
        configure_logging(get_settings())
        logging.getLogger("app.test").info("before")
        token = message_sid_var.set("SM0123456789abcdef0123456789abcdef")
        logging.getLogger("app.test").warning("inside %s", "job")
        message_sid_var.reset(token)
        logging.getLogger("app.test").info("after")
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, check=True, env=dict(os.environ, LOG_JSON="true")).stderr

    before, inside, after = _json_lines(out)
    assert inside["message"] == "inside job"
    assert inside["message_sid"] == "SM0123456789abcdef0123456789abcdef"
    assert inside["level"] == "WARNING" and inside["name"] == "app.test" and "time" in inside
    assert before["message_sid"] is None and after["message_sid"] is None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_access_and_error_lines_are_json(settings, db_engine, tmp_path):
    port = _free_port()
    env = dict(os.environ, LOG_JSON="true", PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "app:create_app()", "--bind",
                             f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "-"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                # The master accepts at once; the answer waits for the worker to boot (imports and
                # warm-up take seconds on a loaded machine), so the read may take as long as the start.
                assert requests.get(f"http://127.0.0.1:{port}/livez", timeout=(5, 30)).status_code == 200
                break
            except (requests.ConnectionError, requests.ReadTimeout):  # still importing the app (slow under load)
                assert time.monotonic() < deadline and proc.poll() is None, "gunicorn did not start"
                time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=30)

    lines = _json_lines(stdout + stderr)  # every line parses as JSON
    access = [line for line in lines if line["name"] == "gunicorn.access"]
    assert any('"GET /livez HTTP/1.1" 200' in line["message"] for line in access)
    assert any(line["name"] == "gunicorn.error" and "Booting worker" in line["message"] for line in lines)
    assert all("message_sid" in line for line in lines)


def _kill_leftovers(session_id: int) -> None:
    """Children of the worker (its cron scheduler) must not outlive a failed test."""
    try:
        os.killpg(session_id, signal.SIGKILL)
    except ProcessLookupError:
        pass


def test_worker_lines_are_json(settings, redis_conn):
    # Its own queue: whatever its start-up sweep enqueues stays away from other tests.
    env = dict(os.environ, LOG_JSON="true", RQ_QUEUE="ops-log-test")
    proc = subprocess.Popen([sys.executable, "-m", "worker"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not redis_conn.keys("rq:worker:*"):
            assert time.monotonic() < deadline and proc.poll() is None, "worker did not start"
            time.sleep(0.1)
        time.sleep(0.5)  # let RQ install its signal handlers
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            stdout, stderr = proc.communicate(timeout=30)
        finally:
            _kill_leftovers(proc.pid)

    lines = _json_lines(stdout + stderr)
    assert any(line["name"] == "rq.worker" and "started" in line["message"] for line in lines)
