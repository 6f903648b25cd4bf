"""Score the offline OCR + layout extractor on SROIE receipts from their images.

Predictions use only the JPEGs (``img/``); ``key/`` is read for scoring and ``box/`` is never read.
Scoring follows the data README: company exact after case/whitespace/edge-punctuation
normalisation, date as a day-first calendar date, total as a Decimal.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/sroie_score.py              # timed, uncached run
    .venv/bin/python bench/sroie_score.py --cache /tmp/sroie-ocr          # reuse OCR to tune the extractor

With ``--cache`` the raw OCR output is stored in (and read from) that directory, so reported
timings are only meaningful for a run that did not read the cache.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.extraction.images import load_image, normalise_for_ocr  # noqa: E402
from app.extraction.ocr import build_document, fragments_from_raw, ocr_image, run_engine, to_bgr  # noqa: E402
from app.extraction.offline import extract_fields  # noqa: E402
from bench.extraction_score import name_key as normalise_company  # noqa: E402
from bench.extraction_score import truth_amount, truth_date  # noqa: E402


def read_document(path: Path, cache: Path | None):
    """OCR one receipt, through the raw-output cache when given; returns (document, seconds or None)."""
    cached = cache / f"{path.stem}.json" if cache else None
    started = time.perf_counter()
    image = load_image(path.read_bytes())
    if not cached:
        document = ocr_image(image)
        return document, time.perf_counter() - started
    prepared, scale = normalise_for_ocr(image)
    array = to_bgr(prepared)
    if cached.exists():
        raw, seconds = json.loads(cached.read_text())["raw"], None
    else:
        raw = run_engine(array)
        cached.write_text(json.dumps({"raw": raw}))
        seconds = time.perf_counter() - started
    return build_document(fragments_from_raw(raw, array, scale), image.size), seconds


def main() -> int:
    default_data = os.environ.get("INVOICE_DATA_DIR", str(Path(__file__).resolve().parents[1] / "../shared/data"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=default_data, help="folder holding sroie-dev/ (default: $INVOICE_DATA_DIR)")
    parser.add_argument("--cache", type=Path, help="read/write OCR fragments here (timings then not comparable)")
    parser.add_argument("--limit", type=int, help="only the first N receipts")
    parser.add_argument("--show-misses", action="store_true", help="print every wrong field")
    args = parser.parse_args()

    root = Path(args.data) / "sroie-dev"
    images = sorted((root / "img").glob("*.jpg"))[: args.limit]
    if not images:
        print(f"no images under {root / 'img'}", file=sys.stderr)
        return 2
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)

    hits = {"company": 0, "date": 0, "total": 0}
    seconds: list[float] = []
    for path in images:
        truth = json.loads((root / "key" / f"{path.stem}.json").read_text())
        document, ocr_seconds = read_document(path, args.cache)
        started = time.perf_counter()
        result = extract_fields(document)
        if ocr_seconds is not None:
            seconds.append(ocr_seconds + time.perf_counter() - started)

        checks = {
            "company": normalise_company(result.vendor) == normalise_company(truth.get("company")),
            "date": result.invoice_date is not None
            and result.invoice_date == truth_date(truth.get("date", "")),
            "total": result.total_amount is not None and result.total_amount == truth_amount(truth.get("total", "")),
        }
        for field, ok in checks.items():
            hits[field] += ok
            if not ok and args.show_misses:
                got = {"company": result.vendor, "date": result.invoice_date, "total": result.total_amount}[field]
                print(f"{path.stem} {field}: got {got!r} want {truth.get(field)!r}")

    count = len(images)
    print(f"receipts: {count}")
    for field, hit in hits.items():
        print(f"{field:8s} {hit}/{count} = {100 * hit / count:.1f}%")
    if seconds:
        ordered = sorted(seconds)
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        print(f"seconds per receipt (uncached, {len(seconds)} runs): p50 {statistics.median(ordered):.2f} "
              f"p95 {p95:.2f} (OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT', 'unset')})")
    else:
        print("seconds per receipt: not measured (every OCR result came from the cache)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
