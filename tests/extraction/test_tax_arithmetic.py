"""The tax read from the arithmetic of per-rate rows (net x rate, net + tax = gross) when OCR garbled
their headings and labels; tax lines that state the tax contained in the total; split payments."""
from __future__ import annotations

from decimal import Decimal
from textwrap import dedent

from app.extraction.offline import extract_fields
from app.extraction.plaintext import document_from_text
from app.extraction.types import ExtractionResult


def read(text: str) -> ExtractionResult:
    return extract_fields(document_from_text(dedent(text)))


def test_per_rate_rows_under_a_garbled_heading_sum_their_tax_column():
    result = read("""
        BACKHAUS MUELLER
        Brot              6,40
        Wein             11,90
        SUMME EUR        18,30
        Karte EUR        18,30
        Mehrwertst. ohnc MvSt mit MvSt
        19,0% 1,90 10,00 11,90
        7,0% 0,42 5,98 6,40
    """)
    assert result.total_amount == Decimal("18.30")
    assert result.tax_amount == Decimal("2.32")


def test_a_tax_cell_ocr_lost_is_gross_minus_net_when_that_fits_the_rate():
    result = read("""
        GETRAENKE KOCH
        SUMME EUR        25,00
        Bar EUR          25,00
        MvSt NETTO MwSt UMSATZ
        B 7% 18,69 1., 31 20,00
        C 19% 4,20 0,80 5,00
    """)
    assert result.tax_amount == Decimal("2.11")


def test_a_rate_row_with_net_and_tax_only_gives_the_tax():
    result = read("""
        MOEBEL HAUS
        Summe            47,60
        EC-Cash          47,60
        Netto MwSt.
        1 19,00 % 40,00 7,60
    """)
    assert result.tax_amount == Decimal("7.60")


def test_an_inclusive_rate_line_with_a_garbled_tax_word_fits_the_total():
    result = read("""
        ELEKTRO MARKT
        Total EUR       119,00
        Bar EUR         120,00
        Rueckgeld EUR     1,00
        inc1.19,00% Mst (b) 19,00
    """)
    assert result.tax_amount == Decimal("19.00")


def test_rows_without_a_readable_rate_count_when_their_gross_is_the_total():
    result = read("""
        DROGERIE NORD
        Total             11,90
        Bar               20,00
        Rueckgeld          8,10
        HUSr Gruppe Netto MvSt Total
        A HuSt 19名 10,00 1,90 11,90
    """)
    assert result.tax_amount == Decimal("1.90")


def test_a_tables_sum_row_is_not_counted_as_another_rate():
    result = read("""
        DISCOUNTER SUED
        zu zahlen         10,70
        Bar               20,00
        Rueckgeld         -9,30
        MWST% MWST + Netto Brutto
        A 7% 0,70 10,00 10,70
        Summe 0,70 10,00 10,70
    """)
    assert result.tax_amount == Decimal("0.70")


def test_amounts_that_add_up_without_a_vat_share_are_not_tax():
    # 5,00 + 5,00 = 10,00 adds up, but half the net is no VAT rate.
    result = read("""
        KIOSK
        Summe             10,00
        Bar               10,00
        Posten 5,00 5,00 10,00
    """)
    assert result.tax_amount is None


def test_the_tax_contained_in_the_total_is_read_from_its_phrase():
    german = read("""
        BUCHLADEN
        SUMME            32,10
        EC-Karte         32,10
        Betrag enthält 2,10 MWSt
    """)
    italian = read("""
        SUPERMERCATO
        DESCRIZIONE IVA EURO
        3 0,20
        PANE B 2,00
        TOTALE COMPLESSIVO 12,20
        di cui IVA 1,10
        Pagamento contante 20,00
        RESTO 7,80
    """)
    assert german.tax_amount == Decimal("2.10")
    assert italian.tax_amount == Decimal("1.10")


def test_brazils_approximate_taxes_line_is_the_printed_tax_even_above_a_vat_share():
    result = read("""
        LOJA ESPORTES
        VALOR TOTAL R$ 200,00
        Cartao de Credito 200,00
        Valor aproximado dos tributos deste cupom R$ 54,00
    """)
    assert result.tax_amount == Decimal("54.00")


def test_two_payments_that_add_up_to_the_total_confirm_it():
    # 3,00 + 1,00 of tax = 4,00 on the card: a coincidence that must not outweigh the two payments.
    result = read("""
        SUPERMERCATO
        PASTA 1,20
        CAFFE 3,00
        TOTALE EURO 20,00
        di cui IVA 1,00
        PAGAMENTO CARTA 4,00
        PAGAMENTO BUONO PASTO 16,00
    """)
    assert result.total_amount == Decimal("20.00")


def test_a_tax_label_printed_under_its_amount_takes_that_amount():
    result = read("""
        CONTOSO CAFE
        1 Bagel        $4.50
        Sub-Total $ 10.00
        $ 0.80
        Tax
        Total $10.80
    """)
    assert result.tax_amount == Decimal("0.80")


def test_an_amount_under_its_own_stacked_label_is_not_taken_by_the_tax_label_below():
    result = read("""
        CONTOSO CAFE
        Item 9.80
        Sub-Total
        $ 1.00
        Tax
        Total $10.80
    """)
    assert result.tax_amount is None


def test_a_labelled_tax_that_makes_the_net_add_up_beats_another_levy_inside_the_price():
    # A VAT-exempt bill that mentions a different levy contained in its price: the rate line's
    # arithmetic fits the total, but the labelled tax row is what makes net + tax = total.
    result = read("""
        HAFENVERSICHERUNG
        Police 1                         500,00
        Darin enthalten 10,00 % Feuerschutzabgabe = 50,00
        Nettosumme                       550,00
        Steuerbetrag EUR                   0,00
        Gesamtbetrag                     550,00
    """)
    assert result.total_amount == Decimal("550.00")
    assert result.tax_amount == Decimal("0.00")
