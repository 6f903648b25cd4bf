""""Delete my data": removing every row and stored file of one user, once they have confirmed.

The confirmation step lives in the handler: ``DeleteMyData`` stores a pending action with an expiry in
``conversations.state``; only a ``Confirm`` ("yes", "sí", "sim", "confirm") before it expires runs
:func:`erase_reply`, and anything else clears it. This module does the erasing.

Rows go with the ``users`` row (every foreign key to it cascades: conversations, messages, WhatsApp
records, invoices, items, media, usage). Stored files are every ``media.file_path`` of the user, inbound
documents and CSV exports alike. Rows are deleted first, so a database error leaves files untouched; a
storage error then propagates, the caller's transaction rolls back and the job retries the whole erasure
(deleting an already deleted file is not an error for either storage backend).

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
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.media import storage
from app.models import Invoice, Item, Media, Message, User, WhatsAppMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Erasure:
    user_existed: bool
    files_deleted: int


def erase_user_data(session: Session, settings: Settings, user_id: int) -> Erasure:
    """Delete the user's rows and files. The caller commits (and must not send anything stored under
    this user afterwards)."""
    file_paths = [path for path in session.scalars(
        select(Media.file_path).where(Media.user_id == user_id, Media.file_path.is_not(None))
    ) if path is not None]
    _detach_user_objects(session, user_id)
    # A DELETE without RETURNING runs on a cursor; Session.execute is only annotated as returning Result.
    deleted = cast("CursorResult[Any]", session.execute(delete(User).where(User.id == user_id)))
    for path in file_paths:
        storage.delete(settings, path)
    log.info("user data erased", extra={"files_deleted": len(file_paths)})
    return Erasure(user_existed=bool(deleted.rowcount), files_deleted=len(file_paths))


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
    from app.i18n.catalogue import text

    erasure = erase_user_data(ctx.session, ctx.settings, ctx.user_id)
    ctx.memory.clear()
    return Reply(text(ctx.language, "erased"),
                 data={"erased": True, "files_deleted": erasure.files_deleted})
