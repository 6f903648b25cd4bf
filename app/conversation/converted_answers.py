"""The handler's executors for the home currency: "my currency is EUR", and any spending question asked
"in EUR" (total, count, average, tax, net, comparisons, top vendors), answered converted with its rates."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.conversation import conversion, queries
from app.conversation import home_currency as home
from app.conversation import intents as i
from app.conversation.answers import (
    combined_reply,
    compare_reply,
    currency_label,
    invoices_label,
    money,
    spending_reply,
    top_vendors_reply,
)
from app.domain.reply import Reply
from app.i18n.catalogue import text
from app.models import User

if TYPE_CHECKING:
    from app.conversation.handler import Context

Convertible = i.SpendingQuery | i.CompareSpending | i.TopVendors


def home_currency_reply(ctx: Context, q: i.SetHomeCurrency) -> Reply:
    user = ctx.session.get(User, ctx.user_id)
    if user is None:
        return Reply(text(ctx.language, "unknown"))
    ok, body = home.set_home_currency(ctx.session, user, q, ctx.language)
    return Reply(body, data={"ok": ok, "home_currency": user.home_currency})


def converted_reply(ctx: Context, q: Convertible, unconverted: Callable[[Context, Any], Reply]) -> Reply:
    """``q`` answered with every amount in ``q.convert_to``, and the rates used said under it; for a target
    the rate table lacks, that is said and ``unconverted`` (the handler's usual executor) answers."""
    target = q.convert_to or ""
    if not isinstance(q, i.TopVendors) and q.metric == "count":
        # "How many invoices in dollars?" counts the dollar invoices: a count has nothing to convert.
        return unconverted(ctx, q.model_copy(update={"currency": target, "convert_to": None}))
    if not conversion.target_known(target):
        plain = unconverted(ctx, q.model_copy(update={"convert_to": None}))
        body = text(ctx.language, "fx_no_target", currency=currency_label(target, ctx.locale))
        return Reply(f"{body}\n\n{plain.body}", data={"converted": False, **(plain.data or {})})
    conv = conversion.Converted(target)
    if isinstance(q, i.SpendingQuery):
        result = conversion.spending(ctx.session, ctx.user_id, conv, period=q.period, vendor=q.vendor,
                                     category=q.category, currency=q.currency, timezone=ctx.timezone,
                                     other_vendors=q.other_vendors)
        body = spending_reply(result, q.metric, period=q.period, vendor=q.vendor, category=q.category,
                              language=ctx.language, locale=ctx.locale, currency=target if result.by_currency else None)
        if q.metric == "total" and (paid := _paid_in(ctx, q, target, result) if q.currency is None else None):
            body += "\n" + paid  # "how much in dollars?" may mean the dollars paid: both are said
        elif q.metric == "total" and (as_paid := _as_paid(ctx, q, target)):
            body += "\n" + as_paid  # the figures on the receipts themselves, to check the conversion against
        data = {"metric": q.metric, **result.model_dump(mode="json")}
    elif isinstance(q, i.CompareSpending):
        first, second = (conversion.spending(ctx.session, ctx.user_id, conv, period=p, vendor=q.vendor,
                                             category=q.category, currency=q.currency, timezone=ctx.timezone)
                         for p in (q.period, q.other_period))
        if q.combine and q.metric == "total":
            body = combined_reply(first, second, period=q.period, other_period=q.other_period, vendor=q.vendor,
                                  category=q.category, language=ctx.language, locale=ctx.locale)
        else:
            body = compare_reply(first, second, q.metric, period=q.period, other_period=q.other_period,
                                 vendor=q.vendor, category=q.category, language=ctx.language, locale=ctx.locale)
        data = {"metric": q.metric, "periods": [first.model_dump(mode="json"), second.model_dump(mode="json")]}
    else:
        rows = conversion.top_vendors(ctx.session, ctx.user_id, conv, period=q.period, limit=q.limit,
                                      category=q.category, timezone=ctx.timezone)
        body = top_vendors_reply(rows, period=q.period, category=q.category, language=ctx.language,
                                 locale=ctx.locale)
        data = {"vendors": [r.model_dump(mode="json") for r in rows]}
    if said := conversion.note(conv, ctx.language, ctx.locale):
        body = f"{body}\n\n{said}"
    return Reply(body, data={**data, "converted_to": target, "rates": rates_data(conv)})


def _paid_in(ctx: Context, q: i.SpendingQuery, target: str, converted: Any) -> str | None:
    """The part of a converted total that was paid in the target currency itself, when some of it was not."""
    paid = queries.spending(ctx.session, ctx.user_id, period=q.period, vendor=q.vendor, category=q.category,
                            currency=target, timezone=ctx.timezone, other_vendors=q.other_vendors)
    row = next((r for r in paid.by_currency if r.currency == target and r.count), None)
    if row is None or sum(r.count for r in converted.by_currency) <= row.count:
        return None
    return text(ctx.language, "paid_in", amount=f"*{money(row.total, target, ctx.locale)}*",
                currency=currency_label(target, ctx.locale), invoices=invoices_label(row.count, ctx.language, ctx.locale))


def _as_paid(ctx: Context, q: i.SpendingQuery, target: str) -> str | None:
    """A converted total's amounts as paid, per currency, when none was paid in the target (three at most)."""
    paid = queries.spending(ctx.session, ctx.user_id, period=q.period, vendor=q.vendor, category=q.category,
                            currency=q.currency, timezone=ctx.timezone, other_vendors=q.other_vendors)
    rows = [r for r in paid.by_currency if r.count]
    if not rows or len(rows) > 3 or any(r.currency == target for r in rows):
        return None
    amounts = " · ".join(f"*{money(r.total, r.currency, ctx.locale)}* ({invoices_label(r.count, ctx.language, ctx.locale)})"
                         for r in rows)
    return text(ctx.language, "as_paid", amounts=amounts)


def rates_data(conv: conversion.Converted) -> list[dict[str, str]]:
    seen = {(r.source, r.on): r for r in conv.rates}
    return [{"from": r.source, "to": r.target, "rate": format(r.value, "f"), "date": r.on.isoformat(),
             "beyond_table": str(r.beyond).lower()} for r in seen.values()][:50]
