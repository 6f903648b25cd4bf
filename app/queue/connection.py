"""Redis and RQ handles shared by the web app and the worker."""
from __future__ import annotations

from functools import lru_cache

from redis import Redis
from rq import Queue


@lru_cache(maxsize=8)
def get_redis(url: str) -> Redis:
    # Short timeouts: a webhook must not hang when Redis is down; the sweep catches up later.
    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30)


def get_queue(url: str, name: str = "default") -> Queue:
    return Queue(name, connection=get_redis(url))
