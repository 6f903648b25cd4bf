"""The RQ worker class: RQ's ``SimpleWorker`` with its running job heartbeated from a side thread.

Jobs run in the worker process itself (no fork per job: the OCR models load once). RQ's forking worker
refreshes a running job's heartbeat from its parent process; a ``SimpleWorker`` has no parent, so RQ gives
its job an entry in the started registry that lasts the whole job timeout plus a minute, and a job whose
worker was killed was re-run only after that and RQ's ten-minute maintenance (11 minutes, measured). Here
a side thread refreshes the entry every :data:`JOB_HEARTBEAT_SECONDS` and the entry lasts only
:data:`JOB_HEARTBEAT_TTL` seconds, so the janitor (worker/janitor.py) finds the orphan within seconds.
"""
from __future__ import annotations

import logging
import threading
from types import FrameType

from redis.exceptions import RedisError
from rq import SimpleWorker
from rq.executions import Execution
from rq.job import Job
from rq.queue import Queue
from rq.worker import WorkerStatus

log = logging.getLogger(__name__)

JOB_HEARTBEAT_SECONDS = 3
JOB_HEARTBEAT_TTL = 15


class SupervisedWorker(SimpleWorker):
    # Retry Redis every 2 s at most while it is down (RQ's default backs off to a minute, which would
    # leave the queue idle for up to a minute after Redis is back).
    max_connection_wait_time = 2.0

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.shutdown_requested = False
        self.jobs_done = 0

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:  # noqa: ARG002 - RQ's signature
        return JOB_HEARTBEAT_TTL

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.shutdown_requested = True
        super().request_stop(signum, frame)  # type: ignore[no-untyped-call]

    def execute_job(self, job: Job, queue: Queue) -> None:
        execution = self.prepare_execution(job)
        done = threading.Event()
        keeper = threading.Thread(target=self._keep_alive, args=(job, execution, done),
                                  name="rq-job-heartbeat", daemon=True)
        keeper.start()
        try:
            self.perform_job(job, queue, execution)
        finally:
            done.set()
            keeper.join(JOB_HEARTBEAT_SECONDS + 5)
        self.jobs_done += 1
        self.set_state(WorkerStatus.IDLE)

    def _keep_alive(self, job: Job, execution: Execution, done: threading.Event) -> None:
        while not done.wait(JOB_HEARTBEAT_SECONDS):
            try:
                self.maintain_heartbeats(job, execution)
            except RedisError as exc:  # the job goes on; if Redis stays away, the janitor re-runs it
                log.warning("could not refresh the running job's heartbeat (%s)", type(exc).__name__)
