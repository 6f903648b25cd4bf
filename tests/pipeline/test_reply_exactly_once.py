"""Replies go out exactly once even when Twilio is slow: a reply whose request timed out is looked up (its
status callback, else Twilio's Messages list) before it is ever sent again.

The Twilio API here is the fake server speaking Twilio's REST protocol, driven by the real ``twilio``
client; "slow" is the server answering after the client's timeout, having created the message first.
"""
from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from app.config import get_settings
from app.i18n.catalogue import text as say
from app.models import Invoice, Message, MessageRole, WhatsAppMessage, WhatsAppStatus
from tests.extraction.pdf_factory import build_pdf, text_page

TIMEOUT = 0.5  # TWILIO_TIMEOUT_SECONDS in these tests; a reply is re-sent no sooner than twice that


@pytest.fixture
def short_timeout(monkeypatch):
    monkeypatch.setenv("TWILIO_TIMEOUT_SECONDS", str(TIMEOUT))
    get_settings.cache_clear()


def lookups(fake) -> int:
    return sum(1 for r in fake.requests if r.method == "GET" and r.path.endswith("/Messages.json"))


def outbound_rows(db_session):
    db_session.expire_all()
    return db_session.scalars(select(WhatsAppMessage).join(Message, Message.id == WhatsAppMessage.message_id)
                              .where(Message.role == MessageRole.assistant).order_by(WhatsAppMessage.id)).all()


def retry_after_settling(harness, seconds: float = 2 * TIMEOUT + 0.2) -> None:
    time.sleep(seconds)
    harness.skip_backoff()
    harness.run_jobs(retries=False)


def test_a_reply_twilio_created_after_our_timeout_is_found_not_sent_again(short_timeout, whatsapp, db_session):
    whatsapp.fake.delay_next(1.5, create="after")  # created at once, answered after the client gave up
    whatsapp.send_text("hello")
    whatsapp.run_jobs(retries=False)
    assert len(whatsapp.replies()) == 1  # Twilio did create it
    [row] = outbound_rows(db_session)
    assert row.whatsapp_message_id.startswith("pending:")

    whatsapp.run_jobs()  # an early retry: too soon to conclude anything, so it neither sends nor adopts
    assert len(whatsapp.replies()) == 1
    retry_after_settling(whatsapp)
    assert len(whatsapp.replies()) == 1
    [row] = outbound_rows(db_session)
    assert row.whatsapp_message_id == whatsapp.replies()[0]["sid"]
    assert row.status == WhatsAppStatus.queued
    assert db_session.scalar(select(Message.processed_at).where(Message.role == MessageRole.user))


def test_a_reply_twilio_created_late_is_found_too(short_timeout, whatsapp, db_session):
    whatsapp.fake.delay_next(0.8, create="before")  # the message appears only after the client gave up
    whatsapp.send_text("hello")
    whatsapp.run_jobs(retries=False)
    retry_after_settling(whatsapp)
    assert len(whatsapp.replies()) == 1
    [row] = outbound_rows(db_session)
    assert row.whatsapp_message_id == whatsapp.replies()[0]["sid"]


def test_the_status_callback_tells_the_sid_and_no_lookup_is_needed(short_timeout, whatsapp_live, db_session):
    whatsapp_live.fake.delay_next(1.5, create="after")
    assert whatsapp_live.post_http(whatsapp_live.form("text")).status_code == 200
    whatsapp_live.run_jobs(retries=False)
    [created] = whatsapp_live.replies(None)
    assert whatsapp_live.fake.send_status_callbacks(created["sid"], ("sent",)) == [200]
    [row] = outbound_rows(db_session)
    assert (row.whatsapp_message_id, row.status) == (created["sid"], WhatsAppStatus.sent)

    whatsapp_live.skip_backoff()
    whatsapp_live.run_jobs(retries=False)
    assert len(whatsapp_live.replies(None)) == 1
    assert lookups(whatsapp_live.fake) == 0


