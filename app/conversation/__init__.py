"""Conversation: understanding users' questions and commands about their invoices, and answering them.

Domain logic only (no Flask). Entry point: :func:`handle_text`; building blocks for other layers (tool
calling, exports) are :mod:`.intents`, :mod:`.queries` and :mod:`.actions`, all scoped by user id.
"""
from app.conversation.handler import handle_text, register
from app.conversation.memory import remember_invoice
from app.domain.reply import Reply

__all__ = ["Reply", "handle_text", "register", "remember_invoice"]
