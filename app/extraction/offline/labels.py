"""What printed labels mean, in English, German, French, Spanish, Portuguese, Italian, Dutch, Romanian,
Polish, Swedish, Indonesian and Malay.

Patterns run on folded text (lower case, accents stripped). OCR often drops the spaces between
words ("TOTALTAX", "SUB-TOTAL(EX)"), so patterns allow optional whitespace rather than word
boundaries inside phrases.
"""
from __future__ import annotations

import itertools
import re
from enum import Enum


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


class Kind(Enum):
    GRAND_TOTAL = "grand_total"  # the amount to pay, stated explicitly
    TOTAL = "total"  # a plain "total" that is usually the amount to pay
    SUBTOTAL = "subtotal"
    TAX = "tax"
    TENDERED = "tendered"  # cash handed over, card payment
    CHANGE = "change"
    NET = "net"  # "net amount": the amount to pay on some receipts, the pre-tax sum on invoices
    NOT_MONEY_TOTAL = "not_money_total"  # "total qty", "total items", savings, discounts, rounding
    TIP = "tip"  # a tip, or a line of a suggested-tip table: never the amount charged


_NOT_MONEY_TOTAL = _any(
    r"total\s*(?:qty|quantity|item|items|units?|pcs|articles?|artikel|stuck|menge|discount|savings?|saved)",
    r"(?:qty|quantity|items?|menge|anzahl|nbre?|cantidad|quantidade|aantal)\s*total",
    r"you\s*saved?|ersparnis|remise|descuento|desconto|korting|rabatt|discount",
    r"rounding|round\s*adj|arrondi|redondeo|arredondamento|afronding|rundung",
    r"points?|loyalty|punkte",
)
_ROUNDED_TOTAL = _any(r"total.{0,12}round", r"round\w*\s*total")
_SUBTOTAL = _any(
    r"sub\s*-?\s*total", r"ara\s*toplam|subtotale|imponibile|sprzedaz\s*opodatkowana|(?<![a-z])dpp(?![a-z])|jumlah\s*kecil",
    r"(?<![a-z])(?:op\.?\s*)?gravad[ao]|vatable\s*sales|taxable\s*sales|total\s*s\s*/\s*(?:iva|imposto)|(?:sem|sin|sans|senza|ohne|zonder|fara)\s*(?:iva|tva|btw|mwst|ust|imposto|impuestos?)", r"zwischen\s*summe", r"sous\s*-?\s*total", r"total\s*partiel",
    r"total\s*(?:\(|\s)*(?:excl|excluding|ex\b|ex\.|ex\)|before|w/o|without|net\b|nett\b|ht\b|hors)",
    r"(?:excl|excluding)\.?\s*(?:gst|vat|tax|sst|btw|mwst|iva|tva)",
    r"\bnetto|nettobetrag|amount\s*(?:before|excl)|montant\s*(?:ht|hors)|\bht\b|total\s*ht",
    r"base\s*imponible|base\s*de\s*calculo|valor\s*(?:sem|liquido)|totaal\s*excl|excl\.?\s*btw",
    r"taxable\s*(?:amount|value)|steuerpflichtig|summe\s*netto|total\s*sales\s*\(?\s*excl",
    r"sub\s*-?\s*totaal|base\s*tributavel|total\s*iliquido|total\s*(?:sem|sin|sans|zonder|ohne)\s*(?:iva|tva|btw|mwst)",
    r"(?:bedrag|totaal)\s*excl|netto\s*-?\s*bedrag|gesamt\s*netto|warenwert|montant\s*net\s*ht",
    r"vahe\s*summa|starp\s*summa|tarpine\s*suma|vali\s*summa|mellan\s*summa",  # the Baltic and Nordic subtotals
    r"小计|小計",
)
_GRAND_TOTAL = _any(
    r"grand\s*total", r"balance\s*(?:to\s*pay|owing|outstanding|remaining)|amount\s*to\s*pay|(?<![a-z])tot\.?\s*ttc",
    r"totale\s*(?:complessivo|da\s*pagare|documento|fattura)|netto\s*a\s*pagare|importo\s*(?:pagato|da\s*pagare)",
    r"total\s*(?:de\s*)?plata|(?<![a-z])de\s*plata", r"total\s*(?:belanja|bayar|pembayaran|tagihan)|jumlah\s*(?:bayar|tagihan)",
    r"jumlah\s*(?:keseluruhan|perlu\s*dibayar)|do\s*zaplaty|suma\s*(?:pln|zl)|(?:summa\s*)?att\s*betala",
    r"total\s*\(?\s*(?:iva|tva|vat|gst|mwst|btw|igv)\s*(?:incl|inkl|inclus|incluid|included)",
    r"genel\s*toplam|odenecek\s*tutar|(?<![a-z])(?:a|at)\s*betale|k\s*uhrade|fizetendo|maksettava|importe\s*total|total\s*a\s*cobrar", r"total\s*(?:\(|\s)*(?:incl|inc\b|inc\.|including|inclusive|with|after|payable|due|to\s*pay|amount|rounded|ttc|a\s*pagar|gross)",
    r"(?:incl|inclusive|including)\.?\s*(?:of\s*)?(?:gst|vat|tax|sst|mwst|btw|iva|tva)",
    r"amount\s*(?:due|payable|to\s*pay|paid)", r"balance\s*due", r"total\s*sales\s*\(?\s*incl",
    r"rounded\s*total|total\s*rounded|net\s*payable|(?<![a-z])due\s*(?:payable|amount)|total\s*due|balance\s*payable|net\s*a\s*payer|montant\s*ttc|total\s*ttc",
    r"gesamt\s*betrag|gesamt\s*summe|rechnungs\s*betrag|zu\s*zahlen|zahl\s*betrag|end\s*betrag|brutto(?!\s*-?\s*(?:preis|einzel))",
    r"montant\s*(?:total|a\s*payer|du)|a\s*payer", r"importe\s*total|total\s*a\s*pagar|a\s*pagar",
    r"valor\s*(?:total|a\s*pagar)|total\s*geral", r"te\s*betalen|totaal\s*(?:incl|bedrag)|totaalbedrag",
    r"jumlah\s*(?:besar|bayaran)",
    r"total\s*(?:com|con|avec|met|mit)\s*(?:iva|tva|btw|mwst)|total\s*factura|importe\s*a\s*pagar|por\s*pagar",
    r"rechnungs\s*summe|(?:gesamt|summe)\s*brutto|reste\s*a\s*payer|amount\s*payable|invoice\s*total",
    r"tong\s*(?:tien|cong)\s*(?:thanh\s*toan|phai\s*tra)|(?<![a-z])thanh\s*toan(?![a-z])",  # Vietnamese
)
_NET = re.compile(r"(?<![a-z])nett?\s*(?:amount|amt|total)")
_TOTAL = _any(r"(?<![a-z])(?:suma|summa|sum|totale|totalt|razem|tot\.?|celkem|yhteensa|osszesen|i\s*alt|samtals|"
              r"ukupno|kokku|kopa|iznos|toplam|tutar)(?![a-z])", r"(?<![a-z])total", r"(?<![a-z])summe", r"(?<![a-z])gesamt", r"(?<![a-z])totaal",
              r"(?<![a-z])jumlah", r"(?<![a-z])importe", r"(?<![a-z])montant", r"(?<![a-z])amount",
              r"(?<![a-z])betrag", r"(?<![a-z])bedrag", r"(?<![a-z])valor", r"合计|合計|総計|总计")
