"""``GET /healthz``: 200 when everything that answers users works, else 503 naming what is slow or down,
always within 2 s. ``GET /livez``: 200 whenever this web process answers.

``/healthz`` checks, concurrently, each within :data:`CHECK_SECONDS`:

- ``postgres``: a pooled connection, and a write path no lock blocks: in a transaction rolled back at
  once, the tables the webhook writes are locked in ROW EXCLUSIVE mode (the lock an INSERT takes, which
  conflicts only with table locks such as a migration's) with a short lock timeout. "down", "locked" or
  "slow".
- ``redis``: PING. "down" or "slow".
- ``worker``: a worker process beat within the last 10 s (app/tasks/liveness.py). "down".
- ``sweep``: a live worker's janitor (spool drain, sweep, orphaned-job re-run) finished a round within
  the last minute. "stalled".
- ``spool``: no inbound webhook has waited in the spool (app/webhook/spool.py) for over a minute.
  "behind".

What cannot be known (the worker's beats while Redis is down) is reported as "unknown" and is not counted
as down: the check that is down (redis) is named instead.

Do not route traffic on ``/healthz``: while PostgreSQL is down the webhook still answers Twilio and spools,
so a load balancer that took the web out of rotation would lose the messages the spool exists to keep.
Point load balancers and liveness probes at ``/livez``; alert on ``/healthz``.
"""
from __future__ import annotations

from concurrent.futures import Future, wait
from typing import Any, TypeVar

import psycopg
from flask import Blueprint, Response, current_app, jsonify
from flask.blueprints import BlueprintSetupState
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from app.config import Settings
from app.db import get_engine
from app.deadline import DeadlinePool
from app.queue.connection import get_redis
from app.tasks import liveness
from app.webhook import spool

bp = Blueprint("health", __name__)

CHECK_SECONDS = 1.5
SPOOL_BEHIND_SECONDS = 60
_WRITTEN_TABLES = "users, conversations, messages, whatsapp_messages, media"


def _postgres(url: str) -> str:
    try:
        with get_engine(url).connect() as conn:
            conn.execute(text("SELECT set_config('statement_timeout', '1000', true), "
                              "set_config('lock_timeout', '500', true)"))
            conn.execute(text(f"LOCK TABLE {_WRITTEN_TABLES} IN ROW EXCLUSIVE MODE"))
            conn.rollback()
        return "ok"
    except (SQLAlchemyError, psycopg.Error) as exc:
        cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
        if isinstance(cause, psycopg.errors.LockNotAvailable):
            return "locked: writes wait for a lock another session holds"
        if isinstance(cause, psycopg.errors.QueryCanceled):
            return "slow: a trivial statement took over 1 s"
        return f"down: {type(cause).__name__}"


def _redis_side(url: str) -> dict[str, str]:
    """redis, and what is read from Redis: worker, sweep and spool."""
    redis = get_redis(url)
    try:
        redis.ping()
    except RedisError as exc:
        unknown = "unknown: Redis is down"
        return {"redis": f"down: {type(exc).__name__}", "worker": unknown, "sweep": unknown, "spool": unknown}
    states = {"redis": "ok"}
    beats = liveness.alive(redis)
    if not beats:
        states["worker"] = f"down: no worker heartbeat in the last {liveness.BEAT_TTL_SECONDS} s"
        states["sweep"] = "unknown: no live worker"
    else:
        states["worker"] = "ok"
        freshest = min(beat.janitor_age for beat in beats)
        states["sweep"] = ("ok" if freshest <= liveness.JANITOR_STALE_SECONDS
                           else f"stalled: the janitor last finished a round {freshest:.0f} s ago")
    backlog = spool.backlog(redis)
    if backlog.oldest_seconds is not None and backlog.oldest_seconds > SPOOL_BEHIND_SECONDS:
        states["spool"] = (f"behind: {backlog.entries} webhook(s) waiting, "
                           f"the oldest for {backlog.oldest_seconds:.0f} s")
    else:
        states["spool"] = "ok"
    return states


T = TypeVar("T")


def _result(future: Future[T], fallback: T) -> T:
    if future.done() and not future.cancelled():
        return future.result()
    future.cancel()
    return fallback


class Checkers:
    """One thread per kind of check and app (so per gunicorn worker): a check stuck on a hung server is
    not started again while it hangs, and the next ``/healthz`` says "slow" instead of piling up threads."""

    def __init__(self) -> None:
        self.postgres = DeadlinePool("health-postgres", size=1)
        self.redis = DeadlinePool("health-redis", size=1)


@bp.record_once
def _set_up(state: BlueprintSetupState) -> None:
    state.app.extensions["health_checkers"] = Checkers()


def check(settings: Settings, checkers: Checkers) -> dict[str, str]:
    postgres = checkers.postgres.submit(lambda: _postgres(settings.database_url))
    redis_side = checkers.redis.submit(lambda: _redis_side(settings.redis_url))
    futures: list[Future[Any]] = [postgres, redis_side]
    wait(futures, timeout=CHECK_SECONDS)
    slow = f"slow: no answer within {CHECK_SECONDS:g} s"
    unknown = "unknown: Redis did not answer"
    fallback = {"redis": slow, "worker": unknown, "sweep": unknown, "spool": unknown}
    redis_checks: dict[str, str] = _result(redis_side, fallback)
    return {"postgres": _result(postgres, slow), **redis_checks}


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    checks = check(current_app.config["SETTINGS"], current_app.extensions["health_checkers"])
    down = sorted(name for name, state in checks.items() if state != "ok" and not state.startswith("unknown"))
    body: dict[str, object] = {"status": "ok" if not down else "down", "checks": checks}
    if down:
        body["down"] = down
    return jsonify(body), (503 if down else 200)


@bp.get("/livez")
def livez() -> tuple[Response, int]:
    return jsonify({"status": "ok"}), 200
