"""What a user can ask for, as typed values.

The offline parser produces these from free text; a model-driven layer (OpenAI tool calling) can produce
the same values from tool arguments (``Intent`` is a discriminated union, so
``TypeAdapter(Intent).validate_python({...})`` validates untrusted arguments). Intents carry no user id:
whoever executes one supplies the asking user's id, so no wording can point an intent at someone else.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from app.conversation.dates import Period

MAX_LIST = 20


class _Intent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class InvoiceRef(BaseModel):
    """Which of the user's invoices: ``#N`` (``seq``), the last one they sent, the one just discussed
    ("it", "that one"), or the Nth of the list they were just shown."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["seq", "last", "it", "listed"]
    number: int | None = Field(default=None, ge=1, le=10_000_000)

    @classmethod
    def seq(cls, n: int) -> InvoiceRef:
        return cls(kind="seq", number=n)

    @classmethod
    def listed(cls, position: int) -> InvoiceRef:
        return cls(kind="listed", number=position)


LAST = InvoiceRef(kind="last")
IT = InvoiceRef(kind="it")


class Help(_Intent):
    kind: Literal["help"] = "help"


class Greeting(_Intent):
    kind: Literal["greeting"] = "greeting"
    thanks: bool = False


Metric = Literal["total", "count", "average", "tax", "net"]
"""``net`` is the amount before tax: an invoice's subtotal when printed, else its total minus its tax;
invoices with neither are left out (and the reply says so) rather than guessed."""


class SpendingQuery(_Intent):
    """Total, count, average, tax or net of the user's counted invoices, optionally narrowed.

    ``vendor`` and ``category`` are what the user said; queries match them loosely against the user's own
    vendors and item categories. Results are always per currency.
    """

    kind: Literal["spending"] = "spending"
    metric: Metric = "total"
    period: Period | None = None
    vendor: str | None = Field(default=None, max_length=255)
    other_vendors: tuple[str, ...] = Field(default=(), max_length=5)  # "Swiggy + Zomato": all of them together
    each: bool = False  # "Dunnes v Tesco": one figure per vendor named, not their sum
    category: str | None = Field(default=None, max_length=100)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    convert_to: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")  # "in EUR": every invoice converted
    # "everything except iFood", "sem contar o Brasil": shops, and the money paid in a place, left out
    except_vendors: tuple[str, ...] = Field(default=(), max_length=5)
    except_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")


class CompareSpending(_Intent):
    """The same measure over two periods ("March vs April", "did I spend more than last month?"), side by
    side per currency: ``period`` as said first, ``other_period`` second."""

    kind: Literal["compare_spending"] = "compare_spending"
    metric: Metric = "total"
    period: Period
    other_period: Period
    combine: bool = False  # "May and June": each period and both together, instead of the difference
    vendor: str | None = Field(default=None, max_length=255)
    category: str | None = Field(default=None, max_length=100)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    convert_to: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")  # "in EUR": every invoice converted


class TopVendors(_Intent):
    """Vendors ranked by spending; with a category, by what was spent in it ("where do I spend most on
    fuel")."""

    kind: Literal["top_vendors"] = "top_vendors"
    period: Period | None = None
    limit: int = Field(default=5, ge=1, le=10)
    category: str | None = Field(default=None, max_length=100)
    convert_to: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")  # "in EUR": every invoice converted


class BiggestInvoice(_Intent):
    """The largest invoice per currency; with a category, the one that spent most in it."""

    kind: Literal["biggest_invoice"] = "biggest_invoice"
    smallest: bool = False  # the smallest one instead ("cheapest receipt", "plus petite facture")
    period: Period | None = None
    vendor: str | None = Field(default=None, max_length=255)
    category: str | None = Field(default=None, max_length=100)


class ListInvoices(_Intent):
    kind: Literal["list_invoices"] = "list_invoices"
    limit: int = Field(default=5, ge=1, le=MAX_LIST)
    vendor: str | None = Field(default=None, max_length=255)
    period: Period | None = None
    category: str | None = Field(default=None, max_length=100)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")  # "my USD invoices": a list is never converted
    items: bool = False  # "what did I buy this month": the lines, shown when one invoice is all there is


