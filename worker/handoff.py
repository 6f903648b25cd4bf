"""The seam between the WhatsApp pipeline and the product's brains.

The pipeline calls exactly these two functions and sends whatever :class:`Reply` they return; they never
send or store messages themselves. Until extraction and conversation are wired in, a document is
acknowledged and text gets the help message. The caller commits the session.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from app.config import Settings
from app.conversation.reply import Reply
from app.models import Media, Message

HELP = (
    "Hi! I keep your invoices and receipts.\n"
    "• Send a photo of a receipt or forward an invoice PDF and I'll read it.\n"
    "• Then ask things like \"how much did I spend on fuel in March?\" or \"show my last 5 invoices\"."
)


def handle_document(session: Session, media: Media, settings: Settings) -> Reply:
    """A stored attachment (``media.file_path`` set, status ``processing``) to read as an invoice."""
    kind = "PDF" if media.content_type == "application/pdf" else "photo"
    return Reply(body=f"Got your {kind}, thanks! I'll read it and send you the summary.",
                 intent="document_received")


def handle_text(session: Session, message: Message, settings: Settings) -> Reply:
    """A text message from the user (``message.content``), to understand and answer."""
    return Reply(body=HELP, intent="help")
