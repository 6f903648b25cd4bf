"""The OpenAI extractor against a local server speaking the OpenAI protocol, with the real client."""
import base64
import datetime as dt
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from PIL import Image

from app.domain.llm_usage import cost_of
from app.extraction.llm import LLMExtractionError, OpenAISettings, extract_with_openai, layout_text
from app.extraction.types import TextDocument, TextLine
from tests.extraction.warning_codes import values_of

PRICES = {"gpt-4o-mini": (Decimal("0.15"), Decimal("0.60")), "gpt-4o": (Decimal("2.50"), Decimal("10.00"))}

RECEIPT_LINES = ["KEDAI MAKAN SEDAP SDN BHD", "INVOICE NO: 10023", "DATE: 03/04/2018",
                 "NASI LEMAK 2 x 4.50 9.00", "TEH TARIK 1 x 2.10 2.10", "TOTAL RM 11.10"]


def document(lines=RECEIPT_LINES) -> TextDocument:
    return TextDocument(source="ocr", lines=[
        TextLine(text=text, box=(10, 20 * i, 300, 20 * i + 15)) for i, text in enumerate(lines)])


def answer(**overrides) -> dict:
    base = {"document_type": "receipt", "vendor": "KEDAI MAKAN SEDAP SDN BHD", "invoice_number": "10023",
            "invoice_date": "2018-04-03", "due_date": None, "currency": "MYR", "subtotal": None,
            "tax_amount": None, "total_amount": "11.10", "payment_terms": None,
            "items": [{"description": "NASI LEMAK", "quantity": "2", "unit_price": "4.50", "total_price": "9.00",
                       "category": "restaurants"},
                      {"description": "TEH TARIK", "quantity": "1", "unit_price": "2.10", "total_price": "2.10",
                       "category": None}]}
    base.update(overrides)
    return base


@pytest.fixture
def settings(fake_openai):
    return OpenAISettings(api_key=fake_openai.api_key, base_url=fake_openai.base_url, model="gpt-4o-mini",
                          timeout=5, prices=PRICES, max_retries=0)


def test_structured_answer_becomes_a_typed_result(fake_openai, settings):
    fake_openai.push_json(answer())
    result = extract_with_openai(document(), settings)
    assert result.vendor == "KEDAI MAKAN SEDAP SDN BHD"
    assert result.invoice_date == dt.date(2018, 4, 3)
    assert result.total_amount == Decimal("11.10")
    assert result.currency == "MYR"
    assert [(i.description, i.quantity, i.total_price) for i in result.items] == [
        ("NASI LEMAK", Decimal("2"), Decimal("9.00")), ("TEH TARIK", Decimal("1"), Decimal("2.10"))]
    assert result.extractor == "openai:gpt-4o-mini"


def test_item_categories_from_the_model_are_kept_only_when_they_are_known_keys(fake_openai, settings):
    items = [{"description": "Diesel", "quantity": "40", "unit_price": "1.50", "total_price": "60.00",
              "category": "fuel"},
             {"description": "Mystery", "quantity": "1", "unit_price": "1.00", "total_price": "1.00",
              "category": "'; DROP TABLE items; --"}]
    fake_openai.push_json(answer(items=items, total_amount="61.00"))
    result = extract_with_openai(document(), settings)
    assert [item.category for item in result.items] == ["fuel", None]


