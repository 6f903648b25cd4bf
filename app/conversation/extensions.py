"""Plugging the executors that need storage and signed links into the offline handler.

Call :func:`install` once at start-up (web, worker, CLI); it is idempotent.
"""
from __future__ import annotations

from app.conversation.accountant_pack import pack_reply
from app.conversation.erase import erase_reply
from app.conversation.export import export_reply
from app.conversation.handler import register
from app.conversation.monthly_report import report_reply
from app.conversation.report_schedule import subscription_reply


def install() -> None:
    register("export", export_reply)
    register("delete_my_data", erase_reply)
    register("monthly_report", report_reply)
    register("report_subscription", subscription_reply)
    register("accountant_pack", pack_reply)
