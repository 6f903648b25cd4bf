"""Worker entry point: ``python -m worker`` runs an RQ worker with its scheduler (for retries) and the
cron scheduler that sweeps up messages stored while Redis was down."""
from __future__ import annotations

from rq import Worker

from app.config import get_settings
from app.logs import configure_logging
from app.queue import get_queue, get_redis
from worker.schedule import start_cron_process


def main() -> None:
    settings = get_settings()
    configure_logging(settings)
    cron = start_cron_process()
    queue = get_queue(settings.redis_url, settings.rq_queue)
    worker = Worker([queue], connection=get_redis(settings.redis_url))
    try:
        worker.work(with_scheduler=True)
    finally:
        cron.terminate()
        cron.join(5)


if __name__ == "__main__":
    main()
