"""Issue 10, batch 19: "which one?" answered by a whole amount or by "the older one"; a correction said with
hindsight after the amount is a correction, never a new expense; "undo the deletion" after a correction; "that
one" after a sum over several invoices is asked back; month abbreviations side by side are two months; "the
whole year"; "enero del 25"; compounds of a kind ("Zugbillette"); a shop's latest deleted by name; a lone name
asked about; pounds sterling in Gibraltar."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.conversation import intents as i
from app.conversation.countries import named_place
from app.conversation.kinds import kinds_said
from app.conversation.parser import ParseContext, parse
from app.conversation.periods import two_periods
from app.models import Invoice

TODAY = dt.date(2025, 12, 31)
CTX = ParseContext(today=TODAY, vendors=["Tesco", "Tesco Express", "Greggs", "Boots", "Día", "Movi"],
                   categories=["groceries", "fuel", "transport"], home_currency="GBP", country="GB")


def intent(text: str) -> i.Intent:
    return parse(text, CTX).intent


@pytest.mark.parametrize(("text", "first", "second"), [
    ("nov vs dec, which was dearer", 11, 12), ("compare oct with sept overall", 10, 9),
    ("unterschied okt zu nov?", 10, 11), ("vergleich nov und dez", 11, 12)])
def test_two_month_abbreviations_joined_are_two_months(text, first, second):
    a, b = two_periods(text, TODAY)
    assert (a.period.start.month, b.period.start.month) == (first, second)


def test_two_ordinary_words_joined_are_no_months():
    assert two_periods("the sea and the sun", TODAY) is None


@pytest.mark.parametrize("text", ["whole year on greggs", "y en todo el año de gasofa?",
                                  "combien de TVA j'ai payé sur l'année", "das ganze Jahr bei Boots"])
def test_the_whole_year_is_this_year(text):
    assert intent(text).period == i.Period(start=dt.date(2025, 1, 1), end=dt.date(2026, 1, 1))


@pytest.mark.parametrize("text", ["cuánto gasté en enero del 25", "quanto gastei em janeiro de 25"])
def test_a_month_of_a_two_digit_year(text):
    assert intent(text).period == i.Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 2, 1))


def test_a_month_and_a_day_number_stay_a_day():
    assert intent("how much on january 25").period == i.Period(start=dt.date(2025, 1, 25), end=dt.date(2025, 1, 26))


@pytest.mark.parametrize(("text", "kind"), [("Zugbillette im November?", "train"), ("Busticket", "bus")])
def test_a_compound_names_its_kind(text, kind):
    assert kinds_said(text, "transport") == [kind]


def test_a_compound_of_a_utility_names_its_kind():
    assert kinds_said("Stromrechnung 2025", "utilities") == ["electricity"]


def test_gibraltar_is_pounds_sterling_for_who_paid_in_them():
    assert named_place("en gibraltar", TODAY, "ES", ["EUR", "GBP"])[0] == "GBP"
    assert named_place("en gibraltar", TODAY, "ES", ["EUR", "GIP"])[0] == "GIP"


@pytest.mark.parametrize("text", ["top 3 de 2025", "mes 4 plus grosses dépenses par commerce en 2025"])
def test_a_top_with_no_noun_ranks_the_shops(text):
    assert isinstance(intent(text), i.TopVendors)


def test_a_lone_unknown_name_asked_about_is_said_back():
    said = intent("Decathlon?")
    assert isinstance(said, i.Unresolved) and "decathlon" in [w.casefold() for w in said.words]


def test_the_last_receipt_of_a_shop_named_like_a_word():
    said = intent("borrá el último ticket de Día")
    assert isinstance(said, i.DeleteInvoice) and said.ref.kind == "last" and said.vendor == "Día"


@pytest.fixture
def shopper(make_user, make_invoice):
    user = make_user(number="+447700900191", timezone="Europe/London")
    make_invoice(user, 1, vendor="Deliveroo", total="40.11", currency="GBP", date=dt.date(2025, 5, 1))
    make_invoice(user, 2, vendor="Boots", total="12.89", currency="GBP", date=dt.date(2025, 5, 3))
    make_invoice(user, 3, vendor="Deliveroo", total="19.89", currency="GBP", date=dt.date(2025, 5, 10))
    make_invoice(user, 4, vendor="Deliveroo", total="1240.00", currency="GBP", date=dt.date(2025, 5, 12))
    return user


def _deleted(db_session, user) -> list[int]:
    return sorted(db_session.scalars(select(Invoice.seq).where(Invoice.user_id == user.id,
                                                               Invoice.deleted_at.is_not(None))))


@pytest.mark.parametrize(("answer", "seq"), [("the 1240 one", 4), ("the older one", 1), ("the newest one", 4),
                                             ("la plus petite", 3)])
def test_which_one_is_answered_by_amount_or_rank(db_session, shopper, ask, answer, seq):
    ask(shopper, "show my last 4 receipts")
    assert "?" in ask(shopper, "delete the deliveroo one").body
    ask(shopper, answer)
    assert _deleted(db_session, shopper) == [seq]


def test_hindsight_after_the_amount_corrects_and_adds_nothing(db_session, shopper, ask):
    before = db_session.scalar(select(func.count()).select_from(Invoice).where(Invoice.user_id == shopper.id))
    ask(shopper, "show my last 4 receipts")
    ask(shopper, "a do boots foi 21,89 na verdade")
    rows = db_session.scalar(select(func.count()).select_from(Invoice).where(Invoice.user_id == shopper.id))
    total = db_session.scalar(select(Invoice.total_amount).where(Invoice.user_id == shopper.id, Invoice.seq == 2))
    assert rows == before and total == Decimal("21.89")


def test_undoing_the_deletion_after_a_correction_restores_it(db_session, shopper, ask):
    ask(shopper, "show my last 4 receipts")
    ask(shopper, "delete #1")
    ask(shopper, "the boots one was 21.89 not 12.89")
    ask(shopper, "anula a eliminação")
    total = db_session.scalar(select(Invoice.total_amount).where(Invoice.user_id == shopper.id, Invoice.seq == 2))
    assert _deleted(db_session, shopper) == [] and total == Decimal("21.89")


def test_that_one_after_a_sum_over_several_is_asked_back(db_session, shopper, ask):
    ask(shopper, "how much at deliveroo in may")
    reply = ask(shopper, "delete that one")
    assert "?" in reply.body and _deleted(db_session, shopper) == []


@pytest.mark.parametrize("text", ["el de mercadona eran cincuenta y dos con cincuenta y cuatro, no 25,54",
                                  "the boots one was twenty one eighty nine"])
def test_a_correction_said_in_words_is_never_a_new_expense(text):
    assert not isinstance(intent(text), i.AddExpense)


def test_an_expense_that_says_not_bad_is_still_an_expense():
    assert isinstance(intent("lunch 12.50 not bad"), i.AddExpense)


def test_compare_with_one_month_after_a_question_compares_the_month_just_asked(shopper, ask, make_invoice):
    make_invoice(shopper, 5, vendor="Deliveroo", total="5.00", currency="GBP", date=dt.date(2025, 3, 2))
    ask(shopper, "how much at deliveroo in may")
    reply = ask(shopper, "compare with march")
    first, second = reply.data["periods"]
    totals = {Decimal(first["by_currency"][0]["total"]), Decimal(second["by_currency"][0]["total"])}
    assert totals == {Decimal("5.00"), Decimal("1300.00")}  # May (three Deliveroo orders) against March


@pytest.mark.parametrize(("text", "day"), [("und an Silvester?", dt.date(2025, 12, 31)),
                                           ("quanto gastei no natal", dt.date(2025, 12, 25)),
                                           ("la veille de noël", dt.date(2025, 12, 24))])
def test_a_feast_is_its_day(text, day):
    assert intent(text).period == i.Period(start=day, end=day + dt.timedelta(days=1))


def test_a_month_said_beside_a_feast_wins():
    assert intent("feliz navidad! cuánto gasté en diciembre").period.start == dt.date(2025, 12, 1)


def test_par_rapport_a_compares_and_asks_no_report():
    said = intent("décembre par rapport à novembre, écart ?")
    assert isinstance(said, i.CompareSpending)


def test_a_stroked_letter_folds_to_its_base():
    said = intent("wie viel hab ich im September in Złoty bezahlt")
    assert said.currency == "PLN"


def test_which_shops_took_the_most_is_a_ranking():
    assert isinstance(intent("en qué gasté más en 2025? top 3"), i.TopVendors)


def test_which_month_took_the_most_is_no_ranking_of_shops():
    assert not isinstance(intent("en qué mes gasté más en 2025"), i.TopVendors)


def test_an_average_per_meal_is_no_ranking():
    assert not isinstance(intent("moyenne par repas"), i.TopVendors)


@pytest.mark.parametrize("text", ["soma os dois", "suma los dos", "add the two up"])
def test_adding_the_two_just_asked(text):
    assert parse(text, CTX).mentioned.get("both")


@pytest.fixture
def traveller(make_user, make_invoice):
    user = make_user(number="+447700900192", timezone="Europe/London")
    make_invoice(user, 1, vendor="Albert Heijn", total="20.00", currency="EUR", date=dt.date(2025, 5, 2))
    make_invoice(user, 2, vendor="Tesco", total="30.00", currency="GBP", date=dt.date(2025, 5, 3))
    return user


def test_that_in_pounds_after_euros_is_the_euro_part_converted(traveller, ask):
    ask(traveller, "how much did i spend in euros in may")
    body = ask(traveller, "whats that in pounds").body
    assert "£17.07* (1 invoice)" in body and "€20.00" in body


def test_and_in_pounds_without_that_asks_anew(traveller, ask):
    ask(traveller, "how much did i spend in euros in may")
    assert "(2 invoices)" in ask(traveller, "and in pounds?").body


@pytest.fixture
def driver(make_user, make_invoice):
    user = make_user(number="+351912345678", timezone="Europe/Lisbon")
    make_invoice(user, 1, vendor="Galp", total="55.21", date=dt.date(2025, 5, 3), items=[("Gasóleo", "55.21", "fuel")])
    make_invoice(user, 2, vendor="Galp", total="110.62", date=dt.date(2025, 4, 9), items=[("Gasóleo", "110.62", "fuel")])
    return user


def test_adding_the_two_months_just_asked(driver, ask):
    ask(driver, "gastos com combustível em maio?")
    ask(driver, "e em abril?")
    assert "165,83" in ask(driver, "soma os dois").body


def test_the_difference_between_the_two_is_no_sum(driver, ask):
    ask(driver, "gastos com combustível em maio?")
    ask(driver, "e em abril?")
    body = ask(driver, "Differenz zwischen den beiden").body
    assert "55,41" in body and "165,83" not in body


def test_which_one_is_answered_by_the_day(db_session, shopper, ask):
    ask(shopper, "show my last 4 receipts")
    ask(shopper, "delete the deliveroo one")
    ask(shopper, "the one from may 10")
    assert _deleted(db_session, shopper) == [3]


@pytest.mark.parametrize(("text", "month"), [("and nov?", 11), ("y dic", 12), ("und okt?", 10)])
def test_a_follow_up_that_is_only_a_month(text, month):
    assert intent(text).period.start.month == month


def test_and_may_i_ask_is_no_month():
    assert getattr(intent("and may i ask something"), "period", None) is None


def test_a_capitalised_name_typed_alone_is_said_back():
    said = intent("Chipotle")
    assert isinstance(said, i.Unresolved) and said.words == ("chipotle",)


@pytest.mark.parametrize("text", ["Cool", "Wow", "Hmm"])
def test_an_interjection_alone_is_no_name(text):
    assert not isinstance(intent(text), i.Unresolved)
