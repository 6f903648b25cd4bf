"""Issue 10, never a confident wrong figure: a month said with "last year" is that month of last year (not
the whole year, nor this year's month), and "the most I spent in one go" is the biggest invoice, not the
period's total, in every language."""
import datetime as dt

import pytest

from app.conversation.dates import Period
from app.conversation.parser import ParseContext, parse

CTX = ParseContext(today=dt.date(2025, 6, 30))
NOW = dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)
JUNE_2024 = Period(start=dt.date(2024, 6, 1), end=dt.date(2024, 7, 1))


@pytest.mark.parametrize("text", ["how much in June last year", "gastos de junio del año pasado",
                                  "combien en juin l'année passée", "quanto gastei em junho do ano passado",
                                  "Ausgaben Juni letzten Jahres", "wie viel im Juni letztes Jahr",
                                  "last year in june how much"])
def test_a_month_with_last_year_is_that_month_of_last_year(text):
    assert parse(text, CTX).intent.period == JUNE_2024


def test_a_month_of_last_year_is_still_one_end_of_a_range():
    assert parse("how much since June last year", CTX).intent.period == Period(start=dt.date(2024, 6, 1),
                                                                              end=dt.date(2025, 7, 1))
    assert parse("how much between march and june last year", CTX).intent.period == Period(
        start=dt.date(2024, 3, 1), end=dt.date(2024, 7, 1))


def test_last_year_alone_is_still_the_whole_year():
    assert parse("how much did i spend last year", CTX).intent.period == Period(start=dt.date(2024, 1, 1),
                                                                                end=dt.date(2025, 1, 1))


@pytest.mark.parametrize("text", ["whats the most i spent in one go last month", "lo máximo que gasté de una vez",
                                  "o máximo que gastei de uma vez", "le plus que j'ai dépensé en une fois",
                                  "wie viel habe ich maximal auf einmal ausgegeben"])
def test_the_most_spent_in_one_go_is_the_biggest_invoice(text):
    intent = parse(text, CTX).intent
    assert intent.kind == "biggest_invoice" and not intent.smallest


def test_june_last_year_answers_with_last_years_june_only(make_user, make_invoice, ask):
    user = make_user(number="+34600111222", language="es")
    make_invoice(user, 1, vendor="Mercadona", total="41.10", currency="EUR", date=dt.date(2024, 6, 12))
    make_invoice(user, 2, vendor="Mercadona", total="77.00", currency="EUR", date=dt.date(2024, 9, 3))
    make_invoice(user, 3, vendor="Mercadona", total="19.99", currency="EUR", date=dt.date(2025, 6, 4))
    body = ask(user, "gastos de junio del año pasado", now=NOW).body
    assert "41,10" in body and "77" not in body and "19,99" not in body


def test_the_most_in_one_go_answers_with_the_biggest_invoice_not_the_total(make_user, make_invoice, ask):
    user = make_user(number="+447911123457")
    make_invoice(user, 1, vendor="Tesco", total="157.03", currency="GBP", date=dt.date(2025, 5, 10))
    make_invoice(user, 2, vendor="Pret", total="20.00", currency="GBP", date=dt.date(2025, 5, 20))
    body = ask(user, "whats the most i spent in one go last month", now=NOW).body
    assert "157.03" in body and "177.03" not in body
