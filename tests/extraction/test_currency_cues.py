"""Currency and month order from the document's own cues, strongest first: a currency printed at the
total, a currency printed next to other amounts, the country the document comes from (ids, postcodes,
phone prefixes, country names, legal forms), its language, and last the user's own country."""
from __future__ import annotations

import datetime as dt
from textwrap import dedent

from app.extraction.offline import extract_fields
from app.extraction.offline.country import country_cues, currency_of
from app.extraction.plaintext import document_from_text
from tests.extraction.warning_codes import codes


def read(text: str, hint: object = None):
    return extract_fields(document_from_text(dedent(text)), locale_hint=hint)


def test_a_currency_word_in_a_street_name_is_not_a_currency():
    result = read("""
        TACO CORNER
        2314 El Camino Real
        Menlo Park, CA 94025
        Burrito          9.50
        TOTAL            9.50
    """)
    assert result.currency == "USD"


def test_a_registration_label_spelling_an_iso_code_is_not_the_currency():
    result = read("""
        "VERDE FARM" S.R.L.
        Cod fiscal: 1012600034567
        INR 0412345
        Paine           9.50
        TOTAL LEI      56.00
    """)
    assert result.currency == "MDL"


def test_lei_is_romanian_on_a_romanian_receipt():
    result = read("""
        MAGAZIN DOINA S.R.L.
        CIF: RO 18234567
        PAINE        4.50
        TOTAL LEI   40.80
    """)
    assert result.currency == "RON"


def test_rs_on_a_brazilian_receipt_is_the_real_sign_misread():
    result = read("""
        SUPERMERCADO BOM PRECO LTDA
        CNPJ 98.765.432/0001-10
        ARROZ 5KG      Rs 27,90
        TOTAL Rs 27,90
    """)
    assert result.currency == "BRL"


def test_rs_elsewhere_is_the_rupee():
    result = read("""
        SHARMA STORES
        Sugar 1kg      Rs. 45.00
        Total          Rs. 45.00
    """)
    assert result.currency == "INR"


def test_dollar_on_an_invoice_with_an_abn_is_australian():
    result = read("""
        Harbourside Pharmacy
        ABN 51 824 753 556
        Total     $36.98
    """)
    assert result.currency == "AUD"


def test_dollar_with_a_mexican_rfc_is_the_peso():
    result = read("""
        TAQUERIA EL FOGON
        RFC: FOAJ850312KX4
        TOTAL      $ 218.00
    """)
    assert result.currency == "MXN"


def test_dollar_without_any_cue_is_the_users_dollar_when_the_user_pays_in_dollars():
    assert read("Coffee  $4.50\nTotal  $4.50", hint="SG").currency == "SGD"
    assert read("Coffee  $4.50\nTotal  $4.50", hint="DE").currency == "USD"


def test_the_currency_at_the_total_beats_another_printed_next_to_a_conversion():
    result = read("""
        Confiserie Bergli AG
        Luxemburgerli     19.50
        Total CHF         19.50
        Gegenwert EUR     20.10
    """)
    assert result.currency == "CHF"


def test_a_glued_currency_prefix_counts_as_printed():
    assert read("KEDAI MAJU\nMILO 6.50\nTOTAL RM14.10").currency == "MYR"


def test_a_currency_named_in_the_total_label_with_the_amount_below_counts():
    result = read("""
        PADARIA ESTRELA
        VALOR TOTAL R$
        35,51
    """)
    assert result.currency == "BRL"


def test_country_from_a_canadian_postal_code_gives_the_currency_when_none_is_printed():
    result = read("""
        MAPLE LEAF HARDWARE
        1186 Queen St W
        Toronto, ON M6J 1J5
        TOTAL        63.81
    """)
    assert result.currency == "CAD"
    assert result.confidence["currency"] < 0.9


def test_country_from_an_international_phone_prefix():
    assert read("HOLLOW TREE CAFE\nTel +44 20 7946 0958\nTotal 11.90").currency == "GBP"


def test_country_name_on_the_address_line():
    assert read("COMERCIAL ANDINA\nQuito - Ecuador\nVALOR TOTAL 17,37").currency == "USD"


def test_a_country_name_on_an_item_line_is_not_an_address():
    cues = country_cues(["DELI", "Turkey sandwich 4.50", "Chile con carne 6.00"], {1, 2})
    assert cues.best() is None


def test_a_vat_number_in_its_national_format_names_the_country():
    assert country_cues(["VAT Reg No: GB 731 4420 86"]).best() == "GB"
    assert country_cues(["USt-IdNr. DE 812 345 671"]).best() == "DE"
    assert country_cues(["MWST-Nr. CHE-109.234.567 MWST"]).best() == "CH"
    assert country_cues(["GSTIN: 27AAKFS1234M1Z5"]).best() == "IN"
    assert country_cues(["NPWP: 01.234.567.8-541.000"]).best() == "ID"


def test_currency_of_a_country_comes_from_cldr():
    assert currency_of("EC") == "USD"
    assert currency_of("MD") == "MDL"
    assert currency_of("XX") is None


def test_language_gives_the_euro_to_an_italian_receipt_without_symbol_or_country():
    result = read("""
        ALIMENTARI DA GINO
        Pane comune              2,10
        TOTALE COMPLESSIVO       2,10
        DI CUI IVA               0,08
        Pagamento contante       5,00
        Resto                    2,90
    """)
    assert result.currency == "EUR"
    assert "currency_from_language" in codes(result)


def test_users_country_decides_among_the_countries_speaking_the_documents_language():
    text = """
        TIENDA LA ESQUINA
        Pan              1,20
        TOTAL A PAGAR    1,20
        Efectivo         2,00
        Cambio           0,80
    """
    assert read(text, hint="MX").currency == "MXN"
    assert read(text).currency == "EUR"
    assert read(text, hint="GB").currency == "EUR"  # a British user's Spanish receipt is from Spain


def test_the_printed_currency_beats_the_users_country():
    assert read("Brot 3,49 €\nSUMME 3,49 €", hint="US").currency == "EUR"


def test_numeric_dates_follow_the_documents_country_not_its_dollar_sign():
    result = read("""
        TAQUERIA EL FOGON
        RFC: FOAJ850312KX4
        FECHA: 09/02/2024
        TOTAL      $ 218.00
    """)
    assert result.invoice_date == dt.date(2024, 2, 9)


def test_numeric_dates_of_an_american_address_are_month_first():
    result = read("""
        HARBOR OUTFITTERS
        Portland, ME 04101
        06/03/2024
        TOTAL      $ 18.00
    """)
    assert result.invoice_date == dt.date(2024, 6, 3)
