"""Replies that read well on a phone: WhatsApp ``*bold*``, short lines, amounts and dates in the user's
locale (CLDR data through Babel: "€1,234.56" in English, "1.234,56 €" in Spanish), one line per currency,
never more than :data:`MAX_CHARS` characters.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_interval, format_skeleton
from babel.numbers import format_currency, format_percent, get_currency_name

from app.conversation.dates import Period
from app.conversation.matching import category_key
from app.conversation.results import CurrencyTotals, InvoiceList, InvoiceView, Spending, VendorTotal
from app.conversation.text import clean_display
from app.i18n.catalogue import N_, text
from app.i18n.phone import hint_for_number

MAX_CHARS = 1600
MAX_ITEMS_SHOWN = 10


def locale_for(language: str, whatsapp_number: str | None = None) -> str:
    """A Babel locale for formatting: the language, with the user's country when CLDR knows the pair
    (Brazilians get "R$ 1.234,56", Portuguese users "1 234,56 €")."""
    hint = hint_for_number(whatsapp_number)
    # The country only refines its own language: an English speaker in Spain reads "€1,234.56".
    candidates = [f"{language}_{hint.country}"] if hint and language in hint.languages else []
    candidates.append(language)
    for candidate in candidates:
        try:
            Locale.parse(candidate)
            return candidate
        except (UnknownLocaleError, ValueError):
            continue
    return "en"


def money(amount: Decimal, currency: str, locale: str) -> str:
    return format_currency(amount, currency, locale=locale)


def date_label(day: dt.date, locale: str) -> str:
    return format_skeleton("yMMMd", day, locale=locale)


def period_label(period: Period, locale: str) -> str:
    """"March 2025", "2025", "3 Mar 2025" or "1 – 14 Mar 2025", whichever describes the range exactly."""
    start, last = period.start, period.last_day
    if start == last:
        return date_label(start, locale)
    if start.day == 1 and period.end.day == 1:
        if start.month == 1 and period.end.month == 1 and period.end.year == start.year + 1:
            return str(start.year)
        if (period.end.year * 12 + period.end.month) - (start.year * 12 + start.month) == 1:
            return format_skeleton("yMMMM", start, locale=locale)
    return format_interval(start, last, "yMMMd", locale=locale)


def invoices_label(n: int, language: str, locale: str) -> str:
    form = Locale.parse(locale).plural_form(n)
    return text(language, N_("invoice_one") if form == "one" else N_("invoice_other"), n=n)


def heading(parts: list[str]) -> str:
    shown = [p for p in parts if p]
    return f"*{' · '.join(shown)}*\n" if shown else ""


def category_label(category: str, language: str) -> str:
    """A category in the user's language ("fuel" -> "combustível"); a name that is not one of the canonical
    keys is shown as it is, cleaned."""
    if " + " in category:
        return " + ".join(category_label(part, language) for part in category.split(" + ")[:3])
    key = category_key(category)
    return text(language, f"category_{key}") if key else clean_display(category, 40)


def scope(period: Period | None, vendor_names: list[str], said_vendor: str | None, category: str | None,
          locale: str, language: str = "en", currency: str | None = None, left_out: list[str] | None = None) -> list[str]:
    """What an answer covers, so a wrong reading shows at once: the period ("all time" when none), the
    vendor(s) matched or named, the category, the currency asked for, and what was left out."""
    vendor = " + ".join(clean_display(v, 40) for v in vendor_names[:3]) if vendor_names else (
        clean_display(said_vendor, 40) if said_vendor else "")
    without = text(language, "left_out", names=", ".join(clean_display(v, 40) for v in left_out[:5])) if left_out else ""
    return [period_label(period, locale) if period else text(language, "all_time"), vendor,
            category_label(category, language) if category else "", currency or "", without]


def spending_reply(result: Spending, metric: str, *, period: Period | None, vendor: str | None,
                   category: str | None, language: str, locale: str, currency: str | None = None,
                   left_out: list[str] | None = None) -> str:
    head = heading(scope(period, result.vendors, vendor, category, locale, language, currency, left_out))
    if result.unmatched == "vendor":
        return head + unmatched_vendor(result.unmatched_name or vendor or "", result.suggestions, language)
    if result.unmatched == "category":
        return head + text(language, "unmatched_category", name=category_label(category or "", language))
    rows = result.by_currency
    if currency and not rows:
        return head + text(language, "nothing_in_currency", currency=currency_label(currency, locale))
    if metric == "count":
        count = sum(r.count for r in rows)
        return head + text(language, "count", count=invoices_label(count, language, locale))
    if not rows:
        return head + text(language, "nothing")
    if metric in ("tax", "net") and any(r.split for r in rows):  # a category's share of a mixed invoice
        return head + text(language, f"no_category_{metric}", category=category_label(category or "", language))
    if metric == "tax":
        rows = [r for r in rows if r.tax is not None]
        if not rows:
            return head + text(language, "nothing")
    if metric == "net":
        return head + _net_reply(rows, language, locale)

    key_one = {"total": "spent", "tax": "tax", "average": "average"}[metric]
    if len(rows) == 1:
        row = rows[0]
        value = amount_of(row, metric)
        return head + text(language, key_one, amount=money(value or Decimal(0), row.currency, locale),
                           count=invoices_label(row.count, language, locale))
    lines = [text(language, f"{'spent' if metric == 'total' else metric}_multi")]
    for row in rows:
        value = amount_of(row, metric) or Decimal(0)
        lines.append(f"• *{money(value, row.currency, locale)}* ({invoices_label(row.count, language, locale)})")
    return head + "\n".join(lines)


def unmatched_vendor(said: str, suggestions: list[str], language: str) -> str:
    """"No invoices from Costa Coffee", and "did you mean Costa?" when one of the user's vendors is close."""
    body = text(language, "unmatched_vendor", name=clean_display(said, 60))
    if suggestions:
        names = " / ".join(f"*{clean_display(s, 40)}*" for s in suggestions[:3])
        body += "\n" + text(language, "did_you_mean", names=names)
    return body


