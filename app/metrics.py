"""Prometheus metrics shared by web and worker.

With PROMETHEUS_MULTIPROC_DIR set (``manage.py run`` sets it), gunicorn's workers and the RQ worker
write to one directory and ``/metrics`` aggregates them; without it a per-process registry is used.
"""
from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

WEBHOOKS = Counter(
    "whatsapp_webhooks_total", "Inbound Twilio webhooks by endpoint and outcome",
    # outcome: accepted, spooled (PostgreSQL could not take it: kept in Redis), duplicate, forbidden, invalid,
    # unavailable (neither PostgreSQL nor Redis), error
    ["endpoint", "outcome"],
)
ACK_LATENCY = Histogram(
    "whatsapp_webhook_ack_seconds", "Time from request to acknowledgement", ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
JOBS = Counter("jobs_total", "Worker jobs by name and outcome", ["job", "outcome"])
JOB_DURATION = Histogram(
    "job_duration_seconds", "Worker job duration", ["job"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120),
)
REPLIES = Counter("whatsapp_replies_total", "Outbound replies by outcome", ["outcome"])  # sent, failed
# outcome: sent, recovered (found on Twilio after a lost answer), skipped (outside the window, no template), failed
NOTIFICATIONS = Counter("whatsapp_notifications_total", "Proactive messages by kind and outcome", ["kind", "outcome"])
QUEUE_DEPTH = Gauge("rq_queue_depth", "Jobs waiting in an RQ queue", ["queue"],
                    multiprocess_mode="livemostrecent")
SPOOL_DEPTH = Gauge("whatsapp_webhook_spool_depth",
                    "Inbound webhooks waiting in the Redis spool for PostgreSQL", multiprocess_mode="livemostrecent")


def render(queue_depths: dict[str, int], spool_depth: int | None = None) -> tuple[bytes, str]:
    """The exposition text; queue and spool depths are read live from Redis at scrape time."""
    for name, depth in queue_depths.items():
        QUEUE_DEPTH.labels(queue=name).set(depth)
    if spool_depth is not None:
        SPOOL_DEPTH.set(spool_depth)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        # prometheus_client ships py.typed but leaves this constructor unannotated.
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = REGISTRY
    return generate_latest(registry), CONTENT_TYPE_LATEST
