"""Throw-away PostgreSQL databases, migrated to head: one per test run or benchmark run.

They live on whatever server DATABASE_URL names (embedded or real) and are dropped with FORCE, so a
run that crashed half-way leaves nothing behind the next time it cleans up.
"""
from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]


def alembic_config(database_url: str):
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["database_url"] = database_url
    cfg.attributes["configure_logging"] = False
    return cfg


def _admin(url: str):
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def create_database(server_url: str, *, prefix: str = "ia_scratch", migrate: bool = False) -> str:
    """A new empty database on ``server_url``'s server (migrated to head when ``migrate``); its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = _admin(server_url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    if migrate:
        from alembic import command

        command.upgrade(alembic_config(url), "head")
    return url


def drop_database(url: str) -> None:
    name = make_url(url).database
    admin = _admin(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
