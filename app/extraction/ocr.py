"""OCR a photo into a ``TextDocument`` of visual lines with word boxes, using RapidOCR offline.

RapidOCR (PP-OCR models shipped inside the wheel) returns one rotated quadrilateral per text
fragment. Receipts put a label at the left and its amount far to the right, as separate fragments,
so the fragments are regrouped into visual lines here. Phone photos are often tilted a few degrees,
which over the width of a receipt moves the amount by more than a line height: lines are grouped
along the document's estimated skew, not by raw ``y``.
"""
from __future__ import annotations

import functools
import math
import os
import statistics
import threading
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
from PIL import Image

from app.extraction.images import normalise_for_ocr
from app.extraction.types import TextDocument, TextLine, UnreadableDocument, Word

if TYPE_CHECKING:
    from rapidocr_onnxruntime import RapidOCR

ENGINE_NAME = "rapidocr-onnxruntime-1.4.4/PP-OCRv4"

# One result of the engine with numpy values made plain (JSON-able), as RapidOCR lays it out:
# [corners, text, score, char boxes, chars, char scores]. rapidocr ships no types.
RawEntry = list[Any]

_engine_lock = threading.Lock()


def _thread_count() -> int:
    """Threads for ONNX Runtime: OMP_THREAD_LIMIT if set (ops run with one core), else at most 2."""
    raw = os.environ.get("OMP_THREAD_LIMIT", "")
    if raw.strip().isdigit() and int(raw) >= 1:
        return int(raw)
    return max(1, min(2, os.cpu_count() or 1))


def get_engine() -> RapidOCR:
    """The process-wide RapidOCR engine; loading its three models takes about a second."""
    with _engine_lock:  # two threads starting at once load it once
        return _load_engine()


@functools.cache
def _load_engine() -> RapidOCR:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(
        intra_op_num_threads=_thread_count(),
        inter_op_num_threads=1,
        # We resize ourselves (images.normalise_for_ocr); don't let RapidOCR shrink again.
        max_side_len=4000,
        # Recognise each fragment alone at its own width: the default pads every crop
        # to the widest of a batch of six (and to at least 320 px), which doubles the
        # work on receipts full of short amounts and makes the model drop spaces.
        rec_batch_num=1,
        rec_img_shape=[3, 48, 96],
    )


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


# The recogniser (trained mostly on Chinese) often reads "SOON HUAT" as "SOONHUAT". Word spaces
# are still visible in the pixels as blank vertical stripes, much wider than the gaps between
# letters: a blank run at least this share of the box height, and well above the box's typical
# letter gap, is a space.
SPACE_MIN_HEIGHT_RATIO = 0.3
SPACE_MIN_GAP_RATIO = 1.6
# Receipt printers use monospaced fonts, where a narrow glyph ("I", "1") leaves wide blank margins
# in its cell; the recogniser's character positions only step wider across a real space.
SPACE_PITCH_RATIO = 1.1


def _crop(image: np.ndarray, corners: Sequence[Sequence[float]]) -> np.ndarray:
    """The fragment's quadrilateral straightened into a rectangle (as the recogniser saw it)."""
    points = np.array(corners, dtype=np.float32)
    width = int(max(np.linalg.norm(points[0] - points[1]), np.linalg.norm(points[2] - points[3])))
    height = int(max(np.linalg.norm(points[0] - points[3]), np.linalg.norm(points[1] - points[2])))
    if width < 2 or height < 2:
        return np.zeros((0, 0), dtype=np.uint8)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(points, target)
    return cv2.warpPerspective(image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE)


def word_gaps(gray: np.ndarray) -> list[tuple[int, int]]:
    """Blank column runs wide enough to be spaces between words, in crop x coordinates."""
    if gray.size == 0:
        return []
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    inked_rows = np.flatnonzero(ink.sum(axis=1))
    if len(inked_rows) < 2:
        return []
    height = inked_rows[-1] - inked_rows[0] + 1  # text height, without the box's margins
    inked = ink.sum(axis=0) > max(1, 0.05 * height)  # ignore specks of noise
    columns = np.flatnonzero(inked)
    if len(columns) < 2:
        return []
    # Alternating ink and blank runs between the first and last inked column.
    edges = np.flatnonzero(np.diff(inked[columns[0]: columns[-1] + 1].astype(np.int8))) + 1 + columns[0]
    bounds = [columns[0], *edges.tolist(), columns[-1] + 1]
    blank_runs = [(bounds[i], bounds[i + 1]) for i in range(1, len(bounds) - 1, 2)]
    if not blank_runs:
        return []
    typical = statistics.median(end - begin for begin, end in blank_runs)
    minimum = max(SPACE_MIN_HEIGHT_RATIO * height, SPACE_MIN_GAP_RATIO * max(typical, 1.0))
    return [(begin, end) for begin, end in blank_runs if end - begin >= minimum]


