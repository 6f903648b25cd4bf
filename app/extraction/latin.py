"""A second reading of detected lines with Tesseract's Latin-script model, merged by consensus.

The PP-OCR recogniser shipped in the RapidOCR wheel was trained mostly on Chinese and English: it
reads digits and amounts very well but drops accents (BÄCKEREI -> BACKEREI), never writes €, £ or ₹,
and guesses word spaces. Tesseract's ``Latin`` model (Debian package ``tesseract-ocr-script-latn``)
knows every Latin-script alphabet and the currency signs, but misreads more digits on faded thermal
paper. So each line where that can change a field (chosen by ``reread``) is read by both, and
Tesseract's version is taken only where the two agree on every letter and digit up to accents and
case: it may then add diacritics, currency signs (written next to an amount where PP-OCR saw nothing
or a look-alike letter) and word spaces (not inside numbers, and not from a line Tesseract only read
enlarged), and nothing else; case and decimal marks stay PP-OCR's. Any other difference keeps the
PP-OCR reading, except on a line of words where PP-OCR is unsure and Tesseract is sure.
"""
from __future__ import annotations

import difflib
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

MODEL = "Latin"
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata")
CURRENCY_SIGNS = "€£₹$¥₺₽₩₦₱"
# What PP-OCR writes in place of a currency sign it does not know.
LOOKALIKES = {
    "€": set("eEcCG6"),
    "£": set("fFEL"),
    "₹": set("RZz2%*?"),
    "$": set("sS5"),
}
MIN_CONFIDENCE = 60
# Crop height (pixels) below which a line is enlarged for Tesseract.
MIN_LINE_HEIGHT = 36
# A letters-only line the two readers disagree on goes to the one that is sure when the other is
# not (PP-OCR's line score, Tesseract's mean word confidence): "MKEA" at 0.78 against "IKEA" at 86.
PRIMARY_DOUBT = 0.85
SECOND_SURE = 80
AMOUNT = re.compile(r"\d[.,]\d\d(?!\d)")
# A second reading this close to PP-OCR's (share of matching characters) still lends its accents
# and spaces to the stretches where the two agree; letters-only lines only, where a stray digit
# cannot change an amount.
PARTIAL_AGREEMENT = 0.85
_local = threading.local()
_configured: list[str] = []  # a folder set from the app's settings (TESSDATA_PREFIX in .env)


def use_tessdata(folder: str) -> None:
    """Look for the model in ``folder`` first (threads that already loaded one keep it)."""
    _configured[:] = [folder] if folder else []


def tessdata_dir() -> str | None:
    """The folder holding ``Latin.traineddata``: the configured one, $TESSDATA_PREFIX, else the
    Debian locations."""
    candidates = [*_configured, os.environ.get("TESSDATA_PREFIX", ""), *TESSDATA_DIRS]
    for folder in candidates:
        if folder and (Path(folder) / f"{MODEL}.traineddata").is_file():
            return folder
    return None


def _api() -> Any:
    """One Tesseract instance per thread (the C++ API is not thread-safe); None without the model."""
    if not hasattr(_local, "api"):
        folder = tessdata_dir()
        _local.api = None
        if folder is not None:
            import tesserocr

            _local.api = tesserocr.PyTessBaseAPI(path=folder, lang=MODEL, psm=tesserocr.PSM.SINGLE_LINE,
                                                 oem=tesserocr.OEM.LSTM_ONLY)
    return _local.api


def available() -> bool:
    return _api() is not None


@dataclass(frozen=True)
class Reading:
    text: str
    confidence: int
    # Read from a crop enlarged to Tesseract's line height: its word spaces are then unreliable.
    enlarged: bool = False


def read_line(gray: np.ndarray) -> Reading | None:
    """Tesseract's reading of one straightened line crop (8-bit greyscale), or None if unavailable."""
    api = _api()
    if api is None or gray.size == 0:
        return None
    enlarged = gray.shape[0] < MIN_LINE_HEIGHT
    if enlarged:
        # Tesseract returns nothing at all for lines much smaller than its models' line height.
        scale = MIN_LINE_HEIGHT / gray.shape[0]
        gray = cv2.resize(gray, (max(1, round(gray.shape[1] * scale)), MIN_LINE_HEIGHT),
                          interpolation=cv2.INTER_CUBIC)
    padded = np.pad(gray, 8, mode="edge")  # Tesseract misses strokes touching the border
    api.SetImage(Image.fromarray(padded))
    text = " ".join(api.GetUTF8Text().split())
    return Reading(text, int(api.MeanTextConf()), enlarged)


def _base(char: str) -> str:
    """The letter under its accents, lower case: 'Ä' -> 'a', 'ç' -> 'c'; other characters as they are."""
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0] if all(unicodedata.combining(c) for c in decomposed[1:]) else char
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


def _with_case_of(char: str, model: str) -> str:
    """``char`` (Tesseract's, with its accent) in the case PP-OCR saw, which it reads more reliably."""
    if model.isupper():
        upper = char.upper()
        return upper if len(upper) == 1 else char
    if model.islower():
        lower = char.lower()
        return lower if len(lower) == 1 else char
    return char


def _sign_in_context(theirs: list[tuple[str, bool]], j: int) -> bool:
    """A currency sign counts only next to an amount ("€12", "12,50 €") or as the "$" of "R$"."""
    neighbours = [theirs[k][0] for k in (j - 1, j + 1) if 0 <= k < len(theirs)]
    if any(c.isdigit() for c in neighbours):
        return True
    return theirs[j][0] == "$" and j > 0 and theirs[j - 1][0] == "R"


