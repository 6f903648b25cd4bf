"""Issue 10, batch 15: two categories at once, "in euros" alone converting the scope just asked, "top 3 sitios",
"how many quid/lucas" as an amount, "wieviele", a vendor named without its article, a city against a vendor
named after it, and slang and "I meant" around names."""
import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.follow_up import continue_previous
from app.conversation.parser import ParseContext, parse

TODAY = dt.date(2025, 6, 30)
CTX = ParseContext(today=TODAY, vendors=["Les Tanneurs", "Lojas Renner", "Dublin Bus", "Unimarc"],
                   categories=["groceries", "restaurants", "health", "transport"], home_currency="EUR", country="IE")


def intent(text: str) -> i.Intent:
    return parse(text, CTX).intent


@pytest.mark.parametrize(("text", "both"), [("groceries and eating out in april how much", {"groceries", "restaurants"}),
                                            ("quanto em farmácia e transportes este ano", {"health", "transport"})])
def test_two_categories_are_both_asked_about(text, both):
    said = intent(text)
    assert set(said.category.split(" + ")) == both


def test_one_category_said_twice_is_one():
    assert " + " not in intent("restaurants and takeaways in may").category


def test_in_euros_alone_converts_the_scope_just_asked():
    previous = i.SpendingQuery(currency="GBP")
    said = continue_previous(parse("en euros", CTX), {"last_query": previous.model_dump(mode="json")}, TODAY)
    assert said.currency == "GBP" and said.convert_to == "EUR"


@pytest.mark.parametrize("text", ["top 3 sitios este año", "top 3 lojas esse ano"])
def test_places_and_shops_rank_vendors_even_when_a_vendor_starts_with_the_word(text):
    assert isinstance(intent(text), i.TopVendors)


@pytest.mark.parametrize("text", ["cuantas lucas en unimarc en mayo", "how many quid at unimarc in may"])
def test_how_many_of_a_money_word_is_an_amount(text):
    assert intent(text).metric == "total"


def test_wieviele_counts():
    assert intent("wieviele rechnungen heuer").metric == "count"


def test_a_vendor_is_named_without_its_article():
    assert intent("combien aux tanneurs le 31 mai").vendor


def test_a_city_abroad_alone_is_the_place_and_with_the_rest_of_a_name_the_vendor():
    bristol = ParseContext(today=TODAY, vendors=["Dublin Bus"], categories=[], home_currency="GBP", country="GB")
    in_dublin = parse("how much did i spend in dublin", bristol).intent
    assert in_dublin.vendor is None and in_dublin.currency == "EUR"
    assert parse("how much on dublin bus", bristol).intent.vendor.casefold() == "dublin bus"


@pytest.mark.parametrize("text", ["alright, how much did i spend at unimarc this month",
                                  "perdon queria decir el unimarc", "cuanto gaste en el unimarc el mes pasado po"])
def test_slang_and_i_meant_around_a_name_leave_the_name(text):
    said = intent(text)
    assert not isinstance(said, (i.Unresolved, i.Unknown)) and said.vendor.casefold() == "unimarc"


def test_a_nationality_is_no_currency_word_so_en_suisse_is_the_place():
    lille = ParseContext(today=TODAY, vendors=["Sprüngli"], categories=[], home_currency="EUR", country="FR")
    said = parse("combien j'ai claqué en suisse", lille).intent
    assert said.currency == "CHF" and said.convert_to is None


def test_a_trip_named_before_the_word_trip_is_its_currency_and_that_is_the_trip():
    chicago = ParseContext(today=TODAY, vendors=[], categories=[], home_currency="USD", country="US")
    said = parse("toronto trip how much was that", chicago).intent
    assert isinstance(said, i.SpendingQuery) and said.currency == "CAD"


@pytest.mark.parametrize("text", ["änder #12 auf 40", "die summe von der letzten rechnung sollt 12,50 sein",
                                  "el total de la ultima factura tiene q ser 12,50",
                                  "o total do último talão devia ser 12,50"])
def test_more_ways_to_correct_a_total(text):
    assert isinstance(intent(text), i.CorrectField)


def test_remets_la_without_a_hyphen_undoes():
    assert isinstance(intent("remets la"), i.UndoDelete)


def test_a_symbol_is_never_an_empty_currency_word():
    from app.conversation.matching import currency_names
    assert "" not in currency_names()


def test_convert_to_a_currency_is_a_conversion():
    assert intent("convert to dollars pls").convert_to == "USD"


def test_a_currency_word_that_begins_a_vendors_name_is_the_vendor():
    us = ParseContext(today=TODAY, vendors=["Dollar Tree"], categories=[], home_currency="USD", country="US")
    for text in ("how much did i pay to dollar tree", "how much for dollar tree"):
        said = parse(text, us).intent
        assert said.vendor and said.currency is None
