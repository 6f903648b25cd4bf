"""Periods are half-open date ranges relative to the user's today, in several languages."""
import datetime as dt

import pytest

from app.conversation.dates import Period, parse_period, today_in

TODAY = dt.date(2025, 5, 14)  # a Wednesday


def p(start: str, end: str) -> Period:
    return Period(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end))


@pytest.mark.parametrize("text, expected", [
    ("today", p("2025-05-14", "2025-05-15")),
    ("hoy", p("2025-05-14", "2025-05-15")),
    ("ontem", p("2025-05-13", "2025-05-14")),
    ("this week", p("2025-05-12", "2025-05-19")),
    ("la semana pasada", p("2025-05-05", "2025-05-12")),
    ("semana passada", p("2025-05-05", "2025-05-12")),
    ("this month", p("2025-05-01", "2025-06-01")),
    ("el mes pasado", p("2025-04-01", "2025-05-01")),
    ("este mês", p("2025-05-01", "2025-06-01")),
    ("o mês passado", p("2025-04-01", "2025-05-01")),
    ("le mois dernier", p("2025-04-01", "2025-05-01")),
    ("letzten Monat", p("2025-04-01", "2025-05-01")),
    ("last year", p("2024-01-01", "2025-01-01")),
    ("el año pasado", p("2024-01-01", "2025-01-01")),
    ("2025", p("2025-01-01", "2026-01-01")),
    ("last 30 days", p("2025-04-15", "2025-05-15")),
    ("últimos 7 días", p("2025-05-08", "2025-05-15")),
    ("les 30 derniers jours", p("2025-04-15", "2025-05-15")),
    ("since Jan", p("2025-01-01", "2025-05-15")),
    ("desde janeiro", p("2025-01-01", "2025-05-15")),
    ("March 2024", p("2024-03-01", "2024-04-01")),
    ("marzo de 2024", p("2024-03-01", "2024-04-01")),
    ("im März", p("2025-03-01", "2025-04-01")),
    ("between 1/3/2025 and 15/3/2025", p("2025-03-01", "2025-03-16")),
    ("entre el 1 de marzo y el 15 de abril", p("2025-03-01", "2025-04-16")),
    ("from 2025-01-01 to 2025-01-31", p("2025-01-01", "2025-02-01")),
    ("de janeiro a março", p("2025-01-01", "2025-04-01")),
])
def test_period_phrases(text, expected):
    assert parse_period(text, TODAY) == expected


def test_a_month_without_year_is_the_most_recent_one_not_in_the_future():
    assert parse_period("in June", TODAY) == p("2024-06-01", "2024-07-01")
    assert parse_period("in March", TODAY) == p("2025-03-01", "2025-04-01")


def test_a_month_range_across_new_year_starts_the_previous_year():
    assert parse_period("from November to February", TODAY) == p("2024-11-01", "2025-03-01")


def test_day_first_can_be_switched_off_for_month_first_countries():
    assert parse_period("on 3/4/2025", TODAY, day_first=False) == p("2025-03-04", "2025-03-05")
    assert parse_period("on 3/4/2025", TODAY) == p("2025-04-03", "2025-04-04")


@pytest.mark.parametrize("text", ["may I ask something", "total of #12 is 45.10", "#2025", "show #3",
                                  "31/02/2025", "out of curiosity"])
def test_words_and_numbers_that_are_not_periods(text):
    assert parse_period(text, TODAY) is None


def test_today_is_the_users_calendar_day():
    late_utc = dt.datetime(2025, 5, 14, 23, 30, tzinfo=dt.timezone.utc)
    assert today_in("Europe/Lisbon", late_utc) == dt.date(2025, 5, 15)
    assert today_in("America/Sao_Paulo", late_utc) == dt.date(2025, 5, 14)


def test_an_unknown_timezone_falls_back_to_the_default():
    noon = dt.datetime(2025, 5, 14, 23, 30, tzinfo=dt.timezone.utc)
    assert today_in("Not/AZone", noon, "Asia/Tokyo") == dt.date(2025, 5, 15)


def test_an_empty_period_is_rejected():
    with pytest.raises(ValueError):
        Period(start=TODAY, end=TODAY)
