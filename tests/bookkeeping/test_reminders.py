"""Payment reminders: the janitor's pass sends each reminder once, as free text inside WhatsApp's 24-hour
window and as a Content API template outside it, in the user's language and time zone, or not at all for a
user who turned them off. Users and their settings come through signed webhooks and the real worker."""
import datetime as dt
import json
import threading

import pytest
from sqlalchemy import select, update

from app.models import Invoice, InvoiceEvent, Message, Notification, NotificationStatus, PaymentStatus, User
from app.tasks.reminders import run_reminders
from tests.bookkeeping.payments_helpers import say, seed, user_id

ES, EN = "+34612345678", "+447700900123"
TEMPLATE = "HX" + "a1" * 16


@pytest.fixture
def configure(monkeypatch):
    from app.config import get_settings

    def apply(**env: str):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        return get_settings()

    return apply


def at(hour: int, day: dt.date | None = None) -> dt.datetime:
    return dt.datetime.combine(day or dt.date.today(), dt.time(hour), tzinfo=dt.UTC)


def close_window(db_session, number: str, now: dt.datetime) -> None:
    db_session.execute(update(Message).where(Message.user_id == user_id(db_session, number))
                       .values(created_at=now - dt.timedelta(hours=25)))
    db_session.commit()


def test_inside_the_window_a_reminder_is_free_text_in_the_users_language(whatsapp, db_session, configure):
    settings = configure(TWILIO_TEMPLATE_PAYMENT_REMINDER=TEMPLATE)
    say(whatsapp, ES, "hola")
    now = dt.datetime.now(dt.UTC)
    seed(db_session, ES, 1, total="45.00", due=now.date() + dt.timedelta(days=2))
    result = run_reminders(settings, now=now.replace(hour=max(now.hour, 10)))

    reminder = whatsapp.replies(ES)[-1]
    assert reminder["ContentSid"] is None
    assert reminder["Body"].startswith("⏰ Recordatorio: *#1* (Amazon, 45,00") and "*#1 pagada*" in reminder["Body"]
    row = db_session.scalars(select(Notification)).one()
    assert (row.kind, row.channel, row.status, row.twilio_sid) == (
        "reminder_before", "text", NotificationStatus.sent, reminder["sid"])
    assert result.sent == [row.key] and row.key.endswith(":before")


def test_outside_the_window_a_reminder_is_the_template_with_its_variables(whatsapp, db_session, configure,
                                                                          fake_twilio):
    settings = configure(TWILIO_TEMPLATE_PAYMENT_REMINDER=f"en:HX{'0' * 32},es:{TEMPLATE}")
    fake_twilio.add_content(TEMPLATE, "Recordatorio de pago: {{1}} de {{2}} por {{3}} vence el {{4}}.")
    say(whatsapp, ES, "hola")
    now = at(12)
    close_window(db_session, ES, now)
    seed(db_session, ES, 1, total="45.00", due=now.date())
    replies_before = len(whatsapp.replies(ES))
    run_reminders(settings, now=now)

    sent = whatsapp.replies(ES)[replies_before:]
    assert len(sent) == 1 and sent[0]["ContentSid"] == TEMPLATE
    variables = json.loads(sent[0]["ContentVariables"])
    assert variables["1"] == "#1" and variables["2"] == "Amazon" and "45,00" in variables["3"]
    assert sent[0]["Body"].startswith("Recordatorio de pago: #1 de Amazon por 45,00")
    row = db_session.scalars(select(Notification)).one()
    assert (row.channel, row.content_sid, row.kind) == ("template", TEMPLATE, "reminder_due")


def test_outside_the_window_without_a_template_nothing_is_sent(whatsapp, db_session, configure):
    settings = configure(TWILIO_TEMPLATE_PAYMENT_REMINDER="")
    say(whatsapp, EN, "hi")
    now = at(12)
    close_window(db_session, EN, now)
    seed(db_session, EN, 1, due=now.date() + dt.timedelta(days=1))
    replies_before = len(whatsapp.replies(EN))
    result = run_reminders(settings, now=now)

    assert len(whatsapp.replies(EN)) == replies_before
    row = db_session.scalars(select(Notification)).one()
    assert row.status == NotificationStatus.skipped and result.skipped == [row.key]
    run_reminders(settings, now=now + dt.timedelta(hours=1))  # and it stays decided: no retry, no text
    assert len(whatsapp.replies(EN)) == replies_before


def test_two_concurrent_passes_send_each_reminder_exactly_once(whatsapp, db_session, configure):
    settings = configure()
    say(whatsapp, EN, "hi")
    now = at(12)
    seed(db_session, EN, 1, due=now.date() + dt.timedelta(days=1))
    seed(db_session, EN, 2, vendor="Shell", due=now.date())
    replies_before = len(whatsapp.replies(EN))

    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def one_pass():
        start.wait()
        try:
            run_reminders(settings, now=now)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=one_pass) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    run_reminders(settings, now=now + dt.timedelta(minutes=5))  # a later pass, as the janitor runs them

    assert not errors
    sent = whatsapp.replies(EN)[replies_before:]
    assert sorted(m["Body"].split("*")[1] for m in sent) == ["#1", "#2"]
    assert [r.status for r in db_session.scalars(select(Notification))] == [NotificationStatus.sent] * 2


