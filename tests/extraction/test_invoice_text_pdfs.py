"""Invoices with a text layer (issue 9): the seller from its block (a "Sold by:" line, the footer's
legal block), never a title, a label, a section heading or the buyer; invoice numbers with their
prefix wherever the layout puts them; dates under their own column heading; invoice totals.

Each PDF is drawn here with reportlab: text runs at (x, y from the top, size), as invoice layouts
place them."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from app.extraction import extract_document

Run = tuple[float, float, str] | tuple[float, float, str, float]


def invoice(*runs: Run):
    """The extraction result of a one-page PDF holding ``runs`` (x, y from the top, text[, size])."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for run in runs:
        x, y, text = run[0], run[1], run[2]
        size = run[3] if len(run) > 3 else 9
        page.setFont("Helvetica", size)
        page.drawString(x, A4[1] - y - size, text)
    page.showPage()
    page.save()
    return extract_document(buffer.getvalue(), "application/pdf")


# -- the seller -------------------------------------------------------------------------------------


def test_the_seller_after_sold_by_is_the_vendor_not_a_footnote_beside_the_buyer():
    result = invoice(
        (230, 20, "Retail Invoice/Bill", 14),
        (400, 45, "Invoice No : # BLR_WFLD2015100098"),
        (10, 60, "Sold By : Nirmal Retail Services Pvt. Ltd.,", 12),
        (10, 80, "Order ID: OD3041750960"),
        (170, 95, "Anushka Rao"),
        (500, 110, "*Keep this invoice and", 7),
        (10, 120, "Invoice Date: 20-10-2015"),
        (170, 120, "Lucknow 226010 Uttar Pradesh"),
        (500, 122, "manufacturer box for", 7),
        (10, 180, "Product"), (200, 180, "Qty"), (300, 180, "Price"), (450, 180, "Total"),
        (10, 200, "Memory card 16 GB"), (200, 200, "1"), (300, 200, "278.61"), (450, 200, "319.00"),
        (300, 230, "Grand Total"), (450, 230, "319.00"),
    )
    assert result.vendor == "Nirmal Retail Services Pvt. Ltd"
    assert result.invoice_number == "BLR_WFLD2015100098"


def test_a_payment_stamp_is_not_a_name_and_verkauft_von_names_the_seller():
    result = invoice(
        (40, 40, "Zahlung erhalten", 12),
        (40, 70, "Rechnung", 16),
        (40, 100, "Rechnungsdatum/Lieferdatum"), (250, 100, "15 Januar 2024"),
        (40, 115, "Rechnungsnummer"), (250, 115, "DE4ABCDEFG"),
        (40, 145, "Verkauft von  Nordmarkt EU S.à r.l."),
        (40, 157, "38 avenue John F. Kennedy, L-1855 Luxembourg"),
        (40, 200, "USB-C Kabel"), (450, 200, "€23,99"),
        (300, 230, "Rechnungsbetrag"), (450, 230, "€23,99"),
    )
    assert result.vendor == "Nordmarkt EU S.à r.l"
    assert result.invoice_number == "DE4ABCDEFG"


def test_a_footnote_is_not_a_name():
    result = invoice(
        (420, 30, "*Keep this invoice for warranty"),
        (40, 45, "Lumen Electronics"),
        (40, 62, "Shop 4, MG Road, Bengaluru 560001"),
        (40, 110, "Invoice No: LE-2024-77"),
        (40, 125, "Date: 03/02/2024"),
        (40, 170, "LED lamp"), (450, 170, "Rs 450.00"),
        (300, 200, "Grand Total"), (450, 200, "Rs 450.00"),
    )
    assert result.vendor == "Lumen Electronics"


