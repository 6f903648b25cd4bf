"""Invoices put straight into the database for a number, before the conversation over webhooks starts."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from app.models import Invoice, User


def seed(session, number: str, rows: list[tuple[str, str, dt.date, str]]) -> User:
    """``rows`` are (vendor, total, date, currency); #1, #2... in order. Committed, so the worker sees them."""
    user = session.scalar(select(User).where(User.whatsapp_number == number))
    if user is None:
        user = User(whatsapp_number=number)
        session.add(user)
        session.flush()
    for seq, (vendor, total, day, currency) in enumerate(rows, start=1):
        session.add(Invoice(user_id=user.id, seq=seq, vendor=vendor, total_amount=Decimal(total),
                            invoice_date=day, currency=currency))
    session.commit()
    return user
