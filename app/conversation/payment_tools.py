"""The model's payment tools: mark_paid, set_due_date, list_due and set_reminders, over the same
functions as the offline answers (:mod:`.payment_actions`), for ``ctx.user_id`` only.

Registered in :data:`app.conversation.tool_registry.TOOLS`; problems come back as ``{"error": ...}`` or
``{"ok": false, "problem": ...}`` results the model can read.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, model_validator

from app.conversation import payment_actions as pay
from app.conversation.answers import heading, invoices_label, period_label
from app.conversation.dates import Period
from app.conversation.payment_parser import due_date, due_period
from app.conversation.text import fold
from app.conversation.tool_args import _REF_HELP, _REF_PATTERN, Args, PeriodArgs
from app.conversation.tools import ToolContext, ref_of
from app.i18n.catalogue import text


class MarkPaidArgs(Args):
    invoice: str | None = Field(None, pattern=_REF_PATTERN, description=_REF_HELP)
    vendor: str | None = Field(None, max_length=255, description=(
        "Instead of invoice: mark every unpaid invoice from this vendor (\"mark all Amazon paid\")."))
    paid: bool = Field(True, description="false to mark the invoice unpaid again.")

    @model_validator(mode="after")
    def _one_target(self) -> MarkPaidArgs:
        if (self.invoice is None) == (self.vendor is None):
            raise ValueError("give either invoice or vendor")
        if self.vendor is not None and not self.paid:
            raise ValueError("only one invoice at a time can be marked unpaid")
        return self


class DueDateArgs(Args):
    invoice: str = Field(pattern=_REF_PATTERN, description=_REF_HELP)
    date: str = Field(min_length=1, max_length=80, description=(
        'The due date: "YYYY-MM-DD", or the user\'s words, e.g. "the 20th", "20 June", "tomorrow".'))


class ListDueArgs(PeriodArgs):
    pass


class RemindersArgs(Args):
    enabled: bool | None = Field(None, description="Turn payment reminders on or off.")
    days_before: int | None = Field(None, ge=0, le=30, description="Days before the due date to remind.")
    hour: int | None = Field(None, ge=0, le=23, description="Local hour of day from which reminders are sent.")


def _remember(ctx: ToolContext, seq: int | None) -> None:
    if seq is not None:
        ctx.memory["last_invoice_seq"] = seq


def mark_paid(ctx: ToolContext, args: MarkPaidArgs) -> dict[str, Any]:
    if args.vendor is not None:
        bulk = pay.mark_vendor_paid(ctx.session, ctx.user_id, args.vendor, now=ctx.now)
        data = bulk.model_dump(mode="json")
        return {**data, "marked": len(bulk.seqs),
                "note": "tell the user how many invoices were marked paid" if not bulk.unmatched else
                        "no vendor of this user matched that name: say so"}
    result = pay.mark_paid(ctx.session, ctx.user_id, ref_of(args.invoice or "it"), paid=args.paid, now=ctx.now,
                           today=ctx.today, memory=ctx.memory)
    _remember(ctx, result.invoice.seq if result.invoice else None)
    return result.model_dump(mode="json")


def set_due_date(ctx: ToolContext, args: DueDateArgs) -> dict[str, Any]:
    try:
        date: dt.date | None = dt.date.fromisoformat(args.date)
    except ValueError:
        date = due_date(fold(args.date), ctx.today, day_first=ctx.day_first)
    if date is None:
        return {"ok": False, "problem": "invalid_date", "detail": "give the date as YYYY-MM-DD"}
    result = pay.set_due_date(ctx.session, ctx.user_id, ref_of(args.invoice), date, today=ctx.today, memory=ctx.memory)
    _remember(ctx, result.invoice.seq if result.invoice else None)
    return result.model_dump(mode="json")


def list_due(ctx: ToolContext, args: ListDueArgs) -> dict[str, Any]:
    period = None
    if args.date_from or args.date_to:
        start = args.date_from or ctx.today
        end = (args.date_to or start + dt.timedelta(days=30)) + dt.timedelta(days=1)
        period = Period(start=start, end=end) if end > start else None
    elif args.period:
        period, _ = due_period(fold(args.period), ctx.today, day_first=ctx.day_first)
        if period is None:
            return {"error": "invalid_period", "detail": "period not understood; use date_from/date_to (YYYY-MM-DD)"}
    result = pay.owed(ctx.session, ctx.user_id, period, today=ctx.today)
    label = period_label(period, ctx.locale) if period else text(ctx.language, "owe_all")
    line = heading([label, invoices_label(result.matching, ctx.language, ctx.locale)]).strip()
    if line and line not in ctx.scopes:
        ctx.scopes.append(line)
    ctx.memory["listed_seqs"] = [inv.seq for inv in result.invoices]
    return {"period": None if period is None else {"from": period.start.isoformat(), "to": period.last_day.isoformat()},
            **result.model_dump(mode="json"), "scope": line,
            "note": "unpaid invoices due in the period plus those already overdue; totals per currency, never "
                    "add different currencies"}


def set_reminders(ctx: ToolContext, args: RemindersArgs) -> dict[str, Any]:
    if (args.enabled, args.days_before, args.hour) == (None, None, None):
        return pay.reminders(ctx.session, ctx.settings, ctx.user_id).model_dump(mode="json")
    return pay.set_reminders(ctx.session, ctx.settings, ctx.user_id, enabled=args.enabled,
                             days_before=args.days_before, hour=args.hour).model_dump(mode="json")
