"""Worker entry point: ``python -m worker`` runs an RQ worker with its scheduler (for retries)."""
from __future__ import annotations

from rq import Worker

from app.config import get_settings
from app.logs import configure_logging
from app.queue import get_queue, get_redis


def main() -> None:
    settings = get_settings()
    configure_logging(settings)
    queue = get_queue(settings.redis_url, settings.rq_queue)
    worker = Worker([queue], connection=get_redis(settings.redis_url))
    worker.work(with_scheduler=True)


if __name__ == "__main__":
    main()
