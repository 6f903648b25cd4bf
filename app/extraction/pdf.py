"""Reading PDFs with PDFium: the text layer with word positions, embedded files, and page renders.

PDFium (pypdfium2) is used rather than pdfminer/pdfplumber because it is a hardened C library that
also renders pages for OCR, and reads a text page in milliseconds where pdfminer takes seconds and can
stall on hostile content streams.

Every PDF is hostile. The work done per document is bounded before it starts: file size, page count,
characters per page, pixels per render and in total, attachment size, and a wall-clock deadline
checked between pages. A single PDFium call cannot be interrupted, which is why each one is kept
small; the job timeout of the worker is the last line of defence.

Boxes are in PDF points with a top-left origin and page rotation applied, so they read like an
image; pages that had to be OCR'd keep the OCR engine's pixel boxes, and ``page_sizes`` says which.
"""
from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from app.extraction.types import ExtractionWarning, TextDocument, TextLine, UnreadableDocument, Word, warning

# A horizontal gap wider than this many line heights separates columns, not words.
COLUMN_GAP = 1.5

# PDFium is not thread-safe; every call into it in this process goes through this lock.
PDFIUM_LOCK = threading.RLock()


@dataclass(frozen=True)
class PdfLimits:
    max_pages: int = 5
    max_bytes: int = 20 * 1024 * 1024
    # 200 DPI is where RapidOCR reads 8-9 pt print reliably; more costs time without gaining text.
    render_dpi: int = 200
    max_page_pixels: int = 8_000_000
    max_total_pixels: int = 24_000_000
    max_chars_per_page: int = 30_000
    max_attachment_bytes: int = 5 * 1024 * 1024
    max_attachments: int = 20
    # Fewer visible characters than this and the page is treated as a scan.
    min_text_chars: int = 20
    deadline_seconds: float = 60.0


class PdfFile:
    """An opened, size-checked PDF. Use as a context manager; every method holds the PDFium lock."""

    def __init__(self, data: bytes, limits: PdfLimits | None = None):
        self.limits = limits or PdfLimits()
        if len(data) > self.limits.max_bytes:
            raise UnreadableDocument("too_large", f"{len(data)} bytes, limit {self.limits.max_bytes}")
        self._started = time.monotonic()
        self._suffixes: tuple[str, ...] | None = None
        with PDFIUM_LOCK:
            try:
                self._pdf = pdfium.PdfDocument(data)
            except pdfium.PdfiumError as exc:
                code = getattr(exc, "err_code", None)
                if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                    raise UnreadableDocument("encrypted", "the PDF needs a password") from exc
                raise UnreadableDocument("corrupt", str(exc)[:200]) from exc
            self.page_count = len(self._pdf)
        if self.page_count < 1:
            self.close()
            raise UnreadableDocument("corrupt", "the PDF has no pages")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        with PDFIUM_LOCK:
            self._pdf.close()

    def out_of_time(self) -> bool:
        return time.monotonic() - self._started > self.limits.deadline_seconds

    # -- embedded files ---------------------------------------------------------------------------

    def attachments(self, suffixes: tuple[str, ...] | None = None) -> list[tuple[str, bytes]]:
        """Embedded files (document-level, then file-attachment annotations on the first pages),
        only those whose name ends with one of ``suffixes`` when given (others are not decoded)."""
        self._suffixes = tuple(s.lower() for s in suffixes) if suffixes else None
        found: list[tuple[str, bytes]] = []
        with PDFIUM_LOCK:
            count = min(pdfium_c.FPDFDoc_GetAttachmentCount(self._pdf.raw), self.limits.max_attachments)
            for index in range(max(count, 0)):
                handle = pdfium_c.FPDFDoc_GetAttachment(self._pdf.raw, index)
                item = self._read_attachment(handle)
                if item:
                    found.append(item)
            for page_index in range(min(self.page_count, self.limits.max_pages)):
                if len(found) >= self.limits.max_attachments:
                    break
                found.extend(self._annotation_attachments(page_index))
        return found

    def _annotation_attachments(self, page_index: int) -> list[tuple[str, bytes]]:
        found: list[tuple[str, bytes]] = []
        try:
            page = self._pdf[page_index]
        except pdfium.PdfiumError:
            return found
        try:
            for index in range(min(pdfium_c.FPDFPage_GetAnnotCount(page.raw), 200)):
                annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
                if not annot:
                    continue
                try:
                    if pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_FILEATTACHMENT:
                        item = self._read_attachment(pdfium_c.FPDFAnnot_GetFileAttachment(annot))
                        if item:
                            found.append(item)
                finally:
                    pdfium_c.FPDFPage_CloseAnnot(annot)
        finally:
            page.close()
        return found

    def _read_attachment(self, handle: object) -> tuple[str, bytes] | None:
        """``handle``: an FPDF_ATTACHMENT pointer from pypdfium2's raw (untyped) bindings."""
        if not handle:
            return None
        name_len = pdfium_c.FPDFAttachment_GetName(handle, None, 0)
        name = ""
        if 0 < name_len <= 2048:
            buffer = ctypes.create_string_buffer(name_len)
            pdfium_c.FPDFAttachment_GetName(handle, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), name_len)
            name = buffer.raw[:name_len].decode("utf-16-le", errors="ignore").rstrip("\x00")
        if self._suffixes and not name.lower().endswith(self._suffixes):
            return None
        size = ctypes.c_ulong()
        if not pdfium_c.FPDFAttachment_GetFile(handle, None, 0, ctypes.byref(size)):
            return None
        if not 0 < size.value <= self.limits.max_attachment_bytes:
            return None
        data = ctypes.create_string_buffer(size.value)
        written = ctypes.c_ulong()
        if not pdfium_c.FPDFAttachment_GetFile(handle, data, size.value, ctypes.byref(written)):
            return None
        return name, data.raw[:min(written.value, size.value)]

    # -- text and renders -------------------------------------------------------------------------

    def page_text(self, page_index: int) -> tuple[list[TextLine], tuple[float, float], int, bool]:
        """Lines of one page, its size in points, its count of visible characters, and truncation."""
        with PDFIUM_LOCK:
            page = self._pdf[page_index]
            try:
                geometry = _PageGeometry.of(page)
                textpage = page.get_textpage()
                try:
                    words, visible, truncated = _words(textpage, geometry, self.limits.max_chars_per_page)
                finally:
                    textpage.close()
            finally:
                page.close()
        return _lines(words, page_index), geometry.display_size, visible, truncated

    def render(self, page_index: int, pixel_budget: int) -> Image.Image | None:
        """The page as an RGB image at the OCR resolution, shrunk to fit ``pixel_budget``."""
        with PDFIUM_LOCK:
            page = self._pdf[page_index]
            try:
                width, height = page.get_size()
                if width <= 0 or height <= 0:
                    return None
                scale = self.limits.render_dpi / 72
                budget = min(self.limits.max_page_pixels, pixel_budget)
                if width * height * scale * scale > budget:
                    scale = (budget / (width * height)) ** 0.5
                if width * scale < 16 or height * scale < 16:
                    return None
                bitmap = page.render(scale=scale, rotation=0, may_draw_forms=False)
                try:
                    image: Image.Image = bitmap.to_pil()
                    return image.convert("RGB")
                finally:
                    bitmap.close()
            finally:
                page.close()


