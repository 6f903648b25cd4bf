"""Shapes seen on the seventh set of real receipts: a currency sign OCR read as a leading digit of the total, a
date run into a misread colon, a total label whose amount sits on the next line after the currency word, a
one-word logo OCR slipped on that the page spells right elsewhere, and India's PAN and "Pvt. Ltd." as cues."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from textwrap import dedent

import pytest

from app.extraction.currencies import is_currency_word
from app.extraction.dates import find_dates
from app.extraction.offline import extract_fields
from app.extraction.offline.country import country_cues
from app.extraction.offline.garbled_totals import symbol_glued
from app.extraction.plaintext import document_from_text


def read(text: str):
    return extract_fields(document_from_text(dedent(text)))


@pytest.mark.parametrize(("total", "subtotals", "taxes", "unglued"), [
    ("3590.00", ["590.00"], [], "590.00"),  # "₹590.00" read "3590.00", no tax printed
    ("512.00", ["11.00"], ["1.00"], "12.00"),  # "$12.00" read "512.00"
])
def test_a_currency_sign_read_as_a_digit_comes_off(total, subtotals, taxes, unglued):
    assert symbol_glued(Decimal(total), [Decimal(s) for s in subtotals], [Decimal(t) for t in taxes]) == Decimal(unglued)


@pytest.mark.parametrize(("total", "subtotals", "taxes"), [
    ("1590.00", ["500.00"], []),  # the rest adds up to nothing printed
    ("9.00", ["9.00"], []),  # one digit: nothing to take off
])
def test_a_total_that_adds_up_otherwise_keeps_its_digits(total, subtotals, taxes):
    assert symbol_glued(Decimal(total), [Decimal(s) for s in subtotals], [Decimal(t) for t in taxes]) is None


def test_a_receipt_whose_rupee_sign_was_read_as_a_three():
    fields = read("""\
        KING'S
        TAKE AWAY DHABA
        Manjeera nagar sangareddy
        Mobile +91-7993055145
        Bill Number:000243 :24/12/2020 08:54 PM
        1 TANDURI ROTI        12.000   15.00  180.00
        2 K SPL CHIK W/B P     1.000  300.00  300.00
        3 MIX VEG CURRY        1.000  110.00  110.00
        SUBTOTAL 590.00
        CGST @ 0.00% 590.00 0.00
        SGST @ 0.00% 590.00 0.00
        TOTAL 3590.00
        Payment Mode:CASH
        """)
    assert fields.total_amount == Decimal("590.00") and fields.currency == "INR"


def test_a_date_run_into_a_misread_colon_before_the_time():
    assert [m.value for m in find_dates("Bi11 Number:000243 324/12/2020 08:54 PM")][:1] == [dt.date(2020, 12, 24)]


@pytest.mark.parametrize(("word", "is_one"), [("EURO", True), ("RM", True), ("R$", True), ("Rs.", True),
                                              ("Tisch", False), ("TOTAL", False)])
def test_a_currency_word_alone(word, is_one):
    assert is_currency_word(word) is is_one


def test_a_total_label_over_the_currency_and_its_amount():
    fields = read("""\
        Possruck
        Restaurant & Bar
        1 Tagliolini HPT 17,50 17,50 10
        2 Vitalschnitzel 16,50 33,00 10
        Rechnungsbetrag
        EURO 50,50
        Besten Dank
        """)
    assert fields.total_amount == Decimal("50.50")


def test_a_logo_misread_is_spelled_as_the_page_prints_it_elsewhere():
    fields = read("""\
        NIMARKT
        4202 Hellmonsödt, Untere Gewerbezeile 1
        www.unimarkt.at
        Endiviensalat 1.99 B
        SUMME EUR 1.99
        Ab sofort bei UNIMARKT
        """)
    assert fields.vendor == "UNIMARKT"


def test_a_name_of_several_words_is_never_respelled_by_a_neighbour():
    fields = read("""\
        IDRAULICA CONTI di Marco Conti
        Via Roma 1, 00100 Roma
        Parco giochi 12,00
        TOTALE 12,00
        """)
    assert fields.vendor == "IDRAULICA CONTI di Marco Conti"


def test_an_indian_service_tax_number_and_private_limited_name_india():
    cues = country_cues(["Artisanal Studio Pvt.Ltd.", "S.T.NO.AALCA7649DSD001"])
    assert cues.best() == "IN"


def test_private_limited_alone_names_no_one_country():
    assert country_cues(["Artisanal Studio Pvt.Ltd."]).best() is None
