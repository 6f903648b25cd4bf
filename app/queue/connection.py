"""Redis and RQ handles shared by the web app and the worker."""
from __future__ import annotations

from functools import lru_cache

from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry
from rq import Queue

from app.config import get_settings


def client_options(timeout: float) -> dict[str, object]:
    """Short timeouts and one immediate retry on a broken connection (a Redis restart leaves stale sockets in
    the pool). redis-py's default of 10 retries with backoff would make a webhook wait seconds for a Redis
    that is down instead of spooling or answering."""
    return {"socket_connect_timeout": timeout, "socket_timeout": timeout, "health_check_interval": 30,
            "retry": Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,))}


@lru_cache(maxsize=8)
def get_redis(url: str) -> Redis:
    # REDIS_TIMEOUT bounds every call: a webhook must not hang when Redis does (docs/reliability.md).
    return Redis.from_url(url, **client_options(get_settings().redis_timeout))


def get_queue(url: str, name: str = "default") -> Queue:
    return Queue(name, connection=get_redis(url))
