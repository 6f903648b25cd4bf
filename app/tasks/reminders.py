"""The payment reminder pass, run by every worker's janitor every ``REMINDER_INTERVAL_SECONDS``.

For each unpaid invoice with a due date, in its owner's time zone and from the owner's reminder hour:
``before`` once when the due date is at most ``days_before`` days away, ``due`` on the day, ``overdue`` once
in the week after it passed. Each is a notification keyed ``reminder:<invoice id>:<due date>:<kind>``, so a
pass that runs twice, or on several workers at once, sends it once, and a new due date reminds again.
Invoices deleted, flagged as duplicates, paid, or of users who turned reminders off are never reminded.

The pass also keeps ``payment_status`` honest: unpaid invoices whose due date has passed where their
owner lives become ``overdue`` (recorded in the audit trail, actor ``system``), and it finishes
notifications whose delivery was cut short.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings, get_settings
from app.conversation import timezone as tz
from app.conversation.answers import date_label, locale_for, money, what
from app.conversation.dates import today_in, zone
from app.conversation.queries import view
from app.db import session_factory
from app.i18n.catalogue import N_, hinted_language, supported_language, text
from app.i18n.phone import hint_for_number
from app.invoices import audit
from app.metrics import JOBS
from app.models import Invoice, Notification, NotificationStatus, PaymentStatus, ReminderSettings, User
from app.replies.notify import deliver, notify, pending

log = logging.getLogger(__name__)

OVERDUE_DAYS = 7  # an overdue reminder goes out only in the week after the due date (no reminders for old bills)
LOOK_AHEAD_DAYS = 31  # the longest "days before" (30) plus a day of time zones


@dataclass
class Pass:
    sent: list[str] = field(default_factory=list)  # notification keys sent by this pass
    skipped: list[str] = field(default_factory=list)
    overdue: list[int] = field(default_factory=list)  # invoice ids moved to overdue
    finished: int = 0  # cut-short notifications finished


def run_reminders(settings: Settings | None = None, now: dt.datetime | None = None) -> Pass:
    settings = settings or get_settings()
    now = now or dt.datetime.now(dt.UTC)
    result = Pass()
    with session_factory(settings.database_url)() as session:
        for row in pending(session, now=now):
            deliver(session, settings, row, now=now)
            result.finished += row.status != NotificationStatus.pending
        result.overdue = mark_overdue(session, settings, now)
        due = due_reminders(session, settings, now)
        # Reminders already decided (sent, skipped, failed) are not claimed again every pass.
        decided = set(session.scalars(select(Notification.key).where(
            Notification.key.in_([reminder_key(invoice, kind) for _, invoice, kind in due]),
            Notification.status != NotificationStatus.pending)))
        for user, invoice, kind in due:
            if reminder_key(invoice, kind) in decided:
                continue
            row = _remind(session, settings, user, invoice, kind, now)
            if row.status == NotificationStatus.pending:
                continue  # Twilio could not be reached: the next pass finishes it
            (result.sent if row.status == NotificationStatus.sent else result.skipped).append(row.key)
    JOBS.labels(job="reminders", outcome="ok").inc()
    return result


def _zone(user: User, settings: Settings, now: dt.datetime) -> str:
    return tz.user_zone(user, now, settings.default_timezone).name


def mark_overdue(session: Session, settings: Settings, now: dt.datetime) -> list[int]:
    """Move unpaid invoices past their due date (in their owner's zone) to overdue; the ids moved."""
    earliest_today = (now - dt.timedelta(hours=14)).date()  # the earliest "today" anywhere (UTC+14 .. UTC-12)
    rows = session.execute(
        select(Invoice, User).join(User, User.id == Invoice.user_id)
        .where(Invoice.payment_status == PaymentStatus.unpaid, Invoice.deleted_at.is_(None),
               Invoice.due_date.is_not(None), Invoice.due_date < earliest_today + dt.timedelta(days=2))
        .with_for_update(of=Invoice, skip_locked=True)
    ).all()
    moved = []
    for invoice, user in rows:
        if invoice.due_date is not None and invoice.due_date < today_in(_zone(user, settings, now), now,
                                                                        settings.default_timezone):
            invoice.payment_status = PaymentStatus.overdue
            audit.record(session, invoice, "overdue", field="payment_status", old=PaymentStatus.unpaid,
                         new=PaymentStatus.overdue, actor="system")
            moved.append(invoice.id)
    session.commit()
    return moved


def due_reminders(session: Session, settings: Settings, now: dt.datetime) -> list[tuple[User, Invoice, str]]:
    """(user, invoice, kind) for every reminder due now; kind is ``before``, ``due`` or ``overdue``."""
    utc_today = now.date()
    rows = session.execute(
        select(Invoice, User, ReminderSettings).join(User, User.id == Invoice.user_id)
        .outerjoin(ReminderSettings, ReminderSettings.user_id == User.id)
        .where(Invoice.payment_status != PaymentStatus.paid, Invoice.deleted_at.is_(None),
               Invoice.duplicate_of_id.is_(None), Invoice.due_date.is_not(None), User.is_active.is_(True),
               Invoice.due_date >= utc_today - dt.timedelta(days=OVERDUE_DAYS + 1),
               Invoice.due_date <= utc_today + dt.timedelta(days=LOOK_AHEAD_DAYS))
        .order_by(Invoice.user_id, Invoice.due_date, Invoice.seq)
    ).all()
    due: list[tuple[User, Invoice, str]] = []
    for invoice, user, options in rows:
        enabled = options.enabled if options is not None else True
        days_before = options.days_before if options is not None else settings.reminder_days_before
        hour = options.hour if options is not None else settings.reminder_hour
        local = now.astimezone(zone(_zone(user, settings, now)))
        if not enabled or local.hour < hour or invoice.due_date is None:
            continue
        left = (invoice.due_date - local.date()).days
        kind = ("overdue" if -OVERDUE_DAYS <= left < 0 else "due" if left == 0
                else "before" if 0 < left <= days_before else None)
        if kind is not None:
            due.append((user, invoice, kind))
    return due


def reminder_key(invoice: Invoice, kind: str) -> str:
    return f"reminder:{invoice.id}:{invoice.due_date.isoformat() if invoice.due_date else '-'}:{kind}"


def _remind(session: Session, settings: Settings, user: User, invoice: Invoice, kind: str,
            now: dt.datetime) -> Notification:
    hint = hint_for_number(user.whatsapp_number)
    language = supported_language(user.language, hinted_language(hint.languages) if hint else None,
                                  settings.default_language)
    locale = locale_for(language, user.whatsapp_number)
    shown = view(session, invoice, with_items=False)
    due = date_label(invoice.due_date, locale) if invoice.due_date else ""
    key = {"before": N_("reminder_before"), "due": N_("reminder_due"), "overdue": N_("reminder_overdue")}[kind]
    body = (text(language, key, seq=invoice.seq, what=what(shown, locale), date=due) + "\n"
            + text(language, "reminder_footer", seq=invoice.seq))
    variables = {"1": f"#{invoice.seq}", "2": (invoice.vendor or "-")[:60],
                 "3": money(invoice.total_amount, invoice.currency, locale) if invoice.total_amount is not None else "-",
                 "4": due}
    sid = template_sid(settings.twilio_template_payment_reminder, language)
    return notify(session, settings, user, kind=f"reminder_{kind}", key=reminder_key(invoice, kind), body=body,
                  template=(sid, variables) if sid else None, now=now)


def template_sid(setting: str, language: str) -> str | None:
    """The ContentSid for ``language`` from "HX..." (one for all) or "en:HX...,es:HX..." (English, else the
    first, when the language has none)."""
    entries = [e.strip() for e in setting.split(",") if e.strip()]
    if not entries:
        return None
    by_language = dict(e.split(":", 1) for e in entries if ":" in e)
    if not by_language:
        return entries[0]
    return by_language.get(language) or by_language.get("en") or next(iter(by_language.values()))


__all__ = ["Pass", "due_reminders", "mark_overdue", "reminder_key", "run_reminders", "template_sid"]