def test_a_name_between_stars_is_a_banner_not_a_footnote():
    result = invoice(
        (200, 40, "*** KEDAI RUNCIT MAJU ***", 12),
        (200, 58, "Jalan Ampang, 50450 Kuala Lumpur"),
        (40, 110, "Receipt No: 10421"),
        (40, 125, "Date: 03/02/2024"),
        (40, 170, "GULA 1KG"), (450, 170, "3.20"),
        (300, 200, "TOTAL"), (450, 200, "RM 3.20"),
    )
    assert result.vendor == "KEDAI RUNCIT MAJU"


def test_the_name_after_from_is_the_seller_not_the_town_of_the_address():
    result = invoice(
        (450, 40, "Invoice", 26),
        (450, 80, "DATE: 03/02/2024"),
        (450, 95, "INVOICE: NO. 001"),
        (70, 140, "FROM: Harbour Joinery"), (310, 140, "TO: John Doe"),
        (70, 180, "ADDRESS: 111 Main Street"), (310, 180, "ADDRESS: 222 Main Street"),
        (130, 195, "Anytown, USA"), (370, 195, "Anytown, USA"),
        (70, 260, "Item Description"), (200, 260, "Quantity"), (310, 260, "Price"), (420, 260, "Amount"),
        (70, 280, "Tool A"), (200, 280, "500"), (310, 280, "$1.00"), (420, 280, "$500.00"),
        (310, 320, "BALANCE DUE"), (420, 320, "$500.00"),
    )
    assert result.vendor == "Harbour Joinery"
    assert result.invoice_number == "001"


def test_an_e_mail_address_after_from_is_not_the_name():
    result = invoice(
        (40, 40, "From: Nordlicht Versand <rechnung@nordlicht-versand.de>"),
        (40, 55, "To: kunde@example.com"),
        (40, 100, "Rechnung Nr. NV-2024-118"),
        (40, 115, "Datum: 03.02.2024"),
        (40, 160, "Lampe"), (450, 160, "49,00 €"),
        (300, 190, "Gesamtbetrag"), (450, 190, "49,00 €"),
    )
    assert result.vendor == "Nordlicht Versand"


def test_a_document_title_printed_on_the_names_line_is_not_part_of_the_name():
    result = invoice(
        (250, 60, "Northwind Cloud Services Invoice", 15),
        (250, 100, "Invoice Number:"), (500, 100, "42183017"),
        (250, 115, "Invoice Date:"), (480, 115, "August 3, 2024"),
        (40, 200, "Summary"),
        (40, 220, "Compute"), (500, 220, "$4.11"),
        (40, 240, "Total for this invoice"), (500, 240, "$4.11"),
    )
    assert result.vendor == "Northwind Cloud Services"


def test_the_legal_name_over_the_footers_registration_beats_the_buyers_window_address():
    result = invoice(
        (390, 110, "MARTINEAU CONSEIL"),
        (390, 123, "Martin Dupont"),
        (390, 136, "27 rue Henri Rolland"),
        (390, 149, "69100 Villeurbanne"),
        (245, 175, "Facture n° 2022089083"),
        (55, 190, "Date : 28/11/2022"),
        (140, 255, "Désignation"), (320, 255, "Nombre"), (400, 255, "P.U. HT"), (470, 255, "Montant HT"),
        (55, 285, "Annonce légale du 06/12/2022"), (470, 285, "46,68 €"),
        (400, 320, "Total HT :"), (470, 320, "46,68 €"),
        (400, 335, "TVA 20% :"), (470, 335, "9,34 €"),
        (400, 350, "Total TTC :"), (470, 350, "56,02 €"),
        (55, 400, "Le paiement par chèque n'est plus accepté."),
        (240, 720, "PRESSEPLUS"),
        (90, 735, "Siège social : 16 rue Mollien - 92100 BOULOGNE - Tél : 01 71 17 61 67", 8),
        (90, 748, "Sarl au capital de 10 000 € - RCS Paris B 530 848 134 - Siret 53084813400017", 8),
    )
    assert result.vendor == "PRESSEPLUS"
    assert result.total_amount == Decimal("56.02")


