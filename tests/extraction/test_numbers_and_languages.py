"""Document numbers keep their prefix and are found after the document words of many languages; whole-unit
amounts, owner lines and business-kind lines are read for what they are."""
from __future__ import annotations

from decimal import Decimal
from textwrap import dedent

import pytest

from app.extraction.offline import extract_fields
from app.extraction.plaintext import document_from_text
from tests.extraction.test_offline_general_rules import pdf


def read(text: str):
    return extract_fields(document_from_text(dedent(text)))


@pytest.mark.parametrize(("line", "number"), [
    ("Invoice No: INV-37930", "INV-37930"),
    ("INVOICE # INV-37930", "INV-37930"),
    ("Invoice: INV-37930", "INV-37930"),
    ("INV-37930", "INV-37930"),
    ("Invoice No.: INV 37930", "INV 37930"),
    ("Fatura n.º FT 2024/315", "FT 2024/315"),
    ("Fatura Simplificada FS A2024/1288", "FS A2024/1288"),
    ("Fattura n. 47/2024", "47/2024"),
    ("FACTURA B  Nro. 0003-00012876", "0003-00012876"),
    ("BOLETA ELECTRONICA N° 8841203", "8841203"),
    ("Factura de venta POS No. SF-118823", "SF-118823"),
    ("Kvittering nr 33812", "33812"),
    ("Účtenka č. 2024/5531", "2024/5531"),
    ("Nyugta sorszáma: NY-0045213", "NY-0045213"),
    ("Kuitti 10992   19.09.2024 14:22", "10992"),
    ("No. Struk: 2406-00912", "2406-00912"),
    ("RESIT NO : PSJ-0318822", "PSJ-0318822"),
    ("Rcpt: 0722-118845   10/06/2024", "0722-118845"),
    ("Table 18     Guests 4     Check 30817", "30817"),
    ("NF-e Nº 000.012.345   Série 1", "000.012.345"),
    ("FRA. SIMPLIFICADA 0312-2024-044871", "0312-2024-044871"),
    ("N. 0412-0087   del 22-11-2024 08:05", "0412-0087"),
    ("FAKTURA VAT nr FV/2024/06/118", "FV/2024/06/118"),
    ("No. Faktur : MBT/INV/2024/0518", "MBT/INV/2024/0518"),
    ("FİŞ NO: 0087     TARİH: 14/03/2024", "0087"),
])
def test_the_document_number_after_its_label_keeps_its_prefix(line, number):
    assert read(f"ACME LTD\n{line}\nTotal 10.00").invoice_number == number


def test_a_number_printed_alone_under_the_document_title():
    assert read("POLLERIA EL DORADO S.A.C.\nBOLETA DE VENTA ELECTRONICA\nB001-00045871\nTOTAL S/ 86.50") \
        .invoice_number == "B001-00045871"


def test_a_number_in_a_column_under_its_heading_keeps_a_prefix_that_spells_a_document_word():
    doc = pdf("Fernandez Transportes S.L.U.",
              [(50, "Número de factura"), (200, "Fecha de emisión")],
              [(50, "RE2025280"), (200, "1 de marzo de 2025")],
              [(380, "Total a pagar"), (510, "6.394,78 €")])
    assert extract_fields(doc).invoice_number == "RE2025280"


def test_a_whole_unit_total_grouped_by_spaces_is_one_amount():
    result = read("""
        Csiga Kávézó Kft.
        Tel: +36 1 234 5678
        Kávé latte             1 290
        Limonádé               2 160
        ÖSSZESEN:              3 450 Ft
    """)
    assert result.total_amount == Decimal("3450")
    assert result.currency == "HUF"


def test_the_owners_line_under_a_trade_name_is_not_the_vendor():
    assert read("Gasthaus zur Linde\nInh. Maria Huber e.K.\nSumme 56,80").vendor == "Gasthaus zur Linde"
    assert read("ALIMENTARI DA GINO\ndi Rossi Gino & C. s.n.c.\nTOTALE 22,60").vendor == "ALIMENTARI DA GINO"


def test_a_line_saying_what_kind_of_business_describes_the_name_above_it():
    assert read("CASA PEPE\nRestaurante - Tapas\nTOTAL 47,30 €").vendor == "CASA PEPE"


def test_an_ordinary_word_is_not_a_nordic_legal_form():
    assert read("THANK YOU AS ALWAYS\nKIOSKEN PÅ TORGET AS\nSUM 102,00").vendor == "KIOSKEN PÅ TORGET AS"


@pytest.mark.parametrize(("identifier", "currency"), [
    ("CUIT 30-71234567-8", "ARS"), ("RUT: 76.123.456-7", "CLP"), ("NIT 900.123.456-7", "COP"),
    ("CVR 31 24 56 78", "DKK"), ("Org.nr 987 654 321 MVA", "NOK"), ("IČO: 27123456", "CZK"),
])
def test_a_national_identifier_decides_a_shared_currency_sign(identifier, currency):
    symbol = "kr" if currency in ("DKK", "NOK") else ("Kč" if currency == "CZK" else "$")
    result = read(f"SHOP\n{identifier}\nTOTAL   {symbol} 1.200,00")
    assert result.currency == currency


@pytest.mark.parametrize(("label", "tax"), [
    ("Herav MVA 15%", "13.30"), ("Heraf moms", "13.30"), ("ALV 14%", "13.30"), ("IGV 18%", "13.30"),
])
def test_tax_words_of_more_languages(label, tax):
    result = read(f"SHOP\nSUM 102,00\n{label}   13,30")
    assert result.tax_amount == Decimal(tax)


def test_a_turkish_receipt_with_starred_amounts():
    result = read("""
        YILDIZ GIDA LTD. ŞTİ.
        V.D. Kadıköy  VKN 1234567890
        EKMEK               *10,00
        PEYNİR 500G        *145,00
        TOPKDV               *9,97
        TOPLAM             *155,00
        NAKİT              *200,00
        PARA ÜSTÜ           *45,00
    """)
    assert (result.total_amount, result.tax_amount, result.currency) == (Decimal("155.00"), Decimal("9.97"), "TRY")


def test_the_sum_row_of_a_vat_table_is_not_added_to_the_rows_it_sums():
    result = read("""
        NAHKAUF Meier oHG
        Summe                 EUR       9,91
        Steuer %     Netto    Steuer   Brutto
        A  7,0%       3,90      0,27     4,17
        B 19,0%       4,82      0,92     5,74
        Gesamtbetrag  8,72      1,19     9,91
    """)
    assert result.tax_amount == Decimal("1.19")
