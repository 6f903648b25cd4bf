"""The offline understanding of a message: free wording in English, Spanish, Portuguese (French and German
too) turned into one :mod:`intent <app.conversation.intents>`.

Deterministic and bounded: a message is folded (lowercase, no accents, odd characters dropped), the period,
invoice reference, vendor and category are found first, then the words that are left decide the intent.
Anything that is not understood is :class:`Unknown`; nothing in a message is ever executed or echoed
back unchecked.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from app.conversation import intents as i
from app.conversation.dates import (
    Period,
    PeriodMatch,
    counterpart,
    find_period,
    month_abbreviations,
    month_names,
    weekday_names,
)
from app.conversation.language import detect, vocabulary
from app.conversation.matching import (
    CATEGORY_CONCEPTS,
    CURRENCY_WORDS,
    category_phrases,
    concept_category,
    concept_of,
    find_phrase,
    find_vendor_typo,
    iso_currencies,
    vendor_phrases,
)
from app.conversation.spelling import literal_words, normalize, protected_words
from app.conversation.text import MAX_MESSAGE_CHARS, fold, fold_with_offsets
from app.domain.categories import OTHER


@dataclass(frozen=True)
class ParseContext:
    """What the parser may know besides the text: the user's today and their own vendors/categories."""

    today: dt.date
    vendors: Sequence[str] = ()
    categories: Sequence[str] = ()
    day_first: bool = True


@dataclass(frozen=True)
class Parsed:
    intent: i.Intent
    language: str | None  # detected language of this message, None when unsure
    # True when the message only narrowed something ("and in April?", "y en Shell?"): the handler may
    # carry the previous question over with these new details.
    elliptical: bool = False
    mentioned: dict[str, Period | str | None] = field(default_factory=dict)


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9#])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")


# --- vocabulary (folded) ---------------------------------------------------------------------------

YES = {"yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "confirm", "confirmed", "do it", "go ahead",
       "si", "claro", "vale", "dale", "confirmo", "confirmar", "correcto", "de acuerdo", "sim", "pode",
       "isso", "confirma", "certo", "com certeza", "oui", "d'accord", "ja", "jawohl", "genau", "yes please",
       "si por favor", "sim por favor", "si borra", "sim apaga", "yes delete", "yes delete everything",
       "si, borra todo", "sim, apaga tudo", "si claro", "sim claro"}
NO = {"no", "n", "nope", "nah", "cancel", "stop", "abort", "dont", "don't", "no thanks", "never mind",
      "nevermind", "cancela", "cancelar", "nao", "não", "para", "deja", "dejalo", "olvidalo", "esquece",
      "deixa", "non", "annule", "annuler", "nein", "abbrechen", "no gracias", "nao obrigado", "no, cancel"}

# A yes/no answer with a few words around it ("yes, delete it all", "sim pode apagar", "no, keep it"):
# the first word answers and every other word only repeats what was asked.
YES_LEAD = {"yes", "yeah", "yep", "yup", "sure", "ok", "okay", "si", "sim", "claro", "vale", "dale", "oui",
            "ja", "confirm", "confirmo", "confirma", "confirmed"}
YES_FILLER = {"yes", "si", "sim", "please", "por", "favor", "confirm", "confirmo", "confirma", "confirmed", "do",
              "it", "go", "ahead", "all", "everything", "todo", "tudo", "tout", "alles", "pode", "puedes", "can",
              "you", "hazlo", "faz", "isso", "eso", "of", "them", "my", "data", "mis", "datos", "meus", "dados",
              "mes", "donnees", "meine", "daten", "de", "los", "os", "the", "and", "y", "e", "sure", "ok",
              "okay", "claro", "vale", "i'm", "im", "estoy", "seguro", "segura", "tenho", "certeza", "sur",
              "sicher", "bitte", "s'il", "te", "plait", "vous", "pls", "que", "delete", "borra",
              "borrar", "apaga", "apagar", "elimina", "eliminar", "exclui", "excluir", "erase", "remove",
              "supprime", "supprimer", "losche", "loschen", "wipe", "adelante", "en", "frente", "avante"}
NO_LEAD = {"no", "nope", "nah", "nao", "non", "nein", "cancel", "cancela", "cancelar", "annule", "annuler",
           "abbrechen", "stop"}
NO_FILLER = {"no", "nao", "non", "nein", "thanks", "thank", "you", "gracias", "obrigado", "obrigada", "merci",
             "danke", "cancel", "cancela", "cancelar", "don't", "dont", "do", "not", "it", "that", "please",
             "por", "favor", "never", "mind", "keep", "deja", "dejalo", "deixa", "esquece", "olvidalo", "mejor",
             "melhor", "changed", "my", "i", "wait", "espera", "pera", "lo", "la", "isso", "eso",
             "pas", "nicht", "bitte", "way", "nevermind", "stop", "mantener", "manter", "mes", "datos",
             "dados", "data", "los", "os", "meus", "mis", "the", "de"}

DELETE = _rx(r"delete\w*", r"remove\w*", r"erase\w*", r"borr\w+", r"elimin\w+", r"quit[ae]\w*",
             r"suprim\w+", r"apag\w+", r"exclu\w+", r"deleta\w*", r"remov\w+", r"supprim\w+", r"effac\w+",
             r"losch\w*", r"entfern\w*", r"get rid of", r"forget", r"olvida\w*", r"esquec\w+", r"wipe\w*",
             r"clear", r"purge", r"destroy", r"limpa\w*", r"limpia\w*", r"vaciar", r"vacia")
