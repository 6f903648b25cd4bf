"""The model's tools for the home currency and the audit trail, and the converted form of the spending
tools (``convert_to``): the same domain functions as the offline handler, bound to the asking user.

Each converted answer puts its scope line and its conversion note (the ECB rates used) in ``ctx.scopes``,
which the agent states above the model's reply, so the rates are said whatever the model writes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from app.conversation import conversion, history
from app.conversation import home_currency as home
from app.conversation import intents as i
from app.conversation.answers import heading, invoices_label, scope
from app.conversation.converted_answers import rates_data
from app.conversation.dates import Period
from app.conversation.tool_args import Args
from app.models import User

if TYPE_CHECKING:
    from app.conversation.tools import ToolContext

CONVERT_HELP = ("ISO 4217 code to answer in: every invoice is converted at the ECB reference rate of its date "
                "and the rates used are stated to the user. Use it when the user asks for amounts \"in EUR\", "
                "\"en euros\", \"in my currency\".")


class HomeCurrencyArgs(Args):
    currency: str = Field(min_length=1, max_length=60, description='The currency as the user named it: an ISO '
                                                                   'code ("EUR") or a name in their language.')


def set_home_currency(ctx: ToolContext, args: HomeCurrencyArgs) -> dict[str, Any]:
    user = ctx.session.get(User, ctx.user_id)
    if user is None:
        return {"ok": False, "problem": "unknown user"}
    ok, said = home.set_home_currency(ctx.session, user, i.SetHomeCurrency(
        code=home.currency_named(args.currency, home.home_currency(user)), said=args.currency), ctx.language)
    ctx.scopes.append(said)
    return {"ok": ok, "home_currency": user.home_currency, "told_user": said}


def invoice_history(ctx: ToolContext, args: Any) -> dict[str, Any]:
    """``args.invoice`` is a :class:`RefArgs` reference ("#5", "last", "it")."""
    value = str(args.invoice)
    ref = (i.LAST if value == "last" else i.IT if value == "it" else i.InvoiceRef.seq(int(value.lstrip("#"))))
    seq = history.invoice_seq(ctx.session, ctx.user_id, ref, ctx.memory)
    events = history.events_of(ctx.session, ctx.user_id, seq) if seq is not None else []
    if seq is None or not events:
        return {"ok": False, "problem": "no such invoice or no recorded changes"}
    ctx.memory["last_invoice_seq"] = seq
    return {"ok": True, **history.history_data(events, seq),
            "note": "times are UTC; tell the user in their time zone. Values are as stored (amounts, ISO dates)."}


def _note(ctx: ToolContext, conv: conversion.Converted, line: str) -> None:
    for said in (line, conversion.note(conv, ctx.language, ctx.locale)):
        if said and said not in ctx.scopes:
            ctx.scopes.append(said)


def converted_spending(ctx: ToolContext, period: Period | None, *, metric: str, vendor: str | None,
                       category: str | None, currency: str | None, target: str) -> dict[str, Any]:
    if not conversion.target_known(target):
        return {"error": "no_rate", "detail": f"no ECB reference rate for {target}; answer per currency instead"}
    conv = conversion.Converted(target)
    result = conversion.spending(ctx.session, ctx.user_id, conv, period=period, vendor=vendor, category=category,
                                 currency=currency, timezone=ctx.timezone)
    line = "" if result.unmatched else heading([
        *scope(period, result.vendors, None, category, ctx.locale, ctx.language, target),
        invoices_label(sum(c.count for c in result.by_currency), ctx.language, ctx.locale)]).strip()
    _note(ctx, conv, line)
    return {"metric": metric, **result.model_dump(mode="json", exclude={"unmatched_name"}), "converted_to": target,
            "rates": rates_data(conv), "note": f"amounts in {target} are converted at ECB reference rates (stated to "
                                               "the user already); other entries could not be converted"}


def converted_compare(ctx: ToolContext, periods: list[Period], *, metric: str, vendor: str | None,
                      category: str | None, currency: str | None, target: str) -> dict[str, Any]:
    if not conversion.target_known(target):
        return {"error": "no_rate", "detail": f"no ECB reference rate for {target}; answer per currency instead"}
    conv = conversion.Converted(target)
    results = [conversion.spending(ctx.session, ctx.user_id, conv, period=p, vendor=vendor, category=category,
                                   currency=currency, timezone=ctx.timezone) for p in periods]
    _note(ctx, conv, "")
    return {"metric": metric, "converted_to": target, "rates": rates_data(conv),
            "periods": [{"from": p.start.isoformat(), "to": p.last_day.isoformat(),
                         **r.model_dump(mode="json", exclude={"unmatched_name"})} for p, r in zip(periods, results,
                                                                                                   strict=True)]}


def converted_top_vendors(ctx: ToolContext, period: Period | None, *, limit: int, category: str | None,
                          target: str) -> dict[str, Any]:
    if not conversion.target_known(target):
        return {"error": "no_rate", "detail": f"no ECB reference rate for {target}; answer per currency instead"}
    conv = conversion.Converted(target)
    rows = conversion.top_vendors(ctx.session, ctx.user_id, conv, period=period, limit=limit, category=category,
                                  timezone=ctx.timezone)
    _note(ctx, conv, "")
    return {"vendors": [r.model_dump(mode="json") for r in rows], "converted_to": target, "rates": rates_data(conv)}
