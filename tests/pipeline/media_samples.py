"""Attachments for pipeline tests: a real invoice PDF, and files whose first bytes are what the real formats
start with (the worker sniffs the bytes, never trusts the declared type)."""
from tests.extraction.pdf_factory import build_pdf, text_page

PDF = build_pdf([text_page([
    "ACME Office Supplies GmbH",
    "Invoice number: RE-2024-0113",
    "Invoice date: 13.01.2024",
    "Printer paper A4   2 x 4.50   9.00 EUR",
    "Subtotal: 9.00 EUR",
    "VAT 19%: 1.71 EUR",
    "Total: 10.71 EUR",
])])
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 200
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 200
HTML = b"<!doctype html><html><body>not an image</body></html>"
