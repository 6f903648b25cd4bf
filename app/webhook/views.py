"""The two Twilio webhooks. The web path stays tiny: verify, validate, one transaction, one Redis push."""
from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

import psycopg
from flask import Blueprint, Response, abort, current_app, request
from flask.blueprints import BlueprintSetupState
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from twilio.twiml.messaging_response import MessagingResponse

from app.config import Settings
from app.db import get_engine, milliseconds, session_factory
from app.deadline import DeadlineExceeded, DeadlinePool
from app.logs import message_sid_var
from app.metrics import ACK_LATENCY, WEBHOOKS
from app.queue.connection import get_redis
from app.queue.enqueue import enqueue_processing
from app.webhook import signature, spool
from app.webhook.forms import FormError, InboundMessage, parse_inbound, parse_status
from app.webhook.status import apply_status, link_reply
from app.webhook.status import parse_status as known_status
from app.webhook.store import StoredInbound, store_inbound

log = logging.getLogger(__name__)

bp = Blueprint("twilio", __name__, url_prefix="/webhooks/twilio")

_EMPTY_TWIML = str(MessagingResponse())


@bp.record_once
def _set_up(state: BlueprintSetupState) -> None:
    # Once per app, at start-up: loud enough to notice, quiet enough not to drown the logs.
    if not state.app.config["SETTINGS"].twilio_validate_signature:
        signature.warn_validation_off()
    # One per app, so per gunicorn worker process.
    state.app.extensions["webhook_breaker"] = _Breaker(cooldown=5.0)


def _twiml() -> Response:
    return Response(_EMPTY_TWIML, status=200, mimetype="text/xml")


class _Outcome(Exception):
    def __init__(self, status: int, outcome: str):
        self.status = status
        self.outcome = outcome


View = Callable[[], tuple[Response, str]]


def _measured(endpoint: str) -> Callable[[View], Callable[[], Response]]:
    """Count every answer by outcome and time the acknowledgement."""
    def decorate(view: View) -> Callable[[], Response]:
        @wraps(view)
        def wrapper() -> Response:
            started = time.perf_counter()
            token = message_sid_var.set(None)
            try:
                response, outcome = view()
            except _Outcome as stop:
                WEBHOOKS.labels(endpoint=endpoint, outcome=stop.outcome).inc()
                abort(stop.status)
            except Exception:
                WEBHOOKS.labels(endpoint=endpoint, outcome="error").inc()
                raise
            finally:
                ACK_LATENCY.labels(endpoint=endpoint).observe(time.perf_counter() - started)
                message_sid_var.reset(token)
            WEBHOOKS.labels(endpoint=endpoint, outcome=outcome).inc()
            return response
        return wrapper
    return decorate


def _form_lists() -> dict[str, list[str]]:
    return {key: request.form.getlist(key) for key in request.form}


def _signed_url(settings: Settings) -> str:
    """The URL Twilio signed, built once per request (werkzeug rebuilds ``request.url`` on every access)."""
    request_url = "" if settings.public_base_url else request.url
    return signature.signed_url(settings.public_base_url, request_url, request.path,
                                request.query_string.decode("latin-1"))


def _verify_signature(settings: Settings, url: str) -> None:
    if not settings.twilio_validate_signature:
        return
    if not signature.is_valid(settings.twilio_auth_token, url, request.form, dict(request.headers)):
        log.warning("rejected a webhook with a missing or invalid X-Twilio-Signature")
        raise _Outcome(403, "forbidden")


def _raw_webhook(form: dict[str, list[str]], url: str) -> dict[str, Any]:
    """What ``flask replay`` needs to send this webhook again exactly: the form, the URL, the headers."""
    return {
        "url": url,
        "form": {name: values[0] if len(values) == 1 else values for name, values in form.items()},
        "headers": {name: request.headers[name] for name in signature.REPLAY_HEADERS if name in request.headers},
    }


class _Breaker:
    """After PostgreSQL failed a webhook, the next ones in this process go straight to the spool for a
    few seconds instead of each waiting out the same timeout (with 2 sync workers, a 2 s wait per
    webhook would be 1 webhook a second)."""

    def __init__(self, cooldown: float) -> None:
        self.cooldown = cooldown
        self._open_until = 0.0

    @property
    def open(self) -> bool:
        return time.monotonic() < self._open_until

    def trip(self) -> None:
        self._open_until = time.monotonic() + self.cooldown


# Threads that run the store for a webhook that will not wait past its deadline (app/deadline.py); a sync
# gunicorn worker needs one, a threaded server a few.
_STORE_CALLS = DeadlinePool("webhook-store", size=8)


class _DatabaseUnavailable(Exception):
    pass


