"""What the read-only questions of :mod:`queries <app.conversation.queries>` return: plain, frozen values
that replies and tools turn into text or JSON."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class CurrencyTotals(_Result):
    currency: str
    count: int  # invoices counted
    total: Decimal  # sum of their totals (or of the matching items' totals, for a category)
    tax: Decimal | None  # None when no invoice records tax
    average: Decimal | None  # total / invoices with a total
    net: Decimal | None = None  # before tax: subtotal, else total - tax
    net_count: int = 0  # invoices the net could be read from (the others are left out, not guessed)
    split: int = 0  # for a category, invoices only partly in it: their tax and net are not itemised


class Spending(_Result):
    by_currency: list[CurrencyTotals]
    vendors: list[str] = []  # the user's vendor names the question matched
    categories: list[str] = []
    unmatched: str | None = None  # "vendor" / "category" named in the question but unknown to this user
    suggestions: list[str] = []  # the user's vendors closest to an unknown one
    unmatched_name: str | None = None  # which of the vendors named is unknown
    left_out: list[str] = []  # the user's vendor names left out ("everything except iFood")


class ItemLine(_Result):
    description: str
    quantity: Decimal
    unit_price: Decimal
    total_price: Decimal
    category: str | None


class InvoiceView(_Result):
    seq: int
    vendor: str | None
    invoice_number: str | None
    invoice_date: dt.date | None
    due_date: dt.date | None
    total: Decimal | None
    tax: Decimal | None
    subtotal: Decimal | None
    currency: str
    duplicate_of_seq: int | None = None
    items: list[ItemLine] = []


class VendorTotal(_Result):
    vendor: str
    currency: str
    total: Decimal
    count: int


class InvoiceList(_Result):
    invoices: list[InvoiceView]
    matching: int  # how many invoices match in all (the list may be shorter)
    unmatched: str | None = None
    vendors: list[str] = Field(default_factory=list)  # the user's vendor names the list was narrowed to
