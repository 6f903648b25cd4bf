"""Paid and due, end to end: signed webhooks, the real RQ worker, the fake Twilio API; offline in five
languages and through the model's tools (fake OpenAI server)."""
import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from app.models import Invoice, InvoiceEvent, PaymentStatus, ReminderSettings
from tests.bookkeeping.payments_helpers import say, seed, user_id
from tests.end_to_end.test_with_openai import whatsapp_openai  # noqa: F401
from tests.extraction.pdf_factory import build_pdf, text_page

ES, EN, PT, FR, DE = "+34612345678", "+447700900123", "+351912345678", "+33612345678", "+4915112345678"


def next_day_of_month(n: int, today: dt.date) -> dt.date:
    day = today.replace(day=n) if n <= 28 else None
    return day if day and day >= today else (today.replace(day=1) + relativedelta(months=1)).replace(day=n)


def invoice_with_due_date(due: dt.date) -> bytes:
    return build_pdf([text_page([
        "Taller Mecanico Ruiz S.L.",
        "Calle Mayor 12, 28013 Madrid",
        "Factura n.o F-2026-201",
        f"Fecha: {dt.date.today():%d/%m/%Y}",
        f"Vencimiento: {due:%d/%m/%Y}",
        "Descripcion                 Cant.   Precio    Importe",
        "Cambio de aceite               1     100,00    100,00",
        "Base imponible                                100,00",
        "IVA 21%                                        21,00",
        "Total                                    121,00 EUR",
    ])])


def test_an_extracted_due_date_is_owed_until_the_invoice_is_marked_paid(whatsapp, db_session):
    due = dt.date.today() + dt.timedelta(days=2)
    whatsapp.send_media(whatsapp.add_media(invoice_with_due_date(due), "application/pdf"), number=ES)
    whatsapp.run_jobs()
    invoice = db_session.scalars(select(Invoice)).one()
    assert (invoice.due_date, invoice.payment_status) == (due, PaymentStatus.unpaid)

    owed = say(whatsapp, ES, "¿qué debo en los próximos 7 días?")
    assert owed.startswith("*") and "1 factura" in owed.splitlines()[0]
    assert "#1" in owed and "121,00" in owed and "vence el" in owed

    assert "marcada como pagada" in say(whatsapp, ES, "#1 pagada")
    db_session.refresh(invoice)
    assert invoice.payment_status == PaymentStatus.paid and invoice.paid_at is not None
    event = db_session.scalars(select(InvoiceEvent).where(InvoiceEvent.action == "paid")).one()
    assert (event.old_value, event.new_value, event.actor) == ("unpaid", "paid", "user")
    assert "Nada que pagar" in say(whatsapp, ES, "¿qué debo?")


def test_mark_all_from_a_vendor_paid_touches_only_the_users_live_unpaid_invoices(whatsapp, db_session):
    say(whatsapp, EN, "hi")
    say(whatsapp, FR, "bonjour")
    due = dt.date.today() + dt.timedelta(days=5)
    first = seed(db_session, EN, 1, total="20.00", due=due)
    seed(db_session, EN, 2, total="5.50", due=due)
    deleted = seed(db_session, EN, 3, total="99.00", due=due, deleted_at=dt.datetime.now(dt.UTC))
    seed(db_session, EN, 4, total="20.00", due=due, duplicate_of_id=first.id)
    seed(db_session, EN, 5, vendor="Shell", total="40.00", due=due)
    other = seed(db_session, FR, 1, total="7.00", due=due)

    answer = say(whatsapp, EN, "mark all Amazon paid")
    assert "Marked 2 invoices from *Amazon* as paid (#1, #2)" in answer and "€25.50" in answer
    statuses = dict(db_session.execute(select(Invoice.id, Invoice.payment_status)).all())
    assert statuses[deleted.id] == PaymentStatus.unpaid and statuses[other.id] == PaymentStatus.unpaid
    assert [s for s in statuses.values()].count(PaymentStatus.paid) == 2
    assert "no unpaid invoices from *Amazon*" in say(whatsapp, EN, "mark all Amazon paid")


def test_paid_twice_and_unpaid_again_say_what_happened(whatsapp, db_session):
    say(whatsapp, EN, "hi")
    seed(db_session, EN, 1, due=dt.date.today() - dt.timedelta(days=3))
    assert "marked as paid" in say(whatsapp, EN, "#1 paid")
    assert "already marked as paid" in say(whatsapp, EN, "#1 paid")
    answer = say(whatsapp, EN, "#1 unpaid")
    assert "unpaid again" in answer and "overdue since" in answer
    invoice = db_session.scalars(select(Invoice)).one()
    db_session.refresh(invoice)
    assert invoice.payment_status == PaymentStatus.overdue and invoice.paid_at is None
    assert "#9" not in say(whatsapp, EN, "#9 paid")  # "I couldn't find that invoice"


