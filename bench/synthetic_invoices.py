"""A generated, held-out-style benchmark: invoices and receipts in six languages, as PDFs and photos.

Every document is drawn from a seeded random spec (seller, buyer, items, VAT rates, number, date and
amount formats, currency placement, labels in the language, layout template), rendered to a PDF
with a text layer (reportlab) and, for the photo medium, rasterised and degraded like a phone photo
(rotation, perspective, blur, uneven light, noise, JPEG artefacts). The truth comes from the spec,
so nothing is hand-labelled.

    .venv/bin/python bench/synthetic_invoices.py --set A [--medium pdf|photo|both] [--cache /tmp/syn-ocr]
    .venv/bin/python bench/synthetic_invoices.py --set B     # held-out seeds and templates: do not tune on it
    .venv/bin/python bench/synthetic_invoices.py --set A --dump /tmp/syn  # write the files to look at

Set A uses templates ``classic``, ``right_seller``, ``window`` and ``thermal``; set B adds seeds no
one tuned on and two templates only it uses (``columns`` invoices, ``bistro`` receipts).
With ``--cache`` the OCR text of each photo is stored and reused; timings are then only reported for
photos OCR'd in that run.
"""
from __future__ import annotations

import os

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import unicodedata  # noqa: E402
from collections import defaultdict  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from decimal import ROUND_HALF_UP, Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.extraction import ExtractionOptions, extract_document  # noqa: E402
from app.extraction.offline import extract_fields  # noqa: E402
from app.extraction.types import TextDocument  # noqa: E402
from app.extraction.validate import validate_result  # noqa: E402

CENT = Decimal("0.01")
FIELDS = ("vendor", "invoice_number", "date", "currency", "total", "tax", "items")

# ------------------------------------------------------------------------------------------------
# Fonts
# ------------------------------------------------------------------------------------------------

