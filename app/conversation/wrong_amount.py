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
from app.conversation.restated import NOT_WORDS
from app.conversation.vocabulary import CORRECT_VERB
from app.extraction.parsing import parse_amount
from app.models import Invoice

if TYPE_CHECKING:
    from app.conversation.slots import ParseContext

_AMOUNT = r"\d[\d.,']*\d|\d"
_CURRENCY = r"(?:\s*(?:[a-z]{1,3}|[$€£₹]|r\$))?"
# The verb "to be" before the right amount, past or present ("isch … gsi" is Swiss German's past).
_COPULA = (r"was|were|is|are|era|eran|es|fue|fueron|son|foi|foram|eram|e|etait|c'etait|c' etait|c'est|est|war|"
           r"waren|ist|isch|sind|should be|shd be|shud be|must be|deberia ser|debe ser|deveria ser|devia ser|"
           r"doit etre|devrait etre|sollte sein|musste sein")
_NOT = rf"(?:and |y |e |et |und )?(?:{NOT_WORDS}|nod|nit|net|ned)(?: de| of| do| da| von)?"  # "nöd", "ned": dialect
# Words of hindsight: "na verdade a do supermercado foi 212,25", "die vom spar war eigentlich 46,09".
_HINDSIGHT = (r"actually|in fact|really|en realidad|en verdad|de hecho|realmente|na verdade|na realidade|afinal|"
              r"en fait|en vrai|eigentlich|tatsachlich|doch|"
              # saying the amount on it is wrong: "betrag vom mpreis stimmt nicht, sind 24,93"
              r"stimmt nicht|is wrong|was wrong|esta mal|estaba mal|esta errad[oa]|estaba errad[oa]|ta errad[oa]|"
              r"estava errad[oa]|estava mal|est faux|etait faux|n'est pas bon|war falsch|ist falsch")
# "fueron 150000 justos", "20 euros pile": the amount, exactly.
_EXACTLY = r"(?:\s+(?:justos|justo|exactos|exacto|exactly|exact|pile|genau|exakt|certinho|redondos))?"
# "<the X one> was <amount>" with no wrong amount said: a correction only with hindsight said or a shop named.
# The hindsight or the asking may come after the amount: "a do X foi 230,59 na verdade", "… fue 1617,64, corregilo".
_AFTER = (rf"(?:\s*[,;]?\s*(?:{_HINDSIGHT}|(?:(?:please|pls|bitte|por favor|stp|svp)\s+)?(?:{CORRECT_VERB.pattern})\w*"
          r"(?:\s+(?:it|that|lo|la|isso|ca|das|es))?"
          r"(?:\s+(?:please|pls|por favor|porfa|stp|svp|bitte))?))?")
_RESTATED = re.compile(
    rf"(?:^|\s)(?:(?:{_HINDSIGHT})\s*[,;]?\s+)?(?P<cop>{_COPULA})(?:\s+(?:{_HINDSIGHT}))?\s+(?:(?:de|of|um)\s+)?"
    rf"(?P<v>{_AMOUNT}){_CURRENCY}{_EXACTLY}{_AFTER}\s*[.!]?\s*$")
_HINDSIGHT_RE = re.compile(rf"(?<![a-z])(?:{_HINDSIGHT})(?![a-z])")
# The wrong amount said in the head: "a do continente de 45,80 afinal foi 54,80".
# "the 33.95 one was actually 23.95": an amount with cents after an article is the wrong total too.
_OF_AMOUNT = re.compile(rf"(?<![a-z])(?:(?:de|of|von|mit|with|du|da|do)\s+|(?:the|la|el|a|o|le|die|der)\s+"
                        rf"(?=\d[\d.,']*[.,]\d\d?(?![\d.,]\d)))(?P<w>{_AMOUNT})(?![\d.,]\d)")
