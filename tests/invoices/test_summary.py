"""What a user reads after sending a document that could not be read."""
from app.replies.summary import unreadable_summary


def test_unreadable_photo_advice_includes_retake_tips():
    body = unreadable_summary("no_text", language="en", max_pages=5)
    assert "couldn't read" in body and "Tips" in body


def test_too_many_pages_names_the_limit():
    assert "5" in unreadable_summary("too_many_pages", language="de", max_pages=5)
