"""VAT summary tables: one row per rate under a heading row of column names.

Invoices and receipts across Europe print the tax as a small table ("Satz Netto MwSt Brutto" /
"19% 100,00 19,00 119,00", "Taux HT TVA TTC", "Tipo Base Cuota Total", "Tarief Excl. BTW Incl.").
The columns are matched by order, which works the same for a PDF text layer and for OCR lines: the
tax of the document is the sum of the tax column over the rate rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from app.extraction.offline.rows import Row

# Column names, most specific first ("Excl. BTW" is the net column, not the tax column).
_COLUMN = re.compile(
    r"(?<![a-z])(?:(?P<net>(?:excl|exkl|ex|hors|sem|sin|zonder|ohne)\.?\s*(?:btw|vat|mwst|ust|tva|iva|tax|taxe|imposto|impuesto)"
    r"|netto|nett?(?![a-z])|net\s*amount|ht(?![a-z])|base(?:\s*imponible|\s*tributavel)?|basis|excl\.?|exkl\.?|"
    r"valor\s*liquido|taxable)"
    r"|(?P<gross>(?:incl|inkl|avec|com|con|met|mit)\.?\s*(?:btw|vat|mwst|ust|tva|iva|tax|taxe)|brutto|gross|ttc|"
    r"incl\.?|inkl\.?|total|totaal|gesamt|summe|bruto)"
    r"|(?P<rate>rate|satz|steuersatz|taux|tipo|taxa|tarief|tasa|%)"
    r"|(?P<tax>vat|mwst|mw\.?st|ust|tva|iva|btw|tax|taxe|steuer|cuota|imposto|impuesto|igv|gst))(?![a-z])"
)
_RATE_CELL = re.compile(r"(?<![\d.,])\d{1,2}(?:[.,]\d{1,2})?\s?%")
_CODE_CELL = re.compile(r"^\W*[a-d1-4]\b\s")
MAX_RATE_ROWS = 6


@dataclass
class VatTable:
    tax: Decimal
    net: Decimal | None
    rows: set[int]  # indices of the heading and rate rows


def _columns(row: Row) -> list[str]:
    return [match.lastgroup for match in _COLUMN.finditer(row.folded) if match.lastgroup is not None]


def _is_heading(row: Row) -> bool:
    if row.amounts or row.dates:
        return False
    columns = _columns(row)
    # "Tarief Excl. BTW Incl.": net and gross columns name the table even when "tax" reads as part of one.
    return (("tax" in columns or {"net", "gross"} <= set(columns)) and len(columns) >= 3
            and ("rate" in columns or "net" in columns)
            and len(re.findall(r"[a-z]{2,}", row.folded)) <= 8)


def _by_arithmetic(values: list[Decimal], roles: list[str]) -> dict[str, Decimal] | None:
    """Net, tax and gross from the last three amounts when net + tax = gross: settles tables whose
    headings OCR garbled or dropped ("Excl. BTW Incl." read as two columns, a lost "TTC")."""
    if len(values) < 3:
        return None
    first, second, gross = values[-3:]
    if abs(first + second - gross) > Decimal("0.02") or first < 0 or second < 0:
        return None
    tax_first = "tax" in roles and "net" in roles and roles.index("tax") < roles.index("net")
    net, tax = (second, first) if tax_first else (first, second)
    if tax > net:  # no VAT rate reaches 100 %
        net, tax = tax, net
    return {"net": net, "tax": tax, "gross": gross}


def _by_order(values: list[Decimal], roles: list[str]) -> dict[str, Decimal]:
    if len(values) > len(roles):
        values = values[-len(roles):]  # a code or quantity printed before the amounts
    # Fewer amounts than columns: the printed ones are the rightmost columns.
    return dict(zip(roles[len(roles) - len(values):], values, strict=False))


def find_vat_table(rows: list[Row]) -> VatTable | None:
    """The last VAT summary table in the document, or ``None``."""
    found = None
    for position, heading in enumerate(rows):
        if not _is_heading(heading):
            continue
        roles = [role for role in _columns(heading) if role != "rate"]
        taxes: list[Decimal] = []
        nets: list[Decimal] = []
        used = {heading.index}
        for row in rows[position + 1: position + 1 + MAX_RATE_ROWS]:
            if not row.amounts:
                break
            values = [a.value for a in row.amounts]
            by_sum = _by_arithmetic(values, roles)
            # A rate row starts with its rate or a tax code; OCR may garble the "%" ("20%" as "208"),
            # but amounts that add up (net + tax = gross) still mark the row.
            if not (by_sum or _RATE_CELL.search(row.text) or _CODE_CELL.match(row.folded)):
                break
            assigned = by_sum or _by_order(values, roles)
            tax = assigned.get("tax")
            net, gross = assigned.get("net"), assigned.get("gross")
            if tax is None and net is not None and gross is not None:
                tax = gross - net
            if tax is None or tax < 0 or (net is not None and gross is not None and abs(net + tax - gross) > Decimal("0.05")):
                break
            if len(taxes) >= 2 and abs(sum(taxes, Decimal(0)) - tax) <= Decimal("0.01"):
                used.add(row.index)  # the table's own sum row ("Gesamtbetrag 8,72 1,19 9,91")
                break
            taxes.append(tax)
            if net is not None:
                nets.append(net)
            used.add(row.index)
        if taxes:
            found = VatTable(sum(taxes, Decimal(0)), sum(nets, Decimal(0)) if len(nets) == len(taxes) else None, used)
    return found
