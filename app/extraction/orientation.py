"""Which way up a page is, from the text boxes the detector found.

Receipts are photographed or scanned sideways and upside down as often as upright. The text
detector finds lines in any orientation, but the recogniser reads left to right and the layout
groups lines top to bottom, so the page is turned upright first. Sideways pages show up as text
boxes much taller than wide; whether a page (or a sideways page once turned) is upside down is
decided by the angle classifier's votes on a sample of its longest lines.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import cv2
import numpy as np

Box = np.ndarray  # 4 x 2 float32 corners
# A box counts as a line of text only when its long side is clearly longer than its short one.
LINE_ASPECT = 1.5
# Sideways when vertical lines outweigh horizontal ones by this factor (by length).
SIDEWAYS_RATIO = 2.0
VOTE_SAMPLE = 24
# The sampled lines agree when at least this many voted and the dissent weighs at most this share:
# then the page's lines are all one way up and are not classified one by one again.
UNANIMOUS_SAMPLE = 8
UNANIMOUS_DISSENT = 0.02


def _sides(box: Box) -> tuple[float, float]:
    width = float(np.linalg.norm(box[0] - box[1]))
    height = float(np.linalg.norm(box[0] - box[3]))
    return width, height


def is_sideways(boxes: Sequence[Box]) -> bool:
    """True when most of the text runs vertically (the page is turned by 90 degrees)."""
    vertical = horizontal = 0.0
    count = 0
    for box in boxes:
        width, height = _sides(box)
        if height >= LINE_ASPECT * width:
            vertical += height
            count += 1
        elif width >= LINE_ASPECT * height:
            horizontal += width
    return count >= 1 and vertical > SIDEWAYS_RATIO * horizontal


def order_corners(points: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left (clockwise on screen)."""
    centre = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0])
    ordered = points[np.argsort(angles)]
    start = int(np.argmin(ordered.sum(axis=1)))
    return np.roll(ordered, -start, axis=0).astype(np.float32)


def turn_boxes(boxes: Sequence[Box], size: tuple[int, int], quarter_turns: int) -> list[Box]:
    """Boxes of an image ``size`` (width, height) in the image turned clockwise ``quarter_turns`` times."""
    width, height = size
    turned = []
    for box in boxes:
        xs, ys = box[:, 0], box[:, 1]
        turns = quarter_turns % 4
        if turns == 1:
            points = np.stack([height - 1 - ys, xs], axis=1)
        elif turns == 2:
            points = np.stack([width - 1 - xs, height - 1 - ys], axis=1)
        elif turns == 3:
            points = np.stack([ys, width - 1 - xs], axis=1)
        else:
            points = np.stack([xs, ys], axis=1)
        turned.append(order_corners(points.astype(np.float32)))
    return turned


def turn_image(image: np.ndarray, quarter_turns: int) -> np.ndarray:
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    turns = quarter_turns % 4
    return image if turns == 0 else cv2.rotate(image, codes[turns])


def upside_down_share(crops: list[np.ndarray], classify: Callable[[list[np.ndarray]], list[Any]]) -> float:
    """Share of the classifier's confidence that says the crops are upside down."""
    if not crops:
        return 0.0
    votes = classify(crops)
    flipped = total = 0.0
    for label, score in votes:
        total += float(score)
        if str(label) == "180":
            flipped += float(score)
    return flipped / total if total else 0.0


def longest(boxes: Sequence[Box], limit: int = VOTE_SAMPLE) -> list[Box]:
    """The longest horizontal boxes: long lines carry the most evidence about which way is up."""
    lines = [box for box in boxes if _sides(box)[0] >= LINE_ASPECT * _sides(box)[1]]
    return sorted(lines, key=lambda box: -_sides(box)[0])[:limit]


class Upright(NamedTuple):
    """Clockwise quarter turns that make the page upright, and whether the sampled lines agreed
    without exception (then no single line needs the classifier again)."""

    turns: int
    unanimous: bool


def upright_turns(boxes: Sequence[Box], size: tuple[int, int], image: np.ndarray,
                  crop: Callable[[np.ndarray, list[Box]], list[np.ndarray]],
                  classify: Callable[[list[np.ndarray]], list[Any]]) -> Upright:
    """Clockwise quarter turns that make the page upright: 0, 1, 2 or 3."""
    turns = 1 if is_sideways(boxes) else 0
    turned = turn_boxes(boxes, size, turns)
    sample = longest(turned)
    if not sample:
        return Upright(turns, unanimous=False)
    share = upside_down_share(crop(turn_image(image, turns), sample), classify)
    unanimous = len(sample) >= UNANIMOUS_SAMPLE and min(share, 1.0 - share) <= UNANIMOUS_DISSENT
    return Upright((turns + 2) % 4 if share > 0.5 else turns, unanimous)
