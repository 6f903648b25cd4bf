"""Over the rate limit, messages wait their turn and are answered in order: one notice, every answer.

Time is moved by shifting the stored admission and due times back, which is all the limiter reads; the
scheduled jobs RQ holds for deferred messages are then run by a real worker.
"""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text, update

from app.config import get_settings
from app.i18n.catalogue import LANGUAGES
from app.i18n.catalogue import text as say
from app.models import Batch, Invoice, Media, MediaStatus, Message, MessageRole, WhatsAppMessage
from app.queue.enqueue import job_id_for
from app.tasks.sweep import sweep_unprocessed
from tests.extraction.pdf_factory import build_pdf, text_page

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


def bodies(harness, number=None):
    return [r["Body"] for r in (harness.replies(number) if number else harness.replies())]


def answers(harness, number=None):
    return [b for b in bodies(harness, number) if b not in NOTICES]


def move_clock(harness, db_session, seconds: int) -> None:
    """Everything stored happened ``seconds`` earlier: the limiter's times and RQ's schedule."""
    db_session.execute(update(Message).values(
        admitted_at=Message.admitted_at - text(f"interval '{seconds} seconds'"),
        deferred_until=Message.deferred_until - text(f"interval '{seconds} seconds'"),
        created_at=Message.created_at - text(f"interval '{seconds} seconds'")))
    db_session.execute(update(Batch).values(first_arrival=Batch.first_arrival - text(f"interval '{seconds} seconds'"),
                                            last_arrival=Batch.last_arrival - text(f"interval '{seconds} seconds'")))
    db_session.commit()
    key = harness.queue.scheduled_job_registry.key
    for job_id, score in harness.redis.zrange(key, 0, -1, withscores=True):
        harness.redis.zadd(key, {job_id: score - seconds})


def let_a_minute_pass(harness, db_session):
    """The limiter's clock moves 61 s; the worker's scheduler hands over the deferred jobs now due."""
    move_clock(harness, db_session, 61)
    harness.run_scheduled()


def receipt(n: int) -> bytes:
    return build_pdf([text_page([f"Shop number {n}", f"Invoice number: R-{n:04d}", "Invoice date: 13.01.2024",
                                 f"Total: {n}.50 EUR"])])


def test_a_burst_waits_and_every_message_is_answered_in_order_with_one_notice(limited, db_session):
    for n in range(10):
        assert limited.send_text(f"hello {n}").status_code == 200
    limited.run_jobs(retries=False)
    assert len(answers(limited)) == 3
    assert sum(b in NOTICES for b in bodies(limited)) == 1
    assert sum(m.processed_at is None for m in inbound(db_session)) == 7
    assert len(limited.queue.scheduled_job_registry.get_job_ids()) == 7  # parked, not dropped

    for _ in range(3):
        let_a_minute_pass(limited, db_session)
    assert len(answers(limited)) == 10
    assert sum(b in NOTICES for b in bodies(limited)) == 1
    assert all(m.processed_at is not None for m in inbound(db_session))
    replied_to = db_session.scalars(
        select(WhatsAppMessage.raw_webhook["reply_to"].astext).where(WhatsAppMessage.raw_webhook.has_key("slot"),
                                                                    WhatsAppMessage.raw_webhook["slot"].astext == "t")
        .order_by(WhatsAppMessage.id)).all()
    sent_order = db_session.scalars(
        select(WhatsAppMessage.whatsapp_message_id).join(Message)
        .where(Message.role == MessageRole.user).order_by(Message.id)).all()
    assert replied_to == sent_order  # answered in the order they were sent


def test_attachments_over_the_limit_wait_and_the_burst_is_summed_up_once_in_order(limited, db_session):
    for n in range(1, 6):
        limited.send_media(limited.add_media(receipt(n), "application/pdf"))
    limited.run_jobs(retries=False)
    downloads_before = len([r for r in limited.fake.requests if "/Media/" in r.path])
    assert downloads_before == 3  # the waiting ones are not fetched yet
    assert not db_session.scalars(select(Media).where(Media.status == MediaStatus.failed)).all()

    let_a_minute_pass(limited, db_session)
    # One burst: "Got it, reading…" at once, then, once the waiting ones are read, one summary of all five.
    ack, summary = answers(limited)
    assert ack == say("es", "batch_ack")
    assert re.findall(r"#(\d+)", summary)[:5] == ["1", "2", "3", "4", "5"]
    invoices = db_session.scalars(select(Invoice).order_by(Invoice.seq)).all()
    assert [inv.total_amount for inv in invoices] == [Decimal(f"{n}.50") for n in range(1, 6)]
    assert sum(b in NOTICES for b in bodies(limited)) == 1


