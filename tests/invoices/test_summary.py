"""What a user reads after sending a document."""
from app.replies.summary import unreadable_summary, user_warnings


def test_internal_warning_codes_are_never_shown_raw():
    assert user_warnings(["no_text", "some_internal_code"], "en") == []


def test_known_codes_are_translated():
    assert user_warnings(["total_not_found"], "es") == [
        "No encontré el total; responde p. ej. _el total de #N es 45,10_."]


def test_english_sentences_reach_english_speakers_as_they_are():
    warning = "Subtotal 10.00 plus tax 2.00 is 12.00, but the total is 13.00."
    assert user_warnings([warning], "en") == [warning]


def test_other_languages_get_one_localized_check_line_instead_of_english_sentences():
    shown = user_warnings(["The 2 line items add up to 5.00, but the total is 6.00.",
                           "Rounded the total 1.2345 to 1.235."], "pt")
    assert shown == ["Alguns valores ou datas não batem; confira, por favor."]


def test_at_most_three_warnings_are_shown():
    assert len(user_warnings([f"Warning number {n}." for n in range(6)], "en")) == 3


def test_unreadable_photo_advice_includes_retake_tips():
    body = unreadable_summary("no_text", language="en", max_pages=5)
    assert "couldn't read" in body and "Tips" in body


def test_too_many_pages_names_the_limit():
    assert "5" in unreadable_summary("too_many_pages", language="de", max_pages=5)
