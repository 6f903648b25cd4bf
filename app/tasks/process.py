"""RQ job functions. ``process_message`` takes one stored inbound message to its replies.

Idempotent: a message whose ``processed_at`` is set is skipped, stored media are not downloaded again,
and every reply goes through :mod:`app.replies.send`, which never sends the same reply twice. One advisory
lock per message keeps two workers (a sweep racing a retry, say) from working on it at once.

Failures: anything transient (network, Twilio 5xx/429, PostgreSQL serialization or deadlock errors)
propagates, and RQ retries the job with backoff (``app.queue.enqueue.retry_policy``, run by the worker's
scheduler). Permanent problems (a refused attachment, Twilio 4xx) are recorded on the media or reply row
and the user is told once, kindly; the job then completes.
"""
from __future__ import annotations

import hashlib
import logging
import time
from types import TracebackType

from redis import Redis
from redis.exceptions import RedisError
from rq.job import Job
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.config import Settings, get_settings
from app.db import get_engine, session_factory
from app.domain.reply import Reply
from app.i18n import catalogue
from app.logs import message_sid_var
from app.media import storage
from app.media.download import EXTENSIONS, Downloaded, MediaRejected, download
from app.metrics import JOB_DURATION, JOBS, REPLIES
from app.models import Batch, Media, MediaStatus, Message, MessageRole, User, WhatsAppMessage
from app.queue.enqueue import enqueue_processing
from app.replies.send import Inbound, finish_reply, send_reply, unfinished
from app.replies.summary import reply_language
from app.replies.twilio_client import SendError, send_whatsapp, split_body
from app.tasks import batches, handoff, ratelimit

log = logging.getLogger(__name__)

JOB = "process_message"
# Advisory lock namespace for "a worker is on this message" (any constant unique within the app).
_LOCK_NAMESPACE = 0x5741  # "WA"


def process_message(message_id: int) -> str:
    """Process one inbound message; returns what happened (for the RQ result and the logs)."""
    settings = get_settings()
    started = time.perf_counter()
    token = message_sid_var.set(None)
    outcome = "error"
    try:
        outcome = _process_locked(settings, message_id)
        return outcome
    finally:
        JOBS.labels(job=JOB, outcome=outcome).inc()
        JOB_DURATION.labels(job=JOB).observe(time.perf_counter() - started)
        message_sid_var.reset(token)


class MessageGone(Exception):
    """The message's rows were deleted under the job (its user was erased meanwhile)."""


def on_process_failure(job: Job, _connection: Redis, exc_type: type[BaseException] | None,
                       _exc_value: BaseException | None, _traceback: TracebackType | None) -> None:
    """RQ failure callback: after the last retry, tell the user once (best effort) that we gave up.

    The message stays unprocessed and its job stays in RQ's failed registry for operators to requeue.
    """
    if job.should_retry:
        return
    settings = get_settings()
    try:
        with session_factory(settings.database_url)() as session:
            found = session.execute(
                select(Message, WhatsAppMessage).join(WhatsAppMessage, WhatsAppMessage.message_id == Message.id)
                .where(Message.id == job.args[0], Message.role == MessageRole.user)
            ).first()
            if found is None:
                return
            message, whatsapp = found
            message_sid_var.set(whatsapp.whatsapp_message_id)
            log.error("giving up on message after retries: %s", exc_type.__name__ if exc_type else "unknown")
            inbound = Inbound(message.id, message.user_id, message.conversation_id,
                              whatsapp.whatsapp_message_id, whatsapp.from_number)
            body = catalogue.text(_language(session, settings, message.user_id), "gave_up")
            send_reply(session, settings, inbound, Reply(body=body, intent="failed"), "err")
            batches.give_up(session, settings, inbound, message)  # its burst is summed up without it
    except Exception:  # a failing callback would replace the job's own error in RQ's records
        log.exception("could not tell the user about the failed message")


