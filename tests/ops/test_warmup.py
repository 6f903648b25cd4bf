"""gunicorn workers open their PostgreSQL and Redis connections before their first webhook."""
from __future__ import annotations

import logging
import runpy
from pathlib import Path

from app.db import get_engine
from app.ops.warmup import open_connections
from app.queue.connection import get_redis

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def _idle_redis_connections(redis) -> int:
    # redis-py has no public count of a pool's idle connections.
    return len(redis.connection_pool._available_connections)


def test_a_started_worker_has_a_pooled_database_connection_and_a_redis_connection(settings, tmp_path,
                                                                                  monkeypatch):
    engine = get_engine(settings.database_url)
    engine.dispose()
    redis = get_redis(settings.redis_url)
    redis.connection_pool.disconnect()
    redis.connection_pool.reset()
    assert (engine.pool.checkedin(), _idle_redis_connections(redis)) == (0, 0)
    # Loading the config would otherwise create a metrics directory for the rest of the test run.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    hooks = runpy.run_path(str(GUNICORN_CONF))
    hooks["post_worker_init"](worker=None)

    assert (engine.pool.checkedin(), _idle_redis_connections(redis)) == (1, 1)


def test_servers_that_are_down_are_logged_not_fatal(settings, caplog):
    down = settings.model_copy(update={"database_url": "postgresql+psycopg://nobody@127.0.0.1:1/none",
                                       "redis_url": "redis://127.0.0.1:1/0"})
    with caplog.at_level(logging.WARNING, logger="app.ops.warmup"):
        open_connections(down)
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == [
        "could not open a PostgreSQL connection at start-up",
        "could not open a Redis connection at start-up"]
