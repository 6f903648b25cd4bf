"""The registry of tools a model may call (:data:`TOOLS`) and :func:`run_tool`, which checks a call and runs it.

The tools themselves live beside the features they serve: the invoice queries and actions in
:mod:`app.conversation.tools` (which also holds :class:`ToolContext`), payments, budgets, currencies and reports
in their own ``*_tools`` modules. This module only names them, describes them to the model and runs them.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openai.types.chat import ChatCompletionFunctionToolParam
from pydantic import ValidationError

from app.conversation import budget_tools, currency_tools, expense_replies, payment_tools, report_tools
from app.conversation.tool_args import (
    Args,
    BiggestArgs,
    CompareArgs,
    CorrectArgs,
    CreateCategoryArgs,
    ExportArgs,
    ListArgs,
    NoArgs,
    PackArgs,
    RefArgs,
    RemoveBudgetArgs,
    ReportArgs,
    ReportSubscriptionArgs,
    SetBudgetArgs,
    SpendingArgs,
    TaxArgs,
    TopVendorsArgs,
)
from app.conversation.tool_scope import ToolError
from app.conversation.tools import (
    MAX_ARGUMENT_CHARS,
    MAX_RESULT_CHARS,
    ToolContext,
    biggest_invoice,
    compare_spending,
    correct_field,
    data,
    delete_invoice,
    export_csv,
    keep_duplicate,
    list_invoices,
    period_of,
    show_invoice,
    spending_summary,
    tax_paid,
    top_vendors,
    undo_delete,
)


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    arguments: type[Args]
    run: Callable[[ToolContext, Any], dict[str, Any]]

    def spec(self) -> ChatCompletionFunctionToolParam:
        schema = self.arguments.model_json_schema()
        schema.pop("title", None)
        return {"type": "function", "function": {"name": self.name, "description": self.description,
                                                 "parameters": schema}}


TOOLS: dict[str, Tool] = {tool.name: tool for tool in (
    Tool("spending_summary", "Total, count, average or tax of the user's invoices, per currency, optionally "
         "for a period, one vendor or several together, an item category or a currency.", SpendingArgs,
         spending_summary),
    Tool("compare_spending", "The same measure (total, count, average, tax or net) over two periods, per "
         "currency, optionally for a vendor, category or currency.", CompareArgs, compare_spending),
    Tool("tax_paid", "Tax paid on the user's invoices, per currency, optionally for a period or vendor.",
         TaxArgs, tax_paid),
    Tool("list_invoices", "The user's most recent invoices (newest first), optionally from one or more vendors, "
         "with an item category or in a period.", ListArgs, list_invoices),
    Tool("show_invoice", "Header and items of one of the user's invoices.", RefArgs, show_invoice),
    Tool("top_vendors", "Vendors the user spent most at, per currency, optionally within an item category.",
         TopVendorsArgs, top_vendors),
    Tool("biggest_invoice", "The user's largest (or, with smallest, smallest) invoice in each currency, optionally "
         "the one that spent most in an item category.", BiggestArgs, biggest_invoice),
    Tool("correct_field", "Change one field of one of the user's invoices when they say a value is wrong.",
         CorrectArgs, correct_field),
    Tool("delete_invoice", "Delete one of the user's invoices (can be undone).", RefArgs, delete_invoice),
    Tool("undo_delete", "Bring back the user's most recently deleted invoice.", NoArgs, undo_delete),
    Tool("keep_duplicate", "Count an invoice flagged as a duplicate after all.", RefArgs, keep_duplicate),
    Tool("add_expense", expense_replies.TOOL_DESCRIPTION, expense_replies.AddExpenseArgs, expense_replies.run_tool),
    Tool("invoice_history", "Who changed what on one of the user's invoices, and when (its audit trail).", RefArgs,
         currency_tools.invoice_history),
    Tool("set_home_currency", "Set the user's own currency when they say which it is (\"my currency is EUR\").",
         currency_tools.HomeCurrencyArgs, currency_tools.set_home_currency),
    Tool("export_csv", "Attach a CSV file of the user's invoices and items (optionally for a period) to the "
         "reply.", ExportArgs, export_csv),
    Tool("mark_paid", "Mark one of the user's invoices paid (or, with paid=false, unpaid again), or every unpaid "
         "invoice from a vendor paid.", payment_tools.MarkPaidArgs, payment_tools.mark_paid),
    Tool("set_due_date", "Set the date one of the user's invoices is due.", payment_tools.DueDateArgs,
         payment_tools.set_due_date),
    Tool("list_due", "What the user owes: unpaid invoices due in a period (e.g. \"this week\", \"next month\") "
         "and those already overdue, with totals per currency.", payment_tools.ListDueArgs, payment_tools.list_due),
    Tool("set_reminders", "Turn the user's payment reminders on or off, or change how many days before the due "
         "date or from which hour they come; with no arguments, show the current settings.",
         payment_tools.RemindersArgs, payment_tools.set_reminders),
    Tool("set_budget", "Set or replace the user's spending budget for a category (or all spending) per week, month "
         "or year; they are alerted when an invoice crosses its threshold and 100 %.", SetBudgetArgs,
         budget_tools.set_budget),
    Tool("remove_budget", "Remove the user's budget for a category (or on all spending).", RemoveBudgetArgs,
         budget_tools.remove_budget),
    Tool("budget_status", "How each of the user's budgets stands this period: spent, budget, remaining.", NoArgs,
         budget_tools.budget_status),
    Tool("create_category", "Create a category of the user's own, usable in corrections, questions and budgets.",
         CreateCategoryArgs, budget_tools.create_category),
    Tool("monthly_report", "A spending report with a chart image (by category and by week) for a period, by "
         "default the current month; the chart is attached to the reply.", ReportArgs,
         lambda ctx, args: report_tools.monthly_report(ctx, period_of(ctx, args))),
    Tool("monthly_report_subscription", "Switch the report sent on the 1st of every month on or off.",
         ReportSubscriptionArgs, report_tools.report_subscription),
    Tool("accountant_pack", "A zip for the user's accountant (CSV, Excel and the original documents) for a "
         "period, e.g. a year or quarter; its download link is added to the reply.", PackArgs,
         lambda ctx, args: report_tools.accountant_pack(ctx, period_of(ctx, args))),
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
        return {"error": "invalid_arguments", "problems": data(problems)}
    ctx.used.append(tool.name)
    try:
        result: dict[str, Any] = data(tool.run(ctx, args))
    except ToolError as exc:
        return {"error": exc.code, **({"detail": exc.detail} if exc.detail else {})}
    if len(json.dumps(result, ensure_ascii=False)) > MAX_RESULT_CHARS:
        return {"error": "result_too_large", "detail": "ask for fewer invoices"}
    return result
