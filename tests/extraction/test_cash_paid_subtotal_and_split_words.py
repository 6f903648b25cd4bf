"""A receipt whose only sum is a subtotal paid in cash, labels OCR split inside a word or spelt the German
way ("Rueckgeld"), a date after stray punctuation and a name printed letter by letter with a hyphen."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from textwrap import dedent

import pytest

from app.extraction.dates import find_dates
from app.extraction.offline import extract_fields
from app.extraction.offline.labels import Kind, classify
from app.extraction.offline.names import clean_name
from app.extraction.plaintext import document_from_text
from app.extraction.types import ExtractionResult


def read(text: str) -> ExtractionResult:
    return extract_fields(document_from_text(dedent(text)))


def test_a_subtotal_that_cash_minus_change_confirms_is_the_total():
    result = read("""
        Nordkauf GmbH
        Hauptstr. 3, 10115 Berlin
        Brot 500G        2,39
        Kaese            3,90
        Zwischensumme EUR 6,29
        EURO             10,00
        Rueckgeld EUR     3,71
    """)
    assert result.total_amount == Decimal("6.29")


def test_a_subtotal_no_cash_payment_confirms_is_not_taken_for_the_total():
    result = read("""
        Nordkauf GmbH
        Brot 500G        2,39
        Zwischensumme EUR 6,29
        Rueckgeld EUR     3,71
    """)
    assert result.total_amount is None


def test_a_label_split_by_ocr_inside_a_word_is_read_joined():
    assert classify("zwi schensumme eur") is Kind.SUBTOTAL
    assert classify("to tal") in (Kind.TOTAL, Kind.GRAND_TOTAL)


def test_change_spelt_with_ue_is_change():
    assert classify("rueckgeld eur") is Kind.CHANGE


def test_a_date_after_stray_punctuation_is_read_but_not_inside_a_number():
    assert [d.value for d in find_dates("Dat. .31.08.2015 Zeit19:22", day_first=True)] == [dt.date(2015, 8, 31)]
    assert find_dates("1.31.08.2015", day_first=True) == []


def test_a_name_printed_letter_by_letter_with_a_hyphen_is_one_name():
    assert clean_name("P E N N Y - M A R K T GmbH") == "PENNY-MARKT GmbH"
    assert clean_name("SPAR - Markt") == "SPAR - Markt"


def test_the_currency_named_in_the_totals_label_is_the_currency():
    result = read("""
        CENTRAL PARK TERRAZZA
        1 PIZZA MARGHERITA 18,00
        Total Euro : 18,00
    """)
    assert result.currency == "EUR"


def test_a_total_whose_decimal_point_ocr_set_apart_is_read_when_the_card_payment_agrees():
    result = read("""
        FIVE GUYS BURGERS AND FRIES
        1 x Fry 7.00
        1 x Burger 17.75
        Elec. Pay. EUR 24.75
        Total EUR 24. 75
    """)
    assert result.total_amount == Decimal("24.75")


@pytest.mark.parametrize("heading", ["Emporter", "* VENTE *", "Take away", "Zum Mitnehmen"])
def test_how_the_order_was_served_is_never_the_vendor(heading):
    assert read(f"{heading}\nCafé Americano 3,29\nTotal 3,29").vendor != clean_name(heading)


def test_a_store_number_after_the_name_is_not_part_of_it():
    assert read("Tim Hortons # 102593\n666 Rue Sherbrooke O, Montreal, QC, H3A 0B2\n514-286-0404\nCafe $3.29\n"
                "Grand Total $3.29").vendor == "Tim Hortons"
