"""Issue 10, round after batch 20: a shop asked about earlier in the same period keeps that period when it comes
back; "the same month in 2024" after a month is that month of 2024; a month abbreviation ending a question; "which
month was higher"; "ever"; "GST on that" after a sum; "what would that be in euros"; "là-bas" keeps the shop."""
from __future__ import annotations

import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.dates import find_period, month, year
from app.conversation.parser import ParseContext, parse
from app.conversation.period_shifts import said_shift
from app.conversation.periods import shifted
from app.conversation.text import fold

NOW = dt.datetime(2025, 12, 30, 17, 0, tzinfo=dt.UTC)


@pytest.fixture
def es(make_user, make_invoice):
    user = make_user(number="+34612345678")
    rows = ((1, "Iberdrola", "60.00", dt.date(2024, 3, 5), "utilities"),
            (2, "Iberdrola", "80.00", dt.date(2025, 3, 5), "utilities"),
            (3, "Iberdrola", "70.00", dt.date(2025, 7, 5), "utilities"),
            (4, "Aguas de Valencia", "30.00", dt.date(2025, 4, 2), "utilities"),
            (5, "Mercadona", "25.00", dt.date(2024, 12, 9), "groceries"),
            (6, "Mercadona", "45.00", dt.date(2025, 12, 9), "groceries"),
            (7, "Lidl", "15.00", dt.date(2024, 12, 12), "groceries"))
    for seq, vendor, total, date, category in rows:
        make_invoice(user, seq, vendor=vendor, total=total, currency="EUR", date=date, category=category)
    return user


def test_a_shop_asked_about_earlier_in_the_same_period_keeps_it(es, ask):
    ask(es, "cuánto pagué a Iberdrola este año", now=NOW)
    ask(es, "y a Aguas de Valencia?", now=NOW)
    body = ask(es, "media de Iberdrola", now=NOW).body
    assert "2025" in body and "75,00" in body  # (80 + 70) / 2, not the 70,00 of all three bills


def test_a_shop_asked_about_in_another_period_asks_anew(es, ask):
    ask(es, "cuánto pagué a Iberdrola en 2024", now=NOW)
    ask(es, "y a Aguas de Valencia este año?", now=NOW)
    assert "210,00" in ask(es, "cuánto pagué a Iberdrola", now=NOW).body  # all time: 60 + 80 + 70


def test_the_same_month_of_a_year_said_moves_the_last_month(es, ask):
    ask(es, "cuánto en Mercadona en diciembre", now=NOW)
    body = ask(es, "y en el mismo mes de 2024?", now=NOW).body
    assert "25,00" in body and "45,00" not in body


@pytest.mark.parametrize("text", ["and the same month of 2024", "e no mesmo mês de 2024", "y el mismo mes del 2024",
                                  "et le même mois en 2024", "und im selben Monat 2024"])
def test_the_same_month_of_a_year_is_a_shift(text):
    shift, rest = said_shift(fold(text))
    assert shift == "month_in:2024" and "2024" not in rest


def test_the_same_month_of_a_year_after_a_year_is_this_month_then():
    assert shifted(year(2025), "month_in:2023", dt.date(2025, 5, 20)) == month(2023, 5)


@pytest.mark.parametrize(("text", "month_number"), [("electricity bill dec?", 12), ("how much on fuel nov", 11),
                                                    ("spent on uber oct.", 10), ("Strom okt?", 10)])
def test_a_month_abbreviation_ending_the_question_is_that_month(text, month_number):
    found = find_period(fold(text), dt.date(2026, 1, 15))
    assert found is not None and found.period == month(2025 if month_number > 1 else 2026, month_number)


@pytest.mark.parametrize("text", ["mostra as ultimas dez", "how much at the sea mar?", "shop set", "dec"])
def test_a_word_that_is_also_an_abbreviation_is_no_month_alone(text):
    assert find_period(fold(text), dt.date(2026, 1, 15)) is None


def test_which_month_was_higher_compares_the_two_just_asked(es, ask):
    ask(es, "cuánto en Mercadona en diciembre de 2024", now=NOW)
    ask(es, "y en diciembre de 2025?", now=NOW)
    body = ask(es, "cuál mes fue mayor", now=NOW).body
    assert "25,00" in body and "45,00" in body and "20,00" in body


def test_ever_is_all_time(es, ask):
    ask(es, "cuánto en Mercadona en diciembre", now=NOW)
    assert "70.00" in ask(es, "what did I spend at Mercadona ever", now=NOW).body


