"""A new invoice's reply warns when it takes a budget past its threshold and past 100 %, once per budget,
period and level: through signed webhooks and the real worker, and at the hook other code calls."""
import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from app.invoices.budgets import alerts_after_new_invoice, period_bounds, set_budget
from app.models import BudgetAlert, Invoice, User
from tests.bookkeeping.documents import receipt_pdf

UK = "+447700900123"


def _say(whatsapp, body, number=UK):
    whatsapp.send_text(body, number=number)
    whatsapp.run_jobs()
    return whatsapp.replies(number)[-1]["Body"]


def _send(whatsapp, pdf, number=UK):
    whatsapp.send_media(whatsapp.add_media(pdf, "application/pdf"), number=number)
    whatsapp.run_jobs()
    return whatsapp.replies(number)[-1]["Body"]


def test_crossing_the_threshold_then_the_budget_alerts_once_each(whatsapp, db_session):
    _say(whatsapp, "budget 100 € for restaurants per month")

    body = _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "85,00", number="T-1"))
    assert "⚠️ You've used 85 % of your *restaurants* budget" in body and "€85.00 of €100.00" in body

    assert "budget" not in _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "5,00", number="T-2"))

    body = _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "20,00", number="T-3"))
    assert "🚨 Your *restaurants* budget" in body and "exceeded: €110.00 of €100.00 (110 %)" in body

    assert "budget" not in _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "30,00", number="T-4"))
    levels = sorted(a.level for a in db_session.scalars(select(BudgetAlert)))
    assert levels == [80, 100]


def test_one_invoice_past_100_percent_says_only_that(whatsapp):
    _say(whatsapp, "budget 50 € for restaurants per month")
    body = _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "60,00"))
    assert "🚨" in body and "⚠️" not in body


def test_an_overall_budget_counts_every_category(whatsapp):
    _say(whatsapp, "budget 100 € per month")
    _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "50,00", number="T-1"))
    body = _send(whatsapp, receipt_pdf("Repsol Estacion 123", "40,00", number="T-2", line="Gasoleo A"))
    assert "90 % of your *all spending* budget" in body


def test_the_alert_is_in_the_users_language(whatsapp):
    _say(whatsapp, "presupuesto de 100 € para restaurantes al mes", number="+34612345678")
    body = _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "85,00"), number="+34612345678")
    assert "⚠️ Llevas el 85 % de tu presupuesto de *restaurantes*" in body


def test_an_old_receipt_does_not_alert_about_this_period(whatsapp):
    _say(whatsapp, "budget 50 € for restaurants per month")
    last_year = dt.date.today().replace(day=1) - dt.timedelta(days=400)
    assert "budget" not in _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "60,00", day=last_year))


def test_an_invoice_in_another_currency_does_not_alert(whatsapp):
    _say(whatsapp, "budget 50 € for restaurants per month")
    assert "budget" not in _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "60,00", currency="USD"))


def test_the_same_document_twice_alerts_once(whatsapp):
    _say(whatsapp, "budget 100 € for restaurants per month")
    pdf = receipt_pdf("Restaurante Casa Pepe", "85,00")
    assert "⚠️" in _send(whatsapp, pdf)
    assert "budget" not in _send(whatsapp, pdf)  # flagged as a duplicate: not counted, no alert


def test_a_new_amount_can_alert_again_in_the_same_period(whatsapp):
    _say(whatsapp, "budget 100 € for restaurants per month")
    assert "⚠️" in _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "85,00", number="T-1"))
    _say(whatsapp, "budget 200 € for restaurants per month")
    assert "⚠️" in _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "80,00", number="T-2"))


def _invoice(session, user, total, seq):
    invoice = Invoice(user_id=user.id, seq=seq, vendor="Casa Pepe", total_amount=Decimal(total),
                      currency="EUR", invoice_date=dt.date.today(), category="restaurants")
    session.add(invoice)
    session.flush()
    return invoice


def test_the_hook_announces_each_level_once_per_period_however_often_it_is_called(db_session):
    user = User(whatsapp_number="+447700900555", timezone="Europe/London")
    db_session.add(user)
    db_session.flush()
    set_budget(db_session, user.id, amount=Decimal(100), currency="EUR", category="restaurants",
               today=dt.date.today())
    invoice = _invoice(db_session, user, "90", 1)
    [alert] = alerts_after_new_invoice(db_session, invoice)
    assert (alert.level, alert.status.spent, alert.status.percent) == (80, Decimal("90.000"), 90)
    assert alerts_after_new_invoice(db_session, invoice) == []
    assert alert.status.start == period_bounds("month", dt.date.today())[0]


def test_another_users_invoices_never_count_in_a_budget(db_session):
    mine, theirs = User(whatsapp_number="+447700900556"), User(whatsapp_number="+447700900557")
    db_session.add_all([mine, theirs])
    db_session.flush()
    set_budget(db_session, mine.id, amount=Decimal(100), currency="EUR", category="restaurants",
               today=dt.date.today())
    _invoice(db_session, theirs, "500", 1)
    assert alerts_after_new_invoice(db_session, _invoice(db_session, mine, "10", 1)) == []
