"""The worker's supervisor thread: heartbeat, RQ's scheduler, and a janitor that never stays dead.

Every second it

- runs one step of RQ's scheduler (``rq.scheduler.RQScheduler``: moves jobs whose retry time has come
  back onto the queue). RQ runs it in a forked process that dies on the first Redis error and is
  restarted only by RQ's ten-minute maintenance; here each step is guarded and the next one retries.
  Workers share the scheduler through RQ's lock; a lock left by a worker that was killed is taken over
  as soon as that worker's heartbeat has expired, not when the lock's own minute runs out;
- restarts the janitor thread if it died, and asks for a warm shutdown (SIGTERM to itself: RQ finishes
  the job in hand, the process manager starts a fresh process) if the janitor has not finished a round
  for :data:`JANITOR_STUCK_SECONDS`;
- writes this process's heartbeat (app/tasks/liveness.py), which ``/healthz`` reads.
"""
from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable

from redis import Redis
from redis.exceptions import RedisError
from rq.scheduler import RQScheduler

from app.config import Settings
from app.tasks import liveness
from worker.janitor import Janitor

log = logging.getLogger(__name__)

NAME_PREFIX = "ia-"
JANITOR_STUCK_SECONDS = 300.0
PRUNE_SECONDS = 60.0

# Delete a lock only if it still names the (dead) holder we looked at.
_RELEASE_IF_HELD_BY = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def process_name() -> str:
    return f"{NAME_PREFIX}{socket.gethostname()}.{os.getpid()}.{uuid.uuid4().hex[:6]}"


class Supervisor:
    def __init__(self, settings: Settings, redis: Redis, janitor: Janitor, name: str | None = None) -> None:
        self.settings = settings
        self.redis = redis
        self.janitor = janitor
        self.name = name or process_name()
        self.scheduler = RQScheduler([settings.rq_queue], connection=redis, interval=1, name=self.name,
                                     logging_level=settings.log_level.upper())
        self._born = False
        self._failing: set[str] = set()
        self._shutdown_sent = False
        self._next_prune = 0.0
        self._stop = threading.Event()
        self.thread: threading.Thread | None = None

    # -- one step ----------------------------------------------------------------------------------

    def step(self) -> None:
        self._guard("scheduler", self._schedule)
        if not self.janitor.is_running():
            log.error("the janitor thread died; starting it again")
            self.janitor.start()
        if self.janitor.age > JANITOR_STUCK_SECONDS and not self._shutdown_sent:
            log.error("the janitor has not finished a round for %.0f s; asking for a warm restart",
                      self.janitor.age)
            self._shutdown_sent = True
            os.kill(os.getpid(), signal.SIGTERM)
        self._guard("heartbeat", self._beat)
        if time.monotonic() >= self._next_prune:
            self._next_prune = time.monotonic() + PRUNE_SECONDS
            self._guard("prune", lambda: liveness.prune(self.redis))

    def _guard(self, name: str, step: Callable[[], object]) -> None:
        try:
            step()
        except RedisError as exc:
            if name not in self._failing:
                log.warning("%s: Redis is unavailable (%s); retrying every second", name, type(exc).__name__)
                self._failing.add(name)
            return
        if name in self._failing:
            self._failing.discard(name)
            log.info("%s works again", name)

    def _schedule(self) -> None:
        if self.settings.rq_queue not in self.scheduler.acquired_locks:
            self._release_lock_of_dead_holder()
            self.scheduler.acquire_locks()  # type: ignore[no-untyped-call]
            if self.scheduler.acquired_locks and not self._born:
                self.scheduler.register_birth()
                self._born = True
        if self.scheduler.acquired_locks:
            # Refreshes the lock, and drops it if another scheduler took it over.
            self.scheduler.heartbeat()  # type: ignore[no-untyped-call]
            self.scheduler.enqueue_scheduled_jobs()  # type: ignore[no-untyped-call]

    def _release_lock_of_dead_holder(self) -> None:
        key = RQScheduler.get_locking_key(self.settings.rq_queue)
        raw = self.redis.get(key)
        holder = raw.decode() if isinstance(raw, bytes) else str(raw or "")
        # Only our own workers beat; a scheduler of some other deployment is left to its lock's expiry.
        dead = holder != "" and holder != self.name and holder.startswith(NAME_PREFIX) \
            and not liveness.is_alive(self.redis, holder)
        if dead and self.redis.eval(_RELEASE_IF_HELD_BY, 1, key, holder):
            log.warning("took over RQ's scheduler lock from %s, whose heartbeat expired", holder)

    def _beat(self) -> None:
        liveness.beat(self.redis, liveness.Beat(
            name=self.name, host=socket.gethostname(), pid=os.getpid(), janitor_age=round(self.janitor.age, 1),
            scheduler=bool(self.scheduler.acquired_locks)))

    # -- the thread --------------------------------------------------------------------------------

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="supervisor", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            self.step()
            self._stop.wait(max(0.0, liveness.BEAT_SECONDS - (time.monotonic() - started)))

    def stop(self) -> None:
        self._stop.set()
        if self.thread is not None:
            self.thread.join(10)
        try:
            if self.scheduler.acquired_locks:
                self.scheduler.release_locks()  # type: ignore[no-untyped-call]
                self.scheduler.register_death()
            liveness.forget(self.redis, self.name)
        except RedisError as exc:
            log.warning("could not say goodbye to Redis (%s); my heartbeat will expire", type(exc).__name__)
