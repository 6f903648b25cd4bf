"""Engine fragments to a ``TextDocument`` of visual lines with word boxes.

Receipts put a label at the left and its amount far to the right, as separate fragments, so the
fragments are regrouped into visual lines here. Phone photos are often tilted a few degrees, which
over the width of a receipt moves the amount by more than a line height: lines are grouped along the
document's estimated skew, not by raw ``y``.
"""
from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from app.extraction.types import TextDocument, TextLine, Word


@dataclass(frozen=True)
class Fragment:
    """One text box as the engine returned it: quadrilateral corners tl, tr, br, bl in pixels."""

    points: tuple[tuple[float, float], ...]
    text: str
    score: float

    @property
    def angle(self) -> float:
        (x0, y0), (x1, y1) = self.points[0], self.points[1]
        return math.atan2(y1 - y0, x1 - x0)

    @property
    def width(self) -> float:
        (x0, y0), (x1, y1) = self.points[0], self.points[1]
        return math.hypot(x1 - x0, y1 - y0)

    @property
    def height(self) -> float:
        (x0, y0), (x3, y3) = self.points[0], self.points[3]
        return math.hypot(x3 - x0, y3 - y0)

    @property
    def center(self) -> tuple[float, float]:
        return (sum(p[0] for p in self.points) / 4, sum(p[1] for p in self.points) / 4)


def estimate_skew(fragments: list[Fragment]) -> float:
    """Dominant text angle in radians: width-weighted median over fragments long enough to tell."""
    samples = [(f.angle, f.width) for f in fragments if f.width >= 2 * f.height and abs(f.angle) < math.radians(30)]
    if not samples:
        return 0.0
    samples.sort()
    half = sum(weight for _, weight in samples) / 2
    running = 0.0
    for angle, weight in samples:
        running += weight
        if running >= half:
            return angle
    return samples[-1][0]


@dataclass
class _Placed:
    fragment: Fragment
    x0: float  # extent along the text direction (deskewed coordinates)
    x1: float
    y: float  # centre across the text direction
    height: float


def group_lines(fragments: list[Fragment], skew: float) -> list[list[_Placed]]:
    """Cluster fragments into visual lines along the skew; each line sorted left to right."""
    cos, sin = math.cos(skew), math.sin(skew)
    placed = []
    for f in fragments:
        xs = [x * cos + y * sin for x, y in f.points]
        cx, cy = f.center
        placed.append(_Placed(f, min(xs), max(xs), -cx * sin + cy * cos, max(f.height, 1.0)))
    placed.sort(key=lambda p: p.y)

    lines: list[list[_Placed]] = []
    for item in placed:
        best, best_distance = None, None
        # Only recent lines can still be open: anything a few line heights above is finished.
        for line in lines[-8:]:
            # Compare with the member nearest along the line, which follows curled paper better
            # than the line average.
            neighbour = min(line, key=lambda p: max(p.x0 - item.x1, item.x0 - p.x1, 0.0))
            distance = abs(neighbour.y - item.y)
            limit = 0.5 * min(neighbour.height, item.height)
            overlaps = any(min(p.x1, item.x1) - max(p.x0, item.x0) > 0.3 * min(p.x1 - p.x0, item.x1 - item.x0)
                           for p in line)
            if distance <= limit and not overlaps and (best_distance is None or distance < best_distance):
                best, best_distance = line, distance
        if best is None:
            lines.append([item])
        else:
            best.append(item)
    for line in lines:
        line.sort(key=lambda p: p.x0)
    lines.sort(key=lambda line: statistics.fmean(p.y for p in line))
    return lines


def _axis_box(points: Sequence[Sequence[float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _split_words(fragment: Fragment) -> list[Word]:
    """Word boxes by sharing the fragment's quadrilateral out in proportion to character counts."""
    tokens = fragment.text.split(" ")
    if len(tokens) == 1:
        return [Word(text=fragment.text, box=_axis_box(fragment.points), confidence=fragment.score)]
    (tlx, tly), (trx, try_), (brx, bry), (blx, bly) = fragment.points
    total = len(fragment.text)
    words, position = [], 0
    for token in tokens:
        start, end = position / total, (position + len(token)) / total
        position += len(token) + 1

        def along(t: float) -> list[tuple[float, float]]:
            return [(tlx + (trx - tlx) * t, tly + (try_ - tly) * t), (blx + (brx - blx) * t, bly + (bry - bly) * t)]

        words.append(Word(text=token, box=_axis_box(along(start) + along(end)), confidence=fragment.score))
    return words


def build_document(fragments: list[Fragment], size: tuple[int, int], *, page: int = 0,
                   engine: str = "") -> TextDocument:
    """Turn engine fragments into a ``TextDocument`` of skew-aware visual lines."""
    skew = estimate_skew(fragments)
    lines = []
    for group in group_lines(fragments, skew):
        words = [word for placed in group for word in _split_words(placed.fragment)]
        scores = [placed.fragment.score for placed in group]
        box = _axis_box([p for placed in group for p in placed.fragment.points])
        lines.append(
            TextLine(
                text=" ".join(placed.fragment.text for placed in group),
                box=box,
                words=words,
                confidence=round(statistics.fmean(scores), 4),
                page=page,
            )
        )
    confidences = [line.confidence for line in lines]
    return TextDocument(
        source="ocr",
        lines=lines,
        page_count=1,
        page_sizes=[(float(size[0]), float(size[1]))],
        engine=engine,
        metadata={
            "engine": engine,
            "skew_degrees": round(math.degrees(skew), 2),
            "fragments": len(fragments),
            "mean_confidence": round(statistics.fmean(confidences), 4) if confidences else 0.0,
        },
    )