_FONTS = {"helv": ("Helvetica", "Helvetica-Bold"), "times": ("Times-Roman", "Times-Bold"),
          "courier": ("Courier", "Courier-Bold")}
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
if (_DEJAVU / "DejaVuSans.ttf").exists():
    pdfmetrics.registerFont(TTFont("DejaVu", str(_DEJAVU / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(_DEJAVU / "DejaVuSans-Bold.ttf")))
    _FONTS["dejavu"] = ("DejaVu", "DejaVu-Bold")
if (_DEJAVU / "DejaVuSansMono.ttf").exists():
    pdfmetrics.registerFont(TTFont("DejaVuMono", str(_DEJAVU / "DejaVuSansMono.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuMono-Bold", str(_DEJAVU / "DejaVuSansMono-Bold.ttf")))
    _FONTS["mono"] = ("DejaVuMono", "DejaVuMono-Bold")

# ------------------------------------------------------------------------------------------------
# Vocabularies
# ------------------------------------------------------------------------------------------------

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}

LANG = {
    "en": dict(
        title=["INVOICE", "Invoice", "Tax Invoice"],
        number=["Invoice No.", "Invoice #", "Invoice Number", "Invoice no:"],
        date=["Invoice Date", "Date", "Date of issue", "Issue date"],
        due=["Due Date", "Payment due", "Due"],
        buyer=["Bill to", "Billed to", "Customer", "Invoice to"],
        cols=[("Description", "Qty", "Unit price", "Amount"), ("Item", "Quantity", "Rate", "Total")],
        subtotal=["Subtotal", "Net amount", "Total excl. VAT"],
        tax=["VAT {r}%", "VAT ({r}%)", "Tax {r}%"],
        us_tax=["Sales Tax ({r}%)", "Tax ({r}%)", "Sales tax"],
        total=["Total", "Amount due", "Balance due", "Total due", "Grand total", "Total (incl. VAT)"],
        r_total=["TOTAL", "Total", "TOTAL DUE", "AMOUNT"],
        r_number=["Receipt #", "Receipt No.", "Trans #", "Ticket"],
        r_cash=["Cash", "CASH"], r_change=["Change", "CHANGE DUE"], r_card=["VISA", "Card", "Mastercard", "Debit card"],
        thanks=["Thank you for shopping with us!", "THANK YOU", "Please come again"],
        terms=["Payment terms: 30 days", "Net 30", "Payable within 14 days"],
        vat_id=["VAT No.", "VAT Reg No", "Company No."], bank=["Bank", "IBAN", "Sort code"],
        table_word=["Table", "Server"], vat_summary=("Rate", "Net", "VAT", "Gross"), included=["incl. VAT {r}%"],
        goods=["Milk 1L", "Bread wholemeal", "Bananas", "Coffee beans 500g", "Orange juice", "Cheddar cheese",
               "Eggs x12", "Pasta 500g", "Tomatoes", "Chicken breast", "Yogurt", "Apples", "Butter", "Tea bags"],
        services=["Consulting services", "Website maintenance", "Design work", "Software licence", "Hosting (annual)",
                  "Training session", "Travel expenses", "Support hours", "Printer toner", "Office chairs",
                  "Installation", "Project management"],
        dishes=["Cappuccino", "Flat white", "Club sandwich", "Caesar salad", "Cheeseburger", "Fish and chips",
                "Still water", "Pint of lager", "Chocolate cake", "Soup of the day"],
        people=["Smith", "Johnson", "Taylor", "Brown", "Walker", "Harris", "Clarke", "Lewis", "Wright", "Hall"],
        trades=["Consulting", "Digital", "Supplies", "Electrical", "Print", "Logistics", "Software", "Design"],
        shops=["Corner Market", "Green Grocer", "Daily Mart", "Fresh Foods", "City Pharmacy", "Hardware Depot"],
        bistros=["The Red Lion", "Blue Door Cafe", "Harbour Kitchen", "The Old Mill"],
        suffixes=["Ltd", "Limited", "LLC", "Inc.", "Ltd.", "& Co."],
        streets=["{n} High Street", "{n} Market Road", "{n} Church Lane", "Unit {n}, Park Avenue"],
        cities=["London EC1A 1BB", "Manchester M1 2AB", "Dublin D02 X285", "Austin, TX 78701", "Boston, MA 02110"],
    ),
    "de": dict(
        title=["RECHNUNG", "Rechnung"],
        number=["Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "Re.-Nr."],
        date=["Rechnungsdatum", "Datum", "Belegdatum"],
        due=["Fällig am", "Zahlbar bis", "Fälligkeitsdatum"],
        buyer=["Rechnungsempfänger", "Kunde", "Rechnungsanschrift"],
        cols=[("Bezeichnung", "Menge", "Einzelpreis", "Gesamt"), ("Artikel", "Anz.", "E-Preis", "Betrag")],
        subtotal=["Zwischensumme", "Nettobetrag", "Summe netto", "Gesamt netto"],
        tax=["MwSt. {r}%", "USt. {r} %", "zzgl. {r}% MwSt.", "Umsatzsteuer {r}%"],
        total=["Gesamtbetrag", "Rechnungsbetrag", "Zu zahlen", "Summe brutto", "Endbetrag", "Gesamt brutto"],
        r_total=["SUMME", "Summe EUR", "GESAMT", "Zu zahlen"],
        r_number=["Bon-Nr.", "Beleg-Nr.", "Bon", "Belegnummer"],
        r_cash=["Bar", "Gegeben"], r_change=["Rückgeld", "Wechselgeld"], r_card=["EC-Karte", "Kartenzahlung", "girocard"],
        thanks=["Vielen Dank für Ihren Einkauf!", "Danke und auf Wiedersehen"],
        terms=["Zahlbar innerhalb von 14 Tagen ohne Abzug", "Zahlungsziel: 30 Tage"],
        vat_id=["USt-IdNr.", "Steuernummer", "USt-ID"], bank=["Bankverbindung", "IBAN"],
        table_word=["Tisch", "Bedienung"], vat_summary=("Satz", "Netto", "MwSt", "Brutto"),
        included=["enth. MwSt. {r}%", "darin MwSt {r}%"],
        goods=["Vollmilch 1L", "Roggenbrot", "Bananen", "Kaffee Bohnen", "Orangensaft", "Gouda Scheiben",
               "Eier 10er", "Nudeln 500g", "Tomaten", "Hähnchenbrust", "Joghurt", "Äpfel", "Butter", "Brötchen"],
        services=["Beratungsleistung", "Wartung Webseite", "Grafikdesign", "Softwarelizenz", "Hosting (jährlich)",
                  "Schulung", "Reisekosten", "Supportstunden", "Tonerkartusche", "Bürostühle", "Montage",
                  "Projektleitung"],
        dishes=["Cappuccino", "Milchkaffee", "Schnitzel Wiener Art", "Currywurst", "Apfelschorle", "Weißbier",
                "Käsespätzle", "Salatteller", "Apfelstrudel", "Tagessuppe"],
        people=["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch", "Wagner"],
        trades=["Elektrotechnik", "Beratung", "Bürobedarf", "Druckerei", "Logistik", "Software", "Haustechnik"],
        shops=["Bäckerei Sonnenschein", "Getränkemarkt Nord", "Apotheke am Markt", "Frischemarkt", "Baumarkt Hansa"],
        bistros=["Gasthaus zur Linde", "Café Central", "Brauhaus am Dom", "Wirtshaus Post"],
        suffixes=["GmbH", "GmbH & Co. KG", "AG", "e.K.", "UG"],
        streets=["Hauptstraße {n}", "Bahnhofstr. {n}", "Lindenweg {n}", "Marktplatz {n}"],
        cities=["10115 Berlin", "80331 München", "50667 Köln", "20095 Hamburg", "1010 Wien"],
    ),
    "fr": dict(
        title=["FACTURE", "Facture"],
        number=["Facture n°", "N° de facture", "Numéro de facture", "Facture N°"],
        date=["Date de facture", "Date", "Date d'émission", "Émise le"],
        due=["Échéance", "Date d'échéance", "À régler avant le"],
        buyer=["Client", "Facturé à", "Destinataire", "Adresse de facturation"],
        cols=[("Désignation", "Qté", "Prix unitaire", "Montant"), ("Description", "Quantité", "P.U. HT", "Total HT")],
        subtotal=["Total HT", "Montant HT", "Sous-total"],
        tax=["TVA {r}%", "TVA ({r} %)", "TVA à {r}%"],
        total=["Total TTC", "Net à payer", "Montant TTC", "Total à payer"],
        r_total=["TOTAL TTC", "TOTAL", "A PAYER", "Total à payer"],
        r_number=["Ticket n°", "N° ticket", "Ticket", "Facture simplifiée n°"],
        r_cash=["Espèces", "ESPECES"], r_change=["Rendu monnaie", "Monnaie rendue"], r_card=["CB", "Carte bancaire", "CB EMV"],
        thanks=["Merci de votre visite", "A bientôt !", "Merci et à bientôt"],
        terms=["Paiement à 30 jours", "Conditions de paiement : à réception"],
        vat_id=["N° TVA", "SIRET", "TVA intracom."], bank=["IBAN", "Coordonnées bancaires"],
        table_word=["Table", "Serveur"], vat_summary=("Taux", "HT", "TVA", "TTC"),
        included=["dont TVA {r}%", "TVA incluse {r}%"],
        goods=["Lait demi-écrémé", "Baguette", "Bananes", "Café moulu", "Jus d'orange", "Comté", "Oeufs x6",
               "Pâtes 500g", "Tomates", "Poulet fermier", "Yaourt nature", "Pommes", "Beurre doux", "Croissant"],
        services=["Prestation de conseil", "Maintenance site web", "Création graphique", "Licence logiciel",
                  "Hébergement annuel", "Formation", "Frais de déplacement", "Heures de support", "Cartouche toner",
                  "Chaises de bureau", "Installation", "Gestion de projet"],
        dishes=["Café crème", "Croque-monsieur", "Salade niçoise", "Steak frites", "Carafe de vin", "Eau minérale",
                "Crème brûlée", "Plat du jour", "Quiche lorraine", "Pression"],
        people=["Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Girard", "Roux", "Fournier"],
        trades=["Conseil", "Informatique", "Bureautique", "Imprimerie", "Transports", "Bâtiment", "Services"],
        shops=["Boulangerie du Centre", "Épicerie Fine", "Pharmacie de la Gare", "Primeur du Marché", "Bricolage Plus"],
        bistros=["Café du Commerce", "Brasserie Le Lion", "Le Petit Zinc", "Bistrot des Halles"],
        suffixes=["SARL", "SAS", "SA", "EURL"],
        streets=["{n} rue de la République", "{n} avenue Jean Jaurès", "{n} boulevard Voltaire", "{n} place du Marché"],
        cities=["75011 Paris", "69002 Lyon", "13001 Marseille", "31000 Toulouse", "1000 Bruxelles"],
    ),
    "es": dict(
        title=["FACTURA", "Factura"],
        number=["Nº Factura", "Factura nº", "Número de factura", "Factura N.º"],
        date=["Fecha", "Fecha de emisión", "Fecha factura"],
        due=["Vencimiento", "Fecha de vencimiento"],
        buyer=["Cliente", "Facturar a", "Datos del cliente"],
        cols=[("Concepto", "Cant.", "Precio", "Importe"), ("Descripción", "Cantidad", "Precio unit.", "Total")],
        subtotal=["Base imponible", "Subtotal", "Total sin IVA"],
        tax=["IVA {r}%", "IVA ({r}%)", "Cuota IVA {r}%"],
        total=["Total", "Importe total", "Total a pagar", "TOTAL FACTURA"],
        r_total=["TOTAL A PAGAR", "TOTAL", "Total compra", "IMPORTE"],
        r_number=["Ticket nº", "Nº ticket", "Factura simplificada", "Nº operación"],
        r_cash=["Efectivo", "Entregado"], r_change=["Cambio", "Devolución"], r_card=["Tarjeta", "VISA", "Tarjeta crédito"],
        thanks=["Gracias por su visita", "¡Gracias por su compra!"],
        terms=["Forma de pago: transferencia a 30 días", "Condiciones de pago: 30 días"],
        vat_id=["CIF", "NIF"], bank=["IBAN", "Cuenta bancaria"],
        table_word=["Mesa", "Camarero"], vat_summary=("Tipo", "Base", "Cuota", "Total"),
        included=["IVA incluido {r}%"],
        goods=["Leche entera", "Pan de barra", "Plátanos", "Café molido", "Zumo de naranja", "Queso manchego",
               "Huevos docena", "Macarrones", "Tomates", "Pechuga de pollo", "Yogur natural", "Manzanas", "Aceite oliva"],
        services=["Servicios de consultoría", "Mantenimiento web", "Diseño gráfico", "Licencia de software",
                  "Alojamiento anual", "Formación", "Gastos de viaje", "Horas de soporte", "Tóner impresora",
                  "Sillas de oficina", "Instalación", "Gestión de proyecto"],
        dishes=["Café con leche", "Caña", "Tortilla española", "Patatas bravas", "Menú del día", "Agua mineral",
                "Paella", "Flan casero", "Croquetas", "Ensalada mixta"],
        people=["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez"],
        trades=["Consultores", "Informática", "Suministros", "Gráficas", "Transportes", "Reformas", "Servicios"],
        shops=["Supermercado La Plaza", "Frutería Paco", "Farmacia Central", "Panadería San José", "Ferretería Luna"],
        bistros=["Bar El Rincón", "Restaurante Casa Pepe", "Cervecería La Ola", "Taberna del Puerto"],
        suffixes=["S.L.", "S.A.", "SL", "S.L.U."],
        streets=["Calle Mayor {n}", "Avda. de la Constitución {n}", "Calle Alcalá {n}", "Plaza España {n}"],
        cities=["28013 Madrid", "08002 Barcelona", "41001 Sevilla", "46002 Valencia", "Ciudad de México"],
    ),
    "pt": dict(
        title=["FATURA", "Fatura", "Fatura-Recibo"],
        number=["Fatura nº", "Número da fatura", "Fatura N.º", "Nº da fatura"],
        date=["Data", "Data de emissão", "Data da fatura"],
        due=["Vencimento", "Data de vencimento"],
        buyer=["Cliente", "Adquirente", "Faturar a"],
        cols=[("Descrição", "Qtd.", "Preço unit.", "Valor"), ("Artigo", "Quant.", "Preço", "Total")],
        subtotal=["Subtotal", "Total sem IVA", "Base tributável", "Total ilíquido"],
        tax=["IVA {r}%", "IVA ({r}%)", "Imposto {r}%"],
        total=["Total", "Total a pagar", "Valor a pagar", "Total com IVA", "Valor total"],
        r_total=["TOTAL A PAGAR", "TOTAL", "Total", "VALOR A PAGAR"],
        r_number=["Talão nº", "Fatura simplificada nº", "Nº documento", "Recibo nº"],
        r_cash=["Dinheiro", "Numerário"], r_change=["Troco"], r_card=["Multibanco", "Cartão", "Cartão de crédito"],
        thanks=["Obrigado pela sua visita", "Volte sempre!"],
        terms=["Pagamento a 30 dias", "Condições de pagamento: pronto pagamento"],
        vat_id=["NIF", "Contribuinte", "CNPJ"], bank=["IBAN", "NIB"],
        table_word=["Mesa", "Empregado"], vat_summary=("Taxa", "Base", "IVA", "Total"),
        included=["IVA incluído {r}%"],
        goods=["Leite meio-gordo", "Pão de forma", "Bananas", "Café moído", "Sumo de laranja", "Queijo flamengo",
               "Ovos dúzia", "Massa esparguete", "Tomate", "Peito de frango", "Iogurte natural", "Maçãs", "Azeite"],
        services=["Serviços de consultoria", "Manutenção do site", "Design gráfico", "Licença de software",
                  "Alojamento anual", "Formação", "Despesas de deslocação", "Horas de suporte", "Toner impressora",
                  "Cadeiras de escritório", "Instalação", "Gestão de projeto"],
        dishes=["Bica", "Galão", "Bifana", "Francesinha", "Bacalhau à Brás", "Água mineral", "Imperial",
                "Pastel de nata", "Sopa do dia", "Prego no pão"],
        people=["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa"],
        trades=["Consultoria", "Informática", "Materiais", "Gráfica", "Transportes", "Construções", "Serviços"],
        shops=["Mercearia Central", "Padaria Lisboa", "Farmácia Avenida", "Frutaria do Bairro", "Drogaria Sol"],
        bistros=["Café Central", "Restaurante O Marinheiro", "Tasca do Zé", "Cervejaria Trindade"],
        suffixes=["Lda.", "Lda", "S.A.", "Unipessoal Lda."],
        streets=["Rua Augusta {n}", "Avenida da Liberdade {n}", "Rua do Carmo {n}", "Praça do Comércio {n}"],
        cities=["1100-048 Lisboa", "4000-322 Porto", "3000-150 Coimbra", "São Paulo - SP", "8000-100 Faro"],
    ),
    "nl": dict(
        title=["FACTUUR", "Factuur"],
        number=["Factuurnummer", "Factuurnr.", "Factuur nr."],
        date=["Factuurdatum", "Datum"],
        due=["Vervaldatum", "Te betalen voor"],
        buyer=["Factuuradres", "Klant", "Aan", "Gefactureerd aan"],
        cols=[("Omschrijving", "Aantal", "Prijs", "Bedrag"), ("Artikel", "Aantal", "Stukprijs", "Totaal")],
        subtotal=["Subtotaal", "Totaal excl. BTW", "Bedrag excl. btw"],
        tax=["BTW {r}%", "btw {r}%", "BTW ({r}%)"],
        total=["Totaal", "Te betalen", "Totaal incl. BTW", "Totaalbedrag", "Totaal te betalen"],
        r_total=["TOTAAL", "Totaal", "TE BETALEN"],
        r_number=["Bonnummer", "Bon nr.", "Transactie"],
        r_cash=["Contant"], r_change=["Wisselgeld", "Terug"], r_card=["PIN", "Pinbetaling", "Maestro"],
        thanks=["Bedankt voor uw bezoek", "Tot ziens!"],
        terms=["Betaling binnen 14 dagen", "Betalingstermijn: 30 dagen"],
        vat_id=["BTW-nr.", "KvK", "BTW nummer"], bank=["IBAN", "Bank"],
        table_word=["Tafel", "Bediening"], vat_summary=("Tarief", "Excl.", "BTW", "Incl."),
        included=["incl. BTW {r}%", "waarvan btw {r}%"],
        goods=["Halfvolle melk", "Volkorenbrood", "Bananen", "Koffiebonen", "Sinaasappelsap", "Goudse kaas",
               "Eieren 10 st", "Pasta 500g", "Tomaten", "Kipfilet", "Yoghurt", "Appels", "Roomboter", "Stroopwafels"],
        services=["Advieswerkzaamheden", "Onderhoud website", "Grafisch ontwerp", "Softwarelicentie",
                  "Hosting (jaarlijks)", "Training", "Reiskosten", "Supporturen", "Tonercartridge", "Bureaustoelen",
                  "Installatie", "Projectmanagement"],
        dishes=["Koffie", "Verse muntthee", "Tosti ham kaas", "Uitsmijter", "Bitterballen", "Spa rood", "Biertje",
                "Appeltaart", "Soep van de dag", "Broodje kroket"],
        people=["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer"],
        trades=["Advies", "ICT", "Kantoorartikelen", "Drukkerij", "Transport", "Bouw", "Installatietechniek"],
        shops=["Bakkerij De Molen", "Groenteboer Jansen", "Apotheek Centrum", "Slijterij De Druif", "Bouwmarkt Oost"],
        bistros=["Café De Kroon", "Eetcafé Het Hoekje", "Brasserie Zuid", "De Gouden Leeuw"],
        suffixes=["B.V.", "BV", "V.O.F.", "N.V."],
        streets=["Kerkstraat {n}", "Dorpsstraat {n}", "Stationsweg {n}", "Marktplein {n}"],
        cities=["1012 AB Amsterdam", "3011 CD Rotterdam", "3511 EF Utrecht", "9711 GH Groningen", "2000 Antwerpen"],
    ),
}

# Country variants: currency, amount style, date styles, VAT rates, month-first.
VARIANTS = {
    "en": [dict(cur="GBP", amount="en", dates=["dmy_slash", "long", "dmy_dash"], rates=[20, 5, 0], us=False),
           dict(cur="USD", amount="en", dates=["mdy_slash", "long_us"], rates=[8.25, 7, 6.5], us=True),
           dict(cur="EUR", amount="en", dates=["dmy_slash", "long"], rates=[23, 13.5], us=False)],
    "de": [dict(cur="EUR", amount="de", dates=["dmy_dot", "long"], rates=[19, 7], us=False),
           dict(cur="CHF", amount="ch", dates=["dmy_dot"], rates=[8.1, 2.6], us=False)],
    "fr": [dict(cur="EUR", amount="fr", dates=["dmy_slash", "long"], rates=[20, 10, 5.5], us=False),
           dict(cur="EUR", amount="de", dates=["dmy_slash", "dmy_dot"], rates=[21, 6], us=False)],
    "es": [dict(cur="EUR", amount="de", dates=["dmy_slash", "long", "dmy_dash"], rates=[21, 10], us=False),
           dict(cur="MXN", amount="en", dates=["dmy_slash", "long"], rates=[16], us=False)],
    "pt": [dict(cur="EUR", amount="de", dates=["dmy_slash", "dmy_dash", "iso", "long"], rates=[23, 13, 6], us=False),
           dict(cur="BRL", amount="de", dates=["dmy_slash", "long"], rates=[18], us=False)],
    "nl": [dict(cur="EUR", amount="de", dates=["dmy_dash", "dmy_slash", "long"], rates=[21, 9], us=False)],
}
SYMBOL = {"EUR": "€", "GBP": "£", "USD": "$", "CHF": "CHF", "MXN": "$", "BRL": "R$"}

INVOICE_TEMPLATES_A = ("classic", "right_seller", "window")
RECEIPT_TEMPLATES_A = ("thermal",)
INVOICE_TEMPLATES_B = ("classic", "right_seller", "window", "columns")
RECEIPT_TEMPLATES_B = ("thermal", "bistro")


# ------------------------------------------------------------------------------------------------
# Specs
# ------------------------------------------------------------------------------------------------

@dataclass
class Item:
    description: str
    quantity: Decimal
    unit_price: Decimal
    rate: Decimal

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Spec:
    key: str
    lang: str
    template: str
    kind: str  # invoice | receipt
    seller: str
    seller_lines: list[str]
    seller_ids: list[str]
    buyer: list[str]
    number: str
    date: dt.date
    due: dt.date | None
    items: list[Item]
    currency: str
    amount_style: str
    date_style: str
    placement: str  # symbol_before | symbol_after | code_before | code_after | header_only
    us: bool
    font: str
    words: dict = field(default_factory=dict)
    prices_gross: bool = False  # receipts: item prices include VAT
    payment: str = "card"
    tendered: Decimal | None = None

    def tax_by_rate(self) -> dict[Decimal, tuple[Decimal, Decimal]]:
        """{rate: (net, tax)} (or gross base for receipts, tax included)."""
        bases: dict[Decimal, Decimal] = defaultdict(Decimal)
        for item in self.items:
            bases[item.rate] += item.amount
        out = {}
        for rate, base in sorted(bases.items()):
            if self.prices_gross:
                tax = (base * rate / (100 + rate)).quantize(CENT, ROUND_HALF_UP)
                out[rate] = (base - tax, tax)
            else:
                out[rate] = (base, (base * rate / 100).quantize(CENT, ROUND_HALF_UP))
        return out

    @property
    def subtotal(self) -> Decimal:
        return sum((item.amount for item in self.items), Decimal(0))

    @property
    def tax(self) -> Decimal:
        return sum((tax for _, tax in self.tax_by_rate().values()), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.subtotal if self.prices_gross else self.subtotal + self.tax

    def truth(self) -> dict:
        return {"vendor": self.seller, "invoice_number": self.number, "date": self.date.isoformat(),
                "currency": self.currency, "total": str(self.total), "tax": str(self.tax),
                "items": len(self.items)}


def fmt_amount(value: Decimal, style: str) -> str:
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, decimal = {"en": (",", "."), "de": (".", ","), "fr": ("\u202f", ","), "ch": ("'", ".")}[style]
    return sign + thousands.join(groups) + decimal + cents


def fmt_date(day: dt.date, style: str, lang: str) -> str:
    months = MONTHS[lang].split()
    name = months[day.month - 1]
    if style == "dmy_dot":
        return day.strftime("%d.%m.%Y")
    if style == "dmy_slash":
        return day.strftime("%d/%m/%Y")
    if style == "dmy_dash":
        return day.strftime("%d-%m-%Y")
    if style == "mdy_slash":
        return day.strftime("%m/%d/%Y")
    if style == "iso":
        return day.isoformat()
    if style == "long_us":
        return f"{name} {day.day}, {day.year}"
    return {"en": f"{day.day} {name} {day.year}", "de": f"{day.day}. {name} {day.year}",
            "fr": f"{day.day} {name} {day.year}", "es": f"{day.day} de {name} de {day.year}",
            "pt": f"{day.day} de {name} de {day.year}", "nl": f"{day.day} {name} {day.year}"}[lang]


def money(spec: Spec, value: Decimal, *, always: bool = False) -> str:
    """An amount as the document prints it; ``always`` forces the currency on (the total line)."""
    text = fmt_amount(value, spec.amount_style)
    symbol = SYMBOL[spec.currency]
    placement = spec.placement
    if placement == "header_only" and not always:
        return text
    if placement == "header_only":
        placement = "code_after"
    if placement == "symbol_before":
        return f"{symbol}{text}" if len(symbol) == 1 and symbol != "€" else f"{symbol} {text}"
    if placement == "symbol_after":
        return f"{text} {symbol}"
    if placement == "code_before":
        return f"{spec.currency} {text}"
    return f"{text} {spec.currency}"


def make_spec(rng: random.Random, key: str, lang: str, kind: str, template: str) -> Spec:
    words = LANG[lang]
    variant = rng.choice(VARIANTS[lang])
    currency = variant["cur"]
    pick = rng.choice
    if kind == "receipt":
        seller = pick(words["bistros"] if template == "bistro" else words["shops"])
        if rng.random() < 0.3:
            seller = seller.upper()
    else:
        base = f"{pick(words['people'])} {pick(words['trades'])}" if rng.random() < 0.7 else pick(words["people"])
        seller = f"{base} {pick(words['suffixes'])}"
    street = pick(words["streets"]).format(n=rng.randint(1, 180))
    city = pick(words["cities"])
    vat_id = f"{pick(words['vat_id'])}: {rng.choice(['DE', 'FR', 'ES', 'PT', 'NL', 'GB', 'IE'])}{rng.randint(10**8, 10**9 - 1)}"
    phone = f"Tel. +{rng.randint(30, 49)} {rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    buyer_name = (f"{pick(words['people'])} {pick(words['trades'])} {pick(words['suffixes'])}" if rng.random() < 0.6
                  else f"{pick(['Anna', 'Marc', 'Laura', 'Pedro', 'Sophie', 'Jan', 'Ines'])} {pick(words['people'])}")
    buyer = [buyer_name, pick(words["streets"]).format(n=rng.randint(1, 180)), pick(words["cities"])]
    issue = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 480))
    due = issue + dt.timedelta(days=rng.choice([14, 30, 30, 60])) if kind == "invoice" and rng.random() < 0.75 else None
    if kind == "invoice":
        number = rng.choice([f"{issue.year}-{rng.randint(1, 9999):04d}", f"INV-{rng.randint(1000, 99999)}",
                             f"RE{issue.year}{rng.randint(100, 999)}", f"F{rng.randint(10000, 999999)}",
                             f"{rng.randint(100, 9999)}/{issue.year % 100}", f"FA-{issue.year}-{rng.randint(1, 999):03d}"])
    else:
        number = str(rng.randint(1000, 999999))
    rates = [Decimal(str(rate)) for rate in variant["rates"]]
    pool = words["goods"] if template == "thermal" else words["dishes"] if template == "bistro" else words["services"]
    count = rng.randint(2, 9) if kind == "receipt" else rng.randint(1, 7)
    items = []
    for description in rng.sample(pool, min(count, len(pool))):
        if kind == "receipt":
            quantity = Decimal(rng.choice([1, 1, 1, 2, 3]))
            unit = Decimal(rng.randint(49, 1899)) / 100
        else:
            quantity = Decimal(rng.choice([1, 1, 2, 3, 5, 10, 12, 40]))
            unit = Decimal(rng.randint(500, 250000 if quantity == 1 else 20000)) / 100
        rate = rates[0] if len(rates) == 1 or rng.random() < 0.6 else rng.choice(rates)
        items.append(Item(description, quantity, unit, rate))
    if variant["us"]:
        # US sales tax: one rate on the whole bill.
        for item in items:
            item.rate = rates[0]
    placements = ["symbol_before", "symbol_after", "code_before", "code_after", "header_only"]
    if currency in ("USD", "GBP", "MXN", "BRL"):
        placements = ["symbol_before", "symbol_before", "code_before", "code_after"]
    if currency == "CHF":
        placements = ["code_before", "code_after"]
    spec = Spec(
        key=key, lang=lang, template=template, kind=kind, seller=seller,
        seller_lines=[street, city, phone], seller_ids=[vat_id, f"IBAN {rng.choice(['DE', 'FR', 'ES', 'NL', 'PT'])}"
                                                                f"{rng.randint(10, 99)} {rng.randint(1000, 9999)} "
                                                                f"{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"],
        buyer=buyer, number=number, date=issue, due=due, items=items, currency=currency,
        amount_style=variant["amount"], date_style=pick(variant["dates"]), placement=pick(placements),
        us=variant["us"], font=pick([f for f in _FONTS if kind == "receipt" or f != "courier"]),
        words={name: pick(values) if isinstance(values, list) and values and isinstance(values[0], str) else values
               for name, values in words.items()},
        prices_gross=kind == "receipt" and not variant["us"],
        payment=pick(["card", "cash"]) if kind == "receipt" else "transfer",
    )
    spec.words["cols"] = pick(words["cols"])
    if variant["us"]:
        spec.words["tax"] = pick(words["us_tax"])
    if spec.payment == "cash":
        total = spec.total
        spec.tendered = next(Decimal(note) for note in (5, 10, 20, 50, 100, 200, 500, 1000) if note >= total)
    return spec


