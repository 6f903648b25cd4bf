"""The fixed set of tools a model may call, each bound in code to the asking user.

A model's tool call is untrusted input, like a message: its name must be one of :data:`TOOLS`, its
arguments must validate against that tool's pydantic model (unknown fields are refused, so an argument
such as ``user_id`` is an error, not a filter), and every tool runs the user-scoped queries and actions
with the user id from :class:`ToolContext`, which no argument can change. Invoice references are the
user's own ``#N`` numbers, resolved among that user's invoices only. Failures come back to the model as
``{"error": ...}`` results it can read, never as exceptions.

Results are JSON-safe dicts (amounts as decimal strings with their currency). Text that came from
documents (vendor names, item descriptions) is passed as data, cleaned of control characters and cut short.
Tools that touch a single invoice make it what "it" means next (``last_invoice_seq`` in the conversation
memory, shared with the offline handler).
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app.config import Settings
from app.conversation import actions, currency_tools, export, queries
from app.conversation.answers import heading, invoices_label, scope
from app.conversation.dates import Period, parse_period
from app.conversation.intents import LAST, InvoiceRef
from app.conversation.tool_args import (
    BiggestArgs,
    CompareArgs,
    CorrectArgs,
    ExportArgs,
    ListArgs,
    NoArgs,
    PeriodArgs,
    RefArgs,
    SpendingArgs,
    TaxArgs,
    TopVendorsArgs,
)
from app.conversation.tool_scope import ToolError, of_the_kind_said, one_vendor, query_vendors, unread_left
from app.invoices.purge import undo_cutoff

MAX_ARGUMENT_CHARS = 4000
MAX_RESULT_CHARS = 12_000
MAX_ITEMS_IN_RESULT = 30
MAX_TEXT_IN_RESULT = 120
EARLIEST = dt.date(1990, 1, 1)


@dataclass
class ToolContext:
    """Who is asking and where; ``user_id`` is the only user any tool reads or changes."""

    session: Session
    user_id: int
    settings: Settings
    timezone: str
    today: dt.date
    now: dt.datetime
    day_first: bool
    memory: dict[str, Any]
    language: str = "en"
    locale: str = "en"
    scopes: list[str] = field(default_factory=list)  # what each answer covered, stated above the reply
    media_urls: list[str] = field(default_factory=list)  # exports to attach to the reply
    stored_files: list[str] = field(default_factory=list)  # to delete if the turn is rolled back
    used: list[str] = field(default_factory=list)
    unread: tuple[str, ...] = ()  # words of the question the parser could not read (tool_scope.unread_left)
    said: str = ""  # the question itself: the kind it names within a category (tool_scope.of_the_kind_said)


# --- helpers --------------------------------------------------------------------------------------------

def period_of(ctx: ToolContext, args: PeriodArgs) -> Period | None:
    if args.date_from or args.date_to:
        start = args.date_from or EARLIEST
        end = (args.date_to or ctx.today) + dt.timedelta(days=1)
        if end <= start:
            raise ToolError("invalid_period", "the period ends before it starts")
        return Period(start=start, end=end)
    if args.period:
        period = parse_period(args.period, ctx.today, day_first=ctx.day_first)
        if period is None:
            raise ToolError("invalid_period", "period not understood; use date_from/date_to (YYYY-MM-DD)")
        return period
    return None


def ref_of(value: str) -> InvoiceRef:
    """A tool's invoice argument ("#5", "5", "last", "it") as a reference among the user's invoices."""
    if value == "last":
        return LAST
    if value == "it":
        return InvoiceRef(kind="it")
    return InvoiceRef.seq(int(value.lstrip("#")))


def _period_json(period: Period | None) -> dict[str, str] | None:
    return None if period is None else {"from": period.start.isoformat(), "to": period.last_day.isoformat()}


def data(value: Any) -> Any:
    """JSON data with every document- or user-typed string cleaned and cut short."""
    if isinstance(value, str):
        printable = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in value)
        printable = " ".join(printable.split())
        return printable if len(printable) <= MAX_TEXT_IN_RESULT else printable[: MAX_TEXT_IN_RESULT - 1] + "…"
    if isinstance(value, list):
        return [data(v) for v in value]
    if isinstance(value, dict):
        return {k: data(v) for k, v in value.items()}
    return value


def _invoice(view: queries.InvoiceView) -> dict[str, Any]:
    data = view.model_dump(mode="json")
    if len(view.items) > MAX_ITEMS_IN_RESULT:
        data["items"] = data["items"][:MAX_ITEMS_IN_RESULT]
        data["items_not_shown"] = len(view.items) - MAX_ITEMS_IN_RESULT
    return data


def _scope(ctx: ToolContext, period: Period | None, *, vendors: list[str] | None = None, said: str | None = None,
           category: str | None = None, currency: str | None = None, count: int | None = None,
           left_out: list[str] | None = None) -> str:
    """The same scope line the offline answers start with ("*May 2025 · Shell · 3 invoices*"), built from
    what the tool really ran, kept for the reply and given to the model."""
    parts = scope(period, vendors or [], said, category, ctx.locale, ctx.language, currency, left_out)
    if count is not None:
        parts.append(invoices_label(count, ctx.language, ctx.locale))
    line = heading(parts).strip()
    if line and line not in ctx.scopes:
        ctx.scopes.append(line)
    return line


def _remember(ctx: ToolContext, seq: int | None) -> None:
    if seq is not None:
        ctx.memory["last_invoice_seq"] = seq


# --- the tools ------------------------------------------------------------------------------------------

def spending_summary(ctx: ToolContext, args: SpendingArgs) -> dict[str, Any]:
    args = of_the_kind_said(ctx.session, ctx.user_id, ctx.said, args)
    period = period_of(ctx, args)
    if args.convert_to and args.metric == "count":  # a count has nothing to convert: the invoices in it
        args = args.model_copy(update={"currency": args.convert_to, "convert_to": None})
    if args.convert_to:
        unread_left(ctx.unread, *args.named(), args.category, args.period)
        return currency_tools.converted_spending(ctx, period, metric=args.metric, vendor=one_vendor(args),
                                                 category=args.category, currency=args.currency, target=args.convert_to)
    left_out = tuple(args.except_vendors or ())
    result = queries.spending(ctx.session, ctx.user_id, period=period, **query_vendors(args), category=args.category,
                              currency=args.currency, timezone=ctx.timezone, except_vendors=left_out,
                              except_currency=args.except_currency)
    if not result.unmatched:  # a name that matched nothing is refused as such first
        unread_left(ctx.unread, *args.named(), *left_out, args.category, args.period)
    line = "" if result.unmatched else _scope(ctx, period, vendors=result.vendors, category=args.category,
                                              currency=args.currency, count=sum(c.count for c in result.by_currency),
                                              left_out=[*result.left_out, *([args.except_currency] if args.except_currency else [])])
    # The name the model asked about is not echoed back: only whether it matched, and the user's own suggestions.
    found = result.model_dump(mode="json", exclude={"unmatched_name"})
    return {"metric": args.metric, "period": _period_json(period), **found, "scope": line,
            "note": "one entry per currency; never add amounts of different currencies. When 'unmatched' is set, "
                    "nothing matched that name: say so, offer the suggestions, and give no other total."}


def compare_spending(ctx: ToolContext, args: CompareArgs) -> dict[str, Any]:
    args = of_the_kind_said(ctx.session, ctx.user_id, ctx.said, args)
    periods = []
    for said in (args.period, args.other_period):
        period = parse_period(said, ctx.today, day_first=ctx.day_first)
        if period is None:
            raise ToolError("invalid_period", "a period was not understood; say e.g. \"March 2025\"")
        periods.append(period)
    if args.convert_to:
        unread_left(ctx.unread, *args.named(), args.category, args.period, args.other_period)
        return currency_tools.converted_compare(ctx, periods, metric=args.metric, vendor=one_vendor(args),
                                                category=args.category, currency=args.currency, target=args.convert_to)
    results = [queries.spending(ctx.session, ctx.user_id, period=period, **query_vendors(args),
                                category=args.category, currency=args.currency, timezone=ctx.timezone)
               for period in periods]
    if not any(result.unmatched for result in results):
        unread_left(ctx.unread, *args.named(), args.category, args.period, args.other_period)
    for period, result in zip(periods, results, strict=True):
        if not result.unmatched:
            _scope(ctx, period, vendors=result.vendors, category=args.category, currency=args.currency,
                   count=sum(c.count for c in result.by_currency))
    return {"metric": args.metric,
            "periods": [{"period": _period_json(period), **result.model_dump(mode="json", exclude={"unmatched_name"})}
                        for period, result in zip(periods, results, strict=True)],
            "note": "one entry per currency in each period; compare a currency only with itself"}


def tax_paid(ctx: ToolContext, args: TaxArgs) -> dict[str, Any]:
    return spending_summary(ctx, SpendingArgs(metric="tax", period=args.period, date_from=args.date_from,
                                              date_to=args.date_to, vendor=args.vendor, vendors=args.vendors,
                                              convert_to=args.convert_to))


def list_invoices(ctx: ToolContext, args: ListArgs) -> dict[str, Any]:
    args = of_the_kind_said(ctx.session, ctx.user_id, ctx.said, args)
    period = period_of(ctx, args)
    result = queries.list_invoices(ctx.session, ctx.user_id, limit=args.limit, **query_vendors(args), period=period,
                                   category=args.category, timezone=ctx.timezone, currency=args.currency)
    if not result.unmatched:
        _scope(ctx, period, vendors=result.vendors, category=args.category, currency=args.currency,
               count=result.matching)
    seqs = [inv.seq for inv in result.invoices]
    ctx.memory["listed_seqs"] = seqs
    if len(seqs) == 1:
        _remember(ctx, seqs[0])
    return {"period": _period_json(period), **result.model_dump(mode="json")}


def show_invoice(ctx: ToolContext, args: RefArgs) -> dict[str, Any]:
    found = queries.show_invoice(ctx.session, ctx.user_id, ref_of(args.invoice), ctx.memory)
    if found is None:
        raise ToolError("not_found", "no such invoice for this user")
    _remember(ctx, found.seq)
    return {"invoice": _invoice(found)}


def top_vendors(ctx: ToolContext, args: TopVendorsArgs) -> dict[str, Any]:
    period = period_of(ctx, args)
    unread_left(ctx.unread, args.category, args.period)
    if args.convert_to:
        return currency_tools.converted_top_vendors(ctx, period, limit=args.limit, category=args.category,
                                                    target=args.convert_to)
    rows = queries.top_vendors(ctx.session, ctx.user_id, period=period, limit=args.limit, category=args.category,
                               timezone=ctx.timezone)
    _scope(ctx, period, category=args.category)
    return {"period": _period_json(period), "vendors": [r.model_dump(mode="json") for r in rows],
            "note": "ranked separately per currency"}


def biggest_invoice(ctx: ToolContext, args: BiggestArgs) -> dict[str, Any]:
    period = period_of(ctx, args)
    unread_left(ctx.unread, args.vendor, args.category, args.period)
    rows = queries.biggest_invoices(ctx.session, ctx.user_id, period=period, vendor=args.vendor,
                                    category=args.category, timezone=ctx.timezone, smallest=args.smallest)
    if rows:
        _scope(ctx, period, vendors=sorted({r.vendor for r in rows if r.vendor})[:3] if args.vendor else [],
               category=args.category)
    if len(rows) == 1:
        _remember(ctx, rows[0].seq)
    return {"period": _period_json(period), "biggest_per_currency": [r.model_dump(mode="json") for r in rows]}


def _action(ctx: ToolContext, result: actions.ActionResult) -> dict[str, Any]:
    if result.invoice is not None:
        _remember(ctx, result.invoice.seq)
    return result.model_dump(mode="json")


def correct_field(ctx: ToolContext, args: CorrectArgs) -> dict[str, Any]:
    # A category correction also teaches a rule for the vendor (``learned_vendor`` in the result).
    return _action(ctx, actions.correct_field(ctx.session, ctx.user_id, ref_of(args.invoice), args.field, args.value,
                                              today=ctx.today, memory=ctx.memory, day_first=ctx.day_first))


def delete_invoice(ctx: ToolContext, args: RefArgs) -> dict[str, Any]:
    result = _action(ctx, actions.delete_invoice(ctx.session, ctx.user_id, ref_of(args.invoice), now=ctx.now,
                                                 memory=ctx.memory))
    return {**result, "note": "soft delete; undo_delete brings it back"} if result.get("ok") else result


def undo_delete(ctx: ToolContext, _: NoArgs) -> dict[str, Any]:
    return _action(ctx, actions.undo_delete(ctx.session, ctx.user_id,
                                            deleted_since=undo_cutoff(ctx.settings, ctx.now)))


def keep_duplicate(ctx: ToolContext, args: RefArgs) -> dict[str, Any]:
    return _action(ctx, actions.keep_duplicate(ctx.session, ctx.user_id, ref_of(args.invoice), memory=ctx.memory))


def export_csv(ctx: ToolContext, args: ExportArgs) -> dict[str, Any]:
    period = period_of(ctx, args)
    if not ctx.settings.public_base_url:
        raise ToolError("unavailable", "exports are not configured")
    if ctx.media_urls:
        raise ToolError("already_attached", "one export per answer")
    built = export.build_csv(ctx.session, ctx.user_id, period=period, timezone=ctx.timezone, today=ctx.today)
    if built.invoices == 0:
        return {"ok": False, "problem": "no invoices in that period", "period": _period_json(period)}
    link = export.store_export(ctx.session, ctx.settings, ctx.user_id, built, now=ctx.now)
    ctx.stored_files.append(link.file_path)
    ctx.media_urls.append(link.url)
    # The link itself stays out of the model's context: the reply carries it as an attachment.
    return {"ok": True, "attached_to_reply": True, "filename": link.filename, "invoices": link.invoices,
            "totals": {cur: export.plain_amount(v, cur) for cur, v in link.totals.items()}, "period": _period_json(period),
            "link_valid_minutes": ctx.settings.export_link_ttl_seconds // 60}