def test_a_legal_name_is_cut_before_its_share_capital_and_beats_a_department_line():
    result = invoice(
        (40, 80, "Fibra Service Abonné"),
        (40, 92, "75371 Paris Cedex 08"),
        (300, 150, "de Lattre Alexis"),
        (300, 162, "35 rue du logiciel libre"),
        (300, 174, "69100 VILLEURBANNE"),
        (40, 250, "Facture n°562044387 du 02 Juillet 2015"),
        (40, 280, "Abonnements"), (480, 280, "29.99"),
        (40, 300, "Total facture"), (480, 300, "29.99"),
        (40, 320, "Somme à payer"), (460, 320, "29.99 € TTC"),
        (40, 500, "Service Clients"),
        (40, 515, "Téléphone : 32 44 du lundi au dimanche"),
        (40, 760, ("Fibra SAS au capital de 3.441.812 Euros - B 421 938 861 RCS Paris - Siège social : "
                   "8 rue de la Ville l'Évêque 75008 Paris"), 7),
    )
    assert result.vendor == "Fibra SAS"


def test_a_bank_in_the_footer_is_never_the_seller():
    result = invoice(
        (40, 50, "Holzbau Kramer", 16),
        (40, 75, "Sägewerkstraße 4 · 89073 Ulm"),
        (40, 130, "Rechnung Nr. RE-2024-0042"),
        (40, 145, "Datum: 03.02.2024"),
        (40, 200, "Dachlatten"), (450, 200, "100,00 €"),
        (300, 230, "Gesamtbetrag"), (450, 230, "119,00 €"),
        (40, 700, "Deutsche Bank AG"), (300, 700, "Amtsgericht Ulm HRB 1234"),
        (40, 712, "IBAN DE12 6307 0088 0012 3456 78"), (300, 712, "USt-IdNr. DE123456789"),
    )
    assert result.vendor == "Holzbau Kramer"


def test_the_software_that_made_the_invoice_is_not_the_seller():
    result = invoice(
        (40, 50, "Pasticceria Rossi", 16),
        (40, 75, "Via Roma 12, 20121 Milano"),
        (40, 130, "Fattura n. 2024/118"),
        (40, 145, "Data: 03/02/2024"),
        (40, 200, "Torta"), (450, 200, "30,00 €"),
        (300, 230, "Totale documento"), (450, 230, "36,60 €"),
        (150, 760, "Powered by", 7),
        (150, 770, "Fatturify Software S.r.l.", 7),
        (150, 780, "Registro Imprese di Milano 123456", 7),
    )
    assert result.vendor == "Pasticceria Rossi"


def test_a_total_line_in_the_footer_is_not_a_legal_name():
    result = invoice(
        (40, 40, "YONG SOON FATT", 12),
        (40, 55, "LOT 1504, JALAN KLANG LAMA, 46000 PETALING JAYA"),
        (40, 80, "TAX INVOICE"),
        *[(run[0], 120 + 20 * index, run[1]) for index, pair in enumerate(
            [("RICE 5KG", "31.50"), ("GARLIC 1KG", "37.50"), ("FLOUR 3KG", "50.00"), ("CORN 425G", "52.00")])
          for run in ((40, pair[0]), (450, pair[1]))],
        (40, 700, "Total Inc. 6ST 6%:"), (450, 700, "171.00"),  # as a faded "GST" reads
        (40, 715, "Goods sold are not returnable. Thank you."),
    )
    assert result.vendor == "YONG SOON FATT"


