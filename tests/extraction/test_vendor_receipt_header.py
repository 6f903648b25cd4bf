"""The seller of a thermal till receipt as its header prints it, with the OCR artefacts the header lets us
undo: a trade word glued to the next, split in two or missing a letter; a branch in brackets whose closing
bracket OCR lost, spelled again in the address; a "Sold by" line that names the salesperson."""
from __future__ import annotations

from textwrap import dedent

from app.extraction.offline import extract_fields
from app.extraction.offline.name_repair import close_bracket_from_address, repair_trade_words
from app.extraction.plaintext import document_from_text


def vendor(text: str) -> str | None:
    return extract_fields(document_from_text(dedent(text))).vendor


def test_a_trade_word_glued_to_the_next_word_is_split():
    assert repair_trade_words("KWONG LEE STATIONERYSHOP") == "KWONG LEE STATIONERY SHOP"
    assert repair_trade_words("PERMATAJAYAINTERNATIONAL SDN BHD") == "PERMATAJAYA INTERNATIONAL SDN BHD"


def test_words_that_merely_end_like_a_trade_word_stay_whole():
    assert repair_trade_words("ACE WORKSHOP") == "ACE WORKSHOP"
    assert repair_trade_words("NANO BOOKSTORE") == "NANO BOOKSTORE"


def test_a_trade_word_ocr_split_in_two_is_joined():
    assert repair_trade_words("SIN WAH ENTE RPRISE") == "SIN WAH ENTERPRISE"
    assert repair_trade_words("Sin Wah Tra ding") == "Sin Wah Trading"


def test_a_legal_suffix_ocr_broke_apart_is_joined():
    assert repair_trade_words("KIM LOONG SDN BH D") == "KIM LOONG SDN BHD"


def test_two_real_words_are_not_joined_into_a_trade_word():
    assert repair_trade_words("SHOP STORE") == "SHOP STORE"


def test_a_trade_word_missing_a_faded_letter_gets_it_back():
    assert repair_trade_words("KWONG LEE STATONERY SHOP") == "KWONG LEE STATIONERY SHOP"
    assert repair_trade_words("Ah Seng Hardare") == "Ah Seng Hardware"


def test_a_word_without_its_last_letter_is_not_taken_for_the_plural():
    assert repair_trade_words("MEGA HOLDING BHD") == "MEGA HOLDING BHD"


def test_an_unclosed_bracket_takes_the_place_spelled_in_the_address():
    lines = ["NO 12, JALAN 3/9", "TAMAN SRI MUDA", "40400 SHAH ALAM"]
    assert close_bracket_from_address("HAPPY TOYS (MUDD", lines) == "HAPPY TOYS (MUDA)"
    # Nothing in the address spells it: the name stays as read.
    assert close_bracket_from_address("HAPPY TOYS (KLANG", lines) == "HAPPY TOYS (KLANG"


def test_the_receipt_header_gives_the_repaired_name():
    assert vendor("""
        PERMATAJAYAINTERNATIONAL SDN BHD
        (771234-W)
        8, JALAN PERMAS 2, 81750 MASAI
        TAX INVOICE
        NASI LEMAK              5.50
        TOTAL                   5.50
    """) == "PERMATAJAYA INTERNATIONAL SDN BHD"
    assert vendor("""
        HAPPY TOYS (SRI MUDD
        NO 12, JALAN 3/9, TAMAN SRI MUDA
        40400 SHAH ALAM
        GST ID No: 000123456789
        TAX INVOICE
        TEDDY BEAR              19.90
        TOTAL                   19.90
    """) == "HAPPY TOYS (SRI MUDA)"


def test_sold_by_with_a_staff_number_names_the_salesperson_not_the_seller():
    assert vendor("""
        Kedai Elektrik Cahaya (551234-K)
        Lot 5, Jalan Besar
        43000 Kajang, Selangor
        GST Reg. No. 001122334455
        Date: 03/04/18 Slip: 0012
        Sold by: KE2231 AHMAD FAIZ
        SIMPLIFIED INVOICE
        KETTLE 1.7L              89.00
        TOTAL                    89.00
    """) == "Kedai Elektrik Cahaya"


def test_sold_by_naming_a_business_is_still_the_seller():
    assert vendor("""
        INVOICE
        Sold by: Northwind Traders Ltd
        Bill to: Jane Roe
        Widget                   10.00
        Total                    10.00
    """) == "Northwind Traders Ltd"


def test_a_legal_name_begun_on_the_line_above_in_the_seller_block_is_read_whole():
    assert vendor("""
        Verkäufer:
        Nordhafen Gegenseitige
        Versicherungsverein Hafenstadt a.G.
        Kaistr. 4
        20457 Hamburg
        Rechnung Nr. 2024-17 vom 03.05.2024
        Beitrag                       240,00
        Gesamtbetrag                  240,00
    """) == "Nordhafen Gegenseitige Versicherungsverein Hafenstadt a.G"


def test_a_brand_over_its_company_in_the_seller_block_is_not_glued_to_it():
    name = vendor("""
        Verkäufer:
        Wellenreiter
        Wellenreiter Surfshop GmbH
        Kaistr. 4
        20457 Hamburg
        Rechnung Nr. 2024-18 vom 03.05.2024
        Brett                         240,00
        Gesamtbetrag                  240,00
    """)
    assert name is not None and not name.startswith("Wellenreiter Wellenreiter")


def test_a_name_whose_bracket_closes_on_the_legal_line_is_read_over_its_three_lines():
    assert vendor("""
        KIM SENG HARDWARE
        ENTERPRISE (TAMAN JAYA
        SELATAN) SDN BHD
        (778899-P)
        NO 8, JALAN JAYA 3, 81300 SKUDAI
        SIMPLIFIED TAX INVOICE
        PAINT BRUSH              4.00
        TOTAL                    4.00
    """) == "KIM SENG HARDWARE ENTERPRISE (TAMAN JAYA SELATAN) SDN BHD"


def test_a_closing_bracket_without_an_opened_one_above_joins_nothing():
    name = vendor("""
        MEGA BAZAAR
        BESTARI) SDN BHD
        (778899-P)
        NO 8, JALAN JAYA 3, 81300 SKUDAI
        TOTAL                    4.00
    """)
    assert name is not None and "BAZAAR" not in name
