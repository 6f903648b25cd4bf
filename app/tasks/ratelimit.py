"""Per-user inbound rate limit, decided from the stored messages themselves.

A message is *throttled* when, counting it, the user sent more than ``RATE_LIMIT_MESSAGES`` messages in
the ``RATE_LIMIT_WINDOW_SECONDS`` before it. The decision depends only on stored rows, so it is the same
on every retry, in any worker, in any order, and works while Redis was down. A flood gets one polite
notice: on its first throttled message (the one whose predecessor was not throttled).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Message, MessageRole


def _count_before(session: Session, user_id: int, message_id: int, created_at: dt.datetime,
                  window_seconds: int) -> int:
    return session.execute(
        select(func.count()).select_from(Message).where(
            Message.user_id == user_id, Message.role == MessageRole.user, Message.id <= message_id,
            Message.created_at > created_at - dt.timedelta(seconds=window_seconds),
        )
    ).scalar_one()


def _is_throttled(session: Session, message: Message, limit: int, window_seconds: int) -> bool:
    return _count_before(session, message.user_id, message.id, message.created_at, window_seconds) > limit


def check(session: Session, message: Message, limit: int, window_seconds: int) -> tuple[bool, bool]:
    """``(throttled, send_notice)`` for an inbound message."""
    if not _is_throttled(session, message, limit, window_seconds):
        return False, False
    previous = session.scalars(
        select(Message).where(Message.user_id == message.user_id, Message.role == MessageRole.user,
                              Message.id < message.id)
        .order_by(Message.id.desc()).limit(1)
    ).first()
    notice = previous is None or not _is_throttled(session, previous, limit, window_seconds)
    return True, notice
