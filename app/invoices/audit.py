"""Recording and reading the audit trail of an invoice (``invoice_events``).

Every change to an invoice goes through :func:`record` in the same transaction as the change, so a change
without its event (or the other way round) is never committed. Values are stored as text in one stable form
(:func:`as_text`), which is what "history of #5" shows and what the accountant export carries.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Invoice, InvoiceEvent
from app.models.audit import ACTORS

# The actions the product records; a new kind of change adds its name here and its label to the catalogues.
ACTIONS = ("created", "corrected", "deleted", "restored", "categorised", "paid", "unpaid", "due_date", "kept",
           "overdue")


def as_text(value: object) -> str | None:
    """One text form per type: Decimal without exponent, dates and times ISO-8601, enums by value."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return str(value)


def record(session: Session, invoice: Invoice, action: str, *, field: str | None = None,
           old: object = None, new: object = None, actor: str = "user", message_id: int | None = None,
           detail: dict[str, Any] | None = None) -> InvoiceEvent:
    """Add one event for ``invoice`` (flushed with the caller's transaction, never committed here)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if actor not in ACTORS:
        raise ValueError(f"unknown audit actor {actor!r}")
    event = InvoiceEvent(user_id=invoice.user_id, invoice_id=invoice.id, invoice_seq=invoice.seq, action=action,
                         field=field, old_value=as_text(old), new_value=as_text(new), actor=actor,
                         message_id=message_id, detail=detail)
    session.add(event)
    return event


def history(session: Session, user_id: int, seq: int, *, limit: int = 50) -> Sequence[InvoiceEvent]:
    """The events of the user's invoice ``#seq``, oldest first (only that user's: the query is scoped)."""
    rows = session.scalars(
        select(InvoiceEvent).where(InvoiceEvent.user_id == user_id, InvoiceEvent.invoice_seq == seq)
        .order_by(InvoiceEvent.created_at.desc(), InvoiceEvent.id.desc()).limit(limit)
    ).all()
    return list(reversed(rows))