# ------------------------------------------------------------------------------------------------
# Rendering
# ------------------------------------------------------------------------------------------------

class Pen:
    """reportlab canvas with y measured from the top and a font family."""

    def __init__(self, c: canvas.Canvas, height: float, font: str):
        self.c, self.height = c, height
        self.regular, self.bold = _FONTS[font]

    def text(self, x: float, y: float, text: str, size: float = 9, *, bold: bool = False, align: str = "left") -> None:
        font = self.bold if bold else self.regular
        self.c.setFont(font, size)
        if align == "right":
            self.c.drawRightString(x, self.height - y, text)
        elif align == "center":
            self.c.drawCentredString(x, self.height - y, text)
        else:
            self.c.drawString(x, self.height - y, text)

    def rule(self, x0: float, x1: float, y: float) -> None:
        self.c.setLineWidth(0.5)
        self.c.line(x0, self.height - y, x1, self.height - y)


def rate_text(rate: Decimal) -> str:
    return f"{rate:f}".rstrip("0").rstrip(".") if "." in f"{rate:f}" else f"{rate}"


def _tax_label(spec: Spec, rate: Decimal) -> str:
    text = spec.words["tax"].format(r=rate_text(rate))
    if spec.amount_style in ("de", "fr"):
        text = text.replace(".", ",") if re.search(r"\d\.\d", text) else text
    return text


