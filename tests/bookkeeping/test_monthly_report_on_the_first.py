"""The monthly report on the 1st: the janitor's pass sends last month's report once per user and month, on
the 1st in the user's own time zone, as text with the chart inside WhatsApp's 24-hour window, as a template
with a long-lived chart link outside it, or not at all without a template; only to users who opted in.
Users opt in through signed webhooks and the real worker; messages reach the fake Twilio API."""
import datetime as dt
import json
import re
import threading
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from app.conversation.export import ExportLinkError
from app.conversation.signed_files import REPORT_CHART, open_file
from app.models import Media, Message, Notification, NotificationStatus, ReportSubscription, User
from app.tasks.monthly_reports import run_monthly_reports
from tests.bookkeeping.payments_helpers import say, seed, user_id

ES, EN, FR = "+34612345678", "+447700900123", "+33612345678"
TEMPLATE = "HX" + "b2" * 16
TODAY = dt.date.today()
THIS_MONTH = TODAY.replace(day=1)
NEXT_FIRST = (THIS_MONTH + dt.timedelta(days=32)).replace(day=1)


@pytest.fixture
def configure(monkeypatch):
    from app.config import get_settings

    def apply(**env: str):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        return get_settings()

    return apply


def midnight(day: dt.date, zone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def subscribe(whatsapp, db_session, number: str, said: str, *, zone: str | None = None) -> int:
    say(whatsapp, number, said)
    if zone:
        db_session.execute(update(User).where(User.whatsapp_number == number).values(timezone=zone))
        db_session.commit()
    return user_id(db_session, number)


def last_wrote(db_session, number: str, at: dt.datetime) -> None:
    """Move the user's messages to ``at``: an hour before a pass keeps the 24-hour window open, a day closes it."""
    db_session.execute(update(Message).where(Message.user_id == user_id(db_session, number)).values(created_at=at))
    db_session.commit()


def reports(db_session) -> list[Notification]:
    db_session.expire_all()
    return list(db_session.scalars(select(Notification).where(Notification.kind == "monthly_report")
                                   .order_by(Notification.id)))


def token_of(url: str) -> str:
    return re.search(r"/reports/([^/]+)\.png$", url).group(1)


def test_sent_once_on_the_first_in_each_users_zone_auckland_before_london(whatsapp, db_session, configure):
    settings = configure()
    auckland = subscribe(whatsapp, db_session, ES, "envíame un informe mensual", zone="Pacific/Auckland")
    london = subscribe(whatsapp, db_session, EN, "send me a monthly report", zone="Europe/London")
    seed(db_session, ES, 1, total="45.00")
    seed(db_session, EN, 1, vendor="Shell", total="30.00")
    first_in_auckland, first_in_london = midnight(NEXT_FIRST, "Pacific/Auckland"), midnight(NEXT_FIRST, "Europe/London")
    counts = len(whatsapp.replies(ES)), len(whatsapp.replies(EN))

    before = first_in_auckland - dt.timedelta(minutes=1)
    last_wrote(db_session, ES, before - dt.timedelta(hours=1))
    last_wrote(db_session, EN, before - dt.timedelta(hours=1))
    assert run_monthly_reports(settings, now=before).sent == [] and reports(db_session) == []

    result = run_monthly_reports(settings, now=first_in_auckland)
    key = f"monthly_report:{auckland}:{THIS_MONTH:%Y-%m}"
    assert result.sent == [key]
    [report] = whatsapp.replies(ES)[counts[0]:]
    assert report["Body"].startswith("📊 *Informe ·") and "45,00" in report["Body"]
    assert report["ContentSid"] is None and len(report["MediaUrl"]) == 1
    assert len(whatsapp.replies(EN)) == counts[1]  # still the last day of the month in London

    last_wrote(db_session, EN, first_in_london - dt.timedelta(hours=1))
    assert run_monthly_reports(settings, now=first_in_london).sent == [f"monthly_report:{london}:{THIS_MONTH:%Y-%m}"]
    [report] = whatsapp.replies(EN)[counts[1]:]
    assert report["Body"].startswith("📊 *Report ·") and "€30.00" in report["Body"]

    run_monthly_reports(settings, now=first_in_london + dt.timedelta(days=1))  # later passes: nothing again
    assert len(whatsapp.replies(ES)) == counts[0] + 1 and len(whatsapp.replies(EN)) == counts[1] + 1
    assert [(r.user_id, r.channel, r.status) for r in reports(db_session)] == [
        (auckland, "text", NotificationStatus.sent), (london, "text", NotificationStatus.sent)]
    assert {s.last_sent_month for s in db_session.scalars(select(ReportSubscription))} == {THIS_MONTH}


def test_outside_the_window_the_template_carries_month_total_and_a_chart_link_valid_for_days(
        whatsapp, db_session, configure, fake_twilio):
    settings = configure(TWILIO_TEMPLATE_MONTHLY_REPORT=f"en:HX{'0' * 32},es:{TEMPLATE}")
    fake_twilio.add_content(TEMPLATE, "Tu informe de {{1}}: {{2}}. Gráfico: {{3}}")
    subscribe(whatsapp, db_session, ES, "envíame un informe mensual", zone="Europe/Madrid")
    seed(db_session, ES, 1, total="45.00")
    now = midnight(NEXT_FIRST, "Europe/Madrid") + dt.timedelta(hours=8)
    last_wrote(db_session, ES, now - dt.timedelta(days=3))
    replies_before = len(whatsapp.replies(ES))
    run_monthly_reports(settings, now=now)

    [sent] = whatsapp.replies(ES)[replies_before:]
    variables = json.loads(sent["ContentVariables"])
    assert sent["ContentSid"] == TEMPLATE and not sent.get("MediaUrl")
    assert str(THIS_MONTH.year) in variables["1"] and "45,00" in variables["2"]
    assert variables["3"].startswith(settings.public_base_url) and sent["Body"].startswith("Tu informe de ")
    [row] = reports(db_session)
    assert (row.channel, row.content_sid, row.status) == ("template", TEMPLATE, NotificationStatus.sent)

    # The user opens the message days later: the chart is still there, and gone after REPORT_LINK_TTL_SECONDS.
    token = token_of(variables["3"])
    assert open_file(db_session, settings, REPORT_CHART, token, now=now + dt.timedelta(days=6)).data[:4] == b"\x89PNG"
    with pytest.raises(ExportLinkError) as gone:
        open_file(db_session, settings, REPORT_CHART, token, now=now + dt.timedelta(days=7, seconds=1))
    assert gone.value.expired


def test_a_chart_asked_for_still_expires_with_export_links(whatsapp, db_session, configure):
    settings = configure()
    say(whatsapp, EN, "hi")
    seed(db_session, EN, 1, total="12.00")
    whatsapp.send_text("report", number=EN)
    whatsapp.run_jobs()
    [url] = whatsapp.replies(EN)[-1]["MediaUrl"]
    now = dt.datetime.now(dt.UTC)
    assert open_file(db_session, settings, REPORT_CHART, token_of(url), now=now + dt.timedelta(minutes=50))
    with pytest.raises(ExportLinkError) as gone:
        open_file(db_session, settings, REPORT_CHART, token_of(url), now=now + dt.timedelta(hours=2))
    assert gone.value.expired


def test_outside_the_window_without_a_template_it_is_skipped_and_the_month_is_done(whatsapp, db_session,
                                                                                  configure):
    settings = configure(TWILIO_TEMPLATE_MONTHLY_REPORT="")
    london = subscribe(whatsapp, db_session, EN, "send me a monthly report", zone="Europe/London")
    now = midnight(NEXT_FIRST, "Europe/London") + dt.timedelta(hours=9)
    last_wrote(db_session, EN, now - dt.timedelta(hours=25))
    replies_before = len(whatsapp.replies(EN))
    result = run_monthly_reports(settings, now=now)

    assert len(whatsapp.replies(EN)) == replies_before
    [row] = reports(db_session)
    assert row.status == NotificationStatus.skipped and result.skipped == [row.key]
    assert db_session.get(ReportSubscription, london).last_sent_month == THIS_MONTH
    run_monthly_reports(settings, now=now + dt.timedelta(hours=1))
    assert len(whatsapp.replies(EN)) == replies_before and len(reports(db_session)) == 1


def test_only_users_who_opted_in_and_did_not_opt_out_get_it(whatsapp, db_session, configure):
    settings = configure()
    subscribe(whatsapp, db_session, EN, "send me a monthly report", zone="Europe/London")
    subscribe(whatsapp, db_session, ES, "hola", zone="Europe/London")  # never asked
    subscribe(whatsapp, db_session, FR, "envoie-moi un rapport mensuel", zone="Europe/London")
    assert "désactivé" in say(whatsapp, FR, "arrête le rapport mensuel")
    now = midnight(NEXT_FIRST, "Europe/London") + dt.timedelta(hours=9)
    for number in (EN, ES, FR):
        last_wrote(db_session, number, now - dt.timedelta(hours=1))
    counts = {number: len(whatsapp.replies(number)) for number in (EN, ES, FR)}
    run_monthly_reports(settings, now=now)

    assert {number: len(whatsapp.replies(number)) - counts[number] for number in counts} == {EN: 1, ES: 0, FR: 0}
    assert [r.user_id for r in reports(db_session)] == [user_id(db_session, EN)]


def test_two_concurrent_passes_build_and_send_the_report_once(whatsapp, db_session, configure):
    settings = configure()
    subscribe(whatsapp, db_session, EN, "send me a monthly report", zone="Europe/London")
    seed(db_session, EN, 1, total="30.00")
    now = midnight(NEXT_FIRST, "Europe/London") + dt.timedelta(hours=9)
    last_wrote(db_session, EN, now - dt.timedelta(hours=1))
    replies_before = len(whatsapp.replies(EN))
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def one_pass():
        start.wait()
        try:
            run_monthly_reports(settings, now=now)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=one_pass) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    run_monthly_reports(settings, now=now + dt.timedelta(minutes=5))  # a later pass, as the janitor runs them

    assert not errors
    assert len(whatsapp.replies(EN)[replies_before:]) == 1
    assert [r.status for r in reports(db_session)] == [NotificationStatus.sent]
    charts = db_session.scalars(select(Media).where(Media.processing_metadata["export"]["kind"].astext
                                                    == REPORT_CHART.name)).all()
    assert len(charts) == 1


