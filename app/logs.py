"""JSON logs that carry the MessageSid through web and worker (via a context variable)."""
from __future__ import annotations

import contextvars
import logging
import sys
from typing import TYPE_CHECKING

from pythonjsonlogger.json import JsonFormatter

if TYPE_CHECKING:
    from app.config import Settings

message_sid_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("message_sid", default=None)


class _ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.message_sid = message_sid_var.get()
        return True


def configure_logging(settings: Settings) -> None:
    root = logging.getLogger()
    if getattr(root, "_invoice_assistant_configured", False):
        return
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_json:
        handler.setFormatter(JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(message_sid)s",
            rename_fields={"levelname": "level", "asctime": "time"},
        ))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(message_sid)s] %(message)s"))
    handler.addFilter(_ContextFilter())
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    root._invoice_assistant_configured = True  # type: ignore[attr-defined]
