"""Read-only questions about one user's invoices.

Every function takes the asking user's id and filters by it in code; nothing here accepts SQL, column names or
another user's id from a message or a model. Aggregates count only live invoices: not deleted and not flagged as
a duplicate (a flagged duplicate counts once the user keeps it). Money is summed per currency, never across
currencies. An invoice without a printed date is dated by when it was received, in the user's timezone.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Date, Subquery, case, cast, distinct, exists, func, select, union_all
from sqlalchemy.orm import Session, aliased

from app.conversation.dates import Period, zone
from app.conversation.intents import InvoiceRef
from app.conversation.matching import resolve_categories, resolve_vendors, suggest_vendors
from app.conversation.results import (
    CurrencyTotals,
    InvoiceList,
    InvoiceView,
    ItemLine,
    Spending,
    VendorTotal,
)
from app.models import Invoice, Item, UserCategory

# --- building blocks ---------------------------------------------------------------------------------

def live(user_id: int) -> list[ColumnElement[bool]]:
    """The user's invoices that exist for them (not deleted)."""
    return [Invoice.user_id == user_id, Invoice.deleted_at.is_(None)]


def counted(user_id: int) -> list[ColumnElement[bool]]:
    """The user's invoices that count in totals: live and not a flagged duplicate."""
    return [*live(user_id), Invoice.duplicate_of_id.is_(None)]


def invoice_day(timezone: str) -> ColumnElement[dt.date]:
    """The date an invoice belongs to: its printed date, else the day it arrived in the user's zone."""
    tz = zone(timezone).key
    return func.coalesce(Invoice.invoice_date, cast(func.timezone(tz, Invoice.created_at), Date))


def in_period(period: Period | None, timezone: str) -> list[ColumnElement[bool]]:
    if period is None:
        return []
    day = invoice_day(timezone)
    return [day >= period.start, day < period.end]


def user_vendors(session: Session, user_id: int) -> list[str]:
    """Distinct vendor names on the user's live invoices."""
    return list(session.scalars(
        select(Invoice.vendor).distinct().where(*live(user_id), Invoice.vendor.is_not(None))
    ))


def user_currencies(session: Session, user_id: int) -> list[str]:
    return list(session.scalars(select(Invoice.currency).distinct().where(*live(user_id))))


def user_categories(session: Session, user_id: int) -> list[str]:
    """Distinct categories on the user's live invoices and their items, and the user's own categories."""
    on_items = select(Item.item_category.label("category")).join(Invoice, Item.invoice_id == Invoice.id) \
        .where(*live(user_id), Item.item_category.is_not(None))
    on_invoices = select(Invoice.category.label("category")).where(*live(user_id), Invoice.category.is_not(None))
    own = select(UserCategory.key.label("category")).where(UserCategory.user_id == user_id)
    both = union_all(on_items, on_invoices, own).subquery()
    return list(session.scalars(select(both.c.category).distinct().order_by(both.c.category)))


def net_amount() -> ColumnElement[Decimal]:
    """An invoice's amount before tax: its printed subtotal, else its total minus its tax; NULL when it
    shows neither (a receipt with only a total says nothing about its tax)."""
    return func.coalesce(Invoice.subtotal, Invoice.total_amount - Invoice.tax_amount)


def _itemised() -> ColumnElement[bool]:
    """The invoice has categorised items: then a category is answered from them, not from the invoice."""
    line = aliased(Item)  # its own name: an outer query may join Item as well
    return exists().where(line.invoice_id == Invoice.id, line.item_category.is_not(None))


def in_categories(categories: list[str]) -> ColumnElement[bool]:
    """Invoices with an item in ``categories``, or without categorised items and in one of them."""
    with_items = Invoice.id.in_(select(Item.invoice_id).where(Item.item_category.in_(categories)))
    return with_items | (~_itemised() & Invoice.category.in_(categories))


def _wholly_in(categories: list[str]) -> ColumnElement[bool]:
    """Every categorised item of the invoice is in ``categories``: the whole invoice was spent there."""
    line = aliased(Item)
    return _itemised() & ~exists().where(line.invoice_id == Invoice.id, line.item_category.is_not(None),
                                         line.item_category.not_in(categories))


