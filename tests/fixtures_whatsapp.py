"""Pytest fixtures for driving the WhatsApp pipeline end to end (registered in tests/conftest.py).

    def test_something(whatsapp):
        whatsapp.send_text("hello")                        # signed POST to the webhook, like Twilio
        whatsapp.run_jobs()                                # a real RQ worker drains the queue (real Redis)
        assert whatsapp.replies()[0]["Body"].startswith("Hi")   # captured by the fake Twilio API

``whatsapp_live`` is the same harness serving the app on a real threaded HTTP server whose address is the
public URL (``whatsapp_live.base_url``; ``post_http`` posts over the network; Twilio's status callbacks from
the fake API reach it). ``whatsapp`` is a :class:`WhatsAppHarness`; ``fake_twilio`` is the :class:`FakeTwilioAPI` it uses (the real
``twilio`` client talks to it through ``TWILIO_API_BASE_URL``); ``pipeline_settings`` are the settings
pointing at it (media allowed from 127.0.0.1, files under a temporary directory).
"""
from __future__ import annotations

import copy
import json
import secrets
import time
from pathlib import Path
from typing import Any

import pytest
from twilio.request_validator import RequestValidator

PAYLOADS = Path(__file__).parent / "pipeline" / "payloads"
WHATSAPP_PATH = "/webhooks/twilio/whatsapp"
STATUS_PATH = "/webhooks/twilio/status"
DEFAULT_USER = "+34612345678"


def load_payload(name: str) -> dict[str, str]:
    """A recorded Twilio webhook form from tests/pipeline/payloads (``"text"`` or ``"text.json"``)."""
    path = PAYLOADS / (name if name.endswith(".json") else f"{name}.json")
    return json.loads(path.read_text())


def new_sid(prefix: str = "SM") -> str:
    return prefix + secrets.token_hex(16)


def sign(auth_token: str, url: str, form: dict[str, Any]) -> str:
    return RequestValidator(auth_token).compute_signature(url, form)


def _counting_worker_class():
    from rq import SimpleWorker

    class CountingWorker(SimpleWorker):
        performed = 0

        def execute_job(self, job, queue):
            self.performed += 1
            return super().execute_job(job, queue)

    return CountingWorker


