"""Worker entry point: ``python -m worker`` runs an RQ worker with its scheduler (for retries) and the
cron scheduler that sweeps up messages stored while Redis was down.

Jobs run in the worker process itself (RQ's ``SimpleWorker``) rather than in a fork per job: the OCR
models take about a second to load, and a fork would load them again for every document. The worker
warms them up once before taking jobs. ``WORKER_MAX_JOBS`` recycles the process after that many jobs
(the process manager restarts it) for operators who prefer a bound on long-lived memory.
"""
from __future__ import annotations

import logging
import os

from prometheus_client import start_http_server
from rq import SimpleWorker

from app.config import get_settings
from app.logs import configure_logging
from app.queue.connection import get_queue, get_redis
from app.tasks.schedule import start_cron_process

log = logging.getLogger("worker")


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


def main() -> None:
    settings = get_settings()
    configure_logging(settings)
    if settings.worker_metrics_port and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Without a directory shared with the web, the worker's own counters are scraped here.
        start_http_server(settings.worker_metrics_port)
    cron = start_cron_process()
    _warm_up(settings.tessdata_prefix)
    queue = get_queue(settings.redis_url, settings.rq_queue)
    worker = SimpleWorker([queue], connection=get_redis(settings.redis_url))
    try:
        worker.work(with_scheduler=True, max_jobs=settings.worker_max_jobs or None)
    finally:
        cron.terminate()
        cron.join(5)


if __name__ == "__main__":
    main()
