"""The one message that sums up a burst of documents: how many were saved, one line each, the total per
currency, which to check (a possible duplicate, a warning, no total) and how to see one in detail."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.conversation.answers import clip, locale_for, money
from app.conversation.text import clean_display
from app.i18n.catalogue import text
from app.models import Invoice, User
from app.replies.warning_text import user_warnings


@dataclass(frozen=True)
class BatchSummary:
    body: str
    seqs: list[int]  # the saved invoices, by their #N


def batch_summary(session: Session, user: User, invoice_ids: Sequence[int | None], *, language: str,
                  notes: Sequence[str] = ()) -> BatchSummary:
    """``invoice_ids``: one per document of the burst, None for a document that could not be read; ``notes``:
    what the documents' own replies would have added (budget alerts, learned categories), already worded."""
    locale = locale_for(language, user.whatsapp_number)
    wanted = [i for i in invoice_ids if i is not None]
    found = {inv.id: inv for inv in session.scalars(
        select(Invoice).where(Invoice.user_id == user.id, Invoice.id.in_(wanted), Invoice.deleted_at.is_(None)))}
    invoices = sorted((found[i] for i in dict.fromkeys(wanted) if i in found), key=lambda inv: inv.seq)
    unread = len(invoice_ids) - len(wanted)
    totals: dict[str, Decimal] = {}
    to_check: list[int] = []
    lines = [text(language, "batch_saved", n=len(invoices))]
    for inv in invoices:
        vendor = clean_display(inv.vendor, 40) if inv.vendor else text(language, "no_vendor")
        amount = money(inv.total_amount, inv.currency, locale) if inv.total_amount is not None else "?"
        check = inv.duplicate_of_id is not None or inv.total_amount is None or bool(
            user_warnings(list((inv.raw_data or {}).get("warnings") or []), language, locale))
        lines.append(f"• #{inv.seq} {vendor} · {amount}{' ⚠️' if check else ''}")
        if check:
            to_check.append(inv.seq)
        if inv.total_amount is not None and inv.duplicate_of_id is None:  # a duplicate counts once kept
            totals[inv.currency] = totals.get(inv.currency, Decimal(0)) + inv.total_amount
    if unread:
        lines.append(text(language, "batch_unreadable", n=unread))
    if totals:
        shown = " + ".join(money(amount, currency, locale) for currency, amount in sorted(totals.items()))
        lines.append(text(language, "batch_totals", totals=shown))
    if to_check:
        lines.append(text(language, "batch_check", seqs=", ".join(f"#{seq}" for seq in to_check)))
    lines += list(dict.fromkeys(notes))  # two documents crossing the same threshold alert once
    if invoices:
        lines.append(text(language, "batch_hint", seq=invoices[0].seq))
    return BatchSummary(body=clip("\n".join(lines)), seqs=[inv.seq for inv in invoices])
