import pytest
from PIL import Image

from app.extraction.pdf import PdfFile, PdfLimits, read_text
from app.extraction.types import TextDocument, TextLine, UnreadableDocument
from tests.extraction.pdf_factory import A4, Page, TextRun, build_pdf, text_page
from tests.extraction.warning_codes import values_of


def read(data: bytes, **kwargs):
    with PdfFile(data, PdfLimits(**kwargs.pop("limits", {}))) as pdf:
        return read_text(pdf, **kwargs)


class RecordingOcr:
    """Stands in for the OCR engine: remembers the images it was given, returns fixed text."""

    def __init__(self, text: str = "SCANNED TOTAL 12.50"):
        self.images: list[Image.Image] = []
        self.text = text

    def __call__(self, image: Image.Image) -> TextDocument:
        self.images.append(image)
        return TextDocument(source="ocr", engine="fake-ocr", lines=[TextLine(text=self.text, box=(10, 10, 200, 30))])


def test_text_layer_lines_come_in_reading_order():
    doc = read(build_pdf([text_page(["ACME Trading GmbH", "Invoice 2024-17", "Total 119.00"])])).document
    assert [line.text for line in doc.lines] == ["ACME Trading GmbH", "Invoice 2024-17", "Total 119.00"]
    assert doc.source == "pdf_text"
    assert doc.page_sizes == [A4]


def test_words_have_boxes_in_points_from_the_top_left():
    doc = read(build_pdf([text_page(["Total 119.00"], top=100)])).document
    [line] = doc.lines
    assert [w.text for w in line.words] == ["Total", "119.00"]
    x0, y0, x1, y1 = line.words[0].box
    assert x0 == pytest.approx(56, abs=1)
    assert 95 < y0 < y1 < 120


def test_columns_on_one_row_are_separate_lines_at_the_same_height():
    page = Page(runs=[TextRun(56, 100, "Gesamtbetrag"), TextRun(480, 100, "571,04 EUR")])
    label, amount = read(build_pdf([page])).document.lines
    assert (label.text, amount.text) == ("Gesamtbetrag", "571,04 EUR")
    assert label.box[1] == pytest.approx(amount.box[1])


def test_words_separated_by_normal_spaces_stay_on_one_line():
    page = Page(runs=[TextRun(56, 100, "Rechnung Nr. 4711 vom 09.05.2017")])
    [line] = read(build_pdf([page])).document.lines
    assert [w.text for w in line.words] == ["Rechnung", "Nr.", "4711", "vom", "09.05.2017"]


def test_lines_keep_their_page_number():
    doc = read(build_pdf([text_page(["Page one text here"]), text_page(["Page two text here"])])).document
    assert [(line.page, line.text) for line in doc.lines] == [(0, "Page one text here"), (1, "Page two text here")]
    assert doc.page_count == 2


def test_rotated_page_is_read_as_displayed():
    # A landscape page stored portrait with /Rotate 90: text runs upwards in PDF space and reads
    # left to right once the page is shown rotated.
    page = Page(rotate=90, raw_content=b"BT /F1 11 Tf 0 1 -1 0 111 56 Tm (Rotated page text) Tj ET\n"
                                       b"BT /F1 11 Tf 0 1 -1 0 131 56 Tm (Second line) Tj ET\n")
    doc = read(build_pdf([page])).document
    assert doc.page_sizes == [(A4[1], A4[0])]
    assert [line.text for line in doc.lines] == ["Rotated page text", "Second line"]
    assert doc.lines[0].box[0] == pytest.approx(56, abs=2)


def test_page_without_text_is_rendered_and_ocrd():
    ocr = RecordingOcr()
    scan = Page(image=Image.new("RGB", (400, 560), "white"))
    result = read(build_pdf([scan]), ocr=ocr)
    assert [line.text for line in result.document.lines] == ["SCANNED TOTAL 12.50"]
    assert result.document.source == "ocr"
    assert result.ocr_pages == [0]
    # 200 DPI on A4 is about 1654 x 2339 pixels.
    assert ocr.images[0].size == pytest.approx((1654, 2339), abs=2)


