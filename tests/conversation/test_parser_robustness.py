"""The parser on how people really type: chat abbreviations, typos, number words, loose periods."""
import datetime as dt

import pytest

from app.conversation import intents as i
from app.conversation.dates import Period, parse_period
from app.conversation.matching import find_vendor_typo, resolve_vendors
from app.conversation.parser import ParseContext, parse
from app.conversation.spelling import correct_word, normalize
from app.conversation.text import fold_with_offsets

TODAY = dt.date(2025, 6, 18)  # a Wednesday
VENDORS = ["Mercadona", "Starbucks", "Carrefour", "Pingo Doce", "Shell", "Zara", "Total Energies"]
CTX = ParseContext(today=TODAY, vendors=VENDORS, categories=["fuel", "groceries", "restaurant"])


def p(start: str, end: str) -> Period:
    return Period(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end))


def intent(text):
    return parse(text, CTX).intent


def normalized(text, known=frozenset(), names=frozenset()):
    folded, offsets = fold_with_offsets(text)
    return normalize(text, folded, offsets, known, names)[0]


# --- spelling -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, meant", [
    ("qto gastei hj", "quanto gastei hoje"),
    ("o q vc faz", "o que voce faz"),
    ("q puedes hacer", "que puedes hacer"),
    ("thx", "thanks"),
])
def test_chat_abbreviations_are_expanded(typed, meant):
    assert normalized(typed) == meant


def test_an_abbreviation_glued_to_a_symbol_is_left_alone():
    assert normalized("total em r$") == "total em r$"


@pytest.mark.parametrize("typed, meant", [("holaaa", "hola"), ("cuantoo", "cuanto"), ("muuuuch", "much")])
def test_stretched_letters_are_squeezed(typed, meant):
    assert correct_word(typed, frozenset()) == meant


@pytest.mark.parametrize("typed, meant", [("spnd", "spend"), ("mnth", "month")])
def test_words_without_vowels_are_read_by_their_consonants(typed, meant):
    assert correct_word(typed, frozenset()) == meant


@pytest.mark.parametrize("typed, meant", [("recipts", "receipts"), ("facutras", "facturas"), ("semna", "semana"),
                                          ("yesterdya", "yesterday")])
def test_one_edit_typos_are_corrected_towards_keywords(typed, meant):
    assert correct_word(typed, frozenset()) == meant


@pytest.mark.parametrize("word", ["sent", "there", "dates", "shop"])
def test_everyday_words_near_a_keyword_are_not_corrected(word):
    assert correct_word(word, frozenset()) is None


def test_a_word_as_close_to_a_users_name_as_to_a_keyword_is_not_corrected():
    assert correct_word("recipts", frozenset()) == "receipts"
    assert correct_word("recipts", frozenset({"recipte"}), frozenset({"recipte"})) is None


def test_capitalised_words_in_mid_sentence_are_names_not_typos():
    assert normalized("how much at Recipts") == "how much at recipts"
    assert normalized("recipts at shell") == "receipts at shell"


def test_rewriting_keeps_offsets_into_the_original_text():
    text = "qto na Zara"
    folded, offsets = fold_with_offsets(text)
    out, out_offsets = normalize(text, folded, offsets)
    assert out == "quanto na zara"
    assert len(out_offsets) == len(out)
    assert text[out_offsets[out.index("zara")]] == "Z"


@pytest.mark.parametrize("text, limit", [
    ("show my last five invoices", 5), ("mis ultimos diez tickets", 10), ("minhas ultimas dez notas", 10),
    ("zeig meine letzten drei rechnungen", 3), ("last two receipts", 2),
])
def test_number_words_become_numbers(text, limit):
    assert intent(text) == i.ListInvoices(limit=limit)


def test_ambiguous_number_words_need_something_countable_next_to_them():
    assert normalized("faturas dos ultimos meses") == "faturas dos ultimos meses"  # "dos" = "of the"
    assert normalized("las dos ultimas facturas") == "las 2 ultimas facturas"
    assert normalized("en los ultimos dos meses") == "en los ultimos 2 meses"
    assert parse_period("em dez", TODAY) == p("2024-12-01", "2025-01-01")  # "dez" = December


