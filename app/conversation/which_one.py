"""The answer to "which one?". "Delete that one" after a list of several is asked back ("which of the 5?"),
and "the second one" said next finishes what was asked on that invoice, as anyone would take it. A reference
said with something else ("what was on the second one?") is a question of its own."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.conversation import intents as i
from app.conversation.dates import find_period
from app.conversation.matching import resolve_vendors
from app.conversation.memory import fresh_pending, set_pending
from app.conversation.queries import live, user_vendors
from app.conversation.text import fold, rx
from app.conversation.vocabulary import SMALLEST, SUPERLATIVE
from app.domain.reply import Reply
from app.extraction.parsing import parse_amount
from app.i18n.catalogue import text
from app.models import Invoice

_ACTION = "which_one"


def _pointing_at_a_list(memory: dict[str, Any]) -> bool:
    listed = memory.get("listed_seqs")
    return memory.get("focus") == "list" and isinstance(listed, list) and len(listed) > 1


def _list_in_play(memory: dict[str, Any]) -> bool:
    """A list of several is on screen, or one of its invoices was just picked from it ("the 3rd one was …")."""
    listed = memory.get("listed_seqs")
    return _pointing_at_a_list(memory) or (isinstance(listed, list) and len(listed) > 1
                                           and memory.get("focus") == "invoice" and memory.get("last_invoice_seq") in listed)


def ask(memory: dict[str, Any], intent: i.Intent, language: str, now: dt.datetime) -> Reply | None:
    """"Delete that one" after a list of several: which one is not clear, so ask instead of guessing, and
    remember what was asked while the user says which. None when "that one" is clear."""
    ref = getattr(intent, "ref", None)
    if isinstance(ref, i.InvoiceRef) and ref.kind == "last" and isinstance(intent, i.DeleteInvoice) \
            and not getattr(intent, "vendor", None) and _list_in_play(memory) \
            and (ends := [memory["listed_seqs"][0], memory["listed_seqs"][-1]]) and ends[0] != ends[-1]:
        # "delete the last one" under a list: the one shown last, or the latest (shown first)? A deletion asks;
        # a correction of "the last one" is of the latest, as people mean it more often than not.
        return ask_among(memory, intent, ends, language, now)
    if not (isinstance(ref, i.InvoiceRef) and ref.kind == "it"):
        return None
    if getattr(intent, "was", None) or getattr(intent, "vendor", None):
        return None  # "… was 23.50 not 32.50", "delete the fnac one": what is said picks the invoice
    if memory.get("focus") == "figure" and isinstance(intent, (i.DeleteInvoice, i.CorrectField)):
        # "apaga essa" after a sum over several invoices: no one invoice is "that one"
        return Reply(text(language, "which_invoice"), data={"ok": False, "problem": "ambiguous"})
    if not _pointing_at_a_list(memory):
        return None
    return ask_among(memory, intent, list(memory["listed_seqs"]), language, now)


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
    waiting = _waiting(memory, now)
    if waiting is None or not isinstance(getattr(waiting[1], "ref", None), i.InvoiceRef):
        return None
    return waiting[1].model_copy(update={"ref": intent.ref})


def _waiting(memory: dict[str, Any], now: dt.datetime) -> tuple[dict[str, Any], i.Intent] | None:
    """The pending "which one?" still fresh, and the action that waits for its answer."""
    waiting = fresh_pending(memory.get("pending"), now)
    if waiting is None or waiting.get("action") != _ACTION:
        return None
    asked = i.stored(waiting.get("intent"))
    return (waiting, asked) if asked is not None else None


def of_shop(session: Session, user_id: int, memory: dict[str, Any], said: str) -> tuple[int | None, list[int]]:
    """"delete the fnac one", "la do supermercado foi 212,25": the invoice from the shop said, and the
    candidates when it is not clear. The one from that shop on the list just shown; when the list shows
    several, none (and those several, to ask which); when it shows none, the one in focus if it is from that
    shop, else the shop's latest. (None, []) when the user has no invoice from such a shop."""
    known = user_vendors(session, user_id)
    # "a do supermercado" for Supermercados BH: the word said in the singular or the plural.
    names = resolve_vendors(said, known) or resolve_vendors(f"{said}s", known) or resolve_vendors(said.removesuffix("s"), known)
    if not names:
        return None, []
    mine = list(session.scalars(select(Invoice.seq).where(*live(user_id), Invoice.vendor.in_(names))
                                .order_by(Invoice.seq.desc())))
    listed = memory.get("listed_seqs")
    on_list = [seq for seq in listed if seq in mine] if isinstance(listed, list) else []
    if len(on_list) == 1:
        return on_list[0], []
    if on_list:
        return None, on_list
    focus = memory.get("last_invoice_seq")
    return (focus if focus in mine else mine[0] if mine else None), []


def ask_among(memory: dict[str, Any], intent: i.Intent, candidates: list[int], language: str,
              now: dt.datetime) -> Reply:
    """"Which one?" among the invoices the user's words fit, remembering what waits for the answer."""
    set_pending(memory, _ACTION, now)
    memory["pending"]["intent"] = intent.model_dump(mode="json")
    memory["pending"]["candidates"] = candidates
    return Reply(text(language, "which_one", n=len(candidates)), data={"ok": False, "problem": "ambiguous"})


_DAY = re.compile(r"(?<![\d.,])(\d{1,2})(?:\.|st|nd|rd|th|o|º|er|e)?(?![\d.,]\d)")
_FIGURE = re.compile(r"\d+(?:[.,]\d{1,2})(?!\d)")
_WHOLE = re.compile(r"(?<![\d.,])\d{1,9}(?![.,]?\d)")
# "6000 y pico", "180 e pouco", "40 and something", "300 odd", "2000 et quelques": that much and a bit more.
_AND_A_BIT = re.compile(r"(?<![a-z])(?:y pico|e pouco|e tal|and something|something|odd|et quelques|et des poussieres|"
                        r"und ein paar|und ein bisschen|plus)(?![a-z])")


