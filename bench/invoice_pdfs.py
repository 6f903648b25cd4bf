"""Hand-written invoices rendered as text PDFs in layouts the extractor was not written against.

Each invoice below was written by hand for this project (names, addresses and numbers invented, sums
worked out line by line); no document was copied. They are drawn with reportlab in eight layouts
seen on real invoices: the seller top-left with the title at the right, the seller at the right
under a big title ("Invoice Summary", "FACTURA"), a banner title over a smaller seller line
("PAYMENT RECEIPT", "Retail Invoice/Bill"), a DIN 5008 letter whose seller only shows in the sender
line and the footer, delivery and invoice address blocks side by side, "From:" / "To:" blocks, and
an e-commerce order confirmation with a "Return by" date.

    .venv/bin/python bench/invoice_pdfs.py --dump /tmp/invoice-pdfs   # write the PDFs to look at

``bench/extraction.py --only pdfs`` scores them; the truth is ``INVOICES[i]["truth"]``.
"""
from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"
if (_DEJAVU / "DejaVuSans.ttf").exists():
    # A TrueType font so ₹, € and accents are embedded with a proper text layer.
    pdfmetrics.registerFont(TTFont("InvDejaVu", str(_DEJAVU / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("InvDejaVu-Bold", str(_DEJAVU / "DejaVuSans-Bold.ttf")))
    REGULAR, BOLD = "InvDejaVu", "InvDejaVu-Bold"

Invoice = dict[str, Any]

INVOICES: list[Invoice] = [
    {
        "key": "us_classic_llc", "layout": "classic", "title": "INVOICE",
        "seller": ["Northwind Analytics LLC", "88 Harbor Blvd, Suite 210", "Oakland, CA 94607",
                   "ap@northwind-analytics.com"],
        "buyer_label": "Bill To", "buyer": ["Redwood Logistics Inc.", "1200 Bay Street", "Alameda, CA 94501"],
        "meta": [("Invoice No.", "NA-2024-0612"), ("Invoice Date", "May 2, 2024"), ("Due Date", "June 1, 2024")],
        "columns": ["Description", "Qty", "Rate", "Amount"],
        "items": [["Data pipeline setup", "1", "4,500.00", "4,500.00"],
                  ["Dashboard licences", "5", "120.00", "600.00"],
                  ["Training workshop", "1", "850.00", "850.00"]],
        "summary": [("Subtotal", "5,950.00"), ("Sales Tax (8.25%)", "490.88"), ("Total Due", "$6,440.88")],
        "footer": ["Payment by ACH within 30 days. Thank you for your business."],
        "truth": {"vendor": ["Northwind Analytics LLC"], "invoice_number": ["NA-2024-0612"], "date": "2024-05-02",
                  "currency": "USD", "total": "6440.88", "tax": "490.88"},
    },
    {
        "key": "gb_invoice_summary_title", "layout": "seller_right", "title": "Invoice Summary",
        "seller": ["Kestrel Print & Design Ltd", "3 Wharf Road", "Manchester M1 5LB", "VAT Reg No GB 318 5521 09"],
        "buyer_label": "Invoice to:", "buyer": ["Hollybrook Primary School", "Finance Office", "Stockport SK4 2QT"],
        "meta": [("Invoice number", "KPD/24/1183"), ("Invoice date", "14/10/2024"), ("Account", "HOLLY01")],
        "columns": ["Item", "Qty", "Unit price", "Net"],
        "items": [["A5 leaflets, 5000", "1", "245.00", "245.00"],
                  ["Roller banner 850mm", "2", "89.50", "179.00"],
                  ["Design time (hours)", "3", "42.00", "126.00"]],
        "summary": [("Net total", "£550.00"), ("VAT 20%", "£110.00"), ("Amount due", "£660.00")],
        "footer": ["Kestrel Print & Design Ltd, registered in England No. 08812345"],
        "truth": {"vendor": ["Kestrel Print & Design Ltd"], "invoice_number": ["KPD/24/1183"], "date": "2024-10-14",
                  "currency": "GBP", "total": "660.00", "tax": "110.00"},
    },
    {
        "key": "in_retail_invoice_bill", "layout": "banner", "title": "Retail Invoice/Bill",
        "seller": ["Sai Krishna Electronics", "14 Brigade Road, Bengaluru 560025", "GSTIN: 29ABCPS1234K1Z2",
                   "Phone: +91 80 4112 3344"],
        "buyer_label": "Customer:", "buyer": ["Mr. Arjun Mehta", "Indiranagar, Bengaluru"],
        "meta": [("Invoice No:", "SKE/2024-25/0442"), ("Date:", "12-Jul-2024")],
        "columns": ["Product", "Qty", "Rate", "Amount"],
        "items": [["LED TV 32 inch", "1", "13,999.00", "13,999.00"], ["Wall mount kit", "1", "799.00", "799.00"]],
        "summary": [("Taxable value", "14,798.00"), ("CGST 9%", "1,331.82"), ("SGST 9%", "1,331.82"),
                    ("Grand Total", "₹17,461.64")],
        "footer": ["Goods once sold will not be taken back."],
        "truth": {"vendor": ["Sai Krishna Electronics"], "invoice_number": ["SKE/2024-25/0442"], "date": "2024-07-12",
                  "currency": "INR", "total": "17461.64", "tax": "2663.64"},
    },
    {
        "key": "ca_payment_receipt", "layout": "banner", "title": "PAYMENT RECEIPT",
        "seller": ["Lakeshore Physiotherapy Clinic Inc.", "2150 Lake Shore Blvd W, Toronto, ON M8V 4B5",
                   "HST Reg. 78421 3390 RT0001"],
        "buyer_label": "Patient:", "buyer": ["Sophie Tremblay"],
        "meta": [("Receipt #:", "R-10558"), ("Date:", "2024-02-19")],
        "columns": ["Service", "Qty", "Fee", "Amount"],
        "items": [["Physiotherapy session 60 min", "1", "110.00", "110.00"], ["Kinesio taping", "1", "15.00", "15.00"]],
        "summary": [("Subtotal", "125.00"), ("HST 13%", "16.25"), ("Total Paid (CAD)", "141.25")],
        "footer": ["Paid by Visa. Keep this receipt for your insurer."],
        "truth": {"vendor": ["Lakeshore Physiotherapy Clinic Inc."], "invoice_number": ["R-10558"], "date": "2024-02-19",
                  "currency": "CAD", "total": "141.25", "tax": "16.25"},
    },
    {
        "key": "de_din5008_footer_seller", "layout": "din5008", "title": "Rechnung",
        "seller": ["Tischlerei Vogt GmbH", "Am Anger 4", "04109 Leipzig", "USt-IdNr. DE274481930",
                   "IBAN DE44 8605 5592 1090 2261 13", "Geschäftsführer: Martin Vogt"],
        "buyer_label": "", "buyer": ["Frau", "Sabine Lorenz", "Kantstraße 22", "04275 Leipzig"],
        "meta": [("Rechnungsnummer", "24-0917"), ("Rechnungsdatum", "03.09.2024"), ("Kundennummer", "4410")],
        "columns": ["Bezeichnung", "Menge", "Einzelpreis", "Gesamt"],
        "items": [["Einbauschrank Eiche nach Maß", "1", "1.520,00", "1.520,00"],
                  ["Montage (Std.)", "4", "65,00", "260,00"],
                  ["Anfahrt", "1", "60,00", "60,00"]],
        "summary": [("Nettobetrag", "1.840,00"), ("zzgl. 19 % USt", "349,60"), ("Gesamtbetrag", "2.189,60 €")],
        "footer": ["Zahlbar innerhalb von 14 Tagen ohne Abzug."],
        "truth": {"vendor": ["Tischlerei Vogt GmbH"], "invoice_number": ["24-0917"], "date": "2024-09-03",
                  "currency": "EUR", "total": "2189.60", "tax": "349.60"},
    },
    {
        "key": "fr_delivery_and_billing_blocks", "layout": "two_blocks", "title": "FACTURE",
        "seller": ["Les Jardins de Provence SAS", "Chemin des Oliviers", "84000 Avignon",
                   "SIRET 832 114 567 00021 - TVA FR55832114567"],
        "blocks": [("Adresse de livraison :", ["Domaine Saint-Roch", "Route de Carpentras", "84200 Carpentras"]),
                   ("Adresse de facturation :", ["SCEA Saint-Roch", "BP 12", "84200 Carpentras"])],
        "meta": [("Facture n°", "JP-2024-00771"), ("Date de facture :", "27/06/2024"), ("Échéance :", "27/07/2024")],
        "columns": ["Désignation", "Qté", "P.U. HT", "Montant HT"],
        "items": [["Olivier en pot 120 L", "3", "95,00", "285,00"], ["Terreau 50 L", "10", "8,50", "85,00"],
                  ["Livraison", "1", "42,50", "42,50"]],
        "summary": [("Total HT", "412,50"), ("TVA 20 %", "82,50"), ("Total TTC", "495,00 €")],
        "footer": ["Pénalités de retard : trois fois le taux d'intérêt légal."],
        "truth": {"vendor": ["Les Jardins de Provence SAS"], "invoice_number": ["JP-2024-00771"], "date": "2024-06-27",
                  "currency": "EUR", "total": "495.00", "tax": "82.50"},
    },
    {
        "key": "es_factura_seller_right", "layout": "seller_right", "title": "FACTURA",
        "seller": ["Construcciones Ribera Hermanos, S.L.", "C/ del Río 18", "46001 Valencia", "CIF B98765432"],
        "buyer_label": "Cliente:", "buyer": ["Comunidad de Propietarios Avda. del Puerto 7", "46021 Valencia"],
        "meta": [("Nº Factura:", "2024-A-0093"), ("Fecha:", "08/03/2024"), ("Vencimiento:", "07/04/2024")],
        "columns": ["Concepto", "Cant.", "Precio", "Importe"],
        "items": [["Reparación de fachada (m2)", "40", "45,00", "1.800,00"],
                  ["Andamio (semanas)", "2", "250,00", "500,00"]],
        "summary": [("Base imponible", "2.300,00"), ("IVA 21%", "483,00"), ("Total factura", "2.783,00 €")],
        "footer": ["Inscrita en el Registro Mercantil de Valencia, Tomo 9876."],
        "truth": {"vendor": ["Construcciones Ribera Hermanos, S.L."], "invoice_number": ["2024-A-0093"],
                  "date": "2024-03-08", "currency": "EUR", "total": "2783.00", "tax": "483.00"},
    },
    {
        "key": "au_from_to_blocks", "layout": "from_to", "title": "TAX INVOICE",
        "seller": ["Coastal Drafting Pty Ltd", "ABN 63 145 882 017", "12 Marine Parade", "Southport QLD 4215"],
        "blocks": [("From:", ["Coastal Drafting Pty Ltd", "ABN 63 145 882 017", "12 Marine Parade",
                              "Southport QLD 4215"]),
                   ("To:", ["Sandpiper Homes Pty Ltd", "45 Ocean Street", "Burleigh Heads QLD 4220"])],
        "meta": [("Invoice #", "CD-3391"), ("Date", "11 March 2024"), ("Due", "25 March 2024")],
        "columns": ["Description", "Hours", "Rate", "Amount"],
        "items": [["House plans, lot 14", "16", "125.00", "2,000.00"], ["Council submission", "4", "150.00", "600.00"]],
        "summary": [("Subtotal", "$2,600.00"), ("GST", "$260.00"), ("Total (inc GST)", "$2,860.00")],
        "footer": ["BSB 034-002  Account 223 441"],
        "truth": {"vendor": ["Coastal Drafting Pty Ltd"], "invoice_number": ["CD-3391"], "date": "2024-03-11",
                  "currency": "AUD", "total": "2860.00", "tax": "260.00"},
    },
    {
        "key": "nl_factuur_classic", "layout": "classic", "title": "FACTUUR",
        "seller": ["Drukkerij Hoekstra B.V.", "Molenweg 31", "8911 AB Leeuwarden", "KvK 01098765",
                   "BTW NL812345678B01"],
        "buyer_label": "Factuuradres", "buyer": ["Sportvereniging De Friesen", "Postbus 120", "8900 AC Leeuwarden"],
        "meta": [("Factuurnummer", "F2024-118"), ("Factuurdatum", "15-01-2024"), ("Vervaldatum", "14-02-2024")],
        "columns": ["Omschrijving", "Aantal", "Prijs", "Bedrag"],
        "items": [["Clubblad 16 pagina's", "300", "2,10", "630,00"], ["Posters A2", "50", "3,00", "150,00"]],
        "summary": [("Subtotaal", "€ 780,00"), ("BTW 21%", "€ 163,80"), ("Totaal", "€ 943,80")],
        "footer": ["Gelieve binnen 30 dagen te betalen op NL91 ABNA 0417 1643 00."],
        "truth": {"vendor": ["Drukkerij Hoekstra B.V."], "invoice_number": ["F2024-118"], "date": "2024-01-15",
                  "currency": "EUR", "total": "943.80", "tax": "163.80"},
    },
    {
        "key": "pt_fatura_banner", "layout": "banner", "title": "FATURA",
        "seller": ["Serralharia Moreira & Filhos, Lda.", "Rua do Ferro 7, 4470-123 Maia",
                   "NIF PT 508 224 671"],
        "buyer_label": "Cliente:", "buyer": ["Condomínio Edifício Atlântico", "NIF 901 223 445"],
        "meta": [("Fatura n.º", "FT 2024/315"), ("Data de emissão:", "2024-04-22"),
                 ("Data de vencimento:", "2024-05-22")],
        "columns": ["Descrição", "Qtd.", "Preço", "Total"],
        "items": [["Portão de garagem em ferro", "1", "950,00", "950,00"], ["Montagem", "1", "250,00", "250,00"]],
        "summary": [("Total s/ IVA", "1.200,00"), ("IVA 23%", "276,00"), ("Total a pagar", "1.476,00 EUR")],
        "footer": ["Processado por programa certificado n.º 1234/AT"],
        "truth": {"vendor": ["Serralharia Moreira & Filhos, Lda."],
                  "invoice_number": ["FT 2024/315", "FT2024/315", "2024/315"], "date": "2024-04-22",
                  "currency": "EUR", "total": "1476.00", "tax": "276.00"},
    },
    {
        "key": "it_fattura_classic", "layout": "classic", "title": "FATTURA",
        "seller": ["Studio Tecnico Bianchi S.r.l.", "Via Roma 112", "10121 Torino", "P.IVA IT09876543210"],
        "buyer_label": "Spett.le", "buyer": ["Condominio Le Betulle", "Corso Francia 40", "10138 Torino"],
        "meta": [("Fattura n.", "47/2024"), ("Data", "30/05/2024"), ("Scadenza", "29/06/2024")],
        "columns": ["Descrizione", "Q.tà", "Prezzo", "Importo"],
        "items": [["Perizia tecnica", "1", "1.100,00", "1.100,00"], ["Sopralluoghi", "2", "200,00", "400,00"]],
        "summary": [("Imponibile", "€ 1.500,00"), ("IVA 22%", "€ 330,00"), ("Totale documento", "€ 1.830,00")],
        "footer": ["Pagamento: bonifico bancario a 30 giorni"],
        "truth": {"vendor": ["Studio Tecnico Bianchi S.r.l."], "invoice_number": ["47/2024"], "date": "2024-05-30",
                  "currency": "EUR", "total": "1830.00", "tax": "330.00"},
    },
    {
        "key": "us_order_confirmation_return_by", "layout": "order", "title": "Order Confirmation",
        "seller": ["Summit Gear Co.", "www.summitgear.example", "support@summitgear.example"],
        "blocks": [("Shipping Address", ["Dana Whitaker", "77 Aspen Court", "Boulder, CO 80304"]),
                   ("Billing Address", ["Dana Whitaker", "77 Aspen Court", "Boulder, CO 80304"])],
        "meta": [("Order #", "SG-558201"), ("Order Date:", "March 24, 2024"), ("Return by:", "04/23/2024")],
        "columns": ["Item", "Qty", "Price", "Total"],
        "items": [["Trail running shoes", "1", "$129.00", "$129.00"], ["Merino socks (3-pack)", "2", "$30.00", "$60.00"]],
        "summary": [("Subtotal", "$189.00"), ("Shipping", "$0.00"), ("Tax (6.25%)", "$11.81"),
                    ("Order Total", "$200.81")],
        "footer": ["Paid with Visa ending 4242."],
        "truth": {"vendor": ["Summit Gear Co."], "invoice_number": ["SG-558201"], "date": "2024-03-24",
                  "currency": "USD", "total": "200.81", "tax": "11.81"},
    },
    {
        "key": "sg_tax_invoice_seller_right", "layout": "seller_right", "title": "TAX INVOICE",
        "seller": ["Lion City Aircon Services Pte Ltd", "10 Ubi Crescent #05-12", "Singapore 408564",
                   "GST Reg No: 201733421M"],
        "buyer_label": "Bill To:", "buyer": ["Mr Tan Wei Ming", "Blk 233 Bishan St 22 #08-114", "Singapore 570233"],
        "meta": [("Invoice No:", "INV-000881"), ("Date:", "02 Aug 2024"), ("Terms:", "COD")],
        "columns": ["Description", "Qty", "Unit Price", "Amount"],
        "items": [["Chemical overhaul, wall unit", "2", "450.00", "900.00"], ["Gas top-up R32", "1", "100.00", "100.00"]],
        "summary": [("Sub Total", "1,000.00"), ("GST 9%", "90.00"), ("Total SGD", "1,090.00")],
        "footer": ["Cheques payable to Lion City Aircon Services Pte Ltd"],
        "truth": {"vendor": ["Lion City Aircon Services Pte Ltd"], "invoice_number": ["INV-000881"],
                  "date": "2024-08-02", "currency": "SGD", "total": "1090.00", "tax": "90.00"},
    },
    {
        "key": "za_invoice_classic", "layout": "classic", "title": "TAX INVOICE",
        "seller": ["Protea Plumbing (Pty) Ltd", "22 Long Street", "Cape Town 8001", "VAT No: 4870123456"],
        "buyer_label": "Invoice To", "buyer": ["Mrs N. Dlamini", "5 Kloof Nek Road", "Tamboerskloof 8001"],
        "meta": [("Invoice No:", "PP-2291"), ("Date:", "2024/06/28")],
        "columns": ["Description", "Qty", "Unit", "Total"],
        "items": [["Geyser replacement 150L", "1", "R 3 100,00", "R 3 100,00"],
                  ["Call-out fee", "1", "R 350,00", "R 350,00"]],
        "summary": [("Subtotal", "R 3 450,00"), ("VAT 15%", "R 517,50"), ("Total", "R 3 967,50")],
        "footer": ["Banking details: FNB 62012345678 branch 250655"],
        "truth": {"vendor": ["Protea Plumbing (Pty) Ltd"], "invoice_number": ["PP-2291"], "date": "2024-06-28",
                  "currency": "ZAR", "total": "3967.50", "tax": "517.50"},
    },
    {
        "key": "ch_rechnung_din5008", "layout": "din5008", "title": "Rechnung",
        "seller": ["Malerei Keller GmbH", "Seestrasse 40", "8800 Thalwil", "MWST CHE-115.223.884",
                   "IBAN CH93 0076 2011 6238 5295 7", "Telefon 044 720 11 22"],
        "buyer_label": "", "buyer": ["Herr", "Lukas Brunner", "Alte Landstrasse 5", "8802 Kilchberg"],
        "meta": [("Rechnung Nr.", "2024-057"), ("Datum", "19.02.2024"), ("Objekt", "Wohnung 2. OG")],
        "columns": ["Arbeit", "Menge", "Ansatz", "Betrag"],
        "items": [["Wände streichen (m2)", "80", "12.40", "992.00"], ["Abdeckarbeiten", "1", "150.00", "150.00"]],
        "summary": [("Total netto", "1'142.00"), ("MWST 8.1%", "92.50"), ("Total CHF", "1'234.50")],
        "footer": ["Zahlbar innert 30 Tagen netto."],
        "truth": {"vendor": ["Malerei Keller GmbH"], "invoice_number": ["2024-057"], "date": "2024-02-19",
                  "currency": "CHF", "total": "1234.50", "tax": "92.50"},
    },
]


class _Pen:
    """A reportlab canvas whose y grows downwards from the top of the page."""

    def __init__(self, c: canvas.Canvas, height: float):
        self.c, self.height = c, height

    def text(self, x: float, y: float, text: str, size: float = 9, *, bold: bool = False,
             align: str = "left") -> None:
        self.c.setFont(BOLD if bold else REGULAR, size)
        draw = {"right": self.c.drawRightString, "center": self.c.drawCentredString}.get(align, self.c.drawString)
        draw(x, self.height - y, text)

    def rule(self, x0: float, x1: float, y: float) -> None:
        self.c.setLineWidth(0.5)
        self.c.line(x0, self.height - y, x1, self.height - y)

    def lines(self, x: float, y: float, lines: list[str], size: float = 9, *, align: str = "left",
              bold_first: bool = False, step: float | None = None) -> float:
        step = step or size + 3
        for i, line in enumerate(lines):
            self.text(x, y + i * step, line, size, bold=bold_first and i == 0, align=align)
        return y + len(lines) * step


def _table(pen: _Pen, inv: Invoice, x0: float, x1: float, y: float) -> float:
    xs = [x0, x1 - 200, x1 - 95, x1]
    for i, head in enumerate(inv["columns"]):
        pen.text(xs[i], y, head, 9, bold=True, align="left" if i == 0 else "right")
    pen.rule(x0, x1, y + 4)
    y += 17
    for row in inv["items"]:
        for i, cell in enumerate(row):
            pen.text(xs[i], y, cell, 9, align="left" if i == 0 else "right")
        y += 15
    pen.rule(x0, x1, y - 8)
    return y + 8


def _summary(pen: _Pen, inv: Invoice, x_label: float, x_value: float, y: float) -> float:
    last = len(inv["summary"]) - 1
    for i, (label, value) in enumerate(inv["summary"]):
        size, bold = (11, True) if i == last else (9, False)
        pen.text(x_label, y, label, size, bold=bold)
        pen.text(x_value, y, value, size, bold=bold, align="right")
        y += 16
    return y


def _meta(pen: _Pen, inv: Invoice, x_label: float, x_value: float, y: float, *, align: str = "left") -> float:
    for label, value in inv["meta"]:
        pen.text(x_label, y, label, 9, bold=True)
        pen.text(x_value, y, value, 9, align=align)
        y += 14
    return y


def render(inv: Invoice) -> bytes:
    buffer = io.BytesIO()
    width, height = A4
    c = canvas.Canvas(buffer, pagesize=A4)
    pen = _Pen(c, height)
    left, right = 50.0, width - 50.0
    seller = inv["seller"]
    layout = inv["layout"]
    if layout == "classic":
        pen.text(left, 62, seller[0], 15, bold=True)
        pen.lines(left, 80, seller[1:], 9)
        pen.text(right, 62, inv["title"], 22, bold=True, align="right")
        _meta(pen, inv, right - 190, right, 95, align="right")
        pen.text(left, 165, inv["buyer_label"], 9, bold=True)
        pen.lines(left, 179, inv["buyer"], 9)
        y = _table(pen, inv, left, right, 250)
    elif layout == "seller_right":
        pen.text(left, 66, inv["title"], 24, bold=True)
        pen.text(right, 55, seller[0], 12, bold=True, align="right")
        pen.lines(right, 70, seller[1:], 8, align="right")
        pen.text(left, 140, inv["buyer_label"], 9, bold=True)
        pen.lines(left, 154, inv["buyer"], 9)
        _meta(pen, inv, right - 210, right - 100, 140)
        y = _table(pen, inv, left, right, 240)
    elif layout == "banner":
        pen.text(width / 2, 50, inv["title"], 20, bold=True, align="center")
        pen.text(width / 2, 78, seller[0], 12, bold=True, align="center")
        pen.lines(width / 2, 92, seller[1:], 8, align="center")
        y = _meta(pen, inv, left, left + 120, 150)
        pen.text(right - 200, 150, inv["buyer_label"], 9, bold=True)
        pen.lines(right - 200, 164, inv["buyer"], 9)
        y = _table(pen, inv, left, right, max(y, 200) + 20)
    elif layout == "din5008":
        pen.text(left, 118, " · ".join(seller[:3]), 6)
        pen.lines(left, 136, inv["buyer"], 10)
        _meta(pen, inv, right - 200, right, 118, align="right")
        pen.text(left, 235, f"{inv['title']} {inv['meta'][0][1]}", 13, bold=True)
        y = _table(pen, inv, left, right, 265)
    elif layout == "two_blocks":
        pen.text(left, 60, seller[0], 14, bold=True)
        pen.lines(left, 76, seller[1:], 8)
        pen.text(right, 60, inv["title"], 20, bold=True, align="right")
        _meta(pen, inv, right - 200, right, 85, align="right")
        for (label, lines), x in zip(inv["blocks"], (left, left + 260)):
            pen.text(x, 160, label, 9, bold=True)
            pen.lines(x, 174, lines, 9)
        y = _table(pen, inv, left, right, 250)
    elif layout == "from_to":
        pen.text(left, 62, inv["title"], 20, bold=True)
        _meta(pen, inv, right - 180, right, 50, align="right")
        for (label, lines), x in zip(inv["blocks"], (left, left + 260)):
            pen.text(x, 120, label, 9, bold=True)
            pen.lines(x, 134, lines, 9)
        y = _table(pen, inv, left, right, 230)
    elif layout == "order":
        pen.text(left, 55, seller[0], 18, bold=True)
        pen.lines(left, 72, seller[1:], 8)
        pen.text(left, 115, inv["title"], 14, bold=True)
        _meta(pen, inv, left, left + 110, 135)
        for (label, lines), x in zip(inv["blocks"], (left, left + 260)):
            pen.text(x, 190, label, 9, bold=True)
            pen.lines(x, 204, lines, 9)
        y = _table(pen, inv, left, right, 270)
    else:
        raise ValueError(layout)
    y = _summary(pen, inv, right - 210, right, y + 6)
    pen.lines(left, y + 20, inv["footer"], 8)
    if layout == "din5008":
        foot = height - 70
        pen.rule(left, right, foot - 12)
        pen.lines(left, foot, seller[:3], 7)
        pen.lines(left + 200, foot, seller[3:], 7)
    c.showPage()
    c.save()
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump", type=Path, required=True, help="write <key>.pdf and <key>.truth.json here")
    args = parser.parse_args()
    args.dump.mkdir(parents=True, exist_ok=True)
    for inv in INVOICES:
        (args.dump / f"{inv['key']}.pdf").write_bytes(render(inv))
        (args.dump / f"{inv['key']}.truth.json").write_text(json.dumps(inv["truth"], ensure_ascii=False, indent=1))
    print(f"{len(INVOICES)} invoices written to {args.dump}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