MY_DATA = _rx(r"(?:my|all my|all of my|mis?|todos mis|todas mis|meus|meu|minhas?|todos os meus|todas as minhas|"
              r"mes|ma|mon|tous mes|toutes mes|meine?|alle meine)\s+"
              r"(?:data|datos|dados|donnees|daten|information|informacion|informacoes|info|account|cuenta|"
              r"conta|compte|konto|history|historial|historico)",
              r"(?:data|datos|dados|donnees|daten)\s+(?:personal(?:es|s)?|pessoais)?",
              r"everything", r"todo", r"tudo", r"tout", r"alles", r"all (?:my )?(?:invoices|receipts)",
              r"todas (?:mis|las) facturas", r"todas as (?:minhas )?faturas", r"forget me", r"olvidame",
              r"esqueca-me", r"my account")
UNDO = _rx(r"undo", r"undelete", r"restore", r"bring (?:it )?back", r"put (?:it )?back", r"deshacer",
           r"deshaz\w*", r"restaurar?(?:la|lo)?", r"restore it", r"recuperar?(?:la|lo)?", r"desfaz\w*", r"desfac\w+", r"desfazer",
           r"annule[rz]? la suppression", r"retablir", r"ruckgangig", r"wiederherstell\w*", r"ctrl z")
EXPORT = _rx(r"export\w*", r"csv", r"spreadsheet", r"excel", r"planilla", r"planilha", r"hoja de calculo",
             r"descarga\w*", r"baixar", r"download\w*", r"tableur", r"tabelle")
KEEP = _rx(r"keep\w*", r"not (?:a )?duplicate", r"isn'?t a duplicate", r"count it", r"manten\w*",
           r"mantener\w*", r"conserva\w*", r"guarda\w*", r"manter\w*", r"mantem", r"mantenha", r"mantem-na",
           r"no es (?:un )?duplicad[oa]", r"nao e (?:uma? )?duplicad[oa]", r"garde\w*", r"conserve\w*",
           r"behalt\w*", r"kein duplikat", r"it'?s not (?:a )?duplicate", r"not duplicated?")
TOP_VENDORS = _rx(
    r"(?:top|main|biggest|largest|principal(?:es)?|principais|mayores|maiores|primeros|principaux|"
    r"plus gros|grossten|wichtigsten|most used)\s+(?:\d{1,2}\s+)?(?:vendors?|suppliers?|stores?|shops?|"
    r"merchants?|proveedores|proveedor|tiendas|comercios|fornecedores|fornecedor|lojas|fournisseurs|"
    r"magasins|lieferanten|laden|geschafte|sellers)",
    r"(?:vendors?|suppliers?|stores?|shops?|merchants?|proveedores|tiendas|comercios|fornecedores|lojas|"
    r"fournisseurs|magasins|lieferanten)\s+(?:principales|principais|mas usados|mais usados|"
    r"(?:where|donde|onde|ou)\b.*\b(?:most|mas|mais|plus))",
    r"(?:where|at which|which|what)\s+(?:\w+\s+){0,3}(?:vendors?|stores?|shops?|suppliers?|merchants?)?"
    r"\s*(?:do|did|have)\s+i\s+(?:\w+\s+){0,2}spen[dt]\s+(?:\w+\s+){0,3}most",
    r"(?:donde|en que (?:tienda|comercio|proveedor)|a que proveedor|con que proveedor)\s+(?:\w+\s+){0,3}"
    r"(?:gasto|gaste|he gastado|compro|compre)\s+(?:\w+\s+){0,3}mas",
    r"(?:onde|em que loja|em qual loja|com que fornecedor|qual fornecedor)\s+(?:\w+\s+){0,3}"
    r"(?:gasto|gastei|compro|comprei)\s+(?:\w+\s+){0,3}mais",
    r"ou (?:est-ce que )?(?:je )?(?:depense|ai depense|j'ai depense)\s+(?:\w+\s+){0,3}plus",
    r"wo (?:habe|gebe) ich (?:\w+\s+){0,3}(?:meisten|am meisten)",
    r"(?:which|what|que|qual|quais|cual|cuales|quel|quels|quelles?|welcher?|welche)\s+(?:vendors?|stores?|shops?|suppliers?|proveedor(?:es)?|"
    r"tiendas?|fornecedor(?:es)?|lojas?|fournisseurs?|lieferant(?:en)?)\s+(?:\w+\s+){0,4}"
    r"(?:most|mas|mais|plus|meisten)",
    r"ranking", r"top\s+\d{0,2}\s*(?:de\s+)?(?:vendors|proveedores|fornecedores)",
)
SUPERLATIVE = _rx(r"biggest", r"largest", r"highest", r"most expensive", r"priciest", r"costliest",
                  r"max(?:imum)?", r"mayor", r"mas (?:grande|cara|caro|alta|alto|costosa|costoso)",
                  r"maior", r"mais (?:cara|caro|alta|alto|grande)", r"plus (?:grosse|gros|chere|cher|elevee)",
                  r"grosste\w*", r"teuerste\w*", r"hochste\w*")
INVOICE_NOUN = _rx(r"invoices?", r"receipts?", r"bills?", r"purchases?", r"expenses?", r"facturas?",
                   r"compras?", r"gastos?", r"recibos?", r"tickets?", r"faturas?", r"notas?(?: fiscais| fiscal)?",
                   r"despesas?", r"cupons?", r"factures?", r"achats?", r"depenses?", r"rechnung(?:en)?",
                   r"ausgaben?", r"einkaufe?", r"belege?", r"quittung(?:en)?")
DOCUMENT_NOUN = _rx(r"invoices?", r"receipts?", r"bills?", r"facturas?", r"faturas?", r"notas?", r"recibos?",
                    r"tickets?", r"factures?", r"rechnung(?:en)?", r"belege?", r"quittung(?:en)?", r"contas?")
