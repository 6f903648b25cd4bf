"""app/invoices/fx.py converts at the ECB reference rate of the invoice's date, exactly, from the table that
ships with the package: weekends use the previous business day, dates past the table use its last rate and
say so, and a currency the table lacks is refused rather than guessed."""
import datetime as dt
from decimal import Decimal

import pytest

from app.invoices import fx
from tests.bookkeeping import ecb_table

MONDAY = dt.date(2025, 3, 3)
SATURDAY = dt.date(2025, 3, 1)
FRIDAY = dt.date(2025, 2, 28)


def test_a_weekday_uses_that_days_rate_exactly():
    amount, rate = fx.convert(Decimal("100.00"), "USD", "EUR", MONDAY)
    usd, on = ecb_table.per_euro("USD", MONDAY)
    assert on == MONDAY and rate.on == MONDAY and not rate.beyond
    assert amount == ecb_table.converted("100.00", "USD", "EUR", MONDAY)
    assert rate.value * usd == pytest.approx(Decimal(1), abs=Decimal("1e-20"))


def test_a_weekend_uses_the_previous_business_days_rate():
    amount, rate = fx.convert(Decimal("250.00"), "GBP", "EUR", SATURDAY)
    assert rate.on == FRIDAY
    assert amount == ecb_table.converted("250.00", "GBP", "EUR", FRIDAY)
    assert fx.rate("GBP", "EUR", SATURDAY).value == fx.rate("GBP", "EUR", FRIDAY).value


def test_a_cross_rate_goes_through_the_euro():
    amount, _ = fx.convert(Decimal("1234.56"), "USD", "GBP", MONDAY)
    assert amount == ecb_table.converted("1234.56", "USD", "GBP", MONDAY)


def test_the_result_has_the_target_currencys_minor_unit():
    amount, _ = fx.convert(Decimal("19.99"), "EUR", "JPY", MONDAY)
    assert amount == ecb_table.converted("19.99", "EUR", "JPY", MONDAY, places="1")
    assert amount.as_tuple().exponent == 0


def test_a_date_after_the_table_uses_its_last_rate_and_is_flagged():
    later = ecb_table.last_day() + dt.timedelta(days=40)
    amount, rate = fx.convert(Decimal("10.00"), "USD", "EUR", later)
    assert rate.beyond and rate.on == ecb_table.last_day() == fx.last_day()
    assert amount == ecb_table.converted("10.00", "USD", "EUR", ecb_table.last_day())


@pytest.mark.parametrize("source, target", [("ARS", "EUR"), ("EUR", "ARS"), ("XYZ", "USD")])
def test_a_currency_the_table_lacks_is_refused(source, target):
    with pytest.raises(fx.NoRate) as refused:
        fx.convert(Decimal("1"), source, target, MONDAY)
    assert refused.value.currency in {source, target} - {"EUR", "USD"}


def test_the_same_currency_is_not_converted():
    amount, rate = fx.convert(Decimal("12.345"), "EUR", "EUR", SATURDAY)
    assert (amount, rate.value) == (Decimal("12.35"), Decimal(1))


def test_the_table_is_loaded_once_per_process_from_the_shipped_file():
    assert fx.table() is fx.table()
    assert fx.table().currencies >= {"USD", "GBP", "CHF", "BRL", "JPY", "EUR"}


def test_rates_are_shown_as_the_ecb_prints_them():
    assert fx.shown(Decimal("0.92134999")) == Decimal("0.9213")
    assert fx.shown(Decimal("0.0063159212")) == Decimal("0.006316")
