"""Short-term memory kept in ``conversations.state`` (JSONB).

Keys: ``last_invoice_seq`` (what "it" / "that one" means), ``listed_seqs`` (what "the second one" means),
``last_query`` (a question that "and in April?" continues) and ``query_before`` (the one before it, for "both
together"), ``focus`` ("invoice" or "list": what "it" points at), ``pending`` (an action awaiting "yes").
Values are the user's own ``#N`` numbers, never database ids, and are always resolved again through the
user-scoped queries, so a tampered state cannot reach another user's invoice.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from app.models import Conversation, Invoice

PENDING_TTL = dt.timedelta(minutes=10)


def focus_on(memory: dict[str, Any], seq: int) -> None:
    """Make invoice ``#seq`` what "it" means next; a list shown before no longer stands in between."""
    memory["last_invoice_seq"] = seq
    memory["focus"] = "invoice"


def remember_invoice(conversation: Conversation, invoice: Invoice) -> None:
    """Make ``invoice`` what "it" means next (the pipeline calls this after summarising a new invoice)."""
    if invoice.user_id != conversation.user_id:
        raise ValueError("an invoice can only be remembered in its owner's conversation")
    state = dict(conversation.state or {})
    focus_on(state, invoice.seq)
    conversation.state = state


def set_pending(memory: dict[str, Any], action: str, now: dt.datetime) -> None:
    memory["pending"] = {"action": action, "expires_at": (now + PENDING_TTL).isoformat()}


def fresh_pending(pending: object, now: dt.datetime) -> dict[str, Any] | None:
    """``pending`` (from the memory) when it is a well-formed entry that has not expired."""
    if not isinstance(pending, dict):
        return None
    try:
        expires = dt.datetime.fromisoformat(str(pending.get("expires_at")))
    except ValueError:
        return None
    return pending if expires.tzinfo and now < expires else None


def pop_pending(memory: dict[str, Any], now: dt.datetime) -> str | None:
    """The action awaiting confirmation, if it has not expired; it is cleared either way."""
    pending = fresh_pending(memory.pop("pending", None), now)
    action = pending.get("action") if pending else None
    return action if isinstance(action, str) else None
