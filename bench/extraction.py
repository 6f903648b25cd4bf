"""Accuracy and speed of ``extract_document`` on the shared development data, bytes in, fields out.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/extraction.py [--data DIR] [--only SET] [--limit N]
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/extraction.py --photos DIR [--save-predictions FILE]
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/extraction.py --invoices DIR [--save-predictions FILE]

Sets (each printed with per-field hits and counts):
- ``sroie``: SROIE dev receipts from ../shared/data (photos/scans through OCR).
- ``zugferd``: ZUGFeRD / Factur-X dev e-invoices, read from the XML and again with ``--ignore-xml``
  semantics (the page text only); both scores are printed.
- ``texts``: receipts and invoices written for this project as text (tests/fixtures/documents);
  a regression set: the extractor was tuned on it after its first run.
- ``pdfs``: invoices written for this project and rendered as text PDFs in eight layouts
  (bench/invoice_pdfs.py); a regression set as well.
- ``generated``: the seeded generated invoices of bench/synthetic_invoices.py, set A, as PDFs
  (a regression set; set B with ``--generated-set B``).
- ``--photos DIR``: labelled receipt photos kept outside the repo (DIR/labels.jsonl, see
  bench/photo_score.py, which scores them and imports nothing from ``app``); OCR wall and CPU seconds.
- ``--invoices DIR``: labelled invoice PDFs with a text layer kept outside the repo (DIR/labels.jsonl,
  see bench/invoice_score.py, which scores them and imports nothing from ``app``); CPU seconds per PDF.
Scoring rules live in bench/extraction_score.py, which imports nothing from ``app``.

SROIE receipts are read from their JPEGs and scored on company, date and total as the data README
says (company exact after case/whitespace/edge-punctuation normalisation, date as a calendar date,
day first; total as a decimal). ZUGFeRD e-invoices are read from their PDFs and scored against the
summary JSON: invoice number, issue date, seller, currency and grand total must all be right; tax
total and the number of named line items are reported too. ``--ignore-xml`` reads the e-invoices
from their page text instead, to measure the visual path on real invoice layouts.

``--openai`` uses OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL / OPENAI_VISION from the
environment (as the app does); without it the offline extractor is measured.

``--photos DIR`` reads the photos listed in ``DIR/labels.jsonl`` (real receipts from many countries,
kept outside the repo; see bench/photo_score.py for the label format) and scores vendor, date,
total, currency and tax with ``bench/photo_score.py``, which imports nothing from ``app``; OCR
seconds per photo are reported as p50/p95.

``--invoices DIR`` reads the PDFs listed in ``DIR/labels.jsonl`` (real invoices with a text layer,
kept outside the repo) from their page text only (an embedded e-invoice XML is ignored, as with
``--ignore-xml``: the set measures the reading of the page) and scores vendor, invoice number, date,
total and currency with ``bench/invoice_score.py``; CPU seconds per PDF as p50/p95.
"""
from __future__ import annotations

import os

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # before onnxruntime is imported: comparable timings

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from decimal import Decimal, InvalidOperation  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.extraction import ExtractionOptions, UnreadableDocument, extract_document  # noqa: E402
from bench.extraction_score import name_key as normalise_text  # noqa: E402
from bench.extraction_score import truth_amount, truth_date  # noqa: E402,F401


