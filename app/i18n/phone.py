"""What a WhatsApp number tells us before the user tells us anything: country, currency, languages,
time zones and the order in which people there write dates.

The country comes from ``phonenumbers`` (so +1 416 is Canada, not the US); currency, languages and date
order from Babel's CLDR data. It is a hint only: a receipt's printed currency, the language a user writes
in and a time zone they set always win.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from babel.core import Locale, UnknownLocaleError, get_global
from babel.numbers import get_territory_currencies
from phonenumbers import timezone as phone_timezones


@dataclass(frozen=True)
class LocaleHint:
    country: str  # ISO 3166-1 alpha-2
    currency: str | None  # ISO 4217
    languages: tuple[str, ...]  # ISO 639-1/-3, official languages by share of speakers
    timezones: tuple[str, ...]  # IANA zones the number may be in (several for large countries)
    month_first: bool  # numeric dates are written month/day/year

    @property
    def language(self) -> str | None:
        return self.languages[0] if self.languages else None

    @property
    def timezone(self) -> str | None:
        """The zone when the number settles it, else None (ask the user)."""
        return self.timezones[0] if len(self.timezones) == 1 else None


def _official_languages(country: str) -> tuple[str, ...]:
    spoken = get_global("territory_languages").get(country, {})
    official = [(code, info) for code, info in spoken.items() if info.get("official_status") and "_" not in code]
    official.sort(key=lambda pair: -float(pair[1].get("population_percent") or 0))
    return tuple(code for code, _ in official)


def writes_month_first(country: str | None, languages: tuple[str, ...] = ()) -> bool:
    """Whether numeric dates in ``country`` put the month first (a US "03/04/25" is March 4), from the
    order of day and month in the country's CLDR short date pattern. The one date-order rule: receipts,
    questions and corrections all ask it."""
    if not country:
        return False
    for language in languages or _official_languages(country) or ("en",):
        try:
            pattern = Locale.parse(f"{language}_{country}").date_formats["short"].pattern
        except (UnknownLocaleError, ValueError):
            continue
        order = [ch for ch in pattern if ch in "dMy"]
        return bool(order) and order[0] == "M"
    return False


def _parse(whatsapp_number: str) -> phonenumbers.PhoneNumber:
    number = phonenumbers.parse(whatsapp_number.removeprefix("whatsapp:").strip())
    national = str(number.national_number)
    # WhatsApp still writes Mexican mobiles in the form retired in 2019, "+52 1" and ten digits; without the
    # 1 they are valid and their area code (55: Mexico City) places them.
    if number.country_code == 52 and len(national) == 11 and national.startswith("1") \
            and not phonenumbers.is_valid_number(number):
        modern = phonenumbers.parse(f"+52{national[1:]}")
        if phonenumbers.is_valid_number(modern):
            return modern
    return number


def _region(whatsapp_number: str) -> tuple[str | None, phonenumbers.PhoneNumber | None]:
    try:
        number = _parse(whatsapp_number)
    except phonenumbers.NumberParseException:
        return None, None
    if phonenumbers.is_valid_number(number):
        return phonenumbers.region_code_for_number(number), number
    # An unassigned range still tells the calling code; take its main country (+1 is the US).
    if number.country_code is None:
        return None, number
    return phonenumbers.region_code_for_country_code(number.country_code), number


@lru_cache(maxsize=4096)
def hint_for_number(whatsapp_number: str | None) -> LocaleHint | None:
    """The locale hint for an E.164 number (``+60123456789`` or ``whatsapp:+60...``), if it has a country."""
    if not whatsapp_number:
        return None
    country, number = _region(whatsapp_number)
    if not country or country == phonenumbers.UNKNOWN_REGION or number is None:
        return None
    currencies = get_territory_currencies(country, dt.datetime.now(dt.UTC).date())
    languages = _official_languages(country)
    # Only a valid number's prefix places it; an unassigned range says nothing about where it is.
    zones = tuple(z for z in phone_timezones.time_zones_for_number(number)
                  if z != phone_timezones.UNKNOWN_TIMEZONE) if phonenumbers.is_valid_number(number) else ()
    return LocaleHint(country=country, currency=currencies[0] if currencies else None, languages=languages,
                      timezones=zones, month_first=writes_month_first(country, languages))