def _process_locked(settings: Settings, message_id: int) -> str:
    with get_engine(settings.database_url).connect() as lock_conn:
        got = lock_conn.execute(text("SELECT pg_try_advisory_lock(:ns, :id)"),
                                {"ns": _LOCK_NAMESPACE, "id": message_id}).scalar_one()
        lock_conn.commit()
        if not got:
            log.info("message %s is being processed by another worker", message_id)
            return "busy"
        try:
            with session_factory(settings.database_url)() as session:
                return _process(session, settings, message_id)
        finally:
            lock_conn.execute(text("SELECT pg_advisory_unlock(:ns, :id)"),
                              {"ns": _LOCK_NAMESPACE, "id": message_id})
            lock_conn.commit()


def _process(session: Session, settings: Settings, message_id: int) -> str:
    found = session.execute(
        select(Message, WhatsAppMessage)
        .join(WhatsAppMessage, WhatsAppMessage.message_id == Message.id)
        .where(Message.id == message_id, Message.role == MessageRole.user)
    ).first()
    if found is None:
        log.warning("message %s not found (deleted with its user?)", message_id)
        return "missing"
    message, whatsapp = found
    message_sid_var.set(whatsapp.whatsapp_message_id)
    if message.processed_at is not None:
        return "already_processed"
    inbound = Inbound(message.id, message.user_id, message.conversation_id,
                      whatsapp.whatsapp_message_id, whatsapp.from_number)
    media = session.scalars(select(Media).where(Media.message_id == message.id)
                            .order_by(Media.media_index)).all()

    admission = ratelimit.admit(session, message, settings.rate_limit_messages,
                                settings.rate_limit_window_seconds)
    if not admission.admitted:
        return _defer(session, settings, inbound, message, admission)
    session.commit()  # the admission counts from now on, whatever happens next
    if media:
        try:
            try:
                burst = batches.join(session, settings, message, media)
            except IntegrityError as exc:  # the user (and so this message) was erased meanwhile
                session.rollback()
                raise MessageGone() from exc
            for item in media:
                _process_media(session, settings, inbound, item, burst)
            batches.finish(session, settings, inbound, burst)
        except MessageGone:
            log.info("the sender was erased while their attachment was processed")
            return "gone"
        except StaleDataError:
            # A row of this message vanished under us. Erased with its user: nothing to do. Anything else
            # (the message is still there): the job fails and is retried.
            session.rollback()
            if session.get(Message, inbound.message_id) is not None:
                raise
            log.info("the sender was erased while their attachment was processed")
            return "gone"
        outcome = "processed"
    else:
        if not finish_reply(session, settings, inbound, "t"):
            reply = handoff.handle_text(session, message, settings)
            if (reply.data or {}).get("erased"):
                # The user's rows, this message included, are gone: nothing is left to store the reply
                # under, so the goodbye is sent once, best effort, and the job ends here.
                session.commit()
                _send_unrecorded(settings, inbound, reply)
                return "erased"
            # Recording the answer commits what the message did with it: a retry finds the answer and
            # sends it, and never does the thing ("undo", "delete #3") a second time.
            send_reply(session, settings, inbound, reply, "t")
        outcome = "processed"
    message.processed_at = func.now()
    session.commit()
    log.info("message processed", extra={"outcome": outcome})
    return outcome


def _defer(session: Session, settings: Settings, inbound: Inbound, message: Message,
           admission: ratelimit.Admission) -> str:
    """Park a message over the rate limit until its due time; the first of a backlog says so."""
    if admission.notice or unfinished(session, inbound, "rl"):
        language = _language(session, settings, message.user_id)
        # Recording the notice commits the deferral with it; a retry finds the notice still to send.
        send_reply(session, settings, inbound,
                   Reply(body=catalogue.text(language, "rate_limited"), intent="rate_limited", language=language),
                   "rl")
    session.commit()
    try:
        enqueue_processing(settings, message.id, inbound.sid, at=admission.due)
    except RedisError as exc:  # Redis down: the deferral is stored; the sweep enqueues it once it is due
        log.warning("deferred message not scheduled (%s); the sweep will pick it up", type(exc).__name__)
    log.info("message deferred by the rate limit", extra={"due": admission.due.isoformat() if admission.due
                                                         else None})
    return "deferred"


