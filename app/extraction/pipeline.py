"""From the bytes of a photo or a PDF to a validated ``ExtractionResult``.

Routing: the file type comes from the bytes (the declared content type is only noted). A PDF that
embeds an e-invoice XML is read from the XML; any other PDF from its text layer (pages without one
are rendered and OCR'd); a photo is OCR'd. The text is then read by the offline extractor and, when
OpenAI is configured, by the model, whose answer wins and whose gaps the offline reading fills. If
the model fails for any reason, the offline reading is used and a warning says so. Every result goes
through ``validate_result`` before it leaves.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from PIL import Image

from app.extraction.einvoice import NotAnEInvoice, parse_invoice_xml, pick_invoice_xml
from app.extraction.llm import LLMExtractionError, OpenAISettings, describe_failure, extract_with_openai
from app.extraction.pdf import PdfFile, PdfLimits, read_text
from app.extraction.types import (
    ExtractionResult,
    ExtractionWarning,
    TextDocument,
    UnreadableDocument,
    warning,
)
from app.extraction.validate import validate_result
from app.media.sniff import declared_kind, sniff_type

if TYPE_CHECKING:
    from app.config import Settings

IMAGE_KINDS = frozenset({"jpeg", "png", "webp"})
MAX_OCR_TEXT_CHARS = 100_000
# Fields the offline reading may fill when the model left them empty.
_FILLABLE = ("vendor", "invoice_number", "invoice_date", "due_date", "payment_terms", "currency",
             "total_amount", "tax_amount", "subtotal")


@dataclass(frozen=True)
class ExtractionOptions:
    max_pages: int = 5
    max_bytes: int = 20 * 1024 * 1024
    # Anything ``currencies.resolve_locale`` accepts: a LocaleHint, "MY", "MYR", "pt-BR".
    locale_hint: object = None
    openai: OpenAISettings | None = None
    deadline_seconds: float = 90.0
    pdf: PdfLimits = field(default_factory=PdfLimits)
    # Off only to measure the visual path on e-invoices (bench); the XML is authoritative otherwise.
    read_embedded_xml: bool = True

    @classmethod
    def from_settings(cls, settings: Settings, *, locale_hint: object = None) -> ExtractionOptions:
        """Options from the app's ``Settings``."""
        openai_settings = None
        if getattr(settings, "openai_api_key", ""):
            openai_settings = OpenAISettings(
                api_key=settings.openai_api_key, model=settings.openai_model,
                base_url=settings.openai_base_url or None, vision=settings.openai_vision,
                timeout=settings.openai_timeout_seconds, prices=settings.price_table)
        return cls(max_pages=settings.extraction_max_pages, max_bytes=settings.media_max_bytes,
                   locale_hint=locale_hint, openai=openai_settings)

    @property
    def pdf_limits(self) -> PdfLimits:
        return replace(self.pdf, max_pages=self.max_pages, max_bytes=self.max_bytes,
                       deadline_seconds=self.deadline_seconds)