def _roughly(total: Decimal, wholes: set[Decimal], folded: str) -> bool:
    """The total is one of the whole amounts said without its cents, or, said with "and a bit", above it by
    less than the step its round figure was said in (6000 y pico: 6000 to 6999.99; 180 e pouco: 180 to 189.99)."""
    if _AND_A_BIT.search(folded):
        return any(whole <= total < whole + _step(whole) for whole in wholes if whole >= 10)
    return any(total.to_integral_value(rounding="ROUND_FLOOR") == whole for whole in wholes)


def _step(whole: Decimal) -> int:
    """The unit a round figure was said in: 1000 for 6000, 10 for 180, 1 for 705."""
    digits = str(int(whole))
    return int(10 ** (len(digits) - len(digits.rstrip("0"))))


# "the older one", "la más reciente", "la plus petite des deux": one end of the invoices asked about.
_OLDER = rx(r"older", r"oldest", r"earlier", r"earliest", r"mas antigu[oa]", r"mas viej[oa]", r"anterior",
            r"plus ancienne?", r"plus vieille", r"plus vieux", r"mais antig[oa]", r"mais velh[oa]", r"altere?",
            r"alteste", r"fruhere?", r"fruheste")
_NEWER = rx(r"newer", r"newest", r"more recent", r"most recent", r"later", r"latest", r"mas recientes?",
            r"mas nuev[oa]", r"plus recente?", r"plus nouvelle", r"mais recentes?", r"mais nov[oa]", r"neuere?",
            r"neueste", r"juengste", r"jungste", r"spatere?")

_SMALLER = rx(r"smaller", r"cheaper", r"lower", r"less expensive", r"kleinere?", r"billigere?", r"gunstigere?")
_BIGGER = rx(r"bigger", r"larger", r"higher", r"dearer", r"pricier", r"more expensive", r"grossere?", r"teurere?",
             r"hohere?")


def _by_rank(folded: str, rows: list[tuple[int, Decimal | None, dt.date]]) -> int | None:
    """The invoice at the end of the candidates the words point to, or None when they point to no end."""
    if len(folded.split()) > 8:
        return None
    dated = [(on, seq) for seq, _, on in rows]
    priced = [(total, seq) for seq, total, _ in rows if total is not None]
    if _OLDER.search(folded):
        return min(dated)[1]
    if _NEWER.search(folded):
        return max(dated)[1]
    if (SMALLEST.search(folded) or _SMALLER.search(folded)) and priced:
        return min(priced)[1]
    if (SUPERLATIVE.search(folded) or _BIGGER.search(folded)) and priced:
        return max(priced)[1]
    return None


def by_figure(session: Session, user_id: int, memory: dict[str, Any], message: str, now: dt.datetime,
              timezone: str = "UTC") -> i.Intent | None:
    """The answer to "which one?" given as the invoice's amount ("the 174.78 one", "a de 288,13", "die mit
    41,46"), its day ("die vom 24.", "a de ontem à noite") or an end ("the older one"), among the invoices asked
    about: the action that waited, on the one invoice it fits; None when the message is no such short answer
    or fits none or several."""
    if len(message.split()) > 6 or (waiting := _waiting(memory, now)) is None:
        return None
    pending, asked = waiting
    pool = pending.get("candidates") or memory.get("listed_seqs") or []
    seqs = [seq for seq in pool if isinstance(seq, int)]
    if not seqs:
        return None
    zone = ZoneInfo(timezone)
    found = session.execute(select(Invoice.seq, Invoice.total_amount, Invoice.invoice_date, Invoice.created_at,
                                   Invoice.vendor).where(*live(user_id), Invoice.seq.in_(seqs))).all()
    rows = [(seq, total, on or sent.astimezone(zone).date()) for seq, total, on, sent, _ in found]  # undated: the day it came
    folded = fold(message)
    by_shop = [seq for seq, *_, vendor in found if vendor and re.search(rf"(?<!\w){re.escape(fold(vendor))}(?!\w)", folded)]
    if (figure := _FIGURE.search(message)) and (amount := parse_amount(figure.group())) is not None:
        fits = [seq for seq, total, _ in rows if total == amount]
    elif by_shop:  # "the z energy one", "a do shell"
        fits = by_shop
    elif (ranked := _by_rank(folded, rows)) is not None:  # "the older one", "la plus petite des deux"
        fits = [ranked]
    elif (said := find_period(folded, now.astimezone(zone).date())) is not None \
            and said.period.end - said.period.start == dt.timedelta(days=1):  # "a de ontem à noite", "la de ayer"
        fits = [seq for seq, _, on in rows if on in said.period]
    else:  # "the 1240 one": a whole amount; "die vom 24.": a day; both read, and only one invoice may fit
        wholes = {Decimal(w) for w in _WHOLE.findall(message)}
        day = _DAY.search(message)
        fits = [seq for seq, total, on in rows if total in wholes or (day is not None and on.day == int(day.group(1)))]
        if not fits and wholes:  # "the one for 705" (705.55), "la de seis mil y pico": the amount without its cents
            fits = [seq for seq, total, _ in rows if total is not None and _roughly(total, wholes, folded)]
    if len(fits) != 1:
        return None
    memory.pop("pending", None)
    update: dict[str, Any] = {"ref": i.InvoiceRef.seq(fits[0])}
    if "vendor" in type(asked).model_fields:
        update["vendor"] = None
    return asked.model_copy(update=update)
