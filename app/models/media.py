"""Files users sent: where they are stored and what reading them gave."""
from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, created, pg_enum, updated

if TYPE_CHECKING:
    from app.models.invoices import Invoice


class MediaFileType(str, enum.Enum):
    invoice = "invoice"
    receipt = "receipt"
    attachment = "attachment"
    other = "other"


class MediaStatus(str, enum.Enum):
    uploaded = "uploaded"
    processing = "processing"
    processed = "processed"
    failed = "failed"



class Media(Base):
    __tablename__ = "media"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="SET NULL"))
    # Extra: the inbound message the attachment came with, its position in it and Twilio's URL.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    media_index: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    source_url: Mapped[str | None] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(String(255))
    original_filename: Mapped[str | None] = mapped_column(String(255))
    file_path: Mapped[str | None] = mapped_column(Text)
    file_url: Mapped[str | None] = mapped_column(Text)
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    content_type: Mapped[str | None] = mapped_column(String(100))
    # Extra: SHA-256 of the stored bytes, to recognise the same file sent twice.
    content_hash: Mapped[str | None] = mapped_column(String(64))
    file_type: Mapped[MediaFileType] = mapped_column(
        pg_enum(MediaFileType, "media_file_type"), nullable=False, server_default="other"
    )
    status: Mapped[MediaStatus] = mapped_column(
        pg_enum(MediaStatus, "media_status"), nullable=False, server_default="uploaded"
    )
    ocr_text: Mapped[str | None] = mapped_column(Text)
    processing_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[dt.datetime] = created()
    updated_at: Mapped[dt.datetime] = updated()

    __table_args__ = (
        Index(None, "user_id"),
        Index(None, "invoice_id"),
        Index(None, "status"),
        Index(None, "user_id", "content_hash"),
        UniqueConstraint("message_id", "media_index"),
        CheckConstraint("file_size IS NULL OR file_size >= 0", name="file_size_non_negative"),
    )

    invoice: Mapped[Invoice | None] = relationship(back_populates="media")