_PAIR = re.compile(
    rf"(?:^|\s)(?P<cop>{_COPULA})\s+(?:(?:de|of|um)\s+)?(?P<v>{_AMOUNT}){_CURRENCY}(?:\s+gsi)?\s*[,;]?\s*"
    rf"{_NOT}\s+(?P<w>{_AMOUNT}){_CURRENCY}{_AFTER}\s*[.!]?\s*$")
# A head that is only a pronoun ("it was 23,45 not 32,45") is the invoice in focus: restated.py reads it.
_PRONOUN_HEAD = re.compile(r"^\s*(?:(?:no|sorry|actually|oops|non|nein|nao|en fait|eigentlich)[\s,]+)*"
                           r"(?:it|that|this|eso|esto|isso|isto|ca|ce|es|das|the total|el total|o total|"
                           r"le total|der betrag)?\s*$")


def said_wrong(text: str, folded: str, offsets: list[int], ctx: ParseContext) -> i.CorrectField | None:
    """The correction, or None when the message does not end "<was> <right amount> not <wrong amount>"."""
    from app.conversation.slots import blank, find_vendor, reference

    if "?" in text:
        return None
    if (m := _PAIR.search(folded)) is None:
        return _restated_for_a_shop(text, folded, offsets, ctx)
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


def _restated_for_a_shop(text: str, folded: str, offsets: list[int], ctx: ParseContext) -> i.CorrectField | None:
    """"na verdade a do supermercado foi 212,25", "en fait celle de Denner c'était 23.47", "die vom spar war
    eigentlich 46,09": the invoice of the shop named (or the one said before the verb) really had this total."""
    from app.conversation.slots import blank, find_vendor, reference

    if (m := _RESTATED.search(folded)) is None:
        return None
    head = folded[: m.start("cop")]
    asked_to_fix = CORRECT_VERB.search(folded, m.end("v")) is not None  # "… était de 117,40, corrige stp"
    if _PRONOUN_HEAD.match(head) or not (_HINDSIGHT_RE.search(folded) or _REFERS.search(head) or asked_to_fix):
        return None
    right = text[offsets[m.start("v")]: offsets[m.end("v") - 1] + 1]
    if parse_amount(right) is None:
        return None
    said = blank(folded, m.start("cop"), len(folded))  # the head alone, at its place in the message
    for hindsight in _HINDSIGHT_RE.finditer(head):
        said = blank(said, hindsight.start(), hindsight.end())
    if wrong := _OF_AMOUNT.search(said):
        said = blank(said, wrong.start(), wrong.end())
    vendor, _ = find_vendor(text, said, offsets, ctx)
    ref, _ = reference(head)
    if ref is not None and ref.kind in ("seq", "listed"):
        return i.CorrectField(ref=ref, field="total", value=right[:255])
    # Without a shop of theirs named, only a reference to one invoice ("the X one", "a do X") names a shop.
    shop = vendor or (_shop_word(said) if _REFERS.search(head) else None)
    if shop is None and not wrong:
        return None
    return i.CorrectField(ref=i.IT, field="total", value=right[:255], vendor=shop,
                          was=wrong["w"] if wrong else None)


_REFERS = re.compile(r"(?<![a-z])(?:one|la de|la del|el de|el del|a do|a da|o do|o da|celle|celui|die vom|die von|"
                     r"der vom|das vom)(?![a-z])")
# Words around the shop's name in "the X one", "a do X", "celle de X", "die vom X".
_AROUND = frozenset("""the one a o la le el die der das de do da du del dos vom von celle celui invoice en in
    receipt bill fatura factura facture rechnung bon nota talao ticket last ultima ultimo derniere letzte
    of total amount montant importe valor betrag summe gesamtbetrag tax vat iva tva mwst
    """.split())


def _shop_word(head: str) -> str | None:
    words = [w for w in re.findall(r"[a-z][a-z0-9&'\-]{2,}", head) if w not in _AROUND]
    return " ".join(words)[:200] if words else None


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
