"""The ``fake_openai`` pytest fixture. Use it from any conftest with
``from tests.fakes.openai_fixture import fake_openai  # noqa: F401`` or as a plugin:
``pytest_plugins = ["tests.fakes.openai_fixture"]`` in the root conftest."""
from __future__ import annotations

import pytest

from tests.fakes.openai_server import FakeOpenAI


@pytest.fixture
def fake_openai():
    """A running fake OpenAI server; answers are scripted with ``push_*`` (see ``FakeOpenAI``)."""
    with FakeOpenAI() as server:
        yield server