def _date(spec: Spec, day: dt.date) -> str:
    return fmt_date(day, spec.date_style, spec.lang)


def draw_items_table(pen: Pen, spec: Spec, x0: float, x1: float, y: float, *, with_pos: bool = False) -> float:
    cols = spec.words["cols"]
    qx, ux, ax = x1 - 190, x1 - 90, x1
    if with_pos:
        pen.text(x0, y, "Pos", 9, bold=True)
    pen.text(x0 + (28 if with_pos else 0), y, cols[0], 9, bold=True)
    pen.text(qx, y, cols[1], 9, bold=True, align="right")
    pen.text(ux, y, cols[2], 9, bold=True, align="right")
    pen.text(ax, y, cols[3], 9, bold=True, align="right")
    pen.rule(x0, x1, y + 4)
    y += 16
    for position, item in enumerate(spec.items, 1):
        desc_x = x0
        if with_pos:
            pen.text(x0, y, str(position), 9)
            desc_x = x0 + 28
        pen.text(desc_x, y, item.description, 9)
        quantity = f"{item.quantity:f}"
        pen.text(qx, y, quantity, 9, align="right")
        pen.text(ux, y, money(spec, item.unit_price), 9, align="right")
        pen.text(ax, y, money(spec, item.amount), 9, align="right")
        y += 15
    pen.rule(x0, x1, y - 8)
    return y + 6


