"""A local stand-in for the Twilio REST API, good enough for the real ``twilio`` Python client.

Tests and the local chat simulator use it instead of api.twilio.com; it speaks the same HTTP protocol:

- ``POST /2010-04-01/Accounts/{AccountSid}/Messages.json`` (form-encoded ``To``, ``From``, ``Body``,
  repeated ``MediaUrl``, ``StatusCallback``, or a Content API template: ``ContentSid`` ("HX" + 32 hex) and
  ``ContentVariables`` (a JSON object of strings) instead of ``Body``, rendered into the message's body
  with :meth:`FakeTwilioAPI.add_content`; HTTP Basic auth with account SID + auth token) answers 201
  with a Message resource (``sid`` "SM" + 32 hex, ``status`` "queued"), or Twilio's JSON error shape
  ``{code, message, more_info, status}``.
- ``GET .../Messages/{Sid}.json`` fetches one; ``GET .../Messages.json`` lists them newest first, filtered
  like Twilio by ``To``, ``From`` and ``DateSent`` / ``DateSent<`` / ``DateSent>`` (``YYYY-MM-DD``), paged
  with ``PageSize`` and ``Page`` in Twilio's page shape (``messages``, ``next_page_uri``, ...).
- Failure scripting: :meth:`FakeTwilioAPI.fail_next` (HTTP errors with Twilio's error bodies) and
  :meth:`FakeTwilioAPI.delay_next` (a slow API that creates the message before or after the client gave up).
- ``GET .../Messages/{MM}/Media/{ME}`` serves media registered with :meth:`FakeTwilioAPI.add_media`,
  behind Basic auth like Twilio with "HTTP Basic Authentication for media" on; optionally through a 307
  redirect to ``/_fake/cdn/...`` on this or another host name, as Twilio redirects to its CDN.

Pointing the real client at it: the API domain object holds its base URL in ``client.api.base_url``
(``twilio.base.domain.Domain.absolute_url`` joins it with ``/2010-04-01/...``) and ``get_hostname``
leaves the URL alone unless an edge/region is configured, so::

    client = twilio.rest.Client(account_sid, auth_token)
    client.api.base_url = fake.url          # e.g. http://127.0.0.1:54321

Inspection endpoints for other processes (the chat simulator), Basic auth as above:
``GET /_fake/messages?to=whatsapp:+1555...&after=N`` lists captured messages (each with its ``index``)
and ``POST /_fake/media`` (raw body, its Content-Type) registers media and answers ``{"url": ...}``.

Run standalone (``manage.py run`` in local mode does this)::

    TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=... python -m devtools.fake_twilio --port 5001
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import signal
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import format_datetime
from typing import Any, Self
from urllib.parse import urlencode

import requests
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from app.ops.http_auth import basic_auth_matches

log = logging.getLogger(__name__)

API_VERSION = "2010-04-01"
MAX_BODY = 1600
MAX_MEDIA_URLS = 10
_WHATSAPP_ADDRESS = re.compile(r"^whatsapp:\+[1-9][0-9]{6,14}$")
_PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")
_ORDER = ("queued", "sending", "sent", "delivered", "read")
_CONTENT_SID = re.compile(r"^HX[0-9a-fA-F]{32}$")
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")

# Twilio's own wording for the errors this server produces.
ERROR_MESSAGES = {
    20003: "Authenticate",
    20404: "The requested resource {path} was not found",
    20429: "Too Many Requests",
    20500: "Internal Server Error",
    20503: "Service Unavailable",
    21211: "Invalid 'To' Phone Number",
    21212: "Invalid 'From' Phone Number",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21609: "Invalid StatusCallback url",
    21617: "The concatenated message body exceeds the 1600 character limit.",
    21623: "Number of media files exceeds allowed limit.",
    21655: "The ContentSid is Invalid",
    21656: "The ContentVariables Parameter is invalid",
    21910: "Invalid From and To pair. From and To should be of the same channel",
}


def _rfc2822(moment: dt.datetime) -> str:
    return format_datetime(moment.replace(microsecond=0), usegmt=False)


def twilio_error(status: int, code: int, message: str | None = None, **fmt: str) -> Response:
    body = {
        "code": code,
        "message": message or ERROR_MESSAGES.get(code, "Error").format(**fmt),
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    return Response(json.dumps(body), status=status, content_type="application/json")


@dataclass
class _Failure:
    status: int
    code: int
    retry_after: int | None


@dataclass
class _Delay:
    seconds: float
    create: str  # "after": the message exists at once, the answer comes late; "before": both come late


@dataclass
class _Media:
    content: bytes
    content_type: str
    redirect_to: str | None  # base URL the media request is redirected to, or None to serve it directly
    require_auth: bool
    delay: float = 0.0  # seconds before the bytes are served (a slow media host)


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    form: dict[str, list[str]] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:  # also usable as a dict: request["path"]
        return getattr(self, key)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # the request log lives in FakeTwilioAPI.requests
        pass


class FakeTwilioAPI:
    def __init__(self, account_sid: str, auth_token: str, host: str = "127.0.0.1", port: int = 0, *,
                 auto_callbacks: Iterable[str] = (), callback_delay: float = 0.2):
        """``auto_callbacks``: statuses (e.g. ``("sent", "delivered", "read")``) posted, signed, to each
        message's StatusCallback shortly after it is created, the way Twilio reports progress."""
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.host = host
        self.auto_callbacks = tuple(auto_callbacks)
        self.callback_delay = callback_delay
        self.messages: list[dict[str, Any]] = []
        self.requests: list[RecordedRequest] = []
        self.callback_errors: list[str] = []
        self._media: dict[str, _Media] = {}
        self._contents: dict[str, str] = {}
        self._failures: dict[str, list[_Failure]] = {"messages": [], "media": [], "list": []}
        self._delays: list[_Delay] = []
        self._lock = threading.Condition()
        self._map = Map([
            Rule(f"/{API_VERSION}/Accounts/<account>/Messages.json", endpoint="create", methods=["POST"]),
            Rule(f"/{API_VERSION}/Accounts/<account>/Messages.json", endpoint="list_api", methods=["GET"]),
            Rule(f"/{API_VERSION}/Accounts/<account>/Messages/<sid>.json", endpoint="fetch", methods=["GET"]),
            Rule(f"/{API_VERSION}/Accounts/<account>/Messages/<message_sid>/Media/<media_sid>",
                 endpoint="media_get", methods=["GET"]),
            Rule("/_fake/cdn/<media_sid>", endpoint="cdn", methods=["GET"]),
            Rule("/_fake/messages", endpoint="list", methods=["GET"]),
            Rule("/_fake/media", endpoint="upload", methods=["POST"]),
        ])
        self._requested_port = port
        self._server = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> Self:
        if self._server is None:
            self._server = make_server(self.host, self._requested_port, self._wsgi, threaded=True,
                                       request_handler=_QuietHandler)
            self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                            name="fake-twilio", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeTwilioAPI is not started")
        return self._server.server_port

    @property
    def url(self) -> str:
        """The base URL for TWILIO_API_BASE_URL / ``client.api.base_url``."""
        return f"http://{self.host}:{self.port}"

    def client(self, **kwargs):
        """A real ``twilio.rest.Client`` pointed at this server."""
        from twilio.rest import Client

        client = Client(self.account_sid, self.auth_token, **kwargs)
        client.api.base_url = self.url
        return client

    # -- scripting and inspection -------------------------------------------------------------------

    def add_media(self, content: bytes, content_type: str, *, redirect_to: str | None = None,
                  require_auth: bool = True, delay: float = 0.0) -> str:
        """Register an attachment; returns its Twilio-style media URL on this server.

        ``redirect_to``: a base URL (``fake.url``, or ``f"http://localhost:{fake.port}"`` to land on a
        different host name) the media URL answers with a 307 to, like Twilio's redirect to its CDN.
        ``delay``: seconds the server waits before sending the bytes.
        """
        message_sid = "MM" + uuid.uuid4().hex
        media_sid = "ME" + uuid.uuid4().hex
        with self._lock:
            self._media[media_sid] = _Media(content, content_type, redirect_to, require_auth, delay)
        return f"{self.url}/{API_VERSION}/Accounts/{self.account_sid}/Messages/{message_sid}/Media/{media_sid}"

    def add_content(self, content_sid: str, body: str) -> None:
        """Register a Content API template: ``body`` with ``{{1}}``-style placeholders, rendered with each
        message's ContentVariables, as Twilio renders the approved template into the message's body."""
        with self._lock:
            self._contents[content_sid] = body

    def fail_next(self, status: int, code: int = 20500, times: int = 1, *, retry_after: int | None = None,
                  endpoint: str = "messages") -> None:
        """The next ``times`` requests to ``endpoint`` ("messages": creating a message, "media": fetching
        media, "list": listing messages) answer with this HTTP status and Twilio error code. A 429 carries
        Retry-After (default 1)."""
        if endpoint not in self._failures:
            raise ValueError(f"endpoint must be one of {sorted(self._failures)}")
        if status == 429 and retry_after is None:
            retry_after = 1
        with self._lock:
            self._failures[endpoint].extend(_Failure(status, code, retry_after) for _ in range(times))

    def delay_next(self, seconds: float, *, times: int = 1, create: str = "after") -> None:
        """The next ``times`` message creations answer only after ``seconds``. ``create="after"``: the
        message is created (and delivered) at once and only the answer is late, as when Twilio is slow to
        respond; ``"before"``: it is created when the late answer is sent."""
        if create not in {"after", "before"}:
            raise ValueError('create must be "after" or "before"')
        with self._lock:
            self._delays.extend(_Delay(seconds, create) for _ in range(times))

    def wait_for_messages(self, n: int, timeout: float = 10) -> list[dict[str, Any]]:
        """Block until at least ``n`` messages were captured; returns them (raises on timeout)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.messages) < n:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"expected {n} outbound messages, got {len(self.messages)}")
                self._lock.wait(remaining)
            return list(self.messages)

    def send_status_callbacks(self, sid: str | None = None, statuses: Iterable[str] = ("sent", "delivered"),
                              *, error_code: int | None = None) -> list[int]:
        """POST signed status callbacks, as Twilio does, for one message (or every captured one) to its
        StatusCallback URL; returns the HTTP statuses the callback endpoint answered with."""
        targets = [m for m in self.messages if sid is None or m["sid"] == sid]
        if sid is not None and not targets:
            raise KeyError(sid)
        answers = []
        for message in targets:
            for status in statuses:
                answer = self._post_callback(message, status, error_code)
                if answer is not None:
                    answers.append(answer)
        return answers

    def status_callback_form(self, message: dict[str, Any], status: str,
                             error_code: int | None = None) -> dict[str, str]:
        form = {
            "AccountSid": self.account_sid,
            "ApiVersion": API_VERSION,
            "ChannelPrefix": "whatsapp",
            "ChannelToAddress": message["To"].removeprefix("whatsapp:"),
            "From": message["From"],
            "MessageSid": message["sid"],
            "MessageStatus": status,
            "SmsSid": message["sid"],
            "SmsStatus": status,
            "To": message["To"],
        }
        if error_code is not None and status in {"failed", "undelivered"}:
            form["ErrorCode"] = str(error_code)
        return form

    def _post_callback(self, message: dict[str, Any], status: str, error_code: int | None) -> int | None:
        url = message.get("StatusCallback")
        with self._lock:
            if (status in _ORDER and _ORDER.index(status) > _ORDER.index(message.get("status", "queued"))) \
                    or status in {"failed", "undelivered"}:
                message["status"] = status
        if not url:
            return None
        form = self.status_callback_form(message, status, error_code)
        signature = RequestValidator(self.auth_token).compute_signature(url, form)
        try:
            answer = requests.post(url, data=form, timeout=10, allow_redirects=False,
                                   headers={"X-Twilio-Signature": signature,
                                            "User-Agent": "TwilioProxy/1.1"})
        except requests.RequestException as exc:
            self.callback_errors.append(f"{url}: {exc}")
            return None
        if answer.status_code >= 400:
            self.callback_errors.append(f"{url}: HTTP {answer.status_code}")
        return answer.status_code

    # -- HTTP --------------------------------------------------------------------------------------

    def _wsgi(self, environ, start_response):
        request = Request(environ)
        response = self._dispatch(request)
        return response(environ, start_response)

    def _dispatch(self, request: Request) -> Response:
        record = RecordedRequest(request.method, request.path, request.query_string.decode("latin-1"),
                                 dict(request.headers), {k: request.form.getlist(k) for k in request.form})
        with self._lock:
            self.requests.append(record)
        adapter = self._map.bind_to_environ(request.environ)
        try:
            endpoint, args = adapter.match()
        except HTTPException:  # no such route, or not with this method
            return twilio_error(404, 20404, path=request.path)
        if endpoint == "cdn":  # a CDN URL is unguessable; Twilio's are pre-signed and need no auth
            return self._serve_media(args["media_sid"], direct=True)
        if self._needs_auth(endpoint, args) and not self._authorized(request):
            response = twilio_error(401, 20003)
            response.headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
            return response
        if "account" in args and args["account"] != self.account_sid:
            return twilio_error(404, 20404, path=request.path)
        return getattr(self, f"_{endpoint}")(request, **{k: v for k, v in args.items() if k != "account"})

    def _needs_auth(self, endpoint: str, args: dict[str, str]) -> bool:
        if endpoint == "media_get":
            with self._lock:
                media = self._media.get(args["media_sid"])
            return media is None or media.require_auth
        return True

    def _authorized(self, request: Request) -> bool:
        return basic_auth_matches(request.authorization, self.account_sid, self.auth_token)

    def _scripted_failure(self, endpoint: str) -> Response | None:
        with self._lock:
            if not self._failures[endpoint]:
                return None
            failure = self._failures[endpoint].pop(0)
        response = twilio_error(failure.status, failure.code)
        if failure.retry_after is not None:
            response.headers["Retry-After"] = str(failure.retry_after)
        return response

    def _create(self, request: Request) -> Response:
        failure = self._scripted_failure("messages")
        if failure is not None:
            return failure
        with self._lock:
            delay = self._delays.pop(0) if self._delays else None
        if delay is not None and delay.create == "before":
            time.sleep(delay.seconds)
        response = self._create_now(request)
        if delay is not None and delay.create == "after":
            time.sleep(delay.seconds)
        return response

    def _create_now(self, request: Request) -> Response:
        form: MultiDict = request.form
        to, from_ = form.get("To", ""), form.get("From", "")
        body = form.get("Body", "")
        media_urls = form.getlist("MediaUrl")
        callback = form.get("StatusCallback")
        content_sid, content_variables = form.get("ContentSid"), form.get("ContentVariables")
        if not to:
            return twilio_error(400, 21604)
        if not from_:
            return twilio_error(400, 21603)
        if not (_WHATSAPP_ADDRESS.match(to) or _PHONE.match(to)):
            return twilio_error(400, 21211, f"Invalid 'To' Phone Number: {to}")
        if not (_WHATSAPP_ADDRESS.match(from_) or _PHONE.match(from_)):
            return twilio_error(400, 21212, f"Invalid 'From' Phone Number: {from_}")
        if to.startswith("whatsapp:") != from_.startswith("whatsapp:"):
            return twilio_error(400, 21910)
        if content_sid is not None:
            rendered = self._render(content_sid, content_variables)
            if isinstance(rendered, Response):
                return rendered
            body = rendered  # a template replaces any Body, as on Twilio
        if not body and not media_urls:
            return twilio_error(400, 21602)
        if len(body) > MAX_BODY:
            return twilio_error(400, 21617)
        if len(media_urls) > MAX_MEDIA_URLS:
            return twilio_error(400, 21623)
        if callback and not re.match(r"^https?://[^/\s_]+(/\S*)?$", callback):
            return twilio_error(400, 21609)
        sid = "SM" + uuid.uuid4().hex
        created = dt.datetime.now(dt.UTC)
        message = {
            "To": to, "From": from_, "Body": body, "MediaUrl": media_urls, "StatusCallback": callback,
            "sid": sid, "status": "queued", "date_created": _rfc2822(created), "created": created,
            "ContentSid": content_sid, "ContentVariables": content_variables,
        }
        with self._lock:
            message["index"] = len(self.messages)
            self.messages.append(message)
            self._lock.notify_all()
        if self.auto_callbacks and callback:
            threading.Thread(target=self._auto_callback, args=(message,), daemon=True).start()
        return Response(json.dumps(self._resource(message)), status=201, content_type="application/json")

    def _render(self, content_sid: str, variables: str | None) -> str | Response:
        """A template's body with its variables, or Twilio's error for a malformed SID or variables. An
        unregistered (well-formed) SID renders as its variables joined, so tests need not register one."""
        if not _CONTENT_SID.match(content_sid):
            return twilio_error(400, 21655)
        values: dict[str, str] = {}
        if variables:
            try:
                parsed = json.loads(variables)
            except ValueError:
                return twilio_error(400, 21656)
            if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
                return twilio_error(400, 21656)
            values = {str(k): v for k, v in parsed.items()}
        with self._lock:
            template = self._contents.get(content_sid)
        if template is None:
            return " | ".join(values[k] for k in sorted(values, key=lambda k: (len(k), k))) or content_sid
        return _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), template)

    def _auto_callback(self, message: dict[str, Any]) -> None:
        for status in self.auto_callbacks:
            time.sleep(self.callback_delay)
            self._post_callback(message, status, None)

    def _fetch(self, request: Request, sid: str) -> Response:
        with self._lock:
            found = next((m for m in self.messages if m["sid"] == sid), None)
        if found is None:
            return twilio_error(404, 20404, path=request.path)
        return Response(json.dumps(self._resource(found)), content_type="application/json")

    def _list_api(self, request: Request) -> Response:
        failure = self._scripted_failure("list")
        if failure is not None:
            return failure
        args = request.args
        try:
            page_size = min(max(int(args.get("PageSize", "50")), 1), 1000)
            page = max(int(args.get("Page", "0")), 0)
            sent_on = {op: dt.date.fromisoformat(args[name]) for op, name in
                       (("=", "DateSent"), ("<", "DateSent<"), (">", "DateSent>")) if args.get(name)}
        except ValueError:
            return twilio_error(400, 20001, "Invalid paging or DateSent parameter")

        def keep(message: dict[str, Any]) -> bool:
            day = message["created"].date()
            return ((not args.get("To") or message["To"] == args["To"])
                    and (not args.get("From") or message["From"] == args["From"])
                    and ("=" not in sent_on or day == sent_on["="])
                    and ("<" not in sent_on or day <= sent_on["<"])
                    and (">" not in sent_on or day >= sent_on[">"]))

        with self._lock:
            found = [m for m in reversed(self.messages) if keep(m)]
        chunk = found[page * page_size:(page + 1) * page_size]
        base = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"
        query = {k: v for k, v in args.items() if k not in {"Page", "PageSize", "PageToken"}}

        def uri(number: int) -> str:
            return f"{base}?{urlencode({**query, 'PageSize': page_size, 'Page': number})}"

        more = (page + 1) * page_size < len(found)
        body = {
            "messages": [self._resource(m) for m in chunk],
            "end": page * page_size + max(len(chunk) - 1, 0), "start": page * page_size,
            "page": page, "page_size": page_size, "uri": uri(page), "first_page_uri": uri(0),
            "next_page_uri": uri(page + 1) if more else None,
            "previous_page_uri": uri(page - 1) if page > 0 else None,
        }
        return Response(json.dumps(body), content_type="application/json")

    def _resource(self, message: dict[str, Any]) -> dict[str, Any]:
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{message['sid']}.json"
        return {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": message["Body"],
            "date_created": message["date_created"],
            "date_sent": None,
            "date_updated": message["date_created"],
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": message["From"],
            "messaging_service_sid": None,
            "num_media": str(len(message["MediaUrl"])),
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": message["sid"],
            "status": message["status"],
            "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
            "to": message["To"],
            "uri": uri,
        }

    # Every endpoint is called with the request and all of its URL's variables.
    def _media_get(self, request: Request, message_sid: str, media_sid: str) -> Response:  # noqa: ARG002
        return self._serve_media(media_sid, direct=False)

    def _serve_media(self, media_sid: str, *, direct: bool) -> Response:
        failure = self._scripted_failure("media")
        if failure is not None:
            return failure
        with self._lock:
            media = self._media.get(media_sid)
        if media is None:
            return twilio_error(404, 20404, path=media_sid)
        if media.redirect_to and not direct:
            response = Response(status=307)
            response.headers["Location"] = f"{media.redirect_to.rstrip('/')}/_fake/cdn/{media_sid}"
            return response
        if media.delay:
            time.sleep(media.delay)
        return Response(media.content, content_type=media.content_type)

    def _list(self, request: Request) -> Response:
        to = request.args.get("to")
        try:
            after = int(request.args.get("after", "-1"))
        except ValueError:
            return twilio_error(400, 20001, "after must be an integer")
        with self._lock:
            found = [self._public(m) for m in self.messages if m["index"] > after and (not to or m["To"] == to)]
            total = len(self.messages)
        return Response(json.dumps({"messages": found, "total": total}), content_type="application/json")

    @staticmethod
    def _public(message: dict[str, Any]) -> dict[str, Any]:
        return {k: message[k] for k in ("index", "sid", "status", "To", "From", "Body", "MediaUrl",
                                        "StatusCallback", "date_created", "ContentSid", "ContentVariables")}

    def _upload(self, request: Request) -> Response:
        content_type = request.mimetype or "application/octet-stream"
        url = self.add_media(request.get_data(), content_type)
        return Response(json.dumps({"url": url}), status=201, content_type="application/json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Local stand-in for the Twilio REST API")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--callbacks", default="sent,delivered,read",
                        help="statuses posted to each message's StatusCallback ('' for none)")
    args = parser.parse_args(argv)
    account_sid = os.environ.get("TWILIO_ACCOUNT_SID", "")
    auth_token = os.environ.get("TWILIO_AUTH_TOKEN", "")
    if not account_sid or not auth_token:
        parser.error("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set")
    callbacks = [s for s in args.callbacks.split(",") if s]
    fake = FakeTwilioAPI(account_sid, auth_token, args.host, args.port, auto_callbacks=callbacks).start()
    print(f"Twilio stand-in on {fake.url}", flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        while not stopped.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
