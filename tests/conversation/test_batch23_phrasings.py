"""Issue 10, batch 23: amounts said in words ("twenty one fifty", "seis mil y pico"), a whole amount without its
cents, a place that is the whole of a follow-up ("pis Boston?", "und London?"), a town abroad ("z Konstanz"),
"KL", "the dublin trip" beside Dublin Bus, Swiss German spellings, "Differenz zum Februar", "jan last year",
"i mean", "hier soir", "la más gorda", chatter around a question, "what did I buy this month"."""
import datetime as dt
from decimal import Decimal

import pytest

from app.conversation import intents as i
from app.conversation.dates import Period
from app.conversation.number_words import in_digits
from app.conversation.parser import ParseContext, parse
from app.conversation.slots import known_words
from app.conversation.spelling import swiss_standard

TODAY = dt.date(2026, 3, 1)
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
FEB = Period(start=dt.date(2026, 2, 1), end=dt.date(2026, 3, 1))


def ctx(**fields) -> ParseContext:
    base = {"today": TODAY, "vendors": ["SuperValu", "Dublin Bus", "Musimundo", "Volg", "Flipkart"],
            "categories": ["groceries", "fuel"], "home_currency": "GBP", "country": "GB"}
    return ParseContext(**{**base, **fields})


@pytest.mark.parametrize("said, language, digits", [
    ("the boojum one was actually twenty one fifty", "en", "the boojum one was actually 21.50"),
    ("eran doce cincuenta no quince", "es", "eran 12.50 no 15"),
    ("fueron ciento cincuenta mil justos", "es", "fueron 150000 justos"),
    ("a de cento e oitenta e oito", "pt", "a de 188"),
    ("foi duzentos e vinte e nove e noventa, não 249,90", "pt", "foi 229.90, não 249,90"),
    ("in twenty twenty five", "en", "in 2025"),
    ("delete that one", "en", "delete that one"),
    ("sept last year", "en", "sept last year"),
])
def test_numbers_said_in_words_are_written_in_digits(said, language, digits):
    assert in_digits(said, language) == digits


def test_numbers_in_words_are_left_alone_without_a_language_we_read():
    assert in_digits("vingt-deux", None) == "vingt-deux"


@pytest.mark.parametrize("word, standard", [
    ("quittige", "quittungen"), ("iichauf", "einkauf"), ("zweiti", "zweite"), ("druf", "drauf"),
    ("tankfullig", "tankfullung"), ("lade", "laden"), ("mangisch", "oft"),
])
def test_swiss_german_spellings_read_as_standard_german(word, standard):
    assert swiss_standard(word, known_words()) == standard


@pytest.mark.parametrize("word", ["amigo", "aqui", "cosas"])
def test_words_of_other_languages_are_not_read_as_swiss_german(word):
    assert swiss_standard(word, known_words()) is None


def test_the_last_three_receipts_in_swiss_german_is_a_list():
    intent = parse("die letschte 3 Quittige bitte", ctx(country="CH", home_currency="CHF")).intent
    assert isinstance(intent, i.ListInvoices) and intent.limit == 3


def test_a_month_abbreviation_with_last_year_is_that_month():
    intent = parse("and supervalu in jan last year?", ctx()).intent
    assert intent.period == Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 2, 1)) and intent.vendor == "supervalu"


@pytest.mark.parametrize("text", ["oii quanto gastei esse mês?", "holaa cuánto gasté este mes", "heyyy how much this month"])
def test_a_drawn_out_greeting_is_a_greeting(text):
    assert isinstance(parse(text, ctx()).intent, i.SpendingQuery)


def test_i_mean_is_no_average():
    assert parse("and last month? like the whole of feb i mean", ctx()).intent.metric == "total"


def test_last_night_is_yesterday():
    assert parse("combien j'ai claqué hier soir ?", ctx()).intent.period == Period(start=dt.date(2026, 2, 28), end=TODAY)


@pytest.mark.parametrize("text", ["cuál fue la factura más gorda del año pasado", "la plus salée de l'année dernière"])
def test_slang_for_the_dearest_is_the_biggest_invoice(text):
    assert isinstance(parse(text, ctx()).intent, i.BiggestInvoice)


