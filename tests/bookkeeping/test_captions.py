"""The caption sent with a document is read as a correction of its total, a category hint or a note, applied
to the saved invoice, recorded in the audit trail as the user's change, and said in the reply. Signed
webhooks, the real RQ worker, real PostgreSQL; the fake Twilio API serves the documents."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from app.models import Invoice, InvoiceEvent, Message, MessageRole
from tests.pipeline.media_samples import PDF  # ACME Office Supplies, total 10.71 EUR

SPAIN, GERMANY, US = "+34612345678", "+4915112345678", "+14155550123"


def send(whatsapp, caption: str, number: str = US, copies: int = 1) -> str:
    whatsapp.send_media(*(whatsapp.add_media(PDF, "application/pdf") for _ in range(copies)), body=caption,
                        number=number)
    whatsapp.run_jobs()
    return whatsapp.replies(number)[-1]["Body"]


def invoices(db_session) -> list[Invoice]:
    db_session.expire_all()
    return db_session.scalars(select(Invoice).order_by(Invoice.seq)).all()


def events(db_session) -> list[tuple]:
    """The user's changes (the reader's own "created" event, where recorded, is not the caption's doing)."""
    return [(e.action, e.field, e.old_value, e.new_value, e.actor)
            for e in db_session.scalars(select(InvoiceEvent).where(InvoiceEvent.actor == "user")
                                        .order_by(InvoiceEvent.id))]


def test_this_is_an_amount_corrects_the_total_and_is_audited_as_the_users_change(whatsapp, db_session):
    reply = send(whatsapp, "this is 45.10")

    [invoice] = invoices(db_session)
    assert invoice.total_amount == Decimal("45.10")
    assert events(db_session) == [("corrected", "total", "10.71", "45.10", "user")]
    message_id = db_session.scalar(select(Message.id).where(Message.role == MessageRole.user))
    assert db_session.scalar(select(InvoiceEvent.message_id).where(InvoiceEvent.actor == "user")) == message_id
    assert "45.10" in reply and "caption" in reply


def test_a_german_correction_with_a_decimal_comma_sets_the_total(whatsapp, db_session):
    reply = send(whatsapp, "das sind 45,10", number=GERMANY)

    assert invoices(db_session)[0].total_amount == Decimal("45.10")
    assert "45,10" in reply


def test_a_category_word_in_any_language_sets_the_category_and_its_lines_follow(whatsapp, db_session):
    reply = send(whatsapp, "gasolina", number=SPAIN)

    [invoice] = invoices(db_session)
    assert invoice.category == "fuel"
    assert {item.item_category for item in invoice.items} == {"fuel"}
    assert events(db_session) == [("categorised", "category", "office", "fuel", "user")]
    assert "combustible" in reply.lower()


def test_other_words_are_kept_as_the_invoices_note(whatsapp, db_session):
    reply = send(whatsapp, "Printer paper for the Porto office")

    [invoice] = invoices(db_session)
    assert invoice.notes == "Printer paper for the Porto office"
    assert events(db_session) == [("noted", "notes", None, "Printer paper for the Porto office", "user")]
    assert "note saved" in reply


def test_a_note_is_cleaned_of_control_characters_and_cut_short(whatsapp, db_session):
    send(whatsapp, "trip\x1b[31m\u202e\x07 " + "x" * 900)  # (a NUL is refused by the webhook itself)

    note = invoices(db_session)[0].notes
    assert not {"\x1b", "\u202e", "\x07"} & set(note)
    assert len(note) == 500


def test_an_amount_captioning_several_documents_changes_none_of_them(whatsapp, db_session):
    send(whatsapp, "this is 45.10", copies=2)

    assert [inv.total_amount for inv in invoices(db_session)] == [Decimal("10.71"), Decimal("10.71")]
    assert events(db_session) == []


def test_a_bare_number_is_not_read_as_a_total(whatsapp, db_session):
    send(whatsapp, "2")

    assert invoices(db_session)[0].total_amount == Decimal("10.71")
    assert events(db_session) == []
