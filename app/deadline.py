"""Calling something that may hang (a database that stopped answering) with a deadline the caller keeps.

Server-side timeouts end a statement or a lock wait, and libpq's end a connection attempt, but a server
that accepted the connection and then stopped answering (a stopped process, a full disk, a proxy whose
backend hangs) keeps a client waiting forever. A :class:`DeadlinePool` runs the call on one of its own
threads and stops waiting at the deadline; the call carries on in the background and finishes (or fails)
on its own. The pool has a fixed number of threads, so calls stuck forever cost a bounded number of
threads; once they are all stuck, further calls time out without running at all.
"""
from __future__ import annotations

import contextvars
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, wait
from typing import TypeVar

T = TypeVar("T")


class DeadlineExceeded(TimeoutError):
    """The call did not finish in time (it may still finish, later, in the background)."""


class DeadlinePool:
    def __init__(self, name: str, size: int) -> None:
        self.name = name
        self.size = size
        self._pid: int | None = None
        self._queue: queue.SimpleQueue[tuple[Callable[[], object], Future[object]]] = queue.SimpleQueue()
        self._lock = threading.Lock()

    def _ensure_threads(self) -> None:
        # Threads do not survive fork (gunicorn forks its workers after importing the app).
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self._queue = queue.SimpleQueue()
            for number in range(self.size):
                # Daemon threads: a call stuck forever must not keep the process from exiting.
                threading.Thread(target=self._work, args=(self._queue,), name=f"{self.name}-{number}",
                                 daemon=True).start()
            self._pid = os.getpid()

    @staticmethod
    def _work(calls: queue.SimpleQueue[tuple[Callable[[], object], Future[object]]]) -> None:
        while True:
            call, future = calls.get()
            if not future.set_running_or_notify_cancel():
                continue  # its caller gave up before a thread was free: never start it late
            try:
                future.set_result(call())
            except Exception as exc:  # noqa: BLE001 - handed to the caller, who decides
                future.set_exception(exc)

    def submit(self, function: Callable[[], T]) -> Future[T]:
        """Queue ``function()`` for one of the pool's threads; cancel the future to give up on it."""
        self._ensure_threads()
        future: Future[T] = Future()
        context = contextvars.copy_context()  # the MessageSid in the logs, for one
        self._queue.put((lambda: context.run(function), future))  # type: ignore[arg-type]
        return future

    def call(self, function: Callable[[], T], seconds: float) -> T:
        """``function()``'s result, or :class:`DeadlineExceeded` after ``seconds``."""
        future = self.submit(function)
        done, _ = wait([future], timeout=seconds)
        if not done:
            future.cancel()
            raise DeadlineExceeded(f"no answer within {seconds:g} s")
        return future.result()
