"""Shapes seen on the eighth set of real receipts: a curled receipt whose amounts ride half a line above their
labels, Quebec's "T.P.S." and "T.V.Q." written with dots, a sale stamp OCR garbled into a second reading of the
date, Brazil's fiscal documents named by their legal names, and the Egyptian pound's "LE"."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from textwrap import dedent

import pytest

from app.extraction.offline import extract_fields
from app.extraction.offline.country import country_cues
from app.extraction.offline.labels import Kind, classify
from app.extraction.plaintext import document_from_text
from app.extraction.types import TextDocument, TextLine, Word


def read(text: str):
    return extract_fields(document_from_text(dedent(text)))


def line(text: str, left: float, top: float, height: float = 40.0) -> TextLine:
    box = (left, top, left + 14.0 * len(text), top + height)
    return TextLine(text=text, box=box, words=[Word(text=text, box=box)])


def test_amounts_riding_half_a_line_above_their_labels_still_pair_with_them():
    # As OCR grouped a curled restaurant bill: each amount its own line, half a line above its label.
    lines = [line("Collector's Choice Restaurant", 260, 60), line("215 Cypress Ave", 380, 110),
             line("Snohomish WA 98290", 370, 160), line("April 10, 2019 12:00pm", 330, 270),
             line("11.69", 777, 653, 49), line("Subtotal", 174, 679, 37), line("1.14", 796, 772, 44),
             line("Sales Tax (9.2%)", 168, 795, 38), line("$13.53", 765, 853, 50), line("Total", 167, 878, 40),
             line("Tip Helper:", 170, 959), line("15%=2.03 18%=2.44 20%=2.71", 169, 1000)]
    fields = extract_fields(TextDocument(source="ocr", lines=lines, page_sizes=[(922.0, 1068.0)]))
    assert (fields.total_amount, fields.tax_amount) == (Decimal("13.53"), Decimal("1.14"))


def test_an_amount_on_the_line_below_a_label_in_a_stacked_layout_is_not_taken_from_above():
    lines = [line("Corner Cafe", 100, 20), line("Subtotal", 100, 100), line("10.00", 400, 150),
             line("Total", 100, 200), line("11.00", 400, 250)]
    fields = extract_fields(TextDocument(source="ocr", lines=lines, page_sizes=[(600.0, 400.0)]))
    assert fields.total_amount == Decimal("11.00")


@pytest.mark.parametrize("label", ["104499868 t.p.s. ", "10c1009202 t.v.q. ", "i.v.a. 21% ", "g.s.t. "])
def test_a_tax_abbreviation_written_with_dots_is_a_tax_label(label):
    assert classify(label) is Kind.TAX


def test_quebec_gst_and_qst_on_two_rows_add_up_to_the_tax():
    fields = read("""\
        REUBEN'S DELI
        Montreal, QC H3B 1E2
        26/01/2017
        ASS.VNDE.FUMEE 17.99
        SOUS TOTAL: 17.99
        104499868 T.P.S. 0.90
        10C1009202 T.V.Q. 1.80
        TOTAL 20.69
        """)
    assert (fields.total_amount, fields.tax_amount, fields.currency) == (Decimal("20.69"), Decimal("2.70"), "CAD")


def test_a_sale_stamp_read_two_ways_does_not_overrule_a_date_read_one_way():
    fields = read("""\
        REUBEN'S DELI
        26/01/2017
        TOTAL 20.69
        20: 7-01-26 12:29:43
        """)
    assert fields.invoice_date == dt.date(2017, 1, 26)


@pytest.mark.parametrize("text", ["NFC-e 316588 Serie 123", "DANFE NFC-e - Documento Auxiliar da Nota Fiscal",
                                  "Consulte pela chave de acesso em www.sefaz.rs.gov.br"])
def test_brazilian_fiscal_documents_point_to_brazil(text):
    assert country_cues([text]).best() == "BR"


def test_a_portuguese_receipt_naming_a_nota_fiscal_is_paid_in_reais():
    fields = read("""\
        SUPERMERCADO CENTRAL
        Documento Auxiliar da Nota Fiscal de Consumidor Eletronica
        ARROZ 5KG 24.90
        FEIJAO 8.50
        TOTAL 33.40
        """)
    assert fields.currency == "BRL"


def test_the_egyptian_pound_written_le_after_the_amounts():
    fields = read("""\
        Blue Nile
        Date:20.10.21 Time:01:59
        Kebbe Halabiah 78.00 LE
        SubTotal: 658.00 LE
        Sales Tax: 103.18 LE
        Total: 840.14 LE
        """)
    assert fields.currency == "EGP"


def test_le_before_a_word_is_no_currency():
    fields = read("""\
        LE PETIT BISTROT
        LE TOTAL 12.00
        """)
    assert fields.currency != "EGP"


@pytest.mark.parametrize("text", ["Tax Card : 200-144-537", "Prices include VAT- Tax reg. 611-682-090"])
def test_egypts_tax_card_number_points_to_egypt(text):
    assert country_cues([text]).best() == "EG"


def test_a_kind_of_business_over_the_name_is_not_the_name_even_misread():
    fields = read("""\
        FESTAURANT
        REUBEN 'S DELI
        Montreal, QC H3B 1E2
        26/01/2017
        TOTAL 20.69
        """)
    assert fields.vendor == "REUBEN'S DELI"


def test_a_weekday_settles_a_date_whose_separator_ocr_read_as_a_digit():
    from app.extraction.dates import find_dates

    assert [m.value for m in find_dates("THU 10/04725 9:25pm")] == [dt.date(2025, 4, 10)]
    assert find_dates("FRI 10/04725 9:25pm") == []  # neither reading falls on a Friday
