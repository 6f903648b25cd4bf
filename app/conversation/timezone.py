"""The user's time zone, which every period is read in: stored in ``users.timezone``.

A new user's zone comes from the WhatsApp number (:mod:`app.i18n.zones`). When the number's country keeps
one clock the zone is stored silently; when its clocks are at most an hour apart (Madrid and the Canaries)
the main one is stored and the reply says so once; when they are further apart (Perth and Sydney) a question
that needs a period is not answered until the user says where they are. The question is kept in the
conversation memory and answered as soon as the zone is known. "My timezone is …" changes it at any time.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.conversation.memory import fresh_pending
from app.i18n.catalogue import text
from app.i18n.zones import ZoneGuess, city_label, guess_for_number, offset_label, zones_named
from app.models import User

PENDING_TTL = dt.timedelta(hours=1)
MAX_OPTIONS_SHOWN = 6


@dataclass(frozen=True)
class UserZone:
    name: str  # the zone periods are read in now
    known: bool  # False: the number's country has several clocks and the user has not said which
    assumed: bool = False  # just assumed from the number among clocks an hour apart: say so once
    options: tuple[str, ...] = ()

    def note(self, language: str, now: dt.datetime) -> str | None:
        if not self.assumed:
            return None
        return text(language, "tz_assumed", city=city_label(self.name, language), offset=offset_label(self.name, now))


def _stored(user: User) -> str | None:
    if not user.timezone:
        return None
    try:
        return ZoneInfo(user.timezone).key
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _country(user: User) -> str | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(user.whatsapp_number.removeprefix("whatsapp:"), None)
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_country_code(number.country_code) if number.country_code else None
    return None if region in (None, phonenumbers.UNKNOWN_REGION) else region


def user_zone(user: User, now: dt.datetime, default: str) -> UserZone:
    """The user's zone, storing the number's when it settles the question (the caller commits)."""
    stored = _stored(user)
    if stored:
        return UserZone(stored, known=True)
    guess: ZoneGuess = guess_for_number(user.whatsapp_number, now.date())
    if guess.zone:
        user.timezone = guess.zone
        return UserZone(guess.zone, known=True, assumed=guess.assumed)
    if guess.options:
        return UserZone(default, known=False, options=guess.options)
    return UserZone(default, known=True)  # nothing to go on: the configured default, as before


def ask(memory: dict[str, Any], question: str, zone: UserZone, language: str, now: dt.datetime) -> str:
    """Keep ``question`` for later and ask where the user is."""
    memory["pending"] = {"action": "timezone", "question": question[:1000],
                         "expires_at": (now + PENDING_TTL).isoformat()}
    return text(language, "tz_ask", options=options_text(zone.options, language, now),
                example=city_label(zone.options[0], language))


def options_text(options: tuple[str, ...], language: str, now: dt.datetime) -> str:
    shown = [f"{city_label(o, language)} ({offset_label(o, now)})" for o in options[:MAX_OPTIONS_SHOWN]]
    return ", ".join(shown) + ("…" if len(options) > MAX_OPTIONS_SHOWN else "")


def pending_question(memory: dict[str, Any], now: dt.datetime) -> str | None:
    """The question waiting for the user's zone, if it is still fresh."""
    pending = fresh_pending(memory.get("pending"), now)
    if pending is None or pending.get("action") != "timezone":
        return None
    question = pending.get("question")
    return question if isinstance(question, str) else None


@dataclass(frozen=True)
class ZoneAnswer:
    zone: str | None  # set when the words named one zone (or one clock)
    options: tuple[str, ...] = ()  # several clocks: ask between these
    read_as: str | None = None


def named(said: str, user: User, now: dt.datetime) -> ZoneAnswer:
    """What the user's words ("Perth", "UTC-3", "Brasil") say about their zone."""
    from app.i18n.zones import choose

    guess = guess_for_number(user.whatsapp_number, now.date())
    preferred = (guess.zone,) if guess.zone else guess.options
    zones, read_as = zones_named(said, _country(user), now, preferred)
    if not zones:
        return ZoneAnswer(None)
    picked = choose(zones, None, now.date())
    if picked.zone and not picked.assumed:
        return ZoneAnswer(picked.zone, read_as=read_as)
    return ZoneAnswer(None, picked.options, read_as)


def set_zone(user: User, name: str, language: str, now: dt.datetime) -> str:
    user.timezone = name
    return text(language, "tz_set", city=city_label(name, language), offset=offset_label(name, now), zone=name)
