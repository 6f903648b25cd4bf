"""The user's time zone (issue 10): from the WhatsApp number, asked when the country has clocks far apart,
set by "my timezone is …", and every period read in it, at local month ends too (UTC+5:30 and UTC−3)."""
import datetime as dt
from zoneinfo import ZoneInfo

from app.i18n.zones import guess_for_number, zones_named


def _at(local: str, zone: str) -> dt.datetime:
    return dt.datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def test_an_indian_receipt_sent_at_00_45_on_1_april_counts_in_april(make_user, make_invoice, ask):
    user = make_user(number="+919820012345")
    make_invoice(user, 1, vendor="Swiggy", total="842.00", currency="INR", date=None,
                 created_at=_at("2025-04-01T00:45", "Asia/Kolkata"))  # 31 March 19:15 UTC
    make_invoice(user, 2, vendor="Zomato", total="100.00", currency="INR", date=dt.date(2025, 3, 20))
    now = _at("2025-06-30T19:00", "Asia/Kolkata")
    march = ask(user, "how much did i spend in march", now=now)
    assert user.timezone == "Asia/Kolkata"
    assert "₹100.00" in march.body and "842" not in march.body
    assert "₹842.00" in ask(user, "and in april?", now=now).body


def test_a_brazilian_asking_at_22_30_on_31_may_gets_may(make_user, make_invoice, ask):
    user = make_user(number="+5511987654321")
    make_invoice(user, 1, vendor="iFood", total="87.90", currency="BRL", date=None,
                 created_at=_at("2025-05-31T22:30", "America/Sao_Paulo"))  # 1 June 01:30 UTC
    make_invoice(user, 2, vendor="Shell", total="100.00", currency="BRL", date=dt.date(2025, 5, 2))
    reply = ask(user, "quanto gastei este mês", now=_at("2025-05-31T22:35", "America/Sao_Paulo"))
    assert user.timezone == "America/Sao_Paulo"
    assert "maio de 2025" in reply.body and "187,90" in reply.body


def test_a_number_whose_country_has_clocks_far_apart_is_asked_before_a_period_is_read(make_user, make_invoice,
                                                                                     ask, db_session):
    user = make_user(number="+61412345678")
    make_invoice(user, 1, vendor="Woolworths", total="96.40", currency="AUD", date=None,
                 created_at=_at("2025-06-30T22:40", "Australia/Perth"))  # already 1 July in Sydney
    now = _at("2025-06-30T23:30", "Australia/Perth")
    question = ask(user, "how much did i spend this month", now=now)
    assert "?" in question.body and "Perth" in question.body and "96" not in question.body
    assert user.timezone is None
    answered = ask(user, "perth", now=now)
    assert user.timezone == "Australia/Perth"
    assert "Perth" in answered.body and "June 2025" in answered.body and "$96.40" in answered.body


def test_my_timezone_is_sets_it_in_every_language(make_user, ask):
    for number, said, zone in (("+4917612345678", "meine Zeitzone ist Dubai", "Asia/Dubai"),
                               ("+34612345678", "mi zona horaria es Lima", "America/Lima"),
                               ("+5511987654321", "meu fuso horário é UTC-3", "America/Sao_Paulo"),
                               ("+33612345678", "mon fuseau horaire : Toronto", "America/Toronto"),
                               ("+447911123456", "set timezone UTC+5:30", "Asia/Kolkata")):
        user = make_user(number=number)
        reply = ask(user, said)
        assert user.timezone == zone, said
        assert "🕐" in reply.body


def test_an_unknown_zone_name_changes_nothing(make_user, ask):
    user = make_user(number="+4917612345678", timezone="Europe/Berlin")
    reply = ask(user, "my timezone is Atlantis")
    assert user.timezone == "Europe/Berlin" and "Atlantis" in reply.body


def test_clocks_an_hour_apart_assume_the_main_zone_and_say_so_once(make_user, make_invoice, ask):
    user = make_user(number="+34612345678")
    make_invoice(user, 1, vendor="Mercadona", total="10.00")
    first = ask(user, "cuánto gasté este mes")
    assert user.timezone == "Europe/Madrid" and "🕐" in first.body and "Madrid" in first.body
    assert "🕐" not in ask(user, "cuánto gasté este mes").body


def test_numbers_give_one_zone_or_the_clocks_to_ask_between():
    today = dt.date(2025, 6, 30)
    assert guess_for_number("+447700900123", today).zone == "Europe/London"  # an unassigned range: its country
    assert guess_for_number("+14155552671", today).zone == "America/Los_Angeles"
    spain = guess_for_number("+34612345678", today)
    assert spain.zone == "Europe/Madrid" and spain.assumed
    australia = guess_for_number("+61412345678", today)
    assert australia.zone is None and {"Australia/Perth", "Australia/Sydney"} <= set(australia.options)


def test_zone_names_in_five_languages_and_offsets():
    now = dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC)
    assert zones_named("Nueva York", None, now)[0] == ["America/New_York"]
    assert zones_named("Londres", None, now)[0] == ["Europe/London"]
    assert zones_named("Perth, Australia", None, now)[0] == ["Australia/Perth"]
    assert zones_named("UTC+5:30", None, now)[0] == ["Asia/Kolkata"]
    assert zones_named("pert", None, now) == (["Australia/Perth"], "perth")
    assert zones_named("Atlantis", None, now) == ([], None)
