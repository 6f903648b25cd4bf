"""Score predictions on a folder of labelled receipt photos. Imports nothing from ``app``.

    .venv/bin/python bench/photo_score.py DIR/labels.jsonl predictions.jsonl [--show-misses]

``labels.jsonl`` (written by a person looking at each image, kept outside the repo with the photos):
one object per photo with ``file`` (relative to the labels file), ``country``, ``kind``
(``photo`` or ``scan``), ``vendor`` plus optional ``vendor_aliases`` (other names the same
business is printed under, e.g. the brand line and the legal name), ``date`` (ISO yyyy-mm-dd),
``total`` (the amount paid, a decimal string), ``currency`` (ISO 4217), ``tax`` (the tax amount
as printed, or null when the receipt prints none), ``source`` and ``licence``.

``predictions.jsonl``: one object per photo with ``file``, ``vendor``, ``date``, ``total``,
``currency``, ``tax`` (strings or null), ``seconds`` (whole extraction, wall clock), ``ocr_seconds``
(wall clock of the OCR stages) and ``cpu_seconds`` (CPU time of the whole extraction; with one OCR
thread this is the wall time on a free core, which a shared machine's wall clock overstates).

Rules: vendor must equal the label or an alias after case folding, whitespace collapsing and edge
punctuation trimming; accents count (OCR that drops them is wrong). Dates compare as ISO strings,
amounts as decimals. Tax is scored only on photos that print one.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

FIELDS = ("vendor", "date", "total", "currency", "tax")


def normalise_name(text: str | None) -> str:
    text = re.sub(r"\s+", " ", (text or "").strip().casefold())
    return re.sub(r"^[\W_]+|[\W_]+$", "", text)


def as_decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check(field: str, label: dict, got: dict) -> bool | None:
    """True/False for a scored field, None when the field is not scored on this photo."""
    if field == "vendor":
        names = {normalise_name(label["vendor"]), *(normalise_name(a) for a in label.get("vendor_aliases", []))}
        return normalise_name(got.get("vendor")) in names
    if field == "date":
        return got.get("date") == label.get("date")
    if field == "currency":
        return (got.get("currency") or "").upper() == label.get("currency")
    if field == "tax" and label.get("tax") is None:
        return None
    want = as_decimal(label.get(field))
    have = as_decimal(got.get(field))
    return want is not None and have is not None and want == have


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def score(labels: list[dict], predictions: list[dict], *, show_misses: bool = False, title: str = "photos") -> dict:
    by_file = {p["file"]: p for p in predictions}
    hits = dict.fromkeys(FIELDS, 0)
    counts = dict.fromkeys(FIELDS, 0)
    all_four = 0
    misses: list[str] = []
    for label in labels:
        got = by_file.get(label["file"], {})
        ok_fields = []
        for field in FIELDS:
            ok = check(field, label, got)
            if ok is None:
                continue
            counts[field] += 1
            hits[field] += ok
            ok_fields.append(ok)
            if not ok:
                want = label.get(field)
                misses.append(f"{label['file']} [{label.get('country')}] {field}: got {got.get(field)!r} want {want!r}")
        all_four += all(check(f, label, got) for f in ("vendor", "date", "total", "currency"))
    countries = sorted({label.get("country", "?") for label in labels})
    print(f"\n== {title}: {len(labels)} documents from {len(countries)} countries ({', '.join(countries)})")
    for field in FIELDS:
        rate = 100 * hits[field] / counts[field] if counts[field] else 0.0
        print(f"  {field:16s} {hits[field]:3d}/{counts[field]} = {rate:5.1f}%")
    print(f"  {'vendor+date+total+currency':16s} {all_four:3d}/{len(labels)}")
    summary: dict = {"hits": hits, "counts": counts, "all_four": all_four}
    for key in ("ocr_seconds", "seconds", "cpu_seconds"):
        values = [float(p[key]) for p in predictions if p.get(key) is not None]
        if values:
            p50, p95 = statistics.median(values), percentile(values, 0.95)
            print(f"  {key:16s} p50 {p50:.3f}  p95 {p95:.3f}")
            summary[key] = {"p50": p50, "p95": p95}
    unreadable = [p["file"] for p in predictions if p.get("error")]
    for name in unreadable:
        print(f"  unreadable: {name}")
    if show_misses:
        for miss in misses:
            print(f"  miss {miss}")
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("labels", type=Path)
    parser.add_argument("predictions", type=Path)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    score(read_jsonl(args.labels), read_jsonl(args.predictions), show_misses=args.show_misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
