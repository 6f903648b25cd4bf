"""The monthly report on the 1st, run by every worker's janitor every ``MONTHLY_REPORT_INTERVAL_SECONDS``.

For each user who opted in ("send me a monthly report") and whose own month has turned (the 1st in their
time zone, so Auckland gets March's report half a day before London), last month's report is built and sent
as a notification keyed ``monthly_report:<user id>:<YYYY-MM>``: inside WhatsApp's 24-hour window as the
report's text with the chart as media; outside it as the ``TWILIO_TEMPLATE_MONTHLY_REPORT`` template (month,
total, link to the chart), or not at all when no template is set (skipped and counted). The chart link lives
``REPORT_LINK_TTL_SECONDS``, as a template is often read days later. Once the notification is decided (sent,
skipped or failed) the month is marked sent, so it is never due again.

Exactly once with several workers, restarts and Twilio timeouts: the user's subscription row is locked
(``FOR UPDATE SKIP LOCKED``) while their report is built and claimed, so two passes never build it twice; the
notification key is unique, so a pass that finds it already claimed only finishes its delivery
(:func:`app.replies.notify.deliver` looks up an attempt Twilio may have received before sending again); and
the month is marked sent only after that, so a worker dying in between leaves it due for the next pass.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings, get_settings
from app.conversation.answers import locale_for, money, period_label
from app.conversation.dates import month
from app.conversation.monthly_report import build_monthly_report
from app.conversation.report_schedule import due_monthly_reports, mark_report_sent
from app.db import session_factory
from app.domain.reply import Reply
from app.metrics import JOBS
from app.models import Notification, NotificationStatus, ReportSubscription, User
from app.replies.notify import Template, deliver, notify
from app.tasks.reminders import template_sid

log = logging.getLogger(__name__)

KIND = "monthly_report"


@dataclass
class Pass:
    sent: list[str] = field(default_factory=list)  # notification keys sent by this pass
    skipped: list[str] = field(default_factory=list)  # outside the window with no template
    failed: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # Twilio not reached yet: a later pass finishes them
    errors: int = 0  # users whose report could not be built this pass (tried again next pass)


def report_key(user_id: int, month_start: dt.date) -> str:
    return f"{KIND}:{user_id}:{month_start:%Y-%m}"


def run_monthly_reports(settings: Settings | None = None, now: dt.datetime | None = None) -> Pass:
    settings = settings or get_settings()
    now = now or dt.datetime.now(dt.UTC)
    result = Pass()
    with session_factory(settings.database_url)() as session:
        due = [(user.id, month_start) for user, month_start in
               due_monthly_reports(session, now, default_timezone=settings.default_timezone)]
        session.rollback()
        for user_id, month_start in due:
            try:
                row = send_report_once(session, settings, user_id, month_start, now)
            except Exception:  # one user's report failing must not hold back everyone else's
                session.rollback()
                result.errors += 1
                log.exception("monthly report not sent this pass", extra={"user_id": user_id})
                continue
            if row is not None:
                bucket = {NotificationStatus.sent: result.sent, NotificationStatus.skipped: result.skipped,
                          NotificationStatus.failed: result.failed}.get(row.status, result.pending)
                bucket.append(row.key)
    JOBS.labels(job="monthly_reports", outcome="ok" if not result.errors else "error").inc()
    return result


def send_report_once(session: Session, settings: Settings, user_id: int, month_start: dt.date,
                     now: dt.datetime) -> Notification | None:
    """Build, claim and send ``user_id``'s report of ``month_start``'s month unless another pass holds it,
    it went out already or the user opted out meanwhile (then None); marks the month once it is decided."""
    subscription = session.scalar(
        select(ReportSubscription).where(ReportSubscription.user_id == user_id, ReportSubscription.monthly.is_(True))
        .with_for_update(skip_locked=True))
    if subscription is None or (subscription.last_sent_month is not None
                                and subscription.last_sent_month >= month_start):
        session.rollback()
        return None
    key = report_key(user_id, month_start)
    row = session.scalar(select(Notification).where(Notification.key == key, Notification.user_id == user_id))
    if row is None:
        user = session.get(User, user_id)
        if user is None:
            session.rollback()
            return None
        reply = build_monthly_report(session, settings, user, month_start, now=now,
                                     link_ttl=settings.report_link_ttl_seconds)
        # notify commits the chart's file row with the claimed notification (and so releases the lock).
        row = notify(session, settings, user, kind=KIND, key=key, body=reply.body, media_urls=reply.media_urls,
                     template=_template(settings, user, month_start, reply), now=now)
    else:
        session.commit()  # claimed by an earlier pass: release the lock, finish its delivery
        deliver(session, settings, row, now=now)
    if row.status != NotificationStatus.pending:
        mark_report_sent(session, user_id, month_start)
        session.commit()
        log.info("monthly report %s", row.status.value, extra={"user_id": user_id, "month": f"{month_start:%Y-%m}"})
    return row


def _template(settings: Settings, user: User, month_start: dt.date, reply: Reply) -> Template | None:
    """The template's variables: {{1}} the month, {{2}} what was spent, {{3}} the link to the chart."""
    sid = template_sid(settings.twilio_template_monthly_report, reply.language)
    if not sid:
        return None
    locale = locale_for(reply.language, user.whatsapp_number)
    data = reply.data or {}
    totals = data.get("totals") or {}
    main = data.get("main_currency")
    ordered = sorted(totals.items(), key=lambda item: (item[0] != main, item[0]))
    spent = " + ".join(money(Decimal(amount), currency, locale) for currency, amount in ordered)
    return sid, {"1": period_label(month(month_start.year, month_start.month), locale),
                 "2": spent or "-",
                 "3": reply.media_urls[0] if reply.media_urls else "-"}


__all__ = ["KIND", "Pass", "report_key", "run_monthly_reports", "send_report_once"]
