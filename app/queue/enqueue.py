"""Putting work on the RQ queue (shared by the webhook and the worker's sweep; no Flask here).

Jobs are referenced by dotted name so the web process never imports the worker's code. The job id is
derived from the MessageSid: one message, one job, however often it is enqueued. A message the rate limit
deferred runs again as a scheduled job whose id also carries its due time (``messages.deferred_until``),
so the sweep can tell from the database which job should exist, and a deferral never reuses the id of the
job that is running it.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from rq import Callback, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from app.config import Settings
from app.queue.connection import get_queue

log = logging.getLogger(__name__)

PROCESS_MESSAGE = "app.tasks.process.process_message"
ON_PROCESS_FAILURE = "app.tasks.process.on_process_failure"
# Backoff for transient failures (network, Twilio 5xx/429, serialization errors), in seconds.
RETRY_INTERVALS = (5, 30, 120, 600, 1800)
JOB_TIMEOUT = 300
# Jobs in these states will run (again) by themselves; enqueueing once more would only duplicate them.
_PENDING = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def job_id_for(message_sid: str, deferred_until: dt.datetime | None = None) -> str:
    if deferred_until is None:
        return f"msg-{message_sid}"
    return f"msg-{message_sid}-at{round(deferred_until.timestamp() * 1000)}"


def retry_policy(settings: Settings) -> Retry | None:
    if settings.job_retry_max < 1:
        return None
    return Retry(max=settings.job_retry_max, interval=list(RETRY_INTERVALS[: settings.job_retry_max]))


def enqueue_processing(settings: Settings, message_id: int, message_sid: str, *,
                       at: dt.datetime | None = None) -> Job:
    """Enqueue ``process_message(message_id)`` under its deterministic job id (raises if Redis is down);
    with ``at`` (a deferral's due time), scheduled for then by the worker's scheduler."""
    queue = get_queue(settings.redis_url, settings.rq_queue)
    options: dict[str, Any] = {
        "job_id": job_id_for(message_sid, at), "retry": retry_policy(settings),
        "on_failure": Callback(ON_PROCESS_FAILURE, timeout=30),
        "job_timeout": JOB_TIMEOUT, "result_ttl": 24 * 3600, "failure_ttl": 7 * 24 * 3600,
        "description": f"process WhatsApp message {message_sid}",
    }
    if at is not None:
        # RQ's scheduler keeps whole seconds (and would run it early): round up.
        whole = at.replace(microsecond=0) + dt.timedelta(seconds=1 if at.microsecond else 0)
        scheduled: Job = queue.enqueue_at(whole, PROCESS_MESSAGE, message_id, **options)
        return scheduled
    # Our own pipeline makes RQ's writes (queue registration, job hash, push) one MULTI/EXEC round trip
    # instead of two; RQ executes none of it itself when handed a pipeline.
    with queue.connection.pipeline() as pipe:
        job = queue.enqueue(PROCESS_MESSAGE, message_id, pipeline=pipe, **options)
        pipe.execute()
    return job


def pending_or_failed(settings: Settings, message_sid: str, deferred_until: dt.datetime | None = None) -> bool:
    """True when the message's job (its latest deferral's, if any) exists and will run, or failed for good
    (operators requeue those)."""
    queue = get_queue(settings.redis_url, settings.rq_queue)
    try:
        job = Job.fetch(job_id_for(message_sid, deferred_until), connection=queue.connection)
    except NoSuchJobError:
        return False
    status = job.get_status(refresh=False)
    return status in _PENDING or status in {JobStatus.FAILED, JobStatus.STOPPED}
