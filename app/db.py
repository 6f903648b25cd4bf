"""Engine and session handling, shared by the web app, the worker and the CLI (no Flask here)."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    if not url:
        raise RuntimeError("DATABASE_URL is not set (the run and test commands set it for you)")
    # pool_pre_ping: a worker that outlives a PostgreSQL restart reconnects instead of failing a job.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@lru_cache(maxsize=8)
def session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)
