"""Servers on 127.0.0.1 for the developer tools' tests: a webhook catcher that checks signatures."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest
from twilio.request_validator import RequestValidator
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


@dataclass
class Caught:
    path: str
    form: dict[str, list[str]]
    headers: dict[str, str]
    signature_valid: bool


@dataclass
class WebhookCatcher:
    """Answers 200 to a validly signed POST (signed over ``signed_base`` + path), 403 otherwise."""
    auth_token: str
    signed_base: str | None = None
    caught: list[Caught] = field(default_factory=list)
    on_webhook: object = None  # called with each valid Caught (e.g. to send a reply)
    url: str = ""

    def __call__(self, environ, start_response):
        request = Request(environ)
        base = self.signed_base or self.url
        signed_url = base.rstrip("/") + request.full_path.rstrip("?")
        valid = RequestValidator(self.auth_token).validate(
            signed_url, request.form, request.headers.get("X-Twilio-Signature", ""))
        caught = Caught(request.path, {k: request.form.getlist(k) for k in request.form},
                        dict(request.headers), valid)
        self.caught.append(caught)
        if valid and self.on_webhook:
            self.on_webhook(caught)
        response = Response("<Response/>", status=200 if valid else 403, mimetype="text/xml")
        return response(environ, start_response)


def serve(wsgi_app):
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def webhook_catcher():
    from tests.conftest import TEST_AUTH_TOKEN

    catcher = WebhookCatcher(TEST_AUTH_TOKEN)
    server, catcher.url = serve(catcher)
    yield catcher
    server.shutdown()
    server.server_close()


@pytest.fixture
def live_app(app):
    """The real app served over HTTP on 127.0.0.1 (for commands that talk to a running server)."""
    server, url = serve(app)
    yield url
    server.shutdown()
    server.server_close()
