"""The amount charged and its tax, read from the structure of the summary block: tips, payments, change
and tax lines told apart; the tax that fits the total."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from textwrap import dedent

import pytest

from app.extraction.offline import extract_fields
from app.extraction.plaintext import document_from_text
from app.extraction.types import ExtractionResult, TextDocument, Word
from app.extraction.validate import validate_result
from tests.extraction.test_offline_general_rules import pdf
from tests.extraction.warning_codes import values_of


def read(text: str) -> ExtractionResult:
    return extract_fields(document_from_text(dedent(text)))


def test_a_suggested_tip_table_is_not_the_amount_charged():
    result = read("""
        THE OLIVE BRANCH
        Subtotal            44.50
        Sales Tax            4.06
        TOTAL               48.56
        Suggested Gratuity
        18%  Tip $8.01   Total $56.57
        22%  Tip $9.79   Total $58.35
    """)
    assert result.total_amount == Decimal("48.56")


def test_a_total_label_printed_letter_by_letter_is_read():
    assert read("KRAEMER GMBH\nSchrauben  7,99\nZ U   Z A H L E N   7,99\nBAR 10,00\nRueckgeld 2,01").total_amount \
        == Decimal("7.99")


def test_the_amount_under_a_total_label_naming_the_currency_is_the_total():
    result = read("""
        PADARIA ESTRELA
        PAO FRANCES      8,51
        VALOR TOTAL R$
        8,51
        Dinheiro        10,00
        Troco            1,49
    """)
    assert result.total_amount == Decimal("8.51")


def test_an_amount_glued_to_a_currency_fragment_on_the_total_row_is_read():
    result = read("""
        RESTORAN ALI SDN BHD
        ROTI CANAI       M 4.50
        Grand Total      M4.50
    """)
    assert result.total_amount == Decimal("4.50")


@pytest.mark.parametrize(("label", "paid", "change_word"), [
    ("TOTALE COMPLESSIVO", "Pagamento contante", "Resto"),  # it
    ("TOTAL LEI", "NUMERAR", "REST"),  # ro
    ("SUMA PLN", "Gotowka", "Reszta"),  # pl
    ("Att betala", "Kontant", "Växel"),  # sv
    ("TOTAL BELANJA", "TUNAI", "KEMBALIAN"),  # id
    ("JUMLAH BESAR", "TUNAI", "BAKI"),  # ms
    ("Te betalen", "Contant", "Wisselgeld"),  # nl
    ("Suma:", "Numerar", "Rest"),  # md
])
def test_total_payment_and_change_words_of_many_languages(label, paid, change_word):
    result = read(f"""
        SHOP
        Item one        12.40
        Item two         7.60
        {label}        20.00
        {paid}         50.00
        {change_word}  30.00
    """)
    assert result.total_amount == Decimal("20.00")


def test_the_vat_line_is_never_the_total():
    result = read("Bramble & Bean\nFlat White 11.90\nVAT 20% 1.98\nTotal 11.90")
    assert (result.total_amount, result.tax_amount) == (Decimal("11.90"), Decimal("1.98"))


def test_the_taxable_amount_next_to_a_rate_is_not_the_tax():
    result = read("""
        KEDAI MUTIARA
        MILO 1KG              13.30
        TOTAL                 14.10
        TAX AMT (S) 6%  RM    13.30
    """)
    assert result.total_amount == Decimal("14.10")
    assert result.tax_amount is None


def test_the_tax_row_that_fits_subtotal_and_total_wins_over_the_taxable_amount():
    result = read("""
        KEDAI MUTIARA
        TOTAL SALES (EXCL. SST)     13.30
        SST 6%                       0.80
        TOTAL (INCL SST)            14.10
        TAX AMT (S) 6%  RM          13.30
    """)
    assert result.tax_amount == Decimal("0.80")


def test_two_taxes_of_equal_amount_at_named_rates_are_added():
    result = read("""
        SHREE GANESH SWEETS
        Sub Total      650.00
        CGST @ 2.5%     16.25
        SGST @ 2.5%     16.25
        Grand Total    682.50
    """)
    assert result.tax_amount == Decimal("32.50")


def test_a_summary_table_restating_the_tax_row_is_not_added_twice():
    result = read("""
        KEDAI MUTIARA
        SST 6%                0.80
        TOTAL                14.10
        S @ 6%      13.30     0.80
    """)
    assert result.tax_amount == Decimal("0.80")


def test_a_row_summing_the_taxes_beats_adding_its_parts_again():
    result = read("""
        PIEKARNIA
        PTU B 8%        0,89
        PTU C 5%        0,86
        SUMA PTU        1,75
        SUMA PLN       30,10
    """)
    assert result.tax_amount == Decimal("1.75")


def test_rate_lines_under_a_vat_included_heading_are_added():
    result = read("""
        THE DUNMORE ARMS
        TOTAL                    €38.85
        VAT included
        13.5% on €27.45           €3.26
        23% on €11.40             €2.13
    """)
    assert result.tax_amount == Decimal("5.39")


def test_a_portuguese_total_without_vat_is_the_subtotal_not_the_tax():
    result = read("""
        SERRALHARIA MOREIRA, LDA
        Total s/ IVA     1.200,00
        IVA 23%            276,00
        Total a pagar    1.476,00 EUR
    """)
    assert (result.subtotal, result.tax_amount, result.total_amount) == (
        Decimal("1200.00"), Decimal("276.00"), Decimal("1476.00"))


def test_validation_drops_a_tax_above_thirty_percent_of_the_total_with_a_warning():
    checked = validate_result(ExtractionResult(total_amount=Decimal("14.10"), tax_amount=Decimal("13.30"),
                                               invoice_date=dt.date(2024, 6, 14)))
    assert checked.tax_amount is None
    assert values_of(checked, "tax_implausible") == {"tax": "13.30", "total": "14.10"}


def test_validation_keeps_a_high_but_possible_tax():
    checked = validate_result(ExtractionResult(total_amount=Decimal("127.00"), tax_amount=Decimal("27.00")))
    assert checked.tax_amount == Decimal("27.00")


def test_a_quantity_before_the_total_label_does_not_hide_the_label():
    assert read("SHOP SDN BHD\nItem 3 Total with GST @ 6% 41.48\nCASH 50.00\nCHANGE 8.52").total_amount \
        == Decimal("41.48")


def test_a_total_whose_decimal_point_was_lost_is_the_rounded_total_when_the_adjustment_explains_it():
    result = read("""
        HERO SDN BHD
        GRAINY BREAD                  15.98
        STRAWBERRY JAM                18.00
        Item 3 Total with GST @ 6%    41.48
        Rounding                       0.02
        Total                          4150
    """)
    assert result.total_amount == Decimal("41.50")


def with_words(doc: TextDocument) -> TextDocument:
    """The text layer's words, boxed at 5.2 points per character as ``pdf`` draws them."""
    for line in doc.lines:
        words, offset = [], 0
        for word in line.text.split(" "):
            x0 = line.box[0] + 5.2 * offset
            words.append(Word(text=word, box=(x0, line.box[1], x0 + 5.2 * len(word), line.box[3])))
            offset += len(word) + 1
        line.words = words
    return doc


