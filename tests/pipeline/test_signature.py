"""Only Twilio, signing with our auth token for our public URL, gets in."""
from __future__ import annotations

import logging

from sqlalchemy import func, select

from app.config import get_settings
from app.models import Message, User, WhatsAppMessage
from tests.fixtures_whatsapp import WHATSAPP_PATH, sign


def count(db_session, model) -> int:
    return db_session.scalar(select(func.count()).select_from(model))


def assert_nothing_stored(db_session, whatsapp):
    assert count(db_session, User) == 0
    assert count(db_session, Message) == 0
    assert count(db_session, WhatsAppMessage) == 0
    assert whatsapp.job_ids() == []


def test_a_forged_signature_gets_403_and_stores_nothing(whatsapp, db_session):
    form = whatsapp.form("text")
    forged = sign("not-our-auth-token", whatsapp.signed_url(WHATSAPP_PATH), form)
    assert whatsapp.post(form, signature=forged).status_code == 403
    assert_nothing_stored(db_session, whatsapp)


def test_a_missing_signature_gets_403(whatsapp, db_session):
    form = whatsapp.form("text")
    response = whatsapp.client.post(WHATSAPP_PATH, data=form)
    assert response.status_code == 403
    assert_nothing_stored(db_session, whatsapp)


def test_a_tampered_form_fails_the_signature(whatsapp, db_session):
    form = whatsapp.form("text")
    signature = sign(whatsapp.settings.twilio_auth_token, whatsapp.signed_url(WHATSAPP_PATH), form)
    form["Body"] = "something else"
    assert whatsapp.post(form, signature=signature).status_code == 403
    assert_nothing_stored(db_session, whatsapp)


def test_the_signature_is_checked_against_the_public_url_not_the_local_one(whatsapp, db_session):
    form = whatsapp.form("text")
    local = sign(whatsapp.settings.twilio_auth_token, "http://localhost" + WHATSAPP_PATH, form)
    assert whatsapp.post(form, signature=local).status_code == 403
    assert whatsapp.post(form).status_code == 200


def test_without_public_base_url_the_request_url_is_signed(whatsapp, db_session, monkeypatch):
    from app import create_app

    monkeypatch.setenv("PUBLIC_BASE_URL", "")
    get_settings.cache_clear()
    client = create_app(get_settings()).test_client()
    form = whatsapp.form("text")
    signature = sign(whatsapp.settings.twilio_auth_token, "http://localhost" + WHATSAPP_PATH, form)
    response = client.post(WHATSAPP_PATH, data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200


def test_sha256_signatures_are_accepted(whatsapp, db_session):
    from twilio.request_validator import RequestValidator

    form = whatsapp.form("text")
    signature = RequestValidator(whatsapp.settings.twilio_auth_token).compute_signature(
        whatsapp.signed_url(WHATSAPP_PATH), form, "HMAC_SHA256")
    headers = {"X-Twilio-Webhooks-Signature-Settings": "algorithm=HMAC_SHA256"}
    assert whatsapp.post(form, signature=signature, headers=headers).status_code == 200


def test_status_callbacks_are_signed_too(whatsapp):
    form = whatsapp.form("status_delivered", fresh_sid=False)
    assert whatsapp.post(form, "/webhooks/twilio/status", signature="bogus").status_code == 403


def test_validation_can_be_switched_off_for_local_development_with_a_warning(whatsapp, db_session,
                                                                             monkeypatch, caplog):
    from app import create_app

    monkeypatch.setenv("TWILIO_VALIDATE_SIGNATURE", "false")
    get_settings.cache_clear()
    with caplog.at_level(logging.WARNING):
        client = create_app(get_settings()).test_client()
    assert client.post(WHATSAPP_PATH, data=whatsapp.form("text")).status_code == 200
    assert "NOT authenticated" in caplog.text
    assert count(db_session, Message) == 1
