"""The monthly report: a short text (total per currency, change against the period before, top categories
and vendors, count) and one chart image sent as WhatsApp media.

:func:`report_reply` answers "report", "informe de marzo", "Bericht für März" (the offline handler's
executor, registered by :mod:`app.conversation.extensions`); :func:`report_tool` is the OpenAI tool's side
of the same thing; :func:`build_monthly_report` is what the periodic job calls on the 1st (see
:mod:`app.conversation.report_schedule`). The chart is stored as a file of the user and linked with a signed,
expiring URL (:mod:`app.conversation.signed_files`) that Twilio fetches.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from decimal import Decimal
from typing import Any

from babel.dates import format_interval, format_skeleton
from babel.numbers import format_percent, get_currency_symbol
from sqlalchemy.orm import Session

from app.config import Settings
from app.conversation import timezone as tz
from app.conversation.answers import category_label, clip, invoices_label, locale_for, money, period_label
from app.conversation.dates import Period, month
from app.conversation.export import plain_amount
from app.conversation.report_chart import ChartText, render_chart
from app.conversation.report_data import MAX_CHART_CATEGORIES, TOP_CATEGORIES, ReportData, report_data
from app.conversation.signed_files import REPORT_CHART, store_file
from app.conversation.text import clean_display
from app.domain.categories import OTHER
from app.domain.reply import Reply
from app.i18n.catalogue import N_, hinted_language, supported_language, text
from app.i18n.phone import hint_for_number
from app.models import User

log = logging.getLogger(__name__)


def this_month(today: dt.date) -> Period:
    return month(today.year, today.month)


# --- the text --------------------------------------------------------------------------------------------

def _change(now: Decimal, before: Decimal | None, locale: str) -> str | None:
    if not before:
        return None
    ratio = (now - before) / before
    shown = format_percent(abs(ratio), locale=locale)
    return ("+" if ratio > 0 else "-" if ratio < 0 else "±") + shown


def report_text(data: ReportData, language: str, locale: str) -> str:
    label = period_label(data.period, locale)
    if data.main_currency is None:
        return text(language, "report_empty", period=label)
    lines = [text(language, "report_heading", period=label)]
    for row in data.totals:
        lines.append(text(language, "report_spent", amount=money(row.total, row.currency, locale),
                          count=invoices_label(row.count, language, locale)))
        before = data.previous_totals.get(row.currency)
        change = _change(row.total, before, locale)
        previous = period_label(data.previous, locale)
        if change is not None and before is not None:
            lines.append(text(language, "report_change", change=change, previous=previous,
                              before=money(before, row.currency, locale)))
        elif row.currency == data.main_currency:
            lines.append(text(language, "report_change_none", previous=previous))
    main = data.main_currency
    if data.by_category:
        items = ", ".join(f"{category_label(c, language)} {money(a, main, locale)}"
                          for c, a in data.by_category[:TOP_CATEGORIES])
        lines.append(text(language, "report_top_categories", items=items))
    if data.top_vendors:
        items = ", ".join(f"{clean_display(v.vendor, 30)} {money(v.total, v.currency, locale)}"
                          for v in data.top_vendors)
        lines.append(text(language, "report_top_vendors", items=items))
    if data.other_currencies:
        lines.append(text(language, "report_chart_note", currency=main, others=", ".join(data.other_currencies)))
    return "\n".join(lines)


# --- the chart -------------------------------------------------------------------------------------------

def _bucket_label(span: Period, weekly: bool, locale: str) -> str:
    if not weekly:
        return format_skeleton("MMM", span.start, locale=locale)
    if span.start == span.last_day:
        return format_skeleton("MMMd", span.start, locale=locale)
    return format_interval(span.start, span.last_day, "MMMd", locale=locale)


def chart_png(data: ReportData, language: str, locale: str) -> bytes:
    """The two-panel chart of the main currency, labelled in the user's language."""
    main = data.main_currency or "EUR"
    categories = [(category_label(c, language), a) for c, a in data.by_category[:MAX_CHART_CATEGORIES]]
    rest = sum((a for _, a in data.by_category[MAX_CHART_CATEGORIES:]), Decimal(0))
    if rest:
        categories.append((category_label(OTHER, language), rest))
    words = ChartText(title=f"{period_label(data.period, locale)} · {main}",
                      categories_title=text(language, "report_chart_categories"),
                      buckets_title=text(language, N_("report_chart_weeks") if data.weekly
                                         else N_("report_chart_months")),
                      empty=text(language, "report_chart_empty"))
    return render_chart(words, categories, [(_bucket_label(s, data.weekly, locale), a) for s, a in data.by_bucket],
                        get_currency_symbol(main, locale=locale), shown=lambda a: money(a, main, locale))


