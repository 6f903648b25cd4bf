"""Commands on invoices, read with the reference still in place ("bórrala", "bring it back", "delete the
fnac one"): history, help, delete my data, undo, reports, export, delete, keep."""
from __future__ import annotations

from collections.abc import Callable

from app.conversation import intents as i
from app.conversation.dates import Period
from app.conversation.history import HISTORY
from app.conversation.question_kind import metric_of
from app.conversation.report_words import report_intent
from app.conversation.vocabulary import DELETE, EXPORT, HELP_QUESTION, KEEP, MY_DATA, TOTAL, UNDO


def command(commands: str, rest: str, ref: i.InvoiceRef | None, period: Period | None,
            named_vendor: Callable[[], str | None]) -> i.Intent | None:
    """The command ``commands`` gives, or None. ``named_vendor`` reads a shop named with a delete ("supprime
    celle de la fnac"): the one of that shop on the list just shown."""
    if HISTORY.search(commands):  # "how does this work?": "this" there is not an invoice
        return i.InvoiceHistory(ref=ref or i.IT)
    if HELP_QUESTION.search(commands) and metric_of(rest) is None:
        return i.Help()
    if DELETE.search(commands) and MY_DATA.search(commands) and (ref is None or ref.kind == "it"):
        return i.DeleteMyData()
    if UNDO.search(commands):
        return i.UndoDelete()
    if (asked_report := report_intent(commands, period)) is not None:  # before EXPORT: "export ... accountant"
        return asked_report
    if EXPORT.search(commands):
        return i.Export(period=period)
    if DELETE.search(commands):
        vendor = named_vendor() if ref is None or ref.kind == "it" else None
        return i.DeleteInvoice(ref=ref or i.IT, vendor=vendor)
    if KEEP.search(commands) and not TOTAL.search(rest):
        return i.KeepDuplicate(ref=ref or i.IT)
    return None
