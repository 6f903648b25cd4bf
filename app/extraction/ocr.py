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
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
from PIL import Image

from app.extraction import latin, orientation, reread
from app.extraction.images import normalise_for_ocr
from app.extraction.layout import Fragment, build_document, estimate_skew, group_lines
from app.extraction.types import TextDocument, UnreadableDocument

if TYPE_CHECKING:
    from rapidocr_onnxruntime import RapidOCR

ENGINE_NAME = "rapidocr-onnxruntime-1.4.4/PP-OCRv4"


def engine_name(second_reading: str | None) -> str:
    return f"{ENGINE_NAME}+tesseract/{second_reading}" if second_reading else ENGINE_NAME

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
# this many pixels, recognition on crops of the full-resolution image. 1 MP finds the same lines for
# a third less CPU, but its looser boxes cost PP-OCR word spaces (SROIE company 77.5 -> 72.5 % on the
# first 40 receipts), so detection stays at 1.5 MP.
DETECTION_MAX_PIXELS = 1_500_000


def run_engine(image: np.ndarray) -> list[RawEntry]:
    """RapidOCR's raw output for an upright BGR array (see ``recognise``)."""
    return recognise(image, turn_upright=False)[0]


def recognise(image: np.ndarray, *, turn_upright: bool = True,
              second_reading: bool = False) -> tuple[list[RawEntry], np.ndarray, int]:
    """RapidOCR's raw output [corners, text, score, char boxes, chars, char scores] (with
    ``second_reading``, followed by the Latin model's text, confidence and whether it read the line
    enlarged), the array it was read
    from and the clockwise quarter turns applied to make the page upright.

    Mirrors ``RapidOCR.__call__`` (rapidocr-onnxruntime 1.4.4) except that detection sees a
    downscaled copy (boxes are scaled back before cropping) and that a sideways or upside-down page
    is turned upright before recognition.
    """
    engine = get_engine()
    height, width = image.shape[:2]
    shrink = min(1.0, math.sqrt(DETECTION_MAX_PIXELS / float(width * height)))
    detect_on = image if shrink == 1.0 else cv2.resize(
        image, (max(1, round(width * shrink)), max(1, round(height * shrink))), interpolation=cv2.INTER_AREA)
    boxes, _elapsed = engine.auto_text_det(detect_on)
    if boxes is None or len(boxes) == 0:
        return [], image, 0
    boxes = [np.clip(np.asarray(box, dtype=np.float32) / shrink, 0, [width - 1, height - 1]).astype(np.float32)
             for box in boxes]
    turns, unanimous = 0, False
    if turn_upright:
        turns, unanimous = orientation.upright_turns(boxes, (width, height), image, engine.get_crop_img_list,
                                                     lambda crops: engine.text_cls(crops)[1])
        if turns:
            boxes = orientation.turn_boxes(boxes, (width, height), turns)
            image = orientation.turn_image(image, turns)
    crops = engine.get_crop_img_list(image, boxes)
    if not unanimous:  # lines that may be upside down on their own are turned by the classifier
        crops, _angles, _elapsed = engine.text_cls(crops)
    return _read_crops(engine, crops, boxes, second_reading=second_reading), image, turns


def _read_crops(engine: RapidOCR, crops: list[np.ndarray], boxes: list[np.ndarray], *,
                second_reading: bool) -> list[RawEntry]:
    """Raw entries for the crops; with ``second_reading`` a line whose second reading can change a
    field (``reread.lines_to_reread``: the header, the largest amounts, a possible currency sign, a
    doubtful line of words) gets the Latin model's text and confidence appended."""
    recognised, _elapsed = engine.text_rec(crops, True)
    recognised = engine.cal_rec_boxes(crops, boxes, recognised)
    kept = [(crop, _plain([box, *result])) for crop, box, result in zip(crops, boxes, recognised, strict=True)
            if float(result[1]) >= engine.text_score]
    if second_reading:
        texts = [str(entry[1]) for _crop, entry in kept]
        scores = [float(entry[2]) for _crop, entry in kept]
        tops = [min(y for _x, y in entry[0]) for _crop, entry in kept]
        heights = [max(y for _x, y in entry[0]) - top for (_crop, entry), top in zip(kept, tops, strict=True)]
        for index in sorted(reread.lines_to_reread(texts, scores, tops, heights)):
            crop, entry = kept[index]
            reading = latin.read_line(_gray(crop))
            if reading is not None:
                entry += [reading.text, reading.confidence, reading.enlarged]
    return [entry for _crop, entry in kept]


