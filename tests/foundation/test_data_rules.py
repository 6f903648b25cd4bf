"""The database itself enforces the rules the data model promises."""
import datetime as dt
import time
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DataError, IntegrityError

from app.models import (
    Conversation,
    Invoice,
    Item,
    Media,
    Message,
    MessageRole,
    Usage,
    User,
    WhatsAppMessage,
    WhatsAppStatus,
)


def _user(session, number="+15550001111"):
    user = User(whatsapp_number=number)
    session.add(user)
    session.flush()
    return user


def _invoice(session, user, seq=1, **fields):
    invoice = Invoice(user_id=user.id, seq=seq, currency=fields.pop("currency", "EUR"), **fields)
    session.add(invoice)
    session.flush()
    return invoice


def test_money_round_trips_exactly(db_session):
    user = _user(db_session)
    invoice = _invoice(db_session, user, total_amount=Decimal("1234.567"), tax_amount=Decimal("0.1"))
    db_session.add(Item(invoice_id=invoice.id, description="fuel", quantity=Decimal("45.123"),
                        unit_price=Decimal("1.8790"), total_price=Decimal("84.786")))
    db_session.commit()
    db_session.expire_all()
    stored = db_session.get(Invoice, invoice.id)
    assert stored.total_amount == Decimal("1234.567")
    assert stored.items[0].unit_price == Decimal("1.8790")


def test_deleting_a_user_deletes_every_row_of_that_user(db_session):
    user = _user(db_session)
    other = _user(db_session, "+15550002222")
    invoice = _invoice(db_session, user)
    db_session.add(Item(invoice_id=invoice.id, description="x", unit_price=1, total_price=1))
    conv = Conversation(user_id=user.id)
    db_session.add(conv)
    db_session.flush()
    msg = Message(user_id=user.id, conversation_id=conv.id, content="hi", role=MessageRole.user)
    db_session.add(msg)
    db_session.flush()
    db_session.add(WhatsAppMessage(message_id=msg.id, whatsapp_message_id="SM1", from_number="a",
                                   to_number="b", status=WhatsAppStatus.received))
    db_session.add(Media(user_id=user.id, invoice_id=invoice.id, message_id=msg.id))
    db_session.add(Usage(user_id=user.id, usage_type="chat"))
    _invoice(db_session, other)
    db_session.commit()

    db_session.execute(text("DELETE FROM users WHERE id = :id"), {"id": user.id})
    db_session.commit()

    for model in (Invoice, Item, Conversation, Message, WhatsAppMessage, Media, Usage):
        remaining = db_session.scalar(select(func.count()).select_from(model))
        assert remaining == (1 if model is Invoice else 0), model.__tablename__


def test_deleting_an_invoice_deletes_items_and_unlinks_media(db_session):
    user = _user(db_session)
    invoice = _invoice(db_session, user)
    db_session.add(Item(invoice_id=invoice.id, description="x", unit_price=1, total_price=1))
    media = Media(user_id=user.id, invoice_id=invoice.id)
    db_session.add(media)
    db_session.commit()

    db_session.execute(text("DELETE FROM invoices WHERE id = :id"), {"id": invoice.id})
    db_session.commit()
    db_session.expire_all()

    assert db_session.scalar(select(func.count()).select_from(Item)) == 0
    assert db_session.get(Media, media.id).invoice_id is None


def test_updated_at_changes_on_every_update_even_raw_sql(db_session):
    user = _user(db_session)
    invoice = _invoice(db_session, user)
    db_session.commit()
    before = db_session.scalar(select(Invoice.updated_at).where(Invoice.id == invoice.id))
    time.sleep(0.01)
    db_session.execute(text("UPDATE invoices SET notes = 'x' WHERE id = :id"), {"id": invoice.id})
    db_session.commit()
    after = db_session.scalar(select(Invoice.updated_at).where(Invoice.id == invoice.id))
    assert after > before
    assert after.tzinfo is not None


@pytest.mark.parametrize("currency", ["usd", "EURO", "€", "E1R"])
def test_currency_must_be_an_iso_code(db_session, currency):
    user = _user(db_session)
    with pytest.raises((IntegrityError, DataError)):
        _invoice(db_session, user, currency=currency)


@pytest.mark.parametrize("fields", [{"tokens_in": -1}, {"tokens_out": -5}, {"cost": Decimal("-0.01")}])
def test_usage_counts_and_cost_cannot_be_negative(db_session, fields):
    user = _user(db_session)
    db_session.add(Usage(user_id=user.id, usage_type="chat", **fields))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_media_size_cannot_be_negative(db_session):
    user = _user(db_session)
    db_session.add(Media(user_id=user.id, file_size=-1))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_whatsapp_number_must_be_e164(db_session):
    with pytest.raises(IntegrityError):
        _user(db_session, "whatsapp:+1555")


def test_invoice_numbers_seen_by_a_user_are_unique_per_user(db_session):
    user = _user(db_session)
    other = _user(db_session, "+15550002222")
    _invoice(db_session, user, seq=1)
    _invoice(db_session, other, seq=1)
    with pytest.raises(IntegrityError):
        _invoice(db_session, user, seq=1)


def test_timestamps_default_to_now_in_utc(db_session):
    user = _user(db_session)
    db_session.commit()
    db_session.refresh(user)
    assert abs(user.created_at - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=1)
