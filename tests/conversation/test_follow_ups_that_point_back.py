"""Issue 10, batch 6: follow-ups that point back at the last question ("there", "of that", "the difference
between them", "the whole month", "that in total") and corrections said with words around the amount."""
import datetime as dt
import re

import pytest

from app.conversation import intents as i
from app.conversation.parser import ParseContext, parse

NOW = dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)
CTX = ParseContext(today=dt.date(2025, 6, 30), vendors=["Countdown", "Match", "dm"], categories=["fuel", "groceries"],
                   home_currency="EUR")


@pytest.fixture
def be(make_user, make_invoice):
    user = make_user(number="+32470123456")
    rows = ((1, "Match", "10.00", "EUR", 3, 5, "groceries"), (2, "Match", "20.00", "EUR", 4, 5, "groceries"),
            (3, "Delhaize", "40.00", "EUR", 4, 6, "groceries"), (4, "Q8", "50.00", "EUR", 6, 3, "fuel"),
            (5, "Q8", "30.00", "EUR", 6, 20, "fuel"), (6, "Tesco", "12.00", "GBP", 4, 8, "groceries"))
    for seq, vendor, total, currency, month, day, category in rows:
        make_invoice(user, seq, vendor=vendor, total=total, currency=currency, date=dt.date(2025, month, day),
                     category=category)
    return user


@pytest.mark.parametrize("first,then,says,never", [
    ("how much at match in april", "how many times did i go there in march", "*1 invoice*", None),  # there
    ("et chez Match, en avril ?", "et en mars et avril ensemble ?", "30,00", "70,00"),  # the shop kept
    ("how much in march and april", "what was the difference between them", "€60.00", None),
    ("combien pour l'essence le 3 juin", "et pour tout le mois ?", "80,00", None),  # the month around the day
    ("how much in march and april", "and on fuel this year?", "€80.00", None),  # a plain question again
    ("wie viel hab ich im april ausgegeben", "und davon in pfund?", "12,00", "Umgerechnet"),  # narrowed
    ("wie viele Rechnungen von Match habe ich 2025?", "wie viel war das insgesamt", "30,00", None),  # that scope
])
def test_a_follow_up_points_back_at_the_last_question(be, ask, first, then, says, never):
    ask(be, first, now=NOW)
    body = ask(be, then, now=NOW).body
    assert says in body and (never is None or never not in body)


def test_the_difference_with_nothing_before_is_said_back(be, ask):
    assert "€" not in ask(be, "what was the difference between them", now=NOW).body


@pytest.mark.parametrize("text,value", [("change the total of 155 to 1092.81, i mistyped", "1092.81"),
                                        ("la 130 son 26,93 no 26,39, corrígelo", "26,93"),
                                        ("la facture 142, le montant c'est 69,23 et pas 62,93", "69,23"),
                                        ("o valor da 2 é 30 reais", "30 reais")])
def test_a_corrected_amount_is_the_amount_not_the_words_after_it(text, value):
    intent = parse(text, CTX).intent
    assert isinstance(intent, i.CorrectField) and intent.field == "total" and intent.value == value


def test_a_corrected_name_drops_the_old_one_said_after_it():
    assert parse("the vendor of #3 is Shell, not BP", CTX).intent.value == "Shell"


@pytest.mark.parametrize("text,code", [("how much did my aussie dollar receipts come to", "AUD"),
                                       ("my kiwi dollar receipts", "NZD")])
def test_currency_nicknames_narrow(text, code):
    assert parse(text, CTX).intent.currency == code


def test_the_second_after_a_quarter_is_the_second_quarter(be, ask):
    ask(be, "cuánto en la gasolina en el primer trimestre", now=NOW)
    assert "80,00" in ask(be, "y en el segundo", now=NOW).body


def test_the_second_after_a_list_is_still_the_second_invoice(be, ask):
    listed = re.findall(r"#(\d+)", ask(be, "show my last 3 invoices", now=NOW).body)
    assert f"*#{listed[1]} ·" in ask(be, "and the second one", now=NOW).body


def test_a_whole_list_for_a_scope_ends_with_its_sum(be, ask):
    body = ask(be, "show my fuel receipts in june", now=NOW).body
    assert "#4" in body and "#5" in body and "Together: *€80.00*" in body
