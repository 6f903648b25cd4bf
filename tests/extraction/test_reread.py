"""The second (Tesseract) reading runs only on lines where it can change a field."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from app.extraction import latin
from app.extraction.ocr import ocr_image
from app.extraction.reread import header_end, lines_to_reread

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def page(lines: list[tuple[str, float]]) -> tuple[list[str], list[float], list[float], list[float]]:
    """Texts with PP-OCR scores, one line every 30 px, boxes 20 px tall."""
    return [text for text, _ in lines], [score for _, score in lines], [30.0 * i for i in range(len(lines))], \
        [20.0] * len(lines)


RECEIPT = [("CAFE CENTRAL", 0.99), *[(f"Street {i}", 0.99) for i in range(11)],
           ("Croissant 1.20", 0.99), ("Espresso 2.10", 0.99), ("Water 1.00", 0.98), ("Cake 3.40", 0.99),
           ("Apple juice 2.95", 0.99), ("Subtotal 10.65", 0.99), ("TOTAL 10.65", 0.99), ("CASH 20.00", 0.99),
           ("CHANGE 9.35", 0.99), ("09:47 22621", 0.99)]


def test_the_header_rows_are_read_again():
    chosen = lines_to_reread(*page(RECEIPT))
    assert set(range(12)) <= chosen


def test_item_lines_below_the_header_are_read_once():
    chosen = lines_to_reread(*page(RECEIPT))
    texts = [text for text, _ in RECEIPT]
    assert not {texts.index(name) for name in ("Croissant 1.20", "Espresso 2.10", "Cake 3.40")} & chosen


def test_the_lines_with_the_largest_amounts_are_read_again_for_their_currency_sign():
    chosen = lines_to_reread(*page(RECEIPT))
    texts = [text for text, _ in RECEIPT]
    assert {texts.index("CASH 20.00"), texts.index("Subtotal 10.65"), texts.index("TOTAL 10.65")} <= chosen


@pytest.mark.parametrize("line", ["Tea e2.67", "Tea 12,50 e", "Tea RS 56,00", "Tea f3.20"])
def test_a_letter_standing_for_a_currency_sign_is_read_again(line):
    lines = [*RECEIPT[:14], (line, 0.99), *RECEIPT[14:]]
    assert 14 in lines_to_reread(*page(lines))


@pytest.mark.parametrize("line", ["2 x 3.50", "RM3.50", "Tea 0.50 SR"])
def test_multipliers_currency_codes_and_tax_codes_are_not_taken_for_signs(line):
    lines = [*RECEIPT[:14], (line, 0.99), *RECEIPT[14:]]
    assert 14 not in lines_to_reread(*page(lines))


def test_a_line_of_words_the_first_reader_doubted_is_read_again():
    lines = [*RECEIPT[:14], ("Kasse Muller", 0.7), *RECEIPT[14:]]
    assert 14 in lines_to_reread(*page(lines))


def test_boxes_side_by_side_count_as_one_header_row():
    tops = [0.0, 2.0, 30.0, 31.0, 60.0]
    assert header_end(tops, [20.0] * 5, rows=2) == 31.0


@pytest.mark.skipif(not FONT.is_file(), reason="needs fonts-dejavu-core to draw the test image")
def test_the_currency_sign_of_a_total_far_below_the_header_survives():
    assert latin.available(), "Tesseract's Latin model is missing: apt-get install tesseract-ocr-script-latn"
    lines = ["Bäckerei Müller", *[f"Brötchen {i}   0,{10 + i}" for i in range(16)], "Summe   12,50 €"]
    font = ImageFont.truetype(str(FONT), 30)
    image = Image.new("RGB", (640, 56 * len(lines) + 60), "white")
    pen = ImageDraw.Draw(image)
    for index, text in enumerate(lines):
        pen.text((40, 40 + 56 * index), text, fill="black", font=font)
    read = [line.text for line in ocr_image(image).lines]
    assert read[0] == "Bäckerei Müller"
    assert read[-1].endswith("12,50 €")