@pytest.mark.parametrize(("number", "message", "confirmation"), [
    (EN, "#1 is due on the 20th", "is due on"),
    (ES, "la #1 vence el 20", "vence el"),
    (PT, "a #1 vence dia 20", "vence em"),
    (FR, "#1 échéance le 20", "arrive à échéance le"),
    (DE, "#1 fällig am 20.", "ist am"),
])
def test_a_due_date_is_set_in_each_language(whatsapp, db_session, number, message, confirmation):
    say(whatsapp, number, "ok")
    seed(db_session, number, 1)
    assert confirmation in say(whatsapp, number, message)
    invoice = db_session.scalars(select(Invoice)).one()
    db_session.refresh(invoice)
    assert invoice.due_date == next_day_of_month(20, dt.date.today())
    event = db_session.scalars(select(InvoiceEvent).where(InvoiceEvent.action == "due_date")).one()
    assert (event.old_value, event.new_value) == (None, invoice.due_date.isoformat())


@pytest.mark.parametrize(("number", "question", "words"), [
    (EN, "what do I owe this week?", ("€12.00", "Total")),
    (ES, "¿cuánto debo esta semana?", ("12,00", "Total")),
    (PT, "quanto devo esta semana?", ("12,00", "Total")),
    (FR, "qu'est-ce que je dois cette semaine ?", ("12,00", "Total :")),
    (DE, "was schulde ich diese Woche?", ("12,00", "Summe")),
])
def test_what_do_i_owe_this_week_in_each_language(whatsapp, db_session, number, question, words):
    say(whatsapp, number, "ok")
    today = dt.date.today()
    seed(db_session, number, 1, total="12.00", due=today)
    seed(db_session, number, 2, total="500.00", due=today + dt.timedelta(days=40))  # not this week
    seed(db_session, number, 3, total="30.00", due=today, payment_status=PaymentStatus.paid)
    answer = say(whatsapp, number, question)
    assert answer.startswith("*") and "#1" in answer and "#2" not in answer and "#3" not in answer
    assert all(w in answer for w in words) and "500" not in answer


@pytest.mark.parametrize(("number", "off", "days"), [
    (EN, "stop reminders", "reminders 2 days before"),
    (ES, "desactiva los recordatorios", "recordatorios 2 días antes"),
    (PT, "parar lembretes", "lembretes 2 dias antes"),
    (FR, "arrête les rappels", "rappels 2 jours avant"),
    (DE, "keine Erinnerungen", "Erinnerungen 2 Tage vorher"),
])
def test_reminders_are_turned_off_and_back_on_in_each_language(whatsapp, db_session, number, off, days):
    say(whatsapp, number, "ok")
    assert "🔕" in say(whatsapp, number, off)
    settings = db_session.get(ReminderSettings, user_id(db_session, number))
    assert settings is not None and settings.enabled is False
    assert "🔔" in say(whatsapp, number, days)
    db_session.refresh(settings)
    assert (settings.enabled, settings.days_before) == (True, 2)


def test_the_models_tools_mark_paid_set_the_due_date_and_list_what_is_owed(whatsapp_openai, fake_openai, db_session):  # noqa: F811
    whatsapp_openai.send_text("hello", number=EN)
    fake_openai.push_content("Hello!")
    whatsapp_openai.run_jobs()
    due = dt.date.today() + dt.timedelta(days=3)
    seed(db_session, EN, 1, total="20.00")
    seed(db_session, EN, 2, vendor="Shell", total="40.00", due=due)

    fake_openai.push_tool_calls([{"name": "set_due_date", "arguments": {"invoice": "#1", "date": due.isoformat()}},
                                 {"name": "mark_paid", "arguments": {"vendor": "Shell"}}])
    fake_openai.push_tool_calls([{"name": "list_due", "arguments": {"period": "next 7 days"}}])
    fake_openai.push_content("You owe €20.00: #1 from Amazon.")
    whatsapp_openai.send_text("#1 is due in 3 days, I paid all Shell; what do I owe this week?", number=EN)
    whatsapp_openai.run_jobs()

    rows = {inv.seq: inv for inv in db_session.scalars(select(Invoice))}
    for inv in rows.values():
        db_session.refresh(inv)
    assert rows[1].due_date == due and rows[2].payment_status == PaymentStatus.paid
    actions = sorted(e.action for e in db_session.scalars(select(InvoiceEvent)))
    assert actions == ["due_date", "paid"]
    tool_results = [m["content"] for m in fake_openai.last_request.messages if m.get("role") == "tool"]
    assert '"matching": 1' in tool_results[-1] and '"EUR": "20.000"' in tool_results[-1]
    body = whatsapp_openai.replies(EN)[-1]["Body"]
    assert body.startswith("*") and "1 invoice" in body.splitlines()[0] and "You owe €20.00" in body


@pytest.mark.parametrize("question", [
    "total gst paid last month", "TVA payée au premier trimestre", "how much have I paid this month?",
    "cuánto he pagado en mayo", "wie viel habe ich bezahlt?", "quanto paguei de imposto em 2025",
])
def test_questions_about_what_was_paid_are_not_commands(question):
    from app.conversation.parser import parse
    from app.conversation.slots import ParseContext

    intent = parse(question, ParseContext(today=dt.date(2025, 5, 14), vendors=["Zomato"])).intent
    assert intent.kind not in ("mark_paid", "set_due_date", "list_due", "set_reminders")