def test_a_request_twilio_refused_is_sent_again_at_once_without_looking(short_timeout, whatsapp, db_session):
    whatsapp.fake.fail_next(429, 20429)
    whatsapp.send_text("hello")
    whatsapp.run_jobs()
    assert len(whatsapp.replies()) == 1
    assert lookups(whatsapp.fake) == 0


def test_an_unreachable_twilio_is_retried_at_once_without_looking(short_timeout, whatsapp, db_session,
                                                                 monkeypatch):
    monkeypatch.setenv("TWILIO_API_BASE_URL", "http://127.0.0.1:1")  # connection refused: nothing was sent
    get_settings.cache_clear()
    whatsapp.send_text("hello")
    whatsapp.run_jobs(retries=False)
    monkeypatch.setenv("TWILIO_API_BASE_URL", whatsapp.fake.url)
    get_settings.cache_clear()
    whatsapp.run_jobs()
    assert len(whatsapp.replies()) == 1
    assert lookups(whatsapp.fake) == 0


def test_a_same_text_reply_already_recorded_is_not_mistaken_for_the_lost_one(short_timeout, whatsapp, db_session):
    for _ in range(2):  # the second greeting is the plain one every later "hello" gets
        whatsapp.send_text("hello")
        whatsapp.run_jobs()
    whatsapp.fake.fail_next(500, 20500)  # nothing created, but a 5xx proves nothing
    whatsapp.send_text("hello")
    whatsapp.run_jobs(retries=False)
    retry_after_settling(whatsapp)
    replies = whatsapp.replies()
    assert len(replies) == 3 and replies[1]["Body"] == replies[2]["Body"]
    assert [r.whatsapp_message_id for r in outbound_rows(db_session)] == [r["sid"] for r in replies]
    assert lookups(whatsapp.fake) == 1


def test_a_lookup_that_fails_never_resends_blindly(short_timeout, whatsapp, db_session):
    whatsapp.fake.delay_next(1.5, create="after")
    whatsapp.send_text("hello")
    whatsapp.run_jobs(retries=False)
    time.sleep(2 * TIMEOUT + 0.2)
    whatsapp.fake.fail_next(503, 20503, endpoint="list")  # the retry cannot look
    whatsapp.skip_backoff()
    whatsapp.run_jobs(retries=False)
    assert len(whatsapp.replies()) == 1
    whatsapp.skip_backoff()
    whatsapp.run_jobs(retries=False)
    assert len(whatsapp.replies()) == 1
    [row] = outbound_rows(db_session)
    assert row.whatsapp_message_id == whatsapp.replies()[0]["sid"]


def receipt(n: int) -> bytes:
    return build_pdf([text_page([f"Bakery {n}", f"Invoice number: B-{n}", "Invoice date: 13.01.2024",
                                 f"Total: {n}.20 EUR"])])


def test_a_retried_answer_does_not_do_its_action_twice(short_timeout, whatsapp, db_session):
    number = "+447700900123"
    for n in (1, 2):
        whatsapp.send_media(whatsapp.add_media(receipt(n), "application/pdf"), number=number)
        whatsapp.run_jobs()
    for ref in ("#1", "#2"):
        whatsapp.send_text(f"delete {ref}", number=number)
        whatsapp.run_jobs()
    whatsapp.fake.fail_next(500, 20500)
    whatsapp.send_text("undo", number=number)
    whatsapp.run_jobs(retries=False)
    retry_after_settling(whatsapp)
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(Invoice).where(Invoice.deleted_at.is_(None))) == 1
    undone = [r["Body"] for r in whatsapp.replies(number) if r["Body"].startswith("↩️")]
    assert len(undone) == 1 and "#2" in undone[0]
    assert say("en", "nothing_to_undo") not in [r["Body"] for r in whatsapp.replies(number)]
