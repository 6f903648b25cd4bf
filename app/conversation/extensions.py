"""Plugging the executors that need storage and signed links into the offline handler.

Call :func:`install` once at start-up (web, worker, CLI); it is idempotent.
"""
from __future__ import annotations

from app.conversation.erase import erase_reply
from app.conversation.export import export_reply
from app.conversation.handler import register


def install() -> None:
    register("export", export_reply)
    register("delete_my_data", erase_reply)
