"""Periodic jobs, run by RQ's own cron scheduler (``rq.cron.CronScheduler``) next to the worker.

The cron scheduler only enqueues; the worker runs what it enqueues. It installs signal handlers, so it
runs in a child process of ``python -m worker`` (its own main thread) and dies with it. Several workers
mean several schedulers and so more frequent sweeps, which is harmless: the sweep is idempotent.
"""
from __future__ import annotations

import logging
import multiprocessing
from multiprocessing.process import BaseProcess

from rq.cron import CronScheduler

from app.config import Settings, get_settings
from app.logs import configure_logging
from app.queue.connection import get_redis
from app.tasks.sweep import purge_exports, sweep_unprocessed

log = logging.getLogger(__name__)


def build_cron(settings: Settings) -> CronScheduler:
    cron = CronScheduler(connection=get_redis(settings.redis_url), logging_level=settings.log_level.upper())
    cron.register(sweep_unprocessed, settings.rq_queue, interval=settings.sweep_interval_seconds,
                  job_timeout=120, result_ttl=600, name="sweep_unprocessed")
    cron.register(purge_exports, settings.rq_queue, interval=max(settings.sweep_interval_seconds, 300),
                  job_timeout=300, result_ttl=600, name="purge_exports")
    return cron


def _run_cron() -> None:
    settings = get_settings()
    configure_logging(settings)
    get_redis.cache_clear()  # never share the parent's Redis sockets across fork
    build_cron(settings).start()  # type: ignore[no-untyped-call]  # rq leaves CronScheduler.start unannotated


def start_cron_process() -> BaseProcess:
    process = multiprocessing.get_context("fork").Process(target=_run_cron, name="rq-cron", daemon=True)
    process.start()
    log.info("cron scheduler started (pid %s)", process.pid)
    return process