INVOICE_PLURAL = _rx(r"invoices", r"receipts", r"bills", r"purchases", r"facturas", r"compras", r"recibos",
                     r"tickets", r"faturas", r"notas", r"despesas", r"factures", r"achats", r"rechnungen",
                     r"belege", r"quittungen", r"expenses")
COUNT = _rx(r"how many", r"number of", r"count", r"cuantas", r"cuantos", r"quantas", r"quantos",
            r"combien de (?:factures|recus|tickets|achats)", r"nombre de (?:factures|recus)", r"wie viele",
            r"anzahl", r"numero de (?:facturas|faturas|recibos|notas|compras)")
AVERAGE = _rx(r"average", r"avg", r"mean", r"on average", r"promedio", r"media", r"medio", r"en promedio",
              r"moyenne", r"en moyenne", r"durchschnitt\w*", r"typical")
TAX = _rx(r"tax(?:es)?", r"vat", r"gst", r"iva", r"impuestos?", r"impostos?", r"tributos?", r"icms",
          r"tva", r"taxes?", r"mwst", r"ust", r"mehrwertsteuer", r"steuern?", r"igic")
# The amount before tax. Read before TAX: "total sin IVA" asks for the net, not for the IVA.
_TAX_WORDS = r"(?:tax(?:es)?|vat|gst|iva|impuestos?|impostos?|tva|taxes?|mwst|ust|steuern?|igic)"
NET = _rx(r"net", r"nett?o", r"net[oa]s", r"liquid[oa]", r"nettobetrag", r"nettosumme", r"pre-?tax",
          r"(?:sin|sem|without|excl\.?|excluding|exclusive of|ex|before|antes de|hors|sans|ohne|exkl\.?|zonder)\s+"
          r"(?:the\s+|la\s+|el\s+|los\s+|o\s+|a\s+|os\s+|la\s+|die\s+)?" + _TAX_WORDS,
          r"hors taxes?", r"ht", r"h\.t\.?", r"base imponible", r"base tributavel", r"subtotal")
# Two periods side by side. "than"-words also compare one named period with the current one.
COMPARE = _rx(r"vs\.?", r"versus", r"compare[sd]?", r"comparing", r"comparison", r"compara", r"comparar",
              r"comparame", r"compareme", r"comparado", r"comparada", r"comparacion", r"comparacao", r"comparer",
              r"comparez", r"compare-moi", r"comparaison", r"vergleich", r"vergleiche", r"vergleichen",
              r"against", r"frente a", r"contra")
THAN = _rx(r"(?:more|less|fewer)\s+(?:\w+\s+){0,3}than", r"(?:mas|menos)\s+(?:\w+\s+){0,3}(?:que|de lo que)",
           r"(?:mais|menos)\s+(?:\w+\s+){0,3}(?:do que|que)", r"(?:plus|moins)\s+(?:\w+\s+){0,3}que",
           r"(?:mehr|weniger)\s+(?:\w+\s+){0,3}als")
MORE_LESS = _rx(r"more", r"less", r"fewer", r"mas", r"menos", r"mais", r"plus", r"moins", r"mehr", r"weniger")
MORE_OR_LESS = _rx(r"more or less", r"mas o menos", r"mais ou menos", r"plus ou moins", r"mehr oder weniger")
HOW_MUCH = _rx(r"how much", r"how many", r"cuanto", r"cuanta", r"cuantos", r"cuantas", r"quanto", r"quanta",
               r"quantos", r"quantas", r"combien", r"wie ?viel\w*")
TOTAL = _rx(r"how much", r"spent", r"spend\w*", r"expenses?", r"total", r"sum", r"paid", r"pay",
            r"cost", r"cuanto", r"cuanta", r"gaste", r"gastado", r"gastamos", r"gastos?", r"pague",
            r"pagado", r"quanto", r"quanta", r"gastei", r"gastou", r"gastamos", r"despesas?", r"paguei",
            r"pago", r"combien", r"depense\w*", r"paye", r"wie ?viel", r"ausgegeben", r"ausgaben",
            r"summe", r"bezahlt", r"kosten")
LIST = _rx(r"list\w*", r"show", r"see", r"view", r"display", r"give me", r"send me", r"which", r"what",
           r"muestra\w*", r"mostrar\w*", r"ver", r"ensena\w*", r"dame", r"cuales", r"lista\w*", r"mostra\w*",
           r"mostre", r"veja", r"quais", r"me (?:mostra|manda|envia)", r"affiche\w*", r"montre\w*", r"voir",
           r"liste\w*", r"zeig\w*", r"anzeigen", r"welche")
SHOW = _rx(r"show", r"see", r"view", r"display", r"open", r"details?", r"what'?s in", r"muestra\w*",
           r"mostrar\w*", r"ver", r"ensena\w*", r"detalles?", r"abre", r"abrir", r"mostra\w*", r"mostre",
           r"veja", r"detalhes?", r"affiche\w*", r"montre\w*", r"voir", r"detail", r"zeig\w*", r"anzeigen",
           r"oeffne", r"offne")
HELP = _rx(r"help", r"ayuda", r"ajuda", r"aide", r"hilfe", r"menu", r"commands?", r"comandos?",
           r"what can (?:you|i) (?:do|ask)", r"what do you do", r"how (?:does (?:this|it) work|do i use)",
           r"que (?:puedes|sabes|se puede) hacer", r"que haces", r"como funciona", r"o que (?:voce|tu) "
           r"(?:faz|pode fazer|sabe fazer)", r"o que posso (?:perguntar|fazer)", r"que (?:peux|sais)-tu faire",
           r"que puis-je", r"was kannst du", r"wie funktioniert", r"instructions?", r"instrucciones",
           r"instrucoes", r"opciones", r"opcoes", r"options")
