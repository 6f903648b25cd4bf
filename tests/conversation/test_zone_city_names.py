"""Issue 10: a user names where they live in their own spelling ("Montréal", "São Paulo", "Zürich", "Köln")
and that is their zone: accents folded, matched against the time-zone database's names (old ones too),
CLDR's exemplar cities in the reply languages and, for towns neither lists, the place names of
libphonenumber's area codes. "I live in …" says it as well as "my timezone is …", in every language."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from app.i18n.zones import zones_named

NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("said, zone", [
    ("Montréal", "America/Toronto"), ("montreal", "America/Toronto"), ("São Paulo", "America/Sao_Paulo"),
    ("Zürich", "Europe/Zurich"), ("Köln", "Europe/Berlin"), ("koln", "Europe/Berlin"),
    ("München", "Europe/Berlin"), ("Genève", "Europe/Zurich"), ("Mumbai", "Asia/Kolkata"),
    ("Rio de Janeiro", "America/Sao_Paulo")])
def test_a_city_in_its_own_spelling_names_its_zone(said, zone):
    assert zones_named(said, None, NOW)[0] == [zone]


def test_a_town_name_two_countries_share_is_read_in_the_users_own_country():
    assert zones_named("Cologne", "DE", NOW)[0] == ["Europe/Berlin"]
    assert len(zones_named("Cologne", None, NOW)[0]) > 1  # Köln, or Cologne in Minnesota: ask


def test_a_town_is_matched_exactly_never_to_a_near_country_name():
    # "Cologne" is one letter from "Pologne" (Poland, in French): a near spelling of a country is no answer.
    assert "Europe/Warsaw" not in zones_named("Cologne", None, NOW)[0]


@pytest.mark.parametrize("said, number, zone", [
    ("eu moro em São Paulo", "+4917098765432", "America/Sao_Paulo"),
    ("j'habite à Montréal", "+33698765432", "America/Toronto"),
    ("ich wohne in Köln", "+41781234567", "Europe/Berlin"),
    ("I live in Mumbai", "+447700900123", "Asia/Kolkata"),
    ("vivo en Montréal", "+34612345678", "America/Toronto")])
def test_where_the_user_lives_sets_their_zone_in_every_language(make_user, ask, said, number, zone):
    user = make_user(number=number)
    ask(user, said, now=NOW)
    assert user.timezone == zone


def test_the_zone_said_moves_the_month_end(make_user, make_invoice, ask):
    # A German number, a user in São Paulo: 22:15 on 31 May there is already June in Berlin.
    user = make_user(number="+4917098765432")
    make_invoice(user, 1, vendor="iFood", total="66.40", currency="BRL", date=None,
                 created_at=dt.datetime(2025, 5, 31, 22, 15, tzinfo=ZoneInfo("America/Sao_Paulo")))
    ask(user, "eu moro em São Paulo", now=NOW)
    reply = ask(user, "quanto gastei em maio?", now=NOW)
    assert "66,40" in reply.body