# --- building the reply ----------------------------------------------------------------------------------

def build_report(session: Session, settings: Settings, user_id: int, period: Period, *, timezone: str,
                 language: str, locale: str, now: dt.datetime, link_ttl: int | None = None) -> Reply:
    """Text plus, when there is something to chart and links can be built, the stored chart as media
    (its link valid ``link_ttl`` seconds, ``EXPORT_LINK_TTL_SECONDS`` unless told)."""
    started = time.perf_counter()
    data = report_data(session, user_id, period, timezone=timezone)
    body = report_text(data, language, locale)
    main = data.main_currency or ""
    info: dict[str, Any] = {
        "ok": data.main_currency is not None, "invoices": data.count,
        "period": {"from": period.start.isoformat(), "to": period.last_day.isoformat()},
        "previous_period": {"from": data.previous.start.isoformat(), "to": data.previous.last_day.isoformat()},
        "totals": {t.currency: plain_amount(t.total, t.currency) for t in data.totals},
        "previous_totals": {c: plain_amount(v, c) for c, v in data.previous_totals.items()},
        "main_currency": data.main_currency, "other_currencies": data.other_currencies,
        "top_categories": [{"category": c, "total": plain_amount(a, main)} for c, a in data.by_category[:TOP_CATEGORIES]],
        "top_vendors": [{"vendor": v.vendor, "total": plain_amount(v.total, v.currency)} for v in data.top_vendors]}
    media: list[str] = []
    if data.main_currency is not None and settings.public_base_url:
        png = chart_png(data, language, locale)
        name = f"report-{period.start.isoformat()}-to-{period.last_day.isoformat()}.png"
        link = store_file(session, settings, user_id, REPORT_CHART, png, filename=name, now=now,
                          details={"invoices": data.count}, ttl_seconds=link_ttl)
        media.append(link.url)
        info.update(chart_bytes=len(png), file_path=link.file_path, expires_at=link.expires_at.isoformat())
    elif data.main_currency is not None:
        log.error("report chart skipped: PUBLIC_BASE_URL is not set")
    info["seconds"] = round(time.perf_counter() - started, 3)
    return Reply(clip(body), media_urls=media, intent="monthly_report", data=info, language=language)


def report_reply(ctx: Any, intent: Any) -> Reply:
    """Executor for the handler's ``MonthlyReport`` intent: the period said, else the current month so far."""
    period = getattr(intent, "period", None) or this_month(ctx.today)
    return build_report(ctx.session, ctx.settings, ctx.user_id, period, timezone=ctx.timezone,
                        language=ctx.language, locale=ctx.locale, now=ctx.now)


def build_monthly_report(session: Session, settings: Settings, user: User, month_start: dt.date, *,
                         now: dt.datetime | None = None, link_ttl: int | None = None) -> Reply:
    """The report of the calendar month containing ``month_start`` for ``user``, in their language and
    timezone, as the periodic job on the 1st sends it (the caller sends the Reply, commits, and then marks
    the month sent with :func:`app.conversation.report_schedule.mark_report_sent`); ``link_ttl`` as for
    :func:`build_report`."""
    now = now or dt.datetime.now(dt.UTC)
    hint = hint_for_number(user.whatsapp_number)
    language = supported_language(user.language, hinted_language(hint.languages) if hint else None,
                                  settings.default_language)
    zone = tz.user_zone(user, now, settings.default_timezone).name
    return build_report(session, settings, user.id, month(month_start.year, month_start.month), timezone=zone,
                        language=language, locale=locale_for(language, user.whatsapp_number), now=now,
                        link_ttl=link_ttl)