def test_a_metric_on_that_after_a_sum_is_that_sum_in_the_metric(make_user, make_invoice, ask):
    user = make_user(number="+919812345678")
    for seq, total, tax in ((1, "100.00", "5.00"), (2, "200.00", "10.00"), (3, "50.00", "2.50")):
        make_invoice(user, seq, vendor="Apollo Pharmacy" if seq < 3 else "Shell", total=total, tax=tax,
                     currency="INR", date=dt.date(2025, 3, seq), category="health" if seq < 3 else "fuel")
    ask(user, "how much did i spend on medicines in march", now=NOW)
    body = ask(user, "how much gst on that", now=NOW).body
    assert "15.00" in body and "#" not in body


def test_what_that_would_be_in_the_home_currency_converts_the_part_just_asked(make_user, make_invoice, ask):
    user = make_user(number="+4915112345678")
    make_invoice(user, 1, vendor="Biedronka", total="100.00", currency="PLN", date=dt.date(2025, 9, 3))
    make_invoice(user, 2, vendor="REWE", total="30.00", currency="EUR", date=dt.date(2025, 9, 4))
    ask(user, "wie viel hab ich im September in Złoty bezahlt", now=NOW)
    body = ask(user, "wie viel wäre das in euro", now=NOW).body
    assert "100,00\xa0PLN" in body and "30,00" not in body


def test_there_keeps_the_shop_whatever_kind_of_thing_is_named(es, ask):
    ask(es, "combien chez Mercadona en 2025", now=NOW)
    body = ask(es, "moyenne par achat là bas", now=NOW).body
    assert "Mercadona" in body and "45,00" in body


CTX = ParseContext(today=dt.date(2025, 12, 30), vendors=["Leclerc", "Rossmann", "Viteos", "Coles", "Pal Dhaba"],
                   categories=["fuel", "groceries"], home_currency="EUR")


def read(text: str) -> i.Intent:
    return parse(text, CTX).intent


@pytest.mark.parametrize("text", ["mostrame ese ticket", "montre-le moi", "zeig mir die Rechnung", "show me the receipt"])
def test_the_invoice_just_spoken_of_is_shown(text):
    said = read(text)
    assert isinstance(said, i.ShowInvoice) and said.ref.kind == "it"


def test_the_invoice_with_more_words_after_it_is_no_reference():
    assert not isinstance(read("show me the invoice from Leclerc"), i.ShowInvoice)


@pytest.mark.parametrize(("text", "value"), [("der war eigentlich 12,70", "12,70"), ("das war eigentlich 12,70", "12,70"),
                                             ("essa era de 41,08, enganei-me", "41,08"), ("elle était de 117,40", "117,40"),
                                             ("that one was 14.20, my bad", "14.20")])
def test_the_total_restated_with_a_pronoun_is_a_correction(text, value):
    said = read(text)
    assert isinstance(said, i.CorrectField) and said.field == "total" and said.value == value


def test_a_correction_of_a_listed_one_with_the_verb_after_it():
    said = read("la segunda era de 53,10, no de 51,36, corrígelo")
    assert isinstance(said, i.CorrectField) and said.ref == i.InvoiceRef.listed(2) and said.value == "53,10"


def test_a_shop_and_its_amount_with_a_request_to_fix_it_is_a_correction():
    said = read("la facture Viteos de décembre était de 117,40, corrige stp")
    assert isinstance(said, i.CorrectField) and said.vendor == "Viteos" and said.value == "117,40"


@pytest.mark.parametrize("text", ["non attends, annule", "nein warte, abbrechen"])
def test_no_wait_cancel_is_a_cancel(text):
    assert isinstance(read(text), i.Cancel)


@pytest.mark.parametrize("text", ["et le mois d'après ?", "and the month after?", "y el mes siguiente", "e no mês seguinte?",
                                  "und den Monat danach?"])
def test_the_month_after_is_a_shift_forward(text):
    assert said_shift(fold(text))[0] == "after"


@pytest.mark.parametrize(("base", "after"), [(month(2025, 11), month(2025, 12)), (year(2024), year(2025))])
def test_one_step_on(base, after):
    assert shifted(base, "after", dt.date(2025, 12, 30)) == after


def test_junto_is_no_june():
    said = read("y si junto noviembre y diciembre, cuánto de súper?")
    assert isinstance(said, i.CompareSpending) and said.period == month(2025, 11) and said.other_period == month(2025, 12)


def test_the_same_month_this_year():
    assert said_shift(fold("y el mismo mes de este año?"))[0] == "month_in:this"
    assert shifted(month(2024, 12), "month_in:this", dt.date(2025, 12, 30)) == month(2025, 12)


@pytest.mark.parametrize(("text", "metric"), [("im Schnitt?", "average"), ("qual é a média por visita?", "average"),
                                              ("quantas notas eu mandei esse ano?", "count"),
                                              ("ok full december total pls", "total"),
                                              ("Kia ora! what have I spent so far this year?", "total")])