@pytest.mark.parametrize("text, currency", [
    ("oye una cosa que estaba pensando el otro día, cuánto me gasté al final en Praga", "CZK"),
    ("also ich hab grad überlegt wie viel ich eigentlich in Krakau ausgegeben hab, weißt du das?", "PLN"),
])
def test_chatter_around_a_question_is_not_an_unknown_name(text, currency):
    intent = parse(text, ctx(currencies=["GBP", "CZK", "PLN"])).intent
    assert isinstance(intent, i.SpendingQuery) and intent.currency == currency


def test_the_trip_to_a_city_is_the_city_even_beside_a_vendor_named_after_it():
    intent = parse("how much did the dublin trip in august cost me", ctx(currencies=["GBP", "EUR"])).intent
    assert intent.currency == "EUR" and intent.vendor is None


def test_kl_is_kuala_lumpur():
    assert parse("hi what did i spend in KL", ctx(currencies=["INR", "MYR"], home_currency="INR")).intent.currency == "MYR"


def test_a_town_abroad_is_read_where_its_currency_was_paid():
    context = ctx(country="CH", home_currency="CHF", currencies=["CHF", "EUR"])
    assert parse("wieviel han ich z Konstanz usgeh", context).intent.currency == "EUR"


def test_a_place_alone_in_a_follow_up_needs_its_currency_among_the_users():
    assert parse("pis Boston?", ctx(currencies=["CAD", "USD"], home_currency="CAD", country="CA")).intent.currency == "USD"
    unpaid = parse("pis Boston?", ctx(currencies=["CAD"], home_currency="CAD", country="CA")).intent
    assert isinstance(unpaid, i.Unresolved) and unpaid.words == ("boston",)


def test_the_correction_after_saying_it_was_wrong():
    intent = parse("y la de musimundo estaba mal, fueron 150000 justos", ctx()).intent
    assert isinstance(intent, i.CorrectField) and intent.value == "150000" and intent.vendor == "musimundo"


def test_a_budget_word_after_the_question_is_an_aside():
    assert not isinstance(parse("combien de gaz en janvier? faut que je checke mon budget", ctx()).intent, i.BudgetStatus)
    assert isinstance(parse("quanto gastei? e o meu orçamento?", ctx()).intent, i.BudgetStatus)


def test_the_one_for_a_whole_amount_is_the_invoice_without_its_cents(make_user, make_invoice, ask):
    user = make_user("+919812345678")
    make_invoice(user, 1, vendor="Tata 1mg", total="1486.25", currency="INR", date=dt.date(2026, 2, 23))
    make_invoice(user, 2, vendor="Tata 1mg", total="705.55", currency="INR", date=dt.date(2026, 2, 27))
    ask(user, "show my last 5 bills", now=NOW)
    ask(user, "delete the tata 1mg one", now=NOW + dt.timedelta(seconds=30))
    body = ask(user, "the one for seven hundred and five", now=NOW + dt.timedelta(seconds=60)).body
    assert "#2" in body and "#1" not in body


def test_six_thousand_and_a_bit_is_the_one_between_six_and_seven_thousand(make_user, make_invoice, ask):
    user = make_user("+5492215551234", language="es")
    make_invoice(user, 1, vendor="SUBE", total="7449.67", currency="ARS", date=dt.date(2026, 2, 17))
    make_invoice(user, 2, vendor="SUBE", total="6163.68", currency="ARS", date=dt.date(2026, 2, 20))
    make_invoice(user, 3, vendor="SUBE", total="12454.10", currency="ARS", date=dt.date(2026, 2, 27))
    ask(user, "mostrame las últimas 3 facturas", now=NOW)
    ask(user, "borrá la de la sube", now=NOW + dt.timedelta(seconds=30))
    body = ask(user, "la de seis mil y pico", now=NOW + dt.timedelta(seconds=60)).body
    assert "#2" in body and "6.163,68" in body


def test_a_price_said_in_words_corrects_the_total(make_user, make_invoice, ask, db_session):
    user = make_user("+447700900123")
    invoice = make_invoice(user, 1, vendor="Boojum", total="12.19", currency="GBP", date=dt.date(2026, 2, 20))
    ask(user, "the boojum one was actually twenty one fifty", now=NOW)
    db_session.refresh(invoice)
    assert invoice.total_amount == Decimal("21.50")


