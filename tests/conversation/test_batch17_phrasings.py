"""Issue 10, batch 17: deletes and corrections that name a shop ("apaga a do ipiranga", "die vom spar war
eigentlich 46,09") pick that shop's invoice on the list or ask which, and the answer may be its amount or day;
a delete with nothing in focus asks; "la 2" after a list; greetings and slang around a question; "depuis le
début"; "last to last month"; acronyms at a name's end; a city as the subject of "cost"."""
import datetime as dt
from decimal import Decimal

import pytest

from app.conversation import intents as i
from app.conversation.parser import ParseContext, parse
from app.models import Invoice

TODAY = dt.date(2025, 6, 30)
CTX = ParseContext(today=TODAY, vendors=["Supermercados MAS", "Café Tomaselli", "Leclerc Thonon", "Ipiranga", "Spar",
                                         "Cafe Coffee Day", "Gasthaus Goldener Anker"],
                   categories=["groceries", "fuel"], home_currency="EUR", country="ES")


def intent(text: str) -> i.Intent:
    return parse(text, CTX).intent


@pytest.mark.parametrize(("text", "vendor", "value"), [
    ("na verdade a do supermercado foi 212,25", "supermercado", "212,25"),
    ("die vom spar war eigentlich 46,09", "spar", "46,09"),
])
def test_a_restated_total_of_a_shops_invoice_is_a_correction_not_an_expense(text, vendor, value):
    said = intent(text)
    assert isinstance(said, i.CorrectField) and said.vendor.casefold() == vendor and said.value == value


def test_the_wrong_amount_said_before_the_verb():
    said = intent("a do continente de 45,80 afinal foi 54,80")
    assert (said.was, said.value) == ("45,80", "54,80")


def test_a_past_statement_about_it_stays_with_the_invoice_in_focus():
    assert intent("eigentlich waren es 12,40").in_focus


@pytest.mark.parametrize(("text", "ref"), [("supprime la 2", i.InvoiceRef.listed(2)), ("borra la 141", i.InvoiceRef.seq(141))])
def test_a_number_after_an_article_in_a_delete(text, ref):
    assert intent(text).ref == ref


@pytest.mark.parametrize("text", ["alright butt, how much this month", "wesh combien ce mois-ci", "uai, quanto esse mês",
                                  "illo cuánto este mes", "adieu, combien ce mois"])
def test_a_greeting_or_slang_word_is_no_subject(text):
    assert isinstance(intent(text), i.SpendingQuery)


def test_an_unknown_name_before_a_question_is_still_said_back():
    assert isinstance(intent("costa coffee, how much this month"), i.Unresolved)
    assert isinstance(intent("costa coffee last month"), i.Unresolved)


def test_since_the_beginning_is_every_period():
    said = parse("et au total chez Leclerc depuis le début", CTX)
    assert said.intent.period is None and said.mentioned.get("all_time")


def test_last_to_last_month():
    assert intent("overall spend last to last month").period.start == dt.date(2025, 4, 1)


@pytest.mark.parametrize(("text", "vendor"), [("y en el MAS?", "MAS"), ("wie oft war i heuer im tomaselli", "Café Tomaselli"),
                                              ("wie oft im Goldenen Anker", "Gasthaus Goldener Anker")])
def test_an_acronym_at_the_end_or_a_later_word_of_a_name(text, vendor):
    assert intent(text).vendor == vendor


def test_a_city_as_the_subject_of_cost():
    assert intent("how much did new york cost me in the end").currency == "USD"


def test_more_expensive_than_compares_two_months():
    assert isinstance(intent("um wie viel war der mai teurer als der april"), i.CompareSpending)


@pytest.fixture
def fuel(make_user, make_invoice):
    user = make_user(number="+5531990000001")
    make_invoice(user, 1, vendor="Ipiranga", total="288.13", currency="BRL", date=dt.date(2025, 6, 10))
    make_invoice(user, 2, vendor="Ipiranga", total="150.00", currency="BRL", date=dt.date(2025, 6, 20))
    make_invoice(user, 3, vendor="Drogasil", total="20.00", currency="BRL", date=dt.date(2025, 6, 24))
    return user


def test_deleting_a_shops_invoice_when_the_list_shows_two_asks_then_takes_the_amount(fuel, ask, db_session):
    now = dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC)
    ask(fuel, "mostra as últimas 3 notas", now)
    asked = ask(fuel, "apaga a do ipiranga", now)
    assert "?" in asked.body and not _deleted(db_session, fuel)
    ask(fuel, "a de 288,13", now + dt.timedelta(seconds=30))
    assert _deleted(db_session, fuel) == [1]


def test_a_delete_with_nothing_in_focus_asks(fuel, ask, db_session):
    reply = ask(fuel, "apaga essa", dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC))
    assert "?" in reply.body and not _deleted(db_session, fuel)


def _deleted(db_session, user) -> list[int]:
    return [inv.seq for inv in db_session.query(Invoice).filter_by(user_id=user.id).order_by(Invoice.seq)
            if inv.deleted_at is not None]


def test_a_correction_naming_the_shop_on_the_list(fuel, ask, db_session):
    now = dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC)
    ask(fuel, "mostra as últimas 3 notas", now)
    ask(fuel, "na verdade a da drogasil foi 21,50", now)
    assert db_session.query(Invoice).filter_by(user_id=fuel.id, seq=3).one().total_amount == Decimal("21.50")


def test_two_shops_in_a_follow_up_are_both_kept():
    from app.conversation.follow_up import continue_previous
    previous = i.SpendingQuery(vendor="Tesco")
    shops = ParseContext(today=TODAY, vendors=["Tesco Extra", "Aldi"], home_currency="GBP", country="GB")
    said = continue_previous(parse("what about tesco and aldi together in june", shops),
                             {"last_query": previous.model_dump(mode="json")}, TODAY)
    assert said.other_vendors


def test_how_much_is_it_in_a_currency_converts_the_figure_just_given():
    said = intent("cuánto es en pesos")
    assert said.convert_to == "MXN" or said.convert_to


def test_the_most_expensive_beats_what_was_in_it():
    assert isinstance(intent("c'était quoi le plein le plus cher"), i.BiggestInvoice)
