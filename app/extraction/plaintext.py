"""A ``TextDocument`` from plain text laid out with spaces, as a receipt printer or ``pdftotext -layout``
prints it.

Each line becomes one visual line; its words get boxes on a fixed character grid, so columns
separated by runs of spaces keep their horizontal distance and the layout rules (label beside its
amount, seller block beside the buyer's) work as on OCR lines.
"""
from __future__ import annotations

import re

from app.extraction.types import TextDocument, TextLine, Word

CHAR_WIDTH = 7.0
LINE_PITCH = 20.0
TEXT_HEIGHT = 14.0
MAX_LINES = 2000


def document_from_text(text: str) -> TextDocument:
    lines: list[TextLine] = []
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:MAX_LINES]
    widest = max((len(line.expandtabs(4)) for line in raw_lines), default=0)
    for number, raw in enumerate(raw_lines):
        line = raw.expandtabs(4)
        top = number * LINE_PITCH
        words = [
            Word(text=match.group(0),
                 box=(match.start() * CHAR_WIDTH, top, match.end() * CHAR_WIDTH, top + TEXT_HEIGHT))
            for match in re.finditer(r"\S+", line)
        ]
        if not words:
            continue
        box = (words[0].box[0], top, words[-1].box[2], top + TEXT_HEIGHT)
        lines.append(TextLine(text=" ".join(line.split()), box=box, words=words))
    size = (max(widest, 1) * CHAR_WIDTH, max(len(raw_lines), 1) * LINE_PITCH)
    return TextDocument(source="plain", lines=lines, page_sizes=[size], engine="plain")