def _send_unrecorded(settings: Settings, inbound: Inbound, reply: Reply) -> None:
    try:
        for part in split_body(reply.body):
            send_whatsapp(settings, inbound.user_address, part)
        REPLIES.labels(outcome="sent").inc()
    except SendError:
        REPLIES.labels(outcome="failed").inc()
        log.warning("could not confirm the erasure to the user")


def _language(session: Session, settings: Settings, user_id: int) -> str:
    user = session.get(User, user_id)
    return reply_language(user, settings.default_language) if user else settings.default_language


def _fail_media(item: Media, reason: str, user_message: str | None = None) -> None:
    item.status = MediaStatus.failed
    details = {"error": reason, **({"user_message": user_message} if user_message else {})}
    item.processing_metadata = {**(item.processing_metadata or {}), **details}


def _process_media(session: Session, settings: Settings, inbound: Inbound, item: Media, burst: Batch) -> None:
    problem_slot, answer_slot = f"m{item.media_index}", f"d{item.media_index}"
    if item.status == MediaStatus.failed:
        reason = (item.processing_metadata or {}).get("user_message")
        if reason:
            send_reply(session, settings, inbound, Reply(body=reason, intent="media_failed"), problem_slot)
        return
    if item.file_path is None:
        try:
            fetched = download(item.source_url or "", settings)
        except MediaRejected as exc:
            log.warning("attachment %s refused: %s", item.media_index, exc.reason)
            user_message = catalogue.text(_language(session, settings, inbound.user_id), exc.message_key, **exc.values)
            _fail_media(item, exc.reason, user_message)
            session.commit()
            send_reply(session, settings, inbound, Reply(body=user_message, intent="media_failed"),
                       problem_slot)
            return
        _store(session, settings, inbound, item, fetched)
    batches.acknowledge(session, settings, inbound, burst, item)
    if finish_reply(session, settings, inbound, answer_slot):
        return  # decided and recorded by an earlier run: only what was not sent yet goes out
    reply = handoff.handle_document(session, item, settings)
    if item.status == MediaStatus.processing:
        item.status = MediaStatus.processed
    if reply.intent == "invoice_saved" and batches.in_burst(session, settings, burst, inbound.message_id):
        # One of several: the burst's combined summary speaks for it, budget alerts and learned rules included.
        batches.keep_notes(item, (reply.data or {}).get("notes"))
        session.commit()
        return
    send_reply(session, settings, inbound, reply, answer_slot)  # commits the invoice with its summary


def _store(session: Session, settings: Settings, inbound: Inbound, item: Media, fetched: Downloaded) -> None:
    digest = hashlib.sha256(fetched.data).hexdigest()
    extension = EXTENSIONS[fetched.kind]
    filename = f"{inbound.sid}-{item.media_index}.{extension}"
    key = f"users/{inbound.user_id}/{inbound.sid}/{item.media_index}-{digest[:16]}.{extension}"
    file_path, file_url = storage.storage_for(settings).put(key, fetched.data, fetched.content_type)
    try:
        _record_file(session, item, fetched, filename, file_path, file_url, digest)
    except StaleDataError as exc:
        # The media row vanished while we downloaded: its user was erased. Nothing will ever name this
        # file, so it goes now (the erasure already removed the user's folders, maybe before we wrote).
        session.rollback()
        storage.delete(settings, file_path)
        raise MessageGone() from exc


def _record_file(session: Session, item: Media, fetched: Downloaded, filename: str, file_path: str,
                 file_url: str, digest: str) -> None:
    item.filename = filename
    item.original_filename = fetched.original_filename
    item.file_path = file_path
    item.file_url = file_url
    item.file_size = len(fetched.data)
    item.content_type = fetched.content_type
    item.content_hash = digest
    item.status = MediaStatus.processing
    item.processing_metadata = {**(item.processing_metadata or {}), "declared_type": fetched.declared_type,
                                "downloaded_from": fetched.final_host}
    session.commit()  # an UPDATE of a deleted row raises StaleDataError
