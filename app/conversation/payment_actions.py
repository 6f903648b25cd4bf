"""Payment status and due dates of one user's invoices: "#5 paid", "mark all Amazon paid", "#5 unpaid",
"#5 is due on the 20th", "what do I owe?", and the user's reminder settings.

The offline handler (:mod:`.payment_replies`) and the model's tools (:mod:`.payment_tools`) both call these
functions, with the asking user's id; invoices are found only among that user's live invoices. Every
change is recorded in the audit trail in the same transaction. The caller commits.

Overdue: an unpaid invoice whose due date has passed in the user's time zone. The reminder pass stores it
(``payment_status = overdue``); these functions also compare the due date with today, so an answer never
waits for that pass.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.conversation.dates import Period
from app.conversation.intents import InvoiceRef
from app.conversation.matching import resolve_vendors
from app.conversation.queries import counted, find_invoice, user_vendors, view
from app.conversation.results import InvoiceView
from app.invoices import audit
from app.models import (
    Invoice,
    Message,
    MessageRole,
    Notification,
    NotificationStatus,
    PaymentStatus,
    ReminderSettings,
)

MAX_LISTED = 20
EARLIEST_DUE = dt.date(1990, 1, 1)
LATEST_DUE_YEARS = 5
REMINDER_ANSWER = dt.timedelta(days=7)  # how long a bare "paid" may answer a reminder


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class PaymentResult(_Result):
    ok: bool
    invoice: InvoiceView | None = None
    problem: Literal["not_found", "already", "invalid_date"] | None = None
    status: str | None = None  # the payment status after the change (or the one it already had)


class BulkPaid(_Result):
    vendors: list[str]  # the user's vendor names matched
    seqs: list[int]  # the invoices marked paid now
    totals: dict[str, Decimal]  # their totals per currency
    unmatched: bool = False  # no vendor of this user matched the name


class DueInvoice(_Result):
    seq: int
    vendor: str | None
    total: Decimal | None
    currency: str
    due_date: dt.date
    overdue: bool


class Owed(_Result):
    invoices: list[DueInvoice]  # by due date, at most MAX_LISTED
    matching: int
    totals: dict[str, Decimal]  # per currency, over all matching invoices
    overdue: int  # how many of the matching ones are overdue


class Reminders(_Result):
    enabled: bool
    days_before: int
    hour: int


def is_overdue(invoice: Invoice, today: dt.date) -> bool:
    return invoice.payment_status != PaymentStatus.paid and invoice.due_date is not None and invoice.due_date < today


def _unpaid_status(invoice: Invoice, today: dt.date) -> PaymentStatus:
    overdue = invoice.due_date is not None and invoice.due_date < today
    return PaymentStatus.overdue if overdue else PaymentStatus.unpaid


def mark_paid(session: Session, user_id: int, ref: InvoiceRef, *, paid: bool, now: dt.datetime, today: dt.date,
              memory: Mapping[str, Any] | None = None, actor: str = "user") -> PaymentResult:
    """Mark the referenced invoice paid (``paid_at`` = now) or unpaid again (overdue when its due date has
    passed). Saying it twice changes nothing and says so."""
    invoice = find_invoice(session, user_id, ref, memory)
    if invoice is None:
        return PaymentResult(ok=False, problem="not_found")
    old = invoice.payment_status
    new = PaymentStatus.paid if paid else _unpaid_status(invoice, today)
    if (old == PaymentStatus.paid) == paid:
        return PaymentResult(ok=False, problem="already", invoice=view(session, invoice, with_items=False),
                             status=old.value)
    invoice.payment_status = new
    invoice.paid_at = now if paid else None
    audit.record(session, invoice, "paid" if paid else "unpaid", field="payment_status", old=old, new=new, actor=actor)
    session.flush()
    return PaymentResult(ok=True, invoice=view(session, invoice, with_items=False), status=new.value)


def mark_vendor_paid(session: Session, user_id: int, vendor: str, *, now: dt.datetime,
                     actor: str = "user") -> BulkPaid:
    """Mark paid every counted (live, not a flagged duplicate) unpaid invoice of the user from ``vendor``."""
    names = resolve_vendors(vendor, user_vendors(session, user_id))
    if not names:
        return BulkPaid(vendors=[], seqs=[], totals={}, unmatched=True)
    invoices = session.scalars(
        select(Invoice).where(*counted(user_id), Invoice.vendor.in_(names),
                              Invoice.payment_status != PaymentStatus.paid)
        .order_by(Invoice.seq).with_for_update()
    ).all()
    totals: dict[str, Decimal] = {}
    for invoice in invoices:
        old = invoice.payment_status
        invoice.payment_status = PaymentStatus.paid
        invoice.paid_at = now
        audit.record(session, invoice, "paid", field="payment_status", old=old, new=PaymentStatus.paid, actor=actor,
                     detail={"bulk_vendor": names[0]})
        if invoice.total_amount is not None:
            totals[invoice.currency] = totals.get(invoice.currency, Decimal(0)) + invoice.total_amount
    session.flush()
    return BulkPaid(vendors=names, seqs=[inv.seq for inv in invoices], totals=totals)


def reminded_seq(session: Session, user_id: int, now: dt.datetime) -> int | None:
    """The invoice of the reminder sent to the user since their previous message (within a week): what a
    bare "paid" answers, even when the reminder opened a new conversation."""
    previous = session.scalars(select(Message.created_at).where(Message.user_id == user_id,
                                                                Message.role == MessageRole.user)
                               .order_by(Message.created_at.desc()).offset(1).limit(1)).first()
    since = max(previous, now - REMINDER_ANSWER) if previous is not None else now - REMINDER_ANSWER
    key = session.scalars(select(Notification.key).where(
        Notification.user_id == user_id, Notification.kind.startswith("reminder_"),
        Notification.status == NotificationStatus.sent, Notification.sent_at >= since)
        .order_by(Notification.sent_at.desc()).limit(1)).first()
    if key is None or not key.split(":")[1].isdigit():
        return None
    return session.scalar(select(Invoice.seq).where(Invoice.id == int(key.split(":")[1]), Invoice.user_id == user_id))


def valid_due_date(date: dt.date, today: dt.date) -> bool:
    return EARLIEST_DUE <= date <= today.replace(year=today.year + LATEST_DUE_YEARS, day=min(today.day, 28))


def set_due_date(session: Session, user_id: int, ref: InvoiceRef, date: dt.date, *, today: dt.date,
                 memory: Mapping[str, Any] | None = None, actor: str = "user") -> PaymentResult:
    """Set the referenced invoice's due date; an unpaid invoice becomes overdue or unpaid to match it."""
    invoice = find_invoice(session, user_id, ref, memory)
    if invoice is None:
        return PaymentResult(ok=False, problem="not_found")
    if not valid_due_date(date, today):
        return PaymentResult(ok=False, problem="invalid_date", invoice=view(session, invoice, with_items=False))
    old = invoice.due_date
    invoice.due_date = date
    audit.record(session, invoice, "due_date", field="due_date", old=old, new=date, actor=actor)
    if invoice.payment_status != PaymentStatus.paid:
        invoice.payment_status = _unpaid_status(invoice, today)
    session.flush()
    return PaymentResult(ok=True, invoice=view(session, invoice, with_items=False),
                         status=invoice.payment_status.value)


