"""OCR a photo into a ``TextDocument`` of visual lines with word boxes, using RapidOCR offline.

RapidOCR (PP-OCR models shipped inside the wheel) returns one rotated quadrilateral per text
fragment. Receipts put a label at the left and its amount far to the right, as separate fragments,
so the fragments are regrouped into visual lines here. Phone photos are often tilted a few degrees,
which over the width of a receipt moves the amount by more than a line height: lines are grouped
along the document's estimated skew, not by raw ``y``.
"""
from __future__ import annotations

import math
import os
import statistics
import threading
import time
from dataclasses import dataclass

import numpy as np
from PIL import Image

from app.extraction.images import normalise_for_ocr
from app.extraction.types import TextDocument, TextLine, UnreadableDocument, Word

ENGINE_NAME = "rapidocr-onnxruntime-1.4.4/PP-OCRv4"

_engine = None
_engine_lock = threading.Lock()


def _thread_count() -> int:
    """Threads for ONNX Runtime: OMP_THREAD_LIMIT if set (ops run with one core), else at most 2."""
    raw = os.environ.get("OMP_THREAD_LIMIT", "")
    if raw.strip().isdigit() and int(raw) >= 1:
        return int(raw)
    return max(1, min(2, os.cpu_count() or 1))


def get_engine():
    """The process-wide RapidOCR engine; loading its three models takes about a second."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                from rapidocr_onnxruntime import RapidOCR

                threads = _thread_count()
                _engine = RapidOCR(
                    intra_op_num_threads=threads,
                    inter_op_num_threads=1,
                    # We resize ourselves (images.normalise_for_ocr); don't let RapidOCR shrink again.
                    max_side_len=4000,
                    # Recognise each fragment alone at its own width: the default pads every crop
                    # to the widest of a batch of six (and to at least 320 px), which doubles the
                    # work on receipts full of short amounts and makes the model drop spaces.
                    rec_batch_num=1,
                    rec_img_shape=[3, 48, 96],
                )
    return _engine


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


# The recogniser often reads "SOON HUAT" as "SOONHUAT" on receipt fonts; its per-character
# positions still show the wider gap. A gap wider than this share of the median character width
# between two characters becomes a space.
SPACE_GAP_RATIO = 0.42


def restore_spaces(text: str, char_boxes, chars, top_left, top_right) -> str:
    """Re-insert spaces the recogniser dropped, from the gaps between its character boxes."""
    if not char_boxes or len(char_boxes) != len(chars) or any(len(ch) != 1 for ch in chars):
        return text  # word-level output (CJK) or a shape we do not know: keep the text as read
    dx, dy = top_right[0] - top_left[0], top_right[1] - top_left[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length

    def along(point) -> float:
        return (point[0] - top_left[0]) * ux + (point[1] - top_left[1]) * uy

    spans = [(along(box[0]), along(box[1])) for box in char_boxes]
    widths = [end - start for start, end in spans if end > start]
    if len(widths) < 3:
        return text
    threshold = max(SPACE_GAP_RATIO * statistics.median(widths), 2.0)
    out = [chars[0]]
    for i in range(1, len(chars)):
        if chars[i] != " " and chars[i - 1] != " " and spans[i][0] - spans[i - 1][1] > threshold:
            out.append(" ")
        out.append(chars[i])
    return "".join(out)


def run_engine(image: Image.Image) -> list[Fragment]:
    """Raw RapidOCR fragments for an RGB image, in the image's pixel coordinates."""
    array = np.asarray(image.convert("RGB"))[:, :, ::-1]  # RapidOCR expects OpenCV's BGR order
    result, _elapsed = get_engine()(array, return_word_box=True)
    fragments = []
    for entry in result or []:
        points, text, score = entry[0], str(entry[1]), float(entry[2])
        corners = tuple((float(x), float(y)) for x, y in points)
        if len(entry) >= 5:
            text = restore_spaces(text, entry[3], entry[4], corners[0], corners[1])
        text = " ".join(text.split())
        if text:
            fragments.append(Fragment(corners, text, score))
    return fragments


def read_fragments(image: Image.Image) -> tuple[list[Fragment], dict]:
    """OCR fragments in the given image's pixel coordinates, plus per-stage timings."""
    started = time.perf_counter()
    prepared, scale = normalise_for_ocr(image)
    resized = time.perf_counter()
    fragments = run_engine(prepared)
    recognised = time.perf_counter()
    if scale != 1.0:
        fragments = [
            Fragment(tuple((x / scale, y / scale) for x, y in f.points), f.text, f.score) for f in fragments
        ]
    timings = {"resize": round(resized - started, 4), "ocr": round(recognised - resized, 4)}
    return fragments, {"ocr_scale": round(scale, 4), "timings": timings, "threads": _thread_count()}


def ocr_image(image: Image.Image, *, page: int = 0) -> TextDocument:
    """OCR one upright RGB image (see ``images.load_image``) into visual lines with word boxes.

    Boxes are in the given image's pixel coordinates. Raises ``UnreadableDocument("no_text")`` if the
    engine finds nothing.
    """
    fragments, details = read_fragments(image)
    started = time.perf_counter()
    document = build_document(fragments, image.size, page=page)
    if not document.lines:
        raise UnreadableDocument("no_text", "OCR found no text in the image")
    details["timings"]["layout"] = round(time.perf_counter() - started, 4)
    document.metadata.update(details)
    return document


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


def _axis_box(points) -> tuple[float, float, float, float]:
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


def build_document(fragments: list[Fragment], size: tuple[int, int], *, page: int = 0) -> TextDocument:
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
        engine=ENGINE_NAME,
        metadata={
            "engine": ENGINE_NAME,
            "skew_degrees": round(math.degrees(skew), 2),
            "fragments": len(fragments),
            "mean_confidence": round(statistics.fmean(confidences), 4) if confidences else 0.0,
        },
    )