class _Run:
    """Timings, warnings and metadata collected while one document is read."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.timings: dict[str, float] = {}
        self.warnings: list[ExtractionWarning] = []
        self.metadata: dict[str, Any] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - started, 4)


def extract_document(data: bytes, content_type: str = "", *,
                     options: ExtractionOptions | None = None) -> ExtractionResult:
    """Read one document. Raises ``UnreadableDocument`` when there is nothing to read at all."""
    options = options or ExtractionOptions()
    run = _Run()
    if not data:
        raise UnreadableDocument("corrupt", "empty file")
    if len(data) > options.max_bytes:
        raise UnreadableDocument("too_large", f"{len(data)} bytes, limit {options.max_bytes}")
    kind = sniff_type(data)
    claimed = declared_kind(content_type)
    run.metadata.update(detected_type=kind, declared_type=(content_type or "")[:100], size_bytes=len(data))
    if claimed and kind and claimed != kind:
        run.warnings.append(warning("type_mismatch", claimed=claimed, kind=kind))

    if kind == "pdf":
        result, doc = _from_pdf(data, options, run)
    elif kind in IMAGE_KINDS:
        result, doc = _from_image(data, options, run)
    elif kind == "xml":
        result, doc = _from_xml(data, run)
    else:
        raise UnreadableDocument("unsupported_type", f"declared {content_type[:60]!r}, unrecognised bytes")
    return _finish(result, doc, run)


# -- routes --------------------------------------------------------------------------------------

def _from_pdf(data: bytes, options: ExtractionOptions, run: _Run) -> tuple[ExtractionResult, TextDocument]:
    with run.stage("open"):
        pdf = PdfFile(data, options.pdf_limits)
    with pdf:
        run.metadata["page_count"] = pdf.page_count
        with run.stage("einvoice"):
            result = _embedded_invoice(pdf, run) if options.read_embedded_xml else None
        if result is not None:
            with run.stage("pdf_text"):
                text = read_text(pdf, ocr=None)  # the visual text for the record and for gaps: the XML rules
            _fill_from_page_text(result, text.document, options, run)
            return result, text.document
        if pdf.page_count > options.max_pages:
            raise UnreadableDocument("too_many_pages", f"{pdf.page_count} pages, limit {options.max_pages}")
        with run.stage("pdf_text"):
            text = read_text(pdf, ocr=_ocr)
    if not text.document.lines and not (options.openai and options.openai.vision and text.images):
        raise UnreadableDocument("no_text", "the PDF has no readable text")
    image = text.images[0] if text.images else None
    return _read_fields(text.document, image, options, run), text.document


def _embedded_invoice(pdf: PdfFile, run: _Run) -> ExtractionResult | None:
    found = pick_invoice_xml(pdf.attachments(suffixes=(".xml",)))
    if found is None:
        return None
    name, xml = found
    try:
        result = parse_invoice_xml(xml)
    except NotAnEInvoice as exc:
        run.warnings.append(warning("einvoice_unreadable", detail=str(exc)[:200]))
        return None
    run.metadata["einvoice_attachment"] = name[:200]
    return result


# The fields an invoice cannot do without; an XML that leaves one out is completed from the page.
_EINVOICE_REQUIRED = ("vendor", "invoice_number", "invoice_date", "currency", "total_amount")


def _fill_from_page_text(result: ExtractionResult, doc: TextDocument, options: ExtractionOptions, run: _Run) -> None:
    """Fill what the embedded XML leaves empty (a producer that omits a mandatory element, a profile
    that has no place for it) from the page text; every value the XML states is kept as it is."""
    missing = [name for name in _EINVOICE_REQUIRED if getattr(result, name) is None]
    if not missing or not doc.lines:
        return
    from app.extraction.offline import extract_fields

    with run.stage("offline"):
        page = extract_fields(doc, locale_hint=options.locale_hint)
    filled = [name for name in missing if getattr(page, name) is not None]
    for name in filled:
        setattr(result, name, getattr(page, name))
        result.confidence[name] = page.confidence.get(name, 0.5)
    if filled:
        run.metadata["einvoice_filled_from_page_text"] = filled
        run.warnings.append(warning("einvoice_filled_from_page", fields=",".join(filled)))


def _from_image(data: bytes, options: ExtractionOptions, run: _Run) -> tuple[ExtractionResult, TextDocument]:
    from app.extraction.images import load_image

    with run.stage("decode"):
        image = load_image(data)
    run.metadata["image_size"] = list(image.size)
    with run.stage("ocr"):
        try:
            doc = _ocr(image)
        except UnreadableDocument as exc:
            if exc.reason != "no_text" or not (options.openai and options.openai.vision):
                raise
            # A vision model may still read what the OCR could not.
            doc = TextDocument(source="ocr", page_sizes=[(float(image.width), float(image.height))])
            run.warnings.append(warning("vision_only"))
    return _read_fields(doc, image, options, run), doc


def _from_xml(data: bytes, run: _Run) -> tuple[ExtractionResult, TextDocument]:
    with run.stage("einvoice"):
        try:
            result = parse_invoice_xml(data)
        except NotAnEInvoice as exc:
            raise UnreadableDocument("unsupported_type", f"XML that is not an invoice ({exc})") from exc
    return result, TextDocument(source="einvoice", engine="lxml")


def _ocr(image: Image.Image) -> TextDocument:
    from app.extraction.ocr import ocr_image

    return ocr_image(image)


# -- reading fields ------------------------------------------------------------------------------

def _read_fields(doc: TextDocument, image: Image.Image | None, options: ExtractionOptions,
                 run: _Run) -> ExtractionResult:
    from app.extraction.offline import extract_fields

    with run.stage("offline"):
        offline = extract_fields(doc, locale_hint=options.locale_hint) if doc.lines else ExtractionResult()
    offline.extractor = offline.extractor or "offline"
    if options.openai is None or not options.openai.api_key:
        return offline
    try:
        with run.stage("openai"):
            model = extract_with_openai(doc, options.openai, image=image, locale_hint=options.locale_hint)
    except LLMExtractionError as exc:
        run.warnings.append(describe_failure(exc))
        run.metadata["llm_fallback"] = {"reason": exc.reason, "detail": exc.detail[:200]}
        offline.llm_calls.extend(exc.calls)
        return offline
    # Validate first so that impossible values the model gave are dropped and can be filled below.
    return _fill_gaps(validate_result(model, cross_check=False), offline, run)


def _fill_gaps(model: ExtractionResult, offline: ExtractionResult, run: _Run) -> ExtractionResult:
    filled = []
    for name in _FILLABLE:
        if getattr(model, name) is None and getattr(offline, name) is not None:
            setattr(model, name, getattr(offline, name))
            if name in offline.confidence:
                model.confidence[name] = offline.confidence[name]
            filled.append(name)
    if not model.items and offline.items:
        model.items = offline.items
        filled.append("items")
    if model.document_type == "unknown":
        model.document_type = offline.document_type
    if filled:
        run.metadata["filled_from_offline"] = filled
    return model


def _finish(result: ExtractionResult, doc: TextDocument, run: _Run) -> ExtractionResult:
    result.warnings = [*run.warnings, *doc.warnings, *result.warnings]
    result.ocr_text = doc.text[:MAX_OCR_TEXT_CHARS]
    with run.stage("validate"):
        result = validate_result(result, cross_check=result.extractor != "einvoice")
    run.timings["total"] = round(time.perf_counter() - run.started, 4)
    confidences = [line.confidence for line in doc.lines]
    metadata = {
        **run.metadata,
        **result.processing_metadata,
        "source": doc.source,
        "engine": doc.engine,
        "extractor": result.extractor,
        "page_count": run.metadata.get("page_count", doc.page_count),
        "timings": run.timings,
        "line_count": len(doc.lines),
        "mean_line_confidence": round(sum(confidences) / len(confidences), 4) if confidences else None,
        "field_confidence": result.confidence,
        "warnings": [found.model_dump(mode="json") for found in result.warnings],
    }
    if doc.metadata:
        metadata["reader"] = doc.metadata
    result.processing_metadata = metadata
    return result
