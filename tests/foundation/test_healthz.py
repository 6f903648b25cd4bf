"""GET /healthz tells the truth about PostgreSQL, Redis, the worker, its sweep and the spool, within 2 s.

Servers that are down are closed ports; servers that never answer are sockets that accept connections
and say nothing; a locked database is a table lock this test holds.
"""
from __future__ import annotations

import datetime as dt
import socket
import time

import pytest
from sqlalchemy import text

from app import create_app
from app.config import Settings
from app.tasks import liveness
from app.webhook import spool
from app.webhook.forms import parse_inbound
from tests.fixtures_whatsapp import load_payload


def _beat(redis_conn, janitor_age: float = 0.5, name: str = "ia-test.1.abcdef") -> None:
    liveness.beat(redis_conn, liveness.Beat(name=name, host="test", pid=1, janitor_age=janitor_age,
                                            scheduler=True))


def _get(app) -> tuple[int, dict, float]:
    started = time.monotonic()
    response = app.test_client().get("/healthz")
    return response.status_code, response.json, time.monotonic() - started


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections (the kernel does) and never says a word."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    yield sock.getsockname()[1]
    sock.close()


def test_healthz_is_200_when_everything_answers(app, redis_conn):
    _beat(redis_conn)
    status, body, took = _get(app)
    assert status == 200, body
    assert body["checks"] == {"postgres": "ok", "redis": "ok", "worker": "ok", "sweep": "ok", "spool": "ok"}
    assert took < 2


def test_healthz_names_redis_when_redis_is_down(settings, db_engine, redis_conn):
    broken = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    status, body, took = _get(create_app(broken))
    assert status == 503
    assert body["down"] == ["redis"]  # what depends on Redis is "unknown", not blamed
    assert body["checks"]["worker"].startswith("unknown")
    assert took < 2


def test_healthz_names_postgres_when_postgres_is_down(settings, redis_conn):
    _beat(redis_conn)
    broken = settings.model_copy(update={
        "database_url": Settings(DATABASE_URL="postgresql://nobody@127.0.0.1:1/none").database_url})
    status, body, took = _get(create_app(broken))
    assert status == 503
    assert body["down"] == ["postgres"]
    assert body["checks"]["postgres"].startswith("down")
    assert took < 2


def test_healthz_answers_within_2_s_when_postgres_never_answers(settings, redis_conn, silent_server):
    _beat(redis_conn)
    hung = settings.model_copy(update={
        "database_url": Settings(DATABASE_URL=f"postgresql://nobody@127.0.0.1:{silent_server}/x").database_url})
    app = create_app(hung)
    for _ in range(2):  # the second finds the first check still hanging and does not start another
        status, body, took = _get(app)
        assert status == 503 and body["down"] == ["postgres"]
        assert body["checks"]["postgres"].startswith("slow")
        assert took < 2


def test_healthz_answers_within_2_s_when_redis_never_answers(settings, db_engine, silent_server):
    hung = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{silent_server}/0"})
    status, body, took = _get(create_app(hung))
    assert status == 503 and body["down"] == ["redis"]
    assert took < 2


def test_healthz_names_postgres_when_a_lock_blocks_writes(app, db_engine, redis_conn):
    _beat(redis_conn)
    with db_engine.connect() as holder:
        holder.execute(text("LOCK TABLE users IN ACCESS EXCLUSIVE MODE"))
        status, body, took = _get(app)
        holder.rollback()
    assert status == 503 and body["down"] == ["postgres"]
    assert body["checks"]["postgres"].startswith("locked")
    assert took < 2
    assert _get(app)[0] == 200  # and healthy again once the lock is gone


def test_healthz_names_the_worker_when_no_worker_beats(app, redis_conn):
    status, body, _ = _get(app)
    assert status == 503 and body["down"] == ["worker"]
    assert body["checks"]["sweep"].startswith("unknown")


def test_healthz_names_the_sweep_when_the_janitor_is_stuck(app, redis_conn):
    _beat(redis_conn, janitor_age=liveness.JANITOR_STALE_SECONDS + 30)
    status, body, _ = _get(app)
    assert status == 503 and body["down"] == ["sweep"]
    assert body["checks"]["sweep"].startswith("stalled")


def test_a_stale_beat_of_one_worker_does_not_hide_a_healthy_one(app, redis_conn):
    _beat(redis_conn, janitor_age=500, name="ia-stuck.1.aaaaaa")
    _beat(redis_conn, janitor_age=0.3, name="ia-fine.2.bbbbbb")
    assert _get(app)[0] == 200


def test_healthz_names_the_spool_when_webhooks_wait_there_too_long(app, redis_conn):
    _beat(redis_conn)
    message = parse_inbound({k: [v] for k, v in load_payload("text").items()})
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=90)
    spool.spool(redis_conn, message, {"form": {}}, long_ago)
    status, body, _ = _get(app)
    assert status == 503 and body["down"] == ["spool"]
    assert body["checks"]["spool"].startswith("behind: 1 webhook")


def test_livez_is_200_whatever_the_servers_do(settings):
    broken = settings.model_copy(update={
        "redis_url": "redis://127.0.0.1:1/0",
        "database_url": Settings(DATABASE_URL="postgresql://nobody@127.0.0.1:1/none").database_url})
    assert create_app(broken).test_client().get("/livez").status_code == 200
