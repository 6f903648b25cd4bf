"""The data model (see docs/data-model.md for how it differs from the original spec, and why).

Money and quantities are NUMERIC, never float; timestamps are timezone-aware with server defaults and
``updated_at`` is maintained by a database trigger, so it changes on every UPDATE whoever issues it.
Deleting a user cascades to every row of that user; deleting an invoice deletes its items and unlinks
its media.
"""
from __future__ import annotations

from app.models.audit import InvoiceEvent
from app.models.base import COST, CURRENCY_CHECK, MONEY, QUANTITY, UNIT_PRICE, Base
from app.models.budgets import Budget, BudgetAlert
from app.models.categories import CategoryRule, UserCategory
from app.models.invoices import Invoice, Item
from app.models.media import Media, MediaFileType, MediaStatus
from app.models.messages import Conversation, Message, MessageRole, WhatsAppMessage, WhatsAppStatus
from app.models.payments import Notification, NotificationStatus, PaymentStatus, ReminderSettings
from app.models.usage import ErasedMessageSid, Usage
from app.models.users import User

TABLES_WITH_UPDATED_AT = ("invoices", "items", "conversations", "whatsapp_messages", "media", "reminder_settings")

__all__ = [
    "COST",
    "CURRENCY_CHECK",
    "MONEY",
    "QUANTITY",
    "TABLES_WITH_UPDATED_AT",
    "UNIT_PRICE",
    "Base",
    "Budget",
    "BudgetAlert",
    "CategoryRule",
    "Conversation",
    "ErasedMessageSid",
    "Invoice",
    "InvoiceEvent",
    "Item",
    "Media",
    "MediaFileType",
    "MediaStatus",
    "Message",
    "MessageRole",
    "Notification",
    "NotificationStatus",
    "PaymentStatus",
    "ReminderSettings",
    "Usage",
    "User",
    "UserCategory",
    "WhatsAppMessage",
    "WhatsAppStatus",
]
