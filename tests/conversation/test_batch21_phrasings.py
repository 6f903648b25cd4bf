"""Issue 10, round after batch 20: a shop asked about earlier in the same period keeps that period when it comes
back; "the same month in 2024" after a month is that month of 2024; a month abbreviation ending a question; "which
month was higher"; "ever"; "GST on that" after a sum; "what would that be in euros"; "là-bas" keeps the shop."""
from __future__ import annotations

import datetime as dt

import pytest

from app.conversation.dates import find_period, month, year
from app.conversation.period_shifts import said_shift
from app.conversation.periods import shifted
from app.conversation.text import fold

NOW = dt.datetime(2025, 12, 30, 17, 0, tzinfo=dt.UTC)


@pytest.fixture
def es(make_user, make_invoice):
    user = make_user(number="+34612345678")
    rows = ((1, "Iberdrola", "60.00", dt.date(2024, 3, 5), "utilities"),
            (2, "Iberdrola", "80.00", dt.date(2025, 3, 5), "utilities"),
            (3, "Iberdrola", "70.00", dt.date(2025, 7, 5), "utilities"),
            (4, "Aguas de Valencia", "30.00", dt.date(2025, 4, 2), "utilities"),
            (5, "Mercadona", "25.00", dt.date(2024, 12, 9), "groceries"),
            (6, "Mercadona", "45.00", dt.date(2025, 12, 9), "groceries"),
            (7, "Lidl", "15.00", dt.date(2024, 12, 12), "groceries"))
    for seq, vendor, total, date, category in rows:
        make_invoice(user, seq, vendor=vendor, total=total, currency="EUR", date=date, category=category)
    return user


def test_a_shop_asked_about_earlier_in_the_same_period_keeps_it(es, ask):
    ask(es, "cuánto pagué a Iberdrola este año", now=NOW)
    ask(es, "y a Aguas de Valencia?", now=NOW)
    body = ask(es, "media de Iberdrola", now=NOW).body
    assert "2025" in body and "75,00" in body  # (80 + 70) / 2, not the 70,00 of all three bills


def test_a_shop_asked_about_in_another_period_asks_anew(es, ask):
    ask(es, "cuánto pagué a Iberdrola en 2024", now=NOW)
    ask(es, "y a Aguas de Valencia este año?", now=NOW)
    assert "210,00" in ask(es, "cuánto pagué a Iberdrola", now=NOW).body  # all time: 60 + 80 + 70


def test_the_same_month_of_a_year_said_moves_the_last_month(es, ask):
    ask(es, "cuánto en Mercadona en diciembre", now=NOW)
    body = ask(es, "y en el mismo mes de 2024?", now=NOW).body
    assert "25,00" in body and "45,00" not in body


@pytest.mark.parametrize("text", ["and the same month of 2024", "e no mesmo mês de 2024", "y el mismo mes del 2024",
                                  "et le même mois en 2024", "und im selben Monat 2024"])
def test_the_same_month_of_a_year_is_a_shift(text):
    shift, rest = said_shift(fold(text))
    assert shift == "month_in:2024" and "2024" not in rest


def test_the_same_month_of_a_year_after_a_year_is_this_month_then():
    assert shifted(year(2025), "month_in:2023", dt.date(2025, 5, 20)) == month(2023, 5)


@pytest.mark.parametrize(("text", "month_number"), [("electricity bill dec?", 12), ("how much on fuel nov", 11),
                                                    ("spent on uber oct.", 10), ("Strom okt?", 10)])
def test_a_month_abbreviation_ending_the_question_is_that_month(text, month_number):
    found = find_period(fold(text), dt.date(2026, 1, 15))
    assert found is not None and found.period == month(2025 if month_number > 1 else 2026, month_number)


@pytest.mark.parametrize("text", ["mostra as ultimas dez", "how much at the sea mar?", "shop set", "dec"])
def test_a_word_that_is_also_an_abbreviation_is_no_month_alone(text):
    assert find_period(fold(text), dt.date(2026, 1, 15)) is None


def test_which_month_was_higher_compares_the_two_just_asked(es, ask):
    ask(es, "cuánto en Mercadona en diciembre de 2024", now=NOW)
    ask(es, "y en diciembre de 2025?", now=NOW)
    body = ask(es, "cuál mes fue mayor", now=NOW).body
    assert "25,00" in body and "45,00" in body and "20,00" in body


def test_ever_is_all_time(es, ask):
    ask(es, "cuánto en Mercadona en diciembre", now=NOW)
    assert "70.00" in ask(es, "what did I spend at Mercadona ever", now=NOW).body


def test_a_metric_on_that_after_a_sum_is_that_sum_in_the_metric(make_user, make_invoice, ask):
    user = make_user(number="+919812345678")
    for seq, total, tax in ((1, "100.00", "5.00"), (2, "200.00", "10.00"), (3, "50.00", "2.50")):
        make_invoice(user, seq, vendor="Apollo Pharmacy" if seq < 3 else "Shell", total=total, tax=tax,
                     currency="INR", date=dt.date(2025, 3, seq), category="health" if seq < 3 else "fuel")
    ask(user, "how much did i spend on medicines in march", now=NOW)
    body = ask(user, "how much gst on that", now=NOW).body
    assert "15.00" in body and "#" not in body


def test_what_that_would_be_in_the_home_currency_converts_the_part_just_asked(make_user, make_invoice, ask):
    user = make_user(number="+4915112345678")
    make_invoice(user, 1, vendor="Biedronka", total="100.00", currency="PLN", date=dt.date(2025, 9, 3))
    make_invoice(user, 2, vendor="REWE", total="30.00", currency="EUR", date=dt.date(2025, 9, 4))
    ask(user, "wie viel hab ich im September in Złoty bezahlt", now=NOW)
    body = ask(user, "wie viel wäre das in euro", now=NOW).body
    assert "100,00\xa0PLN" in body and "30,00" not in body


def test_there_keeps_the_shop_whatever_kind_of_thing_is_named(es, ask):
    ask(es, "combien chez Mercadona en 2025", now=NOW)
    body = ask(es, "moyenne par achat là bas", now=NOW).body
    assert "Mercadona" in body and "45,00" in body
