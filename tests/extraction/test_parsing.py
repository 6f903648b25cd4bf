"""Amounts, dates and currencies as printed on receipts and invoices in several locales."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.extraction.currencies import detect_currency
from app.extraction.dates import find_dates, parse_date
from app.extraction.parsing import find_amounts, parse_amount

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("45.10", "45.10"),
        ("RM 12.50", "12.50"),
        ("RM12.50", "12.50"),
        ("€12", "12"),
        ("12,50 €", "12.50"),
        ("R$ 1.234,00", "1234.00"),
        ("US$ 1,000.00", "1000.00"),
        ("CHF 1'234.50", "1234.50"),
        ("12,-", "12"),
        ("1,234,567.89", "1234567.89"),
        ("0.50", "0.50"),
    ],
)
def test_parse_amount_reads_common_notations(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["-5.00", "5.00-", "(5.00)", "5.00 CR", "−5,00"])
def test_parse_amount_reads_credit_notation_as_negative(text):
    assert parse_amount(text) == Decimal("-5.00")


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "12:30", "1234567890123456", "1,23,4", "12.34.567,8.9"])
def test_parse_amount_rejects_non_amounts(text):
    assert parse_amount(text) is None


def test_parse_amount_lone_separator_before_three_digits_is_thousands():
    assert parse_amount("1.234") == Decimal(1234)
    assert parse_amount("1,234") == Decimal(1234)


def test_parse_amount_decimal_comma_hint_reads_three_decimals_differently():
    assert parse_amount("1.234", decimal_comma=False) == Decimal("1.234")
    assert parse_amount("1,5", decimal_comma=True) == Decimal("1.5")


def test_parse_amount_returns_decimal_never_float():
    assert isinstance(parse_amount("0.10"), Decimal)


def test_find_amounts_skips_percentages_times_and_dates():
    values = [m.value for m in find_amounts("14/03/2026 12:30 GST 6% 1.20")]
    assert values == [Decimal("1.20")]


def test_find_amounts_keeps_quantity_and_price_apart():
    values = [m.value for m in find_amounts("2 100.00")]
    assert values == [Decimal(2), Decimal("100.00")]


def test_find_amounts_reads_label_glued_to_amount():
    assert [m.value for m in find_amounts("TOTAL:RM27.55")] == [Decimal("27.55")]


def test_find_amounts_ignores_digits_inside_words():
    assert find_amounts("INV0012 CS00004040") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("14.03.2026", dt.date(2026, 3, 14)),
        ("14/03/2026", dt.date(2026, 3, 14)),
        ("03/14/2026", dt.date(2026, 3, 14)),
        ("14 Mar 2026", dt.date(2026, 3, 14)),
        ("14 mars 2026", dt.date(2026, 3, 14)),
        ("14. März 2026", dt.date(2026, 3, 14)),
        ("14. Maerz 2026", dt.date(2026, 3, 14)),
        ("2026-03-14", dt.date(2026, 3, 14)),
        ("03 APR 2018", dt.date(2018, 4, 3)),
        ("14-03-26", dt.date(2026, 3, 14)),
        ("15 de marzo de 2026", dt.date(2026, 3, 15)),
        ("15 de março de 2026", dt.date(2026, 3, 15)),
        ("14 maart 2026", dt.date(2026, 3, 14)),
        ("1er février 2026", dt.date(2026, 2, 1)),
        ("March 14, 2026", dt.date(2026, 3, 14)),
        ("25-Dec-17", dt.date(2017, 12, 25)),
        ("12 OGOS 2018", dt.date(2018, 8, 12)),
        ("Date:17/01/201812:30", dt.date(2018, 1, 17)),
    ],
)
def test_parse_date_reads_many_formats(text, expected):
    assert parse_date(text, today=TODAY) == expected


def test_parse_date_is_day_first_by_default_when_ambiguous():
    assert parse_date("01/02/2026", today=TODAY) == dt.date(2026, 2, 1)


def test_parse_date_is_month_first_for_us_documents():
    assert parse_date("01/02/2026", day_first=False, today=TODAY) == dt.date(2026, 1, 2)


def test_parse_date_part_above_twelve_settles_order_regardless_of_hint():
    assert parse_date("14/03/2026", day_first=False, today=TODAY) == dt.date(2026, 3, 14)
    assert parse_date("03/14/2026", day_first=True, today=TODAY) == dt.date(2026, 3, 14)


@pytest.mark.parametrize("text", ["31/02/2026", "30.02.2026", "12/05/1850", "01/01/2099", "32.01.2026", "no date"])
def test_parse_date_rejects_impossible_dates_and_years(text):
    assert parse_date(text, today=TODAY) is None


def test_find_dates_marks_ambiguous_numeric_dates():
    (match,) = find_dates("05/06/2026", today=TODAY)
    assert not match.unambiguous


@pytest.mark.parametrize(
    "text, expected",
    [
        ("TOTAL RM 12.50", "MYR"),
        ("Summe 12,50 EUR", "EUR"),
        ("Total 12,50 €", "EUR"),
        ("Total £4.20", "GBP"),
        ("Valor total R$ 10,00", "BRL"),
        ("Amount ₹ 250", "INR"),
        ("Razem 12,50 zł", "PLN"),
        ("Total CHF 12.00", "CHF"),
        ("Total $5.00", "USD"),
    ],
)
def test_detect_currency_from_symbols_and_codes(text, expected):
    assert detect_currency(text) == expected


def test_detect_currency_resolves_dollar_with_locale_hint():
    assert detect_currency("Total $5.00", "SG") == "SGD"
    assert detect_currency("Total $5.00", "en_AU") == "AUD"


def test_detect_currency_printed_code_beats_locale_hint():
    assert detect_currency("Total 12.00 EUR", "US") == "EUR"


def test_detect_currency_resolves_kr_with_locale_hint():
    assert detect_currency("Att betala 100 kr", "NO") == "NOK"


def test_detect_currency_returns_none_without_evidence():
    assert detect_currency("Thank you for shopping") is None


def test_an_amount_closing_a_parenthesis_opened_before_its_label_is_not_negative():
    from app.extraction.parsing import find_amounts

    assert [a.value for a in find_amounts("(VAT incl. 4.09)")] == [Decimal("4.09")]
    assert [a.value for a in find_amounts("Refund (12.50)")] == [Decimal("-12.50")]
