"""Fixtures every test can use: a fresh migrated PostgreSQL database per run, a dedicated flushed Redis
database, settings pointing at both, and the Flask app.

The servers come from DATABASE_URL / REDIS_URL (``manage.py test`` starts embedded ones when unset).
"""
from __future__ import annotations

import os
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from devtools.scratch_db import create_database, drop_database

TEST_AUTH_TOKEN = "test-auth-token-0123456789abcdef"
TEST_ACCOUNT_SID = "AC" + "1" * 32
TABLES = ("usage", "whatsapp_messages", "media", "items", "messages", "invoices", "conversations", "users",
          "erased_message_sids")


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        pytest.exit("DATABASE_URL is not set: run the suite with `python3 manage.py test`", returncode=2)
    from app.config import Settings

    return Settings(DATABASE_URL=url).database_url


def redis_url_with_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = dict(parse_qsl(parts.query))
        query["db"] = str(db)
        # urlunsplit would drop the empty authority ("unix:/path"), which redis-py rejects.
        return f"unix://{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{db}"))


@pytest.fixture(scope="session")
def database_url():
    """A fresh database for this test run, migrated with Alembic, dropped afterwards."""
    url = create_database(_server_url(), prefix="ia_test", migrate=True)
    yield url
    from app.db import get_engine

    get_engine.cache_clear()
    drop_database(url)


@pytest.fixture(scope="session")
def redis_url():
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    return redis_url_with_db(base, int(os.environ.get("TEST_REDIS_DB", "15")))


@pytest.fixture(scope="session")
def _test_environment(database_url, redis_url):
    """Point everything that reads the environment (worker jobs, CLI) at the test servers."""
    from app.config import get_settings

    previous = dict(os.environ)
    os.environ.update({
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TWILIO_ACCOUNT_SID": TEST_ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": TEST_AUTH_TOKEN,
        "PUBLIC_BASE_URL": "https://assistant.example.test",
        "LOG_JSON": "true",
        "OPENAI_API_KEY": "",
    })
    get_settings.cache_clear()
    yield
    os.environ.clear()
    os.environ.update(previous)
    get_settings.cache_clear()


@pytest.fixture
def settings(_test_environment, tmp_path, monkeypatch):
    """Settings for one test; tests change them with ``monkeypatch.setenv`` + ``get_settings.cache_clear()``."""
    from app.config import get_settings

    monkeypatch.setenv("MEDIA_STORAGE", str(tmp_path / "media"))
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def db_engine(database_url):
    from app.db import get_engine

    engine = get_engine(database_url)
    yield engine
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))


@pytest.fixture
def db_session(db_engine):
    session = Session(db_engine, expire_on_commit=False)
    yield session
    session.rollback()
    session.close()


@pytest.fixture
def redis_conn(redis_url):
    from redis import Redis

    conn = Redis.from_url(redis_url)
    conn.flushdb()
    yield conn
    conn.flushdb()
    conn.close()


@pytest.fixture
def app(settings, db_engine, redis_conn):
    from app import create_app

    application = create_app(settings)
    application.config["TESTING"] = True
    return application


@pytest.fixture
def client(app):
    return app.test_client()


pytest_plugins = ["tests.fixtures_whatsapp", "tests.fakes.openai_fixture"]
