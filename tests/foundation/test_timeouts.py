"""Nothing waits on PostgreSQL or Redis longer than its configured timeout (docs/reliability.md).

A "server that never answers" is a socket that accepts connections (the kernel does) and stays silent.
"""
from __future__ import annotations

import socket
import threading
import time

import psycopg
import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.config import Settings
from app.deadline import DeadlineExceeded, DeadlinePool


@pytest.fixture
def timeouts(monkeypatch, _test_environment):
    """Set timeouts through the environment, as an operator would; fresh engines and Redis clients."""
    from app.config import get_settings
    from app.db import get_engine, session_factory
    from app.queue.connection import get_redis

    def clear():
        for cached in (get_settings, get_engine, session_factory, get_redis):
            cached.cache_clear()

    def set_timeouts(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        clear()

    yield set_timeouts
    monkeypatch.undo()
    clear()


@pytest.fixture
def silent_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    yield sock.getsockname()[1]
    sock.close()


def test_every_pooled_connection_carries_the_statement_and_lock_timeouts(timeouts, database_url):
    from app.db import get_engine

    timeouts(DATABASE_STATEMENT_TIMEOUT="7.5", DATABASE_LOCK_TIMEOUT="2")
    with get_engine(database_url).connect() as conn:
        assert conn.scalar(text("SHOW statement_timeout")) == "7500ms"
        assert conn.scalar(text("SHOW lock_timeout")) == "2s"


def test_a_statement_past_the_statement_timeout_is_cancelled(timeouts, database_url):
    from app.db import get_engine

    timeouts(DATABASE_STATEMENT_TIMEOUT="0.3")
    started = time.monotonic()
    with pytest.raises(OperationalError) as caught, get_engine(database_url).connect() as conn:
        conn.execute(text("SELECT pg_sleep(10)"))
    assert isinstance(caught.value.orig, psycopg.errors.QueryCanceled)
    assert time.monotonic() - started < 3


def test_a_lock_wait_past_the_lock_timeout_fails(timeouts, database_url, db_engine):
    from app.db import get_engine

    timeouts(DATABASE_LOCK_TIMEOUT="0.3")
    with db_engine.connect() as holder:
        holder.execute(text("LOCK TABLE users IN ACCESS EXCLUSIVE MODE"))
        started = time.monotonic()
        with pytest.raises(OperationalError) as caught, get_engine(database_url).connect() as conn:
            conn.execute(text("SELECT count(*) FROM users"))
        holder.rollback()
    assert isinstance(caught.value.orig, psycopg.errors.LockNotAvailable)
    assert time.monotonic() - started < 3


def test_connecting_to_a_server_that_never_answers_gives_up_after_the_connect_timeout(timeouts, silent_port):
    from app.db import get_engine

    timeouts(DATABASE_CONNECT_TIMEOUT="2")
    url = Settings(DATABASE_URL=f"postgresql://nobody@127.0.0.1:{silent_port}/x").database_url
    started = time.monotonic()
    with pytest.raises(OperationalError), get_engine(url).connect():
        pass
    assert time.monotonic() - started < 4


def test_a_redis_that_is_down_fails_at_once_and_one_that_never_answers_within_the_timeout(timeouts, silent_port):
    from app.queue.connection import get_redis

    timeouts(REDIS_TIMEOUT="0.5")
    started = time.monotonic()
    with pytest.raises(RedisConnectionError):
        get_redis("redis://127.0.0.1:1/0").ping()
    assert time.monotonic() - started < 0.5  # no retries with backoff against a closed port
    started = time.monotonic()
    with pytest.raises(RedisTimeoutError):
        get_redis(f"redis://127.0.0.1:{silent_port}/0").ping()
    assert time.monotonic() - started < 1.5


def test_a_deadline_stops_the_wait_and_a_call_never_started_in_time_never_starts():
    pool = DeadlinePool("test", size=1)
    release, ran_late = threading.Event(), threading.Event()
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        pool.call(lambda: release.wait(10), 0.2)  # occupies the only thread
    with pytest.raises(DeadlineExceeded):
        pool.call(ran_late.set, 0.2)  # queued behind it, given up on
    assert time.monotonic() - started < 1
    release.set()
    assert pool.call(lambda: "answered", 2) == "answered"
    assert not ran_late.is_set()


def test_a_deadline_passes_on_the_callers_error():
    def fail() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        DeadlinePool("test", size=1).call(fail, 1)
