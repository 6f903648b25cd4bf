"""Fixtures for export, erasure and model-driven conversation tests.

Users, invoices and conversations come from the conversation tests' helpers; the fake OpenAI server from
``tests/fakes``.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conversation.conftest import NOW, TODAY, conversation_for, make_invoice, make_user  # noqa: F401
from tests.fakes.openai_fixture import fake_openai  # noqa: F401


@pytest.fixture
def executors():
    """The export and erase executors plugged into the offline handler, as at start-up."""
    from app.conversation.extensions import install

    install()


@pytest.fixture
def store_file(settings):
    """Put bytes in media storage as the pipeline does; returns the stored path."""
    from app.media import storage

    def put(key: str, data: bytes = b"%PDF-1.4 fake", content_type: str = "application/pdf") -> str:
        file_path, _ = storage.storage_for(settings).put(key, data, content_type)
        return file_path

    return put


@pytest.fixture
def say(db_session, conversation_for, settings, executors):  # noqa: F811
    """One message to the offline handler as ``user`` (reusing their conversation)."""
    from app.conversation import handle_text

    conversations = {}

    def send(user, text: str, now: dt.datetime = NOW):
        conversation = conversations.get(user.id) or conversations.setdefault(user.id, conversation_for(user))
        return handle_text(db_session, user=user, conversation=conversation, text=text, now=now, settings=settings)

    return send


def media_dir(settings) -> Path:
    return Path(settings.media_storage)