def draw_summary(pen: Pen, spec: Spec, x_label: float, x_value: float, y: float, *, vat_table: bool = False) -> float:
    if vat_table and len(spec.tax_by_rate()) >= 1:
        heads = spec.words["vat_summary"]
        xs = [x_label - 60, x_label + 30, x_label + 110, x_value]
        for head, x in zip(heads, xs):
            pen.text(x, y, head, 8, bold=True, align="left" if x == xs[0] else "right")
        y += 13
        for rate, (net, tax) in spec.tax_by_rate().items():
            values = [f"{rate_text(rate)} %", money(spec, net), money(spec, tax), money(spec, net + tax)]
            for value, x in zip(values, xs):
                pen.text(x, y, value, 8, align="left" if x == xs[0] else "right")
            y += 13
        y += 6
    else:
        pen.text(x_label, y, spec.words["subtotal"], 9)
        pen.text(x_value, y, money(spec, spec.subtotal), 9, align="right")
        y += 14
        for rate, (_, tax) in spec.tax_by_rate().items():
            pen.text(x_label, y, _tax_label(spec, rate), 9)
            pen.text(x_value, y, money(spec, tax), 9, align="right")
            y += 14
    pen.rule(x_label, x_value, y - 9)
    pen.text(x_label, y + 3, spec.words["total"], 11, bold=True)
    pen.text(x_value, y + 3, money(spec, spec.total, always=True), 11, bold=True, align="right")
    return y + 24