def test_a_section_heading_is_not_a_name_and_the_footers_legal_name_is():
    result = invoice(
        (120, 40, "PAYMENT RECEIPT", 11),
        (40, 75, "Guest Name: Sanjay"), (420, 75, "Date: 31/12/2017"),
        (45, 105, "Hotel Details"), (320, 105, "Check In"), (490, 105, "Rooms"),
        (45, 117, "Sunrise 4189 Resort Nanganallur,"), (320, 117, "31/12/2017"), (490, 117, "1"),
        (45, 128, "25, Koil Street, Chennai"),
        (45, 170, "DESCRIPTION"), (420, 170, "RATE"), (480, 170, "AMOUNT"),
        (45, 185, "Room Charges"), (480, 185, "Rs 1939"),
        (45, 200, "Grand Total"), (480, 200, "Rs 1939"),
        (45, 260, "Bank Name"), (300, 260, "Account No."),
        (45, 272, "HDFC Bank"), (300, 272, "00030340067212"),
        (200, 330, "Lodgings Stays Private Limited"),
        (60, 342, "Registered Office: Level 4, Rectangle 1, Saket, New Delhi - 110017", 8),
    )
    assert result.vendor == "Lodgings Stays Private Limited"


def test_a_buyer_heading_whose_letters_the_text_layer_split_still_marks_the_buyer():
    result = invoice(
        (80, 125, "Factuuradres"), (360, 125, "Af leveradres"),
        (80, 141, "Strategic Corp"), (360, 141, "Jan Smit"),
        (80, 152, "Fakestreet 46"), (360, 152, "Fakestreet 46"),
        (80, 163, "3500 MJ Utrecht"), (360, 163, "3500 MJ Utrecht"),
        (44, 230, "Koffiehuis Noord"),
        (44, 260, "Factuur datum 8-9-2022"),
        (44, 300, "Onderhoudsset"), (450, 300, "49,99"),
        (300, 330, "Factuur totaal EUR"), (450, 330, "49,99"),
    )
    assert result.vendor not in ("Af leveradres", "Jan Smit")


def test_a_tall_title_beside_a_two_line_block_does_not_interleave_the_blocks_lines():
    result = invoice(
        (45, 41, "FACTUUR.", 20),
        (445, 46, "Bluebird B.V.", 10),
        (445, 57, "Weena 664", 10),
        (445, 70, "3012 CN Rotterdam", 10),
        (45, 160, "Factuurnummer: 993548900"),
        (45, 175, "Factuurdatum: 19 april 2014"),
        (45, 220, "Tablet"), (450, 220, "€ 399,00"),
        (350, 250, "Totaal"), (450, 250, "€ 399,00"),
    )
    assert result.vendor == "Bluebird B.V"
    assert "Bluebird B.V." in result.ocr_text.splitlines()


# -- invoice numbers, dates, currency ---------------------------------------------------------------


def test_an_invoice_numbers_prefix_printed_apart_is_kept():
    result = invoice(
        (40, 50, "Carver Tools Ltd", 14),
        (40, 100, "Invoice No:"), (120, 100, "INV-"), (160, 100, "37930"),
        (40, 115, "Date: 03/02/2024"),
        (40, 160, "Chisel set"), (450, 160, "£40.00"),
        (350, 190, "Amount due"), (450, 190, "£40.00"),
    )
    assert result.invoice_number == "INV-37930"


def test_a_hash_before_a_number_that_starts_with_inv_keeps_the_prefix():
    result = invoice(
        (50, 50, "Brightside Media LLC", 14), (430, 50, "INVOICE", 20),
        (50, 70, "12 Elm Street, Austin TX 78701"), (430, 78, "# INV-000123"),
        (330, 150, "Invoice Date :"), (450, 150, "03 Feb 2024"),
        (70, 230, "Video production"), (480, 230, "1,200.00"),
        (380, 270, "Balance Due"), (480, 270, "$1,200.00"),
    )
    assert result.invoice_number == "INV-000123"


def test_a_titled_number_printed_beside_the_sellers_name():
    result = invoice(
        (50, 50, "Padaria Lusitana, Lda.", 14), (400, 50, "Fatura FT 2024/315", 12),
        (50, 70, "Rua Augusta 100, 1100-053 Lisboa"), (400, 70, "Data: 05-03-2024"),
        (50, 208, "Pão de forma"), (480, 208, "20,00"),
        (380, 250, "Total a pagar"), (480, 250, "21,20 €"),
    )
    assert result.invoice_number == "FT 2024/315"


