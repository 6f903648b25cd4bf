"""A user's home currency and "in EUR" answers, over signed webhooks and the real worker (offline), and
through the model's tools (fake OpenAI server): every invoice converted at its date's ECB rate, the rates
always said, nothing made up for a currency the table lacks."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.conversation.home_currency import currency_named, home_currency
from app.models import User
from tests.bookkeeping import ecb_table
from tests.bookkeeping.seeds import seed
from tests.end_to_end.test_with_openai import whatsapp_openai  # noqa: F401  (fixture)

UK = "+447700900123"
MONDAY, SATURDAY = dt.date(2025, 3, 3), dt.date(2025, 3, 1)


def _ask(whatsapp, text, number=UK):
    whatsapp.send_text(text, number=number)
    whatsapp.run_jobs()
    return whatsapp.replies(number)[-1]["Body"]


def _user(db_session, number):
    db_session.expire_all()
    return db_session.scalar(select(User).where(User.whatsapp_number == number))


@pytest.mark.parametrize("number, said, code", [
    ("+447700900124", "my currency is EUR", "EUR"),
    ("+34612345679", "mi moneda es el euro", "EUR"),
    ("+5511987654321", "minha moeda é real", "BRL"),
    ("+33612345678", "ma devise est le franc suisse", "CHF"),
    ("+4917012345678", "meine Währung ist CHF", "CHF"),
])
def test_saying_my_currency_sets_it_in_every_language(whatsapp, db_session, number, said, code):
    body = _ask(whatsapp, said, number)
    assert _user(db_session, number).home_currency == code
    assert f"({code})" in body


def test_a_name_that_is_no_currency_is_said_back_and_nothing_is_set(whatsapp, db_session):
    body = _ask(whatsapp, "my currency is zorkmids")
    assert "zorkmids" in body and _user(db_session, UK).home_currency is None


def test_without_saying_it_the_home_currency_is_the_numbers_countrys():
    assert home_currency(User(whatsapp_number="+5511987654321")) == "BRL"
    assert home_currency(User(whatsapp_number="+5511987654321", home_currency="USD")) == "USD"


@pytest.mark.parametrize("said, code", [("euros", "EUR"), ("Schweizer Franken", "CHF"), ("libra esterlina", "GBP"),
                                        ("réal brésilien", "BRL"), ("yen japonés", "JPY"), ("usd", "USD")])
def test_currencies_are_named_by_babels_names_in_any_language(said, code):
    assert currency_named(said) == code


def test_in_eur_converts_every_invoice_at_its_dates_rate_and_says_the_rates(whatsapp, db_session):
    seed(db_session, UK, [("Amazon US", "100.00", MONDAY, "USD"), ("Tesco", "50.00", SATURDAY, "GBP"),
                          ("Lidl", "20.00", MONDAY, "EUR")])
    body = _ask(whatsapp, "how much did I spend in EUR?")
    expected = (ecb_table.converted("100.00", "USD", "EUR", MONDAY)
                + ecb_table.converted("50.00", "GBP", "EUR", SATURDAY) + Decimal("20.00"))
    assert f"€{expected:,.2f}" in body and "3 invoices" in body
    usd, _ = ecb_table.per_euro("USD", MONDAY)
    gbp, on = ecb_table.per_euro("GBP", SATURDAY)
    assert "Converted to EUR at ECB reference rates" in body
    assert f"1 USD = {(1 / usd):.4f} EUR (3 Mar 2025)" in body
    assert f"1 GBP = {(1 / gbp):.4f} EUR (28 Feb 2025)" in body and on == dt.date(2025, 2, 28)


def test_without_in_a_currency_answers_stay_per_currency(whatsapp, db_session):
    seed(db_session, UK, [("Amazon US", "100.00", MONDAY, "USD"), ("Tesco", "50.00", SATURDAY, "GBP")])
    body = _ask(whatsapp, "how much did I spend?")
    assert "US$100.00" in body and "£50.00" in body and "Converted" not in body
    counted = _ask(whatsapp, "how many invoices in dollars?")  # a count has nothing to convert: USD ones
    assert "1 invoice" in counted and "Converted" not in counted


def test_many_rates_are_given_as_a_range_per_currency(whatsapp, db_session):
    days = [dt.date(2025, 3, 3), dt.date(2025, 3, 4), dt.date(2025, 3, 5)]
    seed(db_session, "+34612345670", [("Amazon", "10.00", d, "USD") for d in days])
    body = _ask(whatsapp, "¿cuánto gasté en euros?", "+34612345670")
    values = sorted((1 / ecb_table.per_euro("USD", d)[0]).quantize(Decimal("0.0001")) for d in days)
    low, high = (f"{v}".replace(".", ",") for v in (values[0], values[-1]))
    assert "Convertido a EUR con los tipos de referencia del BCE" in body
    assert f"1 USD = {low}–{high} EUR" in body and "3 días" in body


def test_an_invoice_in_a_currency_without_a_rate_is_shown_apart(whatsapp, db_session):
    seed(db_session, UK, [("Kiosco", "5000.00", MONDAY, "ARS"), ("Tesco", "10.00", MONDAY, "GBP")])
    body = _ask(whatsapp, "how much in EUR?")
    assert "ARS" in body and "No ECB reference rate for ARS" in body
    assert f"€{ecb_table.converted('10.00', 'GBP', 'EUR', MONDAY):,.2f}" in body


def test_a_target_the_table_lacks_is_said_and_amounts_stay_per_currency(whatsapp, db_session):
    seed(db_session, UK, [("Tesco", "10.00", MONDAY, "GBP")])
    body = _ask(whatsapp, "how much in ARS?")
    assert "no ECB reference rate for" in body and "£10.00" in body


def test_an_invoice_after_the_tables_last_day_uses_the_last_rate_and_says_so(whatsapp, db_session):
    later = ecb_table.last_day() + dt.timedelta(days=10)
    seed(db_session, UK, [("Amazon US", "100.00", later, "USD")])
    body = _ask(whatsapp, "total in euros")
    assert f"€{ecb_table.converted('100.00', 'USD', 'EUR', ecb_table.last_day()):,.2f}" in body
    assert "The rate table ends on" in body


def test_in_my_currency_uses_the_one_the_user_set(whatsapp, db_session):
    seed(db_session, UK, [("Migros", "30.00", MONDAY, "CHF")])
    _ask(whatsapp, "my currency is the euro")
    body = _ask(whatsapp, "how much in my currency?")
    assert f"€{ecb_table.converted('30.00', 'CHF', 'EUR', MONDAY):,.2f}" in body and "1 CHF =" in body


def test_the_model_sets_the_currency_and_converts_through_its_tools(whatsapp_openai, fake_openai,  # noqa: F811
                                                                    db_session):
    number = "+34612345678"  # the whatsapp_openai harness' zone is known for +34 (Madrid)
    seed(db_session, number, [("Amazon US", "100.00", MONDAY, "USD")])
    fake_openai.push_tool_calls([{"name": "set_home_currency", "arguments": {"currency": "franc suisse"}}])
    fake_openai.push_content("Hecho.")
    whatsapp_openai.send_text("mi moneda es el franco suizo", number=number)
    whatsapp_openai.run_jobs()
    assert _user(db_session, number).home_currency == "CHF"

    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {"convert_to": "CHF"}}])
    fake_openai.push_content("Gastaste 88 CHF.")
    whatsapp_openai.send_text("¿cuánto gasté en francos suizos?", number=number)
    whatsapp_openai.run_jobs()
    body = whatsapp_openai.replies(number)[-1]["Body"]
    chf = ecb_table.converted("100.00", "USD", "CHF", MONDAY)
    assert "Convertido a CHF con los tipos de referencia del BCE" in body and "1 USD = " in body
    tool_result = [m for m in fake_openai.last_request.messages if m.get("role") == "tool"][-1]["content"]
    assert f'"total": "{chf}"' in tool_result.replace(" ", "").replace('":"', '": "')


def test_a_count_asked_in_a_currency_through_the_tools_counts_that_currency(whatsapp_openai, fake_openai,  # noqa: F811
                                                                             db_session):
    number = "+34612345678"
    seed(db_session, number, [("Amazon US", "100.00", MONDAY, "USD"), ("Mercadona", "30.00", MONDAY, "EUR")])
    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {"metric": "count", "convert_to": "USD"}}])
    fake_openai.push_content("Una factura en dólares.")
    whatsapp_openai.send_text("¿cuántas facturas en dólares?", number=number)
    whatsapp_openai.run_jobs()
    result = [m for m in fake_openai.last_request.messages if m.get("role") == "tool"][-1]["content"]
    assert '"currency": "USD", "count": 1' in result and "EUR" not in result and "converted_to" not in result
