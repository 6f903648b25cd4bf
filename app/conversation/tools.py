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
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from openai.types.chat import ChatCompletionFunctionToolParam
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy.orm import Session

from app.config import Settings
from app.conversation import actions, export, queries
from app.conversation.dates import Period, parse_period
from app.conversation.intents import LAST, InvoiceRef
from app.domain.categories import CATEGORIES

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
    media_urls: list[str] = field(default_factory=list)  # exports to attach to the reply
    stored_files: list[str] = field(default_factory=list)  # to delete if the turn is rolled back
    used: list[str] = field(default_factory=list)


# --- arguments ------------------------------------------------------------------------------------------

class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_REF_PATTERN = r"^(#?[1-9][0-9]{0,6}|last|it)$"
_REF_HELP = ('Which of the user\'s invoices: "#12" (their own invoice number as shown to them), "last" (the '
             'most recently sent) or "it" (the invoice discussed last).')


class _PeriodArgs(_Args):
    period: str | None = Field(None, max_length=80, description=(
        'The period in the user\'s words, e.g. "last month", "March 2025", "this week", "2024", "today". '
        "Leave empty for all time, or use date_from/date_to instead."))
    date_from: dt.date | None = Field(None, description="First day included (YYYY-MM-DD).")
    date_to: dt.date | None = Field(None, description="Last day included (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _one_way(self) -> _PeriodArgs:
        if self.period and (self.date_from or self.date_to):
            raise ValueError("give either period or date_from/date_to, not both")
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValueError("date_to is before date_from")
        return self


_CATEGORY_HELP = ("A spending category: " + ", ".join(CATEGORIES) + " (or the user's word for one in any "
                  "language, e.g. \"combustível\").")


_METRIC_HELP = ('"net" is the amount before tax (subtotal, else total minus tax; invoices showing neither are '
                'left out and counted apart).')


class SpendingArgs(_PeriodArgs):
    metric: Literal["total", "count", "average", "tax", "net"] = Field("total", description=_METRIC_HELP)
    vendor: str | None = Field(None, max_length=255)
    category: str | None = Field(None, max_length=100, description=_CATEGORY_HELP)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")


class TaxArgs(_PeriodArgs):
    vendor: str | None = Field(None, max_length=255)


class ListArgs(_PeriodArgs):
    limit: int = Field(5, ge=1, le=20)
    vendor: str | None = Field(None, max_length=255)
    category: str | None = Field(None, max_length=100, description=_CATEGORY_HELP)


class TopVendorsArgs(_PeriodArgs):
    limit: int = Field(5, ge=1, le=10)
    category: str | None = Field(None, max_length=100, description=_CATEGORY_HELP)


class BiggestArgs(_PeriodArgs):
    vendor: str | None = Field(None, max_length=255)
    category: str | None = Field(None, max_length=100, description=_CATEGORY_HELP)


class CompareArgs(_Args):
    period: str = Field(max_length=80, description='The first period in the user\'s words, e.g. "March 2025", '
                                                    '"this month".')
    other_period: str = Field(max_length=80, description='The period to compare it with, e.g. "last month".')
    metric: Literal["total", "count", "average", "tax", "net"] = Field("total", description=_METRIC_HELP)
    vendor: str | None = Field(None, max_length=255)
    category: str | None = Field(None, max_length=100, description=_CATEGORY_HELP)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")


class RefArgs(_Args):
    invoice: str = Field(pattern=_REF_PATTERN, description=_REF_HELP)


class CorrectArgs(RefArgs):
    field: Literal["vendor", "total", "tax", "date", "number", "currency", "category"]
    value: str = Field(min_length=1, max_length=255, description='The new value as the user gave it, e.g. "45.10", '
                                                                  '"Shell", "2025-03-04", "EUR", "fuel".')


class NoArgs(_Args):
    pass


class ExportArgs(_PeriodArgs):
    pass


class _ToolError(Exception):
    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail


# --- helpers --------------------------------------------------------------------------------------------

def _period(ctx: ToolContext, args: _PeriodArgs) -> Period | None:
    if args.date_from or args.date_to:
        start = args.date_from or EARLIEST
        end = (args.date_to or ctx.today) + dt.timedelta(days=1)
        if end <= start:
            raise _ToolError("invalid_period", "the period ends before it starts")
        return Period(start=start, end=end)
    if args.period:
        period = parse_period(args.period, ctx.today, day_first=ctx.day_first)
        if period is None:
            raise _ToolError("invalid_period", "period not understood; use date_from/date_to (YYYY-MM-DD)")
        return period
    return None


def _ref(value: str) -> InvoiceRef:
    if value == "last":
        return LAST
    if value == "it":
        return InvoiceRef(kind="it")
    return InvoiceRef.seq(int(value.lstrip("#")))


def _period_json(period: Period | None) -> dict[str, str] | None:
    return None if period is None else {"from": period.start.isoformat(), "to": period.last_day.isoformat()}


def _data(value: Any) -> Any:
    """JSON data with every document- or user-typed string cleaned and cut short."""
    if isinstance(value, str):
        printable = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in value)
        printable = " ".join(printable.split())
        return printable if len(printable) <= MAX_TEXT_IN_RESULT else printable[: MAX_TEXT_IN_RESULT - 1] + "…"
    if isinstance(value, list):
        return [_data(v) for v in value]
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    return value


