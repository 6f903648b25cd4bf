"""The janitor: a thread of every worker process that keeps "nothing is lost" true.

Each round (about once a second) it

- drains the webhook spool into PostgreSQL (app/webhook/spool.py), when anything is spooled;
- every :data:`ORPHAN_SECONDS`, hands jobs whose worker died mid-job back to RQ: a running job's entry in
  RQ's started registry expires :data:`worker.rq_worker.JOB_HEARTBEAT_TTL` seconds after its worker's
  last heartbeat, and RQ's own cleanup retries it (with the job's retry policy and failure callback)
  instead of waiting for RQ's ten-minute maintenance; and puts back on the queue jobs a worker took
  off the queue but never started (it died, or lost Redis, in between);
- every ``SWEEP_INTERVAL_SECONDS``, and at once when PostgreSQL or Redis comes back, enqueues messages that
  were stored but never enqueued (app/tasks/sweep.py);
- when PostgreSQL or Redis comes back, puts the jobs waiting out a retry backoff back on the queue at
  once: they most likely failed because it was gone, and the backoff (up to 30 minutes) would keep
  their users waiting long after the outage;
- every :data:`EXPORTS_SECONDS`, purges expired CSV exports and invoices deleted before the undo window;
- every ``REMINDER_INTERVAL_SECONDS``, sends the payment reminders that are due (app/tasks/reminders.py;
  each is claimed once, so every worker may run it).

It runs in the worker process rather than as jobs on the queue, so it does not need the queue to work,
and every task is wrapped: PostgreSQL or Redis being down makes a task fail this round (logged once per
streak), never the thread. The worker's supervisor thread restarts it if it dies anyway and reports how
long ago it last finished a round in the worker's heartbeat (``/healthz`` says "stalled" past a minute).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from redis import Redis
from rq import Queue
from rq.exceptions import InvalidJobOperation
from rq.job import Job
from rq.registry import StartedJobRegistry
from rq.timeouts import TimerDeathPenalty

from app.config import Settings
from app.db import get_engine
from app.tasks.reminders import run_reminders
from app.tasks.sweep import purge_exports, sweep_unprocessed
from app.webhook import spool

log = logging.getLogger(__name__)

TICK_SECONDS = 1.0
ORPHAN_SECONDS = 3.0
EXPORTS_SECONDS = 300.0


def retry_now(settings: Settings, redis: Redis) -> int:
    """Move every job waiting out a retry backoff back onto the queue; how many. Jobs scheduled for other
    reasons (a rate-limit deferral waits for its due time) are left alone: only a job that has used up
    retries is waiting out a backoff."""
    queue = Queue(settings.rq_queue, connection=redis)
    registry = queue.scheduled_job_registry
    job_ids = registry.get_job_ids()
    moved = 0
    for job in Job.fetch_many(job_ids, connection=redis):
        if job is None or job.retries_left is None or job.retries_left >= settings.job_retry_max:
            continue
        try:
            registry.requeue(job)
        except InvalidJobOperation:  # another worker was quicker
            continue
        moved += 1
    if moved:
        log.info("a server is back: %d job(s) waiting for a retry put back on the queue", moved)
    return moved


# A live worker moves a job from the queue into RQ's intermediate list and registers it as started within
# milliseconds; one still there after this long was dropped by a worker that died or lost Redis in between.
STUCK_DEQUEUE_SECONDS = 10.0


def rescue_stuck_dequeues(settings: Settings, redis: Redis, first_seen: dict[str, float]) -> int:
    """Put back on the queue jobs stranded in RQ's intermediate list (RQ itself waits for its ten-minute
    maintenance); ``first_seen`` is the caller's memory of when each was first noticed. How many."""
    queue = Queue(settings.rq_queue, connection=redis)
    intermediate = queue.intermediate_queue
    now = time.monotonic()
    stranded = set(intermediate.get_job_ids())
    for job_id in list(first_seen):
        if job_id not in stranded:
            del first_seen[job_id]
    rescued = 0
    started = set(queue.started_job_registry.get_job_ids(cleanup=False))
    for job_id in stranded - started:
        if now - first_seen.setdefault(job_id, now) < STUCK_DEQUEUE_SECONDS:
            continue
        job = queue.fetch_job(job_id)
        with redis.pipeline() as pipe:  # one transaction: back on the queue and off the list together
            if job is not None:
                queue.enqueue_job(job, pipeline=pipe, at_front=True)
            pipe.lrem(intermediate.key, 1, job_id)
            pipe.execute()
        del first_seen[job_id]
        rescued += job is not None
        log.warning("put job %s back on the queue: it was dequeued but never started", job_id)
    return rescued