class WhatsAppHarness:
    def __init__(self, app, settings, fake, redis_conn):
        self.app = app
        self.client = app.test_client()
        self.settings = settings
        self.fake = fake
        self.redis = redis_conn
        self.base_url: str | None = None

    # -- building and posting webhooks -------------------------------------------------------------

    def form(self, payload: str = "text", *, fresh_sid: bool = True, **fields: str) -> dict[str, str]:
        """A recorded payload with a fresh MessageSid (unless told otherwise) and ``fields`` replaced."""
        form = copy.deepcopy(load_payload(payload))
        if fresh_sid and "MessageSid" in form and "SmsStatus" in form and form.get("SmsStatus") == "received":
            sid = new_sid(form["MessageSid"][:2])
            form.update(MessageSid=sid, SmsMessageSid=sid, SmsSid=sid)
        form.update({k: str(v) for k, v in fields.items()})
        return form

    def signed_url(self, path: str) -> str:
        return self.settings.public_base_url.rstrip("/") + path

    def post(self, form: dict[str, Any], path: str = WHATSAPP_PATH, *, signature: str | None = None,
             headers: dict[str, str] | None = None):
        """POST a form as Twilio would, signed for the public URL (or with the given ``signature``)."""
        if signature is None:
            signature = sign(self.settings.twilio_auth_token, self.signed_url(path), form)
        all_headers = {"X-Twilio-Signature": signature, "User-Agent": "TwilioProxy/1.1",
                       "I-Twilio-Idempotency-Token": secrets.token_hex(16), **(headers or {})}
        return self.client.post(path, data=form, headers=all_headers)

    def send_text(self, body: str, *, number: str = DEFAULT_USER, profile_name: str = "Maria Lopez",
                  **fields: str):
        form = self.form("text", Body=body, From=f"whatsapp:{number}", WaId=number[1:],
                         ProfileName=profile_name, **fields)
        return self.post(form)

    def send_media(self, *media: tuple[str, str], body: str = "", number: str = DEFAULT_USER, **fields: str):
        """``media``: ``(url, content_type)`` pairs, e.g. from :meth:`add_media`."""
        form = self.form("text", Body=body, From=f"whatsapp:{number}", WaId=number[1:],
                         NumMedia=str(len(media)), MessageType="image" if media else "text", **fields)
        sid = new_sid("MM")
        form.update(MessageSid=sid, SmsMessageSid=sid, SmsSid=sid)
        for index, (url, content_type) in enumerate(media):
            form[f"MediaUrl{index}"] = url
            form[f"MediaContentType{index}"] = content_type
        return self.post(form)

    def add_media(self, content: bytes, content_type: str, **kwargs) -> tuple[str, str]:
        """Serve an attachment from the fake Twilio API; returns ``(url, content_type)`` for send_media."""
        return self.fake.add_media(content, content_type, **kwargs), content_type

    def status_callback(self, sid: str, status: str, error_code: int | None = None):
        form = self.form("status_failed" if error_code else "status_sent", fresh_sid=False,
                         MessageSid=sid, SmsSid=sid, MessageStatus=status, SmsStatus=status)
        if error_code is not None:
            form["ErrorCode"] = str(error_code)
        return self.post(form, STATUS_PATH)

    def post_http(self, form: dict[str, Any], path: str = WHATSAPP_PATH, *, session=None, timeout: float = 30):
        """POST over HTTP to the live server (``whatsapp_live`` only), signed like :meth:`post`."""
        import requests

        signature = sign(self.settings.twilio_auth_token, self.signed_url(path), form)
        return (session or requests).post(self.base_url + path, data=form, timeout=timeout,
                                          headers={"X-Twilio-Signature": signature})

    # -- running the worker ------------------------------------------------------------------------

    @property
    def queue(self):
        from rq import Queue

        return Queue(self.settings.rq_queue, connection=self.redis)

    def run_jobs(self, *, retries: bool = True, max_rounds: int = 10) -> int:
        """Drain the queue with a real RQ worker (burst mode, in this process); returns jobs performed.

        ``retries``: jobs RQ scheduled for a retry are run too, as if their backoff had elapsed.
        """
        performed = 0
        for _ in range(max_rounds):
            worker = _counting_worker_class()([self.queue], connection=self.redis)
            worker.work(burst=True, logging_level="WARNING")
            performed += worker.performed
            if not retries or not self.skip_backoff():
                break
        return performed

    def skip_backoff(self) -> int:
        """Move every job waiting for its retry time back to the queue; returns how many."""
        registry = self.queue.scheduled_job_registry
        moved = 0
        for job_id in registry.get_job_ids():
            job = self.queue.fetch_job(job_id)
            registry.remove(job_id)
            if job is not None:
                self.queue.enqueue_job(job)
                moved += 1
        return moved

    def run_scheduled(self, *, soon: float = 1.5, limit: float = 30.0) -> int:
        """Do what RQ's scheduler does for the jobs scheduled for now (and, waiting for them, for the next
        ``soon`` seconds): enqueue them, in their order, and drain the queue; returns jobs performed."""
        performed = 0
        registry = self.queue.scheduled_job_registry
        give_up = time.monotonic() + limit
        while time.monotonic() < give_up:
            due = registry.get_jobs_to_schedule(int(time.time()))
            if due:
                for job_id in due:
                    job = self.queue.fetch_job(job_id)
                    registry.remove(job_id)
                    if job is not None:
                        self.queue.enqueue_job(job)
                performed += self.run_jobs(retries=False)
            elif registry.get_jobs_to_schedule(int(time.time() + soon)):
                time.sleep(0.1)
            else:
                break
        return performed

    def job_ids(self) -> list[str]:
        """Every job id RQ knows of on this queue (queued, scheduled, started, finished, failed)."""
        q = self.queue
        ids = set(q.get_job_ids())
        for registry in (q.scheduled_job_registry, q.started_job_registry, q.finished_job_registry,
                         q.failed_job_registry, q.deferred_job_registry):
            ids.update(registry.get_job_ids())
        return sorted(ids)

    # -- what went out -----------------------------------------------------------------------------

    def replies(self, number: str | None = DEFAULT_USER) -> list[dict[str, Any]]:
        """Messages the app sent through the fake Twilio API (to ``number``, or all with None)."""
        return [m for m in self.fake.messages if number is None or m["To"] == f"whatsapp:{number}"]


@pytest.fixture
def fake_twilio(settings):
    from devtools.fake_twilio import FakeTwilioAPI

    fake = FakeTwilioAPI(settings.twilio_account_sid, settings.twilio_auth_token).start()
    yield fake
    fake.stop()


@pytest.fixture
def pipeline_settings(settings, fake_twilio, monkeypatch):
    from app.config import get_settings

    monkeypatch.setenv("TWILIO_API_BASE_URL", fake_twilio.url)
    monkeypatch.setenv("MEDIA_ALLOWED_HOSTS", "127.0.0.1")
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def whatsapp(pipeline_settings, fake_twilio, db_engine, redis_conn):
    from app import create_app

    app = create_app(pipeline_settings)
    app.config["TESTING"] = True
    return WhatsAppHarness(app, pipeline_settings, fake_twilio, redis_conn)


@pytest.fixture
def whatsapp_live(pipeline_settings, fake_twilio, db_engine, redis_conn, monkeypatch):
    import threading

    from werkzeug.serving import make_server

    from app import create_app
    from app.config import get_settings

    served = {}
    server = make_server("127.0.0.1", 0, lambda environ, start: served["app"](environ, start), threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setenv("PUBLIC_BASE_URL", base_url)
    get_settings.cache_clear()
    settings = get_settings()
    served["app"] = create_app(settings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    harness = WhatsAppHarness(served["app"], settings, fake_twilio, redis_conn)
    harness.base_url = base_url
    yield harness
    server.shutdown()
    server.server_close()
    thread.join(5)
