"""POST /webhooks/twilio/status: signed, monotonic, failures keep Twilio's ErrorCode, unknown SIDs ignored."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import Message, MessageRole, WhatsAppMessage, WhatsAppStatus


@pytest.fixture
def sent_reply(whatsapp, db_session):
    """The SID of a reply the app sent (and stored) for an inbound text."""
    whatsapp.send_text("hello")
    whatsapp.run_jobs()
    return whatsapp.replies()[0]["sid"]


def status_of(db_session, sid):
    db_session.expire_all()
    return db_session.execute(select(WhatsAppMessage.status, WhatsAppMessage.error_code)
                              .where(WhatsAppMessage.whatsapp_message_id == sid)).one()


@pytest.mark.parametrize("name", ["status_queued", "status_sent", "status_delivered", "status_read",
                                  "status_failed", "status_undelivered"])
def test_recorded_status_callbacks_are_accepted(whatsapp, sent_reply, name):
    form = whatsapp.form(name, fresh_sid=False, MessageSid=sent_reply, SmsSid=sent_reply)
    response = whatsapp.post(form, "/webhooks/twilio/status")
    assert response.status_code == 200


def test_status_moves_forward(whatsapp, db_session, sent_reply):
    for status in ("sent", "delivered", "read"):
        assert whatsapp.status_callback(sent_reply, status).status_code == 200
        assert status_of(db_session, sent_reply)[0] == WhatsAppStatus(status)


def test_a_late_sent_never_overwrites_read(whatsapp, db_session, sent_reply):
    whatsapp.status_callback(sent_reply, "read")
    whatsapp.status_callback(sent_reply, "sent")
    whatsapp.status_callback(sent_reply, "delivered")
    assert status_of(db_session, sent_reply)[0] == WhatsAppStatus.read


def test_failed_keeps_twilios_error_code(whatsapp, db_session, sent_reply):
    whatsapp.status_callback(sent_reply, "sent")
    whatsapp.status_callback(sent_reply, "failed", error_code=63016)
    assert status_of(db_session, sent_reply) == (WhatsAppStatus.failed, 63016)


def test_undelivered_keeps_twilios_error_code(whatsapp, db_session, sent_reply):
    whatsapp.status_callback(sent_reply, "undelivered", error_code=63024)
    assert status_of(db_session, sent_reply) == (WhatsAppStatus.undelivered, 63024)


def test_a_late_failure_does_not_undo_a_delivery(whatsapp, db_session, sent_reply):
    whatsapp.status_callback(sent_reply, "delivered")
    whatsapp.status_callback(sent_reply, "undelivered", error_code=30003)
    assert status_of(db_session, sent_reply) == (WhatsAppStatus.delivered, None)


def test_an_unknown_sid_is_accepted_and_ignored(whatsapp, db_session, sent_reply):
    assert whatsapp.status_callback("SM" + "0" * 32, "delivered").status_code == 200
    assert status_of(db_session, sent_reply)[0] == WhatsAppStatus.queued


def test_an_untracked_status_is_accepted_and_ignored(whatsapp, db_session, sent_reply):
    assert whatsapp.status_callback(sent_reply, "scheduled").status_code == 200
    assert status_of(db_session, sent_reply)[0] == WhatsAppStatus.queued


def test_inbound_messages_keep_received(whatsapp, db_session, sent_reply):
    inbound_sid = db_session.scalar(select(WhatsAppMessage.whatsapp_message_id).join(Message)
                                    .where(Message.role == MessageRole.user))
    whatsapp.status_callback(inbound_sid, "read")
    assert status_of(db_session, inbound_sid)[0] == WhatsAppStatus.received


def test_a_malformed_callback_gets_400(whatsapp, sent_reply):
    form = whatsapp.form("status_sent", fresh_sid=False, MessageSid="nonsense")
    assert whatsapp.post(form, "/webhooks/twilio/status").status_code == 400


def test_callbacks_posted_by_twilio_itself_update_the_reply(whatsapp_live, db_session):
    """The fake Twilio API signs and posts callbacks to the StatusCallback URL the app gave it."""
    assert whatsapp_live.post_http(whatsapp_live.form("text")).status_code == 200
    whatsapp_live.run_jobs()
    [reply] = whatsapp_live.replies()
    assert reply["StatusCallback"].startswith(whatsapp_live.base_url + "/webhooks/twilio/status?reply=")
    answers = whatsapp_live.fake.send_status_callbacks(reply["sid"], ("sent", "delivered", "read"))
    assert answers == [200, 200, 200]
    assert status_of(db_session, reply["sid"])[0] == WhatsAppStatus.read
