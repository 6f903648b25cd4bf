"""``extract_document`` end to end: type sniffing, routing, OpenAI with offline fallback, metadata."""
import datetime as dt
import io
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from PIL import Image, ImageDraw, ImageFont

from app.extraction import ExtractionOptions, OpenAISettings, UnreadableDocument, extract_document
from app.extraction.types import ExtractionWarning
from tests.extraction.einvoice_samples import ZUGFERD_1, cii_invoice
from tests.extraction.pdf_factory import Page, build_pdf, text_page
from tests.extraction.warning_codes import values_of

INVOICE_LINES = ["ACME Office Supplies Ltd", "Invoice No: INV-1001", "Date: 15/03/2024",
                 "Paper A4 2 x 5.00 10.00", "Subtotal 10.00", "VAT 20% 2.00", "Total EUR 12.00"]


def text_pdf(lines=INVOICE_LINES, **kwargs) -> bytes:
    return build_pdf([text_page(lines)], **kwargs)


def model_answer(**overrides) -> dict:
    answer = {"document_type": "invoice", "vendor": "ACME Office Supplies Ltd", "invoice_number": "INV-1001",
              "invoice_date": "2024-03-15", "due_date": None, "currency": "EUR", "subtotal": "10.00",
              "tax_amount": "2.00", "total_amount": "12.00", "payment_terms": None,
              "items": [{"description": "Paper A4", "quantity": "2", "unit_price": "5.00", "total_price": "10.00",
                         "category": "office"}]}
    answer.update(overrides)
    return answer


@pytest.fixture
def with_openai(fake_openai):
    settings = OpenAISettings(api_key=fake_openai.api_key, base_url=fake_openai.base_url, model="gpt-4o-mini",
                              timeout=5, max_retries=0, prices={"gpt-4o-mini": (Decimal("0.15"), Decimal("0.60"))})
    return ExtractionOptions(openai=settings)