def _meta(spec: Spec) -> list[tuple[str, str]]:
    meta = [(spec.words["number"], spec.number), (spec.words["date"], _date(spec, spec.date))]
    if spec.due:
        meta.append((spec.words["due"], _date(spec, spec.due)))
    return meta


def _currency_note(spec: Spec) -> str:
    notes = {"en": "All amounts in {c}", "de": "Alle Beträge in {c}", "fr": "Montants exprimés en {c}",
             "es": "Importes en {c}", "pt": "Valores em {c}", "nl": "Bedragen in {c}"}
    return notes[spec.lang].format(c=spec.currency)


def render_invoice(spec: Spec) -> bytes:
    buffer = io.BytesIO()
    width, height = A4
    c = canvas.Canvas(buffer, pagesize=A4)
    pen = Pen(c, height, spec.font)
    left, right = 50, width - 50
    words = spec.words
    if spec.template == "classic":
        pen.text(left, 60, spec.seller, 16, bold=True)
        for i, line in enumerate(spec.seller_lines):
            pen.text(left, 78 + 12 * i, line, 9)
        pen.text(right, 60, words["title"], 20, bold=True, align="right")
        for i, (label, value) in enumerate(_meta(spec)):
            pen.text(right - 150, 90 + 14 * i, label if label.endswith(":") else f"{label}:", 9)
            pen.text(right, 90 + 14 * i, value, 9, align="right")
        pen.text(left, 150, words["buyer"], 9, bold=True)
        for i, line in enumerate(spec.buyer):
            pen.text(left, 163 + 12 * i, line, 9)
        y = 230
        if spec.placement == "header_only":
            pen.text(left, y - 18, _currency_note(spec), 8)
        y = draw_items_table(pen, spec, left, right, y)
        y = draw_summary(pen, spec, right - 210, right, y + 6)
        pen.text(left, y + 10, words["terms"], 8)
        pen.text(left, height - 60, f"{spec.seller} · {spec.seller_lines[0]} · {spec.seller_lines[1]}", 7)
        pen.text(left, height - 50, f"{spec.seller_ids[0]} · {spec.seller_ids[1]}", 7)
    elif spec.template == "right_seller":
        pen.text(left, 60, words["title"], 22, bold=True)
        pen.text(right, 55, spec.seller, 13, bold=True, align="right")
        for i, line in enumerate(spec.seller_lines + spec.seller_ids[:1]):
            pen.text(right, 70 + 11 * i, line, 8, align="right")
        pen.text(left, 135, f"{words['buyer']}:", 9, bold=True)
        for i, line in enumerate(spec.buyer):
            pen.text(left, 148 + 12 * i, line, 9)
        for i, (label, value) in enumerate(_meta(spec)):
            pen.text(right - 200, 135 + 14 * i, label, 9, bold=True)
            pen.text(right - 90, 135 + 14 * i, value, 9)
        y = 230
        if spec.placement == "header_only":
            pen.text(left, y - 18, _currency_note(spec), 8)
        y = draw_items_table(pen, spec, left, right, y, with_pos=True)
        y = draw_summary(pen, spec, right - 230, right, y + 6, vat_table=True)
        pen.text(left, y + 10, words["terms"], 8)
        pen.text(left, height - 50, f"{spec.seller_ids[1]} · {spec.seller_lines[2]}", 7)
    elif spec.template == "window":
        # DIN 5008-like: a small sender line over the buyer's address window, the seller at the right.
        pen.text(right, 50, spec.seller, 15, bold=True, align="right")
        pen.text(left, 120, f"{spec.seller} · {spec.seller_lines[0]} · {spec.seller_lines[1]}", 6)
        for i, line in enumerate(spec.buyer):
            pen.text(left, 138 + 13 * i, line, 10)
        for i, (label, value) in enumerate(_meta(spec)):
            pen.text(right - 170, 120 + 13 * i, label, 8)
            pen.text(right, 120 + 13 * i, value, 8, align="right")
        pen.text(left, 230, f"{words['title']} {spec.number}", 13, bold=True)
        y = 262
        if spec.placement == "header_only":
            pen.text(left, y - 14, _currency_note(spec), 8)
        y = draw_items_table(pen, spec, left, right, y)
        y = draw_summary(pen, spec, right - 200, right, y + 6)
        pen.text(left, y + 10, words["terms"], 8)
        foot = height - 70
        pen.rule(left, right, foot - 12)
        for i, line in enumerate([spec.seller] + spec.seller_lines[:2]):
            pen.text(left, foot + 10 * i, line, 7)
        for i, line in enumerate(spec.seller_ids + [spec.seller_lines[2]]):
            pen.text(left + 200, foot + 10 * i, line, 7)
    elif spec.template == "columns":
        pen.text(width / 2, 55, spec.seller, 17, bold=True, align="center")
        pen.text(width / 2, 70, " | ".join(spec.seller_lines), 8, align="center")
        pen.text(left, 110, words["title"], 18, bold=True)
        xs = [left, left + 160, left + 300]
        for (label, value), x in zip(_meta(spec), xs):
            pen.text(x, 140, label, 8, bold=True)
            pen.text(x, 153, value, 10)
        pen.text(right - 150, 110, words["buyer"], 8, bold=True)
        for i, line in enumerate(spec.buyer):
            pen.text(right - 150, 123 + 12 * i, line, 9)
        y = 200
        if spec.placement == "header_only":
            pen.text(left, y - 16, _currency_note(spec), 8)
        y = draw_items_table(pen, spec, left, right, y)
        y = draw_summary(pen, spec, right - 200, right, y + 6, vat_table=len(spec.tax_by_rate()) > 1)
        pen.text(left, height - 50, f"{spec.seller_ids[0]} · {spec.seller_ids[1]}", 7)
    c.showPage()
    c.save()
    return buffer.getvalue()


