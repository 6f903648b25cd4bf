"""OCR of a synthetic receipt photo: lines grouped along the tilt, and the fields read from them.

OCR takes a second or two per image, so the photo is made and read once for the module.
"""
from __future__ import annotations

import io
import math
from decimal import Decimal

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from app.extraction.images import load_image
from app.extraction.ocr import Fragment, build_document, estimate_skew, ocr_image, word_gaps
from app.extraction.offline import extract_fields
from app.extraction.types import UnreadableDocument

TILT_DEGREES = 4

RECEIPT_ROWS = [
    ("CORNER HARDWARE SDN BHD", None),
    ("12 Jalan Mawar, 43000 Kajang", None),
    ("Date: 14/03/2026", None),
    ("Hammer", "25.00"),
    ("Nails 2 x 3.50", "7.00"),
    ("TOTAL", "32.00"),
    ("CASH", "50.00"),
    ("CHANGE", "18.00"),
]


def receipt_photo() -> bytes:
    font = ImageFont.load_default(size=30)
    image = Image.new("RGB", (900, 640), "white")
    draw = ImageDraw.Draw(image)
    for index, (label, amount) in enumerate(RECEIPT_ROWS):
        y = 40 + index * 70
        draw.text((50, y), label, fill="black", font=font)
        if amount:
            # Far right, as on receipts, so the tilt moves it by more than a line height.
            draw.text((700, y), amount, fill="black", font=font)
    tilted = image.rotate(TILT_DEGREES, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    tilted.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def document():
    return ocr_image(load_image(receipt_photo()))


def test_tilted_label_and_far_right_amount_share_one_line(document):
    total_lines = [line.text for line in document.lines if "TOTAL" in line.text.upper()]
    assert total_lines and "32.00" in total_lines[0]


def test_skew_is_estimated_from_the_text(document):
    # PIL rotates counter-clockwise, so text rises to the right: a negative angle in image coords.
    assert document.metadata["skew_degrees"] == pytest.approx(-TILT_DEGREES, abs=1.5)


def test_document_records_engine_confidence_and_timings(document):
    assert document.source == "ocr" and document.engine
    assert 0.5 < document.metadata["mean_confidence"] <= 1
    assert document.metadata["timings"]["ocr"] > 0
    assert all(line.words for line in document.lines)


def test_fields_are_extracted_from_the_photo(document):
    result = extract_fields(document)
    assert result.total_amount == Decimal("32.00")
    assert result.vendor == "CORNER HARDWARE SDN BHD"
    assert result.invoice_date.isoformat() == "2026-03-14"


def test_blank_image_has_no_text():
    with pytest.raises(UnreadableDocument) as error:
        ocr_image(Image.new("RGB", (400, 300), "white"))
    assert error.value.reason == "no_text"


def _fragment(text: str, x: float, y: float, width: float, angle_degrees: float) -> Fragment:
    """A 20-unit-high text box starting at (x, y), rotated about its top-left corner."""
    cos, sin = math.cos(math.radians(angle_degrees)), math.sin(math.radians(angle_degrees))

    def point(dx: float, dy: float) -> tuple[float, float]:
        return (x + dx * cos - dy * sin, y + dx * sin + dy * cos)

    return Fragment((point(0, 0), point(width, 0), point(width, 20), point(0, 20)), text, 0.99)


def test_lines_follow_the_tilt_not_raw_height():
    angle = -5.0  # rising to the right
    rise = math.tan(math.radians(angle))
    fragments = []
    for row, (label, amount) in enumerate([("TOTAL AMOUNT DUE", "12.50"), ("CASH PAYMENT", "20.00")]):
        y = 100 + row * 30
        fragments.append(_fragment(label, 10, y, 200, angle))
        fragments.append(_fragment(amount, 500, y + 500 * rise, 80, angle))
    document = build_document(fragments, (600, 300))
    assert [line.text for line in document.lines] == ["TOTAL AMOUNT DUE 12.50", "CASH PAYMENT 20.00"]


def test_estimate_skew_ignores_short_boxes():
    fragments = [_fragment("LONG LINE OF TEXT", 0, 0, 300, 3.0), _fragment("1", 0, 50, 15, 40.0)]
    assert math.degrees(estimate_skew(fragments)) == pytest.approx(3.0, abs=0.1)


def _strip(widths: list[tuple[str, int]]) -> np.ndarray:
    """A 30-px-high grey strip of ink blocks ("x") and blank runs (" ") of the given widths."""

    columns = []
    for kind, width in widths:
        columns += [0 if kind == "x" else 255] * width
    strip = np.full((30, len(columns)), 255, dtype=np.uint8)
    for x, value in enumerate(columns):
        if value == 0:
            strip[5:25, x] = 0
    return strip


def test_word_gaps_finds_spaces_wider_than_letter_gaps():
    strip = _strip([("x", 10), (" ", 2), ("x", 10), (" ", 12), ("x", 10), (" ", 2), ("x", 10)])
    assert word_gaps(strip) == [(22, 34)]


def test_word_gaps_ignores_even_letter_spacing():
    assert word_gaps(_strip([("x", 10), (" ", 3)] * 5 + [("x", 10)])) == []