def test_the_number_under_a_document_column_heading_in_a_heading_row():
    result = invoice(
        (44, 60, "Koffiehuis Noord B.V.", 14),
        (44, 280, "Klant"), (144, 280, "Order"), (360, 280, "Factuur datum"), (450, 280, "Factuur"),
        (530, 280, "Vervaldatum"),
        (44, 292, "SCONL0303006"), (144, 292, "SCONL0000444"), (360, 292, "8-9-2022"), (450, 292, "VF1005193039"),
        (530, 292, "22-9-2022"),
        (44, 330, "Onderhoudsset"), (450, 330, "49,99"),
        (300, 360, "Factuur totaal EUR"), (450, 360, "49,99"),
    )
    assert result.invoice_number == "VF1005193039"
    assert result.invoice_date == dt.date(2022, 9, 8)


def test_the_number_under_the_title_beside_the_sellers_name():
    result = invoice(
        (40, 40, "Sammy Stone"), (400, 38, "INVOICE", 20),
        (40, 55, "sammy@example.com"),
        (400, 65, "# inv_0001"),
        (380, 80, "Date:"), (450, 80, "Jan 1, 2022"),
        (40, 140, "Service A"), (450, 140, "$120.00"),
        (380, 170, "Total:"), (450, 170, "$120.00"),
    )
    assert result.invoice_number == "inv_0001"


def test_dates_under_their_own_column_headings():
    result = invoice(
        (40, 40, "Azure Interior Inc.", 14),
        (40, 150, "Invoice INV/2023/03/0008", 14),
        (40, 175, "Invoice Date:"), (180, 175, "Due Date:"), (320, 175, "Reference:"),
        (40, 187, "03/20/2023"), (180, 187, "04/04/2023"), (320, 187, "CUSTREF123"),
        (40, 230, "Office Chair"), (450, 230, "$ 70.00"),
        (350, 260, "Total"), (450, 260, "$ 70.00"),
    )
    assert result.invoice_date == dt.date(2023, 3, 20)
    assert result.due_date == dt.date(2023, 4, 4)
    assert result.invoice_number == "INV/2023/03/0008"


@pytest.mark.parametrize(("statement", "currency"), [("All prices are in US dollars.", "USD"), ("", "AUD")])
def test_a_dollar_named_in_words_settles_a_bare_dollar_sign(statement, currency):
    result = invoice(
        (40, 40, "Tax Invoice", 14),
        (40, 60, "Envelope Markets"),
        (40, 75, "ABN: 11 119 159 741"),
        (350, 90, "Collins Street West, VIC 8007"),
        (350, 105, "Australia"),
        (350, 130, "Invoice No. 12429647"),
        (350, 145, "Order date: 28 Jan 15"),
        (40, 200, "Item purchase $80.80"),
        (40, 215, "Invoice Total: $101.00"),
        (40, 260, statement or "Thank you."),
    )
    assert result.currency == currency
    assert result.total_amount == Decimal("101.00")


@pytest.mark.parametrize(("label", "tax_label", "amount", "total"), [
    ("Amount due", "VAT 20%", "£20.00", "£120.00"),
    ("Balance Due", "Sales Tax", "$20.00", "$120.00"),
    ("Total TTC", "TVA 20 %", "20,00 €", "120,00 €"),
    ("Gesamtbetrag", "USt. 20 %", "20,00 €", "120,00 €"),
    ("Importe total", "IVA 20%", "20,00 €", "120,00 €"),
])
def test_invoice_totals_by_their_labels(label, tax_label, amount, total):
    result = invoice(
        (40, 40, "Fairfield Studio Ltd", 14),
        (40, 80, "Invoice No: 2024-118"),
        (40, 95, "Date: 03/02/2024"),
        (40, 150, "Design work"), (450, 150, total.replace("120", "100")),
        (300, 180, tax_label), (450, 180, amount),
        (300, 195, label), (450, 195, total),
    )
    assert result.total_amount == Decimal("120.00"), label