def test_everyday_words_around_a_question_are_no_names(text, metric):
    said = read(text)
    assert isinstance(said, i.SpendingQuery) and said.metric == metric


def test_quittances_are_invoices():
    said = read("montre-moi mes 3 dernières quittances")
    assert isinstance(said, i.ListInvoices) and said.limit == 3


@pytest.mark.parametrize(("text", "vendor"), [("whats the most i ever paid at pal dhaba", "pal dhaba"),
                                              ("c'était quoi mon plus gros ticket Leclerc ?", "Leclerc"),
                                              ("biggest coles shop over there?", "coles")])
def test_the_biggest_one_of_a_shop(text, vendor):
    said = read(text)
    assert isinstance(said, i.BiggestInvoice) and not said.smallest and said.vendor == vendor


@pytest.mark.parametrize(("text", "code"), [("and only the rupee bills in oct, no conversion", "INR"),
                                            ("y en libras solo?", "GBP"), ("only the euro ones", "EUR")])
def test_bills_in_a_currency_are_those_paid_in_it(text, code):
    said = parse(text, ParseContext(today=dt.date(2025, 12, 30), vendors=[], categories=[], home_currency="INR")).intent
    assert isinstance(said, i.SpendingQuery) and said.currency == code and said.convert_to is None and said.vendor is None


@pytest.mark.parametrize("text", ["y de IVA en todo noviembre?", "et tout septembre, converti en euros ?",
                                  "e julho inteiro, tudo convertido em reais?", "e abril ao todo, convertido para euros?"])
def test_all_of_a_month_is_every_shop(text):
    assert parse(text, CTX).mentioned.get("everything")


def test_delete_the_last_one_under_a_list_asks_then_takes_the_shop_named(es, ask):
    ask(es, "show my last 3 invoices", now=NOW)
    reply = ask(es, "and delete the last one", now=NOW)
    assert reply.data.get("problem") == "ambiguous"
    body = ask(es, "the lidl one", now=NOW).body
    assert "#7" in body


def test_a_day_after_a_shop_is_everything_that_day(es, ask):
    ask(es, "cuánto en Mercadona en diciembre de 2024", now=NOW)
    body = ask(es, "y el 12 de diciembre de 2024?", now=NOW).body
    assert "15,00" in body and "Mercadona" not in body  # Lidl's receipt that day


def test_how_much_in_total_after_a_count_is_what_those_came_to(es, ask):
    ask(es, "cuántas veces fui a Iberdrola en 2025?", now=NOW)
    body = ask(es, "y cuánto fue en total?", now=NOW).body
    assert "150,00" in body and "Iberdrola" in body


def test_an_average_after_the_dearest_one_is_the_average_of_that_scope(es, ask):
    ask(es, "la factura más cara de Iberdrola en 2025", now=NOW)
    body = ask(es, "y en promedio?", now=NOW).body
    assert "75,00" in body


@pytest.mark.parametrize("text", ["e a média por visita?", "et en moyenne par repas ?", "média por conta lá?"])
def test_per_visit_is_the_place_just_asked_about(es, ask, text):
    ask(es, "cuánto pagué a Iberdrola este año", now=NOW)
    body = ask(es, text, now=NOW).body
    assert "Iberdrola" in body and "75,00" in body


def test_a_kind_of_place_written_as_a_name_is_the_one_shop_so_named(make_user, make_invoice, ask):
    user = make_user(number="+351912345678")
    make_invoice(user, 1, vendor="Taberna Típica", total="30.00", date=dt.date(2024, 12, 5), category="restaurants")
    make_invoice(user, 2, vendor="Casa Pasto", total="20.00", date=dt.date(2024, 12, 6), category="restaurants")
    assert "30,00" in ask(user, "e na Taberna em dezembro do ano passado?", now=NOW).body
    assert "50,00" in ask(user, "quanto gastei na taberna em dezembro do ano passado?", now=NOW).body


def test_a_german_noun_is_no_name(make_user, make_invoice):
    said = parse("wie viel in der Apotheke im Mai", ParseContext(
        today=dt.date(2025, 12, 30), vendors=["Apotheke am Markt"], categories=["health"], home_currency="EUR")).intent
    assert isinstance(said, i.SpendingQuery) and said.vendor is None


def test_the_last_one_to_correct_under_a_list_is_the_latest(es, ask):
    ask(es, "show my last 3 invoices", now=NOW)
    assert "#7" in ask(es, "the total of the last one should be 16.00", now=NOW).body  # the latest, not a shop "total"


def test_delete_the_last_one_after_picking_from_the_list_still_asks(es, ask):
    ask(es, "show my last 3 invoices", now=NOW)
    ask(es, "the 2nd one was actually 46.00", now=NOW)
    assert ask(es, "delete the last one", now=NOW).data.get("problem") == "ambiguous"
