"""The executors that change one invoice: correct a field, delete, undo a deletion, keep a flagged duplicate;
each says what it did, or which invoice it could not find."""
from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import select

from app.conversation import actions, expense_replies, queries, which_one, wrong_amount
from app.conversation import intents as i
from app.conversation.answers import money, what
from app.conversation.budget_answers import learned_reply
from app.conversation.matching import resolve_vendors
from app.conversation.memory import focus_on
from app.conversation.text import clean_display
from app.domain.reply import Reply
from app.i18n.catalogue import text
from app.invoices.purge import undo_cutoff
from app.models import Invoice

if TYPE_CHECKING:
    from app.conversation.handler import Context


def not_found(ctx: Context, ref: i.InvoiceRef) -> Reply:
    key = "not_found_listed" if ref.kind == "listed" and not ctx.memory.get("listed_seqs") else "not_found"
    return Reply(text(ctx.language, key), data={"ok": False, "problem": "not_found"})


def correct(ctx: Context, said: i.CorrectField) -> Reply:
    if said.vendor and not said.was and said.ref.kind == "it":  # "na verdade a do supermercado foi 212,25"
        aimed = _at_the_shop(ctx, said)
        if isinstance(aimed, Reply):
            return aimed
        said = aimed
    if (q := wrong_amount.pinned(ctx.session, ctx.user_id, said, ctx.memory)) is None:  # "… 23.50 not 32.50"
        return not_found(ctx, said.ref)
    if q.in_focus and not isinstance(ctx.memory.get("last_invoice_seq"), int):  # "it was 23.45", nothing shown
        return Reply(text(ctx.language, "restated_which", value=clean_display(q.value, 40)), data={"ok": False})
    result = actions.correct_field(ctx.session, ctx.user_id, q.ref, q.field, q.value, today=ctx.today,
                                   memory=ctx.memory, day_first=ctx.day_first)
    if result.ok and result.invoice is not None and result.previous is not None:  # "undo that": the old value back
        ctx.memory["last_corrected"] = {"seq": result.invoice.seq, "field": q.field, "value": result.previous}
        ctx.memory["last_change"] = "corrected"
    reply = _action_reply(ctx, q.ref, result, "corrected", field=text(ctx.language, f"field_{q.field}"))
    return learned_reply(ctx.session, ctx.user_id, reply, result, ctx.language)


def delete(ctx: Context, q: i.DeleteInvoice) -> Reply:
    if q.vendor and q.ref.kind == "last":  # "borrá el último ticket de Día": that shop's latest
        latest = queries.latest_from(ctx.session, ctx.user_id, q.vendor)
        if latest is None:
            return not_found(ctx, q.ref)
        q = q.model_copy(update={"ref": i.InvoiceRef.seq(latest.seq), "vendor": None})
    if q.vendor and q.ref.kind == "it":  # "delete the fnac one", "apaga a do ipiranga"
        aimed = _at_the_shop(ctx, q)
        if isinstance(aimed, Reply):
            return aimed
        q = aimed
    elif q.ref.kind == "it" and not isinstance(ctx.memory.get("last_invoice_seq"), int):
        return Reply(text(ctx.language, "not_found_listed"), data={"ok": False, "problem": "ambiguous"})  # nothing in focus
    result = actions.delete_invoice(ctx.session, ctx.user_id, q.ref, now=ctx.now, memory=ctx.memory)
    if result.ok and result.invoice is not None:
        ctx.memory["last_deleted_seq"] = result.invoice.seq
        ctx.memory["last_change"] = "deleted"
    elif (gone := which_one.just_deleted(ctx.memory, q.ref, ctx.language)) is not None:
        return gone  # "delete it" again, after "the second one" did
    return _action_reply(ctx, q.ref, result, "deleted")


_Pointed = TypeVar("_Pointed", i.CorrectField, i.DeleteInvoice)


def _at_the_shop(ctx: Context, q: _Pointed) -> _Pointed | Reply:
    """The action on the invoice of the shop named: on the list just shown, else in focus, else its latest;
    "which one?" when the list shows several of that shop's; "not found" when the user has none."""
    seq, several = which_one.of_shop(ctx.session, ctx.user_id, ctx.memory, q.vendor or "")
    if several:
        return which_one.ask_among(ctx.memory, q, several, ctx.language, ctx.now)
    if seq is None:
        return not_found(ctx, q.ref)
    return q.model_copy(update={"ref": i.InvoiceRef.seq(seq), "vendor": None})


def undo(ctx: Context, q: i.UndoDelete) -> Reply:
    if q.deletion or _names_the_deleted(ctx, q.vendor):  # "anula a eliminação" after a correction: the deletion
        ctx.memory.pop("last_change", None)
    elif ctx.memory.pop("last_change", None) == "corrected" and isinstance(old := ctx.memory.pop("last_corrected", None), dict):
        ref = i.InvoiceRef.seq(int(old["seq"]))
        result = actions.correct_field(ctx.session, ctx.user_id, ref, old["field"], str(old["value"]),
                                       today=ctx.today, day_first=ctx.day_first)
        return _action_reply(ctx, ref, result, "corrected", field=text(ctx.language, f"field_{old['field']}"))
    if ctx.memory.get("last_added_seq") and not ctx.memory.get("last_deleted_seq"):
        return expense_replies.undo_added(ctx)  # "undo" right after "taxi 12€"
    ctx.memory.pop("last_deleted_seq", None)
    result = actions.undo_delete(ctx.session, ctx.user_id, deleted_since=undo_cutoff(ctx.settings, ctx.now))
    return _action_reply(ctx, None, result, "undone")


def _names_the_deleted(ctx: Context, vendor: str | None) -> bool:
    """"deshacé lo del STM": the shop named is the one of the invoice deleted last."""
    seq = ctx.memory.get("last_deleted_seq")
    if not vendor or not isinstance(seq, int):
        return False
    shop = ctx.session.scalar(select(Invoice.vendor).where(Invoice.user_id == ctx.user_id, Invoice.seq == seq))
    return bool(shop and resolve_vendors(vendor, [shop]))


def keep(ctx: Context, q: i.KeepDuplicate) -> Reply:
    result = actions.keep_duplicate(ctx.session, ctx.user_id, q.ref, memory=ctx.memory)
    return _action_reply(ctx, q.ref, result, "kept")


def _action_reply(ctx: Context, ref: i.InvoiceRef | None, result: actions.ActionResult, done_key: str,
                  **values: str) -> Reply:
    data = result.model_dump(mode="json")
    if result.problem == "not_found" and ref is not None:
        return not_found(ctx, ref)
    inv = result.invoice
    if inv is not None:
        focus_on(ctx.memory, inv.seq)
    if result.ok and inv is not None:
        return Reply(text(ctx.language, done_key, seq=inv.seq, what=what(inv, ctx.locale), **values), data=data)
    problem = result.problem or "not_found"
    seq = inv.seq if inv else ""
    field = text(ctx.language, f"field_{result.field}") if result.field else ""
    amount = money(inv.total, inv.currency, ctx.locale) if inv and inv.total is not None else ""
    return Reply(text(ctx.language, problem, seq=seq, field=field, amount=amount), data=data)
