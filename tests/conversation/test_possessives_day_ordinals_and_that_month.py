"""Issue 10, general readings behind wrong scopes: a possessive vendor written without its apostrophe
("nandos"), the user's vendor named like an everyday word after "from" ("from Ola"), an English day
ordinal before "of <month>" ("the 31st of may", not all May), and "that month" keeping the period of the
question before it in every language, and "top 4 places" ranking shops with any word for them."""
import datetime as dt

import pytest

from app.conversation.dates import Period
from app.conversation.parser import ParseContext, parse

CTX = ParseContext(today=dt.date(2025, 6, 30), vendors=["Nando's", "Pret A Manger", "Ola", "Total", "Deliveroo"])
MAY = Period(start=dt.date(2025, 5, 1), end=dt.date(2025, 6, 1))
NOW = dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)


def test_a_possessive_vendor_is_found_without_its_apostrophe():
    intent = parse("pret and nandos in june", CTX).intent
    assert intent.kind == "spending" and {intent.vendor, *intent.other_vendors} == {"nandos", "pret"}


def test_a_vendor_named_like_a_greeting_is_the_vendor_after_from():
    assert parse("how many invoices from ola in march", CTX).intent.vendor.casefold() == "ola"


def test_a_vendor_named_like_a_word_is_not_read_after_en():
    assert parse("cuanto gaste en total", CTX).intent.vendor is None  # "en total" is "in all"


@pytest.mark.parametrize("text, day", [("spending on the 31st of may", 31), ("how much on the 2nd of may", 2)])
def test_a_day_ordinal_of_a_month_is_that_day(text, day):
    period = parse(text, CTX).intent.period
    assert period == Period(start=dt.date(2025, 5, day), end=dt.date(2025, 5, day) + dt.timedelta(days=1))


def test_in_may_is_still_the_month():
    assert parse("how much in may", CTX).intent.period == MAY


@pytest.mark.parametrize("text", ["what about deliveroo that month?", "y en deliveroo ese mismo mes?",
                                  "e no deliveroo naquele mês?", "et deliveroo ce mois-là ?",
                                  "und deliveroo im selben monat?"])
def test_that_month_is_a_follow_up_keeping_the_period(text):
    parsed = parse(text, CTX)
    assert parsed.elliptical and parsed.intent.period is None and parsed.intent.vendor


def test_the_same_month_last_year_still_moves_the_period():
    assert parse("y el mismo mes del año pasado?", CTX).mentioned["shift"] == "month_year_before"


def test_that_month_answers_for_the_previous_questions_month(make_user, make_invoice, ask):
    user = make_user(number="+447911123456")
    make_invoice(user, 1, vendor="Deliveroo", total="16.30", currency="GBP", date=dt.date(2025, 5, 22))
    make_invoice(user, 2, vendor="Deliveroo", total="44.47", currency="GBP", date=dt.date(2025, 6, 9))
    make_invoice(user, 3, vendor="Tesco", total="20.00", currency="GBP", date=dt.date(2025, 5, 3))
    ask(user, "how much did i spend in may", now=NOW)
    reply = ask(user, "what about deliveroo that month?", now=NOW)
    assert "£16.30" in reply.body and "44.47" not in reply.body


@pytest.mark.parametrize("text", ["top 4 places this year", "top 3 sellers", "top 5 tiendas", "top 3 magasins"])
def test_top_n_with_any_word_for_shops_ranks_vendors(text):
    assert parse(text, CTX).intent.kind == "top_vendors"
