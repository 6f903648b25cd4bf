"""The monthly report on the 1st: the per-user opt-in and which reports are due.

"Send me a monthly report" switches it on, "stop monthly report" off (:func:`subscription_reply`, the
offline handler's executor; the OpenAI tool calls :func:`set_subscription` too). The periodic job asks
:func:`due_monthly_reports` for ``(user, month)`` pairs, builds each with
:func:`app.conversation.monthly_report.build_monthly_report`, sends it (exactly once, through the proactive
sender) and then calls :func:`mark_report_sent`, so a month is reported once whatever the job's schedule.
A month is due from the 1st of the next month in the user's own timezone.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.conversation.dates import today_in
from app.domain.reply import Reply
from app.i18n.catalogue import N_, text
from app.models import ReportSubscription, User


def _month_before(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1) - relativedelta(months=1)


def set_subscription(session: Session, user_id: int, monthly: bool, *, today: dt.date,
                     now: dt.datetime) -> bool:
    """Switch the user's report on the 1st on or off; returns whether it was on before. A new subscriber's
    first report is the current month's, sent next 1st (not last month's, straight away)."""
    row = session.get(ReportSubscription, user_id)
    was_on = bool(row and row.monthly)
    if row is None:
        row = ReportSubscription(user_id=user_id, monthly=monthly)
        session.add(row)
    row.monthly = monthly
    row.changed_at = now
    if monthly and not was_on:
        already = _month_before(today)
        row.last_sent_month = max(row.last_sent_month or already, already)
    session.flush()
    return was_on


def due_monthly_reports(session: Session, now: dt.datetime, *,
                        default_timezone: str = "UTC") -> list[tuple[User, dt.date]]:
    """Subscribed users whose last full month (in their timezone) has not been reported yet, with the first
    day of that month."""
    due: list[tuple[User, dt.date]] = []
    rows = session.execute(
        select(User, ReportSubscription.last_sent_month)
        .join(ReportSubscription, ReportSubscription.user_id == User.id)
        .where(ReportSubscription.monthly.is_(True), User.is_active.is_(True))
        .order_by(User.id)
    ).all()
    for user, last_sent in rows:
        month_start = _month_before(today_in(user.timezone, now, default_timezone))
        if last_sent is None or last_sent < month_start:
            due.append((user, month_start))
    return due


def mark_report_sent(session: Session, user_id: int, month_start: dt.date) -> None:
    """Record that the report of ``month_start``'s month went out (never moves backwards)."""
    row = session.get(ReportSubscription, user_id)
    first = dt.date(month_start.year, month_start.month, 1)
    if row is not None and (row.last_sent_month is None or row.last_sent_month < first):
        row.last_sent_month = first
        session.flush()


def subscription_reply(ctx: Any, intent: Any) -> Reply:
    """Executor for the handler's ``ReportSubscription`` intent."""
    monthly = bool(getattr(intent, "monthly", False))
    was_on = set_subscription(ctx.session, ctx.user_id, monthly, today=ctx.today, now=ctx.now)
    key = N_("report_subscribed") if monthly else N_("report_unsubscribed")
    return Reply(text(ctx.language, key), intent="report_subscription",
                 data={"ok": True, "monthly": monthly, "was_on": was_on}, language=ctx.language)