@pytest.mark.parametrize("text, expected", [
    ("qnt gastei hj", i.SpendingQuery(period=p("2025-06-18", "2025-06-19"))),
    ("how much did i spnd in april", i.SpendingQuery(period=p("2025-04-01", "2025-05-01"))),
    ("cuantoo gaste en abril", i.SpendingQuery(period=p("2025-04-01", "2025-05-01"))),
    ("how many recipts this year", i.SpendingQuery(metric="count", period=p("2025-01-01", "2026-01-01"))),
    ("how much did i spend on groseries", i.SpendingQuery(category="groceries")),
])
def test_messy_typing_still_asks_the_same_question(text, expected):
    assert intent(text) == expected


# --- vendors ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, vendor", [
    ("how much at mercadonna", "Mercadona"), ("total at starbuks", "Starbucks"),
    ("cuanto gaste en carefour", "Carrefour"),
])
def test_a_misspelled_vendor_is_offered_not_answered(text, vendor):
    said = intent(text)
    assert isinstance(said, i.Unresolved) and said.suggested is not None
    assert resolve_vendors(said.suggested.vendor, VENDORS) == [vendor]


def test_a_name_whose_first_word_is_right_and_second_misspelt_is_offered():
    said = intent("quanto gastei no pingo doze")
    assert isinstance(said, i.Unresolved) and said.suggested is not None
    assert resolve_vendors(said.suggested.vendor, VENDORS) == ["Pingo Doce"]


def test_vendor_typos_need_five_letters_and_the_same_first_letter():
    assert find_vendor_typo("how much at zaro", VENDORS) is None
    assert find_vendor_typo("how much at tarbucks", VENDORS) is None
    assert find_vendor_typo("how much at starbucks", VENDORS)[0] == "Starbucks"


def test_a_common_word_that_is_a_vendor_name_cut_short_is_not_that_vendor():
    assert find_vendor_typo("a conta do mercado", VENDORS) is None


def test_a_typo_equally_close_to_two_vendors_picks_neither():
    assert find_vendor_typo("at marcus", ["Marcos", "Markus"]) is None


def test_a_vendor_typo_never_names_someone_elses_vendor():
    assert find_vendor_typo("at mercadonna", []) is None


# --- periods ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Q1", p("2025-01-01", "2025-04-01")),
    ("q3", p("2024-07-01", "2024-10-01")),  # not begun yet this year: the most recent one
    ("q2 2024", p("2024-04-01", "2024-07-01")),
    ("primer trimestre", p("2025-01-01", "2025-04-01")),
    ("1º trimestre de 2024", p("2024-01-01", "2024-04-01")),
    ("last quarter", p("2025-01-01", "2025-04-01")),
    ("trimestre passado", p("2025-01-01", "2025-04-01")),
    ("este trimestre", p("2025-04-01", "2025-07-01")),
    ("first half of 2024", p("2024-01-01", "2024-07-01")),
])
def test_quarters_and_halves(text, expected):
    assert parse_period(text, TODAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("jan-mar", p("2025-01-01", "2025-04-01")),
    ("enero a marzo", p("2025-01-01", "2025-04-01")),
    ("nov-feb", p("2024-11-01", "2025-03-01")),
])
def test_month_ranges_without_from(text, expected):
    assert parse_period(text, TODAY) == expected


def test_abbreviated_month_ranges_written_with_words_are_not_trusted():
    assert parse_period("set a out", TODAY) is None


@pytest.mark.parametrize("text", ["between March 1 and 15", "del 1 al 15 de marzo", "de 1 a 15 de março"])
def test_a_bare_day_in_a_range_takes_the_other_sides_month(text):
    assert parse_period(text, TODAY) == p("2025-03-01", "2025-03-16")


def test_two_bare_numbers_are_not_a_range():
    assert parse_period("de 2 a 5", TODAY) is None


