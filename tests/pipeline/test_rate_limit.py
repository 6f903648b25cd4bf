"""A flood gets one polite reply; every message is still stored; normal use is untouched."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, text, update

from app.config import get_settings
from app.models import Media, MediaStatus, Message, MessageRole
from app.i18n.catalogue import LANGUAGES
from app.i18n.catalogue import text as say

# The notice in any language (the user's language follows their number).
NOTICES = {say(language, "rate_limited") for language in LANGUAGES}


@pytest.fixture
def limited(whatsapp, monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_MESSAGES", "3")
    monkeypatch.setenv("RATE_LIMIT_WINDOW_SECONDS", "60")
    get_settings.cache_clear()
    return whatsapp


def inbound(db_session):
    return db_session.scalars(select(Message).where(Message.role == MessageRole.user).order_by(Message.id)).all()


def test_a_flood_gets_one_polite_reply_and_every_message_is_stored(limited, db_session):
    for n in range(10):
        assert limited.send_text(f"spam {n}").status_code == 200
    limited.run_jobs()
    bodies = [r["Body"] for r in limited.replies()]
    assert sum(body in NOTICES for body in bodies) == 1
    assert len(bodies) == 3 + 1  # three answered, then one notice
    messages = inbound(db_session)
    assert len(messages) == 10
    assert all(m.processed_at is not None for m in messages)


def test_throttled_attachments_are_never_downloaded(limited, db_session):
    from tests.pipeline.media_samples import PDF

    for n in range(3):
        limited.send_text(f"hi {n}")
    limited.send_media(limited.add_media(PDF, "application/pdf"))
    limited.run_jobs()
    media = db_session.scalars(select(Media)).one()
    assert (media.status, media.processing_metadata["error"]) == (MediaStatus.failed, "rate_limited")
    assert not [r for r in limited.fake.requests if "/Media/" in r.path]


def test_the_decision_is_the_same_when_a_job_runs_again(limited, db_session):
    from app.models import WhatsAppMessage
    from app.queue.enqueue import enqueue_processing

    for n in range(5):
        limited.send_text(f"spam {n}")
    limited.run_jobs()
    for message_id, sid in db_session.execute(select(Message.id, WhatsAppMessage.whatsapp_message_id)
                                              .join(WhatsAppMessage).where(Message.role == MessageRole.user)):
        db_session.execute(update(Message).where(Message.id == message_id).values(processed_at=None))
        db_session.commit()
        enqueue_processing(limited.settings, message_id, sid)
    limited.run_jobs()
    assert sum(r["Body"] in NOTICES for r in limited.replies()) == 1
    assert len(limited.replies()) == 4


def test_the_limit_is_per_user(limited, db_session):
    for n in range(4):
        limited.send_text(f"a {n}", number="+34612345678")
    limited.send_text("hello", number="+4915112345678")
    limited.run_jobs()
    assert len(limited.replies("+4915112345678")) == 1
    assert not NOTICES & {r["Body"] for r in limited.replies("+4915112345678")}


def test_messages_outside_the_window_do_not_count(limited, db_session):
    for n in range(3):
        limited.send_text(f"earlier {n}")
    db_session.execute(update(Message).values(created_at=func.now() - text("interval '2 minutes'")))
    db_session.commit()
    limited.send_text("now")
    limited.run_jobs()
    assert not NOTICES & {r["Body"] for r in limited.replies()}
    assert len(limited.replies()) == 4


def test_the_rate_limit_count_filters_on_the_columns_of_the_user_and_time_index(limited, db_session):
    # Which index the planner picks on a tiny test table is not stable; what the count needs is an
    # index led by exactly the columns it filters on, so that is what this pins.
    from sqlalchemy import event

    from app.tasks import ratelimit

    limited.send_text("hi")
    message = inbound(db_session)[0]
    seen = []
    listener = lambda conn, cursor, statement, params, context, many: seen.append(statement)  # noqa: E731
    event.listen(db_session.bind, "before_cursor_execute", listener)
    try:
        ratelimit.check(db_session, message, limit=3, window_seconds=60)
    finally:
        event.remove(db_session.bind, "before_cursor_execute", listener)
    (statement,) = [s for s in seen if "count(" in s]
    where = statement.split("WHERE", 1)[1]
    assert "messages.user_id" in where and "messages.created_at" in where
    indexdef = db_session.execute(
        text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_messages_user_id_created_at'")
    ).scalar_one()
    assert "(user_id, created_at)" in indexdef