def render_receipt(spec: Spec) -> bytes:
    width = 80 / 25.4 * 72  # 80 mm thermal roll
    rows = 24 + 2 * len(spec.items) + len(spec.tax_by_rate()) * 2
    height = max(360, 14 * rows)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(width, height))
    pen = Pen(c, height, spec.font)
    mid, left, right = width / 2, 10, width - 10
    words = spec.words
    y = 26
    pen.text(mid, y, spec.seller, 11, bold=True, align="center")
    y += 14
    for line in spec.seller_lines:
        pen.text(mid, y, line, 7, align="center")
        y += 10
    pen.text(mid, y, spec.seller_ids[0], 7, align="center")
    y += 16
    date_text = _date(spec, spec.date)
    if spec.template == "bistro":
        pen.text(left, y, f"{words['table_word']} {spec.number[-1]}", 8)
        pen.text(right, y, f"{date_text} 20:{spec.number[-2:]}", 8, align="right")
        y += 11
        pen.text(left, y, f"{words['r_number']} {spec.number}", 8)
        y += 16
        for item in spec.items:
            pen.text(left, y, f"{item.quantity:f} {item.description}", 8)
            pen.text(right, y, money(spec, item.amount), 8, align="right")
            y += 11
    else:
        pen.text(left, y, date_text, 8)
        pen.text(right, y, f"{int(spec.number[-2:]) % 24:02d}:{int(spec.number[-4:-2]) % 60:02d}", 8, align="right")
        y += 11
        pen.text(left, y, f"{words['r_number'].rstrip(':')}: {spec.number}", 8)
        y += 16
        for item in spec.items:
            if item.quantity != 1:
                pen.text(left, y, item.description, 8)
                y += 10
                pen.text(left + 10, y, f"{item.quantity:f} x {fmt_amount(item.unit_price, spec.amount_style)}", 8)
            else:
                pen.text(left, y, item.description, 8)
            pen.text(right, y, money(spec, item.amount), 8, align="right")
            y += 11
    pen.rule(left, right, y - 6)
    y += 6
    if spec.us:
        pen.text(left, y, words["subtotal"].upper(), 8)
        pen.text(right, y, money(spec, spec.subtotal), 8, align="right")
        y += 11
        rate = next(iter(spec.tax_by_rate()))
        pen.text(left, y, _tax_label(spec, rate), 8)
        pen.text(right, y, money(spec, spec.tax), 8, align="right")
        y += 11
    pen.text(left, y + 2, words["r_total"], 11, bold=True)
    pen.text(right, y + 2, money(spec, spec.total, always=True), 11, bold=True, align="right")
    y += 20
    if spec.payment == "cash" and spec.tendered is not None:
        pen.text(left, y, words["r_cash"], 8)
        pen.text(right, y, fmt_amount(spec.tendered, spec.amount_style), 8, align="right")
        y += 11
        pen.text(left, y, words["r_change"], 8)
        pen.text(right, y, fmt_amount(spec.tendered - spec.total, spec.amount_style), 8, align="right")
    else:
        pen.text(left, y, words["r_card"], 8)
        pen.text(right, y, fmt_amount(spec.total, spec.amount_style), 8, align="right")
    y += 18
    if not spec.us:
        if spec.template == "bistro":
            for rate, (_, tax) in spec.tax_by_rate().items():
                pen.text(left, y, words["included"].format(r=rate_text(rate)), 7)
                pen.text(right, y, fmt_amount(tax, spec.amount_style), 7, align="right")
                y += 10
        else:
            heads = words["vat_summary"]
            xs = [left, left + 60, left + 120, right]
            for head, x in zip(heads, xs):
                pen.text(x, y, head, 7, align="left" if x == left else "right")
            y += 10
            for rate, (net, tax) in spec.tax_by_rate().items():
                for value, x in zip([f"{rate_text(rate)}%", fmt_amount(net, spec.amount_style),
                                     fmt_amount(tax, spec.amount_style), fmt_amount(net + tax, spec.amount_style)], xs):
                    pen.text(x, y, value, 7, align="left" if x == left else "right")
                y += 10
    y += 10
    pen.text(mid, y, words["thanks"], 8, align="center")
    c.showPage()
    c.save()
    return buffer.getvalue()


def render_pdf(spec: Spec) -> bytes:
    return render_receipt(spec) if spec.kind == "receipt" else render_invoice(spec)