_TAX = _any(
    r"(?<![a-z])(?:ppn|pajak|ptu|moms|mva|alv|igv|tps|tvq|kdv|topkdv|pvm|pvn|pdv|dds|itbis|cukai|dph|afa)(?![a-z])",
    r"(?<![a-z])kaibemaks",  # Estonian VAT
    r"(?<![a-z])pb\s?1(?!\d)",  # Indonesia's restaurant tax (Pajak Pembangunan 1)
    r"(?<![a-z])(?:gst|vat|sst|tax|mwst|mw\.st|ust|tva|iva|btw|igst|cgst|sgst|hst|pst|qst|icms|ipi)(?![a-z])",
    r"mehrwertsteuer|umsatzsteuer|steuer(?![a-z]*nummer)|taxe|impuesto|imposto|taxa\s*de|cuota",
    r"totaltax|total\s*tax|tax\s*total|servis|service\s*tax",
    # Brazil's legal "Valor aproximado dos tributos" line is the receipt's printed tax.
    r"(?<![a-z])tributos(?![a-z])|valor\s*aprox",
    r"消费税|消費税|税额|税額",
)
# "Betrag enthält 3,26 MwSt", "di cui IVA 1,25": the tax contained in the total, whose label may hold a
# total word ("Betrag") and print the tax word after the amount.
_CONTAINED_TAX = re.compile(r"(?<![a-z])(?:enthalt|enthalten|di\s*cui)(?![a-z])")
# A tax row that is really an identifier or a heading, not an amount of tax.
# Rows that print a tax or company identifier ("VAT Reg No", "USt-IdNr.", "SIRET", "KvK"): never a
# document number, an amount of tax or a name.
TAX_IDENTIFIER = re.compile(
    r"(?<![a-z])(?:(?:vat|gst|sst|tax|tva|iva|btw|ust|mwst)\s*-?\s*(?:id|idnr|reg|registration|no\b|nr|number|nummer|#)"
    r"|ust\s*-?\s*id|steuer\s*-?\s*(?:nr|nummer)|steuernummer|siret|siren|nif|cif|cnpj|kvk|contribuinte|abn|"
    r"company\s*(?:no|reg)|co\.?\s*reg|n[°o]\s*tva|tva\s*intra|intracom|iban|bic|swift)(?![a-z])"
)
_TAX_NOT_AMOUNT = _any(
    r"(?:gst|vat|sst|tax|tva|iva|btw|ust|mwst)\s*(?:-?\s*id|no\b|no\.|nr|number|num|reg|registration|code|#|idnr|invoice|summary|rate\s*$)",
    r"tax\s*invoice|steuer\s*-?\s*nr|steuernummer|intracom|n[°o]\s*tva|nif|cif|siret|cnpj|kvk",
)
_TENDERED = _any(
    r"(?<![a-z])(?:contant[ei]|pagamento|bancomat|carta|numerar|tunai|gotowka|karta|kontant|kort|multibanco|dinheiro)(?![a-z])",
    r"(?<![a-z])(?:cartao|tarjeta|entregado|ec\s*-?\s*karte|karte|pin|eftpos|nets|upi|amex|mastercard)(?![a-z])",
    r"(?<![a-z])(?:bank|pankki|dan|kredit|debit)?(?:kort|kortti|kartya)(?![a-z])|(?<![a-z])(?:hotove|keszpenz|kateinen|m-?pesa|octopus)(?![a-z])",
    r"(?<![a-z])(?:nakit|kredi\s*karti|pix|paye)(?![a-z])", r"(?<![a-z])elec(?:tronic)?\.?\s*pay",
    r"(?<![a-z])(?:makse\s*kaart|kaardi\s*makse|kaart|sularaha|grynieji|kortele|skaidra\s*nauda)(?![a-z])",
    r"(?<![a-z])cash(?![a-z]*\s*sale)", r"tender", r"(?<![a-z])paid(?![a-z])|payment(?!\s*(?:terms|due))",
    r"(?<![a-z])bar(?![a-z])|gegeben|especes|efectivo|dinheiro|contant|visa|master\s*card|credit\s*card|debit|kredit",
    r"(?<![a-z])card(?![a-z])", r"received|recu\b|pago(?![a-z])|betaald", r"(?<![a-z])credit(?!\s*note)",
    r"(?:tien\s*)?khach\s*(?:tra|dua)",  # Vietnamese: what the customer handed over
)
_CHANGE = _any(r"(?<![a-z])(?:resto|rest|reszta|kembalian|kembali|vaxel|vaxelpengar|zuruck|zurueck|vraceno|visszajaro|vaihtoraha|"
               r"tilbake|byttepenge|para\s*ustu|tagastus|graza|atlikums|tra\s*lai|tien\s*thua)(?![a-z])|(?<![a-z])change(?![a-z])|(?<![a-z])chg(?![a-z])|rue?ckgeld|wechselgeld|monnaie|rendu|cambio|vuelto|troco|wisselgeld|baki")


