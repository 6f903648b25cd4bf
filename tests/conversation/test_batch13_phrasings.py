"""Issue 10, batch 13: a month "this year", a bare "may", "who did I spend the most with", an order as an
invoice noun, initials nobody knows, a German compound of a spending word, "bim", the last bill of a kind of
place, a category figure after a corrected total, and "the second one" answering "which one?"."""
import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.dates import find_period
from app.conversation.parser import ParseContext, parse
from app.conversation.text import fold

TODAY = dt.date(2025, 6, 30)
CTX = ParseContext(today=TODAY, vendors=["Swiggy", "Volg", "Taberna Típica Quarta-Feira", "Uber Eats"],
                   categories=["restaurants", "utilities", "transport"], home_currency="INR", country="IN")


def intent(text: str, ctx: ParseContext = CTX) -> i.Intent:
    return parse(text, ctx).intent


@pytest.mark.parametrize("text", ["and in june this year?", "em junho deste ano", "im juni dieses jahres",
                                  "en junio de este año"])
def test_a_month_this_year_is_that_month(text):
    found = find_period(fold(text), TODAY)
    assert (found.period.start, found.period.end) == (dt.date(2025, 6, 1), dt.date(2025, 7, 1))


@pytest.mark.parametrize("text", ["and may?", "may and june", "may"])
def test_may_away_from_a_subject_is_the_month(text):
    assert find_period(text, TODAY).period.start == dt.date(2025, 5, 1)


@pytest.mark.parametrize("text", ["may i ask how much i spent", "you may see"])
def test_may_beside_its_subject_is_the_verb(text):
    found = find_period(text, TODAY)
    assert found is None or found.period.start != dt.date(2025, 5, 1)


def test_who_i_spent_the_most_with_is_a_ranking():
    said = intent("who did I spend the most with last year, top 5")
    assert isinstance(said, i.TopVendors) and said.limit == 5 and said.period.start == dt.date(2024, 1, 1)


def test_the_biggest_order_of_a_kind_is_one_invoice_not_a_ranking():
    said = intent("what was my biggest food delivery order in may")
    assert isinstance(said, i.BiggestInvoice) and said.category == "restaurants"


def test_two_letters_nobody_reads_are_said_back_not_dropped():
    said = intent("xy bill total this year")
    assert isinstance(said, i.Unresolved) and "xy" in said.words


def test_initials_of_a_contraction_or_an_ordinal_are_no_words():
    assert not isinstance(intent("whats the biggest receipt I've got"), i.Unresolved)
    assert not isinstance(intent("swiggy ka total for 2025?"), i.Unresolved)


def test_eb_is_the_power_bill_in_india_only():
    assert intent("eb bill total this year").category == "utilities"
    elsewhere = ParseContext(today=TODAY, vendors=[], categories=["utilities"], home_currency="GBP", country="GB")
    assert isinstance(intent("eb bill total this year", elsewhere), i.Unresolved)


def test_a_compound_of_a_spending_word_and_tickets_reads_as_the_spending():
    assert intent("Bahntickets letztes Jahr").category == "transport"


def test_swiss_bim_is_beim():
    said = intent("und bim Volg")
    assert not isinstance(said, i.Unresolved) and said.vendor == "Volg"


def test_the_last_bill_of_a_kind_that_names_one_vendor_is_that_vendors():
    said = intent("mostra a última fatura da taberna")
    assert isinstance(said, i.ShowInvoice) and said.vendor == "Taberna Típica Quarta-Feira"


def test_what_i_ate_there_is_the_items():
    assert isinstance(intent("o que é que comi lá?"), i.ShowInvoice)


@pytest.fixture
def lisbon(make_user, make_invoice):
    user = make_user(number="+351912345678")
    make_invoice(user, 1, vendor="Pingo Doce", total="76.28", currency="EUR", date=dt.date(2025, 6, 2),
                 category="groceries", items=[("Azeite", "40.00", "groceries"), ("Queijo", "36.28", "groceries")])
    make_invoice(user, 2, vendor="Lidl", total="20.00", currency="EUR", date=dt.date(2025, 6, 3), category="groceries")
    make_invoice(user, 3, vendor="Farmácia", total="9.11", currency="EUR", date=dt.date(2025, 6, 4), category="health")
    return user


NOW = dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)


def test_a_category_counts_the_corrected_total_of_an_invoice_wholly_in_it(lisbon, ask):
    ask(lisbon, "corrige o total da #1 para 27,90", now=NOW)
    body = ask(lisbon, "quanto gastei em supermercado em junho", now=NOW).body
    assert "47,90" in body


def test_the_second_one_answers_which_one_and_deletes_it_and_undo_restores(lisbon, ask, db_session):
    ask(lisbon, "mostra as últimas 3 faturas", now=NOW)
    assert "?" in ask(lisbon, "apaga essa", now=NOW).body
    assert "#2" in ask(lisbon, "a segunda", now=NOW).body
    assert "já foi apagada" in ask(lisbon, "apaga-a", now=NOW).body
    assert "#2" in ask(lisbon, "desfaz", now=NOW).body


def test_a_reference_said_with_a_question_after_which_one_is_only_shown(lisbon, ask):
    ask(lisbon, "mostra as últimas 3 faturas", now=NOW)
    ask(lisbon, "apaga essa", now=NOW)
    body = ask(lisbon, "o que tinha na segunda?", now=NOW).body
    assert "Lidl" in body and "🗑" not in body
