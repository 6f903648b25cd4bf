"""Commands on invoices, read with the reference still in place ("bórrala", "bring it back", "delete the
fnac one"): history, help, delete my data, undo, reports, export, delete, keep."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from app.conversation import intents as i
from app.conversation.corrections import ARTICLE_NUMBER
from app.conversation.dates import Period
from app.conversation.history import HISTORY
from app.conversation.question_kind import metric_of
from app.conversation.report_words import report_intent
from app.conversation.text import rx
from app.conversation.vocabulary import DELETE, EXPORT, HELP_QUESTION, KEEP, MY_DATA, TOTAL, UNDO

# Undoing "the deletion" names which change is undone when a correction came after it.
_DELETION = rx(r"deletion", r"delete", r"deleted", r"borrado", r"borrada", r"borrar", r"eliminacion", r"eliminado",
               r"eliminada", r"eliminacao", r"apagado", r"apagada", r"apagar", r"suppression", r"supprime", r"effacement",
               r"loschung", r"loschen", r"geloscht")
# "la 2", "die 3", "the 4" (corrections read invoice numbers so too): after a list (which shows at most ten)
# a position on it; a longer number is #N.
_LISTED_AT_MOST = 10


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
        return i.UndoDelete(deletion=bool(_DELETION.search(commands)), vendor=named_vendor())
    if (asked_report := report_intent(commands, period)) is not None:  # before EXPORT: "export ... accountant"
        return asked_report
    if EXPORT.search(commands):
        return i.Export(period=period)
    if DELETE.search(commands):
        if ref is None and (numbered := ARTICLE_NUMBER.search(commands)):  # "supprime la 2" after a list
            n = int(numbered["n"])
            ref = i.InvoiceRef.listed(n) if n <= _LISTED_AT_MOST else i.InvoiceRef.seq(n)
        vendor = named_vendor() if ref is None or ref.kind in ("it", "last") else None  # "el último ticket de Día"
        return i.DeleteInvoice(ref=ref or i.IT, vendor=vendor)
    if KEEP.search(commands) and not TOTAL.search(rest):
        return i.KeepDuplicate(ref=ref or i.IT)
    return None


def said_shop(rest: str, vendors: Sequence[str], language: str | None) -> str | None:
    """A word of a delete that names one of the user's shops though it is also a word of spending: "delete the
    bus one" (Bus Éireann). None when no word left names exactly one shop."""
    from app.conversation.matching import resolve_vendors
    from app.conversation.stray import function_words

    ignored = function_words(language) | _COMMAND_WORDS
    words: list[str] = re.findall(r"[a-z][a-z0-9&'\-]{2,}", rest)
    return next((w for w in words if w not in ignored and len(set(resolve_vendors(w, vendors))) == 1), None)


_COMMAND_WORDS = frozenset("""delete remove erase one invoice receipt bill borra borrar elimina eliminar apaga apagar
    supprime supprimer efface effacer losch losche loschen entferne the please por favor bitte stp svp""".split())