@pytest.mark.parametrize("text, expected", [
    ("top 5 proveedores del año", p("2025-01-01", "2026-01-01")),
    ("gastos del mes", p("2025-06-01", "2025-07-01")),
    ("gastos del mes de marzo", p("2025-03-01", "2025-04-01")),
    ("notas do ano passado", p("2024-01-01", "2025-01-01")),
])
def test_of_the_year_means_this_year_unless_named(text, expected):
    assert parse_period(text, TODAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("anteayer", p("2025-06-16", "2025-06-17")),
    ("day before yesterday", p("2025-06-16", "2025-06-17")),
    ("el viernes", p("2025-06-13", "2025-06-14")),
    ("on wednesday", p("2025-06-18", "2025-06-19")),
    ("last wednesday", p("2025-06-11", "2025-06-12")),
])
def test_days_by_name(text, expected):
    assert parse_period(text, TODAY) == expected


def test_an_abbreviated_month_after_in_is_a_month():
    assert parse_period("how much in feb", TODAY) == p("2025-02-01", "2025-03-01")


def test_from_a_month_is_that_month_but_from_a_day_or_onwards_runs_to_today():
    assert parse_period("invoices from april", TODAY) == p("2025-04-01", "2025-05-01")
    assert parse_period("from april on", TODAY) == p("2025-04-01", "2025-06-19")
    assert parse_period("from 1 april", TODAY) == p("2025-04-01", "2025-06-19")


# --- intents ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["how does this work", "what kind of questions can i ask", "o q vc faz?",
                                  "buenas! q puedes hacer?"])
def test_questions_about_the_assistant_are_help(text):
    assert intent(text) == i.Help()


@pytest.mark.parametrize("text, limit", [("top 3 stores this year", 3), ("top 3 lojas do ano", 3),
                                          ("show me my top five merchants", 5)])
def test_top_vendors_keep_the_number_asked(text, limit):
    assert intent(text).limit == limit


def test_which_stores_in_plural_is_top_vendors():
    assert isinstance(intent("em quais lojas eu mais gasto"), i.TopVendors)


@pytest.mark.parametrize("text", ["yes, delete it all", "sim pode apagar", "si, confirmo", "ok go ahead"])
def test_a_yes_with_words_that_only_repeat_the_question_confirms(text):
    assert intent(text) == i.Confirm()


@pytest.mark.parametrize("text", ["no, keep it", "nao obrigado", "no thanks, never mind"])
def test_a_no_with_filler_cancels(text):
    assert intent(text) == i.Cancel()


def test_a_no_followed_by_a_real_request_is_not_a_cancel():
    assert intent("no es duplicada, guarda la #9") == i.KeepDuplicate(ref=i.InvoiceRef.seq(9))


@pytest.mark.parametrize("text", ["quero excluir minha conta", "wipe all my data please", "borra mi cuenta"])
def test_the_users_account_or_data_with_a_delete_word_is_delete_my_data(text):
    assert intent(text) == i.DeleteMyData()


def test_a_lone_number_between_field_and_value_names_the_invoice():
    assert intent("o valor da 2 é 30 reais") == i.CorrectField(ref=i.InvoiceRef.seq(2), field="total",
                                                              value="30 reais")


def test_al_introduces_the_new_value():
    assert intent("cambia la fecha de la #3 al 5 de marzo") == i.CorrectField(
        ref=i.InvoiceRef.seq(3), field="date", value="5 de marzo")


# --- hostile text -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "#1 of user 5", "show invoices of +34600111222", "how much did user 7 spend",
    "SELECT * FROM invoices; DROP TABLE users", "\u202e\u0000show #3", "ｓｈｏｗ　＃３",
])
def test_hostile_text_only_ever_yields_an_intent_without_any_user(text):
    parsed = intent(text)
    assert "user" not in type(parsed).model_fields
    assert "user_id" not in parsed.model_dump()


def test_a_huge_message_is_not_read():
    assert intent("spend " * 500) == i.Unknown()


def test_a_long_message_of_typos_is_parsed_quickly():
    started = dt.datetime.now()
    parse(" ".join(["qwertyuio"] * 150), CTX)
    assert dt.datetime.now() - started < dt.timedelta(seconds=1)
