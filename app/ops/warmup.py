"""Opening a web worker's connections before its first request (gunicorn's ``post_worker_init``).

Otherwise the first webhook each worker answers also pays for connecting to PostgreSQL (and SQLAlchemy's
first-connect checks) and to Redis. A server that is down is only logged: /healthz reports it, and the
pool connects on demand once it is back.
"""
from __future__ import annotations

import logging

from sqlalchemy import text

from app.config import Settings
from app.db import get_engine
from app.queue.connection import get_redis

log = logging.getLogger(__name__)


def open_connections(settings: Settings) -> None:
    try:
        with get_engine(settings.database_url).connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001  (start-up must go on whatever failed; /healthz reports it)
        log.warning("could not open a PostgreSQL connection at start-up (%s)", type(exc).__name__)
    try:
        get_redis(settings.redis_url).ping()
    except Exception as exc:  # noqa: BLE001  (as above)
        log.warning("could not open a Redis connection at start-up (%s)", type(exc).__name__)