def _store(settings: Settings, inbound: InboundMessage, raw: dict[str, Any]) -> StoredInbound | None:
    engine = get_engine(settings.database_url)
    budget = settings.webhook_db_timeout

    def store() -> StoredInbound | None:
        return store_inbound(engine, inbound, raw, settings.conversation_idle_hours,
                             timeout_ms=milliseconds(budget))

    try:
        # The server-side timeouts normally answer first; the deadline covers a server that never does.
        return _STORE_CALLS.call(store, budget + 0.5)
    except (DeadlineExceeded, SQLAlchemyError, psycopg.Error) as exc:
        raise _DatabaseUnavailable(type(exc).__name__) from exc


def _stored(settings: Settings, stored: StoredInbound | None, inbound: InboundMessage,
            enqueue: bool) -> tuple[Response, str]:
    if stored is None:
        log.info("duplicate (or erased) delivery ignored")
        return _twiml(), "duplicate"
    if enqueue:
        try:
            enqueue_processing(settings, stored.message_id, stored.message_sid)
        # Whatever failed (Redis down, most likely), the message is committed and the worker's sweep enqueues it
        # later; an error answer would only make Twilio deliver it again as a duplicate.
        except Exception as exc:  # noqa: BLE001
            log.warning("message stored but not enqueued (%s); the sweep will pick it up", type(exc).__name__)
    log.info("inbound message stored", extra={"message_id": stored.message_id,
                                              "attachments": len(inbound.attachments)})
    return _twiml(), "accepted"


@bp.post("/whatsapp")
@_measured("whatsapp")
def whatsapp() -> tuple[Response, str]:
    """Store the message in PostgreSQL, or spool it to Redis when PostgreSQL cannot take it in time
    (app/webhook/spool.py); 200 either way. 503 only when neither PostgreSQL nor Redis would keep it."""
    settings: Settings = current_app.config["SETTINGS"]
    url = _signed_url(settings)
    _verify_signature(settings, url)
    form = _form_lists()
    try:
        inbound = parse_inbound(form)
    except FormError as exc:
        log.warning("rejected a malformed inbound message form: %s", exc)
        raise _Outcome(400, "invalid") from exc
    message_sid_var.set(inbound.message_sid)
    raw = _raw_webhook(form, url)
    received_at = dt.datetime.now(dt.UTC)
    redis = get_redis(settings.redis_url)
    try:
        behind = spool.waiting_for(redis, inbound.sender_number)
        redis_up = True
    except RedisError:
        behind, redis_up = 0, False
    breaker: _Breaker = current_app.extensions["webhook_breaker"]
    tried_database = False
    if not behind and not breaker.open:
        tried_database = True
        try:
            return _stored(settings, _store(settings, inbound, raw), inbound, enqueue=redis_up)
        except _DatabaseUnavailable as exc:
            breaker.trip()
            log.warning("PostgreSQL did not take the message (%s); spooling it", exc)
    try:
        spool.spool(redis, inbound, raw, received_at)
    except RedisError as exc:
        log.warning("could not spool the message (%s)", type(exc).__name__)
    else:
        log.info("inbound message spooled", extra={"behind": behind})
        return _twiml(), "spooled"
    if not tried_database:  # the spool is gone too: PostgreSQL may take it after all
        try:
            return _stored(settings, _store(settings, inbound, raw), inbound, enqueue=False)
        except _DatabaseUnavailable:
            pass
    log.error("neither PostgreSQL nor Redis took the message; Twilio may retry it (docs/reliability.md)")
    raise _Outcome(503, "unavailable")


@bp.post("/status")
@_measured("status")
def status() -> tuple[Response, str]:
    settings: Settings = current_app.config["SETTINGS"]
    _verify_signature(settings, _signed_url(settings))
    try:
        callback = parse_status(_form_lists())
    except FormError as exc:
        log.warning("rejected a malformed status callback: %s", exc)
        raise _Outcome(400, "invalid") from exc
    message_sid_var.set(callback.message_sid)
    new_status = known_status(callback.status)
    if new_status is None:
        return _twiml(), "ignored"
    budget = settings.webhook_db_timeout
    # ?reply=<id>: which of our replies this is (app/replies/send.py), so a SID we never heard of gets linked.
    reply = request.args.get("reply", "")
    reply_id = int(reply) if reply.isascii() and reply.isdigit() and len(reply) <= 18 else None

    def apply() -> bool:
        with session_factory(settings.database_url)() as session:
            session.execute(_SET_TIMEOUTS, {"timeout": str(milliseconds(budget))})
            linked = reply_id is not None and link_reply(session, reply_id, callback.message_sid)
            changed = apply_status(session, callback.message_sid, new_status, callback.error_code)
            session.commit()
        return changed or linked

    try:
        changed = _STORE_CALLS.call(apply, budget + 0.5)
    except (DeadlineExceeded, SQLAlchemyError, psycopg.Error) as exc:
        # A delivery status is not worth a spool: a later status (or none) changes nothing the user sees.
        log.warning("status callback not applied (%s)", type(exc).__name__)
        raise _Outcome(503, "unavailable") from exc
    return _twiml(), ("accepted" if changed else "ignored")


_SET_TIMEOUTS = text("SELECT set_config('statement_timeout', :timeout, true), "
                     "set_config('lock_timeout', :timeout, true)")
