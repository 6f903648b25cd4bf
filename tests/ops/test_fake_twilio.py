"""The local Twilio stand-in speaks Twilio's REST protocol to the real ``twilio`` client."""
from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from devtools.fake_twilio import FakeTwilioAPI

SID = "AC" + "a" * 32
TOKEN = "fake-twilio-token-0123456789"
USER = "whatsapp:+15551234567"
BOT = "whatsapp:+14155238886"


@pytest.fixture
def fake():
    with FakeTwilioAPI(SID, TOKEN) as server:
        yield server


@pytest.fixture
def client(fake):
    client = Client(SID, TOKEN)
    client.api.base_url = fake.url
    return client


def test_real_client_creates_a_message_and_gets_twilio_shaped_resource(fake, client):
    message = client.messages.create(to=USER, from_=BOT, body="hello",
                                     status_callback="http://127.0.0.1:9/status")

    assert re.fullmatch(r"SM[0-9a-f]{32}", message.sid)
    assert message.status == "queued"
    assert message.to == USER and message.from_ == BOT and message.body == "hello"
    assert message.date_created is not None and message.date_created.tzinfo is not None
    captured = fake.messages[0]
    assert captured["sid"] == message.sid
    assert captured["StatusCallback"] == "http://127.0.0.1:9/status"


def test_request_is_form_encoded_with_basic_auth_and_repeated_media_urls(fake, client):
    client.messages.create(to=USER, from_=BOT, body="two files",
                           media_url=["https://example.test/a.jpg", "https://example.test/b.pdf"])

    request = next(r for r in fake.requests if r.method == "POST")
    assert request.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert request.headers["Authorization"].startswith("Basic ")
    assert fake.messages[0]["MediaUrl"] == ["https://example.test/a.jpg", "https://example.test/b.pdf"]


def test_wrong_auth_token_is_a_twilio_authenticate_error(fake):
    client = Client(SID, "wrong-token")
    client.api.base_url = fake.url

    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to=USER, from_=BOT, body="x")

    assert error.value.status == 401 and error.value.code == 20003
    assert fake.messages == []


def test_other_accounts_path_is_not_found(fake):
    client = Client(SID, TOKEN)
    client.api.base_url = fake.url

    with pytest.raises(TwilioRestException) as error:
        client.api.v2010.accounts("AC" + "b" * 32).messages.create(to=USER, from_=BOT, body="x")

    assert error.value.status == 404


@pytest.mark.parametrize("to, code", [("whatsapp:12345", 21211), ("", 21604)])
def test_invalid_recipient_is_rejected_with_twilio_code(client, to, code):
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to=to, from_=BOT, body="x")
    assert error.value.status == 400 and error.value.code == code


def test_body_over_1600_characters_is_rejected(client):
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to=USER, from_=BOT, body="x" * 1601)
    assert error.value.code == 21617


def test_scripted_failures_are_served_in_order_then_requests_succeed(fake, client):
    fake.fail_next(500)
    fake.fail_next(429, code=20429)

    with pytest.raises(TwilioRestException) as first:
        client.messages.create(to=USER, from_=BOT, body="x")
    with pytest.raises(TwilioRestException) as second:
        client.messages.create(to=USER, from_=BOT, body="x")
    client.messages.create(to=USER, from_=BOT, body="x")

    assert (first.value.status, first.value.code) == (500, 20500)
    assert (second.value.status, second.value.code) == (429, 20429)
    assert len(fake.messages) == 1


