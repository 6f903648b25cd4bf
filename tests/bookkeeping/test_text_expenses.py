"""Expenses said in words ("taxi 12€", "almoço 35,90 ontem", "paid 120 to Juan for cleaning") become invoices,
confirmed with their #N and undone with "undo", in five languages, offline and through the OpenAI tool alike.
Signed webhooks, the real RQ worker, real PostgreSQL; the fake Twilio API (and fake OpenAI server)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.models import Invoice, InvoiceEvent
from tests.fixtures_whatsapp import WhatsAppHarness

SPAIN, PORTUGAL, US, FRANCE, GERMANY = "+34612345678", "+351912345678", "+14155550123", "+33612345678", "+4915112345678"


def say(whatsapp, number: str, body: str) -> str:
    whatsapp.send_text(body, number=number)
    whatsapp.run_jobs()
    return whatsapp.replies(number)[-1]["Body"]


def only_invoice(db_session) -> Invoice:
    db_session.expire_all()
    return db_session.scalars(select(Invoice)).one()


def local_today(zone: str) -> dt.date:
    return dt.datetime.now(ZoneInfo(zone)).date()


def test_taxi_with_a_euro_sign_is_saved_as_transport_and_confirmed_with_its_number(whatsapp, db_session):
    reply = say(whatsapp, SPAIN, "taxi 12€")

    invoice = only_invoice(db_session)
    assert (invoice.seq, invoice.total_amount, invoice.currency, invoice.category) == (1, Decimal("12"), "EUR",
                                                                                      "transport")
    assert invoice.invoice_date == local_today("Europe/Madrid")
    assert invoice.raw_data["source"] == "text"
    assert [item.description for item in invoice.items] == ["taxi"]
    assert "#1" in reply and "deshacer" in reply


def test_almoco_with_a_decimal_comma_yesterday_is_dated_the_day_before_in_portuguese(whatsapp, db_session):
    reply = say(whatsapp, PORTUGAL, "almoço 35,90 ontem")

    invoice = only_invoice(db_session)
    assert (invoice.total_amount, invoice.currency, invoice.category) == (Decimal("35.90"), "EUR", "restaurants")
    assert invoice.invoice_date == local_today("Europe/Lisbon") - dt.timedelta(days=1)
    assert "#1" in reply and "desfazer" in reply


def test_paid_to_someone_for_a_service_names_the_payee_and_the_category(whatsapp, db_session):
    reply = say(whatsapp, US, "paid 120 to Juan for cleaning")

    invoice = only_invoice(db_session)
    assert (invoice.vendor, invoice.total_amount, invoice.currency, invoice.category) == (
        "Juan", Decimal("120"), "USD", "services")
    assert "Saved as #1" in reply and "undo" in reply


@pytest.mark.parametrize(("number", "body", "total", "category", "word"), [
    (FRANCE, "hier 15,50 € boulangerie", Decimal("15.50"), "groceries", "Enregistrée"),
    (GERMANY, "gestern 8,40 € Bäcker", Decimal("8.40"), "groceries", "Gespeichert"),
    (SPAIN, "gasté 20 euros en el súper ayer", Decimal("20"), "groceries", "Guardado"),
])
def test_an_expense_said_yesterday_is_saved_in_every_language(whatsapp, db_session, number, body, total, category,
                                                              word):
    reply = say(whatsapp, number, body)

    invoice = only_invoice(db_session)
    assert (invoice.total_amount, invoice.currency, invoice.category) == (total, "EUR", category)
    assert invoice.invoice_date < dt.date.today() + dt.timedelta(days=1)
    assert word in reply


def test_undo_removes_the_expense_just_added_and_undo_again_brings_it_back(whatsapp, db_session):
    say(whatsapp, SPAIN, "taxi 12€")
    removed = say(whatsapp, SPAIN, "deshacer")
    assert only_invoice(db_session).deleted_at is not None
    assert "#1" in removed

    say(whatsapp, SPAIN, "deshacer")
    assert only_invoice(db_session).deleted_at is None
    events = db_session.scalars(select(InvoiceEvent).order_by(InvoiceEvent.id)).all()
    assert [(e.action, e.actor, e.invoice_seq) for e in events][:2] == [("created", "user", 1), ("deleted", "user", 1)]


def test_a_question_with_a_number_in_it_stays_a_question(whatsapp, db_session):
    say(whatsapp, US, "how much did I spend on taxi 12 march?")
    say(whatsapp, US, "top 3 vendors")
    assert db_session.scalars(select(Invoice)).all() == []


def test_a_bare_number_without_currency_is_asked_about_not_saved(whatsapp, db_session):
    reply = say(whatsapp, US, "taxi 12")
    assert db_session.scalars(select(Invoice)).all() == []
    assert "taxi 12 USD" in reply  # the currency the user would most likely mean


@pytest.fixture
def whatsapp_openai(settings, fake_twilio, fake_openai, db_engine, redis_conn, monkeypatch):
    from app import create_app
    from app.config import get_settings

    monkeypatch.setenv("TWILIO_API_BASE_URL", fake_twilio.url)
    monkeypatch.setenv("OPENAI_API_KEY", fake_openai.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_MODEL", "gpt-4o-mini")
    get_settings.cache_clear()
    configured = get_settings()
    return WhatsAppHarness(create_app(configured), configured, fake_twilio, redis_conn)


def test_the_model_saves_an_expense_through_the_same_function_as_the_offline_parser(
        whatsapp_openai, fake_openai, db_session):
    fake_openai.push_tool_calls([{"name": "add_expense", "arguments": {
        "amount": "120", "description": "cleaning", "payee": "Juan", "category": "services"}}])
    fake_openai.push_content("Saved #1: 120 USD to Juan for cleaning.")
    say(whatsapp_openai, US, "I paid Juan 120 for the cleaning")

    invoice = only_invoice(db_session)
    assert (invoice.vendor, invoice.total_amount, invoice.currency, invoice.category) == (
        "Juan", Decimal("120"), "USD", "services")
    assert invoice.raw_data["source"] == "text"
    tool_result = next(m for m in fake_openai.requests[1].messages if m["role"] == "tool")
    assert '"#1"' in tool_result["content"] and "delete_invoice" in tool_result["content"]


def test_the_model_cannot_save_an_expense_with_an_invalid_amount(whatsapp_openai, fake_openai, db_session):
    fake_openai.push_tool_calls([{"name": "add_expense", "arguments": {"amount": "-5", "description": "taxi"}}])
    fake_openai.push_content("That amount is not valid.")
    say(whatsapp_openai, US, "taxi -5")

    assert db_session.scalars(select(Invoice)).all() == []
    tool_result = next(m for m in fake_openai.requests[1].messages if m["role"] == "tool")
    assert "invalid_arguments" in tool_result["content"]


# --- the reader on its own: what counts as an expense, and what stays a question -------------------------

TODAY = dt.date(2026, 12, 2)


def read(text: str, home: str | None = "EUR"):
    from app.conversation.expenses import read_expense
    from app.conversation.parser import ParseContext

    return read_expense(text, ParseContext(today=TODAY, day_first=True, home_currency=home))


@pytest.mark.parametrize(("said", "amount", "currency", "description", "payee", "category", "day"), [
    ("taxi 12€", "12", "EUR", "taxi", None, "transport", None),
    ("almoço 35,90 ontem", "35.90", None, "almoço", None, "restaurants", TODAY - dt.timedelta(days=1)),
    ("paid 120 to Juan for cleaning", "120", None, "cleaning", "Juan", "services", None),
    ("paguei 50 reais ao João pela limpeza", "50", "BRL", "limpeza", "João", "services", None),
    ("j'ai payé 30 € au plombier", "30", "EUR", "plombier", "plombier", "services", None),
    ("ich habe 45 € für Tanken bezahlt", "45", "EUR", "Tanken", None, "fuel", None),
    ("uber R$ 25,00", "25", "BRL", "uber", None, "transport", None),
    ("USD 40 hotel", "40", "USD", "hotel", None, "travel", None),
    ("café 3,20 12/11", "3.20", None, "café", None, "restaurants", dt.date(2026, 11, 12)),
])
def test_an_expense_is_read_with_its_amount_currency_payee_category_and_day(said, amount, currency, description,
                                                                            payee, category, day):
    expense = read(said)
    assert (expense.amount, expense.currency, expense.description, expense.payee, expense.category, expense.date) == (
        Decimal(amount), currency, description, payee, category, day)
    assert expense.sure


@pytest.mark.parametrize("said", [
    "how much did I spend on taxi 12 march?", "cuánto gasté en taxi ayer", "quanto gastei no uber em março",
    "combien pour le taxi le 12", "wie viel für Taxi am 12.", "top 3 vendors", "show 12", "total 45.10",
    "fix the total of it to 12.99", "delete #3", "invoices over 100€", "fuel 2024", "12€",
    "taxi 12€ in march", "SELECT * FROM users WHERE id = 2", "<script>alert(1)</script>", "Avocados 4ct",
])
def test_questions_commands_and_noise_are_not_expenses(said):
    assert read(said) is None


def test_a_bare_whole_number_next_to_a_word_is_an_expense_to_ask_about():
    expense = read("taxi 12")
    assert (expense.amount, expense.description, expense.sure) == (Decimal(12), "taxi", False)


@pytest.mark.parametrize("said", [
    "actually it was 23.45", "en realidad era 12,50", "na verdade foi 30", "en fait c'était 18,20",
    "der Betrag war 12,40"])
def test_what_an_amount_already_there_was_is_a_correction_not_a_new_expense(said):
    assert read(said) is None


def test_a_thing_bought_said_with_was_is_still_an_expense():
    assert read("the taxi was 12€").description == "taxi was"
