"""Saving an expense said in words, confirming it with its ``#N``, and taking it back on "undo"; and
"details" after a burst of documents was summed up.

Both ways in reach :func:`app.invoices.expenses.add_expense`: the offline handler with an
:class:`~app.conversation.intents.AddExpense` from :mod:`app.conversation.expenses`, and the OpenAI tool
``add_expense`` (:func:`run_tool`). The conversation memory keeps ``last_added_seq`` so that "undo" (in any
language, or the tool ``delete_invoice``) removes the expense just added; a second "undo" brings it back.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import Field
from sqlalchemy.orm import Session

from app.conversation import actions
from app.conversation.answers import clip, date_label, invoice_reply, money, what
from app.conversation.budget_answers import alert_lines
from app.conversation.intents import AddExpense, InvoiceRef, ShowDetails
from app.conversation.matching import category_key
from app.conversation.memory import focus_on
from app.conversation.queries import find_invoice, show_invoice, view
from app.conversation.text import clean_display
from app.conversation.tool_args import Args
from app.domain.reply import Reply
from app.i18n.catalogue import has, text
from app.i18n.phone import hint_for_number
from app.invoices.expenses import Expense, InvalidExpense, SavedExpense, add_expense, usual_currency
from app.models import User

MAX_DETAILS = 5  # invoices shown in full by "details"; more would not fit one WhatsApp message

if TYPE_CHECKING:  # both import this module; at run time they pass themselves in
    from app.conversation.handler import Context
    from app.conversation.tools import ToolContext


def save(session: Session, user_id: int, intent: AddExpense, *, today: dt.date,
         memory: dict[str, Any]) -> SavedExpense:
    """Save the expense for ``user_id``; returns the invoice. Raises :class:`InvalidExpense`."""
    hint = hint_for_number(session.get_one(User, user_id).whatsapp_number)
    currency = intent.currency or usual_currency(session, user_id, hint.currency if hint else None)
    saved = add_expense(session, user_id, Expense(
        amount=intent.amount, currency=currency, date=intent.date or today, description=intent.description,
        payee=intent.payee, category=intent.category), today=today, said=intent.description)
    memory["last_added_seq"] = saved.invoice.seq
    focus_on(memory, saved.invoice.seq)
    memory.pop("last_deleted_seq", None)  # "undo" now means this expense
    return saved


def add(ctx: Context, intent: AddExpense) -> Reply:
    if not intent.sure:
        amount = format(intent.amount.normalize(), "f")
        hint = hint_for_number(ctx.whatsapp_number)
        currency = intent.currency or usual_currency(ctx.session, ctx.user_id, hint.currency if hint else None)
        return Reply(text(ctx.language, "expense_unsure", amount=amount, what=clean_display(intent.description, 40),
                          currency=currency), data={"ok": False, "problem": "ambiguous"})
    try:
        saved = save(ctx.session, ctx.user_id, intent, today=ctx.today, memory=ctx.memory)
    except InvalidExpense as exc:
        return Reply(text(ctx.language, "expense_invalid"), data={"ok": False, "problem": exc.problem})
    invoice, expense = saved.invoice, saved.expense
    category = f"category_{invoice.category}"
    body = text(ctx.language, "expense_saved", seq=invoice.seq, what=what(view(ctx.session, invoice), ctx.locale),
                date=date_label(expense.date, ctx.locale),
                category=text(ctx.language, category) if has(category) else str(invoice.category))
    alerts = alert_lines(ctx.session, invoice, ctx.language, ctx.locale, default_timezone=ctx.settings.default_timezone)
    return Reply(clip("\n".join([body, *alerts])),
                 data={"ok": True, "seq": invoice.seq, "total": format(expense.amount, "f"),
                       "currency": expense.currency, "category": invoice.category, "source": "text",
                       "budget_alerts": alerts})


def undo_added(ctx: Context) -> Reply:
    """"undo" right after an expense was added: delete it (soft, so a second "undo" brings it back)."""
    seq = int(ctx.memory.pop("last_added_seq"))
    invoice = find_invoice(ctx.session, ctx.user_id, InvoiceRef.seq(seq))
    result = actions.delete_invoice(ctx.session, ctx.user_id, InvoiceRef.seq(seq), now=ctx.now, memory=ctx.memory)
    if invoice is None or not result.ok or result.invoice is None:
        return Reply(text(ctx.language, "nothing_to_undo"), data={"ok": False, "problem": "nothing_to_undo"})
    ctx.memory["last_deleted_seq"] = seq
    return Reply(text(ctx.language, "expense_removed", seq=seq, what=what(result.invoice, ctx.locale)),
                 data={**result.model_dump(mode="json"), "undid": "add_expense"})


def details(ctx: Context, _: ShowDetails) -> Reply:
    """Every invoice of the list just shown (a burst's summary sets it), each in full, as many as fit."""
    listed = ctx.memory.get("listed_seqs")
    seqs = [s for s in listed if isinstance(s, int)][:MAX_DETAILS] if isinstance(listed, list) else []
    if not seqs and isinstance(ctx.memory.get("last_invoice_seq"), int):
        seqs = [ctx.memory["last_invoice_seq"]]
    shown = [inv for s in seqs if (inv := show_invoice(ctx.session, ctx.user_id, InvoiceRef.seq(s))) is not None]
    if not shown:
        return Reply(text(ctx.language, "not_found_listed"), data={"ok": False, "problem": "not_found"})
    return Reply(clip("\n\n".join(invoice_reply(inv, ctx.language, ctx.locale, max_items=3) for inv in shown)),
                 data={"seqs": [inv.seq for inv in shown]})


# --- the OpenAI tool -------------------------------------------------------------------------------------

class AddExpenseArgs(Args):
    amount: Decimal = Field(gt=0, lt=Decimal("1e15"), decimal_places=3, description="The amount paid, e.g. 12.50.")
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$", description=(
        "ISO 4217 code when the user named or implied one (€ -> EUR, R$ -> BRL); leave empty otherwise."))
    date: dt.date | None = Field(None, description="The day it was paid (YYYY-MM-DD); empty for today.")
    description: str = Field(min_length=1, max_length=200, description="What it was for, in the user's words.")
    payee: str | None = Field(None, max_length=255, description="Who was paid, when the user said so.")
    category: str | None = Field(None, max_length=32, description=(
        "A spending category key (fuel, groceries, restaurants, transport, travel, utilities, telecom, office, "
        "health, shopping, services, other) when the meaning is clear."))


