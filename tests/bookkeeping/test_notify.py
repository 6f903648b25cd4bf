"""notify(): any proactive message (a report, an alert), claimed by its key and sent once, with its media."""
import datetime as dt

from sqlalchemy import select

from app.models import Notification, NotificationStatus, User
from app.replies.notify import notify
from tests.bookkeeping.payments_helpers import say

EN = "+447700900123"


def test_a_report_with_an_attachment_is_sent_once_per_key(whatsapp, db_session, fake_twilio):
    say(whatsapp, EN, "hi")
    user = db_session.scalars(select(User)).one()
    before = len(whatsapp.replies(EN))
    for _ in range(2):  # a retried job, a second worker
        row = notify(db_session, whatsapp.settings, user, kind="report", key=f"report:{user.id}:2026-11",
                     body="📊 November: *£120.00* over 6 invoices.",
                     media_urls=["https://assistant.example.test/exports/report.pdf"])

    sent = whatsapp.replies(EN)[before:]
    assert len(sent) == 1 and sent[0]["MediaUrl"] == ["https://assistant.example.test/exports/report.pdf"]
    assert (row.status, row.channel, row.twilio_sid) == (NotificationStatus.sent, "text", sent[0]["sid"])
    assert db_session.scalars(select(Notification.kind)).all() == ["report"]


def test_twilio_refusing_for_good_marks_the_row_failed_and_does_not_retry(whatsapp, db_session, fake_twilio):
    say(whatsapp, EN, "hi")
    user = db_session.scalars(select(User)).one()
    before = len(whatsapp.replies(EN))
    fake_twilio.fail_next(400, 21211)
    row = notify(db_session, whatsapp.settings, user, kind="alert", key="alert:1", body="Budget reached.")
    again = notify(db_session, whatsapp.settings, user, kind="alert", key="alert:1", body="Budget reached.",
                   now=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5))

    assert (row.status, again.status, row.error) == (NotificationStatus.failed, NotificationStatus.failed,
                                                     "Twilio answered 400 (code 21211)")
    assert len(whatsapp.replies(EN)) == before
