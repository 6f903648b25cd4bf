"""Fixtures for the bookkeeping features (monthly report, accountant pack): users, invoices, the offline
handler with its executors plugged in, stored files, as in the conversation tests."""
from __future__ import annotations

from tests.conversation.conftest import NOW, TODAY, conversation_for, make_invoice, make_user  # noqa: F401
from tests.conversation_actions.conftest import executors, say, store_file  # noqa: F401