TOOL_DESCRIPTION = ("Save an expense the user states in words (\"taxi 12€\", \"paid 120 to Juan for cleaning\") as a "
                    "new invoice. Only when they tell you they paid something, never for a question. The result "
                    "has its #N; delete_invoice on it undoes it.")


def run_tool(ctx: ToolContext, args: AddExpenseArgs) -> dict[str, Any]:
    intent = AddExpense(amount=args.amount, currency=args.currency, date=args.date, description=args.description,
                        payee=args.payee, category=category_key(args.category) if args.category else None)
    try:
        saved = save(ctx.session, ctx.user_id, intent, today=ctx.today, memory=ctx.memory)
    except InvalidExpense as exc:
        return {"ok": False, "problem": exc.problem}
    invoice, expense = saved.invoice, saved.expense
    alerts = alert_lines(ctx.session, invoice, ctx.language, ctx.locale, default_timezone=ctx.settings.default_timezone)
    return {"ok": True, "invoice": f"#{invoice.seq}", "budget_alerts": alerts, "total": format(expense.amount, "f"),
            "currency": expense.currency, "date": expense.date.isoformat(), "category": invoice.category,
            "payee": expense.payee, "description": expense.description,
            "total_display": money(expense.amount, expense.currency, ctx.locale),
            "undo": f"delete_invoice #{invoice.seq}"}
