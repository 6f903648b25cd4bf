"""Corrections said as a past statement about the invoice in focus ("actually it was 23.45"), in the five
languages: the total of the invoice just shown changes and is audited; with no invoice or a list in focus,
the bot asks which one; typed expenses and questions are not read as corrections."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.models import Invoice, InvoiceEvent
from tests.conversation.conftest import NOW


@pytest.fixture
def shopper(make_user, make_invoice):
    user = make_user(number="+447700900123", timezone="Europe/London")
    make_invoice(user, 1, vendor="Tesco", total="12.00", date=dt.date(2025, 5, 2))
    make_invoice(user, 2, vendor="Nando's", total="32.45", currency="GBP", date=dt.date(2025, 5, 3))
    make_invoice(user, 3, vendor="Lidl", total="8.10", date=dt.date(2025, 5, 4))
    return user


def _total(db_session, user, seq: int) -> Decimal:
    return db_session.scalar(select(Invoice.total_amount).where(Invoice.user_id == user.id, Invoice.seq == seq))


@pytest.mark.parametrize("said, language, value", [
    ("actually it was 23.45", "en", "23.45"),
    ("it was 23,45 not 32,45", "en", "23.45"),
    ("der Betrag war 12,40", "de", "12.40"),
    ("eigentlich waren es 12,40", "de", "12.40"),
    ("en fait c'était 18,20", "fr", "18.20"),
    ("na verdade foi 18,20", "pt", "18.20"),
    ("en realidad eran 18,20", "es", "18.20"),
])
def test_a_past_statement_corrects_the_total_of_the_invoice_just_shown(db_session, shopper, ask, said, language,
                                                                        value):
    ask(shopper, "show #2")
    reply = ask(shopper, said)
    assert reply.data["ok"] and reply.language == language and "#2" in reply.body
    assert value in reply.body or value.replace(".", ",") in reply.body  # the new total is said back
    assert _total(db_session, shopper, 2) == Decimal(value)
    assert _total(db_session, shopper, 3) == Decimal("8.10")  # the latest invoice is not the one in focus


def test_the_restated_total_is_audited_as_a_user_correction(db_session, shopper, ask):
    ask(shopper, "show #2")
    ask(shopper, "actually it was 23.45")
    event = db_session.scalars(select(InvoiceEvent).where(InvoiceEvent.user_id == shopper.id)).one()
    assert (event.invoice_seq, event.field, event.old_value, event.new_value, event.actor) == (
        2, "total", "32.45", "23.45", "user")


def test_with_no_invoice_in_focus_it_asks_which_one_and_changes_nothing(db_session, shopper, ask):
    reply = ask(shopper, "actually it was 23.45")
    assert reply.data["ok"] is False and "23.45" in reply.body and "#" in reply.body
    assert [_total(db_session, shopper, n) for n in (1, 2, 3)] == [Decimal("12.00"), Decimal("32.45"),
                                                                    Decimal("8.10")]


def test_with_a_list_in_focus_it_asks_which_one_of_the_list(db_session, shopper, ask):
    ask(shopper, "list my invoices")
    reply = ask(shopper, "it was 23,45 not 32,45")
    assert reply.data["problem"] == "ambiguous"
    assert _total(db_session, shopper, 2) == Decimal("32.45")


def test_a_typed_expense_with_was_is_still_an_expense(shopper, ask):
    ask(shopper, "show #2")
    assert ask(shopper, "the taxi was 12€").intent == "add_expense"


@pytest.mark.parametrize("question", ["was it 23.45?", "was it 23.45", "what was the total?"])
def test_a_question_about_the_amount_changes_nothing(db_session, shopper, ask, question):
    ask(shopper, "show #2")
    assert ask(shopper, question).intent != "correct_field"
    assert _total(db_session, shopper, 2) == Decimal("32.45")


def test_a_receipt_saved_after_a_list_is_the_one_a_restated_total_corrects(db_session, shopper, make_invoice,
                                                                          conversation_for, settings):
    from app.conversation import handle_text
    from app.conversation.memory import remember_invoice

    conversation = conversation_for(shopper)

    def say(message: str):
        return handle_text(db_session, user=shopper, conversation=conversation, text=message, now=NOW,
                           settings=settings)

    say("list my invoices")
    remember_invoice(conversation, make_invoice(shopper, 4, vendor="Boots", total="9.99"))  # as the pipeline does
    assert say("actually it was 19.99").data["ok"]
    assert _total(db_session, shopper, 4) == Decimal("19.99")
