"""The answer to "which one?". "Delete that one" after a list of several is asked back ("which of the 5?"),
and "the second one" said next finishes what was asked on that invoice, as anyone would take it. A reference
said with something else ("what was on the second one?") is a question of its own."""
from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from app.conversation import intents as i
from app.conversation.memory import fresh_pending, set_pending
from app.domain.reply import Reply
from app.i18n.catalogue import text

_ACTION = "which_one"


def _pointing_at_a_list(memory: dict[str, Any]) -> bool:
    listed = memory.get("listed_seqs")
    return memory.get("focus") == "list" and isinstance(listed, list) and len(listed) > 1


def ask(memory: dict[str, Any], intent: i.Intent, language: str, now: dt.datetime) -> Reply | None:
    """"Delete that one" after a list of several: which one is not clear, so ask instead of guessing, and
    remember what was asked while the user says which. None when "that one" is clear."""
    ref = getattr(intent, "ref", None)
    if not (isinstance(ref, i.InvoiceRef) and ref.kind == "it" and _pointing_at_a_list(memory)):
        return None
    if getattr(intent, "was", None) or getattr(intent, "vendor", None):
        return None  # "… was 23.50 not 32.50", "delete the fnac one": what is said picks the invoice
    set_pending(memory, _ACTION, now)
    memory["pending"]["intent"] = intent.model_dump(mode="json")
    return Reply(text(language, "which_one", n=len(memory["listed_seqs"])), data={"ok": False, "problem": "ambiguous"})


def just_deleted(memory: dict[str, Any], ref: i.InvoiceRef, language: str) -> Reply | None:
    """"Delete it" about the invoice this conversation has just deleted: say so, rather than "not found"."""
    seq = memory.get("last_deleted_seq")
    if ref.kind != "it" or not isinstance(seq, int) or memory.get("last_invoice_seq") != seq:
        return None
    return Reply(text(language, "already_deleted", seq=seq), data={"ok": True, "problem": "already_deleted"})


def chosen(memory: dict[str, Any], intent: i.Intent, mentioned: dict[str, Any], now: dt.datetime) -> i.Intent | None:
    """The action that waited for "which one?", on the invoice now named alone, or None."""
    if not (isinstance(intent, i.ShowInvoice) and intent.ref.kind in ("listed", "seq")
            and mentioned.get("reference") == "alone"):
        return None
    waiting = fresh_pending(memory.get("pending"), now)
    if waiting is None or waiting.get("action") != _ACTION:
        return None
    try:
        asked = i.intent_adapter.validate_python(waiting.get("intent"))
    except ValidationError:
        return None
    if not isinstance(getattr(asked, "ref", None), i.InvoiceRef):
        return None
    return asked.model_copy(update={"ref": intent.ref})