def photo(lines: list[str]) -> bytes:
    image = Image.new("RGB", (900, 120 + 70 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    for index, line in enumerate(lines):
        draw.text((40, 50 + 70 * index), line, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


# -- routing -----------------------------------------------------------------------------------------

def test_factur_x_pdf_is_read_from_its_embedded_xml():
    result = extract_document(text_pdf(["A picture of the invoice"], attachments={"factur-x.xml": cii_invoice()}),
                              "application/pdf")
    assert result.extractor == "einvoice"
    assert (result.vendor, result.invoice_number, result.total_amount) == (
        "Boulangerie Martin SARL", "FX-2024-001", Decimal("120.00"))
    assert result.ocr_text == "A picture of the invoice"
    assert result.processing_metadata["einvoice_attachment"] == "factur-x.xml"


def test_zugferd_1_pdf_is_read_from_its_zugferd_invoice_xml_attachment():
    result = extract_document(text_pdf(["Rechnung"], attachments={"ZUGFeRD-invoice.xml": ZUGFERD_1}), "application/pdf")
    assert result.extractor == "einvoice"
    assert result.processing_metadata["einvoice_attachment"] == "ZUGFeRD-invoice.xml"
    assert (result.vendor, result.invoice_number, result.invoice_date, result.currency, result.total_amount) == (
        "Musterbau GmbH", "RE-1001", dt.date(2023, 1, 5), "EUR", Decimal("59.50"))
    assert "einvoice_filled_from_page_text" not in result.processing_metadata


def test_an_einvoice_field_the_xml_leaves_empty_is_read_from_the_page():
    xml = cii_invoice(seller="")  # an empty <ram:Name/> for the seller
    pdf = text_pdf(["Boulangerie Martin SARL", "Facture FX-2024-001", "Total TTC 120,00 EUR"],
                   attachments={"factur-x.xml": xml})
    result = extract_document(pdf, "application/pdf")
    assert result.vendor == "Boulangerie Martin SARL"
    assert result.total_amount == Decimal("120.00")  # from the XML, as stated there
    assert result.processing_metadata["einvoice_filled_from_page_text"] == ["vendor"]


def test_einvoice_with_more_pages_than_the_limit_is_still_read():
    data = text_pdf(["page"], attachments={"factur-x.xml": cii_invoice()}, share_first_page=9)
    result = extract_document(data, "application/pdf", options=ExtractionOptions(max_pages=5))
    assert result.total_amount == Decimal("120.00")


def test_einvoice_credit_note_allowances_do_not_raise_sum_warnings():
    xml = cii_invoice(type_code="381", line_total="110.00")
    result = extract_document(text_pdf(["Credit note"], attachments={"factur-x.xml": xml}), "application/pdf")
    assert result.document_type == "credit_note"
    assert result.warnings == []


def test_bare_cii_xml_is_read():
    result = extract_document(cii_invoice(), "text/xml")
    assert result.extractor == "einvoice"
    assert result.invoice_date == dt.date(2024, 3, 15)


def test_xml_that_is_not_an_invoice_is_unsupported():
    with pytest.raises(UnreadableDocument) as caught:
        extract_document(b"<?xml version='1.0'?><html/>", "text/xml")
    assert caught.value.reason == "unsupported_type"


def test_text_pdf_is_read_offline_without_openai():
    result = extract_document(text_pdf(), "application/pdf")
    assert result.extractor == "offline"
    assert result.total_amount == Decimal("12.00")
    assert result.llm_calls == []


def test_declared_type_is_not_trusted():
    result = extract_document(text_pdf(), "image/jpeg")
    assert result.processing_metadata["detected_type"] == "pdf"
    assert values_of(result, "type_mismatch") == {"claimed": "jpeg", "kind": "pdf"}


def test_unrecognised_bytes_are_unsupported():
    with pytest.raises(UnreadableDocument) as caught:
        extract_document(b"MZ\x90\x00 this is an executable", "application/pdf")
    assert caught.value.reason == "unsupported_type"


def test_empty_file_is_corrupt():
    with pytest.raises(UnreadableDocument) as caught:
        extract_document(b"", "image/jpeg")
    assert caught.value.reason == "corrupt"


def test_file_over_the_byte_limit_is_too_large():
    with pytest.raises(UnreadableDocument) as caught:
        extract_document(text_pdf(), "application/pdf", options=ExtractionOptions(max_bytes=100))
    assert caught.value.reason == "too_large"


def test_pdf_with_more_pages_than_the_limit_is_refused():
    with pytest.raises(UnreadableDocument) as caught:
        extract_document(text_pdf(share_first_page=5), "application/pdf", options=ExtractionOptions(max_pages=5))
    assert caught.value.reason == "too_many_pages"


def test_encrypted_pdf_is_refused_as_encrypted():
    with pytest.raises(UnreadableDocument) as caught:
        extract_document(text_pdf(encrypted=True), "application/pdf")
    assert caught.value.reason == "encrypted"


def test_pdf_without_any_text_is_refused_as_no_text():
    with pytest.raises(UnreadableDocument) as caught:
        extract_document(build_pdf([Page(size=(300, 300))]), "application/pdf")
    assert caught.value.reason == "no_text"


# -- OpenAI and the offline fallback -----------------------------------------------------------------

def test_model_answer_is_used_when_openai_is_configured(fake_openai, with_openai):
    fake_openai.push_json(model_answer(), prompt_tokens=800, completion_tokens=120)
    result = extract_document(text_pdf(), "application/pdf", options=with_openai)
    assert result.extractor == "openai:gpt-4o-mini"
    assert result.total_amount == Decimal("12.00")
    [call] = result.llm_calls
    assert (call.tokens_in, call.tokens_out, call.usage_type) == (800, 120, "extraction")
    assert call.cost == Decimal("0.00019200")


def test_server_error_falls_back_to_offline_with_a_warning(fake_openai, with_openai):
    fake_openai.push_error(500)
    result = extract_document(text_pdf(), "application/pdf", options=with_openai)
    assert result.extractor == "offline"
    assert result.total_amount == Decimal("12.00")
    assert values_of(result, "ai_unavailable") == {"reason": "http_500"}
    assert result.processing_metadata["llm_fallback"]["reason"] == "http_500"


def test_garbage_answer_falls_back_and_keeps_the_billed_call(fake_openai, with_openai):
    fake_openai.push_content("not json at all", prompt_tokens=300, completion_tokens=5)
    result = extract_document(text_pdf(), "application/pdf", options=with_openai)
    assert result.extractor == "offline"
    assert [(c.tokens_in, c.tokens_out) for c in result.llm_calls] == [(300, 5)]
    assert values_of(result, "ai_unavailable") == {"reason": "invalid_output"}


def test_fields_the_model_left_empty_are_filled_from_the_offline_reading(fake_openai, with_openai):
    fake_openai.push_json(model_answer(total_amount=None))
    result = extract_document(text_pdf(), "application/pdf", options=with_openai)
    assert result.total_amount == Decimal("12.00")
    assert "total_amount" in result.processing_metadata["filled_from_offline"]


def test_impossible_model_values_are_dropped_and_filled_from_the_offline_reading(fake_openai, with_openai):
    fake_openai.push_json(model_answer(currency="EURO", invoice_date="1899-01-01"))
    result = extract_document(text_pdf(), "application/pdf", options=with_openai)
    assert values_of(result, "currency_unknown") == {"code": "EURO"}
    assert values_of(result, "date_implausible") == {"field": "invoice_date", "date": "1899-01-01"}
    assert result.invoice_date == dt.date(2024, 3, 15)
    assert {"invoice_date", "currency"} <= set(result.processing_metadata["filled_from_offline"])


# -- photos (real OCR) -------------------------------------------------------------------------------

def test_photo_is_ocrd_and_shown_to_a_vision_model(fake_openai, with_openai):
    options = ExtractionOptions(openai=replace(with_openai.openai, vision=True))
    fake_openai.push_json(model_answer(vendor="CORNER CAFE", total_amount="7.50", items=[]))
    result = extract_document(photo(["CORNER CAFE", "TOTAL 7.50"]), "image/jpeg", options=options)
    assert "CORNERCAFE" in result.ocr_text.replace(" ", "")
    assert result.vendor == "CORNER CAFE"
    assert fake_openai.last_request.content_parts("image_url")
    timings = result.processing_metadata["timings"]
    assert {"decode", "ocr", "offline", "openai", "validate", "total"} <= timings.keys()


def test_metadata_carries_engine_pages_timings_and_warnings():
    result = extract_document(text_pdf(), "image/jpeg")
    metadata = json.loads(json.dumps(result.processing_metadata))  # as stored in and read from JSONB
    assert metadata["engine"] == "pdfium"
    assert metadata["page_count"] == 1
    assert metadata["extractor"] == "offline"
    assert {"open", "einvoice", "pdf_text", "offline", "validate", "total"} <= metadata["timings"].keys()
    assert [ExtractionWarning.model_validate(found) for found in metadata["warnings"]] == result.warnings
    assert metadata["warnings"] == [{"code": "type_mismatch", "values": {"claimed": "jpeg", "kind": "pdf"}}]


# -- options from the app's settings -----------------------------------------------------------------

def test_options_from_settings_carry_openai_configuration_and_prices():
    from app.config import Settings

    settings = Settings(OPENAI_API_KEY="sk-x", OPENAI_MODEL="gpt-4o", OPENAI_BASE_URL="http://127.0.0.1:1/v1",
                        OPENAI_VISION=True, EXTRACTION_MAX_PAGES=3, OPENAI_PRICES="gpt-4o=2.50:10.00")
    options = ExtractionOptions.from_settings(settings, locale_hint="MY")
    assert (options.max_pages, options.locale_hint) == (3, "MY")
    assert (options.openai.model, options.openai.vision, options.openai.base_url) == ("gpt-4o", True, "http://127.0.0.1:1/v1")
    assert options.openai.prices == {"gpt-4o": (Decimal("2.50"), Decimal("10.00"))}


def test_options_from_settings_without_api_key_are_offline():
    from app.config import Settings

    assert ExtractionOptions.from_settings(Settings(OPENAI_API_KEY="")).openai is None
