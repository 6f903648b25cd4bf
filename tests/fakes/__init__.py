"""Local servers that speak real third-party protocols, for tests that use the real clients."""
from tests.fakes.openai_server import FakeOpenAI, RecordedRequest

__all__ = ["FakeOpenAI", "RecordedRequest"]