def test_the_difference_to_a_month_is_against_the_month_just_asked_about(make_user, make_invoice, ask):
    user = make_user("+41791234567")
    make_invoice(user, 1, vendor="Volg", total="40.00", currency="CHF", date=dt.date(2025, 2, 10))
    make_invoice(user, 2, vendor="Volg", total="50.00", currency="CHF", date=dt.date(2026, 2, 10))
    ask(user, "wieviel im Februar letschts Jahr", now=NOW)
    body = ask(user, "Differenz zum Februar 2026?", now=NOW + dt.timedelta(seconds=30)).body
    assert "10.00" in body


def test_what_was_bought_in_a_month_with_one_invoice_shows_its_lines(make_user, make_invoice, ask):
    user = make_user("+919812345679")
    make_invoice(user, 1, vendor="Flipkart", total="1299.00", currency="INR", date=dt.date(2026, 3, 1),
                 items=[("boAt earphones", "1299.00", None)])
    make_invoice(user, 2, vendor="Flipkart", total="499.00", currency="INR", date=dt.date(2026, 2, 1))
    assert "boAt earphones" in ask(user, "what did i buy this month", now=NOW).body


@pytest.mark.parametrize("text, left_out", [
    ("quanto gastei em tudo menos o ifood em novembro?", ("ifood",)),
    ("everything except amazon and shell this year", ("amazon", "shell")),
    ("alles außer Amazon im November", ("Amazon",)),
])
def test_shops_left_out_are_left_out_not_asked_about(text, left_out):
    intent = parse(text, ctx(vendors=["iFood", "Amazon", "Shell"])).intent
    assert isinstance(intent, i.SpendingQuery) and intent.vendor is None
    assert tuple(v.casefold() for v in intent.except_vendors) == tuple(v.casefold() for v in left_out)


def test_less_at_a_shop_is_no_exclusion():
    intent = parse("gastei menos no ifood?", ctx(vendors=["iFood"])).intent
    assert intent.vendor == "ifood" and intent.except_vendors == ()


def test_a_place_left_out_is_its_currency_left_out():
    intent = parse("e em agosto, sem contar o Brasil", ctx(currencies=["EUR", "BRL"], home_currency="EUR")).intent
    assert intent.except_currency == "BRL"


def test_a_category_left_out_is_said_back_not_answered():
    intent = parse("quanto gastei sem contar o combustível", ctx()).intent
    assert isinstance(intent, i.Unresolved)


def test_everything_but_one_shop_sums_the_others(make_user, make_invoice, ask):
    user = make_user("+5519991234567", language="pt")
    make_invoice(user, 1, vendor="iFood", total="50.00", currency="BRL", date=dt.date(2026, 2, 3))
    make_invoice(user, 2, vendor="Pão de Açúcar", total="120.00", currency="BRL", date=dt.date(2026, 2, 4))
    make_invoice(user, 3, vendor="Shell", total="200.00", currency="BRL", date=dt.date(2026, 2, 5))
    body = ask(user, "quanto gastei em tudo menos o ifood em fevereiro?", now=NOW).body
    assert "320,00" in body and "sem iFood" in body
    assert "50,00" in ask(user, "e o ifood?", now=NOW + dt.timedelta(seconds=30)).body


def test_what_was_on_the_biggest_is_the_one_in_the_main_currency(make_user, make_invoice, ask):
    user = make_user("+34612345678", language="es")
    make_invoice(user, 1, vendor="El Corte Inglés", total="156.34", currency="EUR", date=dt.date(2025, 5, 2),
                 items=[("Perfume", "156.34", None)])
    make_invoice(user, 2, vendor="Mercadona", total="40.00", currency="EUR", date=dt.date(2025, 6, 2))
    make_invoice(user, 3, vendor="Albert", total="699.48", currency="CZK", date=dt.date(2025, 4, 27),
                 items=[("Pivo", "699.48", None)])
    ask(user, "cuál fue la factura más gorda del año pasado", now=NOW)
    assert "Perfume" in ask(user, "qué llevaba", now=NOW + dt.timedelta(seconds=30)).body


def test_a_remark_after_the_question_that_names_nothing_leaves_the_question():
    intent = parse("combien de gaz en janvier? faut que je checke mon budget", ctx(country="CA")).intent
    assert isinstance(intent, i.SpendingQuery) and intent.category == "fuel"  # "gaz": petrol in Québec


@pytest.mark.parametrize("text", ["how much in january? at costa coffee", "how much in january? Costa Coffee"])
def test_a_remark_that_may_name_a_shop_is_not_dropped(text):
    assert parse(text, ctx()).intent.vendor is not None
