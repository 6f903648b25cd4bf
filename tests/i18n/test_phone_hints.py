"""What a WhatsApp number tells us: country from phonenumbers, currency/languages/date order from CLDR."""
from __future__ import annotations

import pytest

from app.i18n.catalogue import hinted_language
from app.i18n.phone import hint_for_number, writes_month_first


def test_a_toronto_number_is_canadian_not_american():
    hint = hint_for_number("whatsapp:+14165551234")
    assert (hint.country, hint.currency, hint.month_first) == ("CA", "CAD", False)


def test_a_new_york_number_is_american_and_writes_the_month_first():
    hint = hint_for_number("+12125551234")
    assert (hint.country, hint.currency, hint.month_first, hint.timezone) == ("US", "USD", True, "America/New_York")


def test_an_indian_number_has_one_zone_and_gets_english_replies():
    hint = hint_for_number("+919812345678")
    assert (hint.country, hint.currency, hint.month_first) == ("IN", "INR", False)
    assert hint.timezone in {"Asia/Kolkata", "Asia/Calcutta"}
    assert hinted_language(hint.languages) == "en"


def test_a_belgian_number_is_answered_in_the_first_of_its_languages_we_speak():
    hint = hint_for_number("+32470123456")
    assert hint.languages[:2] == ("nl", "fr")
    assert hinted_language(hint.languages) == "fr"


def test_a_number_whose_country_spans_several_zones_leaves_the_zone_open():
    hint = hint_for_number("+34612345678")  # a Spanish mobile may be on the Canaries
    assert len(hint.timezones) > 1 and hint.timezone is None


def test_an_unassigned_range_still_gives_the_country_of_its_calling_code():
    hint = hint_for_number("+1555")
    assert hint is not None and hint.country == "US"


@pytest.mark.parametrize("number", ["", None, "whatsapp:", "+", "not a number", "+999123"])
def test_a_number_that_names_no_country_gives_no_hint(number):
    assert hint_for_number(number) is None


@pytest.mark.parametrize(("country", "month_first"), [("US", True), ("PH", True), ("GB", False), ("DE", False),
                                                      ("BR", False), ("CA", False), (None, False)])
def test_the_date_order_comes_from_the_countrys_short_date_pattern(country, month_first):
    assert writes_month_first(country) is month_first


def test_a_mexican_mobile_in_whatsapps_old_plus_52_1_form_is_placed_by_its_area_code():
    old_form, modern = hint_for_number("whatsapp:+5215512345678"), hint_for_number("+525512345678")
    assert old_form is not None and modern is not None
    assert old_form.country == "MX" and old_form.timezones == modern.timezones == ("America/Mexico_City",)


def test_the_old_mexican_form_is_only_undone_where_it_makes_a_valid_number():
    hint = hint_for_number("+5210000000000")
    assert hint is not None and hint.country == "MX" and hint.timezones == ()