def _may_split(before: str, after: str) -> bool:
    """Whether a space may go between two characters: never inside numbers ("9.65", "1,234"),
    before closing punctuation or after an opening bracket, where narrow glyphs leave wide gaps."""
    if " " in (before, after) or after in ".,:;)]%" or before in "([":
        return False
    return not (after.isdigit() and (before.isdigit() or before in ".,"))


def restore_spaces(entry: RawEntry, image: np.ndarray) -> str:
    """The fragment's text with spaces put back where the pixels show a gap between words.

    Uses the recogniser's per-character positions to find which characters a gap falls between;
    word-level output (CJK) or an unexpected shape keeps the text as read.
    """
    corners, text = entry[0], str(entry[1])
    if len(entry) < 5:
        return text
    char_boxes, chars = entry[3], entry[4]
    if not char_boxes or len(char_boxes) != len(chars) or any(len(ch) != 1 for ch in chars):
        return text
    crop = _crop(image, corners)
    if crop.size == 0:
        return text
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    top_left, top_right = np.array(corners[0], dtype=float), np.array(corners[1], dtype=float)
    length = float(np.linalg.norm(top_right - top_left)) or 1.0
    direction = (top_right - top_left) / length
    stretch = crop.shape[1] / length
    centres = [
        float(np.dot((np.array(box[0], dtype=float) + np.array(box[1], dtype=float)) / 2 - top_left, direction)) * stretch
        for box in char_boxes
    ]
    pitches = [centres[i + 1] - centres[i] for i in range(len(centres) - 1)]
    typical_pitch = statistics.median(pitches) if pitches else 0.0
    spaces_before: set[int] = set()
    for begin, end in word_gaps(gray):
        middle = (begin + end) / 2
        for i in range(len(centres) - 1):
            if centres[i] < middle < centres[i + 1]:
                # The recogniser's character spacing must agree that something sits between.
                wide = pitches[i] >= SPACE_PITCH_RATIO * typical_pitch
                if wide and _may_split(chars[i], chars[i + 1]):
                    spaces_before.add(i + 1)
                break
    return "".join((" " if i in spaces_before else "") + ch for i, ch in enumerate(chars))


# Finding text boxes needs far fewer pixels than reading them: detection runs on a copy of at most
# this many pixels, recognition on crops of the full-resolution image. Detection is a third of the
# OCR time on a receipt, so this keeps one receipt under ~2 s on one core.
DETECTION_MAX_PIXELS = 1_500_000


def run_engine(image: np.ndarray) -> list[RawEntry]:
    """RapidOCR's raw output for a BGR array: [corners, text, score, char boxes, chars, char scores].

    Mirrors ``RapidOCR.__call__`` (rapidocr-onnxruntime 1.4.4) except that detection sees a
    downscaled copy; boxes are scaled back before cropping.
    """
    engine = get_engine()
    height, width = image.shape[:2]
    shrink = min(1.0, math.sqrt(DETECTION_MAX_PIXELS / float(width * height)))
    detect_on = image if shrink == 1.0 else cv2.resize(
        image, (max(1, round(width * shrink)), max(1, round(height * shrink))), interpolation=cv2.INTER_AREA)
    boxes, _elapsed = engine.auto_text_det(detect_on)
    if boxes is None or len(boxes) == 0:
        return []
    boxes = [np.clip(np.asarray(box, dtype=np.float32) / shrink, 0, [width - 1, height - 1]).astype(np.float32)
             for box in boxes]
    crops = engine.get_crop_img_list(image, boxes)
    crops, _angles, _elapsed = engine.text_cls(crops)
    recognised, _elapsed = engine.text_rec(crops, True)
    recognised = engine.cal_rec_boxes(crops, boxes, recognised)
    return [
        _plain([box, *result])
        for box, result in zip(boxes, recognised, strict=False)
        if float(result[1]) >= engine.text_score
    ]


def to_bgr(image: Image.Image) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])  # OpenCV's channel order


def _plain(value: Any) -> Any:
    """Numpy arrays and scalars to lists and floats, so raw output can be stored as JSON."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def fragments_from_raw(raw: list[RawEntry], image: np.ndarray, scale: float = 1.0) -> list[Fragment]:
    """Fragments from raw engine output on ``image`` (the array OCR ran on), mapped back by
    ``1/scale`` to the caller's image."""
    fragments = []
    for entry in raw:
        text = restore_spaces(entry, image)
        # Full-width punctuation ("（", "：") from the Chinese-trained model becomes plain ASCII.
        text = " ".join(unicodedata.normalize("NFKC", text).split())
        if text:
            corners = tuple((float(x) / scale, float(y) / scale) for x, y in entry[0])
            fragments.append(Fragment(corners, text, float(entry[2])))
    return fragments


def read_fragments(image: Image.Image) -> tuple[list[Fragment], dict[str, Any]]:
    """OCR fragments in the given image's pixel coordinates, plus per-stage timings."""
    started = time.perf_counter()
    prepared, scale = normalise_for_ocr(image)
    resized = time.perf_counter()
    array = to_bgr(prepared)
    fragments = fragments_from_raw(run_engine(array), array, scale)
    recognised = time.perf_counter()
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
