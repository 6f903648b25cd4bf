"""The caption sent with a document, read as what the user meant by it.

- a correction: "this is 45.10", "son 45,10 €", "c'est 45,10", "das sind 45,10" (or just "45,10 €") sets the
  total, when the message carries one document (with several, which one is meant is not said);
- a category hint: "fuel", "gasolina", "almoço com cliente" sets the category (and its lines follow);
- anything else worth keeping ("trip to Porto with Ana") is stored as the invoice's note.

Captions are user text like any other: cleaned of control characters, cut short, never executed; every change
is validated like a typed correction and recorded in the audit trail (actor ``user``) in the same transaction.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.conversation.answers import money
from app.conversation.expenses import word_category
from app.conversation.matching import category_key
from app.conversation.text import fold
from app.extraction.parsing import parse_amount
from app.i18n.catalogue import has, text
from app.invoices import audit
from app.invoices.learned_categories import set_category
from app.models import Invoice, Media, WhatsAppMessage

MAX_NOTE = 500
MAX_AMOUNT = Decimal("1e15")
_NUMBER = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_SYMBOL = r"(?:r\$|us\$|\$|€|£|eur|usd|gbp|brl|chf|euros?|reais|dollars?)"
# "this is 45.10", "total 45,10", "es 45,10 €", "são 45,10", "c'est 45,10", "das sind 45,10", "= 45.10".
_CORRECTION = re.compile(
    rf"^\s*(?P<cue>(?:this|it|that)\s*(?:is|was|'s)|its|total(?:\s*(?:is|was|:|=))?|the total is|"
    rf"es|son|fue|fueron|e|sao|foi|foram|c'?\s*est|ca fait|le total est|total de|"
    rf"das\s+(?:sind|ist|war|waren)|es\s+sind|macht|summe|insgesamt|betrag|=)?\s*"
    rf"(?P<pre>{_SYMBOL}\s?)?(?P<n>{_NUMBER})(?P<post>\s?{_SYMBOL})?\s*[.!]?\s*$")
_FILLER = frozenset("a an the for of to in on at with and my de del la el los las un una para por con y mi o os as "
                    "um uma com e do da no na em le les du des pour avec et au aux der die das den dem ein eine fur "
                    "mit und im am zum zur".split())


@dataclass(frozen=True)
class Caption:
    total: Decimal | None = None
    category: str | None = None
    note: str | None = None


def clean(caption: str | None) -> str:
    """Printable text, spaces collapsed, at most :data:`MAX_NOTE` characters."""
    if not caption:
        return ""
    printable = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in caption)
    return " ".join(printable.split())[:MAX_NOTE]


def read_caption(caption: str | None, *, single_document: bool) -> Caption:
    said = clean(caption)
    folded = fold(said)
    if not folded:
        return Caption()
    m = _CORRECTION.match(folded)
    # A bare whole number ("2") says no amount; a cue, a currency or cents do ("this is 45", "45 €", "45,10").
    if m and (m["cue"] or m["pre"] or m["post"] or re.search(r"[.,]\d{1,2}$", m["n"])):
        amount = parse_amount(m["n"])
        if amount is not None and Decimal(0) < amount < MAX_AMOUNT and single_document:
            return Caption(total=amount)
        return Caption()
    words = re.findall(r"[a-z][a-z'-]*", folded)
    category = next((c for w in words if (c := word_category(w) or category_key(w))), None)
    meaningful = [w for w in words if w not in _FILLER and (word_category(w) or category_key(w)) is None]
    return Caption(category=category, note=said if meaningful else None)


def caption_of(session: Session, message_id: int) -> tuple[str | None, bool]:
    """The caption (Body) sent with the message's attachments, and whether it carried just one."""
    raw = session.scalar(select(WhatsAppMessage.raw_webhook).where(WhatsAppMessage.message_id == message_id))
    form = raw.get("form") if isinstance(raw, dict) else None  # the webhook's form, as stored by app/webhook
    body = form.get("Body") if isinstance(form, dict) else None
    count = session.scalar(select(func.count()).where(Media.message_id == message_id)) or 0
    return (body if isinstance(body, str) else None), count == 1


def apply_caption(session: Session, invoice: Invoice, caption: str | None, *, single_document: bool,
                  message_id: int | None, language: str, locale: str) -> str | None:
    """Apply what the caption says to a newly saved ``invoice``; returns a line saying what was done, or None.
    The caller commits."""
    read = read_caption(caption, single_document=single_document)
    done: list[str] = []
    if read.total is not None and read.total != invoice.total_amount:
        audit.record(session, invoice, "corrected", field="total", old=invoice.total_amount, new=read.total,
                     actor="user", message_id=message_id, detail={"from": "caption"})
        invoice.total_amount = read.total
        if invoice.tax_amount is not None and invoice.tax_amount > read.total:
            invoice.tax_amount = None  # a tax above the total the user gave cannot be right
        done.append(text(language, "caption_total", amount=money(read.total, invoice.currency, locale)))
    if read.category is not None and read.category != invoice.category:
        # The user's word, like a correction: audited, and the vendor's rule learns from it.
        set_category(session, invoice, read.category, message_id=message_id, source="caption")
        label = f"category_{read.category}"
        done.append(text(language, "caption_category", category=text(language, label) if has(label) else read.category))
    if read.note is not None:
        audit.record(session, invoice, "noted", field="notes", old=invoice.notes, new=read.note, actor="user",
                     message_id=message_id, detail={"from": "caption"})
        invoice.notes = read.note
        done.append(text(language, "caption_note"))
    session.flush()
    return "📝 " + ", ".join(done) if done else None
