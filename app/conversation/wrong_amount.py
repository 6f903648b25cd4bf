"""A total set straight by naming the wrong one: "the morrisons one was 23.50 not 32.50", "la de eroski era
23,50 y no 32,50", "der netto bon vom 24. war 14,90, nicht 41,90", "ese tanqueo fue de 102.000, no de 120.000".

The wrong amount is the one printed on the invoice the user means, so it is what picks the invoice: among
theirs with that total (from the shop named, when one is), the one in focus, else the one on the list just
shown, else the latest. The message must end with the two amounts; what comes before them only narrows
which invoice ("the morrisons one", "the first one").
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.conversation import intents as i
from app.conversation.matching import resolve_vendors
from app.conversation.queries import live
from app.extraction.parsing import parse_amount
from app.models import Invoice

if TYPE_CHECKING:
    from app.conversation.slots import ParseContext

_AMOUNT = r"\d[\d.,']*\d|\d"
_CURRENCY = r"(?:\s*(?:[a-z]{1,3}|[$€£₹]|r\$))?"
# The verb "to be" before the right amount, past or present ("isch … gsi" is Swiss German's past).
_COPULA = (r"was|were|is|are|era|eran|es|fue|fueron|son|foi|foram|eram|e|etait|c'etait|c' etait|c'est|est|war|"
           r"waren|ist|isch|sind")
_NOT = (r"(?:and |y |e |et |und )?(?:not|no|nao|pas|nicht|nod|nit|net|instead of|en vez de|em vez de|au lieu de|"
        r"statt|anstatt)(?: de| of| do| da| von)?")
_PAIR = re.compile(
    rf"(?:^|\s)(?P<cop>{_COPULA})\s+(?:(?:de|of|um)\s+)?(?P<v>{_AMOUNT}){_CURRENCY}(?:\s+gsi)?\s*[,;]?\s*"
    rf"{_NOT}\s+(?P<w>{_AMOUNT}){_CURRENCY}\s*[.!]?\s*$")
# A head that is only a pronoun ("it was 23,45 not 32,45") is the invoice in focus: restated.py reads it.
_PRONOUN_HEAD = re.compile(r"^\s*(?:(?:no|sorry|actually|oops|non|nein|nao|en fait|eigentlich)[\s,]+)*"
                           r"(?:it|that|this|eso|esto|isso|isto|ca|ce|es|das|the total|el total|o total|"
                           r"le total|der betrag)?\s*$")


def said_wrong(text: str, folded: str, offsets: list[int], ctx: ParseContext) -> i.CorrectField | None:
    """The correction, or None when the message does not end "<was> <right amount> not <wrong amount>"."""
    from app.conversation.slots import blank, find_vendor, reference

    if "?" in text or (m := _PAIR.search(folded)) is None:
        return None
    head = folded[: m.start("cop")]
    if _PRONOUN_HEAD.match(head):
        return None
    right, wrong = (text[offsets[m.start(g)]: offsets[m.end(g) - 1] + 1] for g in ("v", "w"))
    if parse_amount(right) is None or parse_amount(wrong) is None:
        return None
    only_head = blank(folded, m.start("cop"), len(folded))
    vendor, _ = find_vendor(text, only_head, offsets, ctx)
    ref, _ = reference(head)
    if ref is None or ref.kind not in ("seq", "listed"):
        ref = i.IT
    return i.CorrectField(ref=ref, field="total", value=right[:255], was=wrong[:40], vendor=vendor)


def pinned(session: Session, user_id: int, q: i.CorrectField, memory: Mapping[str, Any]) -> i.CorrectField | None:
    """The correction aimed at the invoice that shows the wrong amount said (None when none of the user's
    does); any other correction as it is."""
    if q.ref.kind != "it" or q.was is None or (amount := parse_amount(q.was)) is None:
        return q
    rows = session.execute(select(Invoice.seq, Invoice.vendor).where(*live(user_id), Invoice.total_amount == amount)
                           .order_by(Invoice.seq.desc())).all()
    seqs = [seq for seq, vendor in rows if not q.vendor or resolve_vendors(q.vendor, [vendor or ""])]
    listed = memory.get("listed_seqs")
    for preferred in ([memory.get("last_invoice_seq")], listed if isinstance(listed, list) else [], seqs):
        if chosen := next((s for s in preferred if s in seqs), None):
            return q.model_copy(update={"ref": i.InvoiceRef.seq(chosen)})
    return None
