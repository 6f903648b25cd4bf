import datetime as dt
from decimal import Decimal

import pytest

from app.extraction.einvoice import NotAnEInvoice, parse_invoice_xml, pick_invoice_xml, safe_parse
from tests.extraction.einvoice_samples import (
    NOTE_ONLY_LINE,
    UBL_CREDIT_NOTE,
    XRECHNUNG_UBL_INVOICE,
    ZUGFERD_1,
    cii_invoice,
    cii_line,
)


def test_cii_invoice_fields_are_taken_exactly():
    result = parse_invoice_xml(cii_invoice())
    assert result.invoice_number == "FX-2024-001"
    assert result.invoice_date == dt.date(2024, 3, 15)
    assert result.vendor == "Boulangerie Martin SARL"
    assert result.currency == "EUR"
    assert result.total_amount == Decimal("120.00")
    assert result.tax_amount == Decimal("20.00")
    assert result.subtotal == Decimal("100.00")
    assert result.document_type == "invoice"
    assert result.extractor == "einvoice"


def test_cii_due_date_and_payment_terms():
    result = parse_invoice_xml(cii_invoice())
    assert result.due_date == dt.date(2024, 4, 14)
    assert result.payment_terms == "Payable within 30 days"


def test_cii_line_items_keep_quantity_net_price_total_and_seller_id():
    [item] = parse_invoice_xml(cii_invoice()).items
    assert (item.description, item.quantity, item.unit_price, item.total_price, item.item_code) == (
        "Croissants", Decimal("50"), Decimal("2.00"), Decimal("100.00"), "CR-01")


def test_note_only_lines_are_not_items():
    lines = NOTE_ONLY_LINE + cii_line("1", "Croissants", "50", "2.00", "100.00")
    assert [i.description for i in parse_invoice_xml(cii_invoice(lines=lines)).items] == ["Croissants"]


def test_price_per_basis_quantity_becomes_a_unit_price():
    lines = cii_line("1", "Screws", "1000", "4.50", "45.00", basis="100")
    [item] = parse_invoice_xml(cii_invoice(lines=lines)).items
    assert item.unit_price == Decimal("0.045")


def test_tax_total_in_invoice_currency_is_chosen_when_a_tax_currency_is_also_given():
    xml = cii_invoice(currency="GBP", tax_currency="EUR", tax_totals=(("23.40", "EUR"), ("20.00", "GBP")))
    result = parse_invoice_xml(xml)
    assert result.currency == "GBP"
    assert result.tax_amount == Decimal("20.00")


def test_tax_only_stated_in_another_currency_falls_back_to_the_tax_breakdown():
    xml = cii_invoice(currency="GBP", tax_currency="EUR", tax_totals=(("20.00", "EUR"),))
    # The breakdown (ApplicableTradeTax) is in the invoice currency by definition.
    assert parse_invoice_xml(xml).tax_amount == Decimal("20.00")


def test_credit_note_381_is_a_credit_note_with_negative_amounts():
    result = parse_invoice_xml(cii_invoice(type_code="381"))
    assert result.document_type == "credit_note"
    assert (result.total_amount, result.tax_amount, result.subtotal) == (
        Decimal("-120.00"), Decimal("-20.00"), Decimal("-100.00"))
    [item] = result.items
    assert (item.quantity, item.unit_price, item.total_price) == (Decimal("-50"), Decimal("2.00"), Decimal("-100.00"))


def test_corrective_invoice_with_negative_amounts_keeps_its_signs():
    xml = cii_invoice(line_total="-10.00", tax_basis="-10.00", tax_totals=(("-1.90", "EUR"),),
                      grand_total="-11.90", lines=cii_line("1", "Return", "-1", "10.00", "-10.00"))
    result = parse_invoice_xml(xml)
    assert result.document_type == "credit_note"
    assert result.total_amount == Decimal("-11.90")
    assert result.items[0].quantity == Decimal("-1")


