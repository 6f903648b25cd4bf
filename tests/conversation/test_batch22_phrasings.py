"""Issue 10, batch 22: new-year greetings and everyday words around a question, "ola" the ride app, eating out in
three more languages, "the month before November", "repõe", all of a month said with "le mois de", a correction
asked for with "bitte" before the verb, "war ich da", a place first in the message, "wieviel is des"."""
from __future__ import annotations

import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.dates import month
from app.conversation.parser import ParseContext, parse

NOW = dt.datetime(2025, 12, 30, 17, 0, tzinfo=dt.UTC)
CTX = ParseContext(today=dt.date(2025, 12, 31), vendors=["Ola", "Zomato", "Badenova", "Fnac"],
                   categories=["restaurants", "transport"], home_currency="EUR", currencies=["EUR", "HUF"])


def read(text: str) -> i.Intent:
    return parse(text, CTX).intent


@pytest.mark.parametrize("text", ["happy new year 🎉 quick one, how much did i spend last month?",
                                  "Frohes Neues! 🎆 wie viel hab ich letzten Monat ausgegeben?",
                                  "feliz año nuevo, cuánto gasté el mes pasado"])
def test_new_year_wishes_are_no_names(text):
    said = read(text)
    assert isinstance(said, i.SpendingQuery) and said.period == month(2025, 11)


@pytest.mark.parametrize("text", ["and all of august in rupees, trip included", "e julho inteiro em reais, contando tudo?",
                                  "quanto gastei em novembro e dezembro somados", "cuántas veces cogí la guagua este año"])
def test_everyday_words_are_no_names(text):
    assert not isinstance(read(text), i.Unresolved)


def test_ola_before_a_period_is_the_ride_app():
    assert read("ola in december").vendor == "ola"


@pytest.mark.parametrize("text", ["olá, quanto gastei", "ola quanto gastei em dezembro"])
def test_ola_before_a_comma_or_a_question_is_a_greeting(text):
    assert read(text).vendor is None


@pytest.mark.parametrize("text", ["most expensive meal out in 2025?", "che cuánto gasté en comida afuera en 2025",
                                  "wie viel fürs Essengehen 2025"])
def test_eating_out_is_restaurants(text):
    assert read(text).category == "restaurants"


@pytest.mark.parametrize("before", ["cuánto gasté en diciembre", "la diferencia entre noviembre y diciembre en glovo?"])
def test_the_month_before_a_month_named_is_counted_from_it(make_user, make_invoice, ask, before):
    user = make_user(number="+34612345678")
    make_invoice(user, 1, vendor="Glovo", total="10.00", date=dt.date(2025, 10, 3))
    make_invoice(user, 2, vendor="Glovo", total="20.00", date=dt.date(2025, 11, 3))
    ask(user, before, now=NOW)  # a plain question, or a comparison, whose period is not the one counted from
    body = ask(user, "y el mes anterior a noviembre, en total?", now=NOW).body
    assert "10,00" in body and "20,00" not in body and "octubre" in body


def test_repoe_brings_it_back():
    assert isinstance(read("afinal não, repõe"), i.UndoDelete)


def test_all_of_the_month_of_may_is_every_shop():
    assert parse("et tout le mois de mai converti en euros", CTX).mentioned.get("everything")


def test_a_correction_asked_with_bitte_before_the_verb():
    said = read("die Badenova war 102,13 nicht 102,31, bitte korrigieren")
    assert isinstance(said, i.CorrectField) and said.value == "102,13" and said.was == "102,31"


def test_war_ich_da_is_there():
    assert parse("wie oft war ich da", CTX).mentioned.get("there")


def test_a_place_first_in_the_message():
    said = read("Budapest im August, in Forint?")
    assert isinstance(said, i.SpendingQuery) and said.currency == "HUF" and said.period == month(2025, 8)


def test_wieviel_is_des_is_the_figure_just_given():
    assert parse("wieviel is des in Euro", CTX).elliptical


def test_a_city_of_200000_people_by_its_name_in_another_language():
    said = parse("em Genebra gastei quanto? em francos", ParseContext(
        today=dt.date(2025, 12, 31), vendors=["Continente"], categories=[], home_currency="EUR",
        currencies=["EUR", "CHF"])).intent
    assert isinstance(said, i.SpendingQuery) and said.currency == "CHF" and said.vendor is None
