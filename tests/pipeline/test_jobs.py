"""process_message: from a stored message to replies sent through the (fake) Twilio API and stored."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.metrics import JOBS, REPLIES
from app.models import Media, MediaStatus, Message, MessageRole, WhatsAppMessage, WhatsAppStatus
from app.queue.enqueue import enqueue_processing
from tests.pipeline.media_samples import PDF


def assistant_rows(db_session):
    return db_session.execute(
        select(Message, WhatsAppMessage).join(WhatsAppMessage, WhatsAppMessage.message_id == Message.id)
        .where(Message.role == MessageRole.assistant).order_by(Message.id)
    ).all()


def test_a_text_message_gets_one_reply_from_the_conversation_handler(whatsapp, db_session):
    whatsapp.send_text("hello")
    assert whatsapp.run_jobs() == 1
    [reply] = whatsapp.replies()
    assert reply["Body"].strip()
    assert reply["From"] == whatsapp.settings.twilio_whatsapp_from
    # The callback URL names our record of this reply, so a callback can tell us a SID we never heard of.
    [(_, row)] = assistant_rows(db_session)
    assert reply["StatusCallback"] == f"https://assistant.example.test/webhooks/twilio/status?reply={row.id}"


def test_the_reply_is_stored_with_twilios_sid_and_status(whatsapp, db_session):
    whatsapp.send_text("hello")
    whatsapp.run_jobs()
    [reply] = whatsapp.replies()
    [(message, row)] = assistant_rows(db_session)
    assert message.content == reply["Body"]
    assert (row.whatsapp_message_id, row.status) == (reply["sid"], WhatsAppStatus.queued)
    assert row.to_number == "whatsapp:+34612345678"
    inbound = db_session.scalars(select(Message).where(Message.role == MessageRole.user)).one()
    assert inbound.processed_at is not None
    assert message.conversation_id == inbound.conversation_id


def test_running_a_finished_job_again_creates_and_sends_nothing(whatsapp, db_session):
    whatsapp.send_text("hello")
    whatsapp.run_jobs()
    message_id, sid = db_session.execute(
        select(Message.id, WhatsAppMessage.whatsapp_message_id).join(WhatsAppMessage)
        .where(Message.role == MessageRole.user)).one()
    enqueue_processing(whatsapp.settings, message_id, sid)
    assert whatsapp.run_jobs() == 1
    assert len(whatsapp.replies()) == 1
    assert db_session.scalar(select(func.count()).select_from(Message)) == 2


def test_a_document_is_downloaded_stored_and_answered(whatsapp, db_session):
    whatsapp.send_media(whatsapp.add_media(PDF, "application/pdf"))
    whatsapp.run_jobs()
    media = db_session.scalars(select(Media)).one()
    assert media.status == MediaStatus.processed
    assert media.invoice_id is not None  # handed over to extraction, which saved the invoice
    assert (media.content_type, media.file_size) == ("application/pdf", len(PDF))
    assert len(media.content_hash) == 64
    assert media.filename.endswith("-0.pdf")
    with open(media.file_path, "rb") as stored:
        assert stored.read() == PDF
    assert media.file_url.startswith("file://")
    [reply] = whatsapp.replies()
    assert "ACME Office Supplies" in reply["Body"]


def test_several_attachments_each_get_an_answer(whatsapp, db_session):
    whatsapp.send_media(whatsapp.add_media(PDF, "application/pdf"), whatsapp.add_media(PDF, "application/pdf"))
    whatsapp.run_jobs()
    media = db_session.scalars(select(Media).order_by(Media.media_index)).all()
    assert [m.status for m in media] == [MediaStatus.processed, MediaStatus.processed]
    assert media[0].file_path != media[1].file_path
    assert len(whatsapp.replies()) == 2


def test_twilio_5xx_is_retried_with_backoff_then_sent_once(whatsapp, db_session, monkeypatch):
    import time

    from app.config import get_settings

    # A 5xx may come after Twilio created the message: the retry looks first and only sends again once
    # twice the request timeout has passed since the attempt.
    monkeypatch.setenv("TWILIO_TIMEOUT_SECONDS", "0.5")
    get_settings.cache_clear()
    whatsapp.fake.fail_next(500, 20500, times=2)
    whatsapp.send_text("hello")
    whatsapp.run_jobs(retries=False)
    job = whatsapp.queue.fetch_job(whatsapp.job_ids()[0])
    assert job.get_status() == "scheduled"  # waiting for its backoff, in RQ's scheduled registry
    assert whatsapp.replies() == []
    for _ in range(2):
        time.sleep(1.1)
        whatsapp.skip_backoff()
        whatsapp.run_jobs(retries=False)
    assert len(whatsapp.replies()) == 1
    lookups = [r for r in whatsapp.fake.requests if r.method == "GET" and r.path.endswith("/Messages.json")]
    assert len(lookups) == 2
    [(_, row)] = assistant_rows(db_session)
    assert row.whatsapp_message_id == whatsapp.replies()[0]["sid"]
    assert db_session.scalar(select(Message.processed_at).where(Message.role == MessageRole.user))


def test_twilio_429_is_retried(whatsapp, db_session):
    whatsapp.fake.fail_next(429, 20429)
    whatsapp.send_text("hello")
    whatsapp.run_jobs()
    assert len(whatsapp.replies()) == 1


def test_a_network_failure_is_retried(whatsapp, db_session, monkeypatch):
    from app.config import get_settings

    monkeypatch.setenv("TWILIO_API_BASE_URL", "http://127.0.0.1:1")
    get_settings.cache_clear()
    whatsapp.send_text("hello")
    whatsapp.run_jobs(retries=False)
    assert whatsapp.queue.fetch_job(whatsapp.job_ids()[0]).get_status() == "scheduled"
    monkeypatch.setenv("TWILIO_API_BASE_URL", whatsapp.fake.url)
    get_settings.cache_clear()
    whatsapp.run_jobs()
    assert len(whatsapp.replies()) == 1


def test_a_permanent_twilio_refusal_marks_the_reply_failed_without_retrying(whatsapp, db_session):
    whatsapp.fake.fail_next(400, 21211)
    whatsapp.send_text("hello")
    assert whatsapp.run_jobs() == 1
    [(_, row)] = assistant_rows(db_session)
    assert (row.status, row.error_code) == (WhatsAppStatus.failed, 21211)
    assert whatsapp.replies() == []
    assert db_session.scalar(select(Message.processed_at).where(Message.role == MessageRole.user))


def test_a_long_reply_is_split_and_each_part_stored(whatsapp, db_session):
    from app.domain.reply import Reply
    from app.replies.send import Inbound, send_reply

    whatsapp.send_text("show all my invoices")
    inbound = db_session.execute(
        select(Message, WhatsAppMessage).join(WhatsAppMessage).where(Message.role == MessageRole.user)).one()
    target = Inbound(inbound[0].id, inbound[0].user_id, inbound[0].conversation_id,
                     inbound[1].whatsapp_message_id, inbound[1].from_number)
    long_body = "\n".join(f"#{n} ACME Supplies — 12.50 EUR — 2024-03-{n % 28 + 1:02d}" for n in range(120))

    send_reply(db_session, whatsapp.settings, target, Reply(body=long_body), "t")
    send_reply(db_session, whatsapp.settings, target, Reply(body=long_body), "t")  # a retry sends nothing

    parts = [r["Body"] for r in whatsapp.replies()]
    assert len(parts) >= 3 and all(len(p) <= 1600 for p in parts)
    assert "\n".join(parts) == long_body
    rows = assistant_rows(db_session)
    assert [m.content for m, _ in rows] == parts
    assert [w.whatsapp_message_id for _, w in rows] == [r["sid"] for r in whatsapp.replies()]


def test_metrics_count_jobs_and_replies(whatsapp, db_session):
    before_jobs = JOBS.labels(job="process_message", outcome="processed")._value.get()
    before_sent = REPLIES.labels(outcome="sent")._value.get()
    whatsapp.send_text("hello")
    whatsapp.run_jobs()
    assert JOBS.labels(job="process_message", outcome="processed")._value.get() == before_jobs + 1
    assert REPLIES.labels(outcome="sent")._value.get() == before_sent + 1


def test_worker_logs_carry_the_message_sid(whatsapp, db_session, caplog):
    import logging

    form = whatsapp.form("text")
    whatsapp.post(form)
    with caplog.at_level(logging.INFO, logger="app.tasks.process"):
        whatsapp.run_jobs()
    assert any(getattr(r, "message_sid", None) == form["MessageSid"] for r in caplog.records
               if r.name == "app.tasks.process")


@pytest.fixture
def two_retries(settings, monkeypatch):
    monkeypatch.setenv("JOB_RETRY_MAX", "2")  # read by the app the ``whatsapp`` fixture builds next


def test_after_the_last_retry_the_user_is_told_once_and_the_job_kept_for_operators(two_retries, whatsapp,
                                                                                 db_session):
    from app.i18n.catalogue import text

    whatsapp.fake.fail_next(503, 20503, times=3, endpoint="media")
    whatsapp.send_media(whatsapp.add_media(PDF, "application/pdf"))
    assert whatsapp.run_jobs() == 3
    assert [r["Body"] for r in whatsapp.replies()] == [text("es", "gave_up")]  # in the language of the sender's Spanish number
    assert whatsapp.queue.failed_job_registry.get_job_ids() == whatsapp.job_ids()
    assert db_session.scalar(select(Message.processed_at).where(Message.role == MessageRole.user)) is None