def test_a_summary_table_with_one_row_per_rate_and_a_sum_row_gives_the_sum():
    doc = with_words(pdf("MUSTERLIEFERANT GMBH",
              [(50, "Warenwert"), (337, "Nettobetrag MwSt-Betrag"), (470, "MwSt-%"), (525, "Endbetrag")],
              [(50, "326,50"), (337, "321,40"), (420, "61,07"), (470, "19,0"), (525, "382,47")],
              [(50, "130,70"), (337, "127,59"), (420, "8,93"), (470, "7,0"), (525, "136,52")],
              [(50, "457,20"), (337, "448,99"), (420, "70,00"), (470, "EUR"), (525, "518,99")]))
    result = extract_fields(doc)
    assert (result.total_amount, result.tax_amount) == (Decimal("518.99"), Decimal("70.00"))


def test_a_credit_note_keeps_the_sign_of_its_tax():
    doc = pdf("MUSTERLIEFERANT GMBH", "RECHNUNGSKORREKTUR",
              [(50, "Nettobetrag"), (200, "MwSt-Betrag"), (350, "Endbetrag")],
              [(50, "-7,67"), (200, "-1,12"), (350, "-8,79")])
    result = extract_fields(doc)
    assert (result.total_amount, result.tax_amount) == (Decimal("-8.79"), Decimal("-1.12"))
