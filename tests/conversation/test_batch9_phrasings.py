"""Issue 10, batch 9: two months joined by "and" with a month that is also a word, a pay verb before the
currency, hyphenated shop names, "the year so far", recharges, "los 3 que más", corrections said as "the
invoice N was X" or "N stimmt nicht", and a sum of one invoice making it "it"."""
import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.parser import ParseContext, parse

NOW = dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)
CTX = ParseContext(today=dt.date(2025, 6, 30), vendors=["Asda", "DoorDash", "Chick-fil-A", "Jio"], home_currency="GBP")


def intent(text: str) -> i.Intent:
    return parse(text, CTX).intent


def test_april_and_may_are_two_months():
    said = intent("total at Asda in april and may")
    assert isinstance(said, i.CompareSpending) and said.combine and said.vendor == "Asda"


def test_a_pay_verb_before_the_currency_narrows():
    said = intent("what did I pay in euros in march")
    assert said.currency == "EUR" and said.convert_to is None


def test_a_hyphenated_shop_is_no_clitic_pronoun():
    said = intent("doordash vs chick-fil-a in may?")
    assert isinstance(said, i.SpendingQuery) and said.each and len(said.other_vendors) == 1


@pytest.mark.parametrize("text,category,starts", [("total groceries for the year so far", "groceries", 1),
                                                  ("how much on jio recharge this year", "telecom", 1),
                                                  ("how much did i spend on transit this year", "transport", 1),
                                                  ("Wirtshaus und Restaurant im Juni", "restaurants", 6)])
def test_more_words_of_kinds_of_spending(text, category, starts):
    said = intent(text)
    assert said.category == category and said.period.start == dt.date(2025, starts, 1)


def test_the_three_where_i_spent_most_are_the_top_three():
    said = intent("los 3 que más gasté este año")
    assert isinstance(said, i.TopVendors) and said.limit == 3


@pytest.mark.parametrize("text,seq,value", [("a fatura 137 era 45,20", 137, "45,20"),
                                            ("la facture 128 c'était 26,80", 128, "26,80"),
                                            ("Rechnung 131 stimmt nicht, Betrag 31,90", 131, "31,90"),
                                            ("Rechnung 145 stimmt nicht, Betrag ist 24,12", 145, "24,12")])
def test_corrections_that_name_the_invoice_first(text, seq, value):
    said = intent(text)
    assert isinstance(said, i.CorrectField) and said.ref.number == seq and said.value == value


def test_a_scope_of_bills_over_a_period_is_their_sum():
    assert intent("energy bills this year pls").kind == "spending"
    assert intent("show my energy bills this year").kind == "list_invoices"


@pytest.fixture
def us(make_user, make_invoice):
    user = make_user(number="+14045550123")
    make_invoice(user, 1, vendor="Kroger", total="108.15", currency="USD", date=dt.date(2025, 6, 3), category="groceries")
    make_invoice(user, 2, vendor="Georgia Power", total="175.37", currency="USD", date=dt.date(2025, 6, 22),
                 category="utilities")
    return user


def test_a_sum_of_one_invoice_makes_it_it(us, ask):
    ask(us, "How much did I spend on the 3rd?", now=NOW)
    assert "Kroger" in ask(us, "what was on it?", now=NOW).body
