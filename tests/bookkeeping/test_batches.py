"""A burst of documents (an album in one webhook, or several webhooks sent together) gets one "Got it,
reading…" and ends with one combined summary: N saved, one line each, the total per currency, what to check,
how to see one. Signed webhooks, the real RQ worker, real PostgreSQL and Redis, the fake Twilio API."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.models import Batch, Invoice, Message, MessageRole
from tests.extraction.pdf_factory import build_pdf, text_page
from tests.fixtures_whatsapp import WhatsAppHarness
from tests.pipeline.media_samples import HTML, JPEG

SPAIN, PORTUGAL = "+34612345678", "+351912345678"
ACKS = {"📥 Got it, reading…", "📥 Recibido, leyendo…", "📥 Recebido, a ler…"}


def receipt(shop: str, total: str, currency: str = "EUR", number: str = "1") -> bytes:
    return build_pdf([text_page([shop, f"Invoice number: {shop[:3].upper()}-{number}", "Invoice date: 13.01.2024",
                                 f"Total: {total} {currency}"])])


def bodies(whatsapp, number: str = SPAIN) -> list[str]:
    return [m["Body"] for m in whatsapp.replies(number)]


def pdf(whatsapp, content: bytes):
    return whatsapp.add_media(content, "application/pdf")


def test_an_album_gets_one_acknowledgement_and_one_combined_summary_with_totals_per_currency(whatsapp, db_session):
    whatsapp.send_media(pdf(whatsapp, receipt("Bakery Sol", "12.50")), pdf(whatsapp, receipt("Taxi Lux", "30.00")),
                        pdf(whatsapp, receipt("Hotel Ritz", "100.00", "USD")), number=SPAIN)
    whatsapp.run_jobs()

    ack, summary = bodies(whatsapp)
    assert ack == "📥 Recibido, leyendo…"
    assert "3 documentos guardados" in summary
    assert all(f"#{n}" in summary for n in (1, 2, 3))
    assert "42,50" in summary and "100,00" in summary  # EUR and USD each summed on their own
    assert "detalles" in summary and "mostrar #1" in summary
    assert len(db_session.scalars(select(Invoice)).all()) == 3


def test_an_album_sent_as_separate_webhooks_is_one_burst(whatsapp, db_session):
    for n, total in enumerate(("10.00", "20.00", "30.00"), start=1):
        whatsapp.send_media(pdf(whatsapp, receipt(f"Shop {n}", total, number=str(n))), number=SPAIN)
    whatsapp.run_jobs()

    replies = bodies(whatsapp)
    assert sum(b in ACKS for b in replies) == 1
    [summary] = [b for b in replies if "documentos guardados" in b]
    assert "60,00" in summary
    assert len(replies) == 2
    assert len(db_session.scalars(select(Batch)).all()) == 1


def test_a_lone_pdf_is_answered_by_its_own_summary_without_an_acknowledgement(whatsapp):
    whatsapp.send_media(pdf(whatsapp, receipt("Bakery Sol", "12.50")), number=SPAIN)
    whatsapp.run_jobs()

    [summary] = bodies(whatsapp)
    assert "#1" in summary and summary not in ACKS


def test_a_lone_photo_is_acknowledged_before_it_is_read(whatsapp):
    whatsapp.send_media(whatsapp.add_media(JPEG, "image/jpeg"), number=PORTUGAL)
    whatsapp.run_jobs()

    replies = bodies(whatsapp, PORTUGAL)
    assert replies[0] == "📥 Recebido, a ler…"
    assert len(replies) == 2  # then what became of it


def test_a_duplicate_in_a_burst_is_listed_to_check_and_counted_once(whatsapp):
    same = receipt("Bakery Sol", "12.50")
    whatsapp.send_media(pdf(whatsapp, same), pdf(whatsapp, same), number=SPAIN)
    whatsapp.run_jobs()

    summary = bodies(whatsapp)[-1]
    assert "revisar: #2" in summary
    assert "Total: *12,50" in summary


def test_an_unreadable_document_is_explained_at_once_and_counted_in_the_summary(whatsapp):
    whatsapp.send_media(whatsapp.add_media(HTML, "application/pdf"), pdf(whatsapp, receipt("Taxi Lux", "30.00")),
                        number=SPAIN)
    whatsapp.run_jobs()

    replies = bodies(whatsapp)
    assert "PDF" in replies[0]  # the refusal, with its advice
    assert "1 documentos guardados" in replies[-1] and "1 no se pudo leer" in replies[-1]


def test_the_second_one_after_a_summary_shows_the_second_document(whatsapp):
    whatsapp.send_media(pdf(whatsapp, receipt("Bakery Sol", "12.50")), pdf(whatsapp, receipt("Taxi Lux", "30.00")),
                        number=SPAIN)
    whatsapp.run_jobs()
    whatsapp.send_text("muéstrame el segundo", number=SPAIN)
    whatsapp.run_jobs()

    assert "#2" in bodies(whatsapp)[-1] and "Taxi Lux" in bodies(whatsapp)[-1]


def test_details_after_a_summary_shows_every_document_of_the_burst_in_full(whatsapp):
    whatsapp.send_media(pdf(whatsapp, receipt("Bakery Sol", "12.50")), pdf(whatsapp, receipt("Taxi Lux", "30.00")),
                        number=SPAIN)
    whatsapp.run_jobs()
    whatsapp.send_text("detalles", number=SPAIN)
    whatsapp.run_jobs()

    details = bodies(whatsapp)[-1]
    assert "*#1 · Bakery Sol*" in details and "*#2 · Taxi Lux*" in details


def test_rerun_jobs_and_redelivered_webhooks_send_no_second_acknowledgement_or_summary(whatsapp, db_session):
    from app.queue.enqueue import enqueue_processing

    form = whatsapp.form("text", Body="", From=f"whatsapp:{SPAIN}", WaId=SPAIN[1:], NumMedia="2",
                         MediaUrl0=pdf(whatsapp, receipt("Bakery Sol", "12.50"))[0], MediaContentType0="application/pdf",
                         MediaUrl1=pdf(whatsapp, receipt("Taxi Lux", "30.00"))[0], MediaContentType1="application/pdf")
    whatsapp.post(form)
    whatsapp.post(form)  # Twilio redelivers
    whatsapp.run_jobs()
    message = db_session.scalars(select(Message).where(Message.role == MessageRole.user)).one()
    enqueue_processing(whatsapp.settings, message.id, form["MessageSid"])
    whatsapp.run_jobs()

    assert len(bodies(whatsapp)) == 2


def test_documents_finished_by_concurrent_workers_are_summed_up_exactly_once(whatsapp, db_session):
    from app.tasks.process import process_message

    for n in range(4):
        whatsapp.send_media(pdf(whatsapp, receipt(f"Shop {n}", f"{n + 1}0.00", number=str(n))), number=SPAIN)
    ids = db_session.scalars(select(Message.id).where(Message.role == MessageRole.user)).all()
    workers = [threading.Thread(target=process_message, args=(message_id,)) for message_id in ids]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)

    replies = bodies(whatsapp)
    assert sum(b in ACKS for b in replies) == 1
    assert sum("4 documentos guardados" in b for b in replies) == 1
    assert len(replies) == 2


@pytest.fixture
def no_retries(settings, fake_twilio, db_engine, redis_conn, monkeypatch):
    """The pipeline with JOB_RETRY_MAX=0: a job's first failure is final (its failure callback runs)."""
    from app import create_app
    from app.config import get_settings

    monkeypatch.setenv("TWILIO_API_BASE_URL", fake_twilio.url)
    monkeypatch.setenv("MEDIA_ALLOWED_HOSTS", "127.0.0.1")
    monkeypatch.setenv("JOB_RETRY_MAX", "0")
    get_settings.cache_clear()
    configured = get_settings()
    return WhatsAppHarness(create_app(configured), configured, fake_twilio, redis_conn)


def test_a_document_whose_job_gives_up_does_not_hold_back_the_summary_of_the_others(no_retries, db_session):
    no_retries.fake.fail_next(503, 20503, endpoint="media")  # the first download fails, for good
    for shop in ("Bakery Sol", "Taxi Lux"):
        no_retries.send_media(pdf(no_retries, receipt(shop, "12.50")), number=SPAIN)
    no_retries.run_jobs()

    summary = bodies(no_retries)[-1]
    assert "1 documentos guardados" in summary and "1 no se pudo leer" in summary
    assert len(db_session.scalars(select(Invoice)).all()) == 1
