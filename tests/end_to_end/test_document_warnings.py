"""A document whose figures do not add up: the user reads the warning in their language, with the figures in
their locale's format, and the warning is stored as a code with its values. Real pipeline, fake Twilio API."""
from sqlalchemy import select

from app.models import Invoice, Media
from tests.end_to_end.test_invoice_conversation import USER, invoice_pdf
from tests.end_to_end.test_with_openai import model_reading, whatsapp_openai  # noqa: F401 (a fixture)

NBSP = "\xa0"


def test_a_german_user_reads_the_sum_warning_in_german_with_german_figures(whatsapp, db_session):
    whatsapp.send_media(whatsapp.add_media(invoice_pdf(total="1.331,00"), "application/pdf"), number="+4915123456789")
    whatsapp.run_jobs()
    summary = whatsapp.replies("+4915123456789")[-1]["Body"]
    assert (f"Zwischensumme 100,00{NBSP}€ plus Steuer 21,00{NBSP}€ ergibt 121,00{NBSP}€, "
            f"die Summe ist aber 1.331,00{NBSP}€.") in summary
    assert "but the total" not in summary

    media = db_session.scalars(select(Media)).one()
    invoice = db_session.scalars(select(Invoice)).one()
    expected = {"code": "subtotal_tax_mismatch",
                "values": {"subtotal": "100.00", "tax": "21.00", "sum": "121.00", "total": "1331.00", "currency": "EUR"}}
    assert expected in media.processing_metadata["warnings"]
    assert expected in invoice.raw_data["warnings"]


def test_an_english_user_reads_the_same_warning_in_english(whatsapp):
    whatsapp.send_media(whatsapp.add_media(invoice_pdf(total="1.331,00"), "application/pdf"), number="+447700900123")
    whatsapp.run_jobs()
    summary = whatsapp.replies("+447700900123")[-1]["Body"]
    assert "Subtotal €100.00 plus tax €21.00 is €121.00, but the total is €1,331.00." in summary


def test_a_total_the_model_made_up_is_flagged_in_the_users_language(whatsapp_openai, fake_openai):
    fake_openai.push_json(model_reading(total_amount="999.99"))
    whatsapp_openai.send_media(whatsapp_openai.add_media(invoice_pdf(), "application/pdf"), number=USER)
    whatsapp_openai.run_jobs()
    summary = whatsapp_openai.replies(USER)[-1]["Body"]
    assert f"El total que leyó la IA, 999,99{NBSP}€, no aparece en el documento." in summary


def test_the_offline_fallback_is_announced_in_the_users_language(whatsapp_openai, fake_openai):
    fake_openai.push_error(500, "upstream exploded")
    whatsapp_openai.send_media(whatsapp_openai.add_media(invoice_pdf(), "application/pdf"), number=USER)
    whatsapp_openai.run_jobs()
    summary = whatsapp_openai.replies(USER)[-1]["Body"]
    assert "El lector de IA no estaba disponible; leí el documento con el lector sin conexión." in summary