OcrFunction = Callable[[Image.Image], TextDocument]


@dataclass
class PdfText:
    document: TextDocument
    # Pages rendered for OCR (kept for a vision model); empty for born-digital PDFs.
    images: list[Image.Image]
    ocr_pages: list[int]


def read_text(pdf: PdfFile, *, ocr: OcrFunction | None = None) -> PdfText:
    """The text of every page (up to the page limit), OCR'ing pages that have no text layer."""
    limits = pdf.limits
    pages = min(pdf.page_count, limits.max_pages)
    lines: list[TextLine] = []
    sizes: list[tuple[float, float]] = []
    warnings: list[ExtractionWarning] = []
    images: list[Image.Image] = []
    ocr_pages: list[int] = []
    ocr_details: list[dict[str, Any]] = []
    engines = {"pdfium"}
    pixels_left = limits.max_total_pixels
    for index in range(pages):
        if pdf.out_of_time():
            warnings.append(warning("pdf_time_limit", read=index, pages=pages))
            break
        try:
            page_lines, size, visible, truncated = pdf.page_text(index)
        except pdfium.PdfiumError:
            warnings.append(warning("page_damaged", page=index + 1))
            continue
        if truncated:
            warnings.append(warning("page_text_truncated", page=index + 1))
        if visible >= limits.min_text_chars or ocr is None:
            lines.extend(page_lines)
            sizes.append(size)
            continue
        try:
            image = pdf.render(index, pixels_left) if pixels_left > 0 else None
        except pdfium.PdfiumError:
            image = None
        if image is None:
            warnings.append(warning("page_not_rendered", page=index + 1))
            lines.extend(page_lines)
            sizes.append(size)
            continue
        pixels_left -= image.width * image.height
        images.append(image)
        ocr_pages.append(index)
        sizes.append((float(image.width), float(image.height)))
        try:
            scanned = ocr(image)
        except UnreadableDocument:
            continue  # a blank page (a separator, a back side) is not a reason to give up the document
        engines.add(scanned.engine or "ocr")
        warnings.extend(scanned.warnings)
        ocr_details.append(scanned.metadata)
        lines.extend(line.model_copy(update={"page": index}) for line in scanned.lines)
    if pdf.page_count > pages:
        warnings.append(warning("pages_limited", read=pages, pages=pdf.page_count))
    scanned_only = bool(ocr_pages) and len(ocr_pages) == len(sizes)
    document = TextDocument(source="ocr" if scanned_only else "pdf_text", lines=lines, page_count=pdf.page_count,
                            page_sizes=sizes,
                            engine="+".join(sorted(engines)), warnings=warnings,
                            metadata={"ocr_pages": [p + 1 for p in ocr_pages], "ocr": ocr_details} if ocr_pages else {})
    return PdfText(document=document, images=images, ocr_pages=ocr_pages)


