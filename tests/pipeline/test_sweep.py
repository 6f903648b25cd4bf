"""Redis down while a message arrives: it is stored, and the worker's janitor sweeps it onto the queue later."""
from __future__ import annotations

from sqlalchemy import func, select, text, update

from app.models import Message, MessageRole
from app.queue.enqueue import job_id_for
from app.tasks.sweep import sweep_unprocessed
from tests.fixtures_whatsapp import WHATSAPP_PATH, sign
from worker.janitor import Janitor


def post_while_redis_is_down(whatsapp):
    from app import create_app

    broken = whatsapp.settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    form = whatsapp.form("text")
    signature = sign(broken.twilio_auth_token, whatsapp.signed_url(WHATSAPP_PATH), form)
    response = create_app(broken).test_client().post(WHATSAPP_PATH, data=form,
                                                     headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200
    return form


def age_messages(db_session, seconds=120):
    db_session.execute(update(Message).values(created_at=func.now() - text(f"interval '{seconds} seconds'")))
    db_session.commit()


def test_a_message_stored_while_redis_was_down_is_swept_and_answered(whatsapp, db_session):
    form = post_while_redis_is_down(whatsapp)
    assert whatsapp.job_ids() == []
    age_messages(db_session)

    Janitor(whatsapp.settings, whatsapp.redis).run_round()  # what the worker's janitor thread does
    assert whatsapp.job_ids() == [job_id_for(form["MessageSid"])]
    whatsapp.run_jobs()

    assert job_id_for(form["MessageSid"]) in whatsapp.job_ids()
    assert len(whatsapp.replies()) == 1
    assert db_session.scalar(select(Message.processed_at).where(Message.role == MessageRole.user))


def test_the_sweep_leaves_recent_messages_to_their_webhook(whatsapp, db_session):
    post_while_redis_is_down(whatsapp)
    assert sweep_unprocessed() == 0


def test_the_sweep_skips_messages_whose_job_is_already_queued(whatsapp, db_session):
    whatsapp.send_text("hello")
    age_messages(db_session)
    assert sweep_unprocessed() == 0
    assert len(whatsapp.queue.get_job_ids()) == 1


def test_sweeping_twice_enqueues_once(whatsapp, db_session):
    post_while_redis_is_down(whatsapp)
    age_messages(db_session)
    assert sweep_unprocessed() == 1
    assert sweep_unprocessed() == 0
    whatsapp.run_jobs()
    assert len(whatsapp.replies()) == 1


def test_processed_messages_are_not_swept(whatsapp, db_session):
    whatsapp.send_text("hello")
    whatsapp.run_jobs()
    whatsapp.redis.flushdb()  # Redis lost everything; the database still knows the message is done
    age_messages(db_session)
    assert sweep_unprocessed() == 0
