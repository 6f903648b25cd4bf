"""Issue 10, batch 18: something "just" sent is today's; "unterschied?" and "los dos" after two questions;
three words naming no scope keep the last one; a branch named after its chain ("el walmart de mcallen"); a
name cut short ("merca"), its later words ("pague menos"), a web address ("amazon uk"); "shd be" and undoing a
correction; a town at home is no unknown word; "en el año"; "top 3 where i spent most"."""
import datetime as dt
from decimal import Decimal

import pytest

from app.conversation import intents as i
from app.conversation.dates import Period
from app.conversation.parser import ParseContext, parse

TODAY = dt.date(2025, 6, 30)
CTX = ParseContext(today=TODAY, vendors=["Walmart", "Walmart McAllen", "Mercadona", "Farmácia Pague Menos",
                                         "Amazon.co.uk", "Decathlon", "Kaufland", "Lieferando", "IVB", "Pemex"],
                   categories=["groceries", "fuel", "transport"], home_currency="EUR", country="AT")


def intent(text: str) -> i.Intent:
    return parse(text, CTX).intent


@pytest.mark.parametrize("text", ["how much was the order i just placed", "y lo de hace un rato?",
                                  "quanto foi o de há bocado", "et celle d'il y a une demi-heure",
                                  "was hat das von gerade eben gekostet"])
def test_something_sent_moments_ago_is_today(text):
    assert intent(text).period == i.Period(start=TODAY, end=TODAY + dt.timedelta(days=1))


@pytest.mark.parametrize(("text", "vendor"), [("cuantos tickets tengo del walmart de mcallen", "Walmart McAllen"),
                                              ("cuanto gaste en merca este mes", "Mercadona"),
                                              ("et décath", "Decathlon"),
                                              ("quanto gastei na pague menos em março", "Farmácia Pague Menos"),
                                              ("how much have i spent on amazon uk", "amazon uk")])
def test_a_shop_by_a_part_of_its_name(text, vendor):
    said = intent(text)
    assert said.vendor == vendor and not getattr(said, "other_vendors", ())


def test_two_shops_joined_by_and_stay_two():
    assert intent("walmart y walmart mcallen este año").other_vendors


@pytest.mark.parametrize("text", ["quantas vezes", "média por compra", "le moins cher"])
def test_three_words_naming_no_scope_continue_the_last_question(text):
    assert parse(text, CTX).elliptical


def test_a_question_naming_its_scope_is_not_a_follow_up():
    assert not parse("média por compra na pague menos", CTX).elliptical


def test_the_latest_of_a_shop_keeps_the_shop():
    said = intent("und was hat der letzte einkauf im kaufland gekostet")
    assert isinstance(said, i.ShowInvoice) and said.vendor == "kaufland"


def test_a_town_at_home_is_no_unknown_word():
    assert intent("und IVB in innsbruck dieses jahr").vendor == "IVB"


@pytest.mark.parametrize("text", ["promedio por cargada en el año", "quanto gastei no ano?"])
def test_in_the_year_is_this_year(text):
    assert intent(text).period == Period(start=dt.date(2025, 1, 1), end=dt.date(2026, 1, 1))


def test_in_the_year_before_is_not_this_year():
    assert intent("quanto gastei no ano passado?").period.start == dt.date(2024, 1, 1)


def test_top_n_where_i_spent_most():
    assert isinstance(intent("top 3 where i spent most this year"), i.TopVendors)


def test_the_same_period_last_year_in_french():
    assert parse("et l'an dernier à la même période", CTX).mentioned.get("shift") == "year_before"


@pytest.fixture
def household(make_user, make_invoice):
    user = make_user("+436641230001")
    make_invoice(user, 1, vendor="MPreis", total="40.00", date=dt.date(2025, 1, 10))
    make_invoice(user, 2, vendor="MPreis", total="30.00", date=dt.date(2025, 2, 10))
    make_invoice(user, 3, vendor="Spar", total="20.00", date=dt.date(2025, 2, 12))
    return user


def test_difference_after_two_months(household, ask):
    ask(household, "was hab ich im jänner ausgegeben")
    ask(household, "und im februar")
    body = ask(household, "unterschied?").body
    assert "10,00" in body


def test_both_after_two_shops(household, ask):
    ask(household, "wie viel beim mpreis")
    ask(household, "und beim spar")
    assert "90,00" in ask(household, "und bei beiden").body


def test_undo_puts_a_corrected_total_back(household, ask, db_session):
    from app.models import Invoice
    ask(household, "zeig die letzten 3")
    ask(household, "betrag vom spar stimmt nicht, sind 24,93")
    spar = db_session.query(Invoice).filter_by(user_id=household.id, seq=3).one()
    assert spar.total_amount == Decimal("24.93")
    ask(household, "mach das rückgängig")
    db_session.refresh(spar)
    assert spar.total_amount == Decimal("20.00")


def test_should_be_abbreviated_corrects_the_shops_invoice(household, ask, db_session):
    from app.models import Invoice
    ask(household, "show me my last 3 receipts")
    ask(household, "the spar one shd be 21.50")
    assert db_session.query(Invoice).filter_by(user_id=household.id, seq=3).one().total_amount == Decimal("21.50")


def test_an_unknown_word_after_and_keeps_the_period_for_what_follows(household, ask):
    ask(household, "wie viel beim spar im februar")
    ask(household, "und beim großen xyzmarkt")
    assert "30,00" in ask(household, "und mpreis").body