def test_request_asks_for_strict_json_schema_with_the_configured_model(fake_openai, settings):
    fake_openai.push_json(answer())
    extract_with_openai(document(), settings)
    request = fake_openai.last_request
    assert request.model == "gpt-4o-mini"
    assert request.headers["Authorization"] == f"Bearer {fake_openai.api_key}"
    response_format = request.json["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["strict"] is True
    assert "total_amount" in response_format["json_schema"]["schema"]["required"]


def test_document_text_is_sent_inside_document_tags(fake_openai, settings):
    fake_openai.push_json(answer())
    extract_with_openai(document(), settings, locale_hint="MY")
    [text] = fake_openai.last_request.content_parts("text")
    assert "<document>\nKEDAI MAKAN SEDAP SDN BHD" in text["text"]
    assert "country MY" in text["text"]


def test_usage_tokens_and_cost_are_recorded(fake_openai, settings):
    fake_openai.push_json(answer(), prompt_tokens=1000, completion_tokens=200)
    [call] = extract_with_openai(document(), settings).llm_calls
    assert (call.model, call.usage_type, call.tokens_in, call.tokens_out) == ("gpt-4o-mini", "extraction", 1000, 200)
    assert call.cost == Decimal("0.00027000")


def test_dated_model_snapshot_is_priced_like_its_family():
    assert cost_of("gpt-4o-mini-2024-07-18", 1_000_000, 0, PRICES) == Decimal("0.15")


def test_longest_matching_family_wins():
    assert cost_of("gpt-4o-mini-2024-07-18", 0, 1_000_000, PRICES) == Decimal("0.60")


def test_model_missing_from_price_table_has_no_cost():
    assert cost_of("some-local-model", 10, 10, PRICES) is None


def test_garbage_answer_raises_and_keeps_the_billed_call(fake_openai, settings):
    fake_openai.push_content("Sure! The total is eleven ringgit.", prompt_tokens=500, completion_tokens=9)
    with pytest.raises(LLMExtractionError) as caught:
        extract_with_openai(document(), settings)
    assert caught.value.reason == "invalid_output"
    assert [(c.tokens_in, c.tokens_out) for c in caught.value.calls] == [(500, 9)]


def test_answer_not_fitting_the_schema_raises(fake_openai, settings):
    fake_openai.push_json({"vendor": "X", "surprise": True})
    with pytest.raises(LLMExtractionError, match="invalid_output"):
        extract_with_openai(document(), settings)


def test_server_error_raises_with_http_reason(fake_openai, settings):
    fake_openai.push_error(500)
    with pytest.raises(LLMExtractionError) as caught:
        extract_with_openai(document(), settings)
    assert caught.value.reason == "http_500"


def test_one_retry_recovers_from_a_transient_error(fake_openai, settings):
    fake_openai.push_error(503)
    fake_openai.push_json(answer())
    settings = replace(settings, max_retries=1)
    assert extract_with_openai(document(), settings).total_amount == Decimal("11.10")
    assert len(fake_openai.requests) == 2


def test_refusal_raises(fake_openai, settings):
    fake_openai.push_refusal("I can't help with that.")
    with pytest.raises(LLMExtractionError, match="refusal"):
        extract_with_openai(document(), settings)


def test_truncated_answer_raises(fake_openai, settings):
    fake_openai.push_content('{"vendor": "KEDAI', finish_reason="length")
    with pytest.raises(LLMExtractionError, match="truncated"):
        extract_with_openai(document(), settings)


def test_slow_server_times_out(fake_openai, settings):
    fake_openai.push_json(answer(), delay=2.0)
    settings = replace(settings, timeout=0.3)
    with pytest.raises(LLMExtractionError, match="timeout"):
        extract_with_openai(document(), settings)


def test_unreachable_server_raises_connection_error(settings):
    settings = replace(settings, base_url="http://127.0.0.1:9/v1", timeout=1)
    with pytest.raises(LLMExtractionError) as caught:
        extract_with_openai(document(), settings)
    assert caught.value.reason in {"connection", "timeout"}


def test_image_is_sent_when_vision_is_enabled(fake_openai, settings):
    fake_openai.push_json(answer())
    settings = replace(settings, vision=True)
    extract_with_openai(document(), settings, image=Image.new("RGB", (600, 3000), "white"))
    [part] = fake_openai.last_request.content_parts("image_url")
    url = part["image_url"]["url"]
    assert url.startswith("data:image/jpeg;base64,")
    sent = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    assert max(sent.size) <= 2048


def test_image_is_not_sent_when_vision_is_disabled(fake_openai, settings):
    fake_openai.push_json(answer())
    extract_with_openai(document(), settings, image=Image.new("RGB", (60, 60), "white"))
    assert fake_openai.last_request.content_parts("image_url") == []


def test_total_not_printed_in_the_document_is_flagged(fake_openai, settings):
    fake_openai.push_json(answer(total_amount="99.99"))
    result = extract_with_openai(document(), settings)
    assert values_of(result, "model_total_not_in_text") == {"total": "99.99", "currency": "MYR"}
    assert result.confidence["total_amount"] < 0.5


def test_unparseable_amounts_and_dates_become_none(fake_openai, settings):
    fake_openai.push_json(answer(total_amount="eleven", invoice_date="someday"))
    result = extract_with_openai(document(), settings)
    assert result.total_amount is None and result.invoice_date is None


def test_long_documents_are_clipped_before_sending(fake_openai, settings):
    fake_openai.push_json(answer())
    settings = replace(settings, max_text_chars=200)
    extract_with_openai(document(["x" * 80] * 50), settings)
    [text] = fake_openai.last_request.content_parts("text")
    assert text["text"].count("x") <= 200


def test_layout_text_joins_segments_of_one_row():
    doc = TextDocument(source="ocr", lines=[
        TextLine(text="TOTAL", box=(10, 100, 60, 115)), TextLine(text="11.10", box=(250, 102, 300, 116)),
        TextLine(text="THANK YOU", box=(10, 130, 100, 145))])
    assert layout_text(doc) == "TOTAL   11.10\nTHANK YOU"
