"""The webhook spool: where an inbound webhook waits, in Redis, while PostgreSQL cannot take it.

Twilio does not retry a messaging webhook that answered 5xx (by default it retries only a connection that
failed), so a message the database cannot store right now would be lost. Instead the webhook, already
verified, is appended as received to a Redis stream and answered 200. The worker's janitor drains the
stream into PostgreSQL, oldest first, through the same one-transaction store as the webhook
(``store_inbound``), and enqueues each message it stored (no Flask here).

**Order.** A hash counts each sender's entries still in the stream, and a webhook from a sender with
entries waiting is spooled behind them even when PostgreSQL is back, so one sender's messages reach the
database in the order they arrived. A sender whose oldest entry cannot be stored yet (their row is
locked) holds back only their own entries; the others drain.

**Exactly once.** Storing claims the MessageSid (``ON CONFLICT DO NOTHING``), so storing an entry again
changes nothing: an entry stored just before a crash, and so never acknowledged, is acknowledged as a
duplicate on the next pass; a Twilio retry of a spooled webhook is spooled again and drained as one.
Passes are serialised by a PostgreSQL advisory lock, so two workers never interleave their stores.

**Durability.** The spool is as durable as Redis: run Redis with ``appendonly yes`` (with
``appendfsync everysec`` a crash of the Redis host loses at most the last second).

Entries that can never be stored (a form that no longer validates, a signature that no longer verifies)
move to a dead-letter stream for operators, with the reason.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any

import psycopg
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from werkzeug.datastructures import MultiDict

from app.config import Settings
from app.db import milliseconds
from app.queue.enqueue import enqueue_processing
from app.webhook import signature
from app.webhook.forms import InboundMessage, parse_inbound
from app.webhook.store import StoredInbound, store_inbound

log = logging.getLogger(__name__)

STREAM = "invoice-assistant:webhook-spool"
WAITING = "invoice-assistant:webhook-spool:waiting"  # hash: sender number -> entries in STREAM
DEAD = "invoice-assistant:webhook-spool:dead"
_LOCK_NAMESPACE = 0x5350  # "SP": advisory lock of the drain
BATCH = 100

# Acknowledge one drained entry: delete it and count it off its sender, atomically, and only once.
_ACK = """
if redis.call('XDEL', KEYS[1], ARGV[1]) == 1 then
    if redis.call('HINCRBY', KEYS[2], ARGV[2], -1) <= 0 then redis.call('HDEL', KEYS[2], ARGV[2]) end
    return 1
end
return 0
"""


def spool(redis: Redis, message: InboundMessage, raw_webhook: dict[str, Any], received_at: dt.datetime) -> str:
    """Append a verified webhook to the spool; its entry id (raises RedisError when Redis is down)."""
    fields = {"sid": message.message_sid, "sender": message.sender_number,
              "received_at": received_at.isoformat(), "webhook": json.dumps(raw_webhook)}
    with redis.pipeline(transaction=True) as pipe:
        pipe.xadd(STREAM, fields)  # type: ignore[arg-type]
        pipe.hincrby(WAITING, message.sender_number, 1)
        entry_id, _ = pipe.execute()
    return entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)


def waiting_for(redis: Redis, sender_number: str) -> int:
    """How many of this sender's webhooks are still in the spool."""
    value = redis.hget(WAITING, sender_number)
    return int(value) if value else 0


@dataclass(frozen=True)
class Backlog:
    entries: int
    oldest_seconds: float | None


def backlog(redis: Redis, now: dt.datetime | None = None) -> Backlog:
    entries = int(redis.xlen(STREAM))
    if not entries:
        return Backlog(0, None)
    first = redis.xrange(STREAM, count=1)
    if not first:
        return Backlog(0, None)
    fields: Fields = first[0][1]  # type: ignore[assignment]
    received = dt.datetime.fromisoformat(_text(fields.get(b"received_at")))
    age = ((now or dt.datetime.now(dt.UTC)) - received).total_seconds()
    return Backlog(entries, max(0.0, age))


@dataclass
class DrainReport:
    stored: int = 0
    duplicates: int = 0
    dead: int = 0
    held: int = 0  # left in the spool for now: their sender's row was locked


class _Dead(Exception):
    """This entry can never be stored."""


class _Held(Exception):
    """This entry cannot be stored yet (a lock or statement timeout), but PostgreSQL answers."""


def _database_error(exc: BaseException) -> BaseException:
    return exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc


def _inbound(settings: Settings, fields: Fields) -> tuple[InboundMessage, dict[str, Any], dt.datetime]:
    try:
        raw = json.loads(fields[b"webhook"])
        received_at = dt.datetime.fromisoformat(fields[b"received_at"].decode())
        form = {name: value if isinstance(value, list) else [value] for name, value in raw["form"].items()}
        message = parse_inbound(form)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # FormError is a ValueError
        raise _Dead(f"unreadable entry ({type(exc).__name__})") from exc
    if settings.twilio_validate_signature:
        pairs = MultiDict([(name, value) for name, values in form.items() for value in values])
        if not signature.is_valid(settings.twilio_auth_token, str(raw.get("url", "")), pairs,
                                  raw.get("headers") or {}):
            raise _Dead("the signature does not verify (auth token rotated?)")
    return message, raw, received_at


def _store(settings: Settings, engine: Engine, fields: Fields) -> StoredInbound | None:
    message, raw, received_at = _inbound(settings, fields)
    try:
        stored = store_inbound(engine, message, raw, settings.conversation_idle_hours,
                               timeout_ms=milliseconds(settings.webhook_db_timeout), received_at=received_at)
    except (DBAPIError, psycopg.Error) as exc:
        cause = _database_error(exc)
        if isinstance(cause, (psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled)):
            raise _Held(type(cause).__name__) from exc
        if isinstance(cause, (psycopg.errors.DataError, psycopg.errors.IntegrityError)):
            raise _Dead(f"PostgreSQL refused it ({type(cause).__name__})") from exc
        raise  # PostgreSQL is down: the pass ends, the entry stays first in line
    return stored


Fields = dict[bytes, bytes]


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value or "")


def _acknowledge(redis: Redis, entry_id: bytes, sender: str) -> None:
    redis.eval(_ACK, 2, STREAM, WAITING, entry_id, sender)


def _bury(redis: Redis, entry_id: bytes, fields: Fields, reason: str) -> None:
    redis.xadd(DEAD, {**fields, b"reason": reason.encode(), b"entry": entry_id})  # type: ignore[dict-item]
    _acknowledge(redis, entry_id, _text(fields.get(b"sender")))


def drain(settings: Settings, engine: Engine, redis: Redis) -> DrainReport:
    """Move spooled webhooks into PostgreSQL, oldest first; stops at the first sign PostgreSQL is down.

    Raises what PostgreSQL or Redis raised when either is down (nothing is lost: entries stay queued).
    """
    report = DrainReport()
    if not redis.xlen(STREAM):
        return report
    with engine.connect() as lock_conn:
        got = lock_conn.execute(text("SELECT pg_try_advisory_lock(:ns, 0)"), {"ns": _LOCK_NAMESPACE}).scalar_one()
        lock_conn.commit()
        if not got:
            return report  # another worker is draining
        try:
            _drain_locked(settings, engine, redis, report)
        finally:
            lock_conn.execute(text("SELECT pg_advisory_unlock(:ns, 0)"), {"ns": _LOCK_NAMESPACE})
            lock_conn.commit()
    if report.stored or report.dead:
        log.info("spool drained: %d stored, %d duplicates, %d dead, %d held back", report.stored,
                 report.duplicates, report.dead, report.held)
    return report


def _drain_locked(settings: Settings, engine: Engine, redis: Redis, report: DrainReport) -> None:
    held_senders: set[str] = set()
    start = "-"
    while True:
        entries: list[tuple[bytes, Fields]] = redis.xrange(STREAM, min=start, max="+", count=BATCH)  # type: ignore[assignment]
        if not entries:
            return
        for entry_id, fields in entries:
            sender = _text(fields.get(b"sender"))
            if sender in held_senders:
                report.held += 1
                continue
            try:
                stored = _store(settings, engine, fields)
            except _Dead as exc:
                log.error("spooled webhook %s moved to %s: %s", _text(entry_id), DEAD, exc)
                _bury(redis, entry_id, fields, str(exc))
                report.dead += 1
                continue
            except _Held as exc:
                report.held += 1
                if held_senders:  # a second sender blocked too: the database, not one row, is locked
                    return
                held_senders.add(sender)
                log.warning("spooled webhook from a locked sender held back (%s)", exc)
                continue
            _acknowledge(redis, entry_id, sender)
            if stored is None:
                report.duplicates += 1
                continue
            report.stored += 1
            try:
                enqueue_processing(settings, stored.message_id, stored.message_sid)
            except RedisError as exc:
                log.warning("drained message not enqueued (%s); the sweep will", type(exc).__name__)
        start = "(" + _text(entries[-1][0])