def photograph(pdf: bytes, rng: random.Random) -> bytes:
    """The first page as a phone photo: rasterised, tilted, slightly skewed, blurred, noisy, JPEG."""
    document = pdfium.PdfDocument(pdf)
    page = document[0]
    width_pt = page.get_width()
    scale = rng.uniform(1.7, 2.2) if width_pt > 400 else rng.uniform(2.6, 3.2)
    image = page.render(scale=scale).to_pil().convert("RGB")
    document.close()
    margin = int(0.06 * max(image.size))
    background = tuple(rng.randint(60, 160) for _ in range(3))
    canvas_image = Image.new("RGB", (image.width + 2 * margin, image.height + 2 * margin), background)
    canvas_image.paste(image, (margin, margin))
    image = canvas_image.rotate(rng.uniform(-4.0, 4.0), resample=Image.BICUBIC, expand=False, fillcolor=background)
    if rng.random() < 0.6:
        w, h = image.size
        d = lambda: rng.uniform(-0.025, 0.025) * w  # noqa: E731
        quad = (d(), d(), d(), h + d(), w + d(), h + d(), w + d(), d())
        image = image.transform(image.size, Image.QUAD, quad, resample=Image.BICUBIC, fillcolor=background)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.1)))
    array = np.asarray(image).astype(np.float32)
    h, w = array.shape[:2]
    gradient = np.linspace(rng.uniform(0.75, 0.95), rng.uniform(1.0, 1.08), w, dtype=np.float32)[None, :, None]
    noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, rng.uniform(3, 9), array.shape).astype(np.float32)
    array = np.clip(array * gradient + noise, 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(array).save(out, format="JPEG", quality=rng.randint(55, 85))
    return out.getvalue()


# ------------------------------------------------------------------------------------------------
# The sets
# ------------------------------------------------------------------------------------------------

def build_set(name: str) -> list[Spec]:
    specs = []
    if name == "A":
        rng = random.Random(20260314)
        for lang in LANG:
            for index in range(5):
                kind = "receipt" if index >= 3 else "invoice"
                template = INVOICE_TEMPLATES_A[index] if kind == "invoice" else RECEIPT_TEMPLATES_A[0]
                specs.append(make_spec(rng, f"A-{lang}-{index}-{template}", lang, kind, template))
    else:
        rng = random.Random(99170503)
        for lang in LANG:
            plan = [("invoice", "columns"), ("invoice", rng.choice(INVOICE_TEMPLATES_B)),
                    ("receipt", "bistro"), ("receipt", rng.choice(RECEIPT_TEMPLATES_B))]
            for index, (kind, template) in enumerate(plan):
                specs.append(make_spec(rng, f"B-{lang}-{index}-{template}", lang, kind, template))
    return specs


# ------------------------------------------------------------------------------------------------
# Scoring
# ------------------------------------------------------------------------------------------------

def norm_text(text: str | None) -> str:
    """Case, accents, punctuation and spacing do not count: OCR drops accents."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[\W_]+", "", text)


def score(spec: Spec, result) -> dict[str, tuple[bool, object, object]]:
    truth = spec.truth()
    got = {
        "vendor": result.vendor, "invoice_number": result.invoice_number,
        "date": result.invoice_date.isoformat() if result.invoice_date else None,
        "currency": result.currency, "total": result.total_amount, "tax": result.tax_amount,
        "items": len(result.items),
    }
    checks = {
        "vendor": norm_text(got["vendor"]) == norm_text(truth["vendor"]),
        "invoice_number": norm_text(got["invoice_number"]) == norm_text(truth["invoice_number"]),
        "date": got["date"] == truth["date"],
        "currency": got["currency"] == truth["currency"],
        "total": got["total"] is not None and Decimal(got["total"]) == Decimal(truth["total"]),
        "tax": got["tax"] is not None and Decimal(got["tax"]) == Decimal(truth["tax"]),
        "items": got["items"] == truth["items"],
    }
    return {name: (checks[name], got[name], truth[name]) for name in FIELDS}


def read_photo(data: bytes, cache: Path | None):
    """(result, seconds or None): through the OCR cache when given."""
    if cache is not None:
        path = cache / f"{hashlib.sha256(data).hexdigest()[:24]}.json"
        if path.exists():
            document = TextDocument.model_validate_json(path.read_text())
            return validate_result(extract_fields(document), cross_check=True), None
    from app.extraction.images import load_image
    from app.extraction.ocr import ocr_image

    started = time.perf_counter()
    if cache is None:
        return extract_document(data, "image/jpeg"), time.perf_counter() - started
    document = ocr_image(load_image(data))
    result = validate_result(extract_fields(document), cross_check=True)
    seconds = time.perf_counter() - started
    path.write_text(document.model_dump_json())
    return result, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=["A", "B"], default="A")
    parser.add_argument("--medium", choices=["pdf", "photo", "both"], default="both")
    parser.add_argument("--cache", type=Path, help="reuse photo OCR from this folder")
    parser.add_argument("--dump", type=Path, help="write the generated PDFs, photos and truths here")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--only", help="only documents whose key contains this")
    parser.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    args = parser.parse_args()
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)

    specs = [spec for spec in build_set(args.set) if not args.only or args.only in spec.key]
    media = ["pdf", "photo"] if args.medium == "both" else [args.medium]
    hits: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    seconds: dict[str, list[float]] = defaultdict(list)
    for spec in specs:
        pdf = render_pdf(spec)
        photo_rng = random.Random(spec.key)
        for medium in media:
            if medium == "pdf":
                started = time.perf_counter()
                result = extract_document(pdf, "application/pdf", options=ExtractionOptions())
                elapsed = time.perf_counter() - started
                data = pdf
            else:
                data = photograph(pdf, photo_rng)
                result, elapsed = read_photo(data, args.cache)
            if elapsed is not None:
                seconds[medium].append(elapsed)
            if args.dump:
                suffix = "pdf" if medium == "pdf" else "jpg"
                (args.dump / f"{spec.key}.{suffix}").write_bytes(data)
                (args.dump / f"{spec.key}.truth.json").write_text(json.dumps(spec.truth(), ensure_ascii=False))
            checks = score(spec, result)
            for group in ((spec.lang, medium), ("all", medium), (spec.kind, medium)):
                counts[group] += 1
                for name, (ok, _, _) in checks.items():
                    hits[group][name] += ok
            if args.show_misses:
                for name, (ok, got, want) in checks.items():
                    if not ok:
                        print(f"MISS {spec.key} {medium} {name}: got {got!r} want {want!r}")

    report = {}
    header = f"{'group':16s} {'n':>3s} " + " ".join(f"{name[:8]:>8s}" for name in FIELDS)
    print(header)
    for group in sorted(counts, key=lambda g: (g[1], g[0] != "all", g[0])):
        n = counts[group]
        row = {name: round(100 * hits[group][name] / n, 1) for name in FIELDS}
        report[f"{group[0]}/{group[1]}"] = {"n": n, **row}
        print(f"{group[0] + '/' + group[1]:16s} {n:3d} " + " ".join(f"{row[name]:8.1f}" for name in FIELDS))
    for medium, values in seconds.items():
        if values:
            print(f"p50 seconds {medium}: {statistics.median(values):.2f} ({len(values)} timed)")
            report[f"p50_{medium}"] = round(statistics.median(values), 3)
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