def decimal_or_none(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text is not None else None
    except InvalidOperation:
        return None


class Scoreboard:
    def __init__(self, name: str, fields: list[str]):
        self.name = name
        self.fields = fields
        self.hits = dict.fromkeys(fields, 0)
        # Per field: a field whose truth is missing on a document is not counted for it.
        self.counts = dict.fromkeys(fields, 0)
        self.count = 0
        self.seconds: list[float] = []
        # CPU seconds of this process per document: with OMP_THREAD_LIMIT=1 what one free core needs,
        # and unlike wall time it does not grow when other work shares the machine.
        self.cpu_seconds: list[float] = []
        self.misses: list[str] = []
        self.failures: list[str] = []

    def record(self, stem: str, checks: dict[str, tuple[bool, object, object]], seconds: float,
               cpu_seconds: float | None = None) -> None:
        self.count += 1
        self.seconds.append(seconds)
        if cpu_seconds is not None:
            self.cpu_seconds.append(cpu_seconds)
        for field, (ok, got, want) in checks.items():
            self.hits[field] += ok
            self.counts[field] += 1
            if not ok:
                self.misses.append(f"{stem} {field}: got {got!r} want {want!r}")

    def report(self, show_misses: bool) -> None:
        print(f"\n== {self.name}: {self.count} documents")
        for field in self.fields:
            counted = self.counts[field]
            rate = 100 * self.hits[field] / counted if counted else 0.0
            print(f"  {field:16s} {self.hits[field]:3d}/{counted} = {rate:5.1f}%")
        threads = f"(OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT')})"
        if self.seconds:
            p50, p95 = percentiles(self.seconds)
            print(f"  wall seconds/document p50 {p50:.3f}  p95 {p95:.3f}  {threads}")
        if self.cpu_seconds:
            p50, p95 = percentiles(self.cpu_seconds)
            print(f"  CPU seconds/document  p50 {p50:.3f}  p95 {p95:.3f}  {threads}")
        for failure in self.failures:
            print(f"  unreadable: {failure}")
        if show_misses:
            for miss in self.misses:
                print(f"  miss {miss}")


def percentiles(values: list[float]) -> tuple[float, float]:
    """p50 and p95 (nearest rank) of the values."""
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Timer:
    """Wall and CPU seconds of a block (CPU: this process, all its threads)."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def timed_extract(path: Path, content_type: str, options: ExtractionOptions):
    """(result or None, wall seconds, error or None, CPU seconds) of one document."""
    data = path.read_bytes()
    result, error = None, None
    with Timer() as timer:
        try:
            result = extract_document(data, content_type, options=options)
        except UnreadableDocument as exc:
            error = exc
    return result, timer.wall, error, timer.cpu


def bench_sroie(root: Path, options: ExtractionOptions, limit: int | None) -> Scoreboard:
    board = Scoreboard("SROIE receipts (from images)", ["company", "date", "total", "all three"])
    for image in sorted((root / "img").glob("*.jpg"))[:limit]:
        truth = json.loads((root / "key" / f"{image.stem}.json").read_text())
        result, seconds, error, cpu = timed_extract(image, "image/jpeg", options)
        if error:
            board.failures.append(f"{image.stem}: {error}")
        want_date = truth_date(truth.get("date"))
        want_total = truth_amount(truth.get("total", ""))
        got = result or _empty()
        checks = {
            "company": (normalise_text(got.vendor) == normalise_text(truth.get("company")), got.vendor,
                        truth.get("company")),
            "date": (got.invoice_date is not None and got.invoice_date == want_date, got.invoice_date, want_date),
            "total": (got.total_amount is not None and got.total_amount == want_total, got.total_amount, want_total),
        }
        checks["all three"] = (all(ok for ok, _, _ in checks.values()), None, None)
        board.record(image.stem, checks, seconds, cpu)
    return board


def bench_zugferd(root: Path, options: ExtractionOptions, limit: int | None) -> Scoreboard:
    board = Scoreboard("ZUGFeRD / Factur-X e-invoices (from PDFs)",
                       ["invoice_number", "date", "seller", "currency", "grand_total", "required five",
                        "tax_total", "line_item_count", "line_items_exact"])
    for pdf in sorted(root.glob("*.pdf"))[:limit]:
        truth = json.loads(pdf.with_suffix(".summary.json").read_text())
        result, seconds, error, cpu = timed_extract(pdf, "application/pdf", options)
        if error:
            board.failures.append(f"{pdf.stem}: {error}")
        got = result or _empty()
        want_items = [item for item in truth.get("line_items", []) if item.get("name")]
        got_date = got.invoice_date.strftime("%Y%m%d") if got.invoice_date else None
        want_total = decimal_or_none(truth["GrandTotalAmount"]["value"])
        want_tax = decimal_or_none((truth.get("TaxTotalAmount") or {}).get("value"))
        checks = {
            "invoice_number": (got.invoice_number == truth["invoice_number"], got.invoice_number, truth["invoice_number"]),
            "date": (got_date == truth["issue_date"], got_date, truth["issue_date"]),
            "seller": (normalise_text(got.vendor) == normalise_text(truth["seller_name"]), got.vendor, truth["seller_name"]),
            "currency": (got.currency == truth["currency"], got.currency, truth["currency"]),
            "grand_total": (got.total_amount is not None and got.total_amount == want_total, got.total_amount, want_total),
        }
        checks["required five"] = (all(ok for ok, _, _ in checks.values()), None, None)
        checks["tax_total"] = (got.tax_amount is not None and got.tax_amount == want_tax, got.tax_amount, want_tax)
        checks["line_item_count"] = (len(got.items) == len(want_items), len(got.items), len(want_items))
        checks["line_items_exact"] = (_items_match(got.items, want_items), None, None)
        board.record(pdf.stem, checks, seconds, cpu)
    return board


def bench_photos(folder: Path, options: ExtractionOptions, limit: int | None, save: Path | None,
                 show_misses: bool) -> None:
    from bench.photo_score import read_jsonl, score

    labels = read_jsonl(folder / "labels.jsonl")[:limit]
    predictions = []
    for label in labels:
        path = folder / label["file"]
        result, seconds, error, cpu_seconds = timed_extract(path, "image/jpeg", options)
        got = result or _empty()
        timings = got.processing_metadata.get("timings", {})
        predictions.append({
            "file": label["file"],
            "vendor": got.vendor,
            "date": got.invoice_date.isoformat() if got.invoice_date else None,
            "total": str(got.total_amount) if got.total_amount is not None else None,
            "currency": got.currency,
            "tax": str(got.tax_amount) if got.tax_amount is not None else None,
            "seconds": round(seconds, 4),
            "ocr_seconds": timings.get("ocr"),  # the whole OCR stage, second reading included
            "cpu_seconds": round(cpu_seconds, 4),
            "error": str(error) if error else None,
        })
    if save:
        save.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8")
    score(labels, predictions, show_misses=show_misses, title=f"Receipt photos ({folder})")


def bench_invoices(folder: Path, options: ExtractionOptions, limit: int | None, save: Path | None,
                   show_misses: bool) -> None:
    from bench.invoice_score import read_jsonl, score

    labels = read_jsonl(folder / "labels.jsonl")[:limit]
    page_text = replace(options, read_embedded_xml=False)
    predictions = []
    for label in labels:
        result, seconds, error, cpu_seconds = timed_extract(folder / label["file"], "application/pdf", page_text)
        got = result or _empty()
        predictions.append({
            "file": label["file"],
            "vendor": got.vendor,
            "number": got.invoice_number,
            "date": got.invoice_date.isoformat() if got.invoice_date else None,
            "total": str(got.total_amount) if got.total_amount is not None else None,
            "currency": got.currency,
            "seconds": round(seconds, 4),
            "cpu_seconds": round(cpu_seconds, 4),
            "error": str(error) if error else None,
        })
    if save:
        save.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8")
    score(labels, predictions, show_misses=show_misses, title=f"Invoice PDFs with a text layer ({folder})")


def _items_match(got, want) -> bool:
    if len(got) != len(want):
        return False
    for item, truth in zip(got, want):
        if normalise_text(item.description) != normalise_text(truth["name"]):
            return False
        if truth.get("qty") and item.quantity != decimal_or_none(truth["qty"]):
            return False
        if truth.get("line_total") and item.total_price != decimal_or_none(truth["line_total"]):
            return False
    return True


def _empty():
    from app.extraction.types import ExtractionResult

    return ExtractionResult()

FIXTURES = ROOT / "tests" / "fixtures" / "documents"
DOCUMENT_FIELDS = ["vendor", "invoice_number", "date", "currency", "total", "tax", "all four"]


def score_document(result, truth: dict) -> dict[str, tuple[bool, object, object]]:
    """Fields of one hand-written document against its truth; a field whose truth is null is not
    scored (no number or no tax printed). "all four" is vendor, date, currency and total together."""
    from bench.extraction_score import loose_name, number_key, same_amount

    got = result or _empty()
    vendors = truth["vendor"]
    checks: dict[str, tuple[bool, object, object]] = {
        "vendor": (loose_name(got.vendor) in {loose_name(v) for v in vendors}, got.vendor, vendors[0]),
        "date": (got.invoice_date is not None and got.invoice_date.isoformat() == truth["date"],
                 got.invoice_date, truth["date"]),
        "currency": (got.currency == truth["currency"], got.currency, truth["currency"]),
        "total": (same_amount(got.total_amount, truth_amount(truth["total"])), got.total_amount, truth["total"]),
    }
    checks["all four"] = (all(ok for ok, _, _ in checks.values()), None, None)
    if truth.get("invoice_number"):
        wanted = {number_key(n) for n in truth["invoice_number"]}
        checks["invoice_number"] = (number_key(got.invoice_number) in wanted, got.invoice_number,
                                    truth["invoice_number"][0])
    if truth.get("tax") is not None:
        checks["tax"] = (same_amount(got.tax_amount, truth_amount(truth["tax"])), got.tax_amount, truth["tax"])
    return checks


TEXT_BATCHES = {
    "texts": "Hand-written receipt/invoice texts, batch A, 24 countries (regression set)",
    "texts_b": "Hand-written receipt/invoice texts, batch B, 24 more countries and formats (regression set "
               "from its second run)",
    "texts_c": "Hand-written receipt/invoice texts, batch C, 16 documents written after B's fixes (regression "
               "set from its second run)",
}


def bench_texts(options: ExtractionOptions, limit: int | None, batch: str = "texts") -> Scoreboard:
    """The hand-written receipt and invoice texts, read as visual lines (as from OCR)."""
    from app.extraction.offline import extract_fields
    from app.extraction.plaintext import document_from_text
    from app.extraction.validate import validate_result

    truths = json.loads((FIXTURES / f"{batch}.json").read_text())
    board = Scoreboard(TEXT_BATCHES[batch], DOCUMENT_FIELDS)
    for stem in sorted(key for key in truths if not key.startswith("_"))[:limit]:
        truth = truths[stem]
        text = (FIXTURES / batch / f"{stem}.txt").read_text()
        with Timer() as timer:
            document = document_from_text(text)
            result = validate_result(extract_fields(document, locale_hint=truth.get("user_country")
                                                    or options.locale_hint))
        board.record(stem, score_document(result, truth), timer.wall, timer.cpu)
    return board


def bench_pdfs(options: ExtractionOptions, limit: int | None) -> Scoreboard:
    """The hand-written invoices of bench/invoice_pdfs.py, rendered to text PDFs and read from bytes."""
    from bench.invoice_pdfs import INVOICES, render

    board = Scoreboard("Hand-written invoices as text PDFs, 8 layouts (regression set)", DOCUMENT_FIELDS)
    for invoice in INVOICES[:limit]:
        data = render(invoice)
        with Timer() as timer:
            try:
                result = extract_document(data, "application/pdf", options=options)
            except UnreadableDocument as exc:
                board.failures.append(f"{invoice['key']}: {exc}")
                result = None
        board.record(invoice["key"], score_document(result, invoice["truth"]), timer.wall, timer.cpu)
    return board


def bench_generated(options: ExtractionOptions, limit: int | None, which: str) -> Scoreboard:
    """The seeded generated documents (bench/synthetic_invoices.py) as PDFs; truth from their specs."""
    from bench.synthetic_invoices import build_set, render_pdf

    board = Scoreboard(f"Generated invoices/receipts, set {which}, PDFs"
                       + (" (regression set)" if which == "A" else " (held-out seeds)"), DOCUMENT_FIELDS)
    for spec in build_set(which)[:limit]:
        truth = spec.truth()
        data = render_pdf(spec)
        with Timer() as timer:
            result = extract_document(data, "application/pdf", options=options)
        board.record(spec.key, score_document(result, {
            "vendor": [truth["vendor"]], "invoice_number": [truth["invoice_number"]], "date": truth["date"],
            "currency": truth["currency"], "total": str(truth["total"]), "tax": str(truth["tax"])}),
            timer.wall, timer.cpu)
    return board


def options_from_args(args) -> ExtractionOptions:
    options = ExtractionOptions(locale_hint=args.locale, read_embedded_xml=not args.ignore_xml)
    if args.openai:
        from app.config import Settings

        options = ExtractionOptions.from_settings(Settings(), locale_hint=args.locale)
        if options.openai is None:
            raise SystemExit("--openai needs OPENAI_API_KEY")
        options = replace(options, read_embedded_xml=not args.ignore_xml)
    return options


def main() -> int:
    default_data = os.environ.get("INVOICE_DATA_DIR", str(ROOT / "../shared/data"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=default_data, help="folder with sroie-dev/ and zugferd-dev/")
    parser.add_argument("--only", choices=["sroie", "zugferd", "texts", "pdfs", "generated"])
    parser.add_argument("--generated-set", choices=["A", "B"], default="A")
    parser.add_argument("--limit", type=int, help="first N documents of each set")
    parser.add_argument("--locale", help="locale hint passed to the extractor, e.g. MY")
    parser.add_argument("--openai", action="store_true", help="use the OpenAI settings from the environment")
    parser.add_argument("--ignore-xml", action="store_true",
                        help="only the page-text reading of the e-invoices (by default both are printed)")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--photos", type=Path, help="folder with labels.jsonl and the labelled photos")
    parser.add_argument("--invoices", type=Path, help="folder with labels.jsonl and the labelled invoice PDFs")
    parser.add_argument("--save-predictions", type=Path,
                        help="with --photos or --invoices: write predictions as JSON lines")
    args = parser.parse_args()

    data = Path(args.data)
    options = options_from_args(args)
    if args.photos:
        bench_photos(args.photos, options, args.limit, args.save_predictions, args.show_misses)
        return 0
    if args.invoices:
        bench_invoices(args.invoices, options, args.limit, args.save_predictions, args.show_misses)
        return 0
    boards = []
    if args.only in (None, "texts"):
        boards.extend(bench_texts(options, args.limit, batch) for batch in TEXT_BATCHES)
    if args.only in (None, "pdfs"):
        boards.append(bench_pdfs(options, args.limit))
    if args.only in (None, "generated"):
        boards.append(bench_generated(options, args.limit, args.generated_set))
    if args.only in (None, "zugferd"):
        if not args.ignore_xml:
            boards.append(bench_zugferd(data / "zugferd-dev", options, args.limit))
        visual = replace(options, read_embedded_xml=False)
        board = bench_zugferd(data / "zugferd-dev", visual, args.limit)
        board.name += " --ignore-xml (page text only)"
        boards.append(board)
    if args.only in (None, "sroie"):
        boards.append(bench_sroie(data / "sroie-dev", options, args.limit))
    for board in boards:
        board.report(args.show_misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
