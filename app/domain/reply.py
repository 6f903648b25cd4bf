"""What the conversation hands back to the pipeline: the text to send, and anything to attach."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reply:
    body: str
    media_urls: list[str] = field(default_factory=list)
    # What was understood and the structured result behind the text (JSON-safe), for logs, tools and
    # tests that check an answer without reading prose.
    intent: str = "unknown"
    data: dict[str, Any] | None = None
    language: str = "en"
