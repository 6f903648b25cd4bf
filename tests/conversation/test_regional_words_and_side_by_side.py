"""Issue 10, round 5: words people really use (regional, resumptive, brand names), vendors side by side, a
country as a currency, and follow-ups after a question that was said back."""
import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.parser import ParseContext, parse

NOW = dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)
TODAY = dt.date(2025, 6, 30)


def ctx(**kw):
    base = {"today": TODAY, "vendors": ["Dunnes Stores", "Tesco", "Pastelaria Versailles", "Pastelaria Suíça"],
            "categories": ["groceries", "fuel", "utilities", "transport"]}
    return ParseContext(**{**base, **kw})


@pytest.mark.parametrize("text", ["bin the second one", "trash that", "ditch #4"])
def test_british_throwing_away_deletes(text):
    assert parse(text, ctx()).intent.kind == "delete_invoice"


def test_german_bin_is_not_a_deletion():
    assert parse("ich bin in münchen, was hab ich im mai ausgegeben", ctx()).intent.kind != "delete_invoice"


@pytest.mark.parametrize("text", ["ya no, regrésala", "devuélvela", "traz de volta", "remets-la",
                                  "doch nicht, stell sie wieder her", "hol sie zurück"])
def test_undo_in_the_words_people_use(text):
    assert parse(text, ctx()).intent.kind == "undo_delete"


def test_vendors_against_each_other_are_answered_one_by_one():
    intent = parse("dunnes v tesco in may", ctx()).intent
    assert isinstance(intent, i.SpendingQuery) and intent.each and intent.other_vendors == ("tesco",)
    assert intent.period is not None and intent.period.start == dt.date(2025, 5, 1)


def test_vendors_and_ed_together_are_still_one_sum():
    intent = parse("dunnes and tesco in may", ctx()).intent
    assert isinstance(intent, i.SpendingQuery) and not intent.each


def test_a_later_word_of_one_name_is_that_vendor():
    intent = parse("quantas vezes fui à versailles em maio", ctx()).intent
    assert isinstance(intent, i.SpendingQuery) and intent.vendor == "Pastelaria Versailles"


def test_a_word_two_names_share_is_not_a_vendor():
    assert parse("quanto gastei na pastelaria em maio", ctx()).intent.kind in {"unresolved", "spending"}
    assert getattr(parse("quanto gastei na pastelaria em maio", ctx()).intent, "vendor", None) != "Pastelaria Suíça"


def test_gas_is_petrol_in_canada_and_the_gas_bill_in_britain():
    assert parse("le gaz le mois passé", ctx(country="CA")).intent.category == "fuel"
    assert parse("le gaz le mois passé", ctx(country="FR")).intent.category == "utilities"
    assert parse("how much on gas last month", ctx(country="GB")).intent.category == "utilities"
    assert parse("how much on gas last month", ctx(country="US")).intent.category == "fuel"


def test_a_brand_the_user_never_used_is_said_back_not_read_as_its_category():
    intent = parse("e uber?", ctx())
    assert intent.intent.kind == "unresolved" and intent.intent.words == ("uber",)


def test_a_bare_follow_up_with_an_unknown_name_is_said_back():
    assert parse("and blinkit?", ctx()).intent.kind == "unresolved"


@pytest.mark.parametrize("text,year", [("sprit heuer", True), ("alles zusammen dieses jahr", True)])
def test_austrian_this_year_and_all_together(text, year):
    intent = parse(text, ctx()).intent
    assert isinstance(intent, i.SpendingQuery) and intent.period is not None and intent.period.start.year == 2025


def test_a_swiss_compound_of_one_concept_is_that_category():
    assert parse("wie viel für zugbillette im mai", ctx()).intent.category == "transport"


def test_a_country_abroad_is_its_currency_and_home_is_said_back():
    abroad = parse("was hab ich in deutschland bei tesco ausgegeben", ctx(home_currency="CHF")).intent
    assert isinstance(abroad, i.SpendingQuery) and abroad.currency == "EUR"
    home = parse("was hab ich in deutschland ausgegeben", ctx(home_currency="EUR")).intent
    assert home.kind == "unresolved"


def test_how_much_of_that_narrows_the_previous_figure_to_a_currency():
    parsed = parse("how much of that was in sterling", ctx(home_currency="EUR"))
    assert parsed.elliptical and parsed.mentioned["currency"] == "GBP" and parsed.mentioned["convert_to"] is None


def test_a_resumptive_that_does_not_hide_the_words_before_it():
    assert parse("les frites ça m'a coûté combien en mai", ctx()).intent.kind == "unresolved"


