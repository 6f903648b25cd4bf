"""Shapes seen on the fifth set of real receipts: the other EU VAT numbers (Estonia's KMKR), the Baltic
subtotal and card-payment words, the Estonian VAT word, "OÜ" misread "OŬ", East Asian year-month-day dates,
a date run into a till counter or followed by "/time", a weekday in brackets before the time, and amounts in
a currency without a minor unit."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from textwrap import dedent

import pytest

from app.extraction.dates import find_dates
from app.extraction.offline import extract_fields
from app.extraction.offline.country import country_cues
from app.extraction.plaintext import document_from_text
from app.extraction.types import ExtractionResult
from app.extraction.validate import validate_result


def read(text: str):
    return extract_fields(document_from_text(dedent(text)))


@pytest.mark.parametrize(("line", "country"), [
    ("Rg-kood 10379733, KMKR EE100247019", "EE"), ("PVN LV40003032949", "LV"), ("Y-tunnus FI12345678", "FI"),
])
def test_an_eu_vat_number_names_its_state(line, country):
    assert country_cues([line]).best() == country


@pytest.mark.parametrize(("text", "day"), [
    ("2019年11月12日(火) 07:42", dt.date(2019, 11, 12)),
    ("2025년 10월 4일", dt.date(2025, 10, 4)),
    ("0172948630.09.2020 15:47:28", dt.date(2020, 9, 30)),
    ("Rech. Nr.4572 30.07.2007/13:29: 17", dt.date(2007, 7, 30)),
])
def test_date_shapes(text, day):
    assert [m.value for m in find_dates(text)][:1] == [day]


def test_a_counter_before_digits_is_no_date_without_a_time():
    assert not find_dates("0172948630.09.2020")


def test_an_estonian_receipt_paid_by_card():
    fields = read("""\
        VIIMSI SELVER
        Selver AS, Tallinn, KMKR EE100247019
        Araabia Leib 1 1,19 1,19
        Kilekott 1 0,20 0,20
        VAHESUMMA 1,39
        Maksekaart 1,39
        Kaibemaks (20%): 0,23
        """)
    assert (fields.total_amount, fields.currency, fields.tax_amount) == (Decimal("1.39"), "EUR", Decimal("0.23"))


def test_an_estonian_legal_form_misread_is_put_back():
    fields = read("""\
        ONOFF Jaekaubanduse OŬ
        Tartu mnt 87, Tallinn
        Kokku: 11,90
        """)
    assert fields.vendor == "ONOFF Jaekaubanduse OÜ"


def test_thousands_in_a_currency_without_cents_are_whole():
    result = validate_result(ExtractionResult(currency="JPY", total_amount=Decimal("16.126"),
                                              tax_amount=Decimal("1.466")))
    assert (result.total_amount, result.tax_amount) == (Decimal("16126"), Decimal("1466"))


def test_cents_in_a_currency_with_cents_stay():
    assert validate_result(ExtractionResult(currency="EUR", total_amount=Decimal("16.126"))).total_amount \
        == Decimal("16.126")


@pytest.mark.parametrize(("line", "country"), [
    ("( 717 ) 691 - 3150", "US"), ("609-664-2022", "US"), ("Tel (416) 555-0199", "CA"), ("(604) 681-2211", "CA"),
])
def test_a_north_american_phone_number_in_its_national_shape_names_us_or_canada(line, country):
    assert country_cues([line]).best() == country


@pytest.mark.parametrize("line", ["tel 0172-948-6309", "NIF 123.456.7890", "2024-07-08 1234"])
def test_other_digit_runs_are_no_north_american_number(line):
    assert country_cues([line]).best() is None


def test_an_instruction_to_the_customer_is_no_vendor():
    got = read("""\
        RECEIPT
        PLACE FACE UP ON DASH
        CITY OF PALO ALTO
        PARKING RECEIPT
        Purchase Date/Time: 01:34pm Aug 19, 2024
        Total Paid: $15.00
        """)
    assert got.vendor == "CITY OF PALO ALTO"


def test_a_logo_misread_above_the_name_gives_way_to_the_name():
    got = read("""\
        SERSU
        Geprek Bensu Kopo Bandung
        Jl. Kopo No. 536, Babakan Ciparay
        Tanggal: 16-07-2021 11:53:47
        Subtotal 49.000
        PB1 (10%) 4.500
        Total 53.500
        """)
    assert (got.vendor, got.tax_amount) == ("Geprek Bensu Kopo Bandung", Decimal("4500"))
