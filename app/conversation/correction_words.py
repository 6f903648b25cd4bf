"""The words of a correction typed as a sentence ("total of #12 is 45.10", "o fornecedor da #4 é Galp"):
the fields people name, the verbs that correct and the copulas before a value, folded, in five languages."""
from __future__ import annotations

import re

from app.conversation.intents import Field_
from app.conversation.text import rx

FIELD_WORDS: dict[str, Field_] = {}
_FIELD_VOCABULARY: dict[Field_, str] = {
    "vendor": "vendor,supplier,store,shop,merchant,seller,payee,company,proveedor,tienda,comercio,"
              "establecimiento,vendedor,empresa,fornecedor,loja,estabelecimento,comerciante,fournisseur,"
              "magasin,commercant,vendeur,lieferant,handler,geschaft,laden,firma",
    "total": "total,amount,total amount,grand total,importe,importe total,monto,monto total,valor,"
             "valor total,montante,montant,montant total,betrag,gesamtbetrag,summe,price,precio,preco",
    "tax": "tax,taxes,vat,gst,tax amount,iva,impuesto,impuestos,imposto,impostos,tva,taxe,mwst,ust,steuer,"
           "mehrwertsteuer",
    "date": "date,invoice date,fecha,data,datum,dia",
    "number": "invoice number,receipt number,number,numero,numero de factura,numero da fatura,numero de "
              "fatura,n de factura,nummer,rechnungsnummer,numero de facture",
    "currency": "currency,moneda,divisa,moeda,devise,wahrung",
    "category": "category,spending category,expense category,categoria,categoria de gasto,categoria de despesa,"
                "categorie,kategorie,tipo de gasto,tipo de despesa,rubro",
}
for _field, _words in _FIELD_VOCABULARY.items():
    for _w in _words.split(","):
        FIELD_WORDS[_w] = _field

# A field may be named in the plural ("change the dates of #3", "las fechas", "os valores").
FIELD = re.compile(r"(?<![a-z0-9#])(?P<field>" + "|".join(
    re.escape(w) for w in sorted(FIELD_WORDS, key=len, reverse=True)) + r")(?:e?s)?(?![a-z0-9])")
CORRECT_VERB = rx(r"change", r"set", r"put", r"update", r"correct", r"fix", r"make", r"edit", r"cambia\w*",
                   r"corrig\w*", r"corrij\w*", r"correg\w*", r"pon", r"poner", r"actualiza\w*", r"modifica\w*", r"muda\w*",
                   r"altera\w*", r"atualiza\w*", r"coloca", r"modifie\w*", r"change[rz]?", r"mets",
                   r"andere\w*", r"ander", r"setze\w*", r"korrigier\w*", r"aktualisier\w*",
                   # Saying it is wrong asks to correct it: "Rechnung 131 stimmt nicht, Betrag 31,90".
                   r"stimmt nicht", r"is wrong", r"esta mal", r"est faux", r"esta errad[oa]")
# "=" and ":" may be glued to the word before ("the last one: Galp"); words need word boundaries.
COPULA = re.compile(
    r"(?P<cop>[=:](?![0-9])|(?<![a-z0-9])(?:c'est|c'etait|is|was|should be|(?:shd|shud|shld) be|must be|to|es|era|deberia ser|debe ser|seria|a|al|ao|"
    r"pra|pro|por|para|e|deve ser|devia ser|deveria ser|tem que ser|tem de ser|tiene que ser|tiene q ser|est|doit etre|devrait etre|ist|sollte|sollt|soll|auf|zu|en)"
    r"(?![a-z0-9]))"
)
STRONG_COPULA = {"c'est", "c'etait", "is", "was", "should be", "shd be", "shud be", "shld be", "must be", "=", ":", "es", "era", "deberia ser", "debe ser",
                 "e", "deve ser", "devia ser", "deveria ser", "tem que ser", "tem de ser", "tiene que ser",
                 "tiene q ser", "est", "doit etre", "devrait etre", "ist", "sollte", "sollt", "soll"}
