"""``flask chat``: messages and files go to the service as signed webhooks; replies come back."""
from __future__ import annotations

from pathlib import Path

import pytest
import requests

from devtools.chat import ChatSession, chat_command, content_type_of
from tests.conftest import TEST_ACCOUNT_SID, TEST_AUTH_TOKEN

USER = "whatsapp:+15550001234"
BOT = "whatsapp:+14155238886"


@pytest.fixture
def chat(fake_twilio, webhook_catcher):
    return ChatSession(web_url=webhook_catcher.url, api_url=fake_twilio.url, account_sid=TEST_ACCOUNT_SID,
                       auth_token=TEST_AUTH_TOKEN, user=USER, bot=BOT, profile_name="Ana")


@pytest.mark.parametrize("head, name, expected", [
    (b"%PDF-1.7\n", "x.bin", "application/pdf"),
    (b"\xff\xd8\xff\xe0", "x.png", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "x", "image/png"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "x", "image/webp"),
    (b"hello", "notes.txt", "text/plain"),
    (b"hello", "noext", "application/octet-stream"),
])
def test_content_type_is_sniffed_before_the_name_is_trusted(head, name, expected):
    assert content_type_of(Path(name), head) == expected


def test_text_is_posted_as_a_signed_whatsapp_webhook(chat, webhook_catcher):
    sid = chat.send_text("hello there")

    (caught,) = webhook_catcher.caught
    assert caught.signature_valid and caught.path == "/webhooks/twilio/whatsapp"
    form = {k: v[0] for k, v in caught.form.items()}
    assert form["MessageSid"] == sid and form["Body"] == "hello there"
    assert (form["From"], form["To"], form["ProfileName"], form["NumMedia"]) == (USER, BOT, "Ana", "0")


def test_file_is_served_by_the_fake_twilio_like_twilio_media(chat, webhook_catcher, tmp_path):
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(b"%PDF-1.4 total 12.50")

    chat.send_file(receipt, "my fuel receipt")

    form = {k: v[0] for k, v in webhook_catcher.caught[0].form.items()}
    assert form["NumMedia"] == "1" and form["MediaContentType0"] == "application/pdf"
    assert form["Body"] == "my fuel receipt"
    assert requests.get(form["MediaUrl0"]).status_code == 401
    assert requests.get(form["MediaUrl0"], auth=(TEST_ACCOUNT_SID, TEST_AUTH_TOKEN)).content == \
        b"%PDF-1.4 total 12.50"


def test_refused_webhook_is_reported(chat, webhook_catcher):
    webhook_catcher.signed_base = "https://elsewhere.test"
    with pytest.raises(RuntimeError, match="403"):
        chat.send_text("hi")


def test_only_new_replies_to_this_user_are_shown(chat, fake_twilio):
    client = fake_twilio.client()
    client.messages.create(to=USER, from_=BOT, body="old reply")
    chat.skip_history()
    client.messages.create(to="whatsapp:+15559999999", from_=BOT, body="someone else's")
    client.messages.create(to=USER, from_=BOT, body="new reply")

    assert [m["Body"] for m in chat.new_replies()] == ["new reply"]
    assert chat.new_replies() == []


def test_chat_command_prints_the_replies_to_typed_and_sent_messages(app, fake_twilio, webhook_catcher,
                                                                     tmp_path, monkeypatch):
    monkeypatch.setenv("INVOICE_STATE_DIR", str(tmp_path / "state"))
    client = fake_twilio.client()

    def answer(caught):  # what the worker does: reply through the Twilio REST API
        form = {k: v[0] for k, v in caught.form.items()}
        text = f"got {form['NumMedia']} file(s)" if form["NumMedia"] != "0" else f"you said: {form['Body']}"
        client.messages.create(to=form["From"], from_=form["To"], body=text)

    webhook_catcher.on_webhook = answer
    webhook_catcher.signed_base = app.config["SETTINGS"].public_base_url
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 jpeg")

    result = app.test_cli_runner().invoke(
        chat_command, ["--url", webhook_catcher.url, "--twilio-url", fake_twilio.url, "--wait", "10"],
        input=f"hello bot\n/send {photo}\n/send {tmp_path / 'missing.pdf'}\n")

    assert result.exit_code == 0, result.output
    assert "bot> you said: hello bot" in result.output
    assert "bot> got 1 file(s)" in result.output
    assert "no such file" in result.output


def test_chat_command_explains_when_no_fake_twilio_runs(app, tmp_path, monkeypatch):
    monkeypatch.setenv("INVOICE_STATE_DIR", str(tmp_path / "state"))
    result = app.test_cli_runner().invoke(chat_command, ["--twilio-url", "http://127.0.0.1:1"], input="")
    assert result.exit_code == 1
    assert "manage.py run" in result.output
