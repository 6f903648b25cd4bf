"""Corrections, delete/undo and keeping duplicates: validated, and only on the asker's invoices."""
import datetime as dt
from decimal import Decimal

import pytest

from app.conversation import actions
from app.conversation.intents import InvoiceRef
from app.models import Invoice

from .conftest import NOW, TODAY


def correct(db_session, user, field, value, seq=1):
    return actions.correct_field(db_session, user.id, InvoiceRef.seq(seq), field, value, today=TODAY)


@pytest.mark.parametrize("value, expected", [("45.10", "45.100"), ("45,10", "45.100"), ("1.234,56", "1234.560"),
                                             ("€ 12", "12.000")])
def test_total_accepts_amounts_as_people_write_them(make_user, make_invoice, db_session, value, expected):
    u = make_user()
    inv = make_invoice(u, 1)
    assert correct(db_session, u, "total", value).ok
    assert inv.total_amount == Decimal(expected)


@pytest.mark.parametrize("value", ["abc", "-5", "1e400", "12.5.6", "999999999999999999"])
def test_total_rejects_what_is_not_an_amount(make_user, make_invoice, db_session, value):
    u = make_user()
    inv = make_invoice(u, 1, total="10")
    result = correct(db_session, u, "total", value)
    assert not result.ok and result.problem == "invalid_amount" and inv.total_amount == Decimal("10")


def test_an_amount_with_a_currency_also_sets_the_currency(make_user, make_invoice, db_session):
    u = make_user()
    inv = make_invoice(u, 1)
    correct(db_session, u, "total", "45.10 USD")
    assert (inv.total_amount, inv.currency) == (Decimal("45.100"), "USD")


def test_tax_cannot_exceed_the_total(make_user, make_invoice, db_session):
    u = make_user()
    make_invoice(u, 1, total="10")
    assert correct(db_session, u, "tax", "11").problem == "tax_above_total"


@pytest.mark.parametrize("value, expected", [("5 March 2025", dt.date(2025, 3, 5)), ("05/03/2025", dt.date(2025, 3, 5)),
                                             ("2025-03-05", dt.date(2025, 3, 5)), ("yesterday", dt.date(2025, 5, 13)),
                                             ("ayer", dt.date(2025, 5, 13))])
def test_dates_must_be_real(make_user, make_invoice, db_session, value, expected):
    u = make_user()
    inv = make_invoice(u, 1)
    assert correct(db_session, u, "date", value).ok and inv.invoice_date == expected


@pytest.mark.parametrize("value", ["31/02/2025", "next year", "2030-01-01", "banana"])
def test_impossible_or_future_dates_are_rejected(make_user, make_invoice, db_session, value):
    u = make_user()
    make_invoice(u, 1)
    assert correct(db_session, u, "date", value).problem == "invalid_date"


def test_currency_must_be_iso(make_user, make_invoice, db_session):
    u = make_user()
    inv = make_invoice(u, 1)
    assert correct(db_session, u, "currency", "XYZ").problem == "invalid_currency"
    assert correct(db_session, u, "currency", "usd").ok and inv.currency == "USD"
    assert correct(db_session, u, "currency", "reais").ok and inv.currency == "BRL"


def test_vendor_text_is_cleaned(make_user, make_invoice, db_session):
    u = make_user()
    inv = make_invoice(u, 1)
    assert correct(db_session, u, "vendor", "  *Galp*\u0000 Energia ").ok
    assert inv.vendor == "Galp Energia"
    assert correct(db_session, u, "vendor", "***").problem == "invalid_text"


def test_nobody_can_correct_another_users_invoice(make_user, make_invoice, db_session):
    a, b = make_user(), make_user()
    theirs = make_invoice(b, 2, total="10")
    assert correct(db_session, a, "total", "1", seq=2).problem == "not_found"
    assert theirs.total_amount == Decimal("10")


def test_delete_is_soft_and_undo_restores_the_most_recent(make_user, make_invoice, db_session):
    u = make_user()
    first, second = make_invoice(u, 1), make_invoice(u, 2)
    actions.delete_invoice(db_session, u.id, InvoiceRef.seq(1), now=NOW)
    actions.delete_invoice(db_session, u.id, InvoiceRef.seq(2), now=NOW + dt.timedelta(minutes=1))
    assert first.deleted_at and second.deleted_at
    assert actions.undo_delete(db_session, u.id).invoice.seq == 2
    assert second.deleted_at is None and first.deleted_at is not None


def test_deleting_someone_elses_number_does_nothing(make_user, make_invoice, db_session):
    a, b = make_user(), make_user()
    theirs = make_invoice(b, 5)
    assert actions.delete_invoice(db_session, a.id, InvoiceRef.seq(5), now=NOW).problem == "not_found"
    assert theirs.deleted_at is None
    assert actions.undo_delete(db_session, a.id).problem == "nothing_to_undo"


def test_undo_never_restores_another_users_invoice(make_user, make_invoice, db_session):
    a, b = make_user(), make_user()
    make_invoice(b, 1, deleted_at=NOW)
    assert actions.undo_delete(db_session, a.id).problem == "nothing_to_undo"
    assert db_session.get(Invoice, 1) is None or db_session.get(Invoice, 1).deleted_at is not None


def test_keep_duplicate_clears_the_flag(make_user, make_invoice, db_session):
    u = make_user()
    original = make_invoice(u, 1)
    dup = make_invoice(u, 2, duplicate_of_id=original.id)
    assert actions.keep_duplicate(db_session, u.id, InvoiceRef.seq(2)).ok and dup.duplicate_of_id is None
    assert actions.keep_duplicate(db_session, u.id, InvoiceRef.seq(1)).problem == "not_duplicate"
