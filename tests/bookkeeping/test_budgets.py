"""Budgets set, replaced, removed and reported through signed webhooks and the real worker, offline in five
languages and through the model's tools."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.conversation import intents as i
from app.conversation.parser import ParseContext, parse
from app.invoices.budgets import period_bounds, set_budget, statuses
from app.models import Budget, Invoice, User
from tests.bookkeeping.documents import receipt_pdf

UK = "+447700900123"
ES = "+34612345678"


def _say(whatsapp, body, number=UK):
    whatsapp.send_text(body, number=number)
    whatsapp.run_jobs()
    return whatsapp.replies(number)[-1]["Body"]


def _send(whatsapp, pdf, number=UK):
    whatsapp.send_media(whatsapp.add_media(pdf, "application/pdf"), number=number)
    whatsapp.run_jobs()
    return whatsapp.replies(number)[-1]["Body"]


def _budgets(db_session):
    db_session.expire_all()
    return db_session.scalars(select(Budget).where(Budget.active).order_by(Budget.id)).all()


@pytest.mark.parametrize(("message", "category", "amount", "currency", "shown"), [
    ("budget 300 € for restaurants per month", "restaurants", "300", "EUR", "Budget for *restaurants*"),
    ("presupuesto de 200 para comida", "groceries", "200", "EUR", "Presupuesto para *supermercado*"),
    ("orçamento 500 reais por mês", None, "500", "BRL", "Orçamento para *todos os seus gastos*"),
    ("budget de 100 € pour l'essence", "fuel", "100", "EUR", "Budget pour *carburant*"),
    ("Budget 300 € für Restaurants monatlich", "restaurants", "300", "EUR", "Budget für *Restaurants*"),
])
def test_a_budget_is_set_in_each_language(whatsapp, db_session, message, category, amount, currency, shown):
    body = _say(whatsapp, message, number=ES)
    [budget] = _budgets(db_session)
    assert (budget.category, budget.amount, budget.currency, budget.period, budget.alert_percent) == (
        category, Decimal(amount), currency, "month", 80)
    assert shown in body, body


def test_setting_a_budget_again_replaces_its_amount(whatsapp, db_session):
    _say(whatsapp, "budget 300 € for restaurants per month")
    body = _say(whatsapp, "budget 250 € for restaurants per month")
    [budget] = _budgets(db_session)
    assert budget.amount == Decimal("250")
    assert "changed to €250.00" in body


def test_a_weekly_budget_with_its_own_alert_threshold(whatsapp, db_session):
    body = _say(whatsapp, "weekly budget of 50 € for fuel, alert at 90%")
    [budget] = _budgets(db_session)
    assert (budget.period, budget.alert_percent, budget.category) == ("week", 90, "fuel")
    assert "past 90 %" in body


def test_how_is_my_budget_shows_spent_budget_and_remaining_this_month(whatsapp):
    _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "85,00"))
    _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "40,00", number="T-2",
                                day=dt.date.today().replace(day=1) - dt.timedelta(days=1)))  # last month
    _say(whatsapp, "budget 300 € for restaurants per month")
    body = _say(whatsapp, "how is my budget?")
    assert "*restaurants*" in body
    assert "€85.00 of €300.00 spent, €215.00 left (28 %)" in body, body


def test_invoices_in_another_currency_are_left_out_and_the_answer_says_so(whatsapp):
    _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "85,00"))
    _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "20,00", currency="USD", number="T-3"))
    _say(whatsapp, "budget 300 € for restaurants per month")
    body = _say(whatsapp, "how is my budget?")
    assert "€85.00 of €300.00" in body
    assert "Not counted: 1 invoice(s) in USD" in body


def test_a_budget_over_its_amount_says_by_how_much(whatsapp):
    _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "85,00"))
    _say(whatsapp, "budget 50 € for restaurants per month")
    body = _say(whatsapp, "¿cómo va mi presupuesto?", number=UK)
    assert "85,00 € de 50,00 € gastados, te pasas en 35,00 €" in body.replace("\xa0", " "), body


def test_a_removed_budget_is_no_longer_reported(whatsapp, db_session):
    _say(whatsapp, "budget 300 € for restaurants per month")
    assert "removed" in _say(whatsapp, "remove the restaurants budget")
    assert _budgets(db_session) == []
    assert "no budgets yet" in _say(whatsapp, "how is my budget?")
    assert "no budget for" in _say(whatsapp, "remove the restaurants budget")


def test_a_budget_status_without_budgets_explains_how_to_set_one(whatsapp):
    assert "budget 300 € for restaurants per month" in _say(whatsapp, "how is my budget?")


def test_a_budget_of_nothing_is_refused(whatsapp, db_session):
    assert "above zero" in _say(whatsapp, "budget 0 € for restaurants per month")
    assert _budgets(db_session) == []


def test_the_model_sets_a_budget_and_reads_its_status_through_tools(whatsapp_openai, fake_openai, db_session):
    fake_openai.push_tool_calls([{"name": "set_budget", "arguments": {"amount": "300", "currency": "EUR",
                                                                      "category": "restaurantes"}}])
    fake_openai.push_content("Hecho: 300 € al mes para restaurantes.")
    whatsapp_openai.send_text("ponme un presupuesto de 300 euros para restaurantes", number=ES)
    whatsapp_openai.run_jobs()
    [budget] = _budgets(db_session)
    assert (budget.category, budget.amount, budget.currency) == ("restaurants", Decimal("300"), "EUR")

    fake_openai.push_tool_calls([{"name": "budget_status", "arguments": {}}])
    fake_openai.push_content("Llevas 0 € de 300 €.")
    whatsapp_openai.send_text("¿cómo voy con el presupuesto?", number=ES)
    whatsapp_openai.run_jobs()
    tool_result = [m for m in fake_openai.last_request.messages if m.get("role") == "tool"][-1]["content"]
    assert '"budget": "300.000"' in tool_result and '"spent": "0"' in tool_result


def test_the_model_cannot_budget_a_category_nobody_created(whatsapp_openai, fake_openai, db_session):
    fake_openai.push_tool_calls([{"name": "set_budget",
                                  "arguments": {"amount": "300", "category": "yachts"}}])
    fake_openai.push_content("No conozco esa categoría.")
    whatsapp_openai.send_text("presupuesto de 300 para yates", number=ES)
    whatsapp_openai.run_jobs()
    assert _budgets(db_session) == []
    tool_result = [m for m in fake_openai.last_request.messages if m.get("role") == "tool"][-1]["content"]
    assert '"problem": "invalid_category"' in tool_result


def _parsed(message):
    return parse(message, ParseContext(today=dt.date(2026, 12, 2), vendors=["Galp"], categories=["fuel"],
                                       day_first=True, home_currency="EUR"))


@pytest.mark.parametrize(("message", "language"), [
    ("how is my budget?", "en"), ("¿cómo va mi presupuesto?", "es"), ("como está meu orçamento?", "pt"),
    ("où en est mon budget ?", "fr"), ("Wie steht mein Budget?", "de"),
])
def test_how_is_my_budget_is_understood_in_each_language(message, language):
    parsed = _parsed(message)
    assert (parsed.intent, parsed.language) == (i.BudgetStatus(), language)


@pytest.mark.parametrize(("message", "category"), [
    ("remove the restaurants budget", "restaurants"), ("borra el presupuesto de comida", "groceries"),
    ("apaga o orçamento de combustível", "fuel"), ("supprime le budget restaurants", "restaurants"),
    ("lösche das Budget für Restaurants", "restaurants"),
])
def test_removing_a_budget_is_understood_in_each_language(message, category):
    assert _parsed(message).intent == i.RemoveBudget(category=category)


def test_a_year_next_to_the_amount_is_not_the_amount():
    intent = _parsed("budget for 2027 of 5000 € per year").intent
    assert (intent.amount, intent.period, intent.currency) == ("5000", "year", "EUR")


def test_a_question_that_only_mentions_money_is_not_a_budget():
    assert not isinstance(_parsed("how much did I spend on fuel this month?").intent,
                          i.SetBudget | i.BudgetStatus | i.RemoveBudget)


def test_the_current_period_is_the_users_own(db_session):
    user = User(whatsapp_number="+447700900444", timezone="Pacific/Kiritimati")  # UTC+14
    db_session.add(user)
    db_session.flush()
    set_budget(db_session, user.id, amount=Decimal(100), currency="EUR", category=None,
               today=dt.date(2026, 12, 1))
    db_session.add(Invoice(user_id=user.id, seq=1, total_amount=Decimal(30), currency="EUR",
                           invoice_date=dt.date(2026, 12, 1)))
    db_session.flush()
    # 30 November at noon in UTC is already 1 December in Kiritimati: December's budget, with the invoice.
    [status] = statuses(db_session, user.id, now=dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))
    assert (status.start, status.end, status.spent) == (
        dt.date(2026, 12, 1), dt.date(2027, 1, 1), Decimal("30.000"))


@pytest.mark.parametrize(("period", "day", "bounds"), [
    ("week", dt.date(2026, 12, 2), (dt.date(2026, 11, 30), dt.date(2026, 12, 7))),  # Monday to Monday
    ("month", dt.date(2026, 12, 31), (dt.date(2026, 12, 1), dt.date(2027, 1, 1))),
    ("year", dt.date(2026, 2, 28), (dt.date(2026, 1, 1), dt.date(2027, 1, 1))),
])
def test_budget_periods(period, day, bounds):
    assert period_bounds(period, day) == bounds