def _sign_insert(tag: str, theirs: list[tuple[str, bool]], j1: int, j2: int) -> bool:
    """Currency signs the second reader saw where PP-OCR saw nothing."""
    return tag == "insert" and all(theirs[j][0] in CURRENCY_SIGNS and _sign_in_context(theirs, j)
                                   for j in range(j1, j2))


def _sign_replace(tag: str, ours: list[tuple[str, bool]], theirs: list[tuple[str, bool]], i1: int, i2: int, j1: int,
                  j2: int) -> bool:
    """Currency signs the second reader saw where PP-OCR wrote a look-alike letter ("e2.67")."""
    return tag == "replace" and i2 - i1 == j2 - j1 and all(
        ours[i][0] in LOOKALIKES.get(theirs[j][0], ()) and _sign_in_context(theirs, j)
        for i, j in zip(range(i1, i2), range(j1, j2), strict=True))


def _spaced(text: str) -> list[tuple[str, bool]]:
    """Non-space characters, each with whether a space precedes it."""
    chars: list[tuple[str, bool]] = []
    space = False
    for char in text:
        if char.isspace():
            space = True
            continue
        chars.append((char, space))
        space = False
    return chars


def _space(ours: list[tuple[str, bool]], theirs: list[tuple[str, bool]], i: int, j: int,
           their_spaces: bool) -> bool:
    """The second reader's word space before a character (PP-OCR guesses spaces from pixel gaps
    and glues words: "UNIHAKKAINTERNATIONAL"), except inside a number ("6. 00") or when told not to."""
    inside_number = theirs[j][0].isdigit() and j > 0 and (theirs[j - 1][0].isdigit() or theirs[j - 1][0] in ".,")
    return theirs[j][1] if their_spaces and not inside_number else ours[i][1]


def merge(primary: str, second: str, *, min_agreement: float | None = None,
          their_spaces: bool = True) -> str | None:
    """``second`` reconciled with ``primary``, or None when they disagree beyond accents, spaces,
    case and currency signs (spaces, case and decimal marks are then taken from ``primary``).

    With ``min_agreement`` (a share of matching characters), a reading that disagrees on a few
    characters is still used where the two agree; the stretches where they disagree keep
    ``primary``'s characters and spaces.
    """
    ours, theirs = _spaced(primary), _spaced(second)
    if not ours or not theirs:
        return None
    matcher = difflib.SequenceMatcher(None, [_base(c) for c, _ in ours], [_base(c) for c, _ in theirs],
                                      autojunk=False)
    partial = min_agreement is not None and matcher.ratio() >= min_agreement
    out: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        # Equal and replace stretches pair up one to one; insert and delete pair nothing.
        pairs = list(zip(range(i1, i2), range(j1, j2), strict=False))
        if tag == "equal":
            picked = [(_with_case_of(theirs[j][0], ours[i][0]), _space(ours, theirs, i, j, their_spaces))
                      for i, j in pairs]
        elif _sign_insert(tag, theirs, j1, j2) or _sign_replace(tag, ours, theirs, i1, i2, j1, j2):
            picked = [theirs[j] for j in range(j1, j2)]
        elif tag == "replace" and i2 - i1 == j2 - j1 and all(
                ours[i][0] in ".," and theirs[j][0] in ".," for i, j in pairs):
            # Decimal marks: PP-OCR's, which reads digits and their punctuation better.
            picked = [(ours[i][0], theirs[j][1]) for i, j in pairs]
        elif tag == "delete" and all(ours[i][0] in ".," for i in range(i1, i2)):
            # A decimal mark too faint for the second reader ("12 50 €" for "12,50"): keep it.
            picked = [ours[i] for i in range(i1, i2)]
        elif partial:
            picked = [ours[i] for i in range(i1, i2)]
        else:
            return None
        for char, spaced in picked:
            if spaced and out:
                out.append(" ")
            out.append(char)
    return "".join(out)


def worth_reading(primary: str) -> bool:
    """Whether a second reading can add anything: words (accents, spaces) or an amount (a currency
    sign). Codes, times and bare integers are left to PP-OCR alone, which saves a fifth of the lines."""
    return any(c.isalpha() for c in primary) or AMOUNT.search(primary) is not None


def reconcile(primary: str, gray: np.ndarray, primary_score: float = 1.0) -> str:
    """The primary reading, improved by the second reader where the two agree (see ``merge``)."""
    reading = read_line(gray)
    return primary if reading is None else reconcile_with(primary, reading, primary_score)


def reconcile_with(primary: str, reading: Reading, primary_score: float = 1.0) -> str:
    """``primary`` (read by PP-OCR with ``primary_score``) reconciled with the second ``reading``."""
    if reading.confidence < MIN_CONFIDENCE:
        return primary
    spaces = not reading.enlarged
    merged = merge(primary, reading.text, their_spaces=spaces)
    words_only = not any(c.isdigit() for c in primary + reading.text)
    if merged is None and words_only and reading.confidence >= SECOND_SURE:
        # The readers disagree somewhere: accents only from a sure second reading ("HARDWÅRE" at 69).
        merged = merge(primary, reading.text, min_agreement=PARTIAL_AGREEMENT, their_spaces=spaces)
        if merged is None and primary_score < PRIMARY_DOUBT and reading.confidence >= SECOND_SURE:
            merged = reading.text
    return merged or primary
