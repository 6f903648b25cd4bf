"""Changes a user makes to their own invoices: corrections, delete and undo, keeping a flagged duplicate.

Each action takes the asking user's id and finds the invoice through :func:`queries.find_invoice`, which
only ever looks at that user's live invoices, so "#5" can only mean the asker's own #5. Values typed by
the user are validated for the field before anything is written. The caller commits.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.conversation.dates import find_period
from app.conversation.intents import Field_, InvoiceRef
from app.conversation.matching import category_key, currency_code
from app.conversation.queries import find_invoice, view
from app.conversation.results import InvoiceView
from app.conversation.text import clean_display, fold
from app.extraction.currencies import detect_currency
from app.extraction.dates import parse_date
from app.extraction.parsing import parse_amount
from app.invoices import audit
from app.invoices.learned_categories import custom_key, set_category
from app.models import Invoice

MAX_AMOUNT = Decimal("1e15")  # NUMERIC(18,3) holds less than 10^15
MONEY_STEP = Decimal("0.001")

Problem = Literal["not_found", "invalid_amount", "invalid_date", "invalid_currency", "invalid_category",
                  "invalid_text",
                  "tax_above_total", "not_duplicate", "nothing_to_undo"]


class ActionResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    ok: bool
    invoice: InvoiceView | None = None
    problem: Problem | None = None
    field: Field_ | None = None
    category: str | None = None  # the category a category correction set
    learned_vendor: str | None = None  # the vendor whose future invoices will get that category
    # A corrected field's value before, as text a correction reads back (for undo); kept out of the replies'
    # data and the model's tool results, which stay as they were.
    previous: str | None = Field(default=None, exclude=True)


def _fail(problem: Problem, invoice: Invoice | None = None, session: Session | None = None,
          field: Field_ | None = None) -> ActionResult:
    shown = view(session, invoice, with_items=False) if invoice is not None and session is not None else None
    return ActionResult(ok=False, problem=problem, invoice=shown, field=field)


def correct_field(session: Session, user_id: int, ref: InvoiceRef, field: Field_, value: str, *,
                  today: dt.date, memory: Mapping[str, Any] | None = None,
                  day_first: bool = True) -> ActionResult:
    """Set ``field`` of the referenced invoice from the user's text ``value``, validated for the field:
    amounts are exact decimals (an amount with a currency also sets the currency), dates are real and not
    in the future, currencies are ISO 4217, categories one of the fixed keys (named in any language: "comida",
    "combustível"), texts are printable and short."""
    invoice = find_invoice(session, user_id, ref, memory)
    if invoice is None:
        return ActionResult(ok=False, problem="not_found", field=field)
    before = {name: getattr(invoice, column) for name, column in _COLUMNS.items()}
    previous = _as_text(before[field])
    value = value.strip()
    if field in ("total", "tax"):
        amount = parse_amount(re.sub(r"(?i)\b[a-z]{3}\b", " ", value).strip() or value)
        if amount is None or amount < 0 or amount >= MAX_AMOUNT:
            return _fail("invalid_amount", invoice, session, field)
        amount = amount.quantize(MONEY_STEP)
        named = detect_currency(value)
        if field == "tax":
            if invoice.total_amount is not None and amount > invoice.total_amount:
                return _fail("tax_above_total", invoice, session, field)
            invoice.tax_amount = amount
        else:
            invoice.total_amount = amount
        if named:
            invoice.currency = named
    elif field == "date":
        date = _date(value, today, day_first)
        if date is None:
            return _fail("invalid_date", invoice, session, field)
        invoice.invoice_date = date
    elif field == "currency":
        code = currency_code(value)
        if code is None:
            return _fail("invalid_currency", invoice, session, field)
        invoice.currency = code
    elif field == "category":
        category = category_key(value) or custom_key(session, user_id, value)
        if category is None:
            return _fail("invalid_category", invoice, session, field)
        rule = set_category(session, invoice, category)  # its lines follow; audited; the vendor's rule learns
        session.flush()
        return ActionResult(ok=True, invoice=view(session, invoice, with_items=False), field=field,
                            category=category, learned_vendor=invoice.vendor if rule else None, previous=previous)
    elif field == "vendor":
        name = clean_display(value, 255)
        if not re.search(r"\w", name):
            return _fail("invalid_text", invoice, session, field)
        invoice.vendor = name
    elif field == "number":
        number = clean_display(value, 128)
        if not re.fullmatch(r"[\w][\w\-/. #]*", number):
            return _fail("invalid_text", invoice, session, field)
        invoice.invoice_number = number
    for name, column in _COLUMNS.items():  # a total typed with its currency changes both: one event each
        if getattr(invoice, column) != before[name]:
            audit.record(session, invoice, "categorised" if name == "category" else "corrected", field=name,
                         old=_cents(before[name]), new=_cents(getattr(invoice, column)), actor="user")
    session.flush()
    return ActionResult(ok=True, invoice=view(session, invoice, with_items=False), field=field, previous=previous)


def _cents(value: object) -> object:
    """An amount as the document printed it ("121.00", not the column's "121.000"), so the trail reads the
    same whether a value came from a reading or a correction."""
    if isinstance(value, Decimal) and value == value.quantize(Decimal("0.01")):
        return value.quantize(Decimal("0.01"))
    return value


# The fields a correction can change, by the name the audit trail and the user use.
_COLUMNS = {"vendor": "vendor", "total": "total_amount", "tax": "tax_amount", "date": "invoice_date",
            "number": "invoice_number", "currency": "currency", "category": "category"}


def _as_text(value: object) -> str | None:
    """A field's value as text :func:`correct_field` reads back as the same value; None when empty."""
    if value is None:
        return None
    if isinstance(value, Decimal):  # "106.260" would read as thousands: the plain figure
        return format(value.normalize(), "f")
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _date(value: str, today: dt.date, day_first: bool) -> dt.date | None:
    found = find_period(fold(value), today, day_first=day_first)
    date: dt.date | None
    if found is not None and found.period.end - found.period.start == dt.timedelta(days=1):
        date = found.period.start
    else:
        date = parse_date(value, day_first=day_first, today=today)
    if date is None or date > today + dt.timedelta(days=1) or date.year < 1990:
        return None
    return date


def delete_invoice(session: Session, user_id: int, ref: InvoiceRef, *, now: dt.datetime,
                   memory: Mapping[str, Any] | None = None) -> ActionResult:
    """Soft-delete the referenced invoice: it disappears from answers until undone."""
    invoice = find_invoice(session, user_id, ref, memory)
    if invoice is None:
        return ActionResult(ok=False, problem="not_found")
    invoice.deleted_at = now
    audit.record(session, invoice, "deleted", actor="user")
    session.flush()
    return ActionResult(ok=True, invoice=view(session, invoice, with_items=False))


def undo_delete(session: Session, user_id: int, *, deleted_since: dt.datetime | None = None) -> ActionResult:
    """Bring back the user's most recently deleted invoice (one deleted at or after ``deleted_since``: older
    ones are past the undo window and about to be purged)."""
    query = select(Invoice).where(Invoice.user_id == user_id, Invoice.deleted_at.is_not(None))
    if deleted_since is not None:
        query = query.where(Invoice.deleted_at >= deleted_since)
    invoice = session.scalar(query.order_by(Invoice.deleted_at.desc(), Invoice.seq.desc()).limit(1))
    if invoice is None:
        return ActionResult(ok=False, problem="nothing_to_undo")
    invoice.deleted_at = None
    audit.record(session, invoice, "restored", actor="user")
    session.flush()
    return ActionResult(ok=True, invoice=view(session, invoice, with_items=False))


def keep_duplicate(session: Session, user_id: int, ref: InvoiceRef, *,
                   memory: Mapping[str, Any] | None = None) -> ActionResult:
    """Count a flagged duplicate after all (the user says it is a separate purchase)."""
    invoice = find_invoice(session, user_id, ref, memory)
    if invoice is None:
        return ActionResult(ok=False, problem="not_found")
    if invoice.duplicate_of_id is None:
        return _fail("not_duplicate", invoice, session)
    invoice.duplicate_of_id = None
    audit.record(session, invoice, "kept", actor="user")
    session.flush()
    return ActionResult(ok=True, invoice=view(session, invoice, with_items=False))
