"""Fixtures for the bookkeeping features: users, invoices, the offline handler with its executors plugged in,
stored files (as in the conversation tests), and the pipeline with the fake OpenAI server."""
from __future__ import annotations

from tests.conversation.conftest import NOW, TODAY, conversation_for, make_invoice, make_user  # noqa: F401
from tests.conversation_actions.conftest import executors, say, store_file  # noqa: F401
from tests.end_to_end.test_with_openai import whatsapp_openai  # noqa: F401  (the pipeline with the fake OpenAI)