def owed(session: Session, user_id: int, period: Period | None, *, today: dt.date) -> Owed:
    """The user's unpaid invoices with a due date: due within ``period`` (plus the ones already overdue when
    the period reaches today or later), or all of them without a period. Totals per currency."""
    filters = [*counted(user_id), Invoice.payment_status != PaymentStatus.paid, Invoice.due_date.is_not(None)]
    query = select(Invoice).where(*filters)
    if period is not None:
        in_period = (Invoice.due_date >= period.start) & (Invoice.due_date < period.end)
        query = query.where(in_period | (Invoice.due_date < today) if period.end > today else in_period)
    invoices = session.scalars(query.order_by(Invoice.due_date, Invoice.seq)).all()
    totals: dict[str, Decimal] = {}
    for invoice in invoices:
        if invoice.total_amount is not None:
            totals[invoice.currency] = totals.get(invoice.currency, Decimal(0)) + invoice.total_amount
    due = [DueInvoice(seq=inv.seq, vendor=inv.vendor, total=inv.total_amount, currency=inv.currency,
                      due_date=inv.due_date, overdue=inv.due_date < today)
           for inv in invoices[:MAX_LISTED] if inv.due_date is not None]
    return Owed(invoices=due, matching=len(invoices), totals=dict(sorted(totals.items())),
                overdue=sum(1 for inv in invoices if inv.due_date is not None and inv.due_date < today))


def reminders(session: Session, settings: Settings, user_id: int) -> Reminders:
    row = session.get(ReminderSettings, user_id)
    if row is None:
        return Reminders(enabled=True, days_before=settings.reminder_days_before, hour=settings.reminder_hour)
    return Reminders(enabled=row.enabled, days_before=row.days_before, hour=row.hour)


def set_reminders(session: Session, settings: Settings, user_id: int, *, enabled: bool | None = None,
                  days_before: int | None = None, hour: int | None = None) -> Reminders:
    """Change what is given; the rest keeps its current value (the defaults until the user changes them)."""
    current = reminders(session, settings, user_id)
    row = session.get(ReminderSettings, user_id)
    if row is None:
        row = ReminderSettings(user_id=user_id, enabled=current.enabled, days_before=current.days_before,
                               hour=current.hour)
        session.add(row)
    if enabled is not None:
        row.enabled = enabled
    if days_before is not None:
        row.days_before = days_before
    if hour is not None:
        row.hour = hour
    session.flush()
    return Reminders(enabled=row.enabled, days_before=row.days_before, hour=row.hour)
