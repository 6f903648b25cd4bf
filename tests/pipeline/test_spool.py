"""PostgreSQL down, slow or locked while messages arrive: the webhook spools them to Redis and answers 200;
the drain moves them into PostgreSQL in order, exactly once, and they are answered.

"PostgreSQL down" is a closed port; "PostgreSQL never answers" a socket that accepts and stays silent;
"locked" a row or table lock this test holds on the real database.
"""
from __future__ import annotations

import datetime as dt
import socket
import time

import pytest
from sqlalchemy import func, select, text

from app import create_app
from app.config import Settings
from app.db import get_engine
from app.models import Message, MessageRole, WhatsAppMessage
from app.queue.enqueue import job_id_for
from app.webhook import spool
from app.webhook.forms import parse_inbound
from tests.fixtures_whatsapp import WHATSAPP_PATH, sign

CLOSED = Settings(DATABASE_URL="postgresql://nobody@127.0.0.1:1/none").database_url
ANA, BEN = "+34600000001", "+34600000002"


@pytest.fixture
def quick_webhook(monkeypatch):
    """A half-second database budget, so lock waits in these tests are short."""
    from app.config import get_settings

    monkeypatch.setenv("WEBHOOK_DB_TIMEOUT", "0.5")
    get_settings.cache_clear()


def _post(app, settings, form):
    signature = sign(settings.twilio_auth_token, settings.public_base_url.rstrip("/") + WHATSAPP_PATH, form)
    started = time.monotonic()
    response = app.test_client().post(WHATSAPP_PATH, data=form, headers={"X-Twilio-Signature": signature})
    return response, time.monotonic() - started


def _text(whatsapp, number: str, body: str) -> dict[str, str]:
    return whatsapp.form("text", Body=body, From=f"whatsapp:{number}", WaId=number[1:])


def _app_with_database(whatsapp, url: str):
    return create_app(whatsapp.settings.model_copy(update={"database_url": url}))


def _drain(whatsapp) -> spool.DrainReport:
    return spool.drain(whatsapp.settings, get_engine(whatsapp.settings.database_url), whatsapp.redis)


def _stored_bodies(db_session, number: str) -> list[str]:
    return list(db_session.scalars(
        select(Message.content).join(WhatsAppMessage, WhatsAppMessage.message_id == Message.id)
        .where(WhatsAppMessage.from_number == f"whatsapp:{number}", Message.role == MessageRole.user)
        .order_by(Message.id)))


def test_postgres_down_spools_answers_200_and_the_drain_stores_and_answers(whatsapp, db_session):
    down = _app_with_database(whatsapp, CLOSED)
    form = _text(whatsapp, ANA, "how many invoices do I have?")
    response, took = _post(down, whatsapp.settings, form)
    assert response.status_code == 200 and "<Response" in response.get_data(as_text=True)
    assert took < 5
    assert db_session.scalar(select(func.count()).select_from(Message)) == 0
    assert spool.waiting_for(whatsapp.redis, ANA) == 1

    report = _drain(whatsapp)
    assert (report.stored, report.duplicates, report.dead) == (1, 0, 0)
    assert spool.waiting_for(whatsapp.redis, ANA) == 0 and whatsapp.redis.xlen(spool.STREAM) == 0
    assert whatsapp.job_ids() == [job_id_for(form["MessageSid"])]
    whatsapp.run_jobs()
    assert len(whatsapp.replies(ANA)) == 1
    stored = db_session.scalar(select(WhatsAppMessage).where(WhatsAppMessage.whatsapp_message_id == form["MessageSid"]))
    assert stored.raw_webhook["form"]["Body"] == "how many invoices do I have?"


def test_a_spooled_message_keeps_the_time_it_arrived(whatsapp, db_session):
    _post(_app_with_database(whatsapp, CLOSED), whatsapp.settings, _text(whatsapp, ANA, "hello"))
    arrived = dt.datetime.now(dt.UTC)
    time.sleep(1.2)
    _drain(whatsapp)
    created = db_session.scalar(select(Message.created_at).where(Message.role == MessageRole.user))
    assert abs((created - arrived).total_seconds()) < 1


def test_a_sender_with_spooled_messages_is_spooled_behind_them_and_drained_in_order(whatsapp, db_session):
    down, up = _app_with_database(whatsapp, CLOSED), whatsapp.app
    _post(down, whatsapp.settings, _text(whatsapp, ANA, "first"))
    _post(down, whatsapp.settings, _text(whatsapp, ANA, "second"))
    # PostgreSQL is back, but Ana's older messages are still in the spool: hers wait behind them.
    assert _post(up, whatsapp.settings, _text(whatsapp, ANA, "third"))[0].status_code == 200
    assert _post(up, whatsapp.settings, _text(whatsapp, BEN, "ben's"))[0].status_code == 200
    assert _stored_bodies(db_session, ANA) == [] and _stored_bodies(db_session, BEN) == ["ben's"]
    assert spool.waiting_for(whatsapp.redis, ANA) == 3

    assert _drain(whatsapp).stored == 3
    assert _stored_bodies(db_session, ANA) == ["first", "second", "third"]
    assert _post(up, whatsapp.settings, _text(whatsapp, ANA, "fourth"))[0].status_code == 200
    assert _stored_bodies(db_session, ANA)[-1] == "fourth"  # nothing waits: straight to PostgreSQL


