"""The inbound and status forms: what Twilio sends is accepted, anything else is refused."""
from __future__ import annotations

import pytest

from app.replies.twilio_client import BODY_LIMIT, split_body
from app.webhook.forms import FormError, parse_inbound, parse_status
from tests.fixtures_whatsapp import load_payload


def lists(form: dict[str, str]) -> dict[str, list[str]]:
    return {k: [v] for k, v in form.items()}


@pytest.mark.parametrize("name", ["text", "image", "pdf", "several_media"])
def test_recorded_inbound_payloads_are_accepted(name):
    form = load_payload(name)
    message = parse_inbound(lists(form))
    assert message.message_sid == form["MessageSid"]
    assert message.sender_number == "+34612345678"
    assert len(message.attachments) == int(form["NumMedia"])


def test_attachments_keep_their_order_url_and_type():
    message = parse_inbound(lists(load_payload("several_media")))
    assert [a.content_type for a in message.attachments] == ["image/jpeg", "image/png", "application/pdf"]
    assert [a.index for a in message.attachments] == [0, 1, 2]


@pytest.mark.parametrize("field,value", [
    ("From", "+34612345678"),                # no whatsapp: prefix
    ("From", "whatsapp:0034612345678"),      # not E.164
    ("To", "whatsapp:+1"),                   # too short
    ("MessageSid", "SM123"),
    ("MessageSid", "XX3f1c6b0e9a2d4c8b8e7f6a5b4c3d2e1f"),
    ("AccountSid", "not-an-account"),
    ("NumMedia", "-1"),
    ("NumMedia", "eleven"),
    ("NumMedia", "11"),
    ("Body", "x" * 4097),
    ("Body", "nul\x00byte"),
])
def test_malformed_fields_are_refused(field, value):
    form = load_payload("text")
    form[field] = value
    with pytest.raises(FormError):
        parse_inbound(lists(form))


@pytest.mark.parametrize("missing", ["MessageSid", "From", "To", "AccountSid"])
def test_required_fields_are_required(missing):
    form = load_payload("text")
    del form[missing]
    with pytest.raises(FormError):
        parse_inbound(lists(form))


def test_num_media_must_match_the_media_fields():
    form = load_payload("image")
    form["NumMedia"] = "2"
    with pytest.raises(FormError, match="MediaUrl1"):
        parse_inbound(lists(form))


def test_media_fields_beyond_num_media_are_refused():
    form = load_payload("image")
    form["NumMedia"] = "0"
    with pytest.raises(FormError, match="beyond NumMedia"):
        parse_inbound(lists(form))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://api.twilio.com/x", "https:///nohost"])
def test_media_urls_must_be_http(url):
    form = load_payload("image")
    form["MediaUrl0"] = url
    with pytest.raises(FormError):
        parse_inbound(lists(form))


def test_a_field_given_twice_is_refused():
    form = lists(load_payload("text"))
    form["From"].append("whatsapp:+15550001111")
    with pytest.raises(FormError, match="more than once"):
        parse_inbound(form)


def test_errors_never_echo_the_hostile_value():
    form = load_payload("text")
    form["From"] = "<script>alert(1)</script>"
    with pytest.raises(FormError) as raised:
        parse_inbound(lists(form))
    assert "<script>" not in str(raised.value)


def test_status_callback_keeps_error_code():
    callback = parse_status(lists(load_payload("status_failed")))
    assert (callback.status, callback.error_code) == ("failed", 63016)


def test_status_callback_without_sid_is_refused():
    form = load_payload("status_sent")
    del form["MessageSid"]
    with pytest.raises(FormError):
        parse_status(lists(form))


def test_short_bodies_are_one_part():
    assert split_body("hello") == ["hello"]


def test_long_bodies_split_on_lines_within_the_limit():
    lines = [f"Invoice #{n}: ACME Supplies, 12.50 EUR" for n in range(200)]
    parts = split_body("\n".join(lines))
    assert len(parts) > 1
    assert all(len(p) <= BODY_LIMIT for p in parts)
    assert "\n".join(parts).split("\n") == lines  # no line was cut in two


def test_long_bodies_without_newlines_split_between_words():
    words = ["receipt"] * 600
    parts = split_body(" ".join(words))
    assert all(len(p) <= BODY_LIMIT for p in parts)
    assert " ".join(parts).split(" ") == words


def test_a_word_longer_than_the_limit_is_cut():
    parts = split_body("x" * 4000)
    assert [len(p) for p in parts] == [1600, 1600, 800]
