"""Bursts of documents: one "Got it, reading…" per burst and one combined summary when the last is done.

A *burst* is the documents a user sends close together: an album (one inbound message with several
attachments, or the several webhooks Twilio sends for one), a forwarded pile of receipts. A message with
attachments joins the user's open burst when it arrived (``messages.created_at``, so a message the rate
limit deferred still joins the burst it was sent in) within ``BATCH_WINDOW_SECONDS`` of it, else opens one.

- The acknowledgement goes out once per burst (``batches.ack_message_id``, reply slot ``ack``), right after
  the first slow document is downloaded (a photo, which OCR reads for seconds) or as soon as the burst holds
  more than one document; a lone PDF is answered within a second, so its summary is the acknowledgement.
- In a burst, the per-document summaries are left out (problems with a document are still said at once);
  when none of the burst's documents is left to read, the message that finished last sends the combined
  summary (``batches.summary_message_id``, slot ``sum``) and closes the burst.

Every decision is taken under a per-user advisory lock and committed with the reply slot it leads to, so
two workers finishing documents of one burst at once send exactly one summary, and a retried job finishes
what was decided instead of deciding again.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import exists, func, select, text, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.domain.reply import Reply
from app.i18n import catalogue
from app.models import Batch, BatchDocument, Conversation, Media, Message, MessageRole, User
from app.replies.batch_summary import batch_summary
from app.replies.send import Inbound, finish_reply, send_reply
from app.replies.summary import reply_language

# Advisory lock namespace for "deciding about this user's bursts" (unique within the app).
_LOCK_NAMESPACE = 0x4241  # "BA"
ACK_SLOT, SUMMARY_SLOT = "ack", "sum"
NOTES_KEY = "reply_notes"  # in media.processing_metadata: lines for the burst's combined summary


def _lock(session: Session, user_id: int) -> None:
    session.execute(text("SELECT pg_advisory_xact_lock(:ns, :user)"), {"ns": _LOCK_NAMESPACE, "user": user_id})


def join(session: Session, settings: Settings, message: Message, media: Sequence[Media]) -> Batch:
    """The burst of this message's attachments, joined (or opened) once; commits."""
    known = session.scalar(select(BatchDocument.batch_id).where(BatchDocument.message_id == message.id).limit(1))
    if known is not None:
        return session.get_one(Batch, known)
    _lock(session, message.user_id)
    known = session.scalar(select(BatchDocument.batch_id).where(BatchDocument.message_id == message.id).limit(1))
    if known is not None:  # joined by another run while we waited for the lock
        session.commit()
        return session.get_one(Batch, known)
    window = dt.timedelta(seconds=settings.batch_window_seconds)
    arrived = message.created_at
    batch = session.scalar(
        select(Batch).where(Batch.user_id == message.user_id, Batch.summarised_at.is_(None),
                            Batch.last_arrival >= arrived - window, Batch.first_arrival <= arrived + window)
        .order_by(Batch.id.desc()).limit(1)
    )
    if batch is None:
        batch = Batch(user_id=message.user_id, first_arrival=arrived, last_arrival=arrived)
        session.add(batch)
        session.flush()
    else:
        batch.first_arrival = min(batch.first_arrival, arrived)
        batch.last_arrival = max(batch.last_arrival, arrived)
    for item in media:
        session.add(BatchDocument(media_id=item.id, batch_id=batch.id, message_id=message.id))
    session.commit()
    return batch


def in_burst(session: Session, settings: Settings, batch: Batch, message_id: int) -> bool:
    """True when the burst holds (or is about to hold) more than one document."""
    members = session.scalar(select(func.count()).where(BatchDocument.batch_id == batch.id)) or 0
    return members > 1 or _waiting(session, settings, batch, message_id) > 0


def _waiting(session: Session, settings: Settings, batch: Batch, message_id: int) -> int:
    """The user's messages with attachments, sent within the burst's window, that no worker took up yet."""
    window = dt.timedelta(seconds=settings.batch_window_seconds)
    return session.scalar(
        select(func.count()).select_from(Message).where(
            Message.user_id == batch.user_id, Message.role == MessageRole.user, Message.id != message_id,
            Message.processed_at.is_(None),
            Message.created_at >= batch.first_arrival - window, Message.created_at <= batch.last_arrival + window,
            exists().where(Media.message_id == Message.id),
            ~exists().where(BatchDocument.message_id == Message.id))
    ) or 0