def test_rate_limit_answer_carries_retry_after(fake):
    fake.fail_next(429, code=20429, retry_after=7)

    answer = requests.post(f"{fake.url}/2010-04-01/Accounts/{SID}/Messages.json", auth=(SID, TOKEN),
                           data={"To": USER, "From": BOT, "Body": "x"})

    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "7"
    assert answer.json() == {"code": 20429, "message": "Too Many Requests",
                             "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429}


def test_fail_next_times_repeats_the_failure(client, fake):
    fake.fail_next(400, code=21211, times=2)
    for _ in range(2):
        with pytest.raises(TwilioRestException):
            client.messages.create(to=USER, from_=BOT, body="x")
    assert client.messages.create(to=USER, from_=BOT, body="x").status == "queued"


def test_created_message_can_be_fetched(client):
    sid = client.messages.create(to=USER, from_=BOT, body="x").sid
    assert client.messages(sid).fetch().body == "x"


def test_media_requires_basic_auth(fake):
    url = fake.add_media(b"%PDF-1.4 fake", "application/pdf")

    assert requests.get(url).status_code == 401
    assert requests.get(url, auth=(SID, "nope")).status_code == 401
    answer = requests.get(url, auth=(SID, TOKEN))
    assert answer.status_code == 200
    assert answer.content == b"%PDF-1.4 fake"
    assert answer.headers["Content-Type"] == "application/pdf"
    assert re.search(rf"/2010-04-01/Accounts/{SID}/Messages/MM[0-9a-f]{{32}}/Media/ME[0-9a-f]{{32}}$", url)


def test_media_can_redirect_to_another_host_name(fake):
    url = fake.add_media(b"\xff\xd8jpeg", "image/jpeg", redirect_to=f"http://localhost:{fake.port}")

    first = requests.get(url, auth=(SID, TOKEN), allow_redirects=False)
    assert first.status_code == 307
    assert first.headers["Location"].startswith(f"http://localhost:{fake.port}/_fake/cdn/ME")
    assert requests.get(first.headers["Location"]).content == b"\xff\xd8jpeg"


def test_media_failures_can_be_scripted(fake):
    url = fake.add_media(b"x", "image/png")
    fake.fail_next(503, code=20503, endpoint="media")

    assert requests.get(url, auth=(SID, TOKEN)).status_code == 503
    assert requests.get(url, auth=(SID, TOKEN)).status_code == 200


def test_wait_for_messages_returns_once_enough_arrived(fake, client):
    threading.Timer(0.1, lambda: client.messages.create(to=USER, from_=BOT, body="late")).start()
    assert [m["Body"] for m in fake.wait_for_messages(1, timeout=5)] == ["late"]


def test_wait_for_messages_times_out(fake):
    with pytest.raises(TimeoutError):
        fake.wait_for_messages(1, timeout=0.1)


def test_inspection_endpoint_filters_by_recipient_and_index(fake, client):
    client.messages.create(to=USER, from_=BOT, body="one")
    client.messages.create(to="whatsapp:+15559999999", from_=BOT, body="other")
    client.messages.create(to=USER, from_=BOT, body="two")

    listing = requests.get(f"{fake.url}/_fake/messages", params={"to": USER, "after": 0},
                           auth=(SID, TOKEN)).json()

    assert [m["Body"] for m in listing["messages"]] == ["two"]
    assert listing["total"] == 3
    assert requests.get(f"{fake.url}/_fake/messages").status_code == 401


def test_media_upload_endpoint_registers_served_media(fake):
    answer = requests.post(f"{fake.url}/_fake/media", data=b"\x89PNG", auth=(SID, TOKEN),
                           headers={"Content-Type": "image/png"})
    url = answer.json()["url"]
    assert requests.get(url, auth=(SID, TOKEN)).content == b"\x89PNG"


class _CallbackSink(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.received.append((self.path, dict(self.headers), {k: v[0] for k, v in parse_qs(body).items()}))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sink():
    _CallbackSink.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CallbackSink)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_status_callbacks_are_signed_with_the_auth_token(fake, client, sink):
    url = f"http://127.0.0.1:{sink.server_port}/webhooks/twilio/status"
    sid = client.messages.create(to=USER, from_=BOT, body="x", status_callback=url).sid

    assert fake.send_status_callbacks(sid, ["delivered", "read"]) == [204, 204]

    (_, headers, form), (_, _, second) = _CallbackSink.received
    assert form["MessageSid"] == sid and form["MessageStatus"] == "delivered"
    assert second["MessageStatus"] == "read"
    assert RequestValidator(TOKEN).validate(url, form, headers["X-Twilio-Signature"])
    assert fake.messages[0]["status"] == "read"


def test_failed_status_callback_carries_error_code(fake, client, sink):
    url = f"http://127.0.0.1:{sink.server_port}/status"
    sid = client.messages.create(to=USER, from_=BOT, body="x", status_callback=url).sid

    fake.send_status_callbacks(sid, ["undelivered"], error_code=63016)

    assert _CallbackSink.received[0][2]["ErrorCode"] == "63016"


def test_auto_callbacks_follow_each_created_message(sink):
    url = f"http://127.0.0.1:{sink.server_port}/status"
    with FakeTwilioAPI(SID, TOKEN, auto_callbacks=("sent", "delivered"), callback_delay=0.01) as fake:
        fake.client().messages.create(to=USER, from_=BOT, body="x", status_callback=url)
        for _ in range(200):
            if len(_CallbackSink.received) == 2:
                break
            threading.Event().wait(0.01)

    assert [r[2]["MessageStatus"] for r in _CallbackSink.received] == ["sent", "delivered"]
