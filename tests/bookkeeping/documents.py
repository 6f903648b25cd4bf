"""Small PDF receipts the offline reader reads exactly: vendor, date, total and currency."""
import datetime as dt

from tests.extraction.pdf_factory import build_pdf, text_page


def receipt_pdf(vendor: str, total: str, *, day: dt.date | None = None, currency: str = "EUR",
                number: str = "T-1", line: str = "Menu del dia") -> bytes:
    day = day or dt.date.today()
    return build_pdf([text_page([
        vendor,
        "Calle Mayor 12, 28013 Madrid",
        f"Factura simplificada n.o {number}",
        f"Fecha: {day:%d/%m/%Y}",
        f"{line}                     {total}",
        f"Total                                    {total} {currency}",
    ])])
