"""What a file really is, from its first bytes: the declared content type is only a claim."""
from __future__ import annotations

import re

# PDF readers accept a header up to 1 KiB into the file (some generators prepend junk).
_PDF_HEADER_WINDOW = 1024
_XML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:\?xml|[A-Za-z_])")

CONTENT_TYPES = {
    "pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
    "xml": "application/xml",
}


def sniff_type(data: bytes) -> str | None:
    """``pdf``, ``jpeg``, ``png``, ``webp`` or ``xml`` (a possible bare e-invoice); ``None`` otherwise."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return "pdf"
    if _XML_START.match(data[:256]):
        return "xml"
    return None


def declared_kind(content_type: str | None) -> str | None:
    """The kind a Content-Type header claims, for noting disagreements with the bytes."""
    value = (content_type or "").split(";")[0].strip().lower()
    for kind, mime in CONTENT_TYPES.items():
        if value == mime:
            return kind
    return {"image/jpg": "jpeg", "image/pjpeg": "jpeg", "text/xml": "xml"}.get(value)