HELP_QUESTION = _rx(r"what can (?:you|i) (?:do|ask)",
                    r"(?:what|which|que|qual|quais|cuales|quel|quelles?|was|welche)\b.{0,40}\b"
                    r"(?:can i|could i|puedo|posso|peux-je|puis-je|kann ich) (?:ask|say|do|type|preguntar|decir|"
                    r"hacer|perguntar|dizer|fazer|demander|dire|fragen|sagen)", r"what do you do", r"how (?:does (?:this|it) work|do i use)",
                    r"que (?:puedes|sabes|se puede) hacer", r"como funciona", r"o que (?:voce|tu) "
                    r"(?:faz|pode fazer|sabe fazer)", r"que (?:peux|sais)-tu faire", r"was kannst du",
                    r"wie funktioniert")
GREETING = _rx(r"hi", r"hello", r"hey", r"hiya", r"good (?:morning|afternoon|evening)", r"hola",
               r"buen(?:os|as) (?:dias|tardes|noches)", r"buenas", r"ola", r"oi", r"bom dia", r"boa tarde",
               r"boa noite", r"bonjour", r"bonsoir", r"salut", r"hallo", r"guten (?:tag|morgen|abend)",
               r"servus", r"moin")
THANKS = _rx(r"thanks?", r"thank you", r"thx", r"ty", r"gracias", r"muchas gracias", r"obrigad[oa]",
             r"valeu", r"merci", r"danke", r"cheers", r"great", r"perfect", r"perfecto", r"perfeito", r"genial")

# --- invoice references ------------------------------------------------------------------------------

SEQ_REF = re.compile(
    r"(?:#|(?<![a-z0-9])(?:invoice|receipt|bill|factura|fatura|recibo|nota|ticket|facture|rechnung|beleg|"
    r"no\.|n\.o|num\.?|numero|number|nr\.?)\s*(?:#|no\.?\s|n\.o\s|numero\s|number\s|nr\.?\s)?\s*)"
    r"(?P<n>\d{1,7})(?![\d/]|[.,]\d)"
)
LAST_REF = re.compile(
    r"(?<![a-z0-9])(?:(?:the\s+)?(?:last|latest|most recent|newest)(?:\s+(?:one|invoice|receipt|bill|purchase))?"
    r"|(?:la|el|lo)\s+(?:ultim[oa]|mas reciente)(?:\s+(?:factura|recibo|compra|ticket))?"
    r"|(?:a|o|da|do|na|no)\s+(?:ultim[oa]|mais recente)(?:\s+(?:fatura|nota|recibo|compra))?"
    r"|ultim[oa]\s+(?:factura|fatura|recibo|nota|compra|ticket)"
    r"|(?:la|le)\s+dernier(?:e)?(?:\s+facture)?|derniere facture|(?:die|der|das)\s+letzte(?:\s+rechnung)?"
    r"|letzte rechnung)(?![a-z0-9])(?!\s+\d)(?!\s+(?:invoices|receipts|facturas|faturas|notas|recibos|"
    r"factures|rechnungen|compras|\d))"
)
IT_REF = _rx(r"it", r"that(?: one)?", r"this(?: one)?", r"that invoice", r"this invoice", r"that receipt",
             r"esa(?: factura)?", r"esta(?: factura)?", r"eso", r"esto", r"essa(?: fatura| nota)?",
             r"esta(?: fatura| nota)?", r"isso", r"isto", r"ela", r"celle-ci", r"celle-la", r"cette facture",
             r"ca", r"diese(?: rechnung)?", r"sie", r"\w+(?:a|e|i)(?:la|lo)", r"\w+-(?:la|lo|a|o)")
ORDINALS = {
    1: r"first|1st|primer[oa]?|primeir[oa]|premier|premiere|erste",
    2: r"second|2nd|segund[oa]|deuxieme|zweite",
    3: r"third|3rd|tercer[oa]?|terceir[oa]|troisieme|dritte",
    4: r"fourth|4th|cuart[oa]|quart[oa]|quatrieme|vierte",
    5: r"fifth|5th|quint[oa]|cinquieme|funfte",
}
LISTED_REF = re.compile(
    r"(?<![a-z0-9])(?:the\s+|la\s+|el\s+|a\s+|o\s+|da\s+|do\s+|le\s+|die\s+|der\s+)?(?P<ord>"
    + "|".join(f"(?P<o{n}>{words})" for n, words in ORDINALS.items())
    + r")(?:\s+(?:one|invoice|receipt|factura|fatura|nota|recibo|facture|rechnung|da lista|de la lista|"
      r"on the list|in the list))?(?![a-z0-9])"
)

# --- corrections --------------------------------------------------------------------------------------