def test_a_webhook_delivered_twice_while_spooled_is_stored_once(whatsapp, db_session):
    down = _app_with_database(whatsapp, CLOSED)
    form = _text(whatsapp, ANA, "hello")
    _post(down, whatsapp.settings, form)
    _post(down, whatsapp.settings, form)  # Twilio's retry of the same MessageSid
    report = _drain(whatsapp)
    assert (report.stored, report.duplicates) == (1, 1)
    assert _stored_bodies(db_session, ANA) == ["hello"]
    assert _drain(whatsapp) == spool.DrainReport()  # nothing left, nothing done twice
    whatsapp.run_jobs()
    assert len(whatsapp.replies(ANA)) == 1


def test_the_drain_leaves_everything_queued_while_postgres_is_down(whatsapp):
    down = _app_with_database(whatsapp, CLOSED)
    _post(down, whatsapp.settings, _text(whatsapp, ANA, "hello"))
    down_settings = whatsapp.settings.model_copy(update={"database_url": CLOSED})
    with pytest.raises(Exception):  # noqa: B017 - whichever error the driver gives for a closed port
        spool.drain(down_settings, get_engine(CLOSED), whatsapp.redis)
    assert whatsapp.redis.xlen(spool.STREAM) == 1 and spool.waiting_for(whatsapp.redis, ANA) == 1


def test_a_locked_sender_is_spooled_within_the_budget_and_holds_back_only_their_own(
        quick_webhook, whatsapp, db_engine, db_session):
    app = create_app(whatsapp.settings.model_copy(update={"webhook_db_timeout": 0.5}))
    _post(app, whatsapp.settings, _text(whatsapp, ANA, "before"))
    with db_engine.connect() as holder:
        holder.execute(text("SELECT 1 FROM users WHERE whatsapp_number = :n FOR UPDATE"), {"n": ANA})
        response, took = _post(app, whatsapp.settings, _text(whatsapp, ANA, "while locked"))
        assert response.status_code == 200 and took < 2
        # Right after a failure the process spools without trying PostgreSQL again (no second wait).
        response, took = _post(app, whatsapp.settings, _text(whatsapp, BEN, "hello"))
        assert response.status_code == 200 and took < 0.5
        report = _drain(whatsapp)
        assert (report.stored, report.held) == (1, 1)  # Ben's, not Ana's
        assert _stored_bodies(db_session, BEN) == ["hello"]
        holder.rollback()
    assert _drain(whatsapp).stored == 1
    assert _stored_bodies(db_session, ANA) == ["before", "while locked"]


def test_the_webhook_answers_within_5_s_when_postgres_never_answers(whatsapp, db_session):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    try:
        hung = Settings(DATABASE_URL=f"postgresql://nobody@127.0.0.1:{silent.getsockname()[1]}/x").database_url
        response, took = _post(_app_with_database(whatsapp, hung), whatsapp.settings, _text(whatsapp, ANA, "hi"))
    finally:
        silent.close()
    assert response.status_code == 200 and took < 5
    assert spool.waiting_for(whatsapp.redis, ANA) == 1


def test_when_postgres_and_redis_are_both_down_the_webhook_says_503(whatsapp):
    both = create_app(whatsapp.settings.model_copy(update={"database_url": CLOSED,
                                                           "redis_url": "redis://127.0.0.1:1/0"}))
    response, took = _post(both, whatsapp.settings, _text(whatsapp, ANA, "hello"))
    assert response.status_code == 503 and took < 5  # Twilio retries it when the URL asks (docs)


def test_an_entry_whose_signature_no_longer_verifies_goes_to_the_dead_letter_stream(whatsapp, db_session):
    form = _text(whatsapp, ANA, "forged")
    raw = {"url": whatsapp.signed_url(WHATSAPP_PATH), "form": form, "headers": {"X-Twilio-Signature": "bm9wZQ=="}}
    spool.spool(whatsapp.redis, parse_inbound({k: [v] for k, v in form.items()}), raw, dt.datetime.now(dt.UTC))
    report = _drain(whatsapp)
    assert (report.stored, report.dead) == (0, 1)
    assert _stored_bodies(db_session, ANA) == []
    dead = whatsapp.redis.xrange(spool.DEAD)
    assert len(dead) == 1 and b"signature" in dead[0][1][b"reason"]
    assert spool.waiting_for(whatsapp.redis, ANA) == 0 and whatsapp.redis.xlen(spool.STREAM) == 0


def test_metrics_count_spooled_webhooks_and_show_the_spool_depth(whatsapp):
    from prometheus_client.parser import text_string_to_metric_families

    def samples() -> dict[tuple, float]:
        text_ = whatsapp.client.get("/metrics").get_data(as_text=True)
        return {(s.name, tuple(sorted(s.labels.items()))): s.value
                for family in text_string_to_metric_families(text_) for s in family.samples}

    spooled = ("whatsapp_webhooks_total", (("endpoint", "whatsapp"), ("outcome", "spooled")))
    before = samples().get(spooled, 0)
    _post(_app_with_database(whatsapp, CLOSED), whatsapp.settings, _text(whatsapp, ANA, "hello"))
    after = samples()
    assert after[spooled] == before + 1
    assert after[("whatsapp_webhook_spool_depth", ())] == 1
