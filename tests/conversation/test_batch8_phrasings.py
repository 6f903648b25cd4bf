"""Issue 10, batch 8: greetings of more places, a day of a named month, a place that is the user's shop, a
trip as context, a fresh question that only leaves its period out, and "that" in another currency."""
import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.parser import ParseContext, parse

CTX = ParseContext(today=dt.date(2025, 6, 30), vendors=["El Cairo", "Avanza Zaragoza", "Sweet & Coffee"],
                   categories=["fuel", "restaurants"], home_currency="USD")


def intent(text: str) -> i.Intent:
    return parse(text, CTX).intent


@pytest.mark.parametrize("text", ["Grüezi, wie viel habe ich im Juni ausgegeben?", "salam, combien j'ai dépensé le mois passé ?"])
def test_greetings_of_more_places_are_no_subject(text):
    assert intent(text).kind == "spending"


def test_a_day_of_a_month_said_beside_it():
    period = intent("quanto gastei no dia 4 deste mês").period
    assert (period.start, period.end) == (dt.date(2025, 6, 4), dt.date(2025, 6, 5))


def test_a_shop_named_like_a_city_is_the_shop():
    said = intent("promedio de lo que gasto en El Cairo")
    assert said.vendor == "El Cairo" and said.currency is None


def test_a_name_is_not_a_prefix_of_a_longer_word():
    assert intent("cuánto gasté en Zara").vendor == "Zara"  # said back as unknown, never Avanza Zaragoza


def test_a_trip_beside_a_place_and_a_currency_is_context():
    said = intent("how much did i spend in pounds on the london trip in april")
    assert said.currency == "GBP" and said.category is None and said.vendor is None


def test_paid_in_a_currency_narrows_wherever_the_verb_stands():
    said = intent("wie viel habe ich in Euro bezahlt?")
    assert said.currency == "EUR" and said.convert_to is None


def test_the_latest_n_is_a_list_not_an_expense():
    assert intent("las últimas 3").kind == "list_invoices"


def test_a_total_said_wrong_then_right():
    said = intent("the total of #150 is wrong, it should be 1,250")
    assert isinstance(said, i.CorrectField) and said.ref.number == 150 and said.value == "1,250"


def test_a_fresh_phrase_does_not_carry_the_last_metric_or_currency():
    parsed = parse("Restaurants im April", CTX)
    assert parsed.mentioned.get("fresh") and parsed.mentioned.get("metric") == "total"


def test_and_that_in_a_currency_is_the_last_figure():
    parsed = parse("and that in dollars?", ParseContext(today=dt.date(2025, 6, 30), home_currency="GBP"))
    assert parsed.elliptical and parsed.intent.kind == "spending" and parsed.mentioned["convert_to"] == "USD"


def test_same_for_is_a_follow_up():
    assert parse("same for Q1", CTX).mentioned.get("fresh") is None
