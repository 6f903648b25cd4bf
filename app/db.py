"""Engine and session handling, shared by the web app, the worker and the CLI (no Flask here).

Every pooled connection carries the timeouts of ``app.config`` (docs/reliability.md): PostgreSQL ends a
statement after ``DATABASE_STATEMENT_TIMEOUT`` and a wait for a lock after ``DATABASE_LOCK_TIMEOUT``;
libpq gives up connecting after ``DATABASE_CONNECT_TIMEOUT``; and a server that vanishes (host down,
network cut) is noticed within seconds instead of after the kernel's ~15 minutes of retransmissions:
data it never acknowledges fails the connection after ``tcp_user_timeout``, and keepalives probe idle
connections.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings, get_settings

# How long a request waits for a free pooled connection before failing (SQLAlchemy's default is 30 s).
POOL_TIMEOUT_SECONDS = 5
_TCP_USER_TIMEOUT_MS = 10_000


def milliseconds(seconds: float) -> int:
    return max(1, round(seconds * 1000))


def connect_arguments(settings: Settings) -> dict[str, Any]:
    """libpq connection parameters for every pooled connection (ignored ones are harmless on sockets)."""
    return {
        "connect_timeout": settings.database_connect_timeout,
        "options": (f"-c statement_timeout={milliseconds(settings.database_statement_timeout)}"
                    f" -c lock_timeout={milliseconds(settings.database_lock_timeout)}"),
        "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3,
        "tcp_user_timeout": _TCP_USER_TIMEOUT_MS,
    }


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    if not url:
        raise RuntimeError("DATABASE_URL is not set (the run and test commands set it for you)")
    # pool_pre_ping: a worker that outlives a PostgreSQL restart reconnects instead of failing a job.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20,
                         pool_timeout=POOL_TIMEOUT_SECONDS, connect_args=connect_arguments(get_settings()))


@lru_cache(maxsize=8)
def session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)
