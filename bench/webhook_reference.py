"""The bench's server: our app, plus a minimal reference webhook at /reference/webhook in the same process.

The reference does only the irreducible work of accepting a Twilio webhook: check X-Twilio-Signature,
one INSERT (idempotent on MessageSid), one Redis push, empty TwiML. It is not part of the product.

    gunicorn 'bench.webhook_reference:create_bench_app()'
"""
from __future__ import annotations

import json

from flask import Flask, Response, abort, request
from sqlalchemy import text
from twilio.request_validator import RequestValidator
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from app import create_app
from app.config import Settings, get_settings
from app.db import get_engine
from app.queue.connection import get_redis

REFERENCE_PREFIX = "/reference"
REFERENCE_TABLE = "bench_reference_webhooks"
REFERENCE_LIST = "bench:reference"
_EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'

CREATE_TABLE = f"""
CREATE TABLE IF NOT EXISTS {REFERENCE_TABLE} (
    message_sid varchar(64) PRIMARY KEY,
    form jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
)"""


def create_reference_app(settings: Settings) -> Flask:
    app = Flask("bench_reference")
    app.config["MAX_CONTENT_LENGTH"] = 256 * 1024
    engine = get_engine(settings.database_url)
    redis = get_redis(settings.redis_url)
    validator = RequestValidator(settings.twilio_auth_token)
    insert = text(f"INSERT INTO {REFERENCE_TABLE} (message_sid, form) VALUES (:sid, CAST(:form AS jsonb)) "
                  "ON CONFLICT (message_sid) DO NOTHING")

    @app.post("/webhook")
    def webhook():
        url = settings.public_base_url.rstrip("/") + request.script_root + request.path
        if not validator.validate(url, request.form, request.headers.get("X-Twilio-Signature", "")):
            abort(403)
        sid = request.form.get("MessageSid", "")
        if not sid:
            abort(400)
        form = {key: request.form.getlist(key) for key in request.form}
        with engine.begin() as conn:
            conn.execute(insert, {"sid": sid, "form": json.dumps(form)})
        redis.lpush(REFERENCE_LIST, sid)
        return Response(_EMPTY_TWIML, mimetype="text/xml")

    return app


def create_bench_app() -> Flask:
    settings = get_settings()
    app = create_app(settings)
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {REFERENCE_PREFIX: create_reference_app(settings)})
    return app