FIELD_WORDS: dict[str, i.Field_] = {}
_FIELD_VOCABULARY: dict[i.Field_, str] = {
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
CORRECT_VERB = _rx(r"change", r"set", r"update", r"correct", r"fix", r"make", r"edit", r"cambia\w*",
                   r"corrig\w*", r"corrij\w*", r"pon", r"poner", r"actualiza\w*", r"modifica\w*", r"muda\w*",
                   r"altera\w*", r"atualiza\w*", r"coloca", r"modifie\w*", r"change[rz]?", r"mets",
                   r"andere\w*", r"setze\w*", r"korrigier\w*", r"aktualisier\w*")
# "=" and ":" may be glued to the word before ("the last one: Galp"); words need word boundaries.
COPULA = re.compile(
    r"(?P<cop>[=:](?![0-9])|(?<![a-z0-9])(?:is|was|should be|must be|to|es|era|deberia ser|debe ser|seria|a|al|ao|"
    r"pra|pro|por|para|e|deve ser|devia ser|deveria ser|est|doit etre|devrait etre|ist|sollte|soll|auf|zu|en)"
    r"(?![a-z0-9]))"
)
STRONG_COPULA = {"is", "was", "should be", "must be", "=", ":", "es", "era", "deberia ser", "debe ser",
                 "e", "deve ser", "devia ser", "deveria ser", "est", "doit etre", "devrait etre", "ist",
                 "sollte", "soll"}
QUESTION = _rx(r"what", r"what's", r"how", r"which", r"when", r"que", r"cual", r"cuanto", r"como",
               r"qual", r"quanto", r"quel", r"quelle", r"combien", r"was", r"wie", r"welche")

# "my timezone is Perth", "set timezone UTC-3", "mi zona horaria es Lima", "meu fuso horário é Manaus",
# "mon fuseau horaire : Montréal", "meine Zeitzone ist Dubai", "timezone Lisbon".
TIMEZONE_COMMAND = re.compile(
    r"(?<![a-z])(?:time ?zone|tz|zona horaria|huso horario|fuso(?: horario)?|fuseau(?: horaire)?|zeitzone)"
    r"(?:\s+(?:is|es|e|est|ist|=|:|to|a|en|em|auf|sur))?\s*[:=]?\s+(?P<value>[a-z0-9+\-][^?]*)$")

# --- modifiers ----------------------------------------------------------------------------------------

LIMIT = re.compile(
    r"(?<![a-z0-9#])(?:(?:last|latest|recent|most recent|top|ultim[oa]s|derniers|dernieres|letzten|show|"
    r"list|mostrar|muestra|mostra|ver|see|zeig\w*|affiche\w*)\s+(?P<a>\d{1,3})"
    r"|(?P<b>\d{1,3})\s+(?:ultim[oa]s|derniers|dernieres|letzten|last|latest|recent|most recent|"
    r"invoices|receipts|bills|facturas|faturas|recibos|notas|compras|factures|rechnungen))(?![\d.,])"
)
_VENDOR_NOUNS = (r"(?:vendors?|suppliers?|stores?|shops?|merchants?|sellers?|places?|proveedor(?:es)?|tiendas?|"
                 r"comercios?|fornecedor(?:es)?|lojas?|fournisseurs?|magasins?|lieferanten|laden|geschafte)")
TOP_LIMIT = re.compile(r"(?<![a-z0-9#])(?:top|main|biggest|largest|principales|principais|mayores|maiores|"
                       r"primeros|principaux)\s+(?P<a>\d{1,2})(?![\d.,])"
                       rf"|(?<![a-z0-9#./,])(?P<b>\d{{1,2}})\s+(?:\w+\s+)?{_VENDOR_NOUNS}(?![a-z])")
PREPOSITION_VENDOR = re.compile(
    r"(?:^|\s)(?i:at|from|in|on|en|em|no|na|nos|nas|de|del|da|do|chez|bei|von|to|a|para|con|com|with)"
    r"\s+(?P<name>[A-Z0-9][\w&'.\-]*(?:\s+(?:[A-Z0-9&][\w&'.\-]*|de|do|da|la|el|&))*)"
)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def parse(text: str, ctx: ParseContext) -> Parsed:
    """Understand one message. Never raises on any input; unknown input is :class:`Unknown`."""
    if not text or len(text) > MAX_MESSAGE_CHARS:
        return Parsed(i.Unknown(), None)
    folded, offsets = fold_with_offsets(text)
    if not folded:
        return Parsed(i.Unknown(), None)
    language = None
    try:
        names = protected_words([*ctx.vendors, *ctx.categories])
        folded, offsets = normalize(text, folded, offsets, _known_words(), names)
        language = detect(folded).language
        return _parse(text, folded, offsets, language, ctx)
    except ValueError:  # an intent that failed validation (absurd limits, dates): not understood
        return Parsed(i.Unknown(), language)


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Words the parser reads as they are: its own vocabulary and the language detector's."""
    return (literal_words(*_VOCABULARY_PATTERNS, SEQ_REF, LAST_REF, IT_REF, LISTED_REF, FIELD, CORRECT_VERB,
                          COPULA, QUESTION, LIMIT, TOP_VENDORS, INVOICE_PLURAL, MY_DATA)
            | frozenset(w for phrase in (*YES, *NO, *FIELD_WORDS) for w in re.findall(r"[a-z]+", phrase))
            | vocabulary())


def _parse(text: str, folded: str, offsets: list[int], language: str | None, ctx: ParseContext) -> Parsed:
    bare = folded.strip(" .!?,;:")
    if bare in YES or _answer(bare, YES_LEAD, YES_FILLER):
        return Parsed(i.Confirm(), language)
    if bare in NO or _answer(bare, NO_LEAD, NO_FILLER):
        return Parsed(i.Cancel(), language)

    if m := TIMEZONE_COMMAND.search(folded):
        value = text[offsets[m.start("value")]:].strip(" .!?\"'")[:80]
        if value:
            return Parsed(i.SetTimezone(value=value), language)

    correction = _correction(text, folded, offsets)
    if correction is not None:
        return Parsed(correction, language)

    found = find_period(folded, ctx.today, day_first=ctx.day_first)
    period = found.period if found else None
    rest = _blank(folded, found.start, found.end) if found else folded
    # "March vs April", "compare this month with last month": a second period, read only next to a
    # comparison word, so "invoices from March" never loses words to a stray second date.
    other = None
    cues = MORE_OR_LESS.sub(" ", rest)
    if found and (COMPARE.search(cues) or MORE_LESS.search(cues)):
        other = find_period(rest, ctx.today, day_first=ctx.day_first)
        if other is not None:
            rest = _blank(rest, other.start, other.end)
    # Commands are read with the reference still in place ("bórrala", "bring it back").
    commands = rest
    ref, rest = _reference(rest)

    # "how does this work?": "this" there is not an invoice.
    if HELP_QUESTION.search(commands) and _metric(rest) is None:
        return Parsed(i.Help(), language)
    if DELETE.search(commands) and MY_DATA.search(commands) and (ref is None or ref.kind == "it"):
        return Parsed(i.DeleteMyData(), language)
    if UNDO.search(commands):
        return Parsed(i.UndoDelete(), language)
    if EXPORT.search(commands):
        return Parsed(i.Export(period=period), language)
    if DELETE.search(commands):
        return Parsed(i.DeleteInvoice(ref=ref or i.IT), language)
    if KEEP.search(commands) and not TOTAL.search(rest):
        return Parsed(i.KeepDuplicate(ref=ref or i.IT), language)

    vendor, rest = _vendor(text, rest, offsets, ctx)
    category, rest, category_span = _category_span(rest, ctx)
    currency = _currency(text, rest)
    mentioned = {"period": period, "vendor": vendor, "category": category, "currency": currency}

    if TOP_VENDORS.search(rest) or _names_a_kind_of_place(rest, category_span):
        top = TOP_LIMIT.search(rest)
        limit = min(int(top["a"] or top["b"]), 10) if top and int(top["a"] or top["b"]) >= 1 else 5
        return Parsed(i.TopVendors(period=period, limit=limit, category=category), language, mentioned=mentioned)
    if SUPERLATIVE.search(rest) and (INVOICE_NOUN.search(rest) or (ref is None and not TOTAL.search(rest))):
        return Parsed(i.BiggestInvoice(period=period, vendor=vendor, category=category), language,
                      mentioned=mentioned)
    if found and (periods := _compared(MORE_OR_LESS.sub(" ", rest), found, other, ctx.today)):
        return Parsed(i.CompareSpending(metric=_metric(rest) or "total", period=periods[0],
                                        other_period=periods[1], vendor=vendor, category=category,
                                        currency=currency), language, mentioned=mentioned)

    metric = _metric(rest)
    if metric is not None and ref is None:
        return Parsed(i.SpendingQuery(metric=metric, period=period, vendor=vendor, category=category,
                                      currency=currency), language, mentioned=mentioned)
    if ref is not None and (SHOW.search(rest) or _only_reference_left(rest)):
        return Parsed(i.ShowInvoice(ref=ref), language)

    asked = LIMIT.search(rest)
    if asked or INVOICE_PLURAL.search(rest) or (LIST.search(rest) and (period or vendor or category)):
        n = int(asked["a"] or asked["b"]) if asked else (10 if (period or vendor or category) else 5)
        return Parsed(i.ListInvoices(limit=max(1, min(n, i.MAX_LIST)), vendor=vendor, period=period,
                                     category=category), language, mentioned=mentioned)
    if ref is not None:
        return Parsed(i.ShowInvoice(ref=ref), language)
    if HELP.search(rest) or bare in {"?", "??", "???"}:
        return Parsed(i.Help(), language)
    if period or vendor or category or currency:
        return Parsed(i.SpendingQuery(period=period, vendor=vendor, category=category, currency=currency),
                      language, elliptical=True, mentioned=mentioned)
    if GREETING.search(rest) or THANKS.search(rest):
        return Parsed(i.Greeting(thanks=bool(THANKS.search(rest)) and not GREETING.search(rest)), language)
    return Parsed(i.Unknown(), language)


def _answer(bare: str, leads: set[str], filler: set[str]) -> bool:
    tokens = re.findall(r"[a-z']+", bare)
    return len(tokens) >= 2 and tokens[0] in leads and all(t in filler for t in tokens[1:]) \
        and not re.search(r"\d", bare)


def _metric(rest: str) -> i.Metric | None:
    if COUNT.search(rest):
        return "count"
    if AVERAGE.search(rest):
        return "average"
    if NET.search(rest):
        return "net"
    if TAX.search(rest):
        return "tax"
    if TOTAL.search(rest):
        return "total"
    return None


def _compared(rest: str, found: PeriodMatch, other: PeriodMatch | None, today: dt.date) -> tuple[Period, Period] | None:
    """The two periods of a comparison, in the order said: two periods with a comparison word between
    them ("May vs April", "gastei mais em maio ou em abril?"), or one period and "than"/"compare"
    ("more than last month?"), or a yes/no "did I spend more ... last month?" (not "how much")."""
    if other is not None:
        first, second = sorted((found, other), key=lambda m: m.start)
        if first.period != second.period:
            return first.period, second.period
        return None
    if COMPARE.search(rest) or THAN.search(rest) or (MORE_LESS.search(rest) and TOTAL.search(rest)
                                                      and not HOW_MUCH.search(rest)):
        return counterpart(found.period, today), found.period
    return None


def _names_a_kind_of_place(rest: str, span: tuple[int, int] | None) -> bool:
    """"en qué gasolinera gasto más", "top restaurants": a category word standing where a question about
    top vendors has its noun ("which store", "top shops"), not before an invoice noun ("top fuel bills")."""
    if span is None or DOCUMENT_NOUN.match(rest[span[1]:].lstrip()):
        return False
    return TOP_VENDORS.search(f"{rest[:span[0]]} stores {rest[span[1]:]}") is not None


def _only_reference_left(rest: str) -> bool:
    """After the reference is removed, nothing but filler ("#3", "and #4?", "la factura 2")."""
    filler = {"and", "y", "e", "et", "und", "please", "por", "favor", "pf", "pls", "the", "la", "el", "a",
              "o", "da", "de", "do", "le", "die", "der", "invoice", "factura", "fatura", "nota", "facture",
              "rechnung", "receipt", "recibo", "one", "about", "sobre", "what", "whats", "what's", "is",
              "y la", "e a", "me", "mi", "my", "minha", "mia", "ma", "meine", "number", "numero"}
    return all(w in filler for w in re.findall(r"[a-z0-9']+", rest))


def _reference(rest: str) -> tuple[i.InvoiceRef | None, str]:
    """The invoice the message points at, and the text without it."""
    if m := SEQ_REF.search(rest):
        return i.InvoiceRef.seq(int(m["n"])), _blank(rest, m.start(), m.end())
    if m := LISTED_REF.search(rest):
        position = next(n for n in ORDINALS if m[f"o{n}"])
        # "the first" alone is a position in the last list; "first invoices of march" is not.
        if not INVOICE_PLURAL.search(rest[m.end():m.end() + 15]):
            return i.InvoiceRef.listed(position), _blank(rest, m.start(), m.end())
    if m := LAST_REF.search(rest):
        return i.LAST, _blank(rest, m.start(), m.end())
    if m := IT_REF.search(rest):
        return i.IT, _blank(rest, m.start(), m.end())
    return None, rest


def _vendor(text: str, rest: str, offsets: list[int], ctx: ParseContext) -> tuple[str | None, str]:
    """A vendor named in the message: one of the user's own (loosely), else a capitalised name after
    "at/from/en/em/no..." so that "how much at Lidl?" answers "nothing at Lidl" rather than everything."""
    best: re.Match[str] | None = None
    for vendor in ctx.vendors:
        if not vendor:
            continue
        phrases = [p for p in vendor_phrases(vendor) if not _is_vocabulary(p)]
        m = find_phrase(rest, phrases)
        if m and (best is None or len(m[0]) > len(best[0])):
            best = m
    if best is not None:
        return _original(text, offsets, best.start(), best.end()), _blank(rest, best.start(), best.end())
    if near := find_vendor_typo(rest, ctx.vendors, skip=_is_vocabulary):
        vendor, start, end = near  # "starbuks", "carefour": the user's own name, spelled right
        return vendor, _blank(rest, start, end)
    # Capitalised names only show in the original text: keep the original characters still in ``rest``.
    present = {offsets[k] for k in range(len(rest)) if rest[k] != " "}
    kept = "".join(ch if j in present else " " for j, ch in enumerate(text))
    for m in PREPOSITION_VENDOR.finditer(kept):
        name = m["name"].strip(" .'-")
        if len(name) < 2 or name.isdigit() or name.upper() in iso_currencies() or _is_vocabulary(name):
            continue
        lo, hi = m.start("name"), m.start("name") + len(name)
        folded_span = [k for k in range(len(rest)) if lo <= offsets[k] < hi]
        if folded_span:
            rest = _blank(rest, folded_span[0], folded_span[-1] + 1)
        return name, rest
    return _unknown_name_after_place_word(text, rest, offsets)


# Before a shop's name: "at aldi", "en eroski", "em worten", "chez auchan", "bei rewe". One space only, so a
# name is never taken across words the parser has already read (blanked periods, vendors, categories).
PLACE_WORD = re.compile(r"(?<![a-z0-9])(?:at|from|en|em|no|na|chez|bei|von|beim)\s"
                        r"(?P<name>[a-z][a-z0-9&'\-]*(?:\s[a-z][a-z0-9&'\-]*){0,2})")
# Everyday words that follow "at/en/em" without being a shop: places, payment means, manners.
_NOT_A_SHOP = frozenset("""
    home work office house casa trabajo trabalho oficina maison travail bureau hause arbeit buro
    cash card credit debit efectivo tarjeta dinheiro cartao especes carte bar karte bargeld online internet
    general geral total todo tudo tout alles all once least most average media moyenne summe
    person persona pessoa personne noon night lunch dinner breakfast morning evening midnight
""".split())


def _unknown_name_after_place_word(text: str, rest: str, offsets: list[int]) -> tuple[str | None, str]:
    """A lowercase name the user has no invoices from yet ("how much at aldi?"), read only when no word of
    it is one the parser knows, so the answer is an honest "no invoices from aldi" instead of a total of
    everything."""
    for m in PLACE_WORD.finditer(rest):
        taken: list[re.Match[str]] = []
        for w in re.finditer(r"[a-z][a-z0-9&'\-]*", m["name"]):
            if _ordinary_word(w.group()):
                break
            taken.append(w)
        if not taken:
            continue
        start, end = m.start("name") + taken[0].start(), m.start("name") + taken[-1].end()
        return _original(text, offsets, start, end), _blank(rest, start, end)
    return None, rest


def _ordinary_word(word: str) -> bool:
    return (len(word) < 3 or word in _known_words() or word in _NOT_A_SHOP or word in _CONNECTORS
            or word in month_names() or word in month_abbreviations() or word in weekday_names()
            or word in CURRENCY_WORDS or concept_of(word) is not None or _is_vocabulary(word))


def _original(text: str, offsets: list[int], start: int, end: int) -> str:
    return text[offsets[start]: offsets[end - 1] + 1].strip()


def _category_span(rest: str, ctx: ParseContext) -> tuple[str | None, str, tuple[int, int] | None]:
    """A spending category: one of the user's own, named directly, else a concept word in any language
    ("fuel", "combustível", "Sprit") as the user's category of that concept, or its canonical key when the
    user has none yet (so "how much on fuel?" says "no fuel" rather than answering for everything).
    Also where it was said."""
    for category in ctx.categories:
        if not category or category == OTHER:  # "other"/"others" in a question is not a category
            continue
        m = find_phrase(rest, sorted(category_phrases(category)))
        if m and not _is_vocabulary(m[0]):
            return category, _blank(rest, m.start(), m.end()), m.span()
    best: tuple[re.Match[str], frozenset[str]] | None = None
    for concept in CATEGORY_CONCEPTS:
        m = find_phrase(rest, sorted(concept))
        if m and (best is None or len(m[0]) > len(best[0][0])):
            best = m, concept
    if best is None:
        return None, rest, None
    m, concept = best
    own = [c for c in ctx.categories if c and concept_of(fold(c)) is concept]
    return (own[0] if own else concept_category(concept)), _blank(rest, m.start(), m.end()), m.span()


def _correction(text: str, folded: str, offsets: list[int]) -> i.CorrectField | None:
    """"total of #12 is 45.10", "vendor of the last one is Shell", "o fornecedor da #4 é Galp",
    "change the date of #3 to 5 March": a field, an optional reference, a copula, then the value."""
    for fm in FIELD.finditer(folded):
        before = folded[: fm.start()]
        verb = CORRECT_VERB.search(before)
        if not verb and (QUESTION.search(before) or text.rstrip().endswith("?")):
            continue
        for cm in COPULA.finditer(folded, fm.end()):
            if cm["cop"] not in STRONG_COPULA and not verb:
                continue
            between = folded[fm.end(): cm.start()]
            ref, leftover = _reference(between)
            if ref is None and (bare := BARE_NUMBER_REF.fullmatch(between)):
                # "o valor da 2 é 30": between a field and its value, a lone number names the invoice.
                ref, leftover = i.InvoiceRef.seq(int(bare["n"])), ""
            if ref is None:
                ref, _ = _reference(before[verb.end():] if verb else before)
            if not _only_connectors(leftover):
                continue
            k = cm.end()
            while k < len(folded) and folded[k] == " ":
                k += 1
            if k >= len(folded):
                break
            value = text[offsets[k]:].strip().strip("\"'“”«»").rstrip(" ?!.;")
            if not value:
                break
            return i.CorrectField(ref=ref or i.IT, field=FIELD_WORDS[fm["field"]], value=value[:255])
        if labelled := _labelled_value(text, folded, offsets, fm, verb):
            return labelled
    return None


def _labelled_value(text: str, folded: str, offsets: list[int], fm: re.Match[str],
                    verb: re.Match[str] | None) -> i.CorrectField | None:
    """"fix #4: vendor Shell", "#9: total 12.40", "change #3 date 5 June": a reference, then the field
    and its value with no copula between them. Needs the colon or a correcting verb before the field, and
    nothing but the reference (and connectors) between them."""
    head = folded[verb.end() if verb else 0: fm.start()]
    ref, leftover = _reference(head)
    if ref is None or not (verb or ":" in leftover) or not _only_connectors(leftover.replace(":", " ")):
        return None
    k = fm.end()
    while k < len(folded) and folded[k] in " :=":
        k += 1
    if k >= len(folded) or k == fm.end():
        return None
    value = text[offsets[k]:].strip().strip("\"'“”«»").rstrip(" ?!.;")
    return i.CorrectField(ref=ref, field=FIELD_WORDS[fm["field"]], value=value[:255]) if value else None


BARE_NUMBER_REF = re.compile(r"\s*(?:(?:of|for|on|de|del|da|do|du|von|the|la|el|a|o|le|die|der)\s+)+"
                             r"(?P<n>\d{1,7})\s*")
_CONNECTORS = {"of", "for", "on", "in", "de", "del", "da", "do", "en", "em", "no", "na", "du", "von", "der",
               "des", "the", "la", "el", "a", "o", "le", "al", "ao", "to", "from", "my", "mi", "minha", "meu",
               "ma", "mon", "meiner", "meinem", "su", "sua", "seu", "its", "it's", "it", "there"}


def _only_connectors(text: str) -> bool:
    return all(w in _CONNECTORS for w in re.findall(r"[a-z0-9']+", text))


def _currency(text: str, rest: str) -> str | None:
    codes: list[str] = re.findall(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])", text)
    for code in codes:
        if code in iso_currencies():
            return code
    m = re.search(r"(?:in|en|em|de|da|in)\s+(?P<w>[a-z$€£¥]+(?:\s[a-z]+)?)(?![a-z])", rest)
    if m:
        word: str = m["w"]
        return CURRENCY_WORDS.get(word) or CURRENCY_WORDS.get(word.split(" ")[0])
    return None


_VOCABULARY_PATTERNS = (DELETE, UNDO, EXPORT, KEEP, INVOICE_NOUN, COUNT, AVERAGE, NET, TAX, TOTAL, LIST, HELP,
                        GREETING, THANKS, SHOW, SUPERLATIVE, COMPARE, MORE_LESS)


def _is_vocabulary(phrase: str) -> bool:
    """Whether a candidate vendor/category name is one of the words the parser itself relies on
    (a vendor called "Total" must not turn every "total" into a vendor filter)."""
    folded = fold(phrase)
    if folded in YES or folded in NO:
        return True
    if find_period(folded, dt.date(2000, 1, 1)) is not None:
        return True
    return any(p.fullmatch(folded) for p in _VOCABULARY_PATTERNS) or folded in {
        "my", "me", "i", "the", "a", "o", "la", "el", "de", "in", "on", "at", "and", "y", "e", "what",
        "how", "this", "that", "it", "last", "ultima", "ultimo", "please"}
