"""Issue 10, batch 12: a correction naming a listed invoice, more countries' sales taxes, "the 3 places where I
spent most" with a noun, Singlish particles, a bus pass, and "that one from <shop>"."""
import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.parser import ParseContext, parse

CTX = ParseContext(today=dt.date(2025, 6, 30), vendors=["Snooze AM Eatery"], home_currency="USD")


def intent(text: str) -> i.Intent:
    return parse(text, CTX).intent


def test_a_listed_invoice_corrected_to_an_amount_is_no_expense():
    said = intent("change the first one to 23.50")
    assert isinstance(said, i.CorrectField) and said.ref.kind == "listed" and said.value == "23.50"


@pytest.mark.parametrize("text", ["cuánto de IGV pagué este año", "how much HST did i pay this year"])
def test_more_sales_taxes(text):
    assert intent(text).metric == "tax"


@pytest.mark.parametrize("text", ["os 3 sítios onde gastei mais este ano",
                                  "die 3 geschäfte wo ich heuer am meisten ausgegeben hab"])
def test_the_n_places_where_i_spent_most(text):
    said = intent(text)
    assert isinstance(said, i.TopVendors) and said.limit == 3


def test_singlish_particles_and_a_bus_pass():
    assert intent("last month leh").kind == "spending"
    assert intent("bus pass total this year").category == "transport"


def test_that_one_from_a_shop_is_its_latest():
    said = intent("show me that one from snooze")
    assert isinstance(said, i.ShowInvoice) and said.ref.kind == "last" and said.vendor


@pytest.fixture
def mx(make_user, make_invoice):
    user = make_user(number="+526641234567")
    make_invoice(user, 1, vendor="Best Buy", total="100.00", currency="USD", date=dt.date(2025, 5, 10), category="shopping")
    make_invoice(user, 2, vendor="Oxxo", total="200.00", currency="MXN", date=dt.date(2025, 5, 12), category="groceries")
    return user


def test_a_converted_total_also_says_what_was_paid_in_that_currency(mx, ask):
    body = ask(mx, "cuánto gasté en dólares en mayo", now=dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)).body
    assert "BCE" in body and "se pagó en" in body and "100.00" in body
