"""``flask chat``: talk to the locally running service as a WhatsApp user, no Twilio account needed.

Start the service in local mode (``python3 manage.py run`` with TWILIO_AUTH_TOKEN unset), then::

    .venv/bin/flask chat                          # type messages; the bot's replies are printed
    you> how much did I spend in March?
    you> /send ~/receipts/fuel.jpg                # sends the file as a photo/document (+ optional caption)

Each message is posted to the web as a signed Twilio webhook; files are served by the Twilio stand-in
(as Twilio serves media, behind Basic auth); replies are read from the stand-in, which captured them
when the worker sent them through the real twilio client.
"""
from __future__ import annotations

import mimetypes
import shlex
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import click
import requests
from flask import current_app
from flask.cli import with_appcontext

from devtools.webhooks import WHATSAPP_PATH, inbound_form, post_signed

HELP = """Type a message and press Enter. Commands:
  /send PATH [caption]   send a file (JPEG, PNG, WebP or PDF) as an attachment
  /help                  this text
  /quit                  leave (or Ctrl-D)"""

_MAGIC = ((b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


def content_type_of(path: Path, head: bytes) -> str:
    """What WhatsApp would report: sniffed from the bytes, else guessed from the name."""
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


@dataclass
class ChatSession:
    web_url: str  # the running service
    api_url: str  # the Twilio stand-in
    account_sid: str
    auth_token: str
    user: str  # whatsapp:+E.164 of the simulated user
    bot: str  # the service's WhatsApp sender
    profile_name: str = "Developer"
    signed_base: str | None = None  # the server's PUBLIC_BASE_URL, when it differs from web_url
    last_index: int = -1
    sent: int = 0
    _http: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        self._http.auth = (self.account_sid, self.auth_token)

    def _post(self, body: str, media: list[tuple[str, str]] = ()) -> str:
        form = inbound_form(account_sid=self.account_sid, from_=self.user, to=self.bot, body=body,
                            media=media, profile_name=self.profile_name)
        target = self.web_url.rstrip("/") + WHATSAPP_PATH
        signed = (self.signed_base.rstrip("/") + WHATSAPP_PATH) if self.signed_base else target
        # The webhook carries no Basic auth: only the signature authenticates it, as with Twilio.
        response = post_signed(target, form, self.auth_token, signed_url=signed, timeout=15)
        if response.status_code != 200:
            raise RuntimeError(f"the service answered {response.status_code}: {response.text[:200]}")
        self.sent += 1
        return form["MessageSid"]

    def send_text(self, body: str) -> str:
        return self._post(body)

    def send_file(self, path: Path, caption: str = "") -> str:
        content = path.read_bytes()
        content_type = content_type_of(path, content[:16])
        answer = self._http.post(f"{self.api_url}/_fake/media", data=content,
                                 headers={"Content-Type": content_type}, timeout=15)
        answer.raise_for_status()
        return self._post(caption, [(answer.json()["url"], content_type)])

    def skip_history(self) -> None:
        """Only replies from now on are shown."""
        listing = self._list(after=-1)
        self.last_index = listing["total"] - 1

    def _list(self, after: int) -> dict:
        answer = self._http.get(f"{self.api_url}/_fake/messages", params={"to": self.user, "after": after},
                                timeout=10)
        answer.raise_for_status()
        return answer.json()

    def new_replies(self) -> list[dict]:
        messages = self._list(after=self.last_index)["messages"]
        if messages:
            self.last_index = messages[-1]["index"]
        return messages


def _show(reply: dict) -> None:
    lines = (reply.get("Body") or "").splitlines() or [""]
    click.echo("\r" + click.style("bot> ", fg="green") + lines[0])
    for line in lines[1:]:
        click.echo("     " + line)
    for url in reply.get("MediaUrl") or []:
        click.echo(f"     [media] {url}")


def _poll_forever(chat: ChatSession, stop: threading.Event, received: list[int]) -> None:
    while not stop.wait(0.5):
        try:
            replies = chat.new_replies()
        except requests.RequestException:
            continue
        for reply in replies:
            _show(reply)
            received.append(reply["index"])


@click.command("chat")
@click.option("--from", "user", default="whatsapp:+15550001234", show_default=True,
              help="The simulated user's WhatsApp address.")
@click.option("--name", "profile_name", default="Developer", show_default=True, help="ProfileName sent.")
@click.option("--url", "web_url", default=None, help="The running service (default http://127.0.0.1:$PORT).")
@click.option("--twilio-url", "api_url", default=None,
              help="The Twilio stand-in (default http://127.0.0.1:$LOCAL_TWILIO_PORT).")
@click.option("--wait", default=60.0, show_default=True,
              help="When input ends (Ctrl-D or piped input), seconds to wait for outstanding replies.")
@with_appcontext
def chat_command(user: str, profile_name: str, web_url: str | None, api_url: str | None, wait: float) -> None:
    """Chat with the locally running service as a WhatsApp user."""
    from devtools.local_twilio import LocalTwilio
    from devtools.replay import auth_token_for

    settings = current_app.config["SETTINGS"]
    local = LocalTwilio.from_environment()
    chat = ChatSession(web_url=web_url or local.web_url, api_url=(api_url or local.api_url).rstrip("/"),
                       account_sid=local.account_sid, auth_token=auth_token_for(settings), user=user,
                       bot=settings.twilio_whatsapp_from, profile_name=profile_name,
                       signed_base=settings.public_base_url or None)
    try:
        chat.skip_history()
    except requests.RequestException as exc:
        raise click.ClickException(
            f"no Twilio stand-in at {chat.api_url} ({type(exc).__name__}). Start the service in local mode "
            "first: `python3 manage.py run` with TWILIO_AUTH_TOKEN unset.") from exc
    click.echo(f"Chatting with {chat.web_url} as {user}. /help for commands.")
    stop, received = threading.Event(), []
    poller = threading.Thread(target=_poll_forever, args=(chat, stop, received), daemon=True)
    poller.start()
    try:
        _read_loop(chat)
    finally:
        # Piped input ends at once: give the worker time to answer what was sent.
        deadline = time.monotonic() + wait
        while len(received) < chat.sent and time.monotonic() < deadline:
            time.sleep(0.2)
        stop.set()
        poller.join(2)


def _read_loop(chat: ChatSession) -> None:
    while True:
        try:
            line = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if not line:
            continue
        try:
            if line in {"/quit", "/exit"}:
                return
            if line == "/help":
                click.echo(HELP)
            elif line.startswith("/send"):
                words = shlex.split(line)
                if len(words) < 2:
                    click.echo("usage: /send PATH [caption]")
                    continue
                path = Path(words[1]).expanduser()
                if not path.is_file():
                    click.echo(f"no such file: {path}")
                    continue
                chat.send_file(path, " ".join(words[2:]))
            else:
                chat.send_text(line)
        except (RuntimeError, requests.RequestException, OSError, ValueError) as exc:
            click.echo(click.style(f"not sent: {exc}", fg="red"))
