"""What people call a shop: the end of a compound name ("spoons") or a first syllable with a pet ending
("woolies") names that shop, and only when exactly one of the user's vendors fits."""
import datetime as dt

import pytest

from app.conversation.nicknames import nickname_of
from app.conversation.parser import ParseContext, parse

VENDORS = ["Wetherspoons", "Woolworths", "Morrisons", "Gail's Bakery"]


@pytest.mark.parametrize(("said", "vendor"), [("spoons", "Wetherspoons"), ("woolies", "Woolworths"),
                                              ("Woolies!", "Woolworths")])
def test_a_nickname_names_the_one_vendor_it_fits(said, vendor):
    assert nickname_of(said, VENDORS) == vendor


def test_a_nickname_two_vendors_fit_names_neither():
    assert nickname_of("spoons", ["Wetherspoons", "Silverspoons"]) is None


@pytest.mark.parametrize("said", ["morrisons", "rison", "wool", "bakery"])
def test_a_whole_name_or_a_short_piece_is_no_nickname(said):
    assert nickname_of(said, VENDORS) is None


def test_a_nickname_in_a_question_is_the_vendor():
    ctx = ParseContext(today=dt.date(2025, 6, 30), vendors=VENDORS, categories=["restaurants"],
                       home_currency="GBP", country="GB")
    assert parse("how much at spoons in may", ctx).intent.vendor == "Wetherspoons"
    assert parse("and woolies?", ctx).intent.vendor == "Woolworths"
