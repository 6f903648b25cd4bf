""""Delete my data": removing every row and stored file of one user, once they have confirmed.

The confirmation step lives in the handler: ``DeleteMyData`` stores a pending action with an expiry in
``conversations.state``; only a ``Confirm`` ("yes", "sí", "sim", "confirm") before it expires runs
:func:`erase_reply`, and anything else clears it. This module does the erasing.

Erasure is final, even against work racing it:

- The user's row is locked first (``FOR UPDATE``), so a webhook of this user storing a message at the same
  moment either committed before (its message is erased too) or waits and then finds the tombstones.
- Every inbound MessageSid of the user is tombstoned (``erased_message_sids``, SHA-256 only): a replayed or
  late retried webhook of an erased message stores nothing (``app/webhook/store.py`` checks).
- ``media`` rows are deleted with ``RETURNING file_path``: under READ COMMITTED the DELETE waits for a job
  that is recording a file it just stored and then returns that file too. Then the ``users`` row goes, and
  every foreign key to it cascades (conversations, messages, WhatsApp records, invoices, items, usage).
- The files: each returned path, then the user's whole folders (``users/<id>/``, ``exports/<id>/``) of the
  configured storage, which also catches a file a racing job wrote but has not recorded yet. A job that
  stores a file after this finds its ``media`` row gone and deletes the file itself
  (``app/tasks/process.py``); an export whose row cannot be inserted deletes its file
  (``app/conversation/export.py``). Empty folders are removed with the files.

Rows are deleted first, files only then, so a database error leaves files untouched; a storage error
propagates, the caller's transaction rolls back and the job retries the whole erasure (deleting an
already deleted file is not an error for either storage backend).

After the erasure the user, their conversation and the inbound message no longer exist. The objects are
detached from the session so the caller's later attribute writes (conversation state, ``processed_at``)
are not flushed against deleted rows. **The sending layer must send this reply without storing it**: it
has no user to belong to. The reply is marked with ``data["erased"] is True``; the phone number to send to
is the one the pipeline read from the inbound WhatsApp message before handling it
(``app.replies.send.Inbound.user_address``), because it cannot be looked up any more.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.config import Settings
from app.i18n.catalogue import text
from app.media import storage
from app.models import ErasedMessageSid, Invoice, Item, Media, Message, MessageRole, User, WhatsAppMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Erasure:
    user_existed: bool
    files_deleted: int


def erase_user_data(session: Session, settings: Settings, user_id: int) -> Erasure:
    """Delete the user's rows and files and tombstone their MessageSids. The caller commits (and must not
    send anything stored under this user afterwards)."""
    session.execute(select(User.id).where(User.id == user_id).with_for_update())
    tombstone_message_sids(session, user_id)
    file_paths = [path for path in session.scalars(
        delete(Media).where(Media.user_id == user_id).returning(Media.file_path)
        .execution_options(synchronize_session=False)) if path]
    _detach_user_objects(session, user_id)
    deleted = session.execute(delete(User).where(User.id == user_id).returning(User.id)).first()
    for path in file_paths:
        storage.delete(settings, path)
    for folder in user_folders(user_id):
        storage.delete_prefix(settings, folder)
    log.info("user data erased", extra={"files_deleted": len(file_paths)})
    return Erasure(user_existed=deleted is not None, files_deleted=len(file_paths))


def user_folders(user_id: int) -> tuple[str, ...]:
    """The storage folders that hold only this user's files (inbound documents, CSV exports)."""
    return (f"users/{user_id}", f"exports/{user_id}")


def tombstone_message_sids(session: Session, user_id: int) -> None:
    sid_hash = func.encode(func.sha256(func.convert_to(WhatsAppMessage.whatsapp_message_id, "UTF8")), "hex")
    inbound = (select(sid_hash).join(Message, Message.id == WhatsAppMessage.message_id)
               .where(Message.user_id == user_id, Message.role == MessageRole.user))
    session.execute(insert(ErasedMessageSid).from_select(["sid_hash"], inbound)
                    .on_conflict_do_nothing(index_elements=["sid_hash"]))


def _detach_user_objects(session: Session, user_id: int) -> None:
    """Forget loaded objects of the user without flushing their pending changes: the rows are about to
    disappear, and an UPDATE of a deleted row would fail the whole transaction."""
    invoice_ids = set(session.scalars(select(Invoice.id).where(Invoice.user_id == user_id)))
    message_ids = set(session.scalars(select(Message.id).where(Message.user_id == user_id)))
    for obj in list(session.identity_map.values()):
        if obj not in session:  # already gone with its parent (expunge cascades, e.g. invoice -> items)
            continue
        if (
            (isinstance(obj, User) and obj.id == user_id)
            or getattr(obj, "user_id", None) == user_id
            or (isinstance(obj, Item) and obj.invoice_id in invoice_ids)
            or (isinstance(obj, WhatsAppMessage) and obj.message_id in message_ids)
        ):
            session.expunge(obj)


def erase_reply(ctx: Any, _intent: Any = None) -> Any:
    """Executor for the handler's confirmed "delete my data" (``handler.register("delete_my_data",
    erase_reply)``)."""
    from app.domain.reply import Reply

    erasure = erase_user_data(ctx.session, ctx.settings, ctx.user_id)
    ctx.memory.clear()
    return Reply(text(ctx.language, "erased"),
                 data={"erased": True, "files_deleted": erasure.files_deleted})