def category_amounts(filters: list[ColumnElement[bool]], categories: list[str]) -> Subquery:
    """(invoice id, currency, amount) of what each invoice spent in ``categories``. An invoice wholly in them
    counts its total: the amount paid, with its tax, and as the user corrected it (items read off a photo
    keep their old prices). So does one without categorised items that is in the category (a fuel receipt
    whose lines could not be read). A mixed invoice counts its matching items."""
    whole_invoice = (~_itemised() & Invoice.category.in_(categories)) | _wholly_in(categories)
    # Only a whole invoice has a tax and a net of its own: a mixed one's tax is not itemised (``split``).
    nothing = cast(None, Invoice.tax_amount.type)
    items = select(Invoice.id.label("invoice_id"), Invoice.currency.label("currency"),
                   Item.total_price.label("amount"), Invoice.vendor.label("vendor"), nothing.label("tax"),
                   nothing.label("net"), Invoice.id.label("split")) \
        .join(Item, Item.invoice_id == Invoice.id) \
        .where(*filters, Item.item_category.in_(categories), ~_wholly_in(categories))
    whole = select(Invoice.id, Invoice.currency, Invoice.total_amount, Invoice.vendor, Invoice.tax_amount,
                   net_amount(), cast(None, Invoice.id.type)).where(*filters, whole_invoice)
    return union_all(items, whole).subquery()


# --- questions -----------------------------------------------------------------------------------------

def spending(session: Session, user_id: int, *, period: Period | None = None, vendor: str | None = None,
             category: str | None = None, currency: str | None = None, timezone: str = "UTC",
             other_vendors: tuple[str, ...] = (), except_vendors: tuple[str, ...] = (),
             except_currency: str | None = None) -> Spending:
    """Count, total, tax and average of counted invoices per currency, narrowed by period, vendor(s) (matched
    loosely against the user's vendors), category (then the matching items' totals are summed, and the whole
    totals of invoices in it that have no categorised items) and currency, without the vendors and the
    currency left out."""
    filters = [*counted(user_id), *in_period(period, timezone)]
    vendors: list[str] = []
    categories: list[str] = []
    if vendor:
        known = user_vendors(session, user_id)
        for said in (vendor, *other_vendors):
            matched = resolve_vendors(said, known)
            if not matched:  # every vendor named must be known: no total that silently leaves one out
                return Spending(by_currency=[], unmatched="vendor", suggestions=suggest_vendors(said, known),
                                unmatched_name=said)
            vendors += [v for v in matched if v not in vendors]
        filters.append(Invoice.vendor.in_(vendors))
    if currency:
        filters.append(Invoice.currency == currency.upper())
    if except_currency:  # "sem contar o Brasil": not what was paid there
        filters.append(Invoice.currency != except_currency.upper())
    left_out: list[str] = []
    if except_vendors:  # "tudo menos o iFood": every shop named must be known, as above
        known = user_vendors(session, user_id)
        left_out = [v for said in except_vendors for v in resolve_vendors(said, known)]
        if not left_out:
            return Spending(by_currency=[], unmatched="vendor", unmatched_name=except_vendors[0],
                            suggestions=suggest_vendors(except_vendors[0], known))
        filters.append(Invoice.vendor.not_in(left_out))
    if category:
        categories = resolve_categories(category, user_categories(session, user_id))
        if not categories:
            return Spending(by_currency=[], vendors=vendors, unmatched="category")
        parts = category_amounts(filters, categories)
        with_amount = case((parts.c.amount.is_not(None), parts.c.invoice_id))
        rows = session.execute(
            select(parts.c.currency, func.count(distinct(parts.c.invoice_id)), func.sum(parts.c.amount),
                   func.count(distinct(with_amount)), func.sum(parts.c.tax), func.sum(parts.c.net),
                   func.count(parts.c.net), func.count(distinct(parts.c.split)))
            .group_by(parts.c.currency)
        ).all()
        totals = [_totals(cur, n, total, tax, with_total).model_copy(update={"net": net, "net_count": nets, "split": split})
                  for cur, n, total, with_total, tax, net, nets, split in rows]
    else:
        net = net_amount()
        rows = session.execute(
            select(Invoice.currency, func.count(Invoice.id), func.sum(Invoice.total_amount),
                   func.sum(Invoice.tax_amount), func.count(Invoice.total_amount), func.sum(net), func.count(net))
            .where(*filters).group_by(Invoice.currency)
        ).all()
        totals = [_totals(cur, n, total, tax, with_total).model_copy(update={"net": net_sum, "net_count": with_net})
                  for cur, n, total, tax, with_total, net_sum, with_net in rows]
    totals.sort(key=lambda t: (-t.count, t.currency))
    return Spending(by_currency=totals, vendors=vendors, categories=categories, left_out=left_out)


def _totals(currency: str, count: int, total: Decimal | None, tax: Decimal | None, with_total: int) -> CurrencyTotals:
    total = total or Decimal(0)
    average = total / with_total if with_total else None
    return CurrencyTotals(currency=currency, count=count, total=total, tax=tax, average=average)