def rerun_orphans(settings: Settings, redis: Redis) -> int:
    """Retry (or fail, when out of retries) every job whose worker stopped heartbeating; how many."""
    queue = Queue(settings.rq_queue, connection=redis)
    # A timer, not SIGALRM: the failure callback may run here, off the main thread.
    registry = StartedJobRegistry(queue=queue, death_penalty_class=TimerDeathPenalty)
    orphans = registry.get_expired_job_ids()
    if orphans:
        log.warning("re-running %d job(s) whose worker died: %s", len(orphans), ", ".join(orphans))
        registry.cleanup()
    return len(orphans)


class Janitor:
    def __init__(self, settings: Settings, redis: Redis) -> None:
        self.settings = settings
        self.redis = redis
        self.last_round = time.monotonic()
        self.rounds = 0
        self._due: dict[str, float] = {"orphans": 0.0, "sweep": 0.0, "exports": 0.0, "reminders": 0.0}
        self._failing: set[str] = set()
        self._recovered = False
        self._dequeued: dict[str, float] = {}
        self._stop = threading.Event()
        self.thread: threading.Thread | None = None

    # -- one round ---------------------------------------------------------------------------------

    def run_round(self) -> None:
        now = time.monotonic()
        self._task("drain", self._drain)
        if self._recovered:
            self._recovered = False
            self._task("retries", lambda: retry_now(self.settings, self.redis))
        if now >= self._due["orphans"]:
            self._due["orphans"] = now + ORPHAN_SECONDS
            self._task("orphans", lambda: rerun_orphans(self.settings, self.redis))
            self._task("stranded", lambda: rescue_stuck_dequeues(self.settings, self.redis, self._dequeued))
        if now >= self._due["sweep"]:
            self._due["sweep"] = now + self.settings.sweep_interval_seconds
            self._task("sweep", sweep_unprocessed)
        if now >= self._due["exports"]:
            self._due["exports"] = now + EXPORTS_SECONDS
            self._task("exports", purge_exports)
        if now >= self._due["reminders"]:
            self._due["reminders"] = now + self.settings.reminder_interval_seconds
            self._task("reminders", lambda: run_reminders(self.settings))
        self.last_round = time.monotonic()
        self.rounds += 1

    def _drain(self) -> None:
        spool.drain(self.settings, get_engine(self.settings.database_url), self.redis)

    def _task(self, name: str, task: Callable[[], object]) -> None:
        try:
            task()
        except Exception as exc:  # noqa: BLE001 - a task failing this round must not end the thread
            if name not in self._failing:
                log.warning("janitor task %s failed (%s: %s); retrying every round", name,
                            type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "")
                self._failing.add(name)
            return
        if name in self._failing:
            self._failing.discard(name)
            log.info("janitor task %s works again", name)
            # Whatever was stored, or failed, while a server was down is worth handling now.
            self._due["sweep"] = 0.0
            self._recovered = True

    # -- the thread --------------------------------------------------------------------------------

    @property
    def age(self) -> float:
        """Seconds since the janitor last finished a round."""
        return time.monotonic() - self.last_round

    def start(self) -> None:
        self._stop.clear()
        self.last_round = time.monotonic()
        self.thread = threading.Thread(target=self._run, name="janitor", daemon=True)
        self.thread.start()

    def is_running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            self.run_round()
            self._stop.wait(max(0.0, TICK_SECONDS - (time.monotonic() - started)))

    def stop(self) -> None:
        self._stop.set()
        if self.thread is not None:
            self.thread.join(10)