def currency_label(code: str, locale: str) -> str:
    """"US dollars (USD)" in the user's language."""
    try:
        name = get_currency_name(code, count=2, locale=locale)
    except (ValueError, LookupError):
        return code
    return f"{name} ({code})" if name and name != code else code


def combined_reply(first: Spending, second: Spending, *, period: Period, other_period: Period, vendor: str | None,
                   category: str | None, language: str, locale: str) -> str:
    """"May and June": each period on its own line, then both together, per currency."""
    head = heading(scope(None, first.vendors or second.vendors, vendor, category, locale, language)[1:])
    if first.unmatched == "vendor":
        return head + unmatched_vendor(vendor or "", first.suggestions, language)
    if first.unmatched == "category":
        return head + text(language, "unmatched_category", name=category_label(category or "", language))
    together: dict[str, tuple[Decimal, int]] = {}
    lines = []
    for p, result in sorted(((period, first), (other_period, second)), key=lambda pair: pair[0].start):
        parts = []
        for row in result.by_currency:
            parts.append(f"*{money(row.total, row.currency, locale)}* ({invoices_label(row.count, language, locale)})")
            total, count = together.get(row.currency, (Decimal(0), 0))
            together[row.currency] = (total + row.total, count + row.count)
        lines.append(f"{period_label(p, locale)}: " + (" · ".join(parts) or text(language, "compare_nothing")))
    if together:
        both = " · ".join(f"*{money(t, cur, locale)}* ({invoices_label(n, language, locale)})"
                          for cur, (t, n) in together.items())
        lines.append(text(language, "together", amount=both))
    return head + "\n".join(lines)


def amount_of(row: CurrencyTotals, metric: str) -> Decimal | None:
    return {"total": row.total, "tax": row.tax, "average": row.average, "net": row.net}[metric]


def _net_reply(rows: list[CurrencyTotals], language: str, locale: str) -> str:
    """Net per currency, over the invoices that show it; the ones that don't are counted, not guessed."""
    known = [(r, net) for r in rows if (net := r.net) is not None and r.net_count]
    missing = sum(r.count - r.net_count for r in rows)
    if not known:
        return text(language, "net_unknown", count=invoices_label(missing, language, locale))
    if len(known) == 1:
        row, net = known[0]
        lines = [text(language, "net", amount=money(net, row.currency, locale),
                      count=invoices_label(row.net_count, language, locale))]
    else:
        lines = [text(language, "net_multi")]
        lines += [f"• *{money(net, r.currency, locale)}* ({invoices_label(r.net_count, language, locale)})"
                  for r, net in known]
    if missing:
        lines.append(text(language, "net_missing", count=invoices_label(missing, language, locale)))
    return "\n".join(lines)


