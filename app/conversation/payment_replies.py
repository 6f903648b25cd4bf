"""The offline answers to payment commands and questions, and the text of payment reminders.

Executors for :mod:`.handler` (same signature as its own); they call :mod:`.payment_actions` for the asking
user only and word the result from the catalogues. "What do I owe?" starts with the scope line like every
other answer (period · invoices).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from app.conversation import intents as i
from app.conversation import payment_actions as pay
from app.conversation.answers import date_label, heading, invoices_label, money, period_label, what
from app.conversation.memory import focus_on
from app.conversation.text import clean_display
from app.domain.reply import Reply
from app.i18n.catalogue import N_, text

if TYPE_CHECKING:
    from app.conversation.handler import Context


def amounts(totals: dict[str, Decimal], locale: str) -> str:
    return " + ".join(f"*{money(v, c, locale)}*" for c, v in sorted(totals.items()))


def mark_paid(ctx: Context, q: i.MarkPaid) -> Reply:
    if q.ref is None and q.vendor:
        return _bulk(ctx, q.vendor)
    ref = q.ref or i.IT
    if ref.kind == "it" and (reminded := pay.reminded_seq(ctx.session, ctx.user_id, ctx.now)) is not None:
        ref = i.InvoiceRef.seq(reminded)  # "paid" right after a reminder: that invoice
    result = pay.mark_paid(ctx.session, ctx.user_id, ref, paid=q.paid, now=ctx.now, today=ctx.today,
                           memory=ctx.memory)
    data = result.model_dump(mode="json")
    inv = result.invoice
    if result.problem == "not_found" or inv is None:
        return Reply(text(ctx.language, "not_found"), data=data)
    focus_on(ctx.memory, inv.seq)
    if result.problem == "already":
        key = N_("paid_already") if q.paid else N_("unpaid_already")
        return Reply(text(ctx.language, key, seq=inv.seq), data=data)
    body = text(ctx.language, N_("paid_done") if q.paid else N_("unpaid_done"), seq=inv.seq,
                what=what(inv, ctx.locale))
    if not q.paid and inv.due_date is not None:
        body += "\n" + _due_line(ctx, inv.due_date)
    return Reply(body, data=data)


def _bulk(ctx: Context, vendor: str) -> Reply:
    result = pay.mark_vendor_paid(ctx.session, ctx.user_id, vendor, now=ctx.now)
    data = result.model_dump(mode="json")
    if result.unmatched:
        return Reply(text(ctx.language, "unmatched_vendor", name=clean_display(vendor, 60)), data=data)
    name = clean_display(result.vendors[0], 40)
    if not result.seqs:
        return Reply(text(ctx.language, "paid_bulk_none", vendor=name), data=data)
    body = text(ctx.language, "paid_bulk", count=invoices_label(len(result.seqs), ctx.language, ctx.locale),
                vendor=name, seqs=", ".join(f"#{s}" for s in result.seqs[:10]))
    if result.totals:
        body += "\n" + text(ctx.language, "owe_total", amounts=amounts(result.totals, ctx.locale))
    return Reply(body, data=data)


def _due_line(ctx: Context, due: dt.date) -> str:
    if due < ctx.today:
        return text(ctx.language, "overdue_since", date=date_label(due, ctx.locale))
    return text(ctx.language, "due_on", date=date_label(due, ctx.locale))


def set_due_date(ctx: Context, q: i.SetDueDate) -> Reply:
    result = pay.set_due_date(ctx.session, ctx.user_id, q.ref, q.date, today=ctx.today, memory=ctx.memory)
    data = result.model_dump(mode="json")
    inv = result.invoice
    if result.problem == "not_found" or inv is None:
        return Reply(text(ctx.language, "not_found"), data=data)
    focus_on(ctx.memory, inv.seq)
    if result.problem == "invalid_date":
        return Reply(text(ctx.language, "due_invalid"), data=data)
    return Reply(text(ctx.language, "due_set", seq=inv.seq, what=what(inv, ctx.locale),
                      date=date_label(q.date, ctx.locale)), data=data)


def list_due(ctx: Context, q: i.ListDue) -> Reply:
    result = pay.owed(ctx.session, ctx.user_id, q.period, today=ctx.today)
    label = period_label(q.period, ctx.locale) if q.period else text(ctx.language, "owe_all")
    head = heading([label, invoices_label(result.matching, ctx.language, ctx.locale)])
    data = result.model_dump(mode="json")
    if not result.invoices:
        return Reply(head + text(ctx.language, "owe_none"), data=data)
    ctx.memory["listed_seqs"] = [inv.seq for inv in result.invoices]
    ctx.memory["focus"] = "list" if len(result.invoices) > 1 else "invoice"
    if len(result.invoices) == 1:
        ctx.memory["last_invoice_seq"] = result.invoices[0].seq
    lines = [due_line(inv, ctx.language, ctx.locale, ctx.today) for inv in result.invoices]
    if result.matching > len(result.invoices):
        lines.append(text(ctx.language, "owe_more", n=result.matching - len(result.invoices)))
    if result.totals:
        lines.append(text(ctx.language, "owe_total", amounts=amounts(result.totals, ctx.locale)))
    return Reply(head + "\n".join(lines), data=data)


def due_line(inv: pay.DueInvoice, language: str, locale: str, today: dt.date) -> str:
    parts = [f"#{inv.seq}", clean_display(inv.vendor, 40) if inv.vendor else text(language, "no_vendor")]
    if inv.total is not None:
        parts.append(f"*{money(inv.total, inv.currency, locale)}*")
    when = date_label(inv.due_date, locale)
    parts.append(text(language, "overdue_since", date=when) if inv.overdue else
                 text(language, "due_today") if inv.due_date == today else text(language, "due_on", date=when))
    return "• " + " · ".join(parts)


def set_reminders(ctx: Context, q: i.SetReminders) -> Reply:
    result = pay.set_reminders(ctx.session, ctx.settings, ctx.user_id, enabled=q.enabled,
                               days_before=q.days_before, hour=q.hour) \
        if (q.enabled, q.days_before, q.hour) != (None, None, None) else pay.reminders(ctx.session, ctx.settings,
                                                                                      ctx.user_id)
    return Reply(reminders_text(result, ctx.language), data=result.model_dump(mode="json"))


def reminders_text(settings: pay.Reminders, language: str) -> str:
    if not settings.enabled:
        return text(language, "reminders_off")
    hour = f"{settings.hour:02d}:00"
    if settings.days_before == 0:
        return text(language, "reminders_on_day", hour=hour)
    days = text(language, N_("day_one") if settings.days_before == 1 else N_("day_other"), n=settings.days_before)
    return text(language, "reminders_on", days=days, hour=hour)