# "incl. VAT 20%", "dont TVA 10 %", "enth. MwSt 19%", "IVA incluido 21%", "waarvan btw 9%": the tax
# contained in the total, printed under it, with no total word of its own.
_INCLUDED_TAX = re.compile(
    r"^\W*(?:(?:incl|inkl|including|includes|dont|enth|enthalten|darin|inclus|incluido|incluida|incluso|waarvan|"
    r"hiervan|of\s*which|herav|heraf|varav|josta|z\s*toho|ebbol|din\s*care)\.?\s*(?:de\s*)?"
    r"(?:gst|vat|tax|mwst|ust|tva|iva|btw|mva|moms|alv|dph|afa|ptu)"
    r"|(?:gst|vat|tax|mwst|ust|tva|iva|btw|mva|moms|alv)\s*(?:incl|inkl|included|inclus[ea]?|incluid[oa]|inbegrepen|enthalten)\.?)"
)


_TIP = re.compile(r"(?<![a-z])(?:tips?|gratuity|gratuities|trinkgeld|pourboire|propina|gorjeta|fooi|mancia)(?![a-z])")
# Words printed letter by letter ("Z U   Z A H L E N"): joined before matching.
_SPACED_LETTERS = re.compile(r"(?<![a-z])(?:[a-z]\s+){2,}[a-z](?![a-z])")
# An abbreviation written with dots, "T.P.S.", "I.V.A.", "G.S.T.": read as its letters.
_DOTTED_LETTERS = re.compile(r"(?<![a-z.])(?:[a-z]\.){2,}[a-z]?(?![a-z])")


