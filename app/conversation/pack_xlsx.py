"""The accountant pack's workbook: the same invoices as its CSV, with real numbers and dates.

Sheet "Invoices" has one row per invoice, sheet "Items" one row per line item. Amounts are numeric cells
formatted with their currency's decimals (``0`` for JPY, ``0.000`` for BHD) next to the ISO-4217 currency;
dates are date cells. Text from documents is neutralised against formula injection exactly as in the CSV
(a leading ``=``, ``+``, ``-``, ``@`` gets a ``'``) and stripped of the control characters XLSX cannot hold.
"""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

from babel.numbers import get_currency_precision
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.conversation.export import safe_cell
from app.models import Invoice, Item

INVOICE_COLUMNS = ("invoice", "invoice_date", "due_date", "vendor", "invoice_number", "category", "currency",
                   "subtotal", "tax", "total", "files")
ITEM_COLUMNS = ("invoice", "line", "description", "quantity", "unit_price", "total", "category", "code",
                "currency")
DATE_FORMAT = "yyyy-mm-dd"

Cell = str | int | Decimal | dt.date | None


def _text(value: str | None) -> str | None:
    return None if value is None else ILLEGAL_CHARACTERS_RE.sub("", safe_cell(value)) or None


def money_format(currency: str) -> str:
    decimals = get_currency_precision(currency)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _append(sheet: Worksheet, values: Sequence[Cell], formats: dict[int, str]) -> None:
    sheet.append(list(values))
    row = sheet.max_row
    for column, number_format in formats.items():
        cell = sheet.cell(row=row, column=column)
        if cell.value is not None:
            cell.number_format = number_format


def build_xlsx(invoices: Sequence[Invoice], items: dict[int, list[Item]], files: dict[int, list[str]]) -> bytes:
    """The workbook for ``invoices`` (already scoped and ordered), their ``items`` and the names of their
    ``files`` in the zip."""
    book = Workbook()
    sheet = book.create_sheet("Invoices", 0)
    book.remove(book.worksheets[1])  # the empty default sheet
    sheet.append(list(INVOICE_COLUMNS))
    lines = book.create_sheet("Items")
    lines.append(list(ITEM_COLUMNS))
    for inv in invoices:
        amount = money_format(inv.currency)
        _append(sheet, [f"#{inv.seq}", inv.invoice_date, inv.due_date, _text(inv.vendor), _text(inv.invoice_number),
                        _text(inv.category), inv.currency, inv.subtotal, inv.tax_amount, inv.total_amount,
                        " ".join(files.get(inv.id, [])) or None],
                {2: DATE_FORMAT, 3: DATE_FORMAT, 8: amount, 9: amount, 10: amount})
        for number, item in enumerate(items.get(inv.id, []), start=1):
            _append(lines, [f"#{inv.seq}", number, _text(item.description), item.quantity, item.unit_price,
                            item.total_price, _text(item.item_category), _text(item.item_code), inv.currency],
                    {4: "0.####", 5: "#,##0.00##", 6: amount})
    for ws, widths in ((sheet, (9, 12, 12, 28, 16, 14, 9, 12, 12, 12, 40)), (lines, (9, 6, 40, 10, 12, 12, 14, 12, 9))):
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
