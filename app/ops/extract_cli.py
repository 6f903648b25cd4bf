"""``flask extract FILE...``: run extraction on files and print one JSON object per line.

Touches no database and no queue, so it is the accuracy harness's way in and a quick check for a
document a user says was misread.
"""
from __future__ import annotations

import json
import mimetypes
import sys
from decimal import Decimal
from pathlib import Path

import click
from flask import current_app

from app.extraction import ExtractionOptions, extract_document
from app.extraction.types import ExtractionResult, UnreadableDocument


def result_json(path: str, result: ExtractionResult) -> dict[str, object]:
    def money(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "file": path,
        "vendor": result.vendor,
        "invoice_number": result.invoice_number,
        "invoice_date": result.invoice_date.isoformat() if result.invoice_date else None,
        "currency": result.currency,
        "total_amount": money(result.total_amount),
        "tax_amount": money(result.tax_amount),
        "subtotal": money(result.subtotal),
        "items": [
            {"description": item.description, "quantity": money(item.quantity),
             "unit_price": money(item.unit_price), "total_price": money(item.total_price)}
            for item in result.items
        ],
        "warnings": [found.model_dump(mode="json") for found in result.warnings],
        "timings": result.processing_metadata.get("timings", {}),
    }


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--locale", "locale_hint", default=None, help="Locale hint such as de_DE or en_US.")
def extract_command(files: tuple[str, ...], locale_hint: str | None) -> None:
    """Extract invoice fields from FILES and print one JSON line per file."""
    options = ExtractionOptions.from_settings(current_app.config["SETTINGS"], locale_hint=locale_hint)
    failed = 0
    for path in files:
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        try:
            result = extract_document(Path(path).read_bytes(), content_type, options=options)
            line = result_json(path, result)
        except UnreadableDocument as exc:
            failed += 1
            line = {"file": path, "error": exc.reason, "detail": exc.detail}
        click.echo(json.dumps(line, ensure_ascii=False))
        sys.stdout.flush()
    if failed:
        raise SystemExit(1)
