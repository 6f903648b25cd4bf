"""Issue 10: every content word of a question is accounted for. A word that is no function word, period,
metric, category, currency, number or one of the user's vendors is said back (with the closest of the
user's own names), never dropped into a figure for a wider scope, wherever it stands in the question."""
import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.parser import ParseContext, parse

NOW = dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)
CTX = ParseContext(today=dt.date(2025, 6, 30), vendors=["Tesco", "Uber", "Edeka", "Mercadona", "Trader Joe's"],
                   categories=["groceries", "transport", "restaurants"])


@pytest.fixture
def gb(make_user, make_invoice):
    user = make_user(number="+447911123456")
    for seq, vendor, total, category in ((1, "Tesco", "25.00", "groceries"), (2, "Uber", "14.00", "transport"),
                                         (3, "Tesco", "8.00", "groceries")):
        make_invoice(user, seq, vendor=vendor, total=total, currency="GBP", date=dt.date(2025, 5, 10 + seq),
                     category=category)
    return user


def test_an_unknown_name_before_the_period_is_said_back_with_no_figure(gb, ask):
    reply = ask(gb, "costa coffee last month", now=NOW)
    assert "costa coffee" in reply.body.lower() and "£" not in reply.body


def test_a_misspelt_name_of_no_vendor_is_said_back_with_no_figure(gb, ask):
    reply = ask(gb, "how much starbuks", now=NOW)
    assert "starbuks" in reply.body.lower() and "£" not in reply.body


def test_a_name_longer_than_a_known_vendor_is_said_whole_and_the_vendor_offered(gb, ask):
    reply = ask(gb, "uber eats total", now=NOW)
    assert "uber eats" in reply.body.lower() and "£" not in reply.body
    assert "*Uber*" in reply.body  # "did you mean Uber?"


def test_the_known_vendor_alone_still_answers(gb, ask):
    assert "£14.00" in ask(gb, "uber total", now=NOW).body


@pytest.mark.parametrize("text", [
    "costa coffee last month", "ikea total", "primark in may", "cuánto zurich seguros este año",
    "quanto habibs em maio", "combien picard le mois dernier", "rossmann im mai"])
def test_an_unread_word_anywhere_is_unresolved(text):
    assert parse(text, CTX).intent.kind == "unresolved"


@pytest.mark.parametrize("text", [
    "how much have i spent so far this month", "what did i spend on uber in may", "cuánto llevo gastado este mes",
    "quanto gastei no mercadona este ano", "combien j'ai dépensé pour l'épicerie en mai",
    "wieviel hab ich fürs essen gehen im april ausgegeben", "factura mas barata de este año",
    "différence entre janvier et février", "how much did i spend at traders joes this year"])
def test_ordinary_wording_in_five_languages_still_gets_an_answer(text):
    assert parse(text, CTX).intent.kind != "unresolved"


def test_the_unread_words_keep_their_original_spelling_when_the_speller_would_change_them():
    intent = parse("costa coffee last month", CTX).intent
    assert isinstance(intent, i.Unresolved) and intent.words == ("costa coffee",)
