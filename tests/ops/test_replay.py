"""``flask replay``: payload files and stored webhooks are sent again with a valid signature."""
from __future__ import annotations

import json

import pytest

from devtools.replay import PayloadError, parse_payload, replay_command
from tests.conftest import TEST_ACCOUNT_SID

FORM = {"MessageSid": "SM" + "1" * 32, "SmsMessageSid": "SM" + "1" * 32, "SmsSid": "SM" + "1" * 32,
        "AccountSid": TEST_ACCOUNT_SID, "From": "whatsapp:+15551230000", "To": "whatsapp:+14155238886",
        "Body": "Grüße & tschüss = 10€", "NumMedia": "0", "ProfileName": "Ana"}


def test_json_payload_of_form_fields():
    assert parse_payload(json.dumps(FORM)).form == FORM


def test_stored_shape_keeps_the_recorded_path():
    recorded = parse_payload(json.dumps({"url": "https://x.test/webhooks/twilio/whatsapp?a=1", "form": FORM,
                                         "headers": {"X-Twilio-Signature": "old"}}))
    assert recorded.form == FORM
    assert recorded.path == "/webhooks/twilio/whatsapp?a=1"


def test_form_encoded_payload_keeps_repeated_fields_and_blanks():
    recorded = parse_payload("Body=&MediaUrl=a&MediaUrl=b&From=whatsapp%3A%2B15551230000\n")
    assert recorded.form == {"Body": "", "MediaUrl": ["a", "b"], "From": "whatsapp:+15551230000"}


@pytest.mark.parametrize("text", ["{not json", "[]", "{}", '{"Body": 5}', '{"Body": ["a", 1]}', ""])
def test_malformed_payloads_are_refused(text):
    with pytest.raises(PayloadError):
        parse_payload(text)


def _invoke(app, args):
    return app.test_cli_runner().invoke(replay_command, args)


def test_replayed_file_is_validly_signed_for_the_public_url(app, webhook_catcher, tmp_path):
    webhook_catcher.signed_base = app.config["SETTINGS"].public_base_url
    payload = tmp_path / "text.json"
    payload.write_text(json.dumps(FORM), encoding="utf-8")

    result = _invoke(app, [str(payload), "--url", webhook_catcher.url])

    assert result.exit_code == 0, result.output
    (caught,) = webhook_catcher.caught
    assert caught.signature_valid
    assert caught.path == "/webhooks/twilio/whatsapp"
    assert {k: v[0] for k, v in caught.form.items()} == FORM


def test_status_payload_goes_to_the_status_webhook(app, webhook_catcher, tmp_path):
    webhook_catcher.signed_base = app.config["SETTINGS"].public_base_url
    payload = tmp_path / "status.txt"
    payload.write_text(f"MessageSid=SM{'2' * 32}&MessageStatus=delivered&AccountSid={TEST_ACCOUNT_SID}")

    result = _invoke(app, [str(payload), "--url", webhook_catcher.url])

    assert result.exit_code == 0, result.output
    assert webhook_catcher.caught[0].path == "/webhooks/twilio/status"


def test_new_sid_replaces_every_sid_field_with_one_fresh_sid(app, webhook_catcher, tmp_path):
    webhook_catcher.signed_base = app.config["SETTINGS"].public_base_url
    payload = tmp_path / "text.json"
    payload.write_text(json.dumps(FORM), encoding="utf-8")

    result = _invoke(app, [str(payload), "--url", webhook_catcher.url, "--new-sid"])

    assert result.exit_code == 0, result.output
    form = webhook_catcher.caught[0].form
    assert form["MessageSid"] == form["SmsMessageSid"] == form["SmsSid"]
    assert form["MessageSid"][0] != FORM["MessageSid"] and form["MessageSid"][0].startswith("SM")
    assert webhook_catcher.caught[0].signature_valid


def test_a_refused_replay_exits_non_zero(app, webhook_catcher, tmp_path):
    webhook_catcher.signed_base = "https://somewhere-else.test"  # the server checks another URL
    payload = tmp_path / "text.json"
    payload.write_text(json.dumps(FORM), encoding="utf-8")

    result = _invoke(app, [str(payload), "--url", webhook_catcher.url])

    assert result.exit_code == 1
    assert "-> 403" in result.output


def test_needs_exactly_one_source(app, tmp_path):
    assert _invoke(app, []).exit_code == 2
    payload = tmp_path / "p.json"
    payload.write_text(json.dumps(FORM))
    assert _invoke(app, [str(payload), "--sid", "SM1"]).exit_code == 2


def test_unknown_stored_sid_is_an_error(app):
    result = _invoke(app, ["--sid", "SM" + "9" * 32])
    assert result.exit_code == 1
    assert "no stored inbound webhook" in result.output


def _post_through_the_app(live_app, form):
    from devtools.webhooks import post_signed
    from tests.conftest import TEST_AUTH_TOKEN

    return post_signed(live_app + "/webhooks/twilio/whatsapp", form, TEST_AUTH_TOKEN,
                       signed_url="https://assistant.example.test/webhooks/twilio/whatsapp")


def test_stored_webhook_replays_identically_and_stays_idempotent(app, live_app, db_session):
    from sqlalchemy import func, select

    from app.models import WhatsAppMessage

    assert _post_through_the_app(live_app, FORM).status_code == 200

    result = _invoke(app, ["--sid", FORM["MessageSid"], "--url", live_app])

    assert result.exit_code == 0, result.output
    assert "-> 200" in result.output
    assert db_session.scalar(select(func.count()).select_from(WhatsAppMessage)) == 1


def test_stored_webhook_replayed_with_new_sid_is_a_new_message(app, live_app, db_session):
    from sqlalchemy import select

    from app.models import WhatsAppMessage

    assert _post_through_the_app(live_app, FORM).status_code == 200

    result = _invoke(app, ["--sid", FORM["MessageSid"], "--url", live_app, "--new-sid"])

    assert result.exit_code == 0, result.output
    sids = db_session.scalars(select(WhatsAppMessage.whatsapp_message_id)).all()
    assert len(set(sids)) == 2 and FORM["MessageSid"] in sids