def _gray(crop: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop


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


def fragments_from_raw(raw: list[RawEntry], image: np.ndarray, scale: float = 1.0, *,
                       second_reading: bool = False) -> list[Fragment]:
    """Fragments from raw engine output on ``image`` (the array OCR ran on), mapped back by
    ``1/scale`` to the caller's image. With ``second_reading`` each line is also read by the
    Latin-script model (unless ``recognise`` already did), which may restore accents, spaces and
    currency signs (see ``latin``)."""
    fragments = []
    for entry in raw:
        text = restore_spaces(entry, image)
        if len(entry) >= 9:
            reading = latin.Reading(str(entry[6]), int(entry[7]), bool(entry[8]))
            text = latin.reconcile_with(text, reading, float(entry[2]))
        elif second_reading:
            crop = _crop(image, entry[0])
            if crop.size:
                text = latin.reconcile(text, _gray(crop), float(entry[2]))
        # Full-width punctuation ("（", "：") from the Chinese-trained model becomes plain ASCII.
        text = " ".join(unicodedata.normalize("NFKC", text).split())
        if text:
            corners = tuple((float(x) / scale, float(y) / scale) for x, y in entry[0])
            fragments.append(Fragment(corners, text, float(entry[2])))
    return fragments


def read_fragments(image: Image.Image) -> tuple[list[Fragment], dict[str, Any]]:
    """OCR fragments in the pixel coordinates of the given image turned upright (``quarter_turns``
    clockwise in the details), plus per-stage timings."""
    started = time.perf_counter()
    prepared, scale = normalise_for_ocr(image)
    resized = time.perf_counter()
    second = latin.available()
    raw, array, turns = recognise(to_bgr(prepared), second_reading=second)
    recognised = time.perf_counter()
    fragments = fragments_from_raw(raw, array, scale)
    finished = time.perf_counter()
    timings = {"resize": round(resized - started, 4), "ocr": round(recognised - resized, 4),
               "reconcile": round(finished - recognised, 4)}
    details = {"ocr_scale": round(scale, 4), "timings": timings, "threads": _thread_count(),
               "quarter_turns": turns, "second_reading": latin.MODEL if second else None}
    return fragments, details


def ocr_image(image: Image.Image, *, page: int = 0) -> TextDocument:
    """OCR one RGB image (see ``images.load_image``) into visual lines with word boxes.

    A sideways or upside-down page is read turned upright; boxes are in the pixel coordinates of the
    upright page (``metadata["quarter_turns"]`` clockwise turns of the given image). Raises
    ``UnreadableDocument("no_text")`` if the engine finds nothing.
    """
    fragments, details = read_fragments(image)
    started = time.perf_counter()
    size = image.size if details["quarter_turns"] % 2 == 0 else (image.height, image.width)
    document = build_document(fragments, size, page=page, engine=engine_name(details["second_reading"]))
    if not document.lines:
        raise UnreadableDocument("no_text", "OCR found no text in the image")
    details["timings"]["layout"] = round(time.perf_counter() - started, 4)
    document.metadata.update(details)
    return document


__all__ = ["Fragment", "build_document", "estimate_skew", "group_lines", "ocr_image", "read_fragments", "run_engine"]