def classify(label: str) -> Kind | None:
    """What the folded label of a row announces, checked from most to least specific. A word OCR split in two
    ("zwi schensumme", "to tal") is read joined when the label as printed announces nothing."""
    kind = _classify(label)
    if kind is None:
        pieces = list(re.finditer(r"[a-z]+", label))
        for first, second in itertools.pairwise(pieces):
            # Two pieces of one word, one of them short, one space apart: a space OCR put inside a word.
            if label[first.end():second.start()] == " " and min(len(first[0]), len(second[0])) <= 4:
                kind = _classify(label[:first.end()] + label[second.start():])
                if kind is not None:
                    return kind
    return kind


def _classify(label: str) -> Kind | None:
    if not label.strip():
        return None
    label = _SPACED_LETTERS.sub(lambda match: re.sub(r"\s+", "", match.group(0)), label)
    label = _DOTTED_LETTERS.sub(lambda match: match.group(0).replace(".", "") + " ", label)
    if _CHANGE.search(label):
        return Kind.CHANGE
    if _TIP.search(label) and not _GRAND_TOTAL.search(label):
        return Kind.TIP
    if _INCLUDED_TAX.search(label) and not _TOTAL.search(label) and (
            "%" in label or re.search(r"dont|enth|darin|waarvan|hiervan|which|herav|heraf|varav|josta|toho|ebbol|care",
                                      label)):
        return Kind.TAX
    if _CONTAINED_TAX.search(label):
        return Kind.TAX
    if _ROUNDED_TOTAL.search(label):
        return Kind.GRAND_TOTAL
    if _NOT_MONEY_TOTAL.search(label):
        return Kind.NOT_MONEY_TOTAL
    if _SUBTOTAL.search(label):
        return Kind.SUBTOTAL
    if _GRAND_TOTAL.search(label):
        return Kind.GRAND_TOTAL
    if _NET.search(label):
        return Kind.NET
    if _TAX.search(label) and not _TAX_NOT_AMOUNT.search(label):
        return Kind.TAX
    if _TOTAL.search(label):
        return Kind.TOTAL
    if _TENDERED.search(label):
        return Kind.TENDERED
    return None


# The words for "number" ("Nr.", "Nº", "N.º" folds to "n.o", "#") and for the document itself.
# A bare "N" is "N°" whose degree sign the OCR lost, when a number follows it.
_NO = (r"(?:nummer|number|numero|num|nro|nr|no|n\.?\s*[°o]|#|sorszama|numer|"
       r"n\.?(?=\s*:?\s*[a-z]{0,4}[-/]?\d)|c\.(?=\s*\d))")