def compare_reply(first: Spending, second: Spending, metric: str, *, period: Period, other_period: Period,
                  vendor: str | None, category: str | None, language: str, locale: str) -> str:
    """Two periods side by side, earlier first, one line each with every currency apart, then per currency
    how much more or less the later one was (never netted across currencies)."""
    (early, early_result), (late, late_result) = sorted(
        ((period, first), (other_period, second)), key=lambda pair: pair[0].start)
    head = heading(scope(None, first.vendors or second.vendors, vendor, category, locale, language)[1:])
    if first.unmatched == "vendor":
        return head + text(language, "unmatched_vendor", name=clean_display(vendor or "", 60))
    if first.unmatched == "category":
        return head + text(language, "unmatched_category", name=category_label(category or "", language))
    if metric in ("tax", "net") and any(r.split for r in (*first.by_currency, *second.by_currency)):
        return head + text(language, f"no_category_{metric}", category=category_label(category or "", language))
    early_values, late_values = _compared_values(early_result, metric), _compared_values(late_result, metric)
    lines = [f"{period_label(p, locale)}: " + _compared_line(values, metric, language, locale)
             for p, values in ((early, early_values), (late, late_values))]
    later = period_label(late, locale)
    for currency in dict.fromkeys([*early_values, *late_values]):
        if metric == "average" and not (currency in early_values and currency in late_values):
            continue
        before, after = early_values.get(currency, Decimal(0)), late_values.get(currency, Decimal(0))
        diff = after - before
        shown = (invoices_label(int(abs(diff)), language, locale) if metric == "count"
                 else money(abs(diff), currency, locale))
        if diff == 0:
            lines.append(text(language, "compare_same", period=later))
            continue
        percent = f" ({format_percent(diff / before, '+#,##0%;-#,##0%', locale=locale)})" if before else ""
        lines.append(text(language, N_("compare_more") if diff > 0 else N_("compare_less"), amount=shown, period=later,
                          percent=percent))
    return head + "\n".join(lines)


def _compared_values(result: Spending, metric: str) -> dict[str, Decimal]:
    """The measure per currency (count under the key "" since invoices are counted across currencies)."""
    if metric == "count":
        return {"": Decimal(sum(r.count for r in result.by_currency))}
    values = {r.currency: amount_of(r, metric) for r in result.by_currency}
    return {cur: v for cur, v in values.items() if v is not None}


def _compared_line(values: dict[str, Decimal], metric: str, language: str, locale: str) -> str:
    if metric == "count":
        return f"*{invoices_label(int(values['']), language, locale)}*"
    if not values:
        return text(language, "compare_nothing")
    return " · ".join(f"*{money(v, cur, locale)}*" for cur, v in values.items())


def invoice_line(inv: InvoiceView, language: str, locale: str) -> str:
    parts = [f"#{inv.seq}"]
    if inv.invoice_date:
        parts.append(date_label(inv.invoice_date, locale))
    parts.append(clean_display(inv.vendor, 40) if inv.vendor else text(language, "no_vendor"))
    if inv.total is not None:
        parts.append(f"*{money(inv.total, inv.currency, locale)}*")
    line = " · ".join(parts)
    if inv.duplicate_of_seq is not None:
        line += f" {text(language, 'duplicate_mark')}"
    return line


def list_reply(result: InvoiceList, *, period: Period | None, vendor: str | None, category: str | None,
               language: str, locale: str, currency: str | None = None) -> str:
    parts = scope(period, [], vendor, category, locale, language, currency)
    if result.unmatched == "vendor":
        return heading(parts) + text(language, "unmatched_vendor", name=clean_display(vendor or "", 60))
    if result.unmatched == "category":
        return heading(parts) + text(language, "unmatched_category", name=category_label(category or "", language))
    if not result.invoices:
        return heading(parts) + text(language, "nothing")
    title = text(language, "list")
    lines = [title + (f" · {' · '.join(p for p in parts if p)}" if any(parts) else "")]
    lines += [invoice_line(inv, language, locale) for inv in result.invoices]
    if result.matching > len(result.invoices):
        lines.append(text(language, "list_more", n=result.matching - len(result.invoices)))
    elif len(result.invoices) > 1 and any(parts):  # "electricity bills in 2025": all of them, and their sum
        sums: dict[str, Decimal] = {}
        for inv in result.invoices:
            if inv.total is not None and inv.duplicate_of_seq is None:
                sums[inv.currency] = sums.get(inv.currency, Decimal(0)) + inv.total
        if sums:
            lines.append(text(language, "together", amount=" · ".join(f"*{money(t, c, locale)}*" for c, t in sums.items())))
    return "\n".join(lines)


