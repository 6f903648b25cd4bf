"""The audit trail records who changed what on an invoice, in stable text, scoped to its owner."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.invoices import audit
from app.models import Invoice, InvoiceEvent, User


def _invoice(session, number="+491701234567", seq=1):
    user = User(whatsapp_number=number)
    session.add(user)
    session.flush()
    invoice = Invoice(user_id=user.id, seq=seq, vendor="Shell", total_amount=Decimal("45.10"), currency="EUR")
    session.add(invoice)
    session.flush()
    return user, invoice


def test_a_correction_is_kept_with_old_and_new_value_as_text(db_session):
    user, invoice = _invoice(db_session)
    audit.record(db_session, invoice, "corrected", field="total", old=Decimal("45.10"), new=Decimal("45.1000"))
    db_session.commit()
    [event] = audit.history(db_session, user.id, 1)
    assert (event.action, event.field, event.old_value, event.new_value, event.actor) == \
        ("corrected", "total", "45.10", "45.1000", "user")
    assert event.created_at.tzinfo is not None


def test_dates_are_iso_and_none_stays_null():
    assert audit.as_text(dt.date(2026, 3, 1)) == "2026-03-01"
    assert audit.as_text(None) is None
    assert audit.as_text(Decimal("1E+2")) == "100"


def test_unknown_actions_and_actors_are_refused(db_session):
    _, invoice = _invoice(db_session)
    with pytest.raises(ValueError):
        audit.record(db_session, invoice, "teleported")
    with pytest.raises(ValueError):
        audit.record(db_session, invoice, "paid", actor="someone")


def test_history_is_only_the_owners(db_session):
    alice, mine = _invoice(db_session, "+491701234567")
    bob, theirs = _invoice(db_session, "+491709999999")
    audit.record(db_session, mine, "paid")
    audit.record(db_session, theirs, "deleted")
    db_session.commit()
    assert [e.action for e in audit.history(db_session, alice.id, 1)] == ["paid"]
    assert [e.action for e in audit.history(db_session, bob.id, 1)] == ["deleted"]


def test_the_history_outlives_the_invoice(db_session):
    user, invoice = _invoice(db_session)
    audit.record(db_session, invoice, "deleted")
    db_session.commit()
    db_session.delete(invoice)
    db_session.commit()
    event = db_session.scalars(select(InvoiceEvent)).one()
    assert event.invoice_id is None and event.invoice_seq == 1
    assert [e.action for e in audit.history(db_session, user.id, 1)] == ["deleted"]
