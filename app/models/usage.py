"""LLM usage per user, and the tombstones that outlive an erased user."""
from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import COST, Base, created


class ErasedMessageSid(Base):
    """A tombstone per inbound MessageSid of an erased user, so a replayed webhook stores nothing.

    Only the SHA-256 of the SID is kept: nothing here says who the user was or what they sent.
    """

    __tablename__ = "erased_message_sids"

    sid_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[dt.datetime] = created()

    @staticmethod
    def hash(message_sid: str) -> str:
        """Lower-case hex SHA-256 of the SID's UTF-8 bytes (what ``encode(sha256(...), 'hex')`` gives)."""
        return hashlib.sha256(message_sid.encode()).hexdigest()


class Usage(Base):
    __tablename__ = "usage"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    tokens_in: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    tokens_out: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    usage_type: Mapped[str] = mapped_column(String(32), nullable=False)
    model_name: Mapped[str | None] = mapped_column(String(100))
    cost: Mapped[Decimal | None] = mapped_column(COST)
    created_at: Mapped[dt.datetime] = created()

    __table_args__ = (
        Index(None, "user_id"),
        Index(None, "created_at"),
        CheckConstraint("tokens_in >= 0 AND tokens_out >= 0", name="tokens_non_negative"),
        CheckConstraint("cost IS NULL OR cost >= 0", name="cost_non_negative"),
    )
