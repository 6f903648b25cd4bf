"""A word several languages print on receipts ("total", "netto", "iva") does not vote for any of them, so a German
receipt whose only English-looking word is "Total" is German, and its missing € sign is filled in."""
from app.extraction.offline.language import guess_language


def test_a_german_till_receipt_with_total_lines_is_german():
    text = "rossmann kasse 02 total 1,95 bar 2,00 ruckgeld 0,05 netto total 1 artikel vielen dank fur ihren einkauf"
    assert guess_language(text) == "de"


def test_an_english_receipt_is_still_english():
    assert guess_language("receipt subtotal 9.00 tax 0.72 total 9.72 cash 10.00 change 0.28 thank you") == "en"


def test_shared_words_alone_decide_nothing():
    assert guess_language("total 12,00 netto 10,08 total") is None
