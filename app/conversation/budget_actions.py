"""Budgets and custom categories for the asking user: what the offline handler and the model's tools both run.

Each function takes the user's id from the caller (never from the message), resolves what the user said (a
category in any language, one of their own, an amount, a currency) and calls the invoices layer. The caller
commits.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.conversation.matching import category_key, currency_code
from app.extraction.currencies import detect_currency
from app.extraction.parsing import parse_amount
from app.i18n.phone import hint_for_number
from app.invoices import budgets, learned_categories
from app.invoices.budgets import BudgetError, BudgetStatus
from app.models import Invoice, User

MONEY_STEP = Decimal("0.001")


@dataclass(frozen=True)
class BudgetOutcome:
    ok: bool
    problem: str | None = None  # invalid_amount, invalid_category, invalid_currency, too_many_budgets, none_to_remove
    category: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    period: str = "month"
    alert_percent: int = budgets.DEFAULT_ALERT_PERCENT
    replaced: bool = False
    removed: int = 0
    names: dict[str, str] = field(default_factory=dict)  # the user's own categories: key -> name


def resolve_category(session: Session, user_id: int, said: str | None) -> str | None:
    """A built-in key for the user's word in any language ("comida" -> groceries), else one of their own
    categories ("marketing"), else None."""
    if not said:
        return None
    return category_key(said) or learned_categories.custom_key(session, user_id, said)


def usual_currency(session: Session, user: User) -> str:
    """The currency most of the user's invoices are in, else their number's country's, else USD."""
    usual = session.scalar(
        select(Invoice.currency).where(Invoice.user_id == user.id, Invoice.deleted_at.is_(None))
        .group_by(Invoice.currency).order_by(func.count().desc()).limit(1))
    hint = hint_for_number(user.whatsapp_number)
    return usual or (hint.currency if hint else None) or "USD"


def set_budget(session: Session, user_id: int, *, amount: str, currency: str | None, category: str | None,
               period: str, alert_percent: int | None, today: dt.date) -> BudgetOutcome:
    names = learned_categories.custom_categories(session, user_id)
    key = resolve_category(session, user_id, category)
    if category and key is None:
        return BudgetOutcome(False, "invalid_category", names=names)
    value = parse_amount(amount.strip()[:40])
    if value is None:
        return BudgetOutcome(False, "invalid_amount", category=key, names=names)
    code = (currency_code(currency) if currency else None) or detect_currency(amount)
    if currency and code is None:
        return BudgetOutcome(False, "invalid_currency", category=key, names=names)
    code = code or usual_currency(session, session.get_one(User, user_id))
    try:
        budget, replaced = budgets.set_budget(session, user_id, amount=value.quantize(MONEY_STEP), currency=code,
                                         category=key, period=period, alert_percent=alert_percent, today=today)
    except BudgetError as exc:
        return BudgetOutcome(False, exc.code, category=key, names=names)
    return BudgetOutcome(True, category=key, amount=value.quantize(MONEY_STEP), currency=code, period=period,
                         alert_percent=budget.alert_percent, replaced=replaced, names=names)


def remove_budget(session: Session, user_id: int, *, category: str | None, period: str | None) -> BudgetOutcome:
    names = learned_categories.custom_categories(session, user_id)
    key = resolve_category(session, user_id, category)
    if category and key is None:
        return BudgetOutcome(False, "invalid_category", names=names)
    removed = budgets.remove_budget(session, user_id, category=key, period=period)
    return BudgetOutcome(removed > 0, None if removed else "none_to_remove", category=key, removed=removed,
                         period=period or "month", names=names)


def budget_status(session: Session, user_id: int, *, now: dt.datetime,
                  default_timezone: str) -> tuple[list[BudgetStatus], dict[str, str]]:
    """Every active budget and how it stands now, with the user's own category names for the answer."""
    return (budgets.statuses(session, user_id, now=now, default_timezone=default_timezone),
            learned_categories.custom_categories(session, user_id))


def create_category(session: Session, user_id: int, name: str) -> learned_categories.Created:
    return learned_categories.create_category(session, user_id, name, builtin=category_key(name))
