"""Totals whose keyword OCR garbled, and totals read from the parts that add up to them."""
from __future__ import annotations

from decimal import Decimal
from textwrap import dedent

from app.extraction.offline import extract_fields
from app.extraction.offline.garbled_totals import garbled_total_kind
from app.extraction.offline.labels import Kind
from app.extraction.plaintext import document_from_text
from app.extraction.types import ExtractionResult


def read(text: str) -> ExtractionResult:
    return extract_fields(document_from_text(dedent(text)))


def test_a_total_keyword_one_ocr_edit_away_is_a_total():
    result = read("""
        NORTHWIND TRADERS
        Keyboard        $45.00
        Sub-Total       $ 45.00
        Tax             $ 3.60
        Tatal           $ 48.60
    """)
    assert result.total_amount == Decimal("48.60")


def test_words_split_by_a_stray_space_are_joined_before_matching():
    assert garbled_total_kind("zu zahl en ") is Kind.GRAND_TOTAL
    assert garbled_total_kind("r totan ") is Kind.TOTAL


def test_short_words_never_pass_for_a_total_keyword():
    # "tota" or "sum" are within one edit of nothing we accept: keywords need five letters.
    assert garbled_total_kind("tot ") is None
    assert garbled_total_kind("hotel ") is None
    assert garbled_total_kind("metal ") is None


def test_a_garbled_keyword_does_not_outrank_a_total_spelled_right():
    result = read("""
        CAFE LUNA
        Latte            4,20
        Tortas           3,10
        TOTAL            7,30
    """)
    assert result.total_amount == Decimal("7.30")


def test_a_payment_equal_to_the_sum_of_the_amounts_above_is_the_total():
    result = read("""
        MUSEE DE LA VILLE
        Description Total
        Entree plein tarif 8,00
        Entree tarif reduit 4,50
        Payé 12,50
    """)
    assert result.total_amount == Decimal("12.50")


def test_chinese_and_japanese_total_subtotal_and_tax_labels_are_read():
    result = read("""
        茶屋
        拉面 ¥1,200
        饺子 ¥800
        小计 ¥2,000
        合计 ¥2,000
        (消费税 等 ¥181)
        ¥500
    """)
    assert result.total_amount == Decimal("2000")
    assert result.tax_amount == Decimal("181")