def acknowledge(session: Session, settings: Settings, inbound: Inbound, batch: Batch, item: Media) -> None:
    """Say "Got it, reading…" once per burst, before reading a slow document or the first of several."""
    if batch.ack_message_id is None:
        slow = (item.content_type or "").startswith("image/")
        if not slow and not in_burst(session, settings, batch, inbound.message_id):
            return
        _lock(session, batch.user_id)
        session.refresh(batch)
        if batch.ack_message_id is None:
            batch.ack_message_id = inbound.message_id
        session.commit()
    if batch.ack_message_id == inbound.message_id:
        language = _language(session, settings, inbound.user_id)
        send_reply(session, settings, inbound, Reply(body=catalogue.text(language, "batch_ack"), intent="batch_ack",
                                                     language=language), ACK_SLOT)


def finish(session: Session, settings: Settings, inbound: Inbound, batch: Batch) -> None:
    """This message's documents are done: when the burst has nothing left to read, sum it up (once)."""
    if batch.summary_message_id == inbound.message_id:
        finish_reply(session, settings, inbound, SUMMARY_SLOT)  # decided by an earlier run
        return
    _lock(session, batch.user_id)
    session.execute(update(BatchDocument).where(BatchDocument.message_id == inbound.message_id,
                                                BatchDocument.done_at.is_(None))
                    .values(done_at=func.now()).execution_options(synchronize_session=False))
    session.refresh(batch)
    members = session.scalars(select(BatchDocument).where(BatchDocument.batch_id == batch.id)
                              .order_by(BatchDocument.media_id)).all()
    if batch.summarised_at is not None or len(members) < 2 or any(m.done_at is None for m in members) \
            or _waiting(session, settings, batch, inbound.message_id):
        session.commit()
        return
    media = {m.id: m for m in session.scalars(select(Media).where(Media.id.in_([d.media_id for d in members])))}
    for member in members:
        item = media.get(member.media_id)
        member.invoice_id = item.invoice_id if item else None
        member.outcome = "saved" if item is not None and item.invoice_id else "failed"
    batch.summarised_at = func.now()
    batch.summary_message_id = inbound.message_id
    user = session.get_one(User, batch.user_id)
    language = reply_language(user, settings.default_language)
    notes = [note for m in members for note in (media[m.media_id].processing_metadata or {}).get(NOTES_KEY, [])
             if m.media_id in media and isinstance(note, str)]
    summary = batch_summary(session, user, [m.invoice_id for m in members], language=language, notes=notes)
    _remember_list(session, inbound, summary.seqs)
    # Recording the summary commits the decision with it: a retry finds it and only finishes sending it.
    send_reply(session, settings, inbound, Reply(body=summary.body, intent="batch_summary", language=language,
                                                 data={"seqs": summary.seqs}), SUMMARY_SLOT)


def keep_notes(item: Media, notes: object) -> None:
    """Keep what a burst member's own reply would have added (budget alerts, a learned category, what its
    caption changed) for the combined summary; the alerts are recorded as sent, so they must not be lost."""
    if isinstance(notes, list) and notes:
        item.processing_metadata = {**(item.processing_metadata or {}), NOTES_KEY: [str(n) for n in notes]}


def give_up(session: Session, settings: Settings, inbound: Inbound, message: Message) -> None:
    """A message whose job failed for good: its documents are done (unread), so the burst it belongs to is
    not held back for ever and its saved documents, whose own summaries were left out, are still summed up."""
    media = session.scalars(select(Media).where(Media.message_id == message.id).order_by(Media.media_index)).all()
    if media:
        finish(session, settings, inbound, join(session, settings, message, media))


def _remember_list(session: Session, inbound: Inbound, seqs: list[int]) -> None:
    """The burst is what "the second one" means next, as after a list."""
    conversation = session.get(Conversation, inbound.conversation_id)
    if conversation is None or conversation.user_id != inbound.user_id or not seqs:
        return
    state = dict(conversation.state or {})
    state.update(listed_seqs=seqs, focus="list" if len(seqs) > 1 else "invoice", last_invoice_seq=seqs[-1])
    conversation.state = state


def _language(session: Session, settings: Settings, user_id: int) -> str:
    user = session.get(User, user_id)
    return reply_language(user, settings.default_language) if user else settings.default_language
