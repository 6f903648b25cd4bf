"""Issue 10, batch 11: electric bills, a two-letter shop before a hyphen ("dm"), plurals of kinds of spending,
"ça" after the thing it stands for, "the same month last year" after a year, and eating next to a restaurant."""
import datetime as dt

from app.conversation import intents as i
from app.conversation.matching import resolve_vendors
from app.conversation.parser import ParseContext, parse

CTX = ParseContext(today=dt.date(2025, 6, 30), vendors=["dm-drogerie markt", "Proximus", "Gasthaus Zum Hirschen"],
                   home_currency="EUR")


def test_a_two_letter_shop_before_a_hyphen():
    said = parse("wie viel im mai und juni beim dm", CTX).intent
    assert said.vendor is not None and resolve_vendors(said.vendor, CTX.vendors) == ["dm-drogerie markt"]


def test_electric_bills_and_plural_kinds():
    assert parse("avg electric bill this year", CTX).intent.category == "utilities"
    assert parse("y en domicilios?", CTX).intent.category == "restaurants"


def test_a_name_ending_in_a_short_kind_word_stays_a_name():
    said = parse("how much did i spend at Whole Foods", CTX).intent
    assert said.category is None and "whole foods" in (said.vendor or "").casefold()


def test_ca_after_the_thing_named_is_that_thing():
    said = parse("le gsm proximus ça me coûte combien par an? enfin cette année", CTX).intent
    assert isinstance(said, i.SpendingQuery) and said.vendor.casefold() == "proximus"


def test_the_same_month_last_year_after_a_year_is_this_month_a_year_back():
    parsed = parse("und im gleichen Monat letztes Jahr", CTX)
    assert parsed.mentioned["shift"] == "month_year_before"


def test_eating_next_to_a_restaurant_is_no_subject():
    said = parse("wie oft war ich im Hirschen essen dieses jahr", CTX).intent
    assert isinstance(said, i.SpendingQuery) and said.metric == "count"
