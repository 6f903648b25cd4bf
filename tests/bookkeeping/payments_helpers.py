"""Seeding a WhatsApp user's invoices for the payment tests (the user is created by a first message)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from app.models import Invoice, User


def user_id(db_session, number: str) -> int:
    return db_session.scalars(select(User.id).where(User.whatsapp_number == number)).one()


def seed(db_session, number: str, seq: int, *, vendor: str = "Amazon", total: str = "10.00", currency: str = "EUR",
         due: dt.date | None = None, **fields) -> Invoice:
    invoice = Invoice(user_id=user_id(db_session, number), seq=seq, vendor=vendor, total_amount=Decimal(total),
                      currency=currency, invoice_date=dt.date.today(), due_date=due, **fields)
    db_session.add(invoice)
    db_session.commit()
    return invoice


def say(whatsapp, number: str, body: str) -> str:
    """One message through a signed webhook and the real worker; the reply's text."""
    whatsapp.send_text(body, number=number)
    whatsapp.run_jobs()
    return whatsapp.replies(number)[-1]["Body"]
