"""The offline handler's executors for budgets and custom categories (registered in handler.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.conversation import budget_actions
from app.conversation import intents as i
from app.conversation.budget_answers import created_reply, outcome_reply, status_reply
from app.domain.reply import Reply

if TYPE_CHECKING:
    from app.conversation.handler import Context


def _set(ctx: Context, q: i.SetBudget) -> Reply:
    outcome = budget_actions.set_budget(ctx.session, ctx.user_id, amount=q.amount, currency=q.currency,
                                        category=q.category, period=q.period, alert_percent=q.alert_percent,
                                        today=ctx.today)
    return Reply(outcome_reply(outcome, ctx.language, ctx.locale), data={"ok": outcome.ok, "problem": outcome.problem,
                                                                          "category": outcome.category})


def _remove(ctx: Context, q: i.RemoveBudget) -> Reply:
    outcome = budget_actions.remove_budget(ctx.session, ctx.user_id, category=q.category, period=q.period)
    return Reply(outcome_reply(outcome, ctx.language, ctx.locale), data={"ok": outcome.ok, "removed": outcome.removed})


def _status(ctx: Context, _: i.BudgetStatus) -> Reply:
    rows, names = budget_actions.budget_status(ctx.session, ctx.user_id, now=ctx.now,
                                               default_timezone=ctx.settings.default_timezone)
    return Reply(status_reply(rows, names, ctx.language, ctx.locale),
                 data={"budgets": [{"category": r.category, "spent": str(r.spent), "amount": str(r.amount),
                                    "currency": r.currency} for r in rows]})


def _create(ctx: Context, q: i.CreateCategory) -> Reply:
    created = budget_actions.create_category(ctx.session, ctx.user_id, q.name)
    return Reply(created_reply(created, ctx.language), data={"ok": created.outcome == "created", "key": created.key})


EXECUTORS: dict[type, Any] = {i.SetBudget: _set, i.RemoveBudget: _remove, i.BudgetStatus: _status,
                              i.CreateCategory: _create}
