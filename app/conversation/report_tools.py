"""The OpenAI tools' side of the monthly report, its opt-in and the accountant pack
(:data:`app.conversation.tool_registry.TOOLS` names them): the same functions the offline handler runs.

The chart is attached to the reply (``ctx.media_urls``); the pack's link is written above the model's
answer (``ctx.scopes``), so the model never copies, alters or invents a link. Files stored here are listed
in ``ctx.stored_files`` so a rolled-back turn deletes them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.conversation import accountant_pack as packs
from app.conversation import monthly_report as reports
from app.conversation import report_schedule
from app.conversation.dates import Period
from app.i18n.catalogue import text

if TYPE_CHECKING:
    from app.conversation.tool_args import ReportSubscriptionArgs
    from app.conversation.tools import ToolContext


def monthly_report(ctx: ToolContext, period: Period | None) -> dict[str, Any]:
    if ctx.media_urls:
        return {"error": "already_attached", "detail": "one file per answer"}
    reply = reports.build_report(ctx.session, ctx.settings, ctx.user_id,
                                        period or reports.this_month(ctx.today), timezone=ctx.timezone,
                                        language=ctx.language, locale=ctx.locale, now=ctx.now)
    data = dict(reply.data or {})
    if path := data.pop("file_path", None):
        ctx.stored_files.append(path)
    ctx.media_urls.extend(reply.media_urls)
    return {**data, "chart_attached_to_reply": bool(reply.media_urls)}


def report_subscription(ctx: ToolContext, args: ReportSubscriptionArgs) -> dict[str, Any]:
    was_on = report_schedule.set_subscription(ctx.session, ctx.user_id, args.monthly, today=ctx.today, now=ctx.now)
    return {"ok": True, "monthly": args.monthly, "was_on": was_on,
            "note": "sent on the 1st of each month, for the month before" if args.monthly else "stopped"}


def accountant_pack(ctx: ToolContext, period: Period | None) -> dict[str, Any]:
    result = packs.create_pack(ctx.session, ctx.settings, ctx.user_id, period=period, timezone=ctx.timezone,
                               today=ctx.today, now=ctx.now)
    if result.link is not None:
        ctx.stored_files.append(result.link.file_path)
        ctx.scopes.append(text(ctx.language, "pack_link_line", url=result.link.url,
                               size=packs.megabytes(result.size, ctx.locale),
                               minutes=max(1, ctx.settings.export_link_ttl_seconds // 60)))
    return {**packs.pack_data(result, period), "link_added_to_reply": result.link is not None}
