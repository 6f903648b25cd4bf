"""The vendor comes from the header block (never a title, a label, an address or an item line) and the
purchase date is never a return-by or validity date."""
from __future__ import annotations

import datetime as dt
from textwrap import dedent

import pytest

from app.extraction.offline import extract_fields
from app.extraction.plaintext import document_from_text
from tests.extraction.test_offline_general_rules import pdf


def read(text: str):
    return extract_fields(document_from_text(dedent(text)))


def test_a_document_title_above_the_seller_is_never_the_vendor():
    for title in ("Retail Invoice/Bill", "Invoice Summary", "PAYMENT RECEIPT", "Order Confirmation"):
        result = read(f"""
            {title}
            Sai Krishna Electronics
            14 Brigade Road, Bengaluru 560025
            Grand Total      682.50
        """)
        assert result.vendor == "Sai Krishna Electronics", title


def test_a_weight_unit_is_not_a_legal_form():
    result = read("""
        TOKO SUMBER REJEKI
        Jl. Malioboro No. 45
        No. Struk: 2406-00912
        GULA PASIR 1KG
        16.500
        TOTAL BELANJA   16.500
    """)
    assert result.vendor == "TOKO SUMBER REJEKI"


def test_an_item_line_below_the_first_price_is_never_the_vendor():
    result = read("""
        PROXI MARCHE
        LAIT 1L              1,15
        POMMES GALA KG
          1,234 kg x 3,49    4,31
        TOTAL TTC            5,46
    """)
    assert result.vendor == "PROXI MARCHE"


def test_a_store_number_is_not_a_name():
    result = read("""
        HARBOR OUTFITTERS
        Store #0217
        TOTAL  18.00
    """)
    assert result.vendor == "HARBOR OUTFITTERS"


def test_an_address_line_with_a_national_postcode_is_not_the_vendor():
    result = read("""
        THE DUNMORE ARMS
        Main Street, Dunmore
        Co. Galway H54 X2K7
        TOTAL  €38.85
    """)
    assert result.vendor == "THE DUNMORE ARMS"


def test_the_sender_line_over_the_address_window_gives_the_name_without_the_address():
    doc = pdf("Malerei Keller GmbH · Seestrasse 40 · 8800 Thalwil", "Herr", "Lukas Brunner",
              "Alte Landstrasse 5", "8802 Kilchberg", "Rechnung 2024-057", [(380, "Total CHF"), (510, "1'234.50")])
    assert extract_fields(doc).vendor == "Malerei Keller GmbH"


def test_delivery_and_billing_address_blocks_belong_to_the_buyer():
    doc = pdf("Les Jardins de Provence", "Chemin des Oliviers, 84000 Avignon", "",
              [(50, "Adresse de livraison :"), (310, "Adresse de facturation :")],
              [(50, "Domaine Saint-Roch SARL"), (310, "Saint-Roch Holding SARL")],
              [(50, "Route de Carpentras"), (310, "BP 12")], "",
              [(380, "Total TTC"), (510, "285,00 €")])
    assert extract_fields(doc).vendor == "Les Jardins de Provence"


def test_a_word_containing_a_date_label_is_still_a_name():
    assert read("Les Jardins de Provence SAS\nTotal TTC 495,00 €").vendor == "Les Jardins de Provence SAS"


def test_a_web_name_with_a_legal_form_is_a_company_name():
    result = read("""
        ECOSWAY.COM SDN BHD (509213A)
        2nd Floor, Wisma Cosway, Jalan Raja Chulan
        TAX INVOICE (eCOSWAY)
        TOTAL  78.30
    """)
    assert result.vendor == "ECOSWAY.COM SDN BHD"


def test_the_name_the_sellers_domain_spells_beats_a_slogan_above_it():
    result = read("""
        Fresh every morning
        Hofmann Backstube
        info@hofmann-backstube.de
        SUMME  11,60
    """)
    assert result.vendor == "Hofmann Backstube"


def test_the_purchase_date_wins_over_a_return_by_date():
    result = read("""
        HARBOR OUTFITTERS
        TOTAL  108.65
        OCTOBER 3, 2023  14:27
        Returns and exchanges thru 11/02/2023
    """)
    assert result.invoice_date == dt.date(2023, 10, 3)


def test_a_return_deadline_printed_first_is_not_the_purchase_date():
    result = read("""
        SUMMIT GEAR CO.
        Return by: 04/23/2024
        Purchased 03/24/2024
        TOTAL  $200.81
    """)
    assert result.invoice_date == dt.date(2024, 3, 24)
    assert result.due_date is None


def test_an_order_date_is_the_date_when_no_other_is_printed():
    result = read("""
        SUMMIT GEAR CO.
        Order Date: March 24, 2024
        Order Total  $200.81
    """)
    assert result.invoice_date == dt.date(2024, 3, 24)


def test_an_invoice_date_beats_the_order_date():
    result = read("""
        ACME LTD
        Order date: 02/03/2024
        Invoice date: 05/03/2024
        Total  £10.00
    """)
    assert result.invoice_date == dt.date(2024, 3, 5)


def test_a_name_whose_line_ends_on_an_ampersand_goes_on_to_the_next_line():
    assert read("TEO HENG STATIONERY &\nBOOKS\n(001451637-M)\nTOTAL 4.90").vendor == "TEO HENG STATIONERY & BOOKS"


@pytest.mark.parametrize(("printed", "name"), [
    ("ANN GIAP TRADING SDN BHD SE", "ANN GIAP TRADING SDN BHD"),  # a stray letter pair after the legal form
    ("COSWAY (M SDNBHD E0118A)", "COSWAY (M) SDN BHD"),  # a branch code, and the bracket OCR lost
    ("99 SPEED MART 5/B (S19537-X)", "99 SPEED MART S/B"),  # "S/B" read as "5/B" before a registration
    ("MY HAPPY PHARMACY PLT (LLP0016373)", "MY HAPPY PHARMACY PLT"),  # a registration glued to its form
    ("Holzbau Kraemer GmbH & Co. KG", "Holzbau Kraemer GmbH & Co. KG"),  # legal forms after legal forms stay
])
def test_a_name_ends_at_its_legal_form(printed, name):
    result = read(f"""
        {printed}
        NO 12, JALAN MERANTI
        TOTAL 10.00
    """)
    assert result.vendor == name


def test_unlabelled_the_date_printed_with_a_time_is_the_sale_not_a_note_above_it():
    result = read("""
        1 MAR 2018
        HOME STORE SDN BHD
        SCISSORS            3.00
        Total Incl GST      3.00
        14-03-18 21:49 SH03 T1 R000418193
    """)
    assert result.invoice_date == dt.date(2018, 3, 14)


def test_a_time_glued_to_the_date_still_marks_the_sale():
    assert read("NOTE 1 MAR 2018\nSHOP\nTOTAL 3.00\n14-03-1821:49 T1").invoice_date == dt.date(2018, 3, 14)


def test_a_labelled_date_wins_over_a_date_printed_with_a_time():
    result = read("""
        ACME SUPPLIES
        Invoice date: 01/03/2018
        TOTAL 3.00
        Printed 14-03-18 21:49
    """)
    assert result.invoice_date == dt.date(2018, 3, 1)


def test_a_hyphen_read_as_a_tilde_still_makes_a_date():
    assert read("SPEED MART\n02:49PM 565287 05~05-17\nTOTAL 42.35").invoice_date == dt.date(2017, 5, 5)
