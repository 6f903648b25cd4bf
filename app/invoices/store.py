"""Turning an extraction result into an invoice with items, idempotently and without double counting.

Per user, invoice creation is serialised by locking the user row: that makes the per-user ``#N``
(``seq``) allocation and the duplicate check race-free when several documents arrive at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.categories import ItemInput, canonical, categorise
from app.domain.usage import record_llm_calls
from app.extraction.types import ExtractionResult, LineItem
from app.invoices import audit
from app.invoices.learned_categories import apply_rule
from app.invoices.vendors import vendor_key
from app.models import Invoice, Item, Media, MediaFileType, MediaStatus, User

_DESCRIPTION_MAX = 500

__all__ = ["StoredInvoice", "find_duplicate", "store_extraction", "vendor_key"]


@dataclass
class StoredInvoice:
    invoice: Invoice
    created: bool  # False when the media had already been turned into this invoice (a job rerun)
    duplicate_of: Invoice | None


def find_duplicate(session: Session, user_id: int, *, content_hash: str | None,
                   result: ExtractionResult, currency: str, exclude_media_id: int | None = None
                   ) -> Invoice | None:
    """The live invoice this document duplicates: the same file, or the same vendor, date and total
    (and number, when both documents print one)."""
    live = (Invoice.user_id == user_id, Invoice.deleted_at.is_(None))
    if content_hash:
        same_file = session.scalars(
            select(Invoice).join(Media, Media.invoice_id == Invoice.id)
            .where(*live, Media.user_id == user_id, Media.content_hash == content_hash,
                   Media.id != (exclude_media_id or 0))
            .order_by(Invoice.id).limit(1)
        ).first()
        if same_file:
            return _original(session, same_file)
    if result.total_amount is None or result.invoice_date is None or not (result.vendor or result.invoice_number):
        return None
    candidates = session.scalars(
        select(Invoice).where(*live, Invoice.invoice_date == result.invoice_date,
                              Invoice.total_amount == result.total_amount, Invoice.currency == currency)
        .order_by(Invoice.id)
    ).all()
    key = vendor_key(result.vendor)
    for candidate in candidates:
        if result.invoice_number and candidate.invoice_number:
            if _number_key(result.invoice_number) != _number_key(candidate.invoice_number):
                continue
            if not key or not vendor_key(candidate.vendor) or vendor_key(candidate.vendor) == key:
                return _original(session, candidate)
        elif key and vendor_key(candidate.vendor) == key:
            return _original(session, candidate)
    return None


def _number_key(number: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", number.upper())


def _original(session: Session, invoice: Invoice) -> Invoice:
    if invoice.duplicate_of_id:
        original = session.get(Invoice, invoice.duplicate_of_id)
        if original is not None and original.deleted_at is None:
            return original
    return invoice


def _item_row(item: LineItem) -> Item | None:
    description = " ".join(item.description.split())[:_DESCRIPTION_MAX]
    # Negative quantities are real (credit-note lines); only a missing or zero quantity means "one".
    quantity = item.quantity or Decimal(1)
    total, unit = item.total_price, item.unit_price
    if total is None and unit is not None:
        total = (unit * quantity).quantize(Decimal("0.001"))
    if unit is None and total is not None:
        unit = (total / quantity).quantize(Decimal("0.0001"))
    if not description or total is None or unit is None:
        return None
    # The extractor's (a model's) category is untrusted: only a canonical key is kept, else the rules decide.
    return Item(description=description, quantity=quantity, unit_price=unit, total_price=total,
                item_code=(item.item_code or None) and item.item_code[:100],
                item_category=canonical(item.category))


def store_extraction(session: Session, media: Media, result: ExtractionResult, *,
                     default_currency: str) -> StoredInvoice:
    """Create the invoice for ``media`` (once), link the media and record model usage.

    The caller commits. Re-running for a media that already has its invoice returns that invoice.
    """
    session.execute(select(User.id).where(User.id == media.user_id).with_for_update())
    session.refresh(media, with_for_update=True)
    if media.invoice_id is not None:
        existing = session.get(Invoice, media.invoice_id)
        if existing is not None:
            return StoredInvoice(existing, created=False,
                                 duplicate_of=session.get(Invoice, existing.duplicate_of_id)
                                 if existing.duplicate_of_id else None)

    currency = result.currency or default_currency
    duplicate_of = find_duplicate(session, media.user_id, content_hash=media.content_hash, result=result,
                                  currency=currency, exclude_media_id=media.id)
    next_seq = (session.scalar(select(func.max(Invoice.seq)).where(Invoice.user_id == media.user_id)) or 0) + 1
    invoice = Invoice(
        user_id=media.user_id, seq=next_seq, invoice_number=_clip(result.invoice_number, 128),
        invoice_date=result.invoice_date, due_date=result.due_date, vendor=_clip(result.vendor, 255),
        total_amount=result.total_amount, tax_amount=result.tax_amount, subtotal=result.subtotal,
        currency=currency, payment_terms=result.payment_terms, file_url=media.file_url,
        file_content_type=media.content_type,
        raw_data=result.model_dump(mode="json", exclude={"ocr_text"}),
        duplicate_of_id=duplicate_of.id if duplicate_of else None,
    )
    invoice.items = [row for row in map(_item_row, result.items) if row is not None]
    _categorise(invoice, result)
    session.add(invoice)
    session.flush()
    apply_rule(session, invoice)  # what the user taught us about this vendor beats the general rules
    audit.record(session, invoice, "created", new=invoice.total_amount, actor="extraction", message_id=media.message_id,
                 detail={"duplicate_of": duplicate_of.seq} if duplicate_of else None)

    media.invoice_id = invoice.id
    media.status = MediaStatus.processed
    media.file_type = MediaFileType.receipt if result.document_type == "receipt" else MediaFileType.invoice
    media.ocr_text = result.ocr_text or None
    media.processing_metadata = result.processing_metadata
    record_llm_calls(session, media.user_id, result.llm_calls)
    return StoredInvoice(invoice, created=True, duplicate_of=duplicate_of)


def _categorise(invoice: Invoice, result: ExtractionResult) -> None:
    """Set the invoice's category and every item's (an item keeps a valid category from the extractor), with
    how sure it is: the model's own confidence when it named a valid category, else the rules'."""
    found = categorise(invoice.vendor, [ItemInput(item.description, item.total_price, item.item_category)
                                        for item in invoice.items])
    said = canonical(result.category)
    confidence: float | None
    if said is not None and result.category_confidence is not None:
        invoice.category, confidence = said, result.category_confidence
    else:
        invoice.category, confidence = found.invoice, found.confidence
    if invoice.category is not None and confidence is not None:
        invoice.category_source = "extraction"
        invoice.category_confidence = Decimal(str(round(min(max(confidence, 0.0), 1.0), 3)))
    for item, category in zip(invoice.items, found.items, strict=True):
        item.item_category = category


def _clip(value: str | None, length: int) -> str | None:
    return value[:length] if value else value