_DOC = (r"(?:invoice|inv|bill|receipt|rcpt|doc(?:ument)?|documento|order|transaction|transactie|trans|txn|ticket|"
        r"voucher|slip|cheque|check|chk|rechnung|re|beleg|bon|kassabon|facture|fact|factura|fatura|factuur|nota|"
        r"talao|recibo|operacion|operacao|quittung|kassenbon|fattura|ricevuta|scontrino|struk|resit|invois|kvitto|"
        r"extrato|cupom|paragon|faktura|rachunek|chitanta|bonul|folio|comprobante|boleta|kvittering|kuitti|uctenka|"
        r"nyugta|szamla|nf-?e|nfc-?e|danfe|faktur|fra|fis)")
# Qualifiers between a document's name and its number: "FACTURA B Nro.", "BOLETA ELECTRONICA N°",
# "Factura de venta POS No.".
_QUALIFIERS = (r"(?:\s+(?:electronica|electronico|eletronica|eletronico|de|venta|pos|simplificada|simplifiee|fiscal|"
               r"b|a|c|e|tax|sales|cash|official|vat))*")
# Column names of an item table: "Description  Qty  Unit price  Amount", "Bezeichnung Menge Einzelpreis Gesamt".
_TABLE_COLUMN = re.compile(
    r"(?<![a-z])(?:pos|description|descripcion|descricao|designation|bezeichnung|beschreibung|omschrijving|concepto|"
    r"item|items|article|artikel|artigo|articulo|product|produit|producto|produto|leistung|"
    r"qty|quantity|menge|anz|anzahl|qte|quantite|cant|cantidad|qtd|quant|quantidade|aantal|units?|"
    r"price|preis|e-preis|einzelpreis|prix|p\.?u|precio|preco|prijs|stukprijs|rate|"
    r"amount|betrag|montant|importe|valor|bedrag|total|totaal|gesamt)(?![a-z])"
)


def is_table_heading(folded: str) -> bool:
    """A row naming three or more item-table columns (and no amounts) heads a table of line items."""
    return len(_TABLE_COLUMN.findall(folded)) >= 3


def is_column_name(folded: str) -> bool:
    """A cell that only names an item-table column: "Désignation", "Unit price", "Qty"."""
    words = re.findall(r"[a-z][a-z.\-]*", folded)
    return bool(words) and _TABLE_COLUMN.sub("", folded).strip(" .:/()-") == ""


