"""The seam between the WhatsApp pipeline and the product's brains.

The pipeline calls exactly these two functions and sends whatever :class:`Reply` they return; they never
send or store messages themselves. The caller commits the session.
"""
from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.conversation import agent, extensions
from app.conversation.memory import remember_invoice
from app.domain.reply import Reply
from app.extraction import ExtractionOptions, UnreadableDocument, extract_document
from app.extraction.types import ExtractionResult
from app.i18n.phone import LocaleHint, hint_for_number
from app.invoices.store import store_extraction
from app.media import storage
from app.models import Conversation, Invoice, Media, MediaStatus, Message, User
from app.replies.invoice_notes import notes_after_saving
from app.replies.summary import invoice_summary, reply_language, unreadable_summary

log = logging.getLogger(__name__)

# Export and "delete my data" need storage and signed links; the conversation handler gets them here.
extensions.install()


def handle_document(session: Session, media: Media, settings: Settings) -> Reply:
    """A stored attachment (``media.file_path`` set, status ``processing``): read it, save the invoice,
    and summarise it, or explain why it could not be read."""
    user = session.get_one(User, media.user_id)
    language = reply_language(user, settings.default_language)
    hint = hint_for_number(user.whatsapp_number)
    options = ExtractionOptions.from_settings(settings, locale_hint=hint)
    if media.file_path is None:
        raise ValueError(f"media {media.id} reached extraction without a stored file")
    data = storage.get(settings, media.file_path)  # storage errors are transient: let the job retry
    try:
        result = _read(data, media.content_type or "", options)
    except UnreadableDocument as exc:
        return _unreadable(media, exc, language, settings)
    if result.is_empty:
        # Keep what was read: an operator (or a later, better extractor) can look at the text.
        media.ocr_text = result.ocr_text or None
        media.processing_metadata = {**(media.processing_metadata or {}), **result.processing_metadata}
        return _unreadable(media, UnreadableDocument("no_fields"), language, settings)

    stored = store_extraction(session, media, result, default_currency=_default_currency(session, user, hint))
    conversation = session.get(Conversation, session.scalar(
        select(Message.conversation_id).where(Message.id == media.message_id)))
    if conversation is not None:
        remember_invoice(conversation, stored.invoice)
    notes = notes_after_saving(session, user, stored, language=language, default_timezone=settings.default_timezone)
    return Reply(body=invoice_summary(session, user, stored, result.warnings, language=language, extra=notes),
                 intent="invoice_saved", language=language,
                 data={"seq": stored.invoice.seq, "duplicate_of": stored.duplicate_of.seq if stored.duplicate_of else None})


def _read(data: bytes, content_type: str, options: ExtractionOptions) -> ExtractionResult:
    try:
        return extract_document(data, content_type, options=options)
    except UnreadableDocument:
        raise
    except Exception as exc:  # a reader crashing on hostile bytes must not loop through retries
        log.exception("extraction crashed")
        raise UnreadableDocument("corrupt", type(exc).__name__) from exc


def _unreadable(media: Media, exc: UnreadableDocument, language: str, settings: Settings) -> Reply:
    log.info("document unreadable: %s", exc.reason)
    media.status = MediaStatus.failed
    media.processing_metadata = {**(media.processing_metadata or {}), "error": exc.reason,
                                 "detail": exc.detail[:500]}
    return Reply(body=unreadable_summary(exc.reason, language=language, max_pages=settings.extraction_max_pages),
                 intent="document_unreadable", language=language, data={"reason": exc.reason})


def _default_currency(session: Session, user: User, hint: LocaleHint | None) -> str:
    """When a document names no currency: the one the user's invoices mostly use, else their country's
    (USD when the number tells no country, or the country no currency: an invoice always has one)."""
    usual = session.execute(
        select(Invoice.currency).where(Invoice.user_id == user.id, Invoice.deleted_at.is_(None))
        .group_by(Invoice.currency).order_by(func.count().desc()).limit(1)
    ).scalar()
    return usual or (hint.currency if hint else None) or "USD"


def handle_text(session: Session, message: Message, settings: Settings) -> Reply:
    """A text message from the user (``message.content``), to understand and answer: with the model and
    its tools when OpenAI is configured, offline otherwise (and whenever the model fails)."""
    user = session.get_one(User, message.user_id)
    conversation = session.get_one(Conversation, message.conversation_id)
    return agent.answer(session, user=user, conversation=conversation, text=message.content,
                        settings=settings)
