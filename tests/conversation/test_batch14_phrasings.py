"""Issue 10, batch 14: ordinals written with a digit ("la 2ª", "la 4e", "dem 2."), "the 3rd one" as a place in a
list, German "der letzten", a correction said wrong first ("tá errado, era 89,90"), "où j'ai le plus dépensé"
with "most" before the verb, "biggest spend", "mais baixa", words of slang and dialect, and "ça fait combien"
as the figure just given in another currency."""
import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.language import detect
from app.conversation.parser import ParseContext, parse

CTX = ParseContext(today=dt.date(2025, 6, 30), vendors=["Manor Basel", "Muffato"], categories=[],
                   home_currency="EUR")


def intent(text: str) -> i.Intent:
    return parse(text, CTX).intent


@pytest.mark.parametrize(("text", "n"), [("apaga a 2ª", 2), ("la 4e", 4), ("was war auf dem 2.", 2),
                                          ("wot was on the 3rd one", 3)])
def test_an_ordinal_written_with_a_digit_after_an_article_is_a_place_in_the_list(text, n):
    said = intent(text)
    assert said.ref.kind == "listed" and said.ref.number == n


def test_a_number_without_an_article_stays_a_number():
    assert not isinstance(intent("5e"), i.DeleteInvoice)


def test_german_der_letzten_is_the_last_invoice():
    said = intent("der betrag der letzten sollte 12.50 sein")
    assert isinstance(said, i.CorrectField) and said.ref.kind == "last" and said.value == "12.50"


def test_a_total_said_wrong_before_its_value_is_corrected():
    said = intent("o total da última tá errado, era 89,90")
    assert isinstance(said, i.CorrectField) and said.field == "total" and said.value == "89,90"


def test_the_items_of_the_last_receipt_from_a_shop():
    said = intent("was war auf der letzten quittung vom manor")
    assert isinstance(said, i.ShowInvoice) and said.vendor


@pytest.mark.parametrize("text", ["top 3 donde mas gaste este año", "onde mais gastei este ano"])
def test_most_before_the_verb_is_a_ranking(text):
    assert isinstance(intent(text), i.TopVendors)


def test_biggest_spend_is_one_invoice():
    assert isinstance(intent("biggest spend in march"), i.BiggestInvoice)


def test_mais_baixa_is_the_smallest():
    said = intent("qual a fatura mais baixa de maio")
    assert isinstance(said, i.BiggestInvoice) and said.smallest


@pytest.mark.parametrize("text", ["how much i spent in may yaar", "cuanto gaste en mayo bo",
                                  "cuanto me deje en mayo", "whats the diff between april and may",
                                  "wieviel hani letschte monet usgäh"])
def test_slang_and_dialect_are_no_unknown_names(text):
    assert not isinstance(intent(text), (i.Unresolved, i.Unknown))


def test_wieviel_is_never_read_as_english():  # unsure, the reply keeps the user's language
    assert detect("wieviel in freiburg in euro").language in (None, "de")


def test_livres_are_pounds():
    assert intent("combien en livres").currency == "GBP" or intent("combien en livres").convert_to == "GBP"


@pytest.mark.parametrize("text", ["pará, volvela a poner", "anula isso"])
def test_more_ways_to_undo(text):
    assert isinstance(intent(text), i.UndoDelete)