def top_vendors(session: Session, user_id: int, *, period: Period | None = None, limit: int = 5,
                category: str | None = None, timezone: str = "UTC") -> list[VendorTotal]:
    """Vendors by amount spent, per currency (each currency ranked separately), biggest first. With a
    category, by what was spent in it (its items, or whole invoices in it without categorised items)."""
    filters = [*counted(user_id), *in_period(period, timezone), Invoice.vendor.is_not(None)]
    if category:
        categories = resolve_categories(category, user_categories(session, user_id))
        if not categories:
            return []
        parts = category_amounts(filters, categories)
        amount = func.sum(parts.c.amount)
        query = select(parts.c.vendor, parts.c.currency, amount, func.count(distinct(parts.c.invoice_id))) \
            .where(parts.c.amount.is_not(None)).group_by(parts.c.vendor, parts.c.currency) \
            .order_by(amount.desc(), parts.c.vendor)
    else:
        query = select(Invoice.vendor, Invoice.currency, func.sum(Invoice.total_amount), func.count(Invoice.id)) \
            .where(*filters, Invoice.total_amount.is_not(None)).group_by(Invoice.vendor, Invoice.currency) \
            .order_by(func.sum(Invoice.total_amount).desc(), Invoice.vendor)
    rows = session.execute(query).all()
    per_currency: dict[str, list[VendorTotal]] = {}
    for vendor, cur, total, count in rows:
        ranked = per_currency.setdefault(cur, [])
        if len(ranked) < limit:
            ranked.append(VendorTotal(vendor=vendor, currency=cur, total=total, count=count))
    order = sorted(per_currency, key=lambda c: -sum(v.count for v in per_currency[c]))
    return [v for cur in order for v in per_currency[cur]]


def biggest_invoices(session: Session, user_id: int, *, period: Period | None = None,
                     vendor: str | None = None, category: str | None = None,
                     timezone: str = "UTC", smallest: bool = False) -> list[InvoiceView]:
    """The largest (or ``smallest``) counted invoice in each currency (amounts in different currencies are
    not compared), the currency most invoices are in first. With a category, the invoice that spent most
    (least) in it."""
    filters = [*counted(user_id), *in_period(period, timezone)]
    if vendor:
        vendors = resolve_vendors(vendor, user_vendors(session, user_id))
        if not vendors:
            return []
        filters.append(Invoice.vendor.in_(vendors))
    if category:
        categories = resolve_categories(category, user_categories(session, user_id))
        if not categories:
            return []
        parts = category_amounts(filters, categories)
        per_invoice = select(parts.c.invoice_id.label("id"), parts.c.currency.label("currency"),
                             func.sum(parts.c.amount).label("amount")) \
            .where(parts.c.amount.is_not(None)).group_by(parts.c.invoice_id, parts.c.currency).subquery()
        ranked = select(per_invoice.c.id, func.row_number().over(
            partition_by=per_invoice.c.currency,
            order_by=(per_invoice.c.amount.asc() if smallest else per_invoice.c.amount.desc(), per_invoice.c.id)
        ).label("rank"), func.count().over(partition_by=per_invoice.c.currency).label("in_currency")).subquery()
    else:
        ranked = (
            select(Invoice.id, func.row_number().over(
                partition_by=Invoice.currency,
                order_by=(Invoice.total_amount.asc() if smallest else Invoice.total_amount.desc(), Invoice.seq))
                .label("rank"), func.count().over(partition_by=Invoice.currency).label("in_currency"))
            .where(*filters, Invoice.total_amount.is_not(None)).subquery()
        )
    invoices = session.scalars(
        select(Invoice).join(ranked, ranked.c.id == Invoice.id).where(ranked.c.rank == 1)
        .order_by(ranked.c.in_currency.desc(), Invoice.total_amount.desc().nulls_last())  # the main currency first
    ).all()
    return [view(session, inv, with_items=False) for inv in invoices]


