"""Tiny hand-written PDFs for tests: text pages, image pages, embedded files, a fake encryption.

Written out byte by byte (objects plus a correct xref table) so tests control exactly what a reader
sees, including things no well-behaved generator would produce.
"""
from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field

from PIL import Image

A4 = (595.0, 842.0)


@dataclass
class TextRun:
    x: float
    y_from_top: float
    text: str
    size: float = 11


@dataclass
class Page:
    runs: list[TextRun] = field(default_factory=list)
    image: Image.Image | None = None
    size: tuple[float, float] = A4
    rotate: int = 0
    # Extra content-stream operators (font /F1 is available), for layouts the runs cannot express.
    raw_content: bytes = b""


def text_page(lines: list[str | tuple[float, str]], *, size: float = 11, top: float = 60,
              leading: float = 16) -> Page:
    """A page with one run per line; a ``(x, text)`` tuple places the run at ``x``."""
    runs = []
    for index, line in enumerate(lines):
        x, text = line if isinstance(line, tuple) else (56.0, line)
        runs.append(TextRun(x, top + index * leading, text, size))
    return Page(runs=runs)


def build_pdf(pages: list[Page], *, attachments: dict[str, bytes] | None = None,
              encrypted: bool = False, share_first_page: int = 0) -> bytes:
    """The PDF bytes. ``share_first_page=N`` appends N pages that reuse page 1's content (cheap
    many-page documents)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_ref = add(b"")  # filled below
    kids = []
    for page in pages:
        resources = f"/Font << /F1 {font} 0 R >>".encode()
        content = io.BytesIO()
        width, height = page.size
        if page.image is not None:
            jpeg = io.BytesIO()
            page.image.convert("RGB").save(jpeg, format="JPEG", quality=90)
            image_ref = add(
                f"<< /Type /XObject /Subtype /Image /Width {page.image.width} /Height {page.image.height} "
                f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg.getvalue())} >>\n"
                .encode() + b"stream\n" + jpeg.getvalue() + b"\nendstream")
            resources += f" /XObject << /Im1 {image_ref} 0 R >>".encode()
            content.write(f"q {width} 0 0 {height} 0 0 cm /Im1 Do Q\n".encode())
        for run in page.runs:
            text = run.text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            content.write(f"BT /F1 {run.size} Tf {run.x} {height - run.y_from_top - run.size} Td (".encode()
                          + text + b") Tj ET\n")
        content.write(page.raw_content)
        stream = zlib.compress(content.getvalue())
        content_ref = add(f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream
                          + b"\nendstream")
        rotate = f" /Rotate {page.rotate}" if page.rotate else ""
        kids.append(add(f"<< /Type /Page /Parent {pages_ref} 0 R /MediaBox [0 0 {width} {height}] "
                        f"/Resources << {resources.decode()} >> /Contents {content_ref} 0 R{rotate} >>".encode()))
    for _ in range(share_first_page):
        first = objects[kids[0] - 1]
        kids.append(add(first))
    objects[pages_ref - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                              f"/Count {len(kids)} >>").encode()

    names = b""
    if attachments:
        entries = []
        for name, data in sorted(attachments.items()):
            file_ref = add(f"<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length {len(data)} >>\nstream\n".encode()
                           + data + b"\nendstream")
            spec_ref = add(f"<< /Type /Filespec /F ({name}) /UF ({name}) /AFRelationship /Data "
                           f"/EF << /F {file_ref} 0 R /UF {file_ref} 0 R >> >>".encode())
            entries.append(f"({name}) {spec_ref} 0 R")
        names = f" /Names << /EmbeddedFiles << /Names [{' '.join(entries)}] >> >>".encode()
    catalog = add(b"<< /Type /Catalog /Pages " + f"{pages_ref} 0 R".encode() + names + b" >>")

    encrypt = b""
    if encrypted:
        # Standard security handler, revision 2, with /O and /U that no empty password matches:
        # a reader must ask for the password.
        enc = add(b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <" + b"11" * 32 + b"> /U <"
                  + b"22" * 32 + b"> >>")
        encrypt = f" /Encrypt {enc} 0 R /ID [<{'ab' * 16}> <{'ab' * 16}>]".encode()

    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R".encode() + encrypt
              + f" >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
