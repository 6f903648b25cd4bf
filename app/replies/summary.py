"""The WhatsApp reply to a document: a short summary of what was saved, or advice when unreadable."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from app.conversation.answers import clip, invoice_reply, locale_for
from app.conversation.queries import view
from app.i18n.catalogue import has, supported_language, text
from app.i18n.phone import hint_for_number
from app.invoices.store import StoredInvoice
from app.models import User
from app.replies.warning_text import user_warnings

MAIN_ITEMS = 3


def reply_language(user: User, default: str) -> str:
    hint = hint_for_number(user.whatsapp_number)
    return supported_language(user.language, *(hint.languages if hint else ()), default)


def invoice_summary(session: Session, user: User, stored: StoredInvoice, warnings: Iterable[object], *,
                    language: str, extra: list[str] | None = None) -> str:
    """"✅ Saved as #N", vendor, date, total with tax, the biggest items, warnings, ``extra`` lines (a learned
    category, budget alerts), what to ask next."""
    locale = locale_for(language, user.whatsapp_number)
    shown = view(session, stored.invoice)
    main_items = sorted(shown.items, key=lambda item: item.total_price, reverse=True)
    body = invoice_reply(shown.model_copy(update={"items": main_items}), language, locale,
                         max_items=MAIN_ITEMS)
    lines = [text(language, "saved", seq=stored.invoice.seq), body]
    notes = user_warnings(warnings, language, locale)
    if notes:
        lines.append(text(language, "warnings"))
        lines += [f"• {warning}" for warning in notes]
    lines += extra or []
    lines.append(text(language, "saved_hint", seq=stored.invoice.seq))
    return clip("\n".join(lines))


def unreadable_summary(reason: str, *, language: str, max_pages: int) -> str:
    key = f"unreadable_{reason}"
    advice = text(language, key, pages=max_pages) if has(key) else ""
    lines = [text(language, "unreadable"), advice]
    if reason in {"no_text", "no_fields", "corrupt"}:
        lines.append(text(language, "retake_tips"))
    return "\n".join(line for line in lines if line)
