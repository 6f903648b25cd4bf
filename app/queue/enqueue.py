"""Putting work on the RQ queue (shared by the webhook and the worker's sweep; no Flask here).

Jobs are referenced by dotted name so the web process never imports the worker's code. The job id is
derived from the MessageSid: one message, one job, however often it is enqueued.
"""
from __future__ import annotations

import logging

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


def job_id_for(message_sid: str) -> str:
    return f"msg-{message_sid}"


def retry_policy(settings: Settings) -> Retry | None:
    if settings.job_retry_max < 1:
        return None
    return Retry(max=settings.job_retry_max, interval=list(RETRY_INTERVALS[: settings.job_retry_max]))


def enqueue_processing(settings: Settings, message_id: int, message_sid: str) -> Job:
    """Enqueue ``process_message(message_id)`` under its deterministic job id (raises if Redis is down)."""
    queue = get_queue(settings.redis_url, settings.rq_queue)
    # Our own pipeline makes RQ's writes (queue registration, job hash, push) one MULTI/EXEC round trip
    # instead of two; RQ executes none of it itself when handed a pipeline.
    with queue.connection.pipeline() as pipe:
        job = queue.enqueue(
            PROCESS_MESSAGE, message_id, job_id=job_id_for(message_sid), retry=retry_policy(settings),
            on_failure=Callback(ON_PROCESS_FAILURE, timeout=30),
            job_timeout=JOB_TIMEOUT, result_ttl=24 * 3600, failure_ttl=7 * 24 * 3600,
            description=f"process WhatsApp message {message_sid}", pipeline=pipe,
        )
        pipe.execute()
    return job


def pending_or_failed(settings: Settings, message_sid: str) -> bool:
    """True when the message's job exists and will run, or failed for good (operators requeue those)."""
    queue = get_queue(settings.redis_url, settings.rq_queue)
    try:
        job = Job.fetch(job_id_for(message_sid), connection=queue.connection)
    except NoSuchJobError:
        return False
    status = job.get_status(refresh=False)
    return status in _PENDING or status in {JobStatus.FAILED, JobStatus.STOPPED}