def list_invoices(session: Session, user_id: int, *, limit: int = 5, vendor: str | None = None,
                  period: Period | None = None, category: str | None = None,
                  timezone: str = "UTC", other_vendors: tuple[str, ...] = (),
                  currency: str | None = None) -> InvoiceList:
    """The user's most recently sent live invoices (highest #N first), optionally narrowed (by several
    vendors too, each of which must match). Flagged duplicates are listed (marked as such) so the user can
    decide to keep them."""
    filters = [*live(user_id), *in_period(period, timezone)]
    if currency:
        filters.append(Invoice.currency == currency)
    vendors: list[str] = []
    if vendor:
        known = user_vendors(session, user_id)
        for said in (vendor, *other_vendors):
            matched = resolve_vendors(said, known)
            if not matched:
                return InvoiceList(invoices=[], matching=0, unmatched="vendor")
            vendors += [v for v in matched if v not in vendors]
        filters.append(Invoice.vendor.in_(vendors))
    if category:
        categories = resolve_categories(category, user_categories(session, user_id))
        if not categories:
            return InvoiceList(invoices=[], matching=0, unmatched="category")
        filters.append(in_categories(categories))
    matching = session.scalar(select(func.count(Invoice.id)).where(*filters)) or 0
    invoices = session.scalars(
        select(Invoice).where(*filters).order_by(Invoice.seq.desc()).limit(max(1, min(limit, 50)))
    ).all()
    return InvoiceList(invoices=[view(session, inv, with_items=False) for inv in invoices], matching=matching,
                       vendors=vendors)


def latest_from(session: Session, user_id: int, vendor: str | None, category: str | None = None,
                among: Sequence[Any] = ()) -> InvoiceView | None:
    """The user's most recently sent live invoice from ``vendor`` (matched loosely) and/or in ``category``,
    with its items; the latest such of ``among`` (the list just shown: "what was in the pharmacy one") first."""
    filters = list(live(user_id))
    if vendor:
        vendors = resolve_vendors(vendor, user_vendors(session, user_id))
        if not vendors:
            return None
        filters.append(Invoice.vendor.in_(vendors))
    if category:
        categories = resolve_categories(category, user_categories(session, user_id))
        if not categories:
            return None
        filters.append(in_categories(categories))
    query = select(Invoice).where(*filters).order_by(Invoice.seq.desc()).limit(1)
    listed = [seq for seq in among if isinstance(seq, int)]
    invoice = (session.scalar(query.where(Invoice.seq.in_(listed))) if listed else None) or session.scalar(query)
    return view(session, invoice) if invoice is not None else None


def find_invoice(session: Session, user_id: int, ref: InvoiceRef,
                 memory: Mapping[str, Any] | None = None) -> Invoice | None:
    """The user's live invoice a reference points at, or None. ``memory`` is the conversation state:
    "it" is the last invoice discussed (else the last one sent), "the second one" is a position in the
    last list shown."""
    memory = memory or {}
    seq: int | None = None
    if ref.kind == "seq":
        seq = ref.number
    elif ref.kind == "it":
        seq = _int(memory.get("last_invoice_seq"))
    elif ref.kind == "listed":
        listed = memory.get("listed_seqs") or []
        if isinstance(listed, list) and ref.number and ref.number <= len(listed):
            seq = _int(listed[ref.number - 1])
        else:
            return None
    if seq is not None:
        return session.scalar(select(Invoice).where(*live(user_id), Invoice.seq == seq))
    return session.scalar(select(Invoice).where(*live(user_id)).order_by(Invoice.seq.desc()).limit(1))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def show_invoice(session: Session, user_id: int, ref: InvoiceRef,
                 memory: Mapping[str, Any] | None = None) -> InvoiceView | None:
    """Header and items of one of the user's invoices."""
    invoice = find_invoice(session, user_id, ref, memory)
    return view(session, invoice) if invoice is not None else None


def view(session: Session, invoice: Invoice, *, with_items: bool = True) -> InvoiceView:
    duplicate_of_seq = None
    if invoice.duplicate_of_id is not None:
        duplicate_of_seq = session.scalar(
            select(Invoice.seq).where(Invoice.id == invoice.duplicate_of_id, Invoice.user_id == invoice.user_id)
        )
    items = []
    if with_items:
        items = [ItemLine(description=item.description, quantity=item.quantity, unit_price=item.unit_price,
                          total_price=item.total_price, category=item.item_category)
                 for item in session.scalars(select(Item).where(Item.invoice_id == invoice.id).order_by(Item.id))]
    return InvoiceView(seq=invoice.seq, vendor=invoice.vendor, invoice_number=invoice.invoice_number,
                       invoice_date=invoice.invoice_date, due_date=invoice.due_date, total=invoice.total_amount,
                       tax=invoice.tax_amount, subtotal=invoice.subtotal, currency=invoice.currency,
                       duplicate_of_seq=duplicate_of_seq, items=items)


__all__ = ["CurrencyTotals", "InvoiceList", "InvoiceView", "ItemLine", "Spending", "VendorTotal", "biggest_invoices",
           "category_amounts", "counted", "find_invoice", "in_categories", "list_invoices", "live", "net_amount",
           "show_invoice", "spending", "top_vendors", "user_categories", "user_currencies", "user_vendors", "view"]