def test_a_new_message_does_not_overtake_the_waiting_ones(limited, db_session):
    for n in range(5):
        limited.send_text(f"first {n}")
    limited.run_jobs(retries=False)
    # A minute later the window is empty, but two messages still wait for their scheduled run: a new one
    # processed before them must queue behind them.
    db_session.execute(update(Message).values(admitted_at=Message.admitted_at - text("interval '61 seconds'")))
    db_session.commit()
    limited.send_text("later")
    limited.run_jobs(retries=False)
    assert len(answers(limited)) == 3
    let_a_minute_pass(limited, db_session)
    assert len(answers(limited)) == 6
    replied_to = [db_session.scalar(select(Message.content).join(WhatsAppMessage, WhatsAppMessage.message_id == Message.id)
                                    .where(WhatsAppMessage.whatsapp_message_id == r.raw_webhook["reply_to"]))
                  for r in db_session.scalars(select(WhatsAppMessage).where(WhatsAppMessage.raw_webhook.has_key("slot"),
                                                                           WhatsAppMessage.raw_webhook["slot"].astext == "t")
                                              .order_by(WhatsAppMessage.id))]
    assert replied_to == [f"first {n}" for n in range(5)] + ["later"]


def test_running_a_job_again_changes_nothing(limited, db_session):
    from app.queue.enqueue import enqueue_processing

    for n in range(5):
        limited.send_text(f"spam {n}")
    limited.run_jobs(retries=False)
    for message_id, sid in db_session.execute(select(Message.id, WhatsAppMessage.whatsapp_message_id)
                                              .join(WhatsAppMessage).where(Message.role == MessageRole.user)):
        enqueue_processing(limited.settings, message_id, sid)  # a sweep or a retry, too early
    limited.run_jobs(retries=False)
    assert len(answers(limited)) == 3
    assert sum(b in NOTICES for b in bodies(limited)) == 1
    let_a_minute_pass(limited, db_session)
    assert len(answers(limited)) == 5
    assert sum(b in NOTICES for b in bodies(limited)) == 1


def test_the_limit_is_per_user(limited, db_session):
    for n in range(4):
        limited.send_text(f"a {n}", number="+34612345678")
    limited.send_text("hello", number="+4915112345678")
    limited.run_jobs(retries=False)
    assert len(bodies(limited, "+4915112345678")) == 1
    assert not NOTICES & set(bodies(limited, "+4915112345678"))


def test_the_notice_is_in_the_users_language(limited, db_session):
    for n in range(4):
        limited.send_text(f"hola {n}", number="+34612345678")
    limited.run_jobs(retries=False)
    assert say("es", "rate_limited") in bodies(limited, "+34612345678")


def test_admissions_outside_the_window_do_not_count(limited, db_session):
    for n in range(3):
        limited.send_text(f"earlier {n}")
    limited.run_jobs(retries=False)
    db_session.execute(update(Message).values(admitted_at=func.now() - text("interval '2 minutes'")))
    db_session.commit()
    limited.send_text("now")
    limited.run_jobs(retries=False)
    assert not NOTICES & set(bodies(limited))
    assert len(bodies(limited)) == 4


def test_a_deferral_survives_redis_losing_its_schedule(limited, db_session):
    for n in range(4):
        limited.send_text(f"hi {n}")
    limited.run_jobs(retries=False)
    (waiting,) = [m for m in inbound(db_session) if m.processed_at is None]
    sid = db_session.scalar(select(WhatsAppMessage.whatsapp_message_id).where(WhatsAppMessage.message_id == waiting.id))
    assert limited.queue.scheduled_job_registry.get_job_ids() == [job_id_for(sid, waiting.deferred_until)]
    limited.redis.flushdb()
    assert sweep_unprocessed() == 0  # not due yet
    move_clock(limited, db_session, 120)
    assert sweep_unprocessed() == 1
    limited.run_jobs(retries=False)
    assert len(answers(limited)) == 4


def test_the_admission_count_reads_the_users_admissions_through_their_index(limited, db_session):
    # Which index the planner picks on a tiny table is not stable; what the count needs is an index led by
    # exactly the columns it filters on, so that is what this pins.
    from sqlalchemy import event

    from app.tasks import ratelimit

    limited.send_text("hi")
    message = inbound(db_session)[0]
    seen = []
    listener = lambda conn, cursor, statement, params, context, many: seen.append(statement)  # noqa: E731
    event.listen(db_session.bind, "before_cursor_execute", listener)
    try:
        ratelimit.admit(db_session, message, limit=3, window_seconds=60)
    finally:
        event.remove(db_session.bind, "before_cursor_execute", listener)
        db_session.rollback()
    (statement,) = [s for s in seen if "admitted_at >" in s and "OFFSET" in s.upper()]
    where = statement.split("WHERE", 1)[1]
    assert "messages.user_id" in where and "messages.admitted_at" in where
    indexdef = db_session.execute(
        text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_messages_user_id_admitted_at'")
    ).scalar_one()
    assert "(user_id, admitted_at)" in indexdef
