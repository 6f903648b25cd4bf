"""An expense the user typed ("taxi 12€", "paid 120 to Juan for cleaning") saved as an invoice.

The offline parser and the OpenAI tool ``add_expense`` both end here, with values already read from the
user's words; this module validates them once more (it is the last line before the database), allocates
the user's next ``#N`` under the same per-user lock as documents, and records the creation in the audit
trail in the same transaction. The caller commits.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.categories import canonical
from app.invoices import audit
from app.invoices.learned_categories import apply_rule
from app.models import Invoice, Item, User

MAX_AMOUNT = Decimal("1e15")  # NUMERIC(18,3) holds less than 10^15
MONEY_STEP = Decimal("0.001")
EARLIEST = dt.date(1990, 1, 1)
SOURCE = "text"


class InvalidExpense(ValueError):
    """A value no invoice may hold; ``problem`` is the catalogue key of the reason (invalid_amount, ...)."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True)
class Expense:
    amount: Decimal
    currency: str
    date: dt.date
    description: str  # what it was for, as the user said it ("taxi", "cleaning")
    payee: str | None = None  # who was paid ("Juan"), the invoice's vendor
    category: str | None = None  # a canonical category key


def _clean(value: str | None, limit: int) -> str | None:
    if not value:
        return None
    printable = "".join(ch if unicodedata.category(ch)[0] not in "CZ" or ch == " " else " " for ch in value)
    cleaned = " ".join(printable.split())[:limit].strip()
    return cleaned if re.search(r"\w", cleaned) else None


def validated(expense: Expense, *, today: dt.date) -> Expense:
    """The expense with its values checked for an invoice; raises :class:`InvalidExpense`."""
    if not Decimal(0) < expense.amount < MAX_AMOUNT:
        raise InvalidExpense("invalid_amount")
    if not re.fullmatch(r"[A-Z]{3}", expense.currency or ""):
        raise InvalidExpense("invalid_currency")
    if expense.date > today + dt.timedelta(days=1) or expense.date < EARLIEST:
        raise InvalidExpense("invalid_date")
    category = canonical(expense.category) if expense.category else None
    if expense.category and category is None:
        raise InvalidExpense("invalid_category")
    description = _clean(expense.description, 200) or _clean(expense.payee, 200)
    if description is None:
        raise InvalidExpense("invalid_text")
    return Expense(amount=expense.amount.quantize(MONEY_STEP), currency=expense.currency, date=expense.date,
                   description=description, payee=_clean(expense.payee, 255), category=category)


@dataclass(frozen=True)
class SavedExpense:
    invoice: Invoice
    expense: Expense  # the values as validated and stored


def add_expense(session: Session, user_id: int, expense: Expense, *, today: dt.date,
                message_id: int | None = None, said: str | None = None) -> SavedExpense:
    """Save ``expense`` as the user's next invoice (one item, marked ``raw_data.source = "text"``)."""
    checked = validated(expense, today=today)
    # The same lock documents take (app/invoices/store.py): "#N" allocation is race-free per user.
    session.execute(select(User.id).where(User.id == user_id).with_for_update())
    next_seq = (session.scalar(select(func.max(Invoice.seq)).where(Invoice.user_id == user_id)) or 0) + 1
    category = checked.category or "other"
    invoice = Invoice(
        user_id=user_id, seq=next_seq, invoice_date=checked.date, vendor=checked.payee or checked.description,
        total_amount=checked.amount, currency=checked.currency, category=category,
        raw_data={"source": SOURCE, "said": (said or "")[:500], "description": checked.description,
                  "payee": checked.payee},
    )
    invoice.items = [Item(description=checked.description, quantity=Decimal(1), unit_price=checked.amount,
                          total_price=checked.amount, item_category=category)]
    if checked.category is not None:  # named by the user's own words ("for cleaning")
        invoice.category_source, invoice.category_confidence = "user", Decimal("1.000")
    session.add(invoice)
    session.flush()
    audit.record(session, invoice, "created", actor="user", message_id=message_id,
                 detail={"source": SOURCE})
    if checked.category is None and checked.payee:
        apply_rule(session, invoice)  # what the user taught us about this payee, as for documents
    return SavedExpense(invoice, checked)


def usual_currency(session: Session, user_id: int, country_currency: str | None) -> str:
    """The currency an expense said without one is in: the one the user's invoices mostly use, else their
    country's, else USD (the same rule as a document that names none)."""
    usual = session.execute(
        select(Invoice.currency).where(Invoice.user_id == user_id, Invoice.deleted_at.is_(None))
        .group_by(Invoice.currency).order_by(func.count().desc()).limit(1)
    ).scalar()
    return usual or country_currency or "USD"
