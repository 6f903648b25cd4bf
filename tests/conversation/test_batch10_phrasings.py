"""Issue 10, batch 10: "ok delete it" with nothing to confirm is the command, a kind after two months keeps both
months, "and the cheapest?" keeps the period, "the latest X bill" is X's, a name missing its last letter is
misspelt (not a possessive), and Austria's month names."""
import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.parser import ParseContext, parse

NOW = dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)
CTX = ParseContext(today=dt.date(2025, 6, 30), vendors=["Blinkit", "Migros", "Foodora"], home_currency="EUR")


def test_the_latest_bill_of_a_shop_is_that_shops():
    said = parse("show me the latest blinkit bill", CTX).intent
    assert isinstance(said, i.ShowInvoice) and said.ref.kind == "last" and said.vendor.casefold() == "blinkit"


def test_a_name_missing_its_last_letter_is_offered():
    said = parse("combien chez Migro en mai", CTX).intent
    assert isinstance(said, i.Unresolved) and said.suggested.vendor == "Migros"


def test_austrian_january():
    assert parse("foodora seit Jänner", CTX).intent.period.start == dt.date(2025, 1, 1)


@pytest.fixture
def us(make_user, make_invoice):
    user = make_user(number="+13125550123")
    rows = ((1, "Jewel-Osco", "40.00", dt.date(2025, 5, 3), "groceries"), (2, "Walgreens", "11.00", dt.date(2025, 5, 9), "health"),
            (3, "Jewel-Osco", "60.00", dt.date(2025, 6, 3), "groceries"), (4, "Shell", "30.00", dt.date(2025, 2, 3), "fuel"),
            (5, "Costco", "90.00", dt.date(2025, 3, 3), "groceries"), (6, "Walgreens", "5.00", dt.date(2025, 6, 26), "health"))
    for seq, vendor, total, date, category in rows:
        make_invoice(user, seq, vendor=vendor, total=total, currency="USD", date=date, category=category)
    return user


def test_a_kind_after_two_months_keeps_both_months(us, ask):
    ask(us, "how much did I spend in may and june", now=NOW)
    body = ask(us, "groceries only", now=NOW).body
    assert "$40.00" in body and "$60.00" in body


def test_the_cheapest_after_the_biggest_keeps_the_period(us, ask):
    ask(us, "biggest purchase in q1", now=NOW)
    body = ask(us, "and the cheapest?", now=NOW).body
    assert "#4" in body and "#6" not in body


def test_ok_delete_it_with_nothing_to_confirm_deletes(us, ask):
    ask(us, "show me #2", now=NOW)
    body = ask(us, "ok delete it", now=NOW).body
    assert "Deleted *#2*" in body
