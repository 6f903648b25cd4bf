"""Local mode: ``manage.py run`` without a Twilio auth token runs against the Twilio stand-in."""
from __future__ import annotations

import os
import socket
import stat

import pytest
import requests

from devtools import local_twilio


@pytest.fixture
def state(tmp_path, monkeypatch):
    monkeypatch.setenv("INVOICE_STATE_DIR", str(tmp_path))
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    for name in ("TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL", "MEDIA_ALLOWED_HOSTS", "LOCAL_TWILIO_PORT", "PORT"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_without_auth_token_web_and_worker_point_at_the_stand_in(state):
    env = local_twilio.local_mode_environment()

    assert env["TWILIO_API_BASE_URL"] == "http://127.0.0.1:5001"
    assert env["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"
    assert env["MEDIA_ALLOWED_HOSTS"] == "127.0.0.1"
    assert len(env["TWILIO_AUTH_TOKEN"]) == 32
    assert env["TWILIO_ACCOUNT_SID"].startswith("AC")


def test_dev_token_is_private_and_stable_across_runs(state):
    first = local_twilio.local_mode_environment()["TWILIO_AUTH_TOKEN"]
    second = local_twilio.local_mode_environment()["TWILIO_AUTH_TOKEN"]

    assert first == second
    assert stat.S_IMODE((state / "local-twilio" / "auth_token").stat().st_mode) == 0o600


def test_with_a_real_auth_token_nothing_twilio_is_overridden(state, monkeypatch):
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "real-token")

    env = local_twilio.local_mode_environment()

    assert set(env) == {"PROMETHEUS_MULTIPROC_DIR"}
    assert local_twilio.start_stand_in(env) is None


def test_metrics_directory_is_wiped_at_start(state):
    stale = state / "prometheus" / "counter_123.db"
    stale.parent.mkdir()
    stale.write_bytes(b"old numbers")

    env = local_twilio.metrics_environment()

    assert env["PROMETHEUS_MULTIPROC_DIR"] == str(state / "prometheus")
    assert not stale.exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_stand_in_process_serves_the_twilio_api_with_the_dev_token(state, monkeypatch):
    monkeypatch.setenv("LOCAL_TWILIO_PORT", str(_free_port()))
    env = {**os.environ, **local_twilio.local_mode_environment()}

    proc = local_twilio.start_stand_in(env)
    try:
        from twilio.rest import Client

        client = Client(env["TWILIO_ACCOUNT_SID"], env["TWILIO_AUTH_TOKEN"])
        client.api.base_url = env["TWILIO_API_BASE_URL"]
        sid = client.messages.create(to="whatsapp:+15550001234", from_="whatsapp:+14155238886", body="hi").sid
        listing = requests.get(env["TWILIO_API_BASE_URL"] + "/_fake/messages",
                               auth=(env["TWILIO_ACCOUNT_SID"], env["TWILIO_AUTH_TOKEN"])).json()
        assert [m["sid"] for m in listing["messages"]] == [sid]
    finally:
        proc.terminate()
        proc.wait(10)