# Headings of the buyer's block: the name under (or after) them is the customer, never the seller.
BUYER_LABEL = re.compile(
    r"^\W*(?:(?:bill(?:ed)?\s*to|invoice\s*to|invoiced\s*to|sold\s*to|ship\s*to|deliver\s*to|"
    r"rechnungs\s*-?\s*empfanger|rechnungsanschrift|lieferanschrift|factur(?:e|er)\s*a|adresse\s*de\s*facturation|"
    r"livre\s*a|facturar\s*a|datos\s*del\s*cliente|faturar\s*a|factuuradres|gefactureerd\s*aan|afleveradres)"
    r"(?![a-z])\s*:?\s*"
    # One-word headings only count alone on their line or with a colon ("An: ...", but not "AN NAM CAFE").
    r"|(?:customer|client|recipient|buyer|kunde|empfanger|kaufer|leistungsempfanger|kaufer\s*/\s*leistungsempfanger|an|"
    r"destinataire|acheteur|cliente|comprador|destinatario|adquirente|klant|koper|aan|"
    # The salutation line over a letter's address window (DIN 5008), "Spett.le", "Attn".
    r"herrn?|frau|firma|familie|spett\.?\s*le|attn\.?|attention|a\s*l'attention\s*de)"
    r"\s*(?::\s*|$))"
    # Delivery, shipping and billing address blocks belong to the buyer.
    r"|^\W*(?:(?:delivery|shipping|billing|invoice|ship|postal|customer)\s*address|deliver(?:y)?\s*to|"
    r"lieferadresse|liefer\s*anschrift|rechnungsadresse|adresse\s*de\s*(?:livraison|facturation)|"
    r"direccion\s*de\s*(?:entrega|envio|facturacion)|endereco\s*de\s*(?:entrega|faturacao|cobranca)|"
    r"indirizzo\s*di\s*(?:consegna|fatturazione)|destinazione|afleveradres|leveringsadres)(?![a-z])\s*:?\s*"
)
# Headings of the seller's block ("Verkäufer:", "Fournisseur :"): the name under them is the seller.
SELLER_LABEL = re.compile(
    r"^\W*(?:seller|supplier|vendor|from|issued\s*by|verkaufer|lieferant|rechnungssteller|vendeur|fournisseur|"
    r"emetteur|vendedor|proveedor|emisor|fornecedor|prestador|leverancier|verkoper)\s*(?::|$)"
)
INVOICE_NUMBER_LABEL = _any(
    rf"(?<![a-z]){_DOC}{_QUALIFIERS}\s*[.:]?\s*-?\s*{_NO}(?![a-z])\.?",  # "Invoice No.", "INVOICE: NO. 001"
    # "Nº de factura", "No. of invoice"; but "# INV-000123" is a number whose prefix names the document.
    rf"(?<![a-z]){_NO}\.?\s*(?:de\s*|da\s*|do\s*|du\s*|of\s*)?(?:la\s*)?{_DOC}(?![a-z])(?![-/]?\d)",
    r"(?:tax\s*)?invoice\s*(?:id|ref)", r"rechnungs?\s*-?\s*(?:nummer|nr)|beleg\s*-?\s*(?:nr|nummer)|bonnummer",
    r"factuur\s*-?\s*(?:nummer|nr)|belegnummer|kassenbon\s*-?\s*nr",
    r"(?:factura|fatura|facture)\s*simplifi(?:cada|ee)\s*(?:n\.?\s*[°o]|nr|no)?\.?",
    r"(?:rechnung|facture|factura|fatura|factuur|invoice)\s*#", r"nota\s*fiscal",
)
# "Bon: 152415", "Ticket 4711", "Transactie: 9233": a document word, then a number.
DOCUMENT_WORD_NUMBER = re.compile(
    rf"(?<![a-z])(?!re\b){_DOC}(?:\s*[:#]\s*|\s+)(?=#?\s*[a-z]{{0,3}}-?\d)")
# "Facture FA-2017-0010", "Invoice INV-0042": the document's own name directly before its number.
TITLE_NUMBER_LABEL = re.compile(
    r"^\W*(?:rechnung|facture|factura|fatura|factuur|fattura|faktura|invoice|tax\s*invoice|fra\.|fact\.|inv\.)"
    r"(?:\s*(?:simplificada|simplifiee|semplificata))?\s*:?\s+(?=[a-z]{0,4}\s?[a-z]?\s?[-/#]?\s?\d)")
