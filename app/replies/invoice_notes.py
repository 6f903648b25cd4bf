"""What a reply about a newly saved invoice adds: the category a learned rule gave it, and budget alerts."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app.conversation.answers import locale_for
from app.conversation.budget_answers import alert_lines, rule_note
from app.invoices.learned_categories import custom_categories
from app.invoices.store import StoredInvoice
from app.models import User


def notes_after_saving(session: Session, user: User, stored: StoredInvoice, *, language: str,
                       default_timezone: str) -> list[str]:
    """Lines for the saved invoice's reply; alerts are recorded here (once per budget, period and level),
    so the caller commits them with the reply. Nothing for a job re-run or a flagged duplicate."""
    invoice = stored.invoice
    if not stored.created:
        return []
    names = custom_categories(session, user.id)
    lines = []
    if invoice.category_source == "rule" and invoice.category and invoice.vendor:
        lines.append(rule_note(invoice.category, invoice.vendor, invoice.category_confidence, names, language))
    locale = locale_for(language, user.whatsapp_number)
    return lines + alert_lines(session, invoice, language, locale, default_timezone=default_timezone, names=names)
