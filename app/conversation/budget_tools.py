"""The model's tools for budgets and custom categories: the same functions the offline handler runs
(:mod:`app.conversation.budget_actions`), for ``ctx.user_id`` only. Registered in tools.py."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.conversation import budget_actions
from app.conversation.budget_answers import outcome_reply, status_reply
from app.conversation.tool_args import CreateCategoryArgs, NoArgs, RemoveBudgetArgs, SetBudgetArgs

if TYPE_CHECKING:
    from app.conversation.tools import ToolContext


def set_budget(ctx: ToolContext, args: SetBudgetArgs) -> dict[str, Any]:
    outcome = budget_actions.set_budget(ctx.session, ctx.user_id, amount=args.amount, currency=args.currency,
                                        category=args.category, period=args.period,
                                        alert_percent=args.alert_percent, today=ctx.today)
    return {"ok": outcome.ok, "problem": outcome.problem, "category": outcome.category,
            "amount": str(outcome.amount) if outcome.amount is not None else None, "currency": outcome.currency,
            "period": outcome.period, "replaced": outcome.replaced,
            "confirmation": outcome_reply(outcome, ctx.language, ctx.locale)}


def remove_budget(ctx: ToolContext, args: RemoveBudgetArgs) -> dict[str, Any]:
    outcome = budget_actions.remove_budget(ctx.session, ctx.user_id, category=args.category, period=args.period)
    return {"ok": outcome.ok, "problem": outcome.problem, "removed": outcome.removed,
            "confirmation": outcome_reply(outcome, ctx.language, ctx.locale)}


def budget_status(ctx: ToolContext, _: NoArgs) -> dict[str, Any]:
    rows, names = budget_actions.budget_status(ctx.session, ctx.user_id, now=ctx.now,
                                               default_timezone=ctx.settings.default_timezone)
    return {"budgets": [{"category": names.get(r.category, r.category) if r.category else None,
                         "period": r.period, "from": r.start.isoformat(), "to_exclusive": r.end.isoformat(),
                         "budget": str(r.amount), "spent": str(r.spent), "remaining": str(r.remaining),
                         "percent": r.percent, "currency": r.currency,
                         "left_out_other_currencies": r.other_currencies} for r in rows],
            "summary": status_reply(rows, names, ctx.language, ctx.locale),
            "note": "amounts in other currencies are left out, never converted; say so when any are"}


def create_category(ctx: ToolContext, args: CreateCategoryArgs) -> dict[str, Any]:
    created = budget_actions.create_category(ctx.session, ctx.user_id, args.name)
    return {"ok": created.outcome == "created", "outcome": created.outcome, "key": created.key,
            "name": created.name}
