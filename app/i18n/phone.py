"""What a WhatsApp number tells us before the user tells us anything: country, currency, language.

Used as a hint only (a receipt's printed currency always wins) when a document or a user's question
does not say, so a Malaysian receipt without "RM" is still MYR and a Brazilian user gets Portuguese.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LocaleHint:
    country: str  # ISO 3166-1 alpha-2
    currency: str  # ISO 4217
    language: str  # ISO 639-1
    timezone: str  # IANA, the country's main zone


# Longest calling-code prefix wins; North America (+1) is treated as the US.
_BY_CALLING_CODE: dict[str, LocaleHint] = {
    "1": LocaleHint("US", "USD", "en", "America/New_York"),
    "7": LocaleHint("RU", "RUB", "ru", "Europe/Moscow"),
    "20": LocaleHint("EG", "EGP", "ar", "Africa/Cairo"),
    "27": LocaleHint("ZA", "ZAR", "en", "Africa/Johannesburg"),
    "30": LocaleHint("GR", "EUR", "el", "Europe/Athens"),
    "31": LocaleHint("NL", "EUR", "nl", "Europe/Amsterdam"),
    "32": LocaleHint("BE", "EUR", "fr", "Europe/Brussels"),
    "33": LocaleHint("FR", "EUR", "fr", "Europe/Paris"),
    "34": LocaleHint("ES", "EUR", "es", "Europe/Madrid"),
    "36": LocaleHint("HU", "HUF", "hu", "Europe/Budapest"),
    "39": LocaleHint("IT", "EUR", "it", "Europe/Rome"),
    "40": LocaleHint("RO", "RON", "ro", "Europe/Bucharest"),
    "41": LocaleHint("CH", "CHF", "de", "Europe/Zurich"),
    "43": LocaleHint("AT", "EUR", "de", "Europe/Vienna"),
    "44": LocaleHint("GB", "GBP", "en", "Europe/London"),
    "45": LocaleHint("DK", "DKK", "da", "Europe/Copenhagen"),
    "46": LocaleHint("SE", "SEK", "sv", "Europe/Stockholm"),
    "47": LocaleHint("NO", "NOK", "nb", "Europe/Oslo"),
    "48": LocaleHint("PL", "PLN", "pl", "Europe/Warsaw"),
    "49": LocaleHint("DE", "EUR", "de", "Europe/Berlin"),
    "51": LocaleHint("PE", "PEN", "es", "America/Lima"),
    "52": LocaleHint("MX", "MXN", "es", "America/Mexico_City"),
    "54": LocaleHint("AR", "ARS", "es", "America/Argentina/Buenos_Aires"),
    "55": LocaleHint("BR", "BRL", "pt", "America/Sao_Paulo"),
    "56": LocaleHint("CL", "CLP", "es", "America/Santiago"),
    "57": LocaleHint("CO", "COP", "es", "America/Bogota"),
    "60": LocaleHint("MY", "MYR", "en", "Asia/Kuala_Lumpur"),
    "61": LocaleHint("AU", "AUD", "en", "Australia/Sydney"),
    "62": LocaleHint("ID", "IDR", "id", "Asia/Jakarta"),
    "63": LocaleHint("PH", "PHP", "en", "Asia/Manila"),
    "64": LocaleHint("NZ", "NZD", "en", "Pacific/Auckland"),
    "65": LocaleHint("SG", "SGD", "en", "Asia/Singapore"),
    "66": LocaleHint("TH", "THB", "th", "Asia/Bangkok"),
    "81": LocaleHint("JP", "JPY", "ja", "Asia/Tokyo"),
    "82": LocaleHint("KR", "KRW", "ko", "Asia/Seoul"),
    "86": LocaleHint("CN", "CNY", "zh", "Asia/Shanghai"),
    "90": LocaleHint("TR", "TRY", "tr", "Europe/Istanbul"),
    "91": LocaleHint("IN", "INR", "en", "Asia/Kolkata"),
    "234": LocaleHint("NG", "NGN", "en", "Africa/Lagos"),
    "254": LocaleHint("KE", "KES", "en", "Africa/Nairobi"),
    "351": LocaleHint("PT", "EUR", "pt", "Europe/Lisbon"),
    "352": LocaleHint("LU", "EUR", "fr", "Europe/Luxembourg"),
    "353": LocaleHint("IE", "EUR", "en", "Europe/Dublin"),
    "358": LocaleHint("FI", "EUR", "fi", "Europe/Helsinki"),
    "420": LocaleHint("CZ", "CZK", "cs", "Europe/Prague"),
    "593": LocaleHint("EC", "USD", "es", "America/Guayaquil"),
    "598": LocaleHint("UY", "UYU", "es", "America/Montevideo"),
    "971": LocaleHint("AE", "AED", "ar", "Asia/Dubai"),
    "966": LocaleHint("SA", "SAR", "ar", "Asia/Riyadh"),
    "973": LocaleHint("BH", "BHD", "ar", "Asia/Bahrain"),
    "965": LocaleHint("KW", "KWD", "ar", "Asia/Kuwait"),
}


def hint_for_number(whatsapp_number: str | None) -> LocaleHint | None:
    """The locale hint for an E.164 number (``+60123456789`` or ``whatsapp:+60...``), if known."""
    if not whatsapp_number:
        return None
    digits = whatsapp_number.removeprefix("whatsapp:").lstrip("+")
    for length in (3, 2, 1):
        hint = _BY_CALLING_CODE.get(digits[:length])
        if hint:
            return hint
    return None
