"""A user's whole journey over the real pipeline: send an invoice, get the summary, ask about it, fix it,
export it, delete it. Real PostgreSQL, Redis, RQ worker, twilio client and extraction; fake Twilio API."""
import datetime as dt
import re

from tests.extraction.pdf_factory import build_pdf, text_page

USER = "+34612345678"


def invoice_pdf(*, number="F-2026-118", total="121,00", day=None):
    day = day or dt.date.today().replace(day=1)
    return build_pdf([text_page([
        "Taller Mecanico Ruiz S.L.",
        "Calle Mayor 12, 28013 Madrid",
        f"Factura n.o {number}",
        f"Fecha: {day:%d/%m/%Y}",
        "Descripcion                 Cant.   Precio    Importe",
        "Cambio de aceite               1     100,00    100,00",
        "Base imponible                                100,00",
        "IVA 21%                                        21,00",
        f"Total                                    {total} EUR",
    ])])


def test_an_invoice_pdf_is_summarised_then_answered_about(whatsapp, db_session):
    whatsapp.send_media(whatsapp.add_media(invoice_pdf(), "application/pdf"), number=USER)
    whatsapp.run_jobs()
    summary = whatsapp.replies(USER)[-1]["Body"]
    assert "#1" in summary
    assert "121,00" in summary and "€" in summary  # Spanish number formatting for a +34 user
    assert "Taller Mecanico Ruiz" in summary

    whatsapp.send_text("¿cuánto gasté este mes?", number=USER)
    whatsapp.run_jobs()
    assert "121,00" in whatsapp.replies(USER)[-1]["Body"]

    whatsapp.send_text("el total de #1 es 130,50", number=USER)
    whatsapp.run_jobs()
    whatsapp.send_text("mostrar #1", number=USER)
    whatsapp.run_jobs()
    assert "130,50" in whatsapp.replies(USER)[-1]["Body"]


def test_the_same_invoice_twice_is_flagged_and_not_counted(whatsapp):
    pdf = invoice_pdf()
    whatsapp.send_media(whatsapp.add_media(pdf, "application/pdf"), number=USER)
    whatsapp.run_jobs()
    whatsapp.send_media(whatsapp.add_media(pdf, "application/pdf"), number=USER)
    whatsapp.run_jobs()
    assert "#1" in whatsapp.replies(USER)[-1]["Body"]  # "looks like a duplicate of #1"

    whatsapp.send_text("how much did I spend this month?", number=USER)
    whatsapp.run_jobs()
    answer = whatsapp.replies(USER)[-1]["Body"]
    assert "121" in answer and "242" not in answer


def test_an_export_link_downloads_the_users_csv(whatsapp, db_session):
    whatsapp.send_media(whatsapp.add_media(invoice_pdf(), "application/pdf"), number=USER)
    whatsapp.run_jobs()
    whatsapp.send_text("export this month as CSV", number=USER)
    whatsapp.run_jobs()
    reply = whatsapp.replies(USER)[-1]
    assert reply["MediaUrl"], reply
    path = re.sub(r"^https?://[^/]+", "", reply["MediaUrl"][0])
    response = whatsapp.client.get(path)
    assert response.status_code == 200
    assert "Taller Mecanico Ruiz" in response.get_data(as_text=True)


def test_an_unreadable_file_gets_advice_not_silence(whatsapp):
    garbage = b"%PDF-1.4\n" + b"\x00garbage" * 50
    whatsapp.send_media(whatsapp.add_media(garbage, "application/pdf"), number=USER)
    whatsapp.run_jobs()
    body = whatsapp.replies(USER)[-1]["Body"]
    assert "No pude leer" in body or "couldn't read" in body
