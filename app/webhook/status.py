"""Delivery status progression for messages we sent, applied monotonically.

Twilio posts status callbacks concurrently and out of order, so a late ``sent`` can arrive after ``read``.
Each status has a rank and an update only ever raises it, in one conditional UPDATE (no read-modify-write
race). ``failed``/``undelivered`` outrank ``sent`` but not ``delivered``/``read``: proof that the message
arrived wins over a report that it did not.
"""
from __future__ import annotations

import logging

from sqlalchemy import case, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import WhatsAppMessage, WhatsAppStatus
from app.replies.send import PENDING_PREFIX

log = logging.getLogger(__name__)

RANK: dict[WhatsAppStatus, int] = {
    WhatsAppStatus.received: 0,
    WhatsAppStatus.accepted: 1,
    WhatsAppStatus.queued: 2,
    WhatsAppStatus.sending: 3,
    WhatsAppStatus.sent: 4,
    WhatsAppStatus.failed: 5,
    WhatsAppStatus.undelivered: 5,
    WhatsAppStatus.delivered: 6,
    WhatsAppStatus.read: 7,
}
FAILED = {WhatsAppStatus.failed, WhatsAppStatus.undelivered}


def parse_status(value: str) -> WhatsAppStatus | None:
    """Twilio's status name, or None for statuses we do not track (``scheduled``, ``canceled``, ...)."""
    try:
        return WhatsAppStatus(value)
    except ValueError:
        return None


def link_reply(session: Session, reply_id: int, sid: str) -> bool:
    """Give the reply recorded as ``reply_id`` (the ``reply`` of its StatusCallback URL) Twilio's ``sid``
    if it is still waiting for one: the create's answer was lost, the callback tells us. The caller
    commits; True when a row changed."""
    try:
        with session.begin_nested():
            linked = session.execute(
                update(WhatsAppMessage)
                .where(WhatsAppMessage.id == reply_id,
                       WhatsAppMessage.whatsapp_message_id.startswith(PENDING_PREFIX),
                       WhatsAppMessage.status != WhatsAppStatus.failed)
                .values(whatsapp_message_id=sid)
                .returning(WhatsAppMessage.id)
                .execution_options(synchronize_session=False)
            ).first()
    except IntegrityError:  # the SID is already on a row (ours, adopted by a lookup): nothing to link
        return False
    if linked is not None:
        log.info("a reply's SID learnt from its status callback")
    return linked is not None


def apply_status(session: Session, sid: str, status: WhatsAppStatus, error_code: int | None = None) -> bool:
    """Move the message with Twilio SID ``sid`` forward to ``status``; True when a row changed.

    Unknown SIDs and backward moves change nothing. The caller commits.
    """
    current_rank = case(dict(RANK), value=WhatsAppMessage.status, else_=0)
    values: dict[str, WhatsAppStatus | int] = {"status": status}
    if status in FAILED and error_code is not None:
        values["error_code"] = error_code
    changed = session.execute(
        update(WhatsAppMessage)
        .where(WhatsAppMessage.whatsapp_message_id == sid,
               # inbound messages keep "received"; callbacks only concern what we sent
               WhatsAppMessage.status != WhatsAppStatus.received,
               current_rank < RANK[status])
        .values(**values)
        .returning(WhatsAppMessage.id)
        .execution_options(synchronize_session=False)
    ).first()
    return changed is not None
