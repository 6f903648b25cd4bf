"""The parser on a second round of real wording: weekends, month/year numbers, "a couple of weeks", net
amounts, two periods compared, corrections written as "#4: vendor Shell", vendors not on file yet, and top
vendors or the biggest invoice within a category."""
import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.dates import Period, parse_period
from app.conversation.parser import ParseContext, parse

TODAY = dt.date(2025, 6, 18)  # a Wednesday
VENDORS = ["Mercadona", "Starbucks", "Carrefour", "Pingo Doce", "Shell", "Zara", "Total Energies"]
CTX = ParseContext(today=TODAY, vendors=VENDORS, categories=["fuel", "groceries", "restaurant"])
LAST_WEEKEND = Period(start=dt.date(2025, 6, 14), end=dt.date(2025, 6, 16))


def p(start: str, end: str) -> Period:
    return Period(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end))


def intent(text):
    return parse(text, CTX).intent


# --- periods ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["last weekend", "this past weekend", "el finde pasado",
                                  "el fin de semana pasado", "o fim de semana passado", "le week-end dernier",
                                  "letztes Wochenende"])
def test_last_weekend_is_saturday_and_sunday_of_the_week_before(text):
    assert parse_period(text, TODAY) == LAST_WEEKEND


def test_last_weekend_said_on_a_sunday_is_the_weekend_before_this_one():
    assert parse_period("last weekend", dt.date(2025, 6, 15)) == p("2025-06-07", "2025-06-09")


def test_this_weekend_is_saturday_and_sunday_of_this_week():
    assert parse_period("this weekend", TODAY) == p("2025-06-21", "2025-06-23")


def test_last_weekend_is_a_period_not_the_last_invoice():
    assert intent("how much did i spend last weekend") == i.SpendingQuery(period=LAST_WEEKEND)


@pytest.mark.parametrize("text, expected", [
    ("3/2025", p("2025-03-01", "2025-04-01")),
    ("03/2025", p("2025-03-01", "2025-04-01")),
    ("12-2024", p("2024-12-01", "2025-01-01")),
    ("2025-02", p("2025-02-01", "2025-03-01")),
    ("2024/11", p("2024-11-01", "2024-12-01")),
])
def test_a_month_written_with_its_year_in_numbers_is_that_month(text, expected):
    assert parse_period(f"spending in {text}", TODAY) == expected


def test_a_full_numeric_date_is_still_a_day():
    assert parse_period("on 3/5/2025", TODAY) == p("2025-05-03", "2025-05-04")
    assert parse_period("on 2025-03-05", TODAY) == p("2025-03-05", "2025-03-06")


def test_a_number_that_cannot_be_a_month_is_not_one():
    assert parse_period("spending in 13/2025", TODAY) != p("2025-01-01", "2025-02-01")


@pytest.mark.parametrize("text", ["the past couple of weeks", "last couple of weeks", "las últimas dos semanas",
                                  "as últimas duas semanas", "last two weeks"])
def test_a_couple_of_weeks_is_two_weeks_up_to_today(text):
    assert intent(f"how much {text}").period == p("2025-06-05", "2025-06-19")


def test_dos_is_still_of_the_in_portuguese():
    assert intent("faturas dos últimos 3 meses").period == p("2025-03-19", "2025-06-19")