def test_render_respects_the_pixel_budget():
    ocr = RecordingOcr()
    huge = Page(image=Image.new("RGB", (50, 50), "white"), size=(14400, 14400))
    read(build_pdf([huge]), ocr=ocr, limits={"max_page_pixels": 1_000_000})
    width, height = ocr.images[0].size
    assert width * height <= 1_000_000


def test_total_pixel_budget_stops_rendering_further_pages():
    ocr = RecordingOcr()
    scans = [Page(image=Image.new("RGB", (50, 50), "white")) for _ in range(3)]
    result = read(build_pdf(scans), ocr=ocr, limits={"max_total_pixels": 5_000_000})
    assert len(ocr.images) == 2
    assert values_of(result.document, "page_not_rendered") == {"page": 3}


def test_page_with_text_is_not_ocrd():
    ocr = RecordingOcr()
    read(build_pdf([text_page(["A perfectly readable text layer"])]), ocr=ocr)
    assert ocr.images == []


def test_blank_scanned_page_is_skipped_not_fatal():
    def blank(image):
        raise UnreadableDocument("no_text")

    pages = [Page(image=Image.new("RGB", (50, 50), "white")), text_page(["Second page has the text"])]
    result = read(build_pdf(pages), ocr=blank)
    assert [line.text for line in result.document.lines] == ["Second page has the text"]


def test_only_the_first_pages_are_read():
    doc = read(build_pdf([text_page([f"Page {n} content"]) for n in range(4)]), limits={"max_pages": 2}).document
    assert {line.page for line in doc.lines} == {0, 1}
    assert values_of(doc, "pages_limited") == {"read": 2, "pages": 4}


def test_too_much_text_on_a_page_is_truncated_with_a_warning():
    doc = read(build_pdf([text_page(["word " * 60] * 20)]), limits={"max_chars_per_page": 500}).document
    assert sum(len(line.text) for line in doc.lines) < 700
    assert values_of(doc, "page_text_truncated") == {"page": 1}


def test_encrypted_pdf_is_unreadable_with_reason_encrypted():
    with pytest.raises(UnreadableDocument) as caught:
        PdfFile(build_pdf([text_page(["secret"])], encrypted=True))
    assert caught.value.reason == "encrypted"


def test_corrupt_pdf_is_unreadable_with_reason_corrupt():
    with pytest.raises(UnreadableDocument) as caught:
        PdfFile(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    assert caught.value.reason == "corrupt"


def test_truncated_pdf_is_unreadable_or_readable_but_never_hangs():
    data = build_pdf([text_page(["Truncated invoice"])])
    try:
        with PdfFile(data[: len(data) // 2]) as pdf:
            read_text(pdf)
    except UnreadableDocument as exc:
        assert exc.reason == "corrupt"


def test_oversized_pdf_is_refused_before_parsing():
    with pytest.raises(UnreadableDocument) as caught:
        PdfFile(b"%PDF-1.7\n" + b" " * 2000, PdfLimits(max_bytes=1000))
    assert caught.value.reason == "too_large"


def test_embedded_files_are_listed_with_their_bytes():
    data = build_pdf([text_page(["Invoice"])], attachments={"factur-x.xml": b"<a/>", "logo.png": b"\x89PNG"})
    with PdfFile(data) as pdf:
        assert sorted(pdf.attachments()) == [("factur-x.xml", b"<a/>"), ("logo.png", b"\x89PNG")]
        assert pdf.attachments(suffixes=(".xml",)) == [("factur-x.xml", b"<a/>")]


def test_oversized_attachment_is_skipped():
    data = build_pdf([text_page(["Invoice"])], attachments={"factur-x.xml": b"<a/>" * 1000})
    with PdfFile(data, PdfLimits(max_attachment_bytes=100)) as pdf:
        assert pdf.attachments() == []


def test_deadline_stops_reading_between_pages():
    data = build_pdf([text_page(["Some page text"])], share_first_page=3)
    with PdfFile(data, PdfLimits(deadline_seconds=0)) as pdf:
        result = read_text(pdf)
    assert result.document.lines == []
    assert values_of(result.document, "pdf_time_limit") == {"read": 0, "pages": 4}
