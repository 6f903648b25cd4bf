"""Score predictions on a folder of labelled invoice PDFs with a text layer. Imports nothing from ``app``.

    .venv/bin/python bench/invoice_score.py DIR/labels.jsonl predictions.jsonl [--show-misses]

``labels.jsonl`` (written by a person reading each PDF, kept outside the repo with the PDFs): one
object per PDF with ``file`` (relative to the labels file), ``country``, ``vendor`` plus optional
``vendor_aliases`` (other names the same seller is printed or known under, e.g. the brand and the
legal name), ``number`` (the invoice number as printed, prefix included, or null when none is
printed) plus optional ``number_aliases``, ``date`` (issue date, ISO yyyy-mm-dd), ``total`` (the
invoice total, tax included, a decimal string), ``currency`` (ISO 4217), ``source`` and ``licence``.

``predictions.jsonl``: one object per PDF with ``file``, ``vendor``, ``number``, ``date``, ``total``,
``currency`` (strings or null) and ``cpu_seconds`` (CPU time of the whole extraction).

Rules: vendor must equal the label or an alias after case folding, whitespace collapsing and edge
punctuation trimming. The number must equal the label or an alias after case folding and removing
spaces and a leading ``#`` or ``No.``: its prefix counts ("INV-37930" is not "37930"); it is scored
only where one is printed. Dates compare as ISO strings, totals as decimals, currency as ISO codes.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

# The photo scorer's rules for names, amounts and files apply to invoices unchanged.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.photo_score import as_decimal, normalise_name, percentile, read_jsonl  # noqa: E402

FIELDS = ("vendor", "number", "date", "total", "currency")


def normalise_number(text: str | None) -> str:
    text = re.sub(r"\s+", "", (text or "").casefold())
    return re.sub(r"^(?:#|no\.?|n°|nr\.?)+", "", text)


def check(field: str, label: dict, got: dict) -> bool | None:
    """True/False for a scored field, None when the field is not scored on this document."""
    if field == "vendor":
        names = {normalise_name(label["vendor"]), *(normalise_name(a) for a in label.get("vendor_aliases", []))}
        return normalise_name(got.get("vendor")) in names
    if field == "number":
        if not label.get("number"):
            return None
        numbers = {normalise_number(label["number"]), *(normalise_number(a) for a in label.get("number_aliases", []))}
        return bool(got.get("number")) and normalise_number(got.get("number")) in numbers
    if field == "date":
        return got.get("date") == label.get("date")
    if field == "currency":
        return (got.get("currency") or "").upper() == label.get("currency")
    want = as_decimal(label.get(field))
    have = as_decimal(got.get(field))
    return want is not None and have is not None and want == have


def score(labels: list[dict], predictions: list[dict], *, show_misses: bool = False,
          title: str = "invoice PDFs") -> dict:
    by_file = {p["file"]: p for p in predictions}
    hits = dict.fromkeys(FIELDS, 0)
    counts = dict.fromkeys(FIELDS, 0)
    all_five = 0
    misses: list[str] = []
    for label in labels:
        got = by_file.get(label["file"], {})
        results = []
        for field in FIELDS:
            ok = check(field, label, got)
            if ok is None:
                continue
            counts[field] += 1
            hits[field] += ok
            results.append(ok)
            if not ok:
                misses.append(f"{label['file']} [{label.get('country')}] {field}: got {got.get(field)!r} "
                              f"want {label.get(field)!r}")
        all_five += all(results)
    countries = sorted({label.get("country", "?") for label in labels})
    print(f"\n== {title}: {len(labels)} documents from {len(countries)} countries ({', '.join(countries)})")
    for field in FIELDS:
        rate = 100 * hits[field] / counts[field] if counts[field] else 0.0
        print(f"  {field:16s} {hits[field]:3d}/{counts[field]} = {rate:5.1f}%")
    print(f"  {'every field':16s} {all_five:3d}/{len(labels)}")
    summary: dict = {"hits": hits, "counts": counts, "all": all_five}
    values = [float(p["cpu_seconds"]) for p in predictions if p.get("cpu_seconds") is not None]
    if values:
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"  {'cpu_seconds':16s} p50 {p50:.3f}  p95 {p95:.3f}  max {max(values):.3f}")
        summary["cpu_seconds"] = {"p50": p50, "p95": p95, "max": max(values)}
    for name in (p["file"] for p in predictions if p.get("error")):
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
