"""A word several languages share ("total", "mes"/"mês") decides no language alone: the reply stays in the
user's language instead of following one ambiguous word (issue 10, answered in the language asked)."""
import pytest

from app.conversation.language import detect


@pytest.mark.parametrize("folded", ["ikea total", "uber eats total", "ifood este mes"])
def test_a_shared_word_alone_decides_no_language(folded):
    assert detect(folded).language is None


@pytest.mark.parametrize("folded, language", [("how much in total", "en"), ("combien pour mes courses", "fr")])
def test_the_shared_word_still_counts_nothing_against_real_markers(folded, language):
    assert detect(folded).language == language