def _invoice(view: queries.InvoiceView) -> dict[str, Any]:
    data = view.model_dump(mode="json")
    if len(view.items) > MAX_ITEMS_IN_RESULT:
        data["items"] = data["items"][:MAX_ITEMS_IN_RESULT]
        data["items_not_shown"] = len(view.items) - MAX_ITEMS_IN_RESULT
    return data


def _remember(ctx: ToolContext, seq: int | None) -> None:
    if seq is not None:
        ctx.memory["last_invoice_seq"] = seq


# --- the tools ------------------------------------------------------------------------------------------

def spending_summary(ctx: ToolContext, args: SpendingArgs) -> dict[str, Any]:
    period = _period(ctx, args)
    result = queries.spending(ctx.session, ctx.user_id, period=period, vendor=args.vendor, category=args.category,
                              currency=args.currency, timezone=ctx.timezone)
    return {"metric": args.metric, "period": _period_json(period), **result.model_dump(mode="json"),
            "note": "one entry per currency; never add amounts of different currencies"}


def compare_spending(ctx: ToolContext, args: CompareArgs) -> dict[str, Any]:
    periods = []
    for said in (args.period, args.other_period):
        period = parse_period(said, ctx.today, day_first=ctx.day_first)
        if period is None:
            raise _ToolError("invalid_period", "a period was not understood; say e.g. \"March 2025\"")
        periods.append(period)
    results = [queries.spending(ctx.session, ctx.user_id, period=period, vendor=args.vendor,
                                category=args.category, currency=args.currency, timezone=ctx.timezone)
               for period in periods]
    return {"metric": args.metric,
            "periods": [{"period": _period_json(period), **result.model_dump(mode="json")}
                        for period, result in zip(periods, results, strict=True)],
            "note": "one entry per currency in each period; compare a currency only with itself"}


def tax_paid(ctx: ToolContext, args: TaxArgs) -> dict[str, Any]:
    return spending_summary(ctx, SpendingArgs(metric="tax", period=args.period, date_from=args.date_from,
                                              date_to=args.date_to, vendor=args.vendor))


def list_invoices(ctx: ToolContext, args: ListArgs) -> dict[str, Any]:
    period = _period(ctx, args)
    result = queries.list_invoices(ctx.session, ctx.user_id, limit=args.limit, vendor=args.vendor, period=period,
                                   category=args.category, timezone=ctx.timezone)
    seqs = [inv.seq for inv in result.invoices]
    ctx.memory["listed_seqs"] = seqs
    if len(seqs) == 1:
        _remember(ctx, seqs[0])
    return {"period": _period_json(period), **result.model_dump(mode="json")}


def show_invoice(ctx: ToolContext, args: RefArgs) -> dict[str, Any]:
    found = queries.show_invoice(ctx.session, ctx.user_id, _ref(args.invoice), ctx.memory)
    if found is None:
        raise _ToolError("not_found", "no such invoice for this user")
    _remember(ctx, found.seq)
    return {"invoice": _invoice(found)}


def top_vendors(ctx: ToolContext, args: TopVendorsArgs) -> dict[str, Any]:
    period = _period(ctx, args)
    rows = queries.top_vendors(ctx.session, ctx.user_id, period=period, limit=args.limit, category=args.category,
                               timezone=ctx.timezone)
    return {"period": _period_json(period), "vendors": [r.model_dump(mode="json") for r in rows],
            "note": "ranked separately per currency"}


def biggest_invoice(ctx: ToolContext, args: BiggestArgs) -> dict[str, Any]:
    period = _period(ctx, args)
    rows = queries.biggest_invoices(ctx.session, ctx.user_id, period=period, vendor=args.vendor,
                                    category=args.category, timezone=ctx.timezone)
    if len(rows) == 1:
        _remember(ctx, rows[0].seq)
    return {"period": _period_json(period), "biggest_per_currency": [r.model_dump(mode="json") for r in rows]}


def _action(ctx: ToolContext, result: actions.ActionResult) -> dict[str, Any]:
    if result.invoice is not None:
        _remember(ctx, result.invoice.seq)
    return result.model_dump(mode="json")


def correct_field(ctx: ToolContext, args: CorrectArgs) -> dict[str, Any]:
    return _action(ctx, actions.correct_field(ctx.session, ctx.user_id, _ref(args.invoice), args.field, args.value,
                                              today=ctx.today, memory=ctx.memory, day_first=ctx.day_first))