# ------------------------------------------------------------------------------------------------
# Characters -> words -> lines
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _PageGeometry:
    left: float
    bottom: float
    width: float
    height: float
    rotation: int

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> _PageGeometry:
        left, bottom, right, top = page.get_bbox()
        return cls(left, bottom, right - left, top - bottom, page.get_rotation() % 360)

    @property
    def display_size(self) -> tuple[float, float]:
        if self.rotation in (90, 270):
            return (self.height, self.width)
        return (self.width, self.height)

    def to_display(self, x: float, y: float) -> tuple[float, float]:
        """PDF user space (origin bottom-left, y up) to the page as shown (origin top-left, y down)."""
        x, y = x - self.left, y - self.bottom
        if self.rotation == 90:
            return y, x
        if self.rotation == 180:
            return self.width - x, y
        if self.rotation == 270:
            return self.height - y, self.width - x
        return x, self.height - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        x0, y0 = self.to_display(left, top)
        x1, y1 = self.to_display(right, bottom)
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


@dataclass
class _Word:
    chars: list[str]
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 0.1)

    def add(self, char: str, box: tuple[float, float, float, float]) -> None:
        self.chars.append(char)
        self.x0, self.y0 = min(self.x0, box[0]), min(self.y0, box[1])
        self.x1, self.y1 = max(self.x1, box[2]), max(self.y1, box[3])


def _words(textpage: pdfium.PdfTextPage, geometry: _PageGeometry, max_chars: int) -> tuple[list[_Word], int, bool]:
    count = pdfium_c.FPDFText_CountChars(textpage.raw)
    truncated = count > max_chars
    words: list[_Word] = []
    current: _Word | None = None
    visible = 0
    rect = pdfium_c.FS_RECTF()
    for index in range(min(max(count, 0), max_chars)):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
        char = _printable(code)
        if char is None or char.isspace() or pdfium_c.FPDFText_IsGenerated(textpage.raw, index) == 1:
            current = None
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, index, ctypes.byref(rect)):
            continue
        box = geometry.box(rect.left, rect.bottom, rect.right, rect.top)
        visible += 1
        if current is not None and _continues(current, box):
            current.add(char, box)
        else:
            current = _Word([char], *box)
            words.append(current)
    return words, visible, truncated


def _printable(code: int) -> str | None:
    if code == 2:  # PDFium marks a hyphen that breaks a word across lines with U+0002
        return "-"
    if code < 32 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF) or code > 0x10FFFF:
        return None
    return chr(code)


def _continues(word: _Word, box: tuple[float, float, float, float]) -> bool:
    """Whether the next glyph belongs to the same word: same line, and no visible gap before it."""
    height = max(box[3] - box[1], word.height)
    centre = (box[1] + box[3]) / 2
    same_line = word.y0 - height * 0.1 <= centre <= word.y1 + height * 0.1
    gap = box[0] - word.x1
    return same_line and -height * 0.5 <= gap <= height * 0.3


def _lines(words: list[_Word], page: int) -> list[TextLine]:
    """Group words into visual rows by vertical overlap, then split rows at column-wide gaps.

    Columns stay separate lines (an address block beside the invoice details is not one sentence);
    consumers that want whole rows regroup lines by their boxes (``offline.rows``, ``llm.layout_text``)."""
    rows: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: ((w.y0 + w.y1) / 2, w.x0)):
        centre = (word.y0 + word.y1) / 2
        for row in reversed(rows[-8:]):
            top = min(w.y0 for w in row)
            bottom = max(w.y1 for w in row)
            if top <= centre <= bottom and abs(word.height - row[0].height) < max(word.height, row[0].height):
                row.append(word)
                break
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        segment = [row[0]]
        for word in row[1:]:
            if word.x0 - segment[-1].x1 > COLUMN_GAP * max(w.height for w in segment):
                lines.append(_line(segment, page))
                segment = []
            segment.append(word)
        lines.append(_line(segment, page))
    lines.sort(key=lambda line: ((line.box[1] + line.box[3]) / 2, line.box[0]))
    return lines


def _line(words: list[_Word], page: int) -> TextLine:
    items = [Word(text="".join(w.chars), box=(w.x0, w.y0, w.x1, w.y1)) for w in words]
    box = (min(w.x0 for w in words), min(w.y0 for w in words), max(w.x1 for w in words), max(w.y1 for w in words))
    return TextLine(text=" ".join(w.text for w in items), box=box, words=items, page=page)
