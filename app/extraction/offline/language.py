"""Which language a document is written in, from the words receipts and invoices always print.

Used only to fill what the document leaves open: the currency of a euro-zone document whose €
sign the OCR dropped, the month order of numeric dates on an English-language dollar document.
"""
from __future__ import annotations

import re

_WORDS = {
    "en": r"invoice|receipt|total|amount|subtotal|tax|vat|cash|change|thank|date|due|qty|quantity|price|balance|paid",
    "de": r"rechnung|summe|gesamt|betrag|mwst|ust|steuer|netto|brutto|bar|ruckgeld|wechselgeld|danke|datum|menge|"
          r"zahlen|zahlbar|kunde|einzelpreis|bezeichnung|vielen",
    "fr": r"facture|montant|tva|ht|ttc|payer|especes|rendu|monnaie|merci|client|quantite|designation|echeance|"
          r"prix|ticket|total",
    "es": r"factura|importe|iva|efectivo|cambio|gracias|fecha|cliente|cantidad|precio|concepto|vencimiento|"
          r"pagar|base|imponible|tarjeta|ticket",
    "pt": r"fatura|valor|iva|troco|obrigado|dinheiro|data|cliente|quantidade|preco|descricao|vencimento|pagar|"
          r"multibanco|contribuinte|talao|recibo",
    "nl": r"factuur|totaal|bedrag|btw|contant|wisselgeld|bedankt|klant|betalen|aantal|prijs|omschrijving|"
          r"vervaldatum|pin|bonnummer|datum",
    "it": r"fattura|totale|importo|iva|contanti|resto|grazie|scontrino|quantita|prezzo|descrizione|scadenza|"
          r"pagamento|imponibile|documento\s+commerciale|di\s+cui",
    "ro": r"factura|bon\s+fiscal|suma|tva|numerar|rest|multumim|cantitate|pret|data|ora|plata|card",
    "pl": r"faktura|paragon|suma|ptu|gotowka|reszta|dziekujemy|ilosc|cena|sprzedaz|nip|razem|netto|brutto",
    "sv": r"kvitto|faktura|totalt|summa|moms|kontant|vaxel|tack|antal|pris|kort|att\s+betala",
    "id": r"struk|belanja|tunai|kembalian|kembali|harga|ppn|npwp|kasir|tgl|jumlah|terima\s+kasih|diskon|bayar",
    "ms": r"jumlah|baki|tunai|cukai|resit|tarikh|bayaran|harga|kuantiti|terima\s+kasih|masa|wang",
}
_WORDS["de"] += r"|kasse|artikel|einkauf|dank|kassenbon|filiale|quittung"
# A word several languages print ("total", "iva", "netto", "ticket") says nothing about which one this is.
_SHARED = {w for lang, words in _WORDS.items() for w in words.split("|")
           if any(w in other.split("|") for o, other in _WORDS.items() if o != lang)}
_PATTERNS = {lang: re.compile(r"(?<![a-z])(?:" + "|".join(w for w in words.split("|") if w not in _SHARED)
                              + r")(?![a-z])") for lang, words in _WORDS.items()}
# Languages whose documents are priced in euros unless they print another currency.
EURO_LANGUAGES = frozenset({"de", "fr", "es", "pt", "nl"})


def guess_language(folded_text: str) -> str | None:
    """The language with clearly the most document words in the folded text, or ``None``."""
    counts = {lang: len(pattern.findall(folded_text)) for lang, pattern in _PATTERNS.items()}
    ranked = sorted(counts.items(), key=lambda pair: pair[1], reverse=True)
    if len(ranked) < 2:
        return None
    best, runner_up = ranked[0], ranked[1]
    if best[1] >= 2 and best[1] >= 1.5 * runner_up[1]:
        return best[0]
    return None
