"""Storing one inbound WhatsApp message, in one short transaction (no Flask here).

The MessageSid is claimed by the unique constraint on ``whatsapp_messages.whatsapp_message_id``
(``INSERT ... ON CONFLICT DO NOTHING``). A duplicate that loses the claim rolls the whole transaction
back and leaves no trace: no second message, media row or job, and not even a touched ``last_activity``.

This is the hot path of the webhook, so it speaks psycopg directly: two statements sent together in
one pipeline (a single network round trip, plus COMMIT or ROLLBACK), prepared by psycopg after a few
uses. It needs two statements, not one, because of concurrent messages from the same user (several
photos sent at once arrive as several webhooks): the user upsert locks the user's row until commit,
and the second statement, started after that lock is held, takes a fresh snapshot (READ COMMITTED) in
which the conversation another webhook of that user just opened is visible, so they share it. A single
statement would have read the conversations in a snapshot taken before waiting for the lock. The webhook
puts a third statement in front, in the same round trip, that sets this transaction's statement and lock
timeouts (``WEBHOOK_DB_TIMEOUT``): past them the webhook spools the message instead (app/webhook/spool.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy import Engine

from app.models import ErasedMessageSid
from app.webhook.forms import InboundMessage


@dataclass(frozen=True)
class StoredInbound:
    message_id: int
    user_id: int
    conversation_id: int
    message_sid: str


def content_for(message: InboundMessage) -> str:
    """What the message said, or a placeholder that keeps the conversation history readable."""
    if message.body.strip():
        return message.body
    count = len(message.attachments)
    if count == 1:
        return "[1 attachment]"
    if count > 1:
        return f"[{count} attachments]"
    return "[empty message]"


# A ProfileName is only a display name the user chose; keep the last one WhatsApp told us.
_UPSERT_USER = """
INSERT INTO users (whatsapp_number, name, last_activity) VALUES (%(number)s, %(name)s, now())
ON CONFLICT (whatsapp_number) DO UPDATE
    SET last_activity = now(), name = coalesce(excluded.name, users.name)
"""

# Everything else, chained through RETURNING so it is one round trip in one snapshot:
# - the conversation is the user's latest one, kept while its last message (or, when empty, its
#   creation) is within the idle gap, else a new one is opened;
# - the message, unless its MessageSid belongs to an erased user (tombstoned, app/conversation/erase.py),
#   then its whatsapp_messages row, which is the MessageSid claim: when the claim loses (ON CONFLICT DO
#   NOTHING) or the SID is tombstoned, the final SELECT returns no row and the caller rolls back;
# - one media row per attachment, from three parallel arrays (index, URL, type).
_STORE_MESSAGE = """
WITH sender AS (
    SELECT id FROM users WHERE whatsapp_number = %(number)s
), latest AS (
    SELECT c.id, c.created_at FROM conversations c JOIN sender ON c.user_id = sender.id
    ORDER BY c.id DESC LIMIT 1
), kept AS (
    SELECT latest.id FROM latest
    WHERE coalesce((SELECT max(m.created_at) FROM messages m WHERE m.conversation_id = latest.id),
                   latest.created_at) >= now() - %(idle_hours)s * interval '1 hour'
), opened AS (
    INSERT INTO conversations (user_id) SELECT sender.id FROM sender WHERE NOT EXISTS (SELECT FROM kept)
    RETURNING id
), message AS (
    INSERT INTO messages (user_id, conversation_id, content, role, created_at)
    SELECT sender.id, coalesce((SELECT id FROM kept), (SELECT id FROM opened)), %(content)s,
           'user'::message_role, coalesce(%(received_at)s::timestamptz, now())
    FROM sender
    WHERE NOT EXISTS (SELECT FROM erased_message_sids WHERE sid_hash = %(sid_hash)s)
    RETURNING id, user_id, conversation_id
), claim AS (
    INSERT INTO whatsapp_messages (message_id, whatsapp_message_id, from_number, to_number, status,
                                   media_url, media_type, raw_webhook)
    SELECT message.id, %(sid)s, %(from)s, %(to)s, 'received'::whatsapp_status,
           %(media_url)s, %(media_type)s, %(raw_webhook)s
    FROM message
    ON CONFLICT (whatsapp_message_id) DO NOTHING
    RETURNING message_id
), attachments AS (
    INSERT INTO media (user_id, message_id, media_index, source_url, content_type, status)
    SELECT message.user_id, message.id, a.media_index, a.url, a.content_type, 'uploaded'::media_status
    FROM message, unnest(%(media_indexes)s::int[], %(media_urls)s::text[], %(media_types)s::text[])
                  AS a(media_index, url, content_type)
)
SELECT message.id, message.user_id, message.conversation_id
FROM message JOIN claim ON claim.message_id = message.id
"""


# The webhook's own, tighter budget, for this transaction only (the pool's defaults suit the worker).
_TIMEOUTS = """
SELECT set_config('statement_timeout', %(timeout)s, true), set_config('lock_timeout', %(timeout)s, true)
"""


def _parameters(message: InboundMessage, raw_webhook: dict[str, Any], idle_hours: float,
                received_at: dt.datetime | None) -> dict[str, Any]:
    first = message.attachments[0] if message.attachments else None
    # idle_hours is always a float: psycopg keys its server-side prepared statements by parameter types.
    return {
        "number": message.sender_number, "name": message.profile_name_clean, "idle_hours": float(idle_hours),
        "received_at": received_at,
        "content": content_for(message), "sid": message.message_sid, "from": message.from_, "to": message.to,
        "sid_hash": ErasedMessageSid.hash(message.message_sid),
        "media_url": first.url if first else None, "media_type": first.content_type if first else None,
        "raw_webhook": Jsonb(raw_webhook),
        "media_indexes": [a.index for a in message.attachments],
        "media_urls": [a.url for a in message.attachments],
        "media_types": [a.content_type for a in message.attachments],
    }


def store_inbound(engine: Engine, message: InboundMessage, raw_webhook: dict[str, Any],
                  idle_hours: float, *, timeout_ms: int | None = None,
                  received_at: dt.datetime | None = None) -> StoredInbound | None:
    """Store the message and commit; None (and nothing changed) when its MessageSid was already claimed or
    belongs to an erased user.

    ``timeout_ms`` bounds every statement and lock wait of this transaction; ``received_at`` (a message
    drained from the spool) is when the webhook arrived, which becomes the message's ``created_at``.
    """
    parameters = _parameters(message, raw_webhook, idle_hours, received_at)
    # From SQLAlchemy's pool: pre-pinged on checkout; on close the pool rolls back anything uncommitted
    # (and discards the connection if even that fails).
    pooled = engine.raw_connection()
    try:
        conn = pooled.driver_connection
        if not isinstance(conn, psycopg.Connection):
            raise TypeError(f"expected a psycopg connection from the pool, got {type(conn).__name__}")
        with conn.cursor() as upsert, conn.cursor() as store:
            with conn.pipeline():
                if timeout_ms is not None:
                    conn.execute(_TIMEOUTS, {"timeout": str(timeout_ms)})
                upsert.execute(_UPSERT_USER, parameters)
                store.execute(_STORE_MESSAGE, parameters)
            row = store.fetchone()
        if row is None:  # claimed before us, or erased: undo the user upsert and everything else
            conn.rollback()
            return None
        conn.commit()
    finally:
        pooled.close()
    return StoredInbound(row[0], row[1], row[2], message.message_sid)
