"""Every change to an invoice is recorded (who, when, old and new value) and "history of #5" reads it back
in the user's language and time zone, over signed webhooks and the real worker; another user's "#1" is
never shown."""
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.conversation.history import history_body
from app.i18n.catalogue import LANGUAGES, messages, text
from app.invoices import audit
from app.models import Invoice, InvoiceEvent, User
from app.models.audit import ACTORS
from tests.end_to_end.test_invoice_conversation import USER, invoice_pdf
from tests.end_to_end.test_with_openai import whatsapp_openai  # noqa: F401  (fixture)

OTHER = "+447700900555"


def _say(whatsapp, text, number=USER):
    whatsapp.send_text(text, number=number)
    whatsapp.run_jobs()
    return whatsapp.replies(number)[-1]["Body"]


def _events(db_session):
    db_session.expire_all()
    return [(e.action, e.field, e.old_value, e.new_value, e.actor)
            for e in db_session.scalars(select(InvoiceEvent).order_by(InvoiceEvent.id))]


def test_reading_correcting_deleting_and_undoing_are_all_in_the_history(whatsapp, db_session):
    whatsapp.send_media(whatsapp.add_media(invoice_pdf(), "application/pdf"), number=USER)
    whatsapp.run_jobs()
    _say(whatsapp, "el total de #1 es 130,50")
    _say(whatsapp, "borra la #1")
    _say(whatsapp, "deshacer")
    assert _events(db_session) == [
        ("created", None, None, "121.00", "extraction"),
        ("corrected", "total", "121.00", "130.50", "user"),
        ("deleted", None, None, None, "user"),
        ("restored", None, None, None, "user"),
    ]
    body = _say(whatsapp, "historial de #1")
    lines = body.splitlines()
    assert lines[0] == "📜 *Historial de #1*"
    assert "total 121,00" in lines[1] and "(leído del documento)" in lines[1]
    assert "total: 121,00 → 130,50 (tú)" in lines[2]
    assert "— borrada (tú)" in lines[3] and "— recuperada (tú)" in lines[4]
    # When, in the user's zone (Madrid for +34), formatted for Spanish.
    created = db_session.scalars(select(InvoiceEvent).order_by(InvoiceEvent.id)).first().created_at
    local = created.astimezone(ZoneInfo("Europe/Madrid"))
    assert lines[1].startswith(f"• {local:%-d/%-m/%y}, {local:%-H:%M} — ")


def test_another_users_number_is_never_shown(whatsapp, db_session):
    whatsapp.send_media(whatsapp.add_media(invoice_pdf(), "application/pdf"), number=USER)
    whatsapp.run_jobs()
    _say(whatsapp, "el total de #1 es 99,00")
    assert _say(whatsapp, "history of #1", number=OTHER) == text("en", "not_found")
    assert _say(whatsapp, "history", number=OTHER) == text("en", "not_found")


def test_history_without_a_number_is_the_invoice_in_focus(whatsapp, db_session):
    whatsapp.send_media(whatsapp.add_media(invoice_pdf(), "application/pdf"), number=USER)
    whatsapp.run_jobs()
    _say(whatsapp, "the vendor of #1 is Ruiz Motors")
    body = _say(whatsapp, "show me its history")
    assert body.startswith("📜 *History of #1*") and "vendor: Taller Mecanico Ruiz S.L → Ruiz Motors (you)" in body


def test_the_history_of_a_deleted_invoice_can_still_be_read(whatsapp, db_session):
    whatsapp.send_media(whatsapp.add_media(invoice_pdf(), "application/pdf"), number=USER)
    whatsapp.run_jobs()
    _say(whatsapp, "borra la #1")
    assert "borrada (tú)" in _say(whatsapp, "historial de #1")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_action_and_actor_has_a_label_in_every_language(language):
    for action in audit.ACTIONS:
        assert messages(language).get(f"audit_{action}"), (language, action)
    for actor in ACTORS:
        assert messages(language).get(f"audit_actor_{actor}"), (language, actor)


def test_changes_other_features_record_are_shown_too(db_session):
    user = User(whatsapp_number="+4917012345679")
    db_session.add(user)
    db_session.flush()
    invoice = Invoice(user_id=user.id, seq=5, vendor="Telekom", total_amount=Decimal("39.95"), currency="EUR")
    db_session.add(invoice)
    db_session.flush()
    audit.record(db_session, invoice, "due_date", field="due_date", old=None, new=dt.date(2026, 4, 1), actor="rule")
    audit.record(db_session, invoice, "paid", actor="system")
    audit.record(db_session, invoice, "categorised", field="category", old="other", new="telecom", actor="user")
    db_session.flush()
    body = history_body(list(audit.history(db_session, user.id, 5)), 5, language="de", locale="de_DE",
                        timezone="Europe/Berlin")
    assert "Fälligkeit: — → 1. Apr. 2026 (eine deiner Regeln)" in body
    assert "als bezahlt markiert (der Assistent)" in body
    assert "Kategorie: Sonstiges → Telefon & Internet (du)" in body


def test_the_model_reads_the_history_through_its_tool(whatsapp_openai, fake_openai, db_session):  # noqa: F811
    fake_openai.push_json({"document_type": "invoice", "vendor": "Taller Mecanico Ruiz S.L.", "invoice_number": "F-1",
                           "invoice_date": None, "due_date": None, "currency": "EUR", "subtotal": "100.00",
                           "tax_amount": "21.00", "total_amount": "121.00", "payment_terms": None, "items": []})
    whatsapp_openai.send_media(whatsapp_openai.add_media(invoice_pdf(), "application/pdf"), number=USER)
    whatsapp_openai.run_jobs()
    fake_openai.push_tool_calls([{"name": "correct_field", "arguments": {"invoice": "#1", "field": "total",
                                                                         "value": "120.00"}}])
    fake_openai.push_content("Hecho.")
    _say(whatsapp_openai, "el total de la #1 es 120")
    fake_openai.push_tool_calls([{"name": "invoice_history", "arguments": {"invoice": "#1"}}])
    fake_openai.push_content("La #1 se leyó del documento y cambiaste el total de 121,00 a 120,00.")
    _say(whatsapp_openai, "¿qué cambios tuvo la #1?")
    result = [m for m in fake_openai.last_request.messages if m.get("role") == "tool"][-1]["content"]
    assert '"action": "corrected"' in result and '"old": "121.00"' in result and '"new": "120.00"' in result
    assert '"actor": "extraction"' in result


def test_keeping_a_duplicate_and_a_new_category_are_recorded(whatsapp, db_session):
    pdf = invoice_pdf()
    for _ in range(2):
        whatsapp.send_media(whatsapp.add_media(pdf, "application/pdf"), number=USER)
        whatsapp.run_jobs()
    _say(whatsapp, "keep #2")
    _say(whatsapp, "the category of #2 is fuel")
    assert [e[:2] for e in _events(db_session)][-3:] == [("created", None), ("kept", None), ("categorised", "category")]
    body = _say(whatsapp, "history of #2")
    assert "kept although it looked like a duplicate (you)" in body and "category: services → fuel (you)" in body
