"""Local mode for ``manage.py run`` without a Twilio account.

With TWILIO_AUTH_TOKEN unset (in the environment and in ``.env``), ``manage.py run`` starts the Twilio
stand-in (:mod:`devtools.fake_twilio`) on 127.0.0.1:LOCAL_TWILIO_PORT and points web and worker at
it: a development auth token kept under ``.state/local-twilio/`` signs webhooks and authenticates API
calls, replies land in the stand-in, and media is only fetched from 127.0.0.1. ``flask chat`` and
``flask replay`` read the same token, so they work against the running service with no setup.
"""
from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass

import requests

from devtools.services import state_dir

DEFAULT_STAND_IN_PORT = 5001
DEFAULT_ACCOUNT_SID = "AC" + "0" * 32


@dataclass(frozen=True)
class LocalTwilio:
    account_sid: str
    auth_token: str
    api_url: str  # the stand-in's base URL
    web_url: str  # where `manage.py run` serves the app

    @classmethod
    def from_environment(cls, environ=None) -> LocalTwilio:
        environ = os.environ if environ is None else environ
        port = int(environ.get("LOCAL_TWILIO_PORT") or DEFAULT_STAND_IN_PORT)
        return cls(account_sid=_account_sid(environ), auth_token=dev_auth_token(),
                   api_url=f"http://127.0.0.1:{port}",
                   web_url=f"http://127.0.0.1:{environ.get('PORT') or 5000}")

    @property
    def port(self) -> int:
        return int(self.api_url.rsplit(":", 1)[1])


def _settings():
    from app.config import Settings

    return Settings()  # uncached: environment and .env as they are now


def _account_sid(environ) -> str:
    return environ.get("TWILIO_ACCOUNT_SID") or _settings().twilio_account_sid or DEFAULT_ACCOUNT_SID


def dev_auth_token() -> str:
    """The local-mode auth token: created once, kept private under .state/local-twilio/."""
    directory = state_dir() / "local-twilio"
    path = directory / "auth_token"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(16))
    return path.read_text().strip()


def is_local_mode() -> bool:
    return not _settings().twilio_auth_token


def metrics_environment() -> dict[str, str]:
    """A fresh Prometheus multiprocess directory shared by gunicorn's workers and the RQ worker."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return {}
    directory = state_dir() / "prometheus"
    shutil.rmtree(directory, ignore_errors=True)  # numbers from a previous run would be added up
    directory.mkdir(parents=True)
    return {"PROMETHEUS_MULTIPROC_DIR": str(directory)}


def local_mode_environment() -> dict[str, str]:
    """Environment for web and worker under ``manage.py run``: metrics always, the stand-in in local mode."""
    env = metrics_environment()
    if not is_local_mode():
        return env
    local = LocalTwilio.from_environment()
    env.update({
        "LOCAL_TWILIO": "1",
        "LOCAL_TWILIO_PORT": str(local.port),
        "TWILIO_ACCOUNT_SID": local.account_sid,
        "TWILIO_AUTH_TOKEN": local.auth_token,
        "TWILIO_API_BASE_URL": local.api_url,
        # The stand-in serves media on loopback; nothing else is fetched in local mode.
        "MEDIA_ALLOWED_HOSTS": "127.0.0.1",
    })
    env["PUBLIC_BASE_URL"] = _settings().public_base_url or local.web_url
    return env


def start_stand_in(env: dict[str, str]) -> subprocess.Popen | None:
    """Start the Twilio stand-in when ``env`` is local mode; returns once it answers."""
    if env.get("LOCAL_TWILIO") != "1":
        return None
    port = env["LOCAL_TWILIO_PORT"]
    proc = subprocess.Popen([sys.executable, "-m", "devtools.fake_twilio", "--port", port], env=env)
    url = f"http://127.0.0.1:{port}/_fake/messages"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            requests.get(url, timeout=1)
            print(f"local mode: Twilio stand-in on http://127.0.0.1:{port}; talk to the bot with "
                  "`.venv/bin/flask chat`", flush=True)
            return proc
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError(f"the Twilio stand-in did not start on port {port} (is the port taken? "
                       "set LOCAL_TWILIO_PORT)")
