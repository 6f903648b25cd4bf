"""Which way up a page is: the classifier's votes on its longest lines, and when they are unanimous."""
from __future__ import annotations

import numpy as np

from app.extraction.orientation import Upright, upright_turns


def boxes(count: int) -> list[np.ndarray]:
    """``count`` horizontal line boxes, 300 x 20 px, one under the other."""
    return [np.array([[10, 30 * i], [310, 30 * i], [310, 30 * i + 20], [10, 30 * i + 20]], dtype=np.float32)
            for i in range(count)]


def crop(_image, sample):
    return [np.zeros((20, 300, 3), dtype=np.uint8) for _ in sample]


def votes(*labels):
    def classify(crops):
        return [(label, 0.99) for label, _ in zip(labels, crops, strict=False)]
    return classify


IMAGE = np.zeros((400, 400, 3), dtype=np.uint8)


def test_a_page_whose_lines_all_vote_upright_is_unanimous():
    assert upright_turns(boxes(10), (400, 400), IMAGE, crop, votes(*["0"] * 10)) == Upright(0, True)


def test_a_page_whose_lines_all_vote_upside_down_is_turned_and_unanimous():
    assert upright_turns(boxes(10), (400, 400), IMAGE, crop, votes(*["180"] * 10)) == Upright(2, True)


def test_one_dissenting_line_keeps_the_classifier_on_every_line():
    assert upright_turns(boxes(10), (400, 400), IMAGE, crop, votes(*["0"] * 9, "180")) == Upright(0, False)


def test_a_few_lines_are_too_few_to_call_unanimous():
    assert upright_turns(boxes(3), (400, 400), IMAGE, crop, votes("0", "0", "0")) == Upright(0, False)
