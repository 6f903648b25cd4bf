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


# --- net amounts --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["total sin iva de mayo", "quanto gastei sem IVA", "net spending", "total excl. VAT",
                                  "amount before tax", "montant hors taxes", "montant HT", "Nettobetrag",
                                  "ohne MwSt", "gastos netos"])
def test_the_amount_before_tax_is_net_not_tax(text):
    assert intent(text).metric == "net"


@pytest.mark.parametrize("text", ["how much vat did i pay", "cuanto iva pague", "TVA payée"])
def test_tax_alone_is_still_tax(text):
    assert intent(text).metric == "tax"


# --- comparisons --------------------------------------------------------------------------------------

MAY, APRIL, JUNE = p("2025-05-01", "2025-06-01"), p("2025-04-01", "2025-05-01"), p("2025-06-01", "2025-07-01")


@pytest.mark.parametrize("text", ["may vs april", "may versus april", "compare may with april", "compara mayo y abril",
                                  "gastei mais em maio ou em abril?", "comparer mai et avril",
                                  "vergleiche Mai mit April", "did I spend more in may than in april"])
def test_two_periods_with_a_comparison_word_are_compared_in_the_order_said(text):
    assert intent(text) == i.CompareSpending(period=MAY, other_period=APRIL)


@pytest.mark.parametrize("text", ["did i spend more than last month?", "¿gasté más que el mes pasado?",
                                  "compared to last month", "gastei menos do que no mês passado?"])
def test_one_period_against_than_is_compared_with_the_current_one(text):
    assert intent(text) == i.CompareSpending(period=JUNE, other_period=MAY)


def test_the_current_period_alone_is_compared_with_the_one_before():
    assert intent("did I spend more this month?") == i.CompareSpending(period=p("2025-05-01", "2025-06-01"),
                                                                       other_period=JUNE)


def test_a_comparison_keeps_its_filters_and_metric():
    assert intent("fuel tax may vs april") == i.CompareSpending(metric="tax", period=MAY, other_period=APRIL,
                                                                category="fuel")
    assert intent("Shell may vs april").vendor == "Shell"


@pytest.mark.parametrize("text", ["how much did i spend last month", "cuánto gasté más o menos en mayo",
                                  "invoices from march to april", "how much more or less in may",
                                  "donde gasto mas dinero"])
def test_without_two_things_to_compare_there_is_no_comparison(text):
    assert not isinstance(intent(text), i.CompareSpending)


# --- corrections --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, ref, field, value", [
    ("fix #4: vendor Shell", 4, "vendor", "Shell"),
    ("#9: total 12.40", 9, "total", "12.40"),
    ("corrige la #2: fecha 3 de junio", 2, "date", "3 de junio"),
    ("set #4 total 20", 4, "total", "20"),
    ("change the dates of #3 to 5 june", 3, "date", "5 june"),
    ("cambia las fechas de la #3 a 5 de junio", 3, "date", "5 de junio"),
])
def test_a_field_and_its_value_after_a_reference_is_a_correction(text, ref, field, value):
    assert intent(text) == i.CorrectField(ref=i.InvoiceRef.seq(ref), field=field, value=value)


@pytest.mark.parametrize("text", ["#4: total?", "#3 total", "#5: what's the total", "show #3: vendor"])
def test_a_field_named_without_a_value_or_verb_is_not_a_correction(text):
    assert not isinstance(intent(text), i.CorrectField)


# --- vendors not on file ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, vendor", [("how much at aldi", "aldi"), ("cuánto gasté en eroski", "eroski"),
                                          ("quanto gastei em worten", "worten"), ("combien chez auchan", "auchan"),
                                          ("wie viel bei rewe", "rewe"), ("spent at burger king last week",
                                                                          "burger king")])
def test_an_unknown_lowercase_name_after_at_is_a_vendor_filter(text, vendor):
    assert intent(text).vendor == vendor


@pytest.mark.parametrize("text", ["how much did i spend at home", "cuanto gaste en efectivo", "how much at the moment",
                                  "quanto gastei no total", "how much in may", "cuanto gaste en gasolina",
                                  "how much in euros", "quanto gastei no cartao"])
def test_ordinary_words_after_at_are_not_vendors(text):
    assert intent(text).vendor is None


# --- rankings within a category -----------------------------------------------------------------------

@pytest.mark.parametrize("text, category", [("where do i spend most on fuel", "fuel"),
                                            ("en qué gasolinera gasto más", "fuel"),
                                            ("top restaurants", "restaurant"),
                                            ("em que supermercado gasto mais", "groceries")])
def test_top_vendors_can_be_asked_within_a_category(text, category):
    assert intent(text) == i.TopVendors(category=category)


def test_a_category_before_an_invoice_noun_is_not_a_kind_of_shop():
    assert intent("biggest fuel invoice") == i.BiggestInvoice(category="fuel")
    assert intent("a maior conta de restaurante em maio") == i.BiggestInvoice(category="restaurant", period=MAY)


def test_a_colon_glued_to_the_reference_still_introduces_the_value():
    assert intent("change the vendor of the last one: Galp") == i.CorrectField(ref=i.LAST, field="vendor",
                                                                               value="Galp")


@pytest.mark.parametrize("text", ["the last fortnight", "la quincena pasada", "a última quinzena"])
def test_a_fortnight_is_the_last_fourteen_days(text):
    assert parse_period(text, TODAY) == p("2025-06-05", "2025-06-19")