def invoice_reply(inv: InvoiceView, language: str, locale: str, *, max_items: int = MAX_ITEMS_SHOWN) -> str:
    vendor = clean_display(inv.vendor, 60) if inv.vendor else text(language, "no_vendor")
    lines = [f"*#{inv.seq} · {vendor}*"]
    if inv.invoice_date:
        lines.append(f"{text(language, 'date')}: {date_label(inv.invoice_date, locale)}")
    if inv.invoice_number:
        lines.append(f"{text(language, 'number')}: {clean_display(inv.invoice_number, 60)}")
    if inv.due_date:
        lines.append(text(language, "due_line", date=date_label(inv.due_date, locale)))
    if inv.total is not None:
        total = f"{text(language, 'total')}: *{money(inv.total, inv.currency, locale)}*"
        if inv.tax is not None:
            total += f" ({text(language, 'tax_label')} {money(inv.tax, inv.currency, locale)})"
        lines.append(total)
    if inv.items:
        lines.append(f"{text(language, 'items')}:")
        for item in inv.items[:max_items]:
            qty = "" if item.quantity == 1 else f"{_quantity(item.quantity)} × "
            lines.append(f"• {qty}{clean_display(item.description, 50)} — {money(item.total_price, inv.currency, locale)}")
        if len(inv.items) > max_items:
            lines.append(text(language, "items_more", n=len(inv.items) - max_items))
    if inv.duplicate_of_seq is not None:
        lines.append(text(language, "duplicate_note", seq=inv.duplicate_of_seq))
    return "\n".join(lines)


def _quantity(q: Decimal) -> str:
    normalized = q.normalize()
    return f"{normalized:f}"


def top_vendors_reply(rows: list[VendorTotal], *, period: Period | None, language: str, locale: str,
                      category: str | None = None) -> str:
    parts = [period_label(period, locale) if period else "", category_label(category, language) if category else ""]
    title = text(language, "top_vendors") + "".join(f" · {p}" for p in parts if p)
    if not rows:
        return title + "\n" + text(language, "nothing")
    lines = [title]
    rank, last_currency = 0, None
    for row in rows:
        if row.currency != last_currency:
            rank, last_currency = 0, row.currency
        rank += 1
        lines.append(f"{rank}. {clean_display(row.vendor, 40)} — *{money(row.total, row.currency, locale)}* "
                     f"({invoices_label(row.count, language, locale)})")
    return "\n".join(lines)


def biggest_reply(rows: list[InvoiceView], *, period: Period | None, vendor: str | None, language: str,
                  locale: str, category: str | None = None, smallest: bool = False) -> str:
    parts = [period_label(period, locale) if period else text(language, "all_time"),
             clean_display(vendor, 40) if vendor else "", category_label(category, language) if category else ""]
    title = text(language, N_("smallest") if smallest else N_("biggest")) + "".join(f" · {p}" for p in parts if p)
    if not rows:
        return title + "\n" + text(language, "nothing")
    return "\n".join([title, *(invoice_line(inv, language, locale) for inv in rows)])


def what(inv: InvoiceView | None, locale: str) -> str:
    """" (Shell, €45.10)" after an invoice number in confirmations."""
    if inv is None:
        return ""
    parts = [clean_display(inv.vendor, 40) if inv.vendor else "",
             money(inv.total, inv.currency, locale) if inv.total is not None else ""]
    shown = [p for p in parts if p]
    return f" ({', '.join(shown)})" if shown else ""


def clip(body: str, limit: int = MAX_CHARS) -> str:
    """Keep a reply within one WhatsApp message, cutting at a line break when possible."""
    if len(body) <= limit:
        return body
    cut = body[: limit - 1]
    newline = cut.rfind("\n")
    if newline > limit // 2:
        cut = cut[:newline]
    return cut.rstrip() + "…"
