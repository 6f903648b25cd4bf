"""Country cues and date shapes seen on real receipts: a country's own web domain, legal forms and tax labels
(UAB, KDV, V.D.), a Romanian CIF whose RO reads as R0, US state and ZIP without a comma, fiscal printers'
spaced ISO dates, a year glued to the time by a comma; and an ambiguous symbol off the total that the
issuer's country never prices in is OCR's noise."""
from __future__ import annotations

import datetime as dt
from textwrap import dedent

import pytest

from app.extraction.dates import find_dates
from app.extraction.offline import extract_fields
from app.extraction.offline.country import country_cues
from app.extraction.plaintext import document_from_text


def read(text: str):
    return extract_fields(document_from_text(dedent(text)))


@pytest.mark.parametrize(("line", "country"), [
    ("www.maxima.lt arba telefonu", "LT"), ("info@baeckerei-huber.de", "DE"), ("MAXIMA LT, UAB", "LT"),
    ("TOPKDV *9,75", "TR"), ("SC SERGIANA SRL CIF R06981790", "RO"), ("Snohomish WA 98290", "US"), ("San Diego,CA.92109", "US"),
])
def test_a_national_format_names_the_country(line, country):
    assert country_cues([line]).best() == country


@pytest.mark.parametrize("line", ["www.shop.co", "TOTAL IN 12345", "hello@brand.io"])
def test_brand_domains_and_words_in_capitals_name_no_country(line):
    assert country_cues([line]).best() is None


@pytest.mark.parametrize(("text", "day"), [
    ("LF NM 0000004B5AF1 2023 03 20 12: 58:29", dt.date(2023, 3, 20)),
    ("Date: 7/8/24,11:42 AM", dt.date(2024, 7, 8)),
    ("April 10.2019 12:00pm", dt.date(2019, 4, 10)),
])
def test_date_shapes_of_real_receipts(text, day):
    assert [m.value for m in find_dates(text, day_first=False)] == [day]


def test_spaced_digits_without_a_time_are_no_date():
    assert find_dates("EAN 2023 03 20 4711") == []


def test_a_stray_yen_sign_on_a_turkish_receipt_is_noise():
    result = read("""
        TK TARIM KREDI PAZ. VE MARKETCILIK A.S
        Bahcelievler/ Istanbul
        TK ANADOLU NOHUT     *8,75
        TK ANADOLU KIRMIZI M ¥12,10
        TOPKDV               *1,60
        TOPLAM              *20,85
    """)
    assert result.currency == "TRY"


@pytest.mark.parametrize(("printed", "name"), [
    ("THE CUT - YCUNG VIC", "THE CUT"), ("ALFAMART ARTHA GADING N / 081294665105", "ALFAMART ARTHA GADING N"),
    ("dm dm-drogerie markt", "dm-drogerie markt"), ("Bäckerei - Konditorei Schmidt", "Bäckerei - Konditorei Schmidt"),
    ("ONE ONE THREE SEAFOOD RESTAURANT SDN BHD", "ONE ONE THREE SEAFOOD RESTAURANT SDN BHD"),
])
def test_a_name_without_its_branch_phone_or_repeated_logo(printed, name):
    from app.extraction.offline.names import clean_name
    assert clean_name(printed) == name
