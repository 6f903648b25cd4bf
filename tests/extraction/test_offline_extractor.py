"""The offline extractor on hand-built documents: receipts and invoices in several languages."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.extraction.offline import extract_fields
from app.extraction.types import TextDocument, TextLine, Word

LINE_HEIGHT = 20.0


def receipt(*rows: str) -> TextDocument:
    """An OCR-style document: one visual line per row, words spread across a 400-unit width."""
    lines = []
    for index, text in enumerate(rows):
        top = 10 + index * (LINE_HEIGHT + 6)
        box = (10.0, top, 10.0 + 9 * len(text), top + LINE_HEIGHT)
        words = [Word(text=word, box=box) for word in text.split()]
        lines.append(TextLine(text=text, box=box, words=words, confidence=0.95))
    return TextDocument(source="ocr", lines=lines, page_sizes=[(400.0, 10 + len(rows) * 26.0)])


def pdf_page(*rows: tuple[str, ...]) -> TextDocument:
    """A text-layer document where a label and its amount are separate lines at the same height."""
    lines = []
    for index, cells in enumerate(rows):
        top = 50 + index * 14.0
        for column, cell in enumerate(cells):
            if cell:
                x0 = 50.0 + column * 350
                lines.append(TextLine(text=cell, box=(x0, top, x0 + 6 * len(cell), top + 10)))
    return TextDocument(source="pdf_text", lines=lines, page_sizes=[(595.0, 842.0)])


MALAYSIAN_RECEIPT = receipt(
    "TAN CHAY YEE",
    "SOON HUAT MACHINERY SDN BHD",
    "(JM0352019-K)",
    "NO.53 JALAN PUTRA 1, 81200 JOHOR BAHRU",
    "TEL : 07-5547360",
    "GST ID : 002116837376",
    "TAX INVOICE",
    "DOC NO : CS00004040  DATE: 11/01/2019",
    "ITEM QTY PRICE AMOUNT",
    "PAPER A4 2 x 12.50 25.00",
    "Total Qty: 2 25.00",
    "Sub-Total (Excl GST) 25.00",
    "GST 6% 1.50",
    "Total Incl GST 26.50",
    "CASH 50.00",
    "CHANGE 23.50",
    "THANK YOU",
)


def test_receipt_total_is_the_grand_total_not_quantity_cash_or_change():
    assert extract_fields(MALAYSIAN_RECEIPT).total_amount == Decimal("26.50")


def test_receipt_tax_and_subtotal_are_read_from_their_labels():
    result = extract_fields(MALAYSIAN_RECEIPT)
    assert (result.subtotal, result.tax_amount) == (Decimal("25.00"), Decimal("1.50"))


def test_receipt_vendor_is_the_legal_name_not_the_owner_line():
    assert extract_fields(MALAYSIAN_RECEIPT).vendor == "SOON HUAT MACHINERY SDN BHD"


def test_receipt_date_number_and_type():
    result = extract_fields(MALAYSIAN_RECEIPT)
    assert result.invoice_date == dt.date(2019, 1, 11)
    assert result.invoice_number == "CS00004040"
    assert result.document_type == "receipt"


def test_receipt_line_item_has_quantity_and_unit_price():
    (item,) = extract_fields(MALAYSIAN_RECEIPT).items
    assert (item.description, item.quantity, item.unit_price, item.total_price) == (
        "PAPER A4", Decimal("2"), Decimal("12.50"), Decimal("25.00"))


def test_result_is_marked_offline_with_confidences():
    result = extract_fields(MALAYSIAN_RECEIPT)
    assert result.extractor == "offline"
    assert 0 < result.confidence["total_amount"] <= 1


def test_currency_from_the_documents_country_when_none_printed():
    result = extract_fields(MALAYSIAN_RECEIPT, locale_hint="GB")
    assert result.currency == "MYR"  # SDN BHD and the "(JM0352019-K)" company number are Malaysian
    assert 0.5 <= result.confidence["currency"] < 0.9


def test_currency_from_locale_hint_when_the_document_gives_no_cue():
    result = extract_fields(receipt("CORNER KIOSK", "Coffee 3.50", "Total 3.50"), locale_hint="MY")
    assert result.currency == "MYR"
    assert result.confidence["currency"] < 0.5


def test_rounded_total_after_rounding_adjustment_wins():
    doc = receipt("MIZU MENTAI SDN. BHD.", "Total (Inclusive of GST): 65.53", "Rounding Adj : 0.02",
                  "TOTAL: 65.55", "VISA 65.55")
    assert extract_fields(doc).total_amount == Decimal("65.55")


def test_total_confirmed_by_cash_minus_change():
    doc = receipt("SHOP LTD", "Total 12.40", "Total Savings 30.00", "Cash 20.00", "Change 7.60")
    assert extract_fields(doc).total_amount == Decimal("12.40")


def test_amount_printed_under_its_label():
    doc = receipt("CAFE ROMA", "TOTAL", "RM 18.90", "Thank you")
    assert extract_fields(doc).total_amount == Decimal("18.90")


def test_vendor_skips_headings_addresses_and_phones():
    doc = receipt("TAX INVOICE", "Tel: 03-1234 5678", "Corner Bakery Ltd", "12 High Street", "Total 4.20")
    assert extract_fields(doc).vendor == "Corner Bakery Ltd"


def test_german_invoice_from_pdf_text_layer():
    doc = pdf_page(
        ("Muster Handel GmbH",),
        ("Hauptstraße 5, 10115 Berlin",),
        ("Rechnung",),
        ("Rechnungsnummer: RE-2026-001", "Rechnungsdatum: 14.03.2026"),
        ("Beratung 2 Std", "200,00 €"),
        ("Zwischensumme", "200,00 €"),
        ("MwSt 19 %", "38,00 €"),
        ("Gesamtbetrag", "238,00 €"),
        ("Zahlbar innerhalb 14 Tagen, fällig am 28.03.2026",),
    )
    result = extract_fields(doc)
    assert result.vendor == "Muster Handel GmbH"
    assert result.invoice_number == "RE-2026-001"
    assert result.invoice_date == dt.date(2026, 3, 14)
    assert result.due_date == dt.date(2026, 3, 28)
    assert (result.subtotal, result.tax_amount, result.total_amount) == (
        Decimal("200.00"), Decimal("38.00"), Decimal("238.00"))
    assert result.currency == "EUR"
    assert result.document_type == "invoice"
    assert "14 Tagen" in result.payment_terms


def test_french_invoice_total_ttc_over_total_ht():
    doc = receipt("Boulangerie Dupont SARL", "Facture N° F-2026-17", "Date : 14 mars 2026",
                  "Total HT 50,00", "TVA 20% 10,00", "Total TTC 60,00 €")
    result = extract_fields(doc)
    assert (result.total_amount, result.tax_amount, result.subtotal) == (
        Decimal("60.00"), Decimal("10.00"), Decimal("50.00"))
    assert result.invoice_number == "F-2026-17"
    assert result.invoice_date == dt.date(2026, 3, 14)


def test_spanish_invoice():
    doc = receipt("Ferretería López S.L.", "Factura nº A-123", "Fecha: 15/03/2026",
                  "Base imponible 100,00", "IVA 21% 21,00", "Total a pagar 121,00 €")
    result = extract_fields(doc)
    assert (result.total_amount, result.tax_amount, result.subtotal) == (
        Decimal("121.00"), Decimal("21.00"), Decimal("100.00"))
    assert result.invoice_number == "A-123"


def test_portuguese_invoice_with_thousands_separator():
    doc = receipt("Loja Central Ltda", "Nota Fiscal nº 4567", "Data: 02/03/2026", "Valor total R$ 1.234,50")
    result = extract_fields(doc)
    assert result.total_amount == Decimal("1234.50")
    assert result.currency == "BRL"
    assert result.invoice_number == "4567"


def test_dutch_invoice_te_betalen_and_due_date():
    doc = receipt("Bakkerij De Vries B.V.", "Factuurnummer 2026-88", "Datum 01-03-2026",
                  "Totaal excl. BTW 100,00", "BTW 21% 21,00", "Te betalen € 121,00", "Vervaldatum 31-03-2026")
    result = extract_fields(doc)
    assert result.total_amount == Decimal("121.00")
    assert result.due_date == dt.date(2026, 3, 31)
    assert result.invoice_number == "2026-88"


def test_us_receipt_reads_ambiguous_dates_month_first():
    doc = receipt("Joe's Diner Inc", "Date 03/04/2026", "Total $23.10")
    result = extract_fields(doc)
    assert result.invoice_date == dt.date(2026, 3, 4)
    assert result.currency == "USD"


def test_document_dates_settle_order_over_currency():
    doc = receipt("Joe's Diner Inc", "Date 03/04/2026", "Printed 25/04/2026", "Total $23.10")
    assert extract_fields(doc).invoice_date == dt.date(2026, 4, 3)


def test_integer_dropped_decimal_point_is_not_taken_as_total():
    doc = receipt("HERO SDN BHD", "Item A 7.50", "Total with GST 41.48", "Rounding 0.02",
                  "Total Saving 0.00 Total 4150", "Credit Card 41.50", "Change 0.00")
    assert extract_fields(doc).total_amount == Decimal("41.50")


def test_credit_note_is_recognised():
    doc = receipt("Muster GmbH", "Gutschrift Nr. G-12", "Betrag -50,00 €")
    assert extract_fields(doc).document_type == "credit_note"


def test_empty_document_gives_empty_result():
    result = extract_fields(TextDocument(source="ocr"))
    assert result.is_empty and result.extractor == "offline"


def test_totals_table_pairs_each_amount_with_the_label_above_it():
    doc = pdf_page(("Muster GmbH",), ("Rechnung Nr. 77",))
    header_top, values_top = 300.0, 314.0
    for x0, text in ((50, "Nettobetrag"), (150, "MwSt-%"), (250, "MwSt-Betrag"), (350, "Endbetrag")):
        doc.lines.append(TextLine(text=text, box=(x0, header_top, x0 + 60, header_top + 10)))
    for x0, text in ((55, "100,00"), (155, "19,0"), (255, "19,00"), (355, "119,00")):
        doc.lines.append(TextLine(text=text, box=(x0, values_top, x0 + 40, values_top + 10)))
    result = extract_fields(doc)
    assert (result.subtotal, result.tax_amount, result.total_amount) == (
        Decimal("100.00"), Decimal("19.00"), Decimal("119.00"))


def test_net_total_before_vat_is_not_the_amount_due():
    doc = receipt("Bei Spiel GmbH", "Net total: 496.00 €", "VAT total: 75.04 €", "Due payable: 571.04 €")
    result = extract_fields(doc)
    assert (result.total_amount, result.subtotal) == (Decimal("571.04"), Decimal("496.00"))


def test_vendor_line_with_address_keeps_only_the_name():
    doc = receipt("Au bon moulin SARL - 1242 chemin de l'olive - 84340 Malaucène", "Facture FA-2017-0010",
                  "Total TTC 671,15 €")
    result = extract_fields(doc)
    assert result.vendor == "Au bon moulin SARL"
    assert result.invoice_number == "FA-2017-0010"


def test_side_by_side_seller_and_buyer_are_not_one_name():
    doc = pdf_page(("MUSTERLIEFERANT GMBH", "MUSTER-KUNDE GMBH"), ("Rechnung Nr. 5",), ("Gesamtbetrag", "10,00 €"))
    assert extract_fields(doc).vendor == "MUSTERLIEFERANT GMBH"


def test_credit_note_total_may_be_negative():
    doc = receipt("Muster GmbH", "Gutschrift Nr. G-12", "Gesamtbetrag -50,00 €")
    assert extract_fields(doc).total_amount == Decimal("-50.00")


def test_vendor_letter_o_misread_as_zero_is_repaired():
    doc = receipt("AEON C0. (M) BHD (126926-H)", "Total 4.20")
    assert extract_fields(doc).vendor == "AEON CO. (M) BHD"


def test_service_date_is_not_the_invoice_date():
    doc = receipt("Bei Spiel GmbH", "Leistungsdatum 07.05.2017", "Rechnung # RE-1 von 09.05.2017", "Summe 10,00 €")
    assert extract_fields(doc).invoice_date == dt.date(2017, 5, 9)


def test_item_quantity_line_under_the_item_sets_quantity_and_unit_price():
    doc = receipt("99 SPEED MART S/B", "8038 JASMINE RICE 5KG RM48.70 Z", "@2X RM24.35", "Total RM 48.70")
    (item,) = extract_fields(doc).items
    assert (item.item_code, item.description, item.quantity, item.unit_price, item.total_price) == (
        "8038", "JASMINE RICE 5KG", Decimal("2"), Decimal("24.35"), Decimal("48.70"))


def test_item_printed_over_two_rows_takes_the_name_from_the_first():
    doc = receipt("MIZU MENTAI SDN BHD", "B1 Green Tea", "2x 1.00 2.00 SR", "TOTAL: 2.00")
    (item,) = extract_fields(doc).items
    assert (item.description, item.quantity, item.unit_price) == ("B1 Green Tea", Decimal("2"), Decimal("1.00"))


def test_gst_code_sr_is_not_saudi_riyal():
    doc = receipt("MIZU MENTAI SDN BHD", "Green Tea 2.00 SR", "TOTAL: 2.00")
    assert extract_fields(doc, locale_hint="MY").currency == "MYR"
