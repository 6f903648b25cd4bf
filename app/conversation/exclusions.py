"""What a question leaves out: "everything except iFood", "tudo menos o Ifood em novembro", "e em agosto, sem
contar o Brasil", "alles außer Amazon".

Read before the rest of the message, so the shop or place left out is never taken for the one asked about
(the opposite figure). Shops and places are left out exactly; a category left out ("sans les livres") is a
share of mixed invoices and is not answered with a figure: the question is said back instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.conversation import intents as i
from app.conversation.countries import place_currency
from app.conversation.slots import ParseContext, blank, category_span, find_vendor, original
from app.conversation.text import rx

# Words that always leave something out.
_EXCEPT = rx(r"except(?: for)?", r"excluding", r"not counting", r"without counting", r"apart from", r"other than",
             r"excepto", r"exceptuando", r"salvo", r"sin contar", r"quitando", r"exceto", r"sem contar",
             r"tirando", r"sauf", r"hormis", r"a part", r"sans compter", r"en dehors de", r"ausser",
             r"ausgenommen", r"abgesehen von", r"bis auf", r"ohne")
# Words that leave something out only after "everything": "tudo menos o ifood" (but "gastei menos no lidl?").
_BUT = rx(r"menos", r"but", r"but not", r"minus", r"sin", r"sem", r"sans", r"without")
_EVERYTHING = rx(r"everything", r"all", r"todo", r"toda", r"todos", r"tudo", r"tout", r"tous", r"alles", r"total")
_ARTICLE = re.compile(r"\s*(?:(?:the|el|la|los|las|lo de|los de|o|a|os|as|le|les|l'|der|die|das|den|dem|de|do|da|"
                      r"du|des|los gastos de|las compras de|the stuff from|what i spent at|at|en|em|no|na|in|im|bei|"
                      r"beim|chez|au|aux)\s+)*")
_AND = re.compile(r"\s*(?:,|and|y|e|et|und|&|\+)\s*")


@dataclass(frozen=True)
class Left:
    """What the message leaves out, and where it said so."""

    vendors: tuple[str, ...] = ()
    currency: str | None = None  # a place left out: the money paid there
    category: str | None = None
    said: str = ""
    span: tuple[int, int] = (0, 0)


def find(text: str, folded: str, offsets: list[int], ctx: ParseContext) -> Left | None:
    """The shops, place or category a message leaves out (None when it leaves out nothing we know)."""
    for m in _words(folded):
        article = _ARTICLE.match(folded, m.end())
        start = article.end() if article else m.end()
        left = _named_at(text, folded, offsets, ctx, start)
        if left is not None:
            end = left.span[1]
            return Left(left.vendors, left.currency, left.category, original(text, offsets, m.start(), end),
                        (m.start(), end))
    return None


def _words(folded: str) -> list[re.Match[str]]:
    found = list(_EXCEPT.finditer(folded))
    found += [m for m in _BUT.finditer(folded) if _EVERYTHING.search(folded[:m.start()])]
    return sorted(found, key=lambda m: m.start())


def _named_at(text: str, folded: str, offsets: list[int], ctx: ParseContext, start: int) -> Left | None:
    """The names said from ``start`` on: shops joined by "and", or one place, or one category."""
    vendors: list[str] = []
    at = end = start
    while len(vendors) < 5:
        vendor, after = _vendor_at(text, folded, offsets, ctx, at)
        if vendor is None:
            break
        vendors.append(vendor)
        end = after
        joined = _AND.match(folded, end)  # "except amazon and ikea"
        if not joined:
            break
        at = joined.end()
    if vendors:
        return Left(vendors=tuple(vendors), span=(start, end))
    words = list(re.finditer(r"[a-z][a-z'\-]*", folded[start:start + 40]))
    for n in range(min(3, len(words)), 0, -1):  # "sem contar o Brasil", "except new york"
        name = folded[start + words[0].start():start + words[n - 1].end()]
        if (paid := place_currency(name, ctx.today)) is not None:
            return Left(currency=paid, span=(start, start + words[n - 1].end()))
    category, _rest, span = category_span(blank(folded, 0, start), ctx)
    if category and span and span[0] - start <= 1:
        return Left(category=category, span=(start, span[1]))
    return None


def _vendor_at(text: str, folded: str, offsets: list[int], ctx: ParseContext, at: int) -> tuple[str | None, int]:
    """One of the user's vendors named right at ``at``, and where the name ends."""
    window = blank(folded, 0, at)
    vendor, rest = find_vendor(text, window, offsets, ctx)
    if vendor is None:
        return None, at
    changed = [k for k, (a, b) in enumerate(zip(window, rest, strict=True)) if a != b]
    if not changed or changed[0] - at > 1:
        return None, at
    return vendor, changed[-1] + 1


def apply(intent: i.Intent, left: Left) -> i.Intent:
    """The question, with what it leaves out: a sum without those shops or that place; anything else (a
    category left out, a list, a ranking) is said back rather than answered for everything."""
    if isinstance(intent, i.SpendingQuery) and not left.category and not intent.convert_to:
        kept = tuple(v for v in left.vendors if not intent.vendor or v.casefold() != intent.vendor.casefold())
        return intent.model_copy(update={"except_vendors": kept, "except_currency": left.currency})
    return i.Unresolved(words=(left.said,))
