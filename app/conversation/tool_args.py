"""The arguments of the model's tools (:mod:`app.conversation.tools`): pydantic models that refuse unknown
fields, so a tool call can never name a user, a column or anything but what each tool takes."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.domain.categories import CATEGORIES


class Args(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_REF_PATTERN = r"^(#?[1-9][0-9]{0,6}|last|it)$"
_REF_HELP = ('Which of the user\'s invoices: "#12" (their own invoice number as shown to them), "last" (the '
             'most recently sent) or "it" (the invoice discussed last).')


class PeriodArgs(Args):
    period: str | None = Field(None, max_length=80, description=(
        'The period in the user\'s words, e.g. "last month", "March 2025", "this week", "2024", "today". '
        "Leave empty for all time, or use date_from/date_to instead."))
    date_from: dt.date | None = Field(None, description="First day included (YYYY-MM-DD).")
    date_to: dt.date | None = Field(None, description="Last day included (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _one_way(self) -> PeriodArgs:
        if self.period and (self.date_from or self.date_to):
            raise ValueError("give either period or date_from/date_to, not both")
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValueError("date_to is before date_from")
        return self


_CATEGORY_HELP = ("A spending category: " + ", ".join(CATEGORIES) + " (or the user's word for one in any "
                  "language, e.g. \"combustível\").")


MAX_VENDORS = 6
_VENDORS_HELP = ('Several vendors taken together, as the user named them, e.g. ["Tesco", "Lidl"]. Every one '
                 "must be one of the user's vendors: if any is not, nothing is totalled and the result says which.")


class VendorsArgs(Args):
    """One vendor, or several taken together; :meth:`named` gives them as one list."""

    vendor: str | None = Field(None, max_length=255)
    vendors: list[Annotated[str, StringConstraints(min_length=1, max_length=255)]] | None = Field(
        None, max_length=MAX_VENDORS, description=_VENDORS_HELP)

    def named(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.strip() for v in [self.vendor or "", *(self.vendors or [])] if v.strip()))


_METRIC_HELP = ('"net" is the amount before tax (subtotal, else total minus tax; invoices showing neither are '
                'left out and counted apart).')


class SpendingArgs(PeriodArgs, VendorsArgs):
    metric: Literal["total", "count", "average", "tax", "net"] = Field("total", description=_METRIC_HELP)
    category: str | None = Field(None, max_length=100, description=_CATEGORY_HELP)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    except_vendors: list[Annotated[str, StringConstraints(min_length=1, max_length=255)]] | None = Field(
        None, max_length=5, description='Vendors left out: "everything except Amazon", "tudo menos o iFood".')
    except_currency: str | None = Field(None, pattern=r"^[A-Z]{3}$", description=(
        'ISO 4217 code of money left out: a place left out is its currency ("sem contar o Brasil": BRL).'))
    convert_to: str | None = Field(None, pattern=r"^[A-Z]{3}$", description=(
        "ISO 4217 code to answer in: every invoice converted at the ECB reference rate of its date (the rates "
        "are stated to the user). For \"in EUR\", \"en euros\", \"in my currency\"."))


class TaxArgs(PeriodArgs, VendorsArgs):
    convert_to: str | None = Field(None, pattern=r"^[A-Z]{3}$", description=(
        "ISO 4217 code to answer in: every invoice converted at the ECB reference rate of its date (the rates "
        "are stated to the user). For \"in EUR\", \"en euros\", \"in my currency\"."))


class ListArgs(PeriodArgs, VendorsArgs):
    limit: int = Field(5, ge=1, le=20)
    category: str | None = Field(None, max_length=100, description=_CATEGORY_HELP)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$", description="ISO 4217 code: only the invoices "
                                 "in that currency (\"my USD invoices\"); a list is never converted.")


class TopVendorsArgs(PeriodArgs):
    limit: int = Field(5, ge=1, le=10)
    category: str | None = Field(None, max_length=100, description=_CATEGORY_HELP)
    convert_to: str | None = Field(None, pattern=r"^[A-Z]{3}$", description=(
        "ISO 4217 code to answer in: every invoice converted at the ECB reference rate of its date (the rates "
        "are stated to the user). For \"in EUR\", \"en euros\", \"in my currency\"."))


class BiggestArgs(PeriodArgs):
    smallest: bool = Field(False, description="The smallest invoice instead of the largest.")
    vendor: str | None = Field(None, max_length=255)
    category: str | None = Field(None, max_length=100, description=_CATEGORY_HELP)


class CompareArgs(VendorsArgs):
    period: str = Field(max_length=80, description='The first period in the user\'s words, e.g. "March 2025", '
                                                    '"this month".')
    other_period: str = Field(max_length=80, description='The period to compare it with, e.g. "last month".')
    metric: Literal["total", "count", "average", "tax", "net"] = Field("total", description=_METRIC_HELP)
    category: str | None = Field(None, max_length=100, description=_CATEGORY_HELP)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    convert_to: str | None = Field(None, pattern=r"^[A-Z]{3}$", description=(
        "ISO 4217 code to answer in: every invoice converted at the ECB reference rate of its date (the rates "
        "are stated to the user). For \"in EUR\", \"en euros\", \"in my currency\"."))


class RefArgs(Args):
    invoice: str = Field(pattern=_REF_PATTERN, description=_REF_HELP)


class CorrectArgs(RefArgs):
    field: Literal["vendor", "total", "tax", "date", "number", "currency", "category"]
    value: str = Field(min_length=1, max_length=255, description='The new value as the user gave it, e.g. "45.10", '
                                                                  '"Shell", "2025-03-04", "EUR", "fuel".')


class NoArgs(Args):
    pass


class ExportArgs(PeriodArgs):
    pass


class SetBudgetArgs(Args):
    amount: str = Field(min_length=1, max_length=40, description='The budget amount as the user said it, e.g. "300".')
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$", description="ISO 4217 code; empty for the user's "
                                                                          "usual currency.")
    category: str | None = Field(None, max_length=100, description=_CATEGORY_HELP + " Or one of the user's own "
                                 "categories. Empty for a budget on all spending.")
    period: Literal["week", "month", "year"] = "month"
    alert_percent: int | None = Field(None, ge=1, le=99, description="Warn when this share of the budget is "
                                                                     "spent (default 80).")


class RemoveBudgetArgs(Args):
    category: str | None = Field(None, max_length=100, description="The budget's category; empty for the budget "
                                                                   "on all spending.")
    period: Literal["week", "month", "year"] | None = None


class CreateCategoryArgs(Args):
    name: str = Field(min_length=1, max_length=40, description='The new category\'s name, e.g. "Marketing".')


class ReportArgs(PeriodArgs):
    """The report's period; empty for the current month so far."""


class ReportSubscriptionArgs(Args):
    monthly: bool = Field(description="true: send the report on the 1st of every month; false: stop sending it.")


class PackArgs(PeriodArgs):
    """The pack's period, e.g. "2025", "Q1 2025", "March"; empty for everything."""
