"""POST /webhooks/twilio/whatsapp: one short transaction, one job, 200 with empty TwiML."""
from __future__ import annotations

from sqlalchemy import func, select, text, update

from app.models import (
    Conversation,
    Media,
    MediaStatus,
    Message,
    MessageRole,
    User,
    WhatsAppMessage,
    WhatsAppStatus,
)
from app.queue.enqueue import job_id_for


def count(db_session, model) -> int:
    return db_session.scalar(select(func.count()).select_from(model))


def test_a_text_message_is_stored_and_acknowledged_with_empty_twiml(whatsapp, db_session):
    form = whatsapp.form("text")
    response = whatsapp.post(form)
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert b"<Response" in response.data and b"<Message" not in response.data

    user = db_session.scalars(select(User)).one()
    assert (user.whatsapp_number, user.name) == ("+34612345678", "Maria Lopez")
    assert user.last_activity is not None
    message = db_session.scalars(select(Message)).one()
    assert (message.role, message.content, message.user_id) == (MessageRole.user, form["Body"], user.id)
    assert message.processed_at is None
    row = db_session.scalars(select(WhatsAppMessage)).one()
    assert (row.whatsapp_message_id, row.status, row.message_id) == (
        form["MessageSid"], WhatsAppStatus.received, message.id)
    assert (row.from_number, row.to_number) == (form["From"], form["To"])


def test_the_raw_webhook_is_kept_for_replay(whatsapp, db_session):
    form = whatsapp.form("text")
    whatsapp.post(form)
    raw = db_session.scalar(select(WhatsAppMessage.raw_webhook))
    assert raw["url"] == "https://assistant.example.test/webhooks/twilio/whatsapp"
    assert raw["form"] == form
    assert raw["headers"]["X-Twilio-Signature"]
    assert "I-Twilio-Idempotency-Token" in raw["headers"]


def test_one_job_is_enqueued_under_a_deterministic_id(whatsapp, db_session):
    form = whatsapp.form("text")
    whatsapp.post(form)
    message_id = db_session.scalar(select(Message.id))
    assert whatsapp.job_ids() == [job_id_for(form["MessageSid"])]
    job = whatsapp.queue.fetch_job(job_id_for(form["MessageSid"]))
    assert job.func_name == "app.tasks.process.process_message" and job.args == (message_id,)
    assert job.retries_left == whatsapp.settings.job_retry_max


def test_each_attachment_gets_a_media_row(whatsapp, db_session):
    form = whatsapp.form("several_media")
    assert whatsapp.post(form).status_code == 200
    media = db_session.scalars(select(Media).order_by(Media.media_index)).all()
    assert [(m.media_index, m.source_url, m.content_type, m.status) for m in media] == [
        (i, form[f"MediaUrl{i}"], form[f"MediaContentType{i}"], MediaStatus.uploaded) for i in range(3)]
    message = db_session.scalars(select(Message)).one()
    assert all(m.message_id == message.id and m.user_id == message.user_id for m in media)
    row = db_session.scalars(select(WhatsAppMessage)).one()
    assert (row.media_url, row.media_type) == (form["MediaUrl0"], "image/jpeg")
    assert message.content == "receipts from the trip"


def test_an_attachment_without_caption_gets_a_placeholder_content(whatsapp, db_session):
    whatsapp.post(whatsapp.form("several_media", Body=""))
    assert db_session.scalar(select(Message.content)) == "[3 attachments]"


def test_a_malformed_form_gets_400_and_stores_nothing(whatsapp, db_session):
    form = whatsapp.form("image", NumMedia="3")
    assert whatsapp.post(form).status_code == 400
    assert count(db_session, User) == count(db_session, Message) == 0
    assert whatsapp.job_ids() == []


def test_a_redelivery_gets_200_and_changes_nothing(whatsapp, db_session):
    form = whatsapp.form("image")
    assert whatsapp.post(form).status_code == 200
    before = db_session.execute(text("SELECT last_activity FROM users")).scalar_one()
    db_session.commit()
    assert whatsapp.post(form).status_code == 200
    assert count(db_session, Message) == count(db_session, WhatsAppMessage) == count(db_session, Media) == 1
    assert db_session.execute(text("SELECT last_activity FROM users")).scalar_one() == before
    assert len(whatsapp.job_ids()) == 1


def test_a_returning_user_is_updated_not_duplicated(whatsapp, db_session):
    whatsapp.send_text("one", profile_name="Maria")
    whatsapp.send_text("two", profile_name="Maria L.")
    user = db_session.scalars(select(User)).one()
    assert user.name == "Maria L."
    assert count(db_session, Message) == 2


def test_users_are_kept_apart_by_number(whatsapp, db_session):
    whatsapp.send_text("hi", number="+34612345678")
    whatsapp.send_text("hi", number="+4915112345678")
    assert count(db_session, User) == 2
    assert count(db_session, Conversation) == 2


def test_messages_within_the_idle_gap_share_a_conversation(whatsapp, db_session):
    whatsapp.send_text("one")
    whatsapp.send_text("two")
    assert count(db_session, Conversation) == 1


def test_a_new_conversation_starts_after_the_idle_gap(whatsapp, db_session):
    whatsapp.send_text("yesterday")
    idle = whatsapp.settings.conversation_idle_hours
    db_session.execute(update(Message).values(
        created_at=func.now() - text(f"interval '{idle + 1} hours'")))
    db_session.commit()
    whatsapp.send_text("today")
    conversations = db_session.scalars(select(Message.conversation_id).order_by(Message.id)).all()
    assert len(set(conversations)) == 2


def test_when_redis_is_down_the_message_is_stored_and_still_acknowledged(whatsapp, db_session):
    from app import create_app

    broken = whatsapp.settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    client = create_app(broken).test_client()
    form = whatsapp.form("text")
    from tests.fixtures_whatsapp import WHATSAPP_PATH, sign

    signature = sign(broken.twilio_auth_token, whatsapp.signed_url(WHATSAPP_PATH), form)
    assert client.post(WHATSAPP_PATH, data=form, headers={"X-Twilio-Signature": signature}).status_code == 200
    assert count(db_session, Message) == 1
    assert whatsapp.job_ids() == []


def test_webhooks_are_counted_by_outcome_and_timed(whatsapp, db_session):
    from app.metrics import ACK_LATENCY, WEBHOOKS

    def counted(outcome):
        return WEBHOOKS.labels(endpoint="whatsapp", outcome=outcome)._value.get()

    def timed():
        return next(s.value for s in ACK_LATENCY.collect()[0].samples
                    if s.name.endswith("_count") and s.labels == {"endpoint": "whatsapp"})

    before = {o: counted(o) for o in ("accepted", "duplicate", "forbidden", "invalid")}
    before_timed = timed()
    form = whatsapp.form("text")
    whatsapp.post(form)
    whatsapp.post(form)
    whatsapp.post(form, signature="forged")
    whatsapp.post(whatsapp.form("text", From="nobody"))
    assert {o: counted(o) - n for o, n in before.items()} == {
        "accepted": 1, "duplicate": 1, "forbidden": 1, "invalid": 1}
    assert timed() - before_timed == 4
