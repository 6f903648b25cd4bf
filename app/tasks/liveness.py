"""Worker liveness in Redis: every worker process beats every second or two; ``/healthz`` reads the beats.

A beat is a key that expires after :data:`BEAT_TTL_SECONDS`, so a worker killed with ``kill -9`` (or whose
host vanished) disappears by itself and nobody compares clocks across hosts: the worker writes how long ago
its janitor (spool drain, sweep, orphaned-job re-run) last finished a round, measured on its own clock.
A set lists the names ever seen, so a reader never scans the keyspace; the workers prune it.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from redis import Redis

PREFIX = "invoice-assistant:worker:"
NAMES = "invoice-assistant:workers"
BEAT_SECONDS = 1.0
BEAT_TTL_SECONDS = 10
# A janitor round normally takes well under a second; this long without one means it is stuck.
JANITOR_STALE_SECONDS = 60


@dataclass(frozen=True)
class Beat:
    name: str
    host: str
    pid: int
    janitor_age: float  # seconds since the janitor last finished a round
    scheduler: bool  # this process holds RQ's scheduler lock (it moves due retries onto the queue)


def beat(redis: Redis, heartbeat: Beat) -> None:
    with redis.pipeline(transaction=False) as pipe:
        pipe.set(PREFIX + heartbeat.name, json.dumps(asdict(heartbeat)), ex=BEAT_TTL_SECONDS)
        pipe.sadd(NAMES, heartbeat.name)
        pipe.execute()


def forget(redis: Redis, name: str) -> None:
    with redis.pipeline(transaction=False) as pipe:
        pipe.delete(PREFIX + name)
        pipe.srem(NAMES, name)
        pipe.execute()


def alive(redis: Redis) -> list[Beat]:
    """The workers that beat within the last :data:`BEAT_TTL_SECONDS`."""
    names = sorted(n.decode() if isinstance(n, bytes) else str(n) for n in redis.smembers(NAMES))
    if not names:
        return []
    beats = []
    for value in redis.mget([PREFIX + name for name in names]):
        if value is None:
            continue
        try:
            beats.append(Beat(**json.loads(value)))
        except (TypeError, ValueError):  # a beat written by another version: not counted
            continue
    return beats


def is_alive(redis: Redis, name: str) -> bool:
    return bool(redis.exists(PREFIX + name))


def prune(redis: Redis) -> int:
    """Drop names whose beats expired (workers that are gone); how many."""
    names = [n.decode() if isinstance(n, bytes) else str(n) for n in redis.smembers(NAMES)]
    dead = [name for name in names if not redis.exists(PREFIX + name)]
    if dead:
        redis.srem(NAMES, *dead)
    return len(dead)