def test_a_lost_twilio_answer_is_looked_up_and_the_month_marked_once_known(whatsapp, db_session, configure,
                                                                           fake_twilio):
    settings = configure(TWILIO_TIMEOUT_SECONDS="1")
    london = subscribe(whatsapp, db_session, EN, "send me a monthly report", zone="Europe/London")
    last_month = (THIS_MONTH - dt.timedelta(days=1)).replace(day=1)
    db_session.execute(update(ReportSubscription).values(last_sent_month=(last_month - dt.timedelta(days=1))
                                                         .replace(day=1)))
    db_session.commit()
    now = dt.datetime.now(dt.UTC)
    replies_before = len(whatsapp.replies(EN))
    fake_twilio.delay_next(2.5, create="after")  # Twilio creates the message but answers after our timeout
    run_monthly_reports(settings, now=now)
    [row] = reports(db_session)
    assert row.status == NotificationStatus.pending
    assert db_session.get(ReportSubscription, london).last_sent_month < last_month  # still due

    run_monthly_reports(settings, now=now + dt.timedelta(seconds=1))
    [row] = reports(db_session)
    sent = whatsapp.replies(EN)[replies_before:]
    assert len(sent) == 1 and (row.status, row.twilio_sid) == (NotificationStatus.sent, sent[0]["sid"])
    db_session.expire_all()
    assert db_session.get(ReportSubscription, london).last_sent_month == last_month


def test_the_worker_janitor_runs_the_monthly_report_pass(whatsapp, db_session, configure, redis_conn):
    from worker.janitor import Janitor

    settings = configure()
    london = subscribe(whatsapp, db_session, EN, "send me a monthly report", zone="Europe/London")
    db_session.execute(update(ReportSubscription).values(last_sent_month=dt.date(2020, 1, 1)))
    db_session.commit()
    Janitor(settings, redis_conn).run_round()

    [row] = reports(db_session)
    assert row.key.startswith(f"monthly_report:{london}:") and row.status == NotificationStatus.sent
    assert whatsapp.replies(EN)[-1]["Body"].startswith("📊")
