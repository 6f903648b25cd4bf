"""GET /metrics: Prometheus exposition of app/metrics.py plus RQ queue depths read at scrape time."""
from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

from app.config import Settings
from app.metrics import render
from app.queue.connection import get_redis
from app.webhook import spool

log = logging.getLogger(__name__)
bp = Blueprint("metrics", __name__)


def queue_depths(redis: Redis, queue_names: list[str]) -> dict[str, int]:
    """Jobs waiting in each queue, plus its failed and scheduled (retry backoff) registries."""
    depths: dict[str, int] = {}
    for name in queue_names:
        queue = Queue(name, connection=redis)
        depths[name] = queue.count
        depths[f"{name}:failed"] = queue.failed_job_registry.count
        depths[f"{name}:scheduled"] = queue.scheduled_job_registry.count
    return depths


@bp.get("/metrics")
def metrics() -> Response:
    settings: Settings = current_app.config["SETTINGS"]
    spooled: int | None = None
    try:
        redis = get_redis(settings.redis_url)
        depths = queue_depths(redis, [settings.rq_queue])
        spooled = int(redis.xlen(spool.STREAM))
    except RedisError as exc:
        # The other metrics are still worth scraping while Redis is down; /healthz reports the outage.
        log.warning("queue depth unavailable: %s", type(exc).__name__)
        depths = {}
    body, content_type = render(depths, spooled)
    return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})
