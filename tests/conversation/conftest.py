"""Helpers to create users and invoices for conversation tests (on the lead's ``db_session``)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.models import Conversation, Invoice, Item, User

NOW = dt.datetime(2025, 5, 14, 12, 0, tzinfo=dt.timezone.utc)  # a Wednesday
TODAY = NOW.date()


@pytest.fixture
def make_user(db_session):
    counter = iter(range(1, 10_000))

    def make(number: str | None = None, **fields) -> User:
        user = User(whatsapp_number=number or f"+4477009{next(counter):05d}", **fields)
        db_session.add(user)
        db_session.flush()
        return user

    return make


@pytest.fixture
def make_invoice(db_session):
    def make(user: User, seq: int, *, vendor: str | None = "Shell", total: str | None = "10.00",
             currency: str = "EUR", date: dt.date | None = TODAY, tax: str | None = None,
             items: list[tuple[str, str, str | None]] = (), **fields) -> Invoice:
        invoice = Invoice(user_id=user.id, seq=seq, vendor=vendor, currency=currency, invoice_date=date,
                          total_amount=Decimal(total) if total is not None else None,
                          tax_amount=Decimal(tax) if tax is not None else None, **fields)
        invoice.items = [Item(description=d, quantity=Decimal(1), unit_price=Decimal(p), total_price=Decimal(p),
                              item_category=c) for d, p, c in items]
        db_session.add(invoice)
        db_session.flush()
        return invoice

    return make


@pytest.fixture
def conversation_for(db_session):
    def make(user: User) -> Conversation:
        conversation = Conversation(user_id=user.id, state={})
        db_session.add(conversation)
        db_session.flush()
        return conversation

    return make


@pytest.fixture
def ask(db_session, conversation_for, settings):
    """Send one message as ``user`` (reusing their conversation) and return the Reply."""
    from app.conversation import handle_text

    conversations: dict[int, Conversation] = {}

    def send(user: User, text: str, now: dt.datetime = NOW):
        conversation = conversations.get(user.id) or conversations.setdefault(user.id, conversation_for(user))
        reply = handle_text(db_session, user=user, conversation=conversation, text=text, now=now,
                            settings=settings)
        db_session.flush()
        return reply

    return send