def test_zugferd_1_document_is_read():
    result = parse_invoice_xml(ZUGFERD_1)
    assert (result.invoice_number, result.invoice_date, result.vendor) == ("RE-1001", dt.date(2023, 1, 5), "Musterbau GmbH")
    assert (result.total_amount, result.tax_amount, result.currency) == (Decimal("59.50"), Decimal("9.50"), "EUR")
    assert [(i.description, i.quantity, i.unit_price) for i in result.items] == [("Schrauben", Decimal("2.0000"), Decimal("25.0000"))]


def test_ubl_credit_note_is_read_with_negative_amounts():
    result = parse_invoice_xml(UBL_CREDIT_NOTE)
    assert (result.vendor, result.invoice_number, result.currency) == ("Nordic Parts AB", "CN-77", "SEK")
    assert result.document_type == "credit_note"
    assert (result.total_amount, result.tax_amount) == (Decimal("-125.00"), Decimal("-25.00"))
    assert result.items[0].item_code == "BP-4"


def test_xrechnung_ubl_invoice_fields_are_taken_exactly():
    result = parse_invoice_xml(XRECHNUNG_UBL_INVOICE)
    assert (result.invoice_number, result.invoice_date, result.due_date) == (
        "RE-2024-04711", dt.date(2024, 5, 17), dt.date(2024, 6, 16))
    assert result.vendor == "Vogt Haustechnik GmbH"  # the legal name, not the trading name
    assert result.currency == "EUR"
    # The invoice total with VAT, not what is left to pay after the prepayment.
    assert (result.total_amount, result.tax_amount, result.subtotal) == (
        Decimal("2380.00"), Decimal("380.00"), Decimal("2000.00"))
    assert result.payment_terms == "Zahlbar innerhalb 30 Tagen netto"
    assert [(i.description, i.quantity, i.unit_price, i.total_price, i.item_code) for i in result.items] == [
        ("Montage Heizungsanlage", Decimal(16), Decimal("75.00"), Decimal("1200.00"), None),
        ("Umwälzpumpe", Decimal(1), Decimal("800.00"), Decimal("800.00"), "UP-25")]
    assert result.document_type == "invoice"


def test_impossible_issue_date_is_none_not_an_error():
    assert parse_invoice_xml(cii_invoice(issue="20241345")).invoice_date is None


def test_non_numeric_amount_is_none():
    assert parse_invoice_xml(cii_invoice(grand_total="12O.00")).total_amount is None


def test_entity_expansion_is_refused():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:x">&lol2;</rsm:CrossIndustryInvoice>"""
    with pytest.raises(NotAnEInvoice):
        safe_parse(bomb)


def test_external_entities_are_not_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xxe = f"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:x"><ID>&x;</ID></rsm:CrossIndustryInvoice>""".encode()
    with pytest.raises(NotAnEInvoice):
        parse_invoice_xml(xxe)


def test_malformed_xml_is_not_an_einvoice():
    with pytest.raises(NotAnEInvoice):
        parse_invoice_xml(b"<rsm:CrossIndustryInvoice")


def test_xml_with_another_root_is_not_an_einvoice():
    with pytest.raises(NotAnEInvoice):
        parse_invoice_xml(b"<svg xmlns='http://www.w3.org/2000/svg'/>")


def test_pick_prefers_invoice_xml_over_other_xml_attachments():
    picked = pick_invoice_xml([("metadata.xml", b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>"),
                               ("notes.txt", b"hello"), ("factur-x.xml", cii_invoice())])
    assert picked is not None and picked[0] == "factur-x.xml"


def test_pick_finds_invoice_under_an_unusual_name():
    picked = pick_invoice_xml([("rechnung_4711.XML", cii_invoice())])
    assert picked is not None and picked[0] == "rechnung_4711.XML"


def test_pick_returns_none_without_invoice_xml():
    assert pick_invoice_xml([("data.xml", b"<a/>"), ("image.png", b"\x89PNG")]) is None
