"""Several photos sent at once arrive as several concurrent webhooks: they must share one conversation.

The webhooks are made to queue behind the user's row (held by the test) and then released together, so a
store that read the conversations in a snapshot taken before that wait would open one conversation each.
The webhook's database budget is raised to its maximum so they queue in PostgreSQL rather than give up
and spool (tests/pipeline/test_spool.py covers that).
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text, update

from app.models import Conversation, Message, User, WhatsAppMessage

SENDER = "+34612345678"
MESSAGES = 6


@pytest.fixture(autouse=True)
def patient_webhook(monkeypatch):
    from app.config import get_settings

    monkeypatch.setenv("WEBHOOK_DB_TIMEOUT", "4")
    get_settings.cache_clear()


def _count(db_session, model) -> int:
    return db_session.scalar(select(func.count()).select_from(model))


def _wait_until_blocked(engine, how_many: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # A new transaction each time: pg_stat_activity is a snapshot taken once per transaction.
        with engine.connect() as conn:
            waiting = conn.scalar(text("SELECT count(*) FROM pg_stat_activity "
                                       "WHERE datname = current_database() AND wait_event_type = 'Lock'"))
        if waiting >= how_many:
            return
        time.sleep(0.05)
    raise AssertionError(f"{how_many} webhooks never queued behind the user's row")


def _deliver_while_held(whatsapp_live, db_engine, hold_sql: str) -> list[int]:
    """Hold the sender's row with ``hold_sql``, post the messages concurrently, then let them go."""
    forms = [whatsapp_live.form("text", Body=f"photo {i}", From=f"whatsapp:{SENDER}", WaId=SENDER[1:])
             for i in range(MESSAGES)]
    local = threading.local()

    def deliver(form):
        import requests

        if not hasattr(local, "session"):
            local.session = requests.Session()
        return whatsapp_live.post_http(form, session=local.session).status_code

    with db_engine.connect() as holder:
        holder.execute(text(hold_sql), {"number": SENDER})
        with ThreadPoolExecutor(MESSAGES) as pool:
            results = pool.map(deliver, forms)
            _wait_until_blocked(db_engine, MESSAGES)
            holder.commit()
            return list(results)


def test_concurrent_messages_of_a_new_user_share_one_conversation(whatsapp_live, db_engine, db_session):
    # An uncommitted insert of the same number makes every webhook's user upsert wait for it.
    statuses = _deliver_while_held(whatsapp_live, db_engine,
                                   "INSERT INTO users (whatsapp_number) VALUES (:number)")
    assert statuses == [200] * MESSAGES
    assert _count(db_session, User) == 1
    assert _count(db_session, Message) == _count(db_session, WhatsAppMessage) == MESSAGES
    assert _count(db_session, Conversation) == 1


def test_concurrent_messages_after_the_idle_gap_open_one_new_conversation(whatsapp_live, db_engine, db_session):
    whatsapp_live.post_http(whatsapp_live.form("text", Body="yesterday", From=f"whatsapp:{SENDER}",
                                              WaId=SENDER[1:]))
    idle = whatsapp_live.settings.conversation_idle_hours
    db_session.execute(update(Message).values(created_at=func.now() - text(f"interval '{idle + 1} hours'")))
    db_session.execute(update(Conversation).values(created_at=func.now() - text(f"interval '{idle + 1} hours'")))
    db_session.commit()

    statuses = _deliver_while_held(whatsapp_live, db_engine,
                                   "SELECT id FROM users WHERE whatsapp_number = :number FOR UPDATE")
    assert statuses == [200] * MESSAGES
    today = db_session.scalars(select(Message.conversation_id).where(Message.content.like("photo %"))).all()
    assert len(today) == MESSAGES and len(set(today)) == 1
    assert _count(db_session, Conversation) == 2