class ShowInvoice(_Intent):
    """One invoice with its lines; with ``vendor``, the latest invoice from that vendor ("what did I buy at
    Currys last time?"); with ``category``, the latest of that kind ("the last restaurant bill")."""

    kind: Literal["show_invoice"] = "show_invoice"
    ref: InvoiceRef
    vendor: str | None = Field(default=None, max_length=255)
    category: str | None = Field(default=None, max_length=64)


Field_ = Literal["vendor", "total", "tax", "date", "number", "currency", "category"]


class CorrectField(_Intent):
    """Set one field of an invoice. ``value`` is the raw text; actions validate it for the field."""

    kind: Literal["correct_field"] = "correct_field"
    ref: InvoiceRef
    field: Field_
    value: str = Field(min_length=1, max_length=255)
    in_focus: bool = False  # "actually it was 23.45": only about an invoice in focus, else ask which one
    was: str | None = Field(default=None, max_length=40)  # "… 23.50 not 32.50": the invoice showing 32.50
    vendor: str | None = Field(default=None, max_length=200)  # "the morrisons one": from that shop


class DeleteInvoice(_Intent):
    kind: Literal["delete_invoice"] = "delete_invoice"
    ref: InvoiceRef
    vendor: str | None = Field(default=None, max_length=200)  # "supprime celle de la fnac": that shop's on the list


class UndoDelete(_Intent):
    kind: Literal["undo_delete"] = "undo_delete"
    # "annule la suppression", "deshacé lo del STM": which of the last changes is meant, when it is said.
    deletion: bool = False
    vendor: str | None = Field(default=None, max_length=200)


class KeepDuplicate(_Intent):
    kind: Literal["keep_duplicate"] = "keep_duplicate"
    ref: InvoiceRef


class Export(_Intent):
    kind: Literal["export"] = "export"
    period: Period | None = None


class MonthlyReport(_Intent):
    """A short summary with a chart of a period (a month unless the user names another one)."""

    kind: Literal["monthly_report"] = "monthly_report"
    period: Period | None = None  # None: the current month so far


class ReportSubscription(_Intent):
    """"Send me a monthly report" (on) / "stop monthly report" (off): the report on the 1st."""

    kind: Literal["report_subscription"] = "report_subscription"
    monthly: bool


class AccountantPack(_Intent):
    """"Export 2025 for my accountant": a zip of CSV + XLSX + the original files, behind a signed link."""

    kind: Literal["accountant_pack"] = "accountant_pack"
    period: Period | None = None


class DeleteMyData(_Intent):
    kind: Literal["delete_my_data"] = "delete_my_data"


class Confirm(_Intent):
    kind: Literal["confirm"] = "confirm"


class Cancel(_Intent):
    kind: Literal["cancel"] = "cancel"


class Unresolved(_Intent):
    """A question naming something nothing resolves ("how much on gym?"): said back, never widened."""

    kind: Literal["unresolved"] = "unresolved"
    words: tuple[str, ...] = Field(min_length=1, max_length=5)
    # True when the words stand where no name was expected ("costa coffee last month"), not after "at/on":
    # a model may still read them, but its tools give no figure that leaves them out (tools.py).
    loose: bool = False
    # The question as read without the words, for a follow-up that names what they meant ("and at Costa?").
    asked: SpendingQuery | None = None
    suggested: SpendingQuery | None = None  # a name written one letter off: the question for the one meant


class SetTimezone(_Intent):
    """"My timezone is Perth": ``value`` is the user's words, resolved by :mod:`app.i18n.zones`."""

    kind: Literal["set_timezone"] = "set_timezone"
    value: str = Field(min_length=1, max_length=80)


class MarkPaid(_Intent):
    """"#5 paid" / "#5 unpaid" (``paid`` False), or every unpaid invoice from a vendor ("mark all Amazon
    paid": ``vendor`` set, ``ref`` None)."""

    kind: Literal["mark_paid"] = "mark_paid"
    ref: InvoiceRef | None = None
    vendor: str | None = Field(default=None, max_length=255)
    paid: bool = True


class SetDueDate(_Intent):
    """"#5 is due on the 20th": the date already read in the user's time zone and date order."""

    kind: Literal["set_due_date"] = "set_due_date"
    ref: InvoiceRef
    date: dt.date


