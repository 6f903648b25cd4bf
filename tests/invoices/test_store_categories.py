"""Storing an extraction sets the invoice's category and every item's, trusting only canonical keys."""
import datetime as dt
from decimal import Decimal

from app.extraction.types import ExtractionResult, LineItem
from app.invoices.store import store_extraction
from app.models import Media, User


def _media(session, content_hash):
    user = User(whatsapp_number="+351910000001")
    session.add(user)
    session.flush()
    media = Media(user_id=user.id, content_hash=content_hash, content_type="image/jpeg")
    session.add(media)
    session.flush()
    return media


def _store(session, content_hash="c" * 64, **fields):
    base = dict(invoice_date=dt.date(2026, 3, 14), currency="EUR", total_amount=Decimal("50.00"))
    base.update(fields)
    return store_extraction(session, _media(session, content_hash), ExtractionResult(**base),
                            default_currency="EUR").invoice


def test_items_and_invoice_get_categories_from_the_rules(db_session):
    invoice = _store(db_session, vendor="Estação de Serviço Galp", items=[
        LineItem(description="Gasóleo simples", total_price=Decimal("45.00")),
        LineItem(description="Café", total_price=Decimal("1.20")),
    ])
    assert invoice.category == "fuel"
    assert [i.item_category for i in invoice.items] == ["fuel", "restaurants"]


def test_a_receipt_without_items_still_gets_the_vendor_category(db_session):
    assert _store(db_session, vendor="REPSOL", items=[]).category == "fuel"


def test_without_vendor_or_items_the_invoice_has_no_category(db_session):
    assert _store(db_session, vendor=None, items=[]).category is None


def test_a_canonical_category_from_the_extractor_is_kept(db_session):
    invoice = _store(db_session, vendor="ACME Lda", items=[
        LineItem(description="Serviço mensal", total_price=Decimal("50.00"), category="telecom")])
    assert [i.item_category for i in invoice.items] == ["telecom"]
    assert invoice.category == "telecom"


def test_a_made_up_category_from_the_extractor_falls_back_to_the_rules(db_session):
    invoice = _store(db_session, vendor="ACME Lda", items=[
        LineItem(description="Diesel", total_price=Decimal("50.00"), category="Fuel & stuff; DROP TABLE items"),
        LineItem(description="Widget", total_price=Decimal("5.00"), category="x" * 100)])
    assert [i.item_category for i in invoice.items] == ["fuel", "other"]
    assert invoice.category == "fuel"
