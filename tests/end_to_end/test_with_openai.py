"""The whole pipeline with OPENAI_API_KEY set, the real openai client talking to a fake OpenAI server:
the model reads the document and answers the question, and every call lands in ``usage``."""
import pytest
from sqlalchemy import select

from app.models import Invoice, Usage
from tests.end_to_end.test_invoice_conversation import USER, invoice_pdf
from tests.fixtures_whatsapp import WhatsAppHarness


@pytest.fixture
def whatsapp_openai(settings, fake_twilio, fake_openai, db_engine, redis_conn, monkeypatch):
    from app import create_app
    from app.config import get_settings

    monkeypatch.setenv("TWILIO_API_BASE_URL", fake_twilio.url)
    monkeypatch.setenv("MEDIA_ALLOWED_HOSTS", "127.0.0.1")
    monkeypatch.setenv("OPENAI_API_KEY", fake_openai.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_MODEL", "gpt-4o-mini")
    get_settings.cache_clear()
    configured = get_settings()
    app = create_app(configured)
    app.config["TESTING"] = True
    return WhatsAppHarness(app, configured, fake_twilio, redis_conn)


def model_reading(**overrides):
    reading = {"document_type": "invoice", "vendor": "Taller Mecanico Ruiz S.L.", "invoice_number": "F-2026-118",
               "invoice_date": None, "due_date": None, "currency": "EUR", "subtotal": "100.00",
               "tax_amount": "21.00", "total_amount": "121.00", "payment_terms": None,
               "items": [{"description": "Cambio de aceite", "quantity": "1", "unit_price": "100.00",
                          "total_price": "100.00", "category": "services"}]}
    reading.update(overrides)
    return reading


def test_a_document_read_by_the_model_is_saved_and_its_call_recorded(whatsapp_openai, fake_openai, db_session):
    fake_openai.push_json(model_reading(), prompt_tokens=1200, completion_tokens=150)
    whatsapp_openai.send_media(whatsapp_openai.add_media(invoice_pdf(), "application/pdf"), number=USER)
    whatsapp_openai.run_jobs()

    invoice = db_session.scalars(select(Invoice)).one()
    assert invoice.vendor.startswith("Taller Mecanico Ruiz")
    assert (invoice.total_amount, invoice.items[0].item_category) == (121, "services")
    usage = db_session.scalars(select(Usage)).one()
    assert (usage.usage_type, usage.model_name, usage.tokens_in, usage.tokens_out) == (
        "extraction", "gpt-4o-mini", 1200, 150)
    assert usage.cost > 0
    assert "121,00" in whatsapp_openai.replies(USER)[-1]["Body"]


def test_a_model_that_fails_leaves_the_offline_reader_to_do_the_job(whatsapp_openai, fake_openai, db_session):
    fake_openai.push_error(500, "upstream exploded")
    whatsapp_openai.send_media(whatsapp_openai.add_media(invoice_pdf(), "application/pdf"), number=USER)
    whatsapp_openai.run_jobs()

    invoice = db_session.scalars(select(Invoice)).one()
    assert invoice.total_amount == 121
    assert "#1" in whatsapp_openai.replies(USER)[-1]["Body"]


def test_a_question_is_answered_from_the_models_tool_call(whatsapp_openai, fake_openai, db_session):
    fake_openai.push_json(model_reading(), prompt_tokens=1000, completion_tokens=100)
    whatsapp_openai.send_media(whatsapp_openai.add_media(invoice_pdf(), "application/pdf"), number=USER)
    whatsapp_openai.run_jobs()

    fake_openai.push_tool_calls([{"name": "list_invoices", "arguments": {"limit": 5}}])
    fake_openai.push_content("Tu última factura es #1 de Taller Mecanico Ruiz: 121,00 €.")
    whatsapp_openai.send_text("¿cuál fue mi última factura?", number=USER)
    whatsapp_openai.run_jobs()

    # The model's words, under the scope line of what its tool really ran (the same line offline answers
    # start with), and, this once, the time zone assumed from the +34 number.
    body = whatsapp_openai.replies(USER)[-1]["Body"]
    assert body.startswith("*Desde el principio · 1 factura*\nTu última factura es #1 de Taller Mecanico Ruiz: 121,00 €.")
    assert "Madrid" in body
    tool_result = [m for m in fake_openai.last_request.messages if m.get("role") == "tool"]
    assert tool_result and "Taller Mecanico Ruiz" in tool_result[0]["content"]
    kinds = sorted(u.usage_type for u in db_session.scalars(select(Usage)))
    assert kinds == ["chat", "chat", "extraction"]
