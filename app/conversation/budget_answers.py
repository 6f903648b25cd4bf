"""Budget and category answers in the user's language: set, removed, how each budget stands, alerts."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sqlalchemy.orm import Session

from app.conversation.actions import ActionResult
from app.conversation.answers import category_label, money, period_label
from app.conversation.budget_actions import BudgetOutcome
from app.conversation.dates import Period
from app.conversation.text import clean_display
from app.domain.reply import Reply
from app.i18n.catalogue import N_, text
from app.invoices.budgets import Alert, BudgetStatus, alerts_after_new_invoice
from app.invoices.learned_categories import MAX_CUSTOM_CATEGORIES, Created, custom_categories
from app.models import Invoice

PER = {"week": N_("budget_per_week"), "month": N_("budget_per_month"), "year": N_("budget_per_year")}


def what(category: str | None, language: str, names: dict[str, str]) -> str:
    """The budget's subject: "restaurantes", the user's own "Marketing", or all spending."""
    if category is None:
        return text(language, "budget_all")
    return clean_display(names[category], 40) if category in names else category_label(category, language)


def outcome_reply(outcome: BudgetOutcome, language: str, locale: str) -> str:
    subject = what(outcome.category, language, outcome.names)
    if outcome.ok and outcome.removed:
        return text(language, "budget_removed", what=subject)
    if outcome.ok and outcome.amount is not None and outcome.currency:
        key = N_("budget_replaced") if outcome.replaced else N_("budget_set")
        return text(language, key, what=subject, amount=money(outcome.amount, outcome.currency, locale),
                    per=text(language, PER[outcome.period])) + "\n" + text(language, "budget_set_hint",
                                                                  percent=outcome.alert_percent)
    if outcome.problem == "none_to_remove":
        return text(language, "budget_none_to_remove", what=subject)
    if outcome.problem == "too_many_budgets":
        return text(language, "budget_too_many")
    if outcome.problem == "invalid_category":
        return text(language, "budget_invalid_category")
    if outcome.problem == "invalid_currency":
        return text(language, "invalid_currency")
    return text(language, "budget_invalid_amount")


def status_reply(rows: list[BudgetStatus], names: dict[str, str], language: str, locale: str) -> str:
    if not rows:
        return text(language, "budget_status_none")
    lines = [text(language, "budget_status_title")]
    for row in rows:
        values = _values(row, names, language, locale)
        if row.remaining >= 0:
            lines.append(text(language, "budget_status_line", left=money(row.remaining, row.currency, locale), **values))
        else:
            lines.append(text(language, "budget_status_over", over=money(-row.remaining, row.currency, locale),
                              **values))
        if row.other_currencies:
            lines.append(text(language, "budget_other_currencies", currencies=", ".join(row.other_currencies),
                              count=sum(row.other_currencies.values())))
    return "\n".join(lines)


def _values(row: BudgetStatus, names: dict[str, str], language: str, locale: str) -> dict[str, object]:
    return {"what": what(row.category, language, names),
            "period": period_label(Period(start=row.start, end=row.end), locale),
            "spent": money(row.spent, row.currency, locale), "amount": money(row.amount, row.currency, locale),
            "percent": row.percent}


def alert_line(alert: Alert, names: dict[str, str], language: str, locale: str) -> str:
    values = _values(alert.status, names, language, locale)
    if alert.level >= 100:
        return text(language, "budget_alert_over", **values)
    return text(language, "budget_alert_threshold", **values)


def alert_lines(session: Session, invoice: Invoice, language: str, locale: str, *,
                default_timezone: str | None, names: dict[str, str] | None = None) -> list[str]:
    """The budget alerts a newly stored invoice brings (recorded as sent: the caller commits them with the
    reply that carries these lines), however the invoice came in: a document or a typed expense."""
    names = custom_categories(session, invoice.user_id) if names is None else names
    return [alert_line(alert, names, language, locale)
            for alert in alerts_after_new_invoice(session, invoice, default_timezone=default_timezone)]


def created_reply(created: Created, language: str) -> str:
    name = clean_display(created.name, 40)
    if created.outcome == "created":
        return text(language, "category_created", name=name)
    if created.outcome == "exists":
        return text(language, "category_exists", name=name)
    if created.outcome == "builtin":
        return text(language, "category_builtin", name=name)
    if created.outcome == "too_many":
        return text(language, "category_too_many", n=MAX_CUSTOM_CATEGORIES)
    return text(language, "category_invalid_name")


def rule_note(category: str, vendor: str, confidence: Decimal | None, names: dict[str, str], language: str) -> str:
    """Under a saved invoice: its category came from what the user taught us about the vendor."""
    return text(language, "category_by_rule", category=what(category, language, names),
                vendor=clean_display(vendor, 60),
                percent=int((confidence or Decimal(0)) * 100))


def learned_note(category: str, vendor: str, names: dict[str, str], language: str) -> str:
    """After a category correction: future invoices from the vendor will follow."""
    return text(language, "category_learned", category=what(category, language, names),
                vendor=clean_display(vendor, 60))


def learned_reply(session: Session, user_id: int, reply: Reply, result: ActionResult, language: str) -> Reply:
    """A category correction's reply, with a line saying the vendor's future invoices will follow it."""
    if not (result.ok and result.learned_vendor and result.category):
        return reply
    note = learned_note(result.category, result.learned_vendor, custom_categories(session, user_id), language)
    return replace(reply, body=f"{reply.body}\n{note}")
