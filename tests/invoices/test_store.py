"""Storing extraction results: idempotent, per-user numbering, duplicates flagged, usage recorded."""
import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select

from app.domain.llm_usage import LLMCall
from app.extraction.types import ExtractionResult, LineItem
from app.invoices.store import store_extraction, vendor_key
from app.models import Invoice, Item, Media, MediaStatus, Usage, User


def _user(session, number="+491701234567"):
    user = User(whatsapp_number=number)
    session.add(user)
    session.flush()
    return user


def _media(session, user, content_hash="a" * 64):
    media = Media(user_id=user.id, content_hash=content_hash, content_type="image/jpeg",
                  file_url="file:///x.jpg")
    session.add(media)
    session.flush()
    return media


def _result(**overrides):
    fields = dict(vendor="Shell Tankstelle", invoice_date=dt.date(2026, 3, 14), currency="EUR",
                  total_amount=Decimal("45.10"), tax_amount=Decimal("7.20"),
                  items=[LineItem(description="Super E10", quantity=Decimal("23.5"),
                                  unit_price=Decimal("1.919"), total_price=Decimal("45.10"))],
                  document_type="receipt", ocr_text="SHELL ...", processing_metadata={"engine": "t"})
    fields.update(overrides)
    return ExtractionResult(**fields)


def test_storing_creates_invoice_items_and_links_media(db_session):
    user = _user(db_session)
    media = _media(db_session, user)
    stored = store_extraction(db_session, media, _result(), default_currency="USD")
    db_session.commit()
    assert stored.created and stored.duplicate_of is None
    assert stored.invoice.seq == 1
    assert stored.invoice.total_amount == Decimal("45.10")
    assert [i.description for i in stored.invoice.items] == ["Super E10"]
    assert media.invoice_id == stored.invoice.id and media.status is MediaStatus.processed
    assert media.ocr_text == "SHELL ..." and media.processing_metadata == {"engine": "t"}


def test_rerun_for_the_same_media_adds_nothing(db_session):
    user = _user(db_session)
    media = _media(db_session, user)
    first = store_extraction(db_session, media, _result(), default_currency="USD")
    again = store_extraction(db_session, media, _result(), default_currency="USD")
    db_session.commit()
    assert again.created is False and again.invoice.id == first.invoice.id
    assert db_session.scalar(select(func.count()).select_from(Invoice)) == 1
    assert db_session.scalar(select(func.count()).select_from(Item)) == 1


def test_invoice_numbers_count_per_user(db_session):
    alice, bob = _user(db_session), _user(db_session, "+5511987654321")
    store_extraction(db_session, _media(db_session, alice, "1" * 64), _result(), default_currency="USD")
    second = store_extraction(db_session, _media(db_session, alice, "2" * 64),
                              _result(total_amount=Decimal("9.99")), default_currency="USD")
    bobs = store_extraction(db_session, _media(db_session, bob, "3" * 64), _result(), default_currency="USD")
    assert second.invoice.seq == 2
    assert bobs.invoice.seq == 1 and bobs.duplicate_of is None  # another user's identical receipt


def test_same_file_twice_is_flagged_as_duplicate(db_session):
    user = _user(db_session)
    first = store_extraction(db_session, _media(db_session, user, "f" * 64), _result(), default_currency="USD")
    second = store_extraction(db_session, _media(db_session, user, "f" * 64),
                              _result(vendor="unreadable", total_amount=None), default_currency="USD")
    assert second.duplicate_of.id == first.invoice.id
    assert second.invoice.duplicate_of_id == first.invoice.id


def test_same_vendor_date_and_total_is_a_duplicate_even_from_another_photo(db_session):
    user = _user(db_session)
    first = store_extraction(db_session, _media(db_session, user, "1" * 64), _result(), default_currency="USD")
    second = store_extraction(db_session, _media(db_session, user, "2" * 64),
                              _result(vendor="SHELL  tankstelle."), default_currency="USD")
    assert second.duplicate_of.id == first.invoice.id


def test_different_invoice_numbers_are_not_duplicates(db_session):
    user = _user(db_session)
    store_extraction(db_session, _media(db_session, user, "1" * 64), _result(invoice_number="R-1"),
                     default_currency="USD")
    second = store_extraction(db_session, _media(db_session, user, "2" * 64), _result(invoice_number="R-2"),
                              default_currency="USD")
    assert second.duplicate_of is None


def test_a_deleted_invoice_is_not_a_duplicate_target(db_session):
    user = _user(db_session)
    first = store_extraction(db_session, _media(db_session, user, "1" * 64), _result(), default_currency="USD")
    first.invoice.deleted_at = dt.datetime.now(dt.timezone.utc)
    second = store_extraction(db_session, _media(db_session, user, "2" * 64), _result(), default_currency="USD")
    assert second.duplicate_of is None


def test_missing_currency_falls_back_to_the_given_default(db_session):
    user = _user(db_session)
    stored = store_extraction(db_session, _media(db_session, user), _result(currency=None), default_currency="MYR")
    assert stored.invoice.currency == "MYR"


def test_items_without_unit_price_get_one_derived_from_the_total(db_session):
    user = _user(db_session)
    result = _result(items=[LineItem(description="Coffee", quantity=Decimal("2"), total_price=Decimal("7.00")),
                            LineItem(description="   ", total_price=Decimal("1"))])
    stored = store_extraction(db_session, _media(db_session, user), result, default_currency="USD")
    assert [(i.description, i.unit_price) for i in stored.invoice.items] == [("Coffee", Decimal("3.5000"))]


def test_model_calls_are_recorded_as_usage(db_session):
    user = _user(db_session)
    result = _result(llm_calls=[LLMCall(model="gpt-4o-mini", usage_type="extraction", tokens_in=900,
                                        tokens_out=120, cost=Decimal("0.000207"))])
    store_extraction(db_session, _media(db_session, user), result, default_currency="USD")
    db_session.commit()
    usage = db_session.scalars(select(Usage)).one()
    assert (usage.tokens_in, usage.tokens_out, usage.cost) == (900, 120, Decimal("0.00020700"))


def test_vendor_key_ignores_case_accents_and_punctuation():
    assert vendor_key("Café Müller GmbH.") == vendor_key("CAFE MULLER gmbh")