def test_a_user_who_stopped_reminders_gets_none_and_others_still_do(whatsapp, db_session, configure):
    settings = configure()
    say(whatsapp, ES, "desactiva los recordatorios")
    say(whatsapp, EN, "hi")
    now = at(12)
    seed(db_session, ES, 1, due=now.date())
    seed(db_session, EN, 1, due=now.date())
    counts = len(whatsapp.replies(ES)), len(whatsapp.replies(EN))
    run_reminders(settings, now=now)

    assert len(whatsapp.replies(ES)) == counts[0]
    assert len(whatsapp.replies(EN)) == counts[1] + 1 and "due *today*" in whatsapp.replies(EN)[-1]["Body"]
    say(whatsapp, ES, "activa los recordatorios")
    run_reminders(settings, now=now + dt.timedelta(minutes=1))
    assert "vence *hoy*" in whatsapp.replies(ES)[-1]["Body"]


def test_the_due_day_and_the_reminder_hour_are_the_users_own(whatsapp, db_session, configure):
    settings = configure(REMINDER_HOUR="0")
    say(whatsapp, EN, "hi")
    say(whatsapp, ES, "hola")
    db_session.execute(update(User).where(User.whatsapp_number == ES).values(timezone="Pacific/Auckland"))
    db_session.commit()
    now = dt.datetime(2026, 3, 10, 11, 30, tzinfo=dt.UTC)  # London 11:30 on the 10th; Auckland 00:30 on the 11th
    for number in (EN, ES):
        seed(db_session, number, 1, due=dt.date(2026, 3, 11))
        seed(db_session, number, 2, vendor="Shell", due=dt.date(2026, 3, 10))
    run_reminders(settings, now=now)

    kinds = {(n.user_id, n.key.rsplit(":", 2)[1], n.kind) for n in db_session.scalars(select(Notification))}
    london, auckland = user_id(db_session, EN), user_id(db_session, ES)
    assert kinds == {(london, "2026-03-11", "reminder_before"), (london, "2026-03-10", "reminder_due"),
                     (auckland, "2026-03-11", "reminder_due"), (auckland, "2026-03-10", "reminder_overdue")}
    overdue = db_session.scalars(select(Invoice).where(Invoice.payment_status == PaymentStatus.overdue)).all()
    assert [(inv.user_id, inv.seq) for inv in overdue] == [(auckland, 2)]
    event = db_session.scalars(select(InvoiceEvent).where(InvoiceEvent.action == "overdue")).one()
    assert (event.actor, event.invoice_seq, event.user_id) == ("system", 2, auckland)

    # Before the user's hour, nothing: 08:00 in London with reminders from 09:00.
    say(whatsapp, EN, "reminders at 9")
    seed(db_session, EN, 3, vendor="Lidl", due=dt.date(2026, 3, 12))
    run_reminders(settings, now=dt.datetime(2026, 3, 11, 8, 0, tzinfo=dt.UTC))
    assert not db_session.scalars(select(Notification).where(Notification.key.like("%:2026-03-12:%"))).all()


def test_a_lost_twilio_answer_is_looked_up_instead_of_sending_twice(whatsapp, db_session, configure, fake_twilio):
    settings = configure(TWILIO_TIMEOUT_SECONDS="1", REMINDER_HOUR="0")
    say(whatsapp, EN, "hi")
    now = dt.datetime.now(dt.UTC)
    seed(db_session, EN, 1, due=now.date() + dt.timedelta(days=1))
    replies_before = len(whatsapp.replies(EN))
    fake_twilio.delay_next(2.5, create="after")  # Twilio creates the message but answers after our timeout
    run_reminders(settings, now=now)
    row = db_session.scalars(select(Notification)).one()
    assert row.status == NotificationStatus.pending and row.attempted_at is not None

    run_reminders(settings, now=now + dt.timedelta(seconds=1))
    db_session.refresh(row)
    sent = whatsapp.replies(EN)[replies_before:]
    assert len(sent) == 1 and (row.status, row.twilio_sid) == (NotificationStatus.sent, sent[0]["sid"])


def test_the_worker_janitor_runs_the_reminder_pass(whatsapp, db_session, configure, redis_conn):
    from worker.janitor import Janitor

    settings = configure(REMINDER_HOUR="0")
    say(whatsapp, EN, "hi")
    seed(db_session, EN, 1, vendor="Octopus Energy", due=dt.date.today() + dt.timedelta(days=1))
    Janitor(settings, redis_conn).run_round()
    assert "Octopus Energy" in whatsapp.replies(EN)[-1]["Body"]
    assert db_session.scalars(select(Notification.status)).one() == NotificationStatus.sent


def test_a_bare_paid_after_a_reminder_marks_the_reminded_invoice(whatsapp, db_session, configure):
    settings = configure(REMINDER_HOUR="0")
    say(whatsapp, ES, "hola")
    seed(db_session, ES, 1, vendor="Endesa", due=dt.date.today() + dt.timedelta(days=1))
    seed(db_session, ES, 2, vendor="Shell")  # the latest invoice, which "it" would otherwise mean
    run_reminders(settings)
    assert "*#1*" in whatsapp.replies(ES)[-1]["Body"]

    assert "*#1* (Endesa" in say(whatsapp, ES, "ya la pagué")
    paid = {inv.seq: inv.payment_status for inv in db_session.scalars(select(Invoice))}
    assert paid == {1: PaymentStatus.paid, 2: PaymentStatus.unpaid}