@pytest.fixture
def ie(make_user, make_invoice):
    user = make_user(number="+353871234567")
    rows = ((1, "Dunnes Stores", "40.00", "EUR", 5), (2, "Tesco", "12.50", "EUR", 5), (3, "Tesco", "30.00", "GBP", 5),
            (4, "Tesco", "9.00", "EUR", 4))
    for seq, vendor, total, currency, month in rows:
        make_invoice(user, seq, vendor=vendor, total=total, currency=currency, date=dt.date(2025, month, 10 + seq),
                     category="groceries")
    return user


def test_side_by_side_reply_gives_each_vendor_its_own_figure(ie, ask):
    body = ask(ie, "dunnes v tesco in may", now=NOW).body
    assert "€40.00" in body and "€12.50" in body and "£30.00" in body and "€52.50" not in body


def test_a_follow_up_naming_a_vendor_keeps_the_period_of_a_question_said_back(ie, ask):
    first = ask(ie, "how much at costa coffee in april", now=NOW)
    assert "€" not in first.body
    assert "€9.00" in ask(ie, "and at tesco?", now=NOW).body


def test_a_follow_up_moving_only_the_period_leaves_the_unknown_name_unanswered(ie, ask):
    ask(ie, "how much at costa coffee in april", now=NOW)
    body = ask(ie, "and in may?", now=NOW).body
    assert "costa coffee" in body.lower() and "€" not in body


@pytest.fixture
def au(make_user, make_invoice):
    user = make_user(number="+61412345678")  # a mobile: Perth or Sydney, the number does not say
    make_invoice(user, 1, vendor="Coles", total="20.00", currency="AUD", date=dt.date(2025, 5, 10), category="groceries")
    return user


def test_several_clocks_answer_when_every_clock_gives_the_same_answer(au, ask):
    assert "$20.00" in ask(au, "how much at coles in may", now=NOW).body
    assert au.timezone is None  # nothing was learnt about where the user lives


def test_several_clocks_ask_when_the_day_differs_between_them(au, ask):
    month_end = dt.datetime(2025, 5, 31, 15, 0, tzinfo=dt.UTC)  # June in Sydney, May in Perth
    body = ask(au, "how much this month", now=month_end).body
    assert "Perth" in body and "$" not in body


def test_a_misspelt_vendor_is_offered_and_yes_answers_for_it(ie, ask):
    offer = ask(ie, "how much at tessco in may", now=NOW).body
    assert "*Tesco*" in offer and "€" not in offer
    assert "€12.50" in ask(ie, "yes", now=NOW).body


def test_a_possessive_of_a_vendor_is_that_vendor_not_a_typo(ie, ask):
    assert "€12.50" in ask(ie, "how much at tescos in may", now=NOW).body


@pytest.mark.parametrize("text,seq,value", [("corregí la 141, el total es 14843,35", 141, "14843,35"),
                                            ("corrige la 139 : le montant c'est 51,90", 139, "51,90"),
                                            ("die 151 stimmt nicht, Betrag ist 70,76", 151, "70,76")])
def test_a_correction_names_its_invoice_by_article_and_number(text, seq, value):
    intent = parse(text, ctx()).intent
    assert isinstance(intent, i.CorrectField) and intent.ref.number == seq and intent.value == value


def test_change_it_to_an_amount_corrects_the_total_of_the_invoice_in_focus():
    intent = parse("cámbiala a 35,05", ctx()).intent
    assert isinstance(intent, i.CorrectField) and intent.ref.kind == "it" and intent.field == "total"


@pytest.mark.parametrize("text", ["che cuánto llevo gastado este mes", "mes 4 dernières factures stp",
                                  "Könnten Sie mir bitte sagen, wie viel Mehrwertsteuer ich im ersten Quartal bezahlt habe?",
                                  "las compras que pagué en dólares, cuánto suman?"])
def test_courtesy_and_interjections_are_no_subject(text):
    assert parse(text, ctx()).intent.kind in {"spending", "list_invoices"}


def test_an_average_of_that_is_no_invoice_reference():
    intent = parse("en moyenne ça fait combien un plein chez Aral", ctx(vendors=["Aral"])).intent
    assert isinstance(intent, i.SpendingQuery) and intent.metric == "average" and intent.vendor == "Aral"


def test_receipts_in_a_currency_are_those_paid_in_it_not_a_conversion():
    intent = parse("how much were my receipts in NZD all up?", ctx(home_currency="AUD")).intent
    assert isinstance(intent, i.SpendingQuery) and intent.currency == "NZD" and intent.convert_to is None


def test_a_city_abroad_with_its_currency_narrows_to_that_currency():
    intent = parse("wie viel hab ich in London in Pfund ausgegeben", ctx(home_currency="EUR")).intent
    assert isinstance(intent, i.SpendingQuery) and intent.currency == "GBP" and intent.vendor is None