def delete_invoice(ctx: ToolContext, args: RefArgs) -> dict[str, Any]:
    result = _action(ctx, actions.delete_invoice(ctx.session, ctx.user_id, _ref(args.invoice), now=ctx.now,
                                                 memory=ctx.memory))
    return {**result, "note": "soft delete; undo_delete brings it back"} if result.get("ok") else result


def undo_delete(ctx: ToolContext, _: NoArgs) -> dict[str, Any]:
    return _action(ctx, actions.undo_delete(ctx.session, ctx.user_id))


def keep_duplicate(ctx: ToolContext, args: RefArgs) -> dict[str, Any]:
    return _action(ctx, actions.keep_duplicate(ctx.session, ctx.user_id, _ref(args.invoice), memory=ctx.memory))


def export_csv(ctx: ToolContext, args: ExportArgs) -> dict[str, Any]:
    period = _period(ctx, args)
    if not ctx.settings.public_base_url:
        raise _ToolError("unavailable", "exports are not configured")
    if ctx.media_urls:
        raise _ToolError("already_attached", "one export per answer")
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


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    arguments: type[_Args]
    run: Callable[[ToolContext, Any], dict[str, Any]]

    def spec(self) -> ChatCompletionFunctionToolParam:
        schema = self.arguments.model_json_schema()
        schema.pop("title", None)
        return {"type": "function", "function": {"name": self.name, "description": self.description,
                                                 "parameters": schema}}


TOOLS: dict[str, Tool] = {tool.name: tool for tool in (
    Tool("spending_summary", "Total, count, average or tax of the user's invoices, per currency, optionally "
         "for a period, a vendor, an item category or a currency.", SpendingArgs, spending_summary),
    Tool("compare_spending", "The same measure (total, count, average, tax or net) over two periods, per "
         "currency, optionally for a vendor, category or currency.", CompareArgs, compare_spending),
    Tool("tax_paid", "Tax paid on the user's invoices, per currency, optionally for a period or vendor.",
         TaxArgs, tax_paid),
    Tool("list_invoices", "The user's most recent invoices (newest first), optionally from a vendor, with an "
         "item category or in a period.", ListArgs, list_invoices),
    Tool("show_invoice", "Header and items of one of the user's invoices.", RefArgs, show_invoice),
    Tool("top_vendors", "Vendors the user spent most at, per currency, optionally within an item category.",
         TopVendorsArgs, top_vendors),
    Tool("biggest_invoice", "The user's largest invoice in each currency, optionally the one that spent most in "
         "an item category.", BiggestArgs, biggest_invoice),
    Tool("correct_field", "Change one field of one of the user's invoices when they say a value is wrong.",
         CorrectArgs, correct_field),
    Tool("delete_invoice", "Delete one of the user's invoices (can be undone).", RefArgs, delete_invoice),
    Tool("undo_delete", "Bring back the user's most recently deleted invoice.", NoArgs, undo_delete),
    Tool("keep_duplicate", "Count an invoice flagged as a duplicate after all.", RefArgs, keep_duplicate),
    Tool("export_csv", "Attach a CSV file of the user's invoices and items (optionally for a period) to the "
         "reply.", ExportArgs, export_csv),
)}

TOOL_SPECS: list[ChatCompletionFunctionToolParam] = [tool.spec() for tool in TOOLS.values()]


def run_tool(ctx: ToolContext, name: str, arguments: str | None) -> dict[str, Any]:
    """Run one tool call from a model for ``ctx.user_id``; anything wrong becomes an error result."""
    tool = TOOLS.get(name) if isinstance(name, str) else None
    if tool is None:
        return {"error": "unknown_tool", "available": sorted(TOOLS)}
    if arguments is not None and len(arguments) > MAX_ARGUMENT_CHARS:
        return {"error": "invalid_arguments", "detail": "arguments too long"}
    try:
        raw = json.loads(arguments or "{}")
    except ValueError:
        return {"error": "invalid_arguments", "detail": "arguments are not JSON"}
    if not isinstance(raw, dict):
        return {"error": "invalid_arguments", "detail": "arguments must be a JSON object"}
    try:
        args = tool.arguments.model_validate(raw)
    except ValidationError as exc:
        # The refused values are not echoed back: only where and why.
        problems = [{"field": ".".join(str(p) for p in err["loc"]) or "(arguments)", "problem": err["msg"]}
                    for err in exc.errors()[:5]]
        return {"error": "invalid_arguments", "problems": _data(problems)}
    ctx.used.append(tool.name)
    try:
        result: dict[str, Any] = _data(tool.run(ctx, args))
    except _ToolError as exc:
        return {"error": exc.code, **({"detail": exc.detail} if exc.detail else {})}
    if len(json.dumps(result, ensure_ascii=False)) > MAX_RESULT_CHARS:
        return {"error": "result_too_large", "detail": "ask for fewer invoices"}
    return result
