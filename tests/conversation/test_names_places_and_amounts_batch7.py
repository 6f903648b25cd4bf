"""Issue 10, batch 7: a shop's name is matched from the start of a word, a kind of shop is a category, a
misspelt second word is offered, a place next to a currency only says where, and corrections with the
amount first."""
import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.language import detect
from app.conversation.matching import resolve_vendors
from app.conversation.parser import ParseContext, parse

CTX = ParseContext(today=dt.date(2025, 6, 30), vendors=["Despar", "Pharmacie du Capitole", "Tim Hortons", "Shell Portugal"],
                   categories=["groceries", "health"], home_currency="EUR")


def test_a_name_is_never_found_inside_another_word():
    assert resolve_vendors("Spar", ["Despar"]) == []
    assert resolve_vendors("shell", ["Shell Portugal"]) == ["Shell Portugal"]
    assert resolve_vendors("joes", ["Trader Joe's"]) == ["Trader Joe's"]


def test_a_shop_named_for_its_trade_does_not_take_the_trade_word():
    intent = parse("et en pharmacie ce mois-ci ?", CTX).intent
    assert isinstance(intent, i.SpendingQuery) and intent.category == "health" and intent.vendor is None


def test_a_misspelt_second_word_is_offered_even_after_a_right_first_word():
    intent = parse("how much at tim hortans this year", CTX).intent
    assert isinstance(intent, i.Unresolved) and intent.suggested.vendor == "Tim Hortons"


def test_a_place_beside_a_currency_only_says_where():
    intent = parse("cuánto pagué en libras en Gibraltar", CTX).intent
    assert isinstance(intent, i.SpendingQuery) and intent.currency == "GBP" and intent.vendor is None


@pytest.mark.parametrize("text,seq,value", [("mets 9,50 pour la 133", 133, "9,50"),
                                            ("Rechnung 149 korrigieren, Betrag 39,20", 149, "39,20"),
                                            ("put 12.40 on #7", 7, "12.40")])
def test_corrections_with_the_amount_or_the_verb_in_other_places(text, seq, value):
    intent = parse(text, CTX).intent
    assert isinstance(intent, i.CorrectField) and intent.ref.number == seq and intent.value == value


@pytest.mark.parametrize("text,language", [("la segunda", "es"), ("top 3 geschafte heuer", "de"), ("que traia?", "es")])
def test_short_replies_are_read_in_their_own_language(text, language):
    assert detect(text).language == language