class ListDue(_Intent):
    """"What do I owe this week?": unpaid invoices due in ``period`` (and those already overdue), or all
    unpaid ones with a due date."""

    kind: Literal["list_due"] = "list_due"
    period: Period | None = None


class SetReminders(_Intent):
    """"stop reminders", "reminders 2 days before", "reminders at 8": what is not said stays as it is
    (nothing said: the current settings are shown)."""

    kind: Literal["set_reminders"] = "set_reminders"
    enabled: bool | None = None
    days_before: int | None = Field(default=None, ge=0, le=30)
    hour: int | None = Field(default=None, ge=0, le=23)


BudgetPeriod = Literal["week", "month", "year"]


class SetBudget(_Intent):
    """"budget 300 € for restaurants per month": ``category`` None is all spending; ``amount`` is the raw text
    (actions validate it); ``currency`` None means the user's usual one."""

    kind: Literal["set_budget"] = "set_budget"
    amount: str = Field(min_length=1, max_length=40)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    category: str | None = Field(default=None, max_length=100)
    period: BudgetPeriod = "month"
    alert_percent: int | None = Field(default=None, ge=1, le=99)


class RemoveBudget(_Intent):
    kind: Literal["remove_budget"] = "remove_budget"
    category: str | None = Field(default=None, max_length=100)
    period: BudgetPeriod | None = None


class BudgetStatus(_Intent):
    """"how is my budget?": every budget's spending in its current period."""

    kind: Literal["budget_status"] = "budget_status"


class CreateCategory(_Intent):
    """"create category Marketing": a category of the user's own."""

    kind: Literal["create_category"] = "create_category"
    name: str = Field(min_length=1, max_length=60)


class InvoiceHistory(_Intent):
    """"History of #5": who changed what on that invoice, and when."""

    kind: Literal["invoice_history"] = "invoice_history"
    ref: InvoiceRef


class SetHomeCurrency(_Intent):
    """"My currency is EUR": ``code`` is ISO 4217, read from a code or a currency's name in any language."""

    kind: Literal["set_home_currency"] = "set_home_currency"
    code: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")  # None: the words named no currency
    said: str = Field(default="", max_length=80)


class AddExpense(_Intent):
    """An expense said in words ("taxi 12€", "paid 120 to Juan for cleaning"), to save as an invoice.
    ``sure`` is False when nothing but a number marks it as money ("taxi 12"): the user is asked instead."""

    kind: Literal["add_expense"] = "add_expense"
    amount: Decimal = Field(gt=0, lt=Decimal("1e15"), decimal_places=3)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")  # None: the user's usual one
    date: dt.date | None = None  # None: today, where the user lives
    description: str = Field(min_length=1, max_length=200)
    payee: str | None = Field(default=None, max_length=255)
    category: str | None = Field(default=None, max_length=32)
    sure: bool = True


class ShowDetails(_Intent):
    """"details" / "detalles" / "Details": every invoice of the list just shown (a burst's summary, a list),
    in full."""

    kind: Literal["show_details"] = "show_details"


class Unknown(_Intent):
    kind: Literal["unknown"] = "unknown"


Intent = Annotated[
    (
        Help | Greeting | SpendingQuery | CompareSpending | TopVendors | BiggestInvoice |
        ListInvoices | ShowInvoice | CorrectField | DeleteInvoice | UndoDelete | KeepDuplicate |
        Export | MonthlyReport | ReportSubscription | AccountantPack | DeleteMyData | Confirm | Cancel | SetTimezone |
        Unresolved | MarkPaid | SetDueDate | ListDue | SetReminders | SetBudget | RemoveBudget | BudgetStatus |
        CreateCategory | InvoiceHistory | SetHomeCurrency | AddExpense | ShowDetails | Unknown
    ),
    Field(discriminator="kind"),
]

intent_adapter: TypeAdapter[Intent] = TypeAdapter(Intent)
"""Validates untrusted intent data, e.g. ``intent_adapter.validate_python(tool_arguments)``."""


def stored(value: object) -> Intent | None:
    """An intent kept in a conversation's memory, or None when there is none or it no longer validates
    (memory written by an older version)."""
    if not isinstance(value, dict):
        return None
    try:
        return intent_adapter.validate_python(value)
    except ValidationError:
        return None