# "INV-37930" printed alone: a number that names its own document type.
SELF_LABELLED_NUMBER = re.compile(r"(?<![\w/-])(?:INV|RCPT|RCT|BILL|FACT|FAC|RECH)[-/#.]?\d[\w\-/]*")
# A bare "No." is a number label only when nothing more specific is printed (it also starts addresses).
GENERIC_NUMBER_LABEL = re.compile(r"(?<![a-z])(?:no|nr|n[°o]|n)\s*[.:#]\s*(?=[a-z]*\d)")
DUE_DATE_LABEL = _any(
    r"(?<![a-z])(?:due\s*(?:date|on|by)?|payment\s*due|pay\s*by|payable\s*by)(?![a-z])",
    r"(?<![a-z])(?:f[a]?ll?ig|zahlbar\s*bis|zahlungsziel)", r"(?<![a-z])(?:echeance|a\s*regler\s*avant|payable\s*avant)",
    r"(?<![a-z])(?:vencimiento|vence|vencimento|scadenza|termen\s*de\s*plata|scadent)(?![a-z])",
    r"(?<![a-z])(?:vervaldatum|vervaldag|uiterste\s*betaaldatum|te\s*betalen\s*voor)",
)
# Words that make up document titles ("Invoice Summary", "PAYMENT RECEIPT", "Retail Invoice/Bill",
# "Order Confirmation", "DOCUMENTO COMMERCIALE"): a row made only of these is a title, never a name.
TITLE_WORD = re.compile(
    r"(?:tax|retail|sales?|cash|simplified|full|official|commercial|proforma|pro|forma|credit|debit|"
    r"invoice|invoices|inv|bill|bills|receipt|receipts|summary|payment|order|orders|confirmation|statement|"
    r"quote|quotation|estimate|delivery|docket|slip|voucher|note|copy|original|duplicate|customer|merchant|"
    r"document|fiscal|e|electronic|electronica|electronico|eletronico|rechnung|quittung|kassenbon|beleg|"
    r"kassenbeleg|gutschrift|facture|ticket|de|caisse|recu|note|factura|simplificada|fatura|simplificada|"
    r"recibo|nota|cupom|fiscale|scontrino|fattura|documento|commerciale|di|vendita|o|prestazione|bon|bonul|"
    r"paragon|fiskalny|factuur|kassabon|kvitto|struk|resit|invois|cukai|belanja|kwitansi|and|&|of|the|boleta|venta|"
    r"electronica|electronico|eletronica|eletronico|"
    r"no|sat|cfe|nfc|e|tva|iva|gst|vat|sst|ttc)"
)
ISSUE_DATE_LABEL = _any(
    r"(?<![a-z])date|(?<![a-z])dated|datum|fecha|(?<![a-z])data(?![a-z])|tarikh|issued|emission|emissao|emitido",
    r"(?:rechnung|invoice|facture|factura|fatura|factuur).{0,40}(?<![a-z])(?:vom|von|du|of|de|van)\s*$",
)
NOT_ISSUE_DATE = _any(
    r"expir|exp\.?\s*date|valid|best\s*before|mhd|period|from|bis\b|birth",
    # Return and exchange deadlines on receipts come after the purchase.
    r"(?<![a-z])(?:returns?|exchanges?)(?:\s*(?:and|&|/)\s*(?:returns?|exchanges?))?\s*(?:thru|through|until|by|before|within)",
    r"(?<![a-z])return\s*(?:by|until|before|deadline|window)",
)
# Dates of the order, delivery or service: the issue date only when the document prints no other.
SECONDARY_DATE = _any(
    r"delivery|lieferdatum|leistungsdatum|leistungszeitraum|livraison|entrega|levering|consegna",
    r"service\s*date|date\s*of\s*supply|order\s*date|bestelldatum|commande|pedido|ordine|bestel",
)

PAYMENT_TERMS = _any(
    r"payment\s*terms?\s*:?.{0,40}", r"terms\s*:\s*.{1,40}", r"net\s*\d{1,3}(?:\s*days)?", r"due\s*on\s*receipt",
    r"(?:payable|due)\s*within\s*\d{1,3}\s*days", r"zahlbar\s*(?:innerhalb|binnen)\s*(?:von\s*)?\d{1,3}\s*tag\w*.{0,30}",
    r"zahlungsbedingung\w*\s*:?.{0,40}", r"sofort\s*zahlbar", r"conditions?\s*de\s*paiement\s*:?.{0,40}",
    r"(?:a|sous)\s*\d{1,3}\s*jours.{0,20}", r"condiciones\s*de\s*pago\s*:?.{0,40}", r"\d{1,3}\s*dias.{0,20}",
    r"condicoes\s*de\s*pagamento\s*:?.{0,40}", r"betalingstermijn\s*:?.{0,40}", r"binnen\s*\d{1,3}\s*dagen.{0,20}",
)

CREDIT_NOTE = _any(r"credit\s*note|gutschrift|avoir|nota\s*de\s*credito|creditnota|credit\s*memo|rechnungskorrektur")
INVOICE_WORDS = _any(r"(?<![a-z])invoice|rechnung|facture|factura|fatura|nota\s*fiscal|factuur")
RECEIPT_WORDS = _any(
    r"receipt|cash\s*sale|(?<![a-z])change(?![a-z])|tender|kassenbon|kassenbeleg|bon\s*de\s*caisse|ticket|recibo|recu\b|kassabon|cashier|kasir|thank\s*you|terima\s*kasih",
)
