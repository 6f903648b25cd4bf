"""The local Twilio stand-in takes Content API templates as Twilio does: ContentSid + ContentVariables
instead of Body, rendered into the message's body, and Twilio's errors for a malformed SID or variables."""
from __future__ import annotations

import json

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from devtools.fake_twilio import FakeTwilioAPI

SID = "AC" + "c" * 32
TOKEN = "fake-twilio-token-content"
USER = "whatsapp:+15551234567"
BOT = "whatsapp:+14155238886"
TEMPLATE = "HX" + "0123456789abcdef" * 2


@pytest.fixture
def fake():
    with FakeTwilioAPI(SID, TOKEN) as server:
        yield server


@pytest.fixture
def client(fake):
    client = Client(SID, TOKEN)
    client.api.base_url = fake.url
    return client


def test_a_template_is_sent_without_a_body_and_rendered_with_its_variables(fake, client):
    fake.add_content(TEMPLATE, "Invoice {{1}} is due on {{2}}.")
    message = client.messages.create(to=USER, from_=BOT, content_sid=TEMPLATE,
                                     content_variables=json.dumps({"1": "#5", "2": "20 May"}))

    assert message.body == "Invoice #5 is due on 20 May."
    captured = fake.messages[-1]
    assert (captured["ContentSid"], json.loads(captured["ContentVariables"])) == (TEMPLATE, {"1": "#5", "2": "20 May"})
    assert client.messages(message.sid).fetch().body == "Invoice #5 is due on 20 May."


@pytest.mark.parametrize(("content_sid", "variables", "code"), [
    ("HX123", None, 21655),
    ("MG" + "0" * 32, None, 21655),
    (TEMPLATE, "{not json", 21656),
    (TEMPLATE, json.dumps(["#5"]), 21656),
    (TEMPLATE, json.dumps({"1": 5}), 21656),
])
def test_a_malformed_template_request_gets_twilios_error(fake, client, content_sid, variables, code):
    kwargs = {"content_variables": variables} if variables is not None else {}
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(to=USER, from_=BOT, content_sid=content_sid, **kwargs)
    assert (refused.value.status, refused.value.code) == (400, code)
    assert fake.messages == []


def test_a_plain_message_still_needs_a_body(client):
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(to=USER, from_=BOT)
    assert refused.value.code == 21602
