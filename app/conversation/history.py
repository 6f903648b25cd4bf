""""History of #5": the audit trail of one of the user's invoices, read back in their language and zone.

The events come from :func:`app.invoices.audit.history`, which only reads the asking user's rows, so
another user's "#5" can never be shown. An invoice addressed by number is found by its events even after
it was deleted or purged (the trail outlives the invoice); "it" / "the last one" point at a live invoice.
Every action in :data:`app.invoices.audit.ACTIONS` has its label ``audit_<action>`` in the catalogues.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from babel.dates import format_datetime
from babel.numbers import format_decimal
from sqlalchemy.orm import Session

from app.conversation.answers import category_label, date_label
from app.conversation.dates import zone
from app.conversation.intents import InvoiceHistory, InvoiceRef
from app.conversation.memory import focus_on
from app.conversation.queries import find_invoice
from app.conversation.text import clean_display
from app.domain.reply import Reply
from app.i18n.catalogue import messages, text
from app.invoices import audit
from app.models import InvoiceEvent

if TYPE_CHECKING:
    from app.conversation.handler import Context

# "history of #5", "historial de la 5", "histórico da #5", "historique de #5", "Verlauf von #5" (folded).
HISTORY = re.compile(r"(?<![a-z])(history|historial|historico|historique|verlauf|anderungsverlauf|audit trail)"
                     r"(?![a-z])")
MAX_EVENTS = 20
_AMOUNT_FIELDS = {"total", "tax", "subtotal", "amount"}
_DATE_FIELDS = {"date", "due_date", "invoice_date"}


def invoice_seq(session: Session, user_id: int, ref: InvoiceRef, memory: Mapping[str, Any] | None) -> int | None:
    """The "#N" whose history is asked for: a number as said, else the live invoice the reference means."""
    if ref.kind == "seq":
        return ref.number
    invoice = find_invoice(session, user_id, ref, memory)
    return invoice.seq if invoice is not None else None


def events_of(session: Session, user_id: int, seq: int) -> list[InvoiceEvent]:
    return list(audit.history(session, user_id, seq, limit=MAX_EVENTS))


def history_body(events: list[InvoiceEvent], seq: int, *, language: str, locale: str, timezone: str) -> str:
    """The title and one line per event: when (in the user's zone), what changed from what to what, who."""
    if not events:
        return text(language, "history_empty", seq=seq)
    lines = [text(language, "history_title", seq=seq)]
    for event in events:
        when = format_datetime(event.created_at.astimezone(zone(timezone)), "short", locale=locale)
        lines.append(text(language, "history_line", when=when, what=_what(event, language, locale),
                          who=text(language, f"audit_actor_{event.actor}")))
    return "\n".join(lines)


def history_data(events: list[InvoiceEvent], seq: int) -> dict[str, Any]:
    return {"seq": seq, "events": [
        {"action": e.action, "field": e.field, "old": e.old_value, "new": e.new_value, "actor": e.actor,
         "at": e.created_at.isoformat()} for e in events]}


def _what(event: InvoiceEvent, language: str, locale: str) -> str:
    field = event.field or ""
    label = text(language, f"field_{field}") if f"field_{field}" in messages("en") else clean_display(field, 32)
    return text(language, f"audit_{event.action}", field=label,
                old=_value(field, event.old_value, language, locale),
                new=_value(field, event.new_value, language, locale))


def _value(field: str, value: str | None, language: str, locale: str) -> str:
    """A stored value (``audit.as_text``) as the user reads it: amounts and dates in their locale."""
    if value is None:
        return "—"
    if field in _AMOUNT_FIELDS or (field == "" and re.fullmatch(r"-?\d+(\.\d+)?", value)):
        try:
            return format_decimal(Decimal(value), format="#,##0.00###", locale=locale)
        except InvalidOperation:
            pass
    if field in _DATE_FIELDS:
        try:
            return date_label(dt.date.fromisoformat(value[:10]), locale)
        except ValueError:
            pass
    if field == "category":
        return category_label(value, language)
    return clean_display(value, 60)


def history_reply(ctx: Context, q: InvoiceHistory) -> Reply:
    """The handler's executor for "history of #5"."""
    seq = invoice_seq(ctx.session, ctx.user_id, q.ref, ctx.memory)
    events = events_of(ctx.session, ctx.user_id, seq) if seq is not None else []
    # An invoice from before the trail existed has no events yet: said so, unlike a number the user lacks.
    if seq is None or (not events and find_invoice(ctx.session, ctx.user_id, InvoiceRef.seq(seq)) is None):
        key = "not_found_listed" if q.ref.kind == "listed" and not ctx.memory.get("listed_seqs") else "not_found"
        return Reply(text(ctx.language, key), data={"ok": False, "problem": "not_found"})
    focus_on(ctx.memory, seq)
    return Reply(history_body(events, seq, language=ctx.language, locale=ctx.locale, timezone=ctx.timezone),
                 data=history_data(events, seq))
