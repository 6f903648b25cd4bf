"""The words the offline parser reads, per language (folded: lowercase, no accents), as patterns.

English, Spanish, Portuguese, French and German side by side, one pattern per meaning, used by
:mod:`app.conversation.parser`: a language is extended without touching how a message is understood.
"""
from __future__ import annotations

import re

# The words of corrections, kept in their own module and read here with the rest of the vocabulary.
from app.conversation.correction_words import COPULA as COPULA
from app.conversation.correction_words import CORRECT_VERB as CORRECT_VERB
from app.conversation.correction_words import FIELD as FIELD
from app.conversation.correction_words import FIELD_WORDS as FIELD_WORDS
from app.conversation.correction_words import STRONG_COPULA as STRONG_COPULA
from app.conversation.period_shifts import SAME_PERIOD as SAME_PERIOD
from app.conversation.text import rx as rx
from app.conversation.text import word_set

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
             "dados", "data", "los", "os", "meus", "mis", "the", "de", "attends", "attendez", "annule", "annuler",
             "abbrechen", "warte", "momento", "moment", "hold", "on", "actually", "en", "fait", "oops", "sorry", "ah"}

DELETE = rx(r"delete\w*", r"remove\w*", r"erase\w*", r"borr\w+", r"elimin\w+", r"quit[ae]\w*",
             r"suprim\w+", r"apag\w+", r"exclu\w+", r"deleta\w*", r"remov\w+", r"supprim\w+", r"effac\w+",
             r"losch\w*", r"entfern\w*", r"get rid of", r"forget", r"olvida\w*", r"esquec\w+", r"wipe\w*",
             r"clear", r"purge", r"destroy", r"limpa\w*", r"limpia\w*", r"vaciar", r"vacia",
             # British "bin it", "chuck that out": only before what is thrown away ("ich bin" is German for "I am").
             r"(?:bin|trash|ditch|scrap|chuck|toss)(?= (?:it|that|this|the|those|these|#|\d))")
MY_DATA = rx(r"(?:my|all my|all of my|mis?|todos mis|todas mis|meus|meu|minhas?|todos os meus|todas as minhas|"
              r"mes|ma|mon|tous mes|toutes mes|meine?|alle meine)\s+"
              r"(?:data|datos|dados|donnees|daten|information|informacion|informacoes|info|account|cuenta|"
              r"conta|compte|konto|history|historial|historico)",
              r"(?:data|datos|dados|donnees|daten)\s+(?:personal(?:es|s)?|pessoais)?",
              r"everything", r"todo", r"tudo", r"tout", r"alles", r"all (?:my )?(?:invoices|receipts)",
              r"todas (?:mis|las) facturas", r"todas as (?:minhas )?faturas", r"forget me", r"olvidame",
              r"esqueca-me", r"my account")
UNDO = rx(r"undo", r"undelete", r"restore", r"bring (?:it )?back", r"put (?:it )?back", r"deshacer",
           r"deshaz\w*", r"deshace", r"restaurar?(?:la|lo)?", r"restore it", r"recuperar?(?:la|lo)?", r"desfaz\w*", r"desfac\w+", r"desfazer",
           r"annule[rz]? la suppression", r"retablir", r"ruckgangig", r"wiederherstell\w*", r"ctrl z",
           # "regrésala", "devuélvela", "traz de volta", "remets-la", "hol sie zurück": give it back.
           r"repoe(?:-a|-o)?", r"repor(?:-a|-o)?", r"regres[ae](?:la|lo)", r"devuelve(?:la|lo)", r"devolve(?:la|lo|-a|-o)", r"vuelve a poner(?:la|lo)?", r"volve(?:la|lo) a poner",
           r"vuelve(?:la|lo) a poner", r"pone(?:la|lo) de nuevo", r"anula(?:r)?(?: (?:isso|isto|eso|esto))?", r"traz(?:er)?(?:-a| ela)? de volta",
           r"volta com ela", r"volta atras", r"volver atras", r"vuelve atras", r"revert\w*", r"remet(?:s|tez)?[- ](?:la|le)", r"restaure[rz]?", r"hol (?:sie|es|die) (?:\w+ )?zuruck",
           r"zuruckholen", r"mach (?:das )?ruckgangig", r"stell\w* (?:\w+ )?wieder her",
           # "déjala como estaba", "deixa como estava", "laisse-la comme avant", "lass es wie es war": as it was.
           r"(?:bitte )?wieder zuruck", r"zuruck damit", r"doch (?:nicht|ned|net)",
           r"(?:deja|dejala|dejalo|deixa|deixe|deixa-a|laisse|laisse-la|lass|lass es|leave it|leave)\s+"
           r"(?:como estaba|como estava|comme (?:avant|c'etait)|wie (?:es )?(?:es )?war|wie vorher|as it was)")
EXPORT = rx(r"export\w*", r"csv", r"spreadsheet", r"excel", r"planilla", r"planilha", r"hoja de calculo",
             r"descarga\w*", r"baixar", r"download\w*", r"tableur", r"tabelle")
KEEP = rx(r"keep\w*", r"not (?:a )?duplicate", r"isn'?t a duplicate", r"count it", r"manten\w*",
           r"mantener\w*", r"conserva\w*", r"guarda\w*", r"manter\w*", r"mantem", r"mantenha", r"mantem-na",
           r"no es (?:un )?duplicad[oa]", r"nao e (?:uma? )?duplicad[oa]", r"garde(?:[rz]|-la|-le)?", r"conserve\w*",
           r"behalt\w*", r"kein duplikat", r"it'?s not (?:a )?duplicate", r"not duplicated?")
# What people call the places they spend at, in "top 5 stores" and "5 biggest shops" alike.
_VENDOR_NOUNS = (r"(?:handler|haendler|vendors?|suppliers?|stores?|shops?|merchants?|sellers?|places?|proveedor(?:es)?|tiendas?|"
                 r"sitios|lugares|locales|endroits|orte|"
                 r"comercios?|negocios?|fornecedor(?:es)?|lojas?|fournisseurs?|magasins?|commerces?|enseignes?|"
                 r"boutiques?|commercants?|lieferanten|laden|geschafte)")
VENDOR_NOUN = rx(_VENDOR_NOUNS)  # "lojas" is every shop, also the first word of "Lojas Renner"
TOP_VENDORS = rx(
    r"top\s+\d{1,2}\s+(?:(?:des|de|of|der)\s+)?(?:(?:my|mis|mes|meus|minhas|meine[nr]?)\s+)?"
    r"(?:depenses|gastos|despesas|expenses|ausgaben|spending)",
    r"(?:top|main|biggest|largest|principal(?:es)?|principais|mayores|maiores|primeros|principaux|"
    r"plus gros|grossten|wichtigsten|most used)\s+(?:\d{1,2}\s+)?(?:(?:des|de|der|die|of|the|los|las|os|as)\s+)?"
    + _VENDOR_NOUNS,
    r"(?:vendors?|suppliers?|stores?|shops?|merchants?|proveedores|tiendas|comercios|fornecedores|lojas|"
    r"fournisseurs|magasins|commerces|commercants|enseignes|boutiques|lieferanten)\s+(?:principales|principais|mas usados|mais usados|"
    r"(?:where|donde|onde|ou)\b.*\b(?:most|mas|mais|plus))",
    r"(?:where|at which|which|what|who|whom)\s+(?:\w+\s+){0,3}(?:vendors?|stores?|shops?|suppliers?|merchants?)?"
    r"\s*(?:do|did|have)\s+i\s+(?:\w+\s+){0,2}spen[dt]\s+(?:\w+\s+){0,3}most",
    r"(?:donde|en que (?:tienda|comercio|proveedor)|a que proveedor|con que proveedor)\s+(?:\w+\s+){0,3}"
    r"(?:gasto|gaste|he gastado|compro|compre)\s+(?:\w+\s+){0,3}mas",
    # "top 3 donde más gasté", "onde mais gastei", "wo ich am meisten ausgegeben hab": "most" before the verb.
    r"(?:donde|onde|ou|wo)\s+(?:\w+\s+){0,2}(?:mas|mais|plus|am meisten|meisten)\s+(?:\w+\s+){0,2}"
    r"(?:gasto|gaste|gastei|gasto|compro|compre|comprei|depense|ausgegeben|ausgebe|gekauft)",
    r"(?:onde|em que loja|em qual loja|com que fornecedor|qual fornecedor)\s+(?:\w+\s+){0,3}"
    r"(?:gasto|gastei|compro|comprei)\s+(?:\w+\s+){0,3}mais",
    r"ou (?:est-ce que )?(?:je )?(?:depense|ai depense|j'ai depense)\s+(?:\w+\s+){0,3}plus",
    r"wo (?:habe|gebe) ich (?:\w+\s+){0,3}(?:meisten|am meisten)",
    r"(?:which|what|que|qual|quais|cual|cuales|quel|quels|quelles?|welcher?|welche)\s+(?:vendors?|stores?|shops?|suppliers?|proveedor(?:es)?|"
    r"tiendas?|fornecedor(?:es)?|lojas?|fournisseurs?|lieferant(?:en)?)\s+(?:\w+\s+){0,4}"
    r"(?:most|mas|mais|plus|meisten)",
    r"ranking", r"top\s+\d{0,2}\s*(?:de\s+)?(?:vendors|proveedores|fornecedores)",
    r"en que (?:gaste|gasto|he gastado)\s+(?:\w+\s+){0,2}mas", r"em que (?:gastei|gasto)\s+(?:\w+\s+){0,2}mais",
    r"(?:by|per|par|por|pro|je|nach)\s+" + _VENDOR_NOUNS,  # "mes 4 plus grosses dépenses par commerce"
    r"top\s+\d{1,2}\s+(?:where|places|spots)",  # "top 3 where i spent most"
    r"^\s*top\s*\d{1,2}\s*(?:(?:de|del|of|do|da|du|von|in|en|em|im|for)\s*)?[?!.]*\s*$",  # "top 3 de 2025", its period read

    # "los 3 que más gasté", "as 3 onde mais gastei", "les 3 où j'ai le plus dépensé", "die 3, wo ich am meisten…"
    r"(?:los|las|os|as|les|die)\s+\d{1,2},?\s+(?:(?:sitios|lugares|sites|orte)\s+|" + _VENDOR_NOUNS + r"\s+)?"
    r"(?:que|donde|en que|onde|em que|ou|wo|bei denen)\s+(?:[\w']+\s+){0,4}"
    r"(?:mas|mais|plus|meisten)",
)
SUPERLATIVE = rx(r"biggest", r"largest", r"highest", r"most expensive", r"priciest", r"costliest",
                  r"max(?:imum)?", r"mayor", r"mas (?:grande|cara|caro|alta|alto|costosa|costoso|gorda|gordo|bestia)",
                  r"maior", r"mais (?:cara|caro|alta|alto|grande|gorda|gordo|salgada|salgado)",
                  r"plus (?:grosses?|gros|cheres?|cher|elevees?|salees?|sale)", r"grosste\w*", r"teuerste\w*", r"hochste\w*", r"fetteste\w*")
# "the most I spent in one go", "lo máximo que gasté (de una vez)": the biggest invoice, though "spent" is said.
ONE_GO = rx(r"(?:most|maxim[oa]|maximal|mas|mais|plus|meisten)\s+(?:[\w']+\s+){0,4}(?:in one go|at once|"
                  r"in one (?:purchase|shot|transaction)|de una (?:sola )?vez|de uma (?:so )?vez|"
                  r"en une (?:seule )?fois|d'un coup|auf einmal|mit einem mal)",
                  r"(?:lo|o) maxim[oa] que (?:\w+\s+){0,2}gast\w+",
                  r"(?:the\s+)?most\s+(?:i|we)(?:'ve|\s+have)?\s+(?:ever\s+)?paid")  # one payment: "the most I ever paid at X"
INVOICE_NOUN = rx(r"invoices?", r"receipts?", r"bills?", r"purchases?", r"expenses?", r"facturas?",
                   r"(?<=biggest )spend", r"(?<=largest )spend", r"(?<=highest )spend", r"(?<=single )spend",
                   r"compras?", r"gastos?", r"recibos?", r"tickets?", r"faturas?", r"notas?(?: fiscais| fiscal)?",
                   r"despesas?", r"cupons?", r"factures?", r"achats?", r"depenses?", r"rechnung(?:en)?",
                   r"ausgaben?", r"einkaufe?", r"belege?", r"quittung(?:en)?", r"boletas?", r"taloes", r"talao",
                   r"kassenbons?", r"kassenzettel", r"bons", r"quittances?")
DOCUMENT_NOUN = rx(r"invoices?", r"receipts?", r"bills?", r"facturas?", r"faturas?", r"notas?", r"recibos?",
                    r"boletas?", r"taloes", r"talao", r"cupons?",
                    r"tickets?", r"factures?", r"rechnung(?:en)?", r"belege?", r"quittung(?:en)?", r"contas?",
                    r"orders?", r"purchases?", r"pedidos?", r"compras?", r"commandes?", r"achats?",
                    r"bestellung(?:en)?", r"einkaufe?", r"kassenbons?", r"kassenzettel", r"bons", r"quittances?")
INVOICE_PLURAL = rx(r"invoices", r"receipts", r"bills", r"purchases", r"facturas", r"compras", r"recibos", r"boletas",
                     r"taloes", r"cupons",
                     r"tickets", r"faturas", r"notas", r"despesas", r"factures", r"achats", r"rechnungen",
                     r"belege", r"quittungen", r"expenses", r"kassenbons", r"bons", r"quittances")
# "how many quid", "cuántas lucas", "quantos pila": an amount of money, not a number of invoices.
_MONEY_NOUNS = (r"(?:quid|bucks|dollars|pounds|euros|lucas|luquitas|pila|pilas|plata|pasta|guita|lana|reais|"
                r"pesos|rupees|rupias|francs|franken|mangos|pavos|kohle|balles|thunes)")
COUNT = rx(r"how many(?! " + _MONEY_NOUNS + r")", r"number of", r"count", r"how often", r"combien de fois", r"wie oft", r"quantas vezes",
           r"cuantas veces", r"(?:cuantas|cuantos|quantas|quantos)(?! " + _MONEY_NOUNS + r")",
            r"combien de (?:factures|recus|tickets|achats|pleins|courses|commandes|trajets|visites|passages)", r"nombre de (?:factures|recus)", r"wie ?viele",
            r"anzahl", r"numero de (?:facturas|faturas|recibos|notas|compras)")
AVERAGE = rx(r"average", r"avg", r"(?<!i )(?<!you )(?<!u )mean(?! by)", r"on average", r"promedio", r"media", r"medio",
             r"en promedio", r"moyenne", r"en moyenne", r"panier moyen", r"durchschnitt\w*", r"typical",
             r"(?:im )?schnitt")  # "mean", but not "i mean" nor "what do you mean by"
TAX = rx(r"tax(?:es)?", r"vat", r"gst", r"iva", r"impuestos?", r"impostos?", r"tributos?", r"icms",
          r"tva", r"taxes?", r"mwst", r"ust", r"mehrwertsteuer", r"steuern?", r"igic",
          # the sales taxes of more countries: Peru, Dominican Republic, Indonesia, Malaysia, Canada, Honduras
          r"igv", r"itbis", r"ppn", r"sst", r"hst", r"pst", r"qst", r"tps", r"tvq", r"isv", r"itbms")
# The amount before tax. Read before TAX: "total sin IVA" asks for the net, not for the IVA.
_TAX_WORDS = r"(?:tax(?:es)?|vat|gst|iva|impuestos?|impostos?|tva|taxes?|mwst|ust|steuern?|igic)"
NET = rx(r"net", r"nett?o", r"net[oa]s", r"liquid[oa]", r"nettobetrag", r"nettosumme", r"pre-?tax",
          r"(?:sin|sem|without|excl\.?|excluding|exclusive of|ex|before|antes de|hors|sans|ohne|exkl\.?|zonder)\s+"
          r"(?:the\s+|la\s+|el\s+|los\s+|o\s+|a\s+|os\s+|la\s+|die\s+)?" + _TAX_WORDS,
          r"hors taxes?", r"ht", r"h\.t\.?", r"base imponible", r"base tributavel", r"subtotal")
# "at Netto", "bei Netto", "chez Net": after "at" the word names a shop (Netto is a German chain), not the
# net amount; unless it is one of the user's vendors it is said back like any other unread name.
AT_NET = re.compile(r"(?<![a-z])(?:at|bei|beim|chez)\s+(?P<name>net|netto|neto|nett)(?![a-z])")
# Two periods side by side. "than"-words also compare one named period with the current one.
COMPARE = rx(r"vs\.?", r"v", r"versus", r"compare[sd]?", r"comparing", r"comparison", r"compara", r"comparar",
              r"comparame", r"compareme", r"comparado", r"comparada", r"comparacion", r"comparacao", r"comparer",
              r"comparez", r"compare-moi", r"comparaison", r"vergleich", r"vergleiche", r"vergleichen",
              r"against", r"frente a", r"contra", r"gegen", r"gegenuber", r"par rapport (?:a|au|aux)")
THAN = rx(r"(?:more|less|fewer)\s+(?:\w+\s+){0,3}than", r"(?:mas|menos)\s+(?:\w+\s+){0,3}(?:que|de lo que)",
           r"(?:mais|menos)\s+(?:\w+\s+){0,3}(?:do que|que)", r"(?:plus|moins)\s+(?:\w+\s+){0,3}que",
           r"(?:mehr|weniger)\s+(?:\w+\s+){0,3}als")
MORE_LESS = rx(r"more", r"less", r"fewer", r"mas", r"menos", r"mais", r"plus", r"moins", r"mehr", r"weniger",
               r"teurer", r"billiger", r"gunstiger", r"pricier", r"cheaper", r"dearer", r"higher", r"lower", r"mas caro",
               r"mais caro", r"plus cher")
MORE_OR_LESS = rx(r"more or less", r"mas o menos", r"mais ou menos", r"plus ou moins", r"mehr oder weniger")
HOW_MUCH = rx(r"how much", r"how many", r"cuanto", r"cuanta", r"cuantos", r"cuantas", r"quanto", r"quanta",
               r"quantos", r"quantas", r"combien", r"wie ?viel\w*", r"kitna", r"kitne")
TOTAL = rx(r"how much", r"spent", r"spend\w*", r"expenses?", r"total", r"sum", r"paid", r"pay",
            r"cost", r"cuanto", r"cuanta", r"gaste", r"gastado", r"gastamos", r"gastos?", r"pague",
            r"pagado", r"quanto", r"quanta", r"gastei", r"gastou", r"gastamos", r"despesas?", r"paguei",
            r"pago", r"combien", r"depense\w*", r"paye", r"wie ?viel", r"ausgegeben", r"ausgaben",
            r"summe", r"bezahlt", r"kosten", r"(?:ge)?kostet\w*", r"coute\w*", r"costo", r"costaron", r"cuesta\w*",
            r"custou", r"custaram", r"suman?", r"somam?", r"add(?:s|ed)? up")
LIST = rx(r"list\w*", r"show", r"see", r"view", r"display", r"give me", r"send me", r"which", r"what",
           r"muestra\w*", r"mostrar\w*", r"ver", r"ensena\w*", r"dame", r"pasame", r"mandame", r"cuales", r"lista\w*", r"mostra\w*",
           r"mostre", r"veja", r"quais", r"me (?:mostra|manda|envia)", r"affiche\w*", r"montre\w*", r"voir",
           r"liste\w*", r"zeig\w*", r"anzeigen", r"welche")
SHOW = rx(r"show", r"see", r"view", r"display", r"open", r"details?", r"what'?s in", r"muestra\w*",
           r"mostrar\w*", r"ver", r"ensena\w*", r"detalles?", r"abre", r"abrir", r"mostra\w*", r"mostre",
           r"veja", r"detalhes?", r"affiche\w*", r"montre\w*", r"voir", r"detail", r"zeig\w*", r"anzeigen",
           r"oeffne", r"offne")
HELP = rx(r"help", r"ayuda", r"ajuda", r"aide", r"hilfe", r"menu", r"commands?", r"comandos?",
           r"what can (?:you|i) (?:do|ask)", r"what do you do", r"how (?:does (?:this|it) work|do i use)",
           r"que (?:puedes|sabes|se puede) hacer", r"que haces", r"como funciona", r"o que (?:voce|tu) "
           r"(?:faz|pode fazer|sabe fazer)", r"o que posso (?:perguntar|fazer)", r"que (?:peux|sais)-tu faire",
           r"que puis-je", r"was kannst du", r"wie funktioniert", r"instructions?", r"instrucciones",
           r"instrucoes", r"opciones", r"opcoes", r"options")
HELP_QUESTION = rx(r"what can (?:you|i) (?:do|ask)",
                    r"(?:what|which|que|qual|quais|cuales|quel|quelles?|was|welche)\b.{0,40}\b"
                    r"(?:can i|could i|puedo|posso|peux-je|puis-je|kann ich) (?:ask|say|do|type|preguntar|decir|"
                    r"hacer|perguntar|dizer|fazer|demander|dire|fragen|sagen)", r"what do you do", r"how (?:does (?:this|it) work|do i use)",
                    r"que (?:puedes|sabes|se puede) hacer", r"como funciona", r"o que (?:voce|tu) "
                    r"(?:faz|pode fazer|sabe fazer)", r"que (?:peux|sais)-tu faire", r"was kannst du",
                    r"wie funktioniert")
# Drawn out as people type them ("hiii", "heyyy", "oii", "holaa").
GREETING = rx(r"hi+", r"hel+o+", r"hey+", r"hiya", r"good (?:morning|afternoon|evening)", r"hola+",
               r"buen(?:os|as) (?:dias|tardes|noches)", r"buenas", r"ola", r"oi+e?", r"bom dia", r"boa tarde",
               r"boa noite", r"bonjour", r"bonsoir", r"salut", r"hallo", r"guten (?:tag|morgen|abend)",
               r"servus", r"moin", r"gruezi", r"gruessech", r"gruss gott", r"salam", r"salaam", r"salamalekum",
               r"namaste", r"ciao", r"shalom", r"morning", r"evening")
THANKS = rx(r"thanks?", r"thank you", r"thx", r"ty", r"gracias", r"muchas gracias", r"obrigad[oa]",
             r"valeu", r"merci", r"danke", r"cheers", r"great", r"perfect", r"perfecto", r"perfeito", r"genial")

# --- invoice references ------------------------------------------------------------------------------

SEQ_REF = re.compile(
    r"(?:#|(?<![a-z0-9])(?:invoice|receipt|bill|factura|fatura|recibo|nota|ticket|facture|rechnung|beleg|"
    r"no\.|n\.o|num\.?|numero|number|nr\.?)\s*(?:#|no\.?\s|n\.o\s|n\s|numero\s|number\s|nr\.?\s)?\s*)"
    r"(?P<n>\d{1,7})(?![\d/]|[.,]\d)"
)
LAST_REF = re.compile(
    r"(?<![a-z0-9])(?:(?:the\s+)?(?:last|latest|most recent|newest)(?:\s+(?:one|invoice|receipt|bill|purchase))?"
    r"|(?:la|el|lo)\s+(?:ultim[oa]|mas reciente)(?:\s+(?:factura|recibo|compra|ticket))?"
    r"|(?:a|o|da|do|na|no)\s+(?:ultim[oa]|mais recente)(?:\s+(?:fatura|nota|recibo|compra|talao|cupom))?"
    r"|ultim[oa]\s+(?:factura|fatura|recibo|nota|compra|ticket|boleta|talao|cupom)"
    r"|(?:la|le)\s+dernier(?:e)?(?:\s+facture)?|derniere facture"
    r"|(?:die|der|das|dem|den)\s+letzte[nmrs]?(?:\s+(?:rechnung|quittung|beleg|kassenbon|einkauf))?"
    r"|letzte[nmrs]? (?:rechnung|quittung|beleg|kassenbon)|zuletzt)(?![a-z0-9])(?!\s+\d)(?!\s+(?:invoices|receipts|facturas|faturas|notas|recibos|"
    r"factures|rechnungen|compras|\d))"
)
# "Könnten Sie mir sagen", "können Sie": the polite "you", not "sie" (it) of an invoice.
POLITE_SIE = rx(r"(?:konnten|konnen|wurden|wuerden|mochten|durfen|haben|sind|wissen) sie", r"sie mir")
IT_REF = rx(r"it", r"that(?: one)?", r"this(?: one)?", r"that invoice", r"this invoice", r"that receipt",
             r"esa(?: factura)?", r"esta(?: factura)?", r"eso", r"esto", r"essa(?: fatura| nota)?",
             r"esta(?: fatura| nota)?", r"isso", r"isto", r"ela", r"nela", r"nele", r"en ella", r"dans celle-ci", r"celle-ci", r"celle-la", r"cette facture",
             r"ca", r"diese(?: rechnung)?", r"sie", r"\w{3,}(?:a|e|i)(?:la|lo)", r"[a-z]{4,}-(?:la|lo|le|a|o)(?![a-z-])",
             r"(?:ese|este|aquel) (?:ticket|recibo|comprobante)", r"(?:esse|este|aquele) (?:recibo|cupom|ticket)",
             r"(?:ce|cet) (?:ticket|recu)", r"cette (?:note|quittance)", r"(?:diesen|den) (?:beleg|bon|kassenzettel)",
             r"diese quittung", r"that (?:ticket|bill)",
             # "zeig mir die Rechnung", "mostrame la factura": the one invoice just spoken of, ending the message
             r"(?:the|la|el|a|o|le|die|den) (?:invoice|receipt|bill|factura|ticket|fatura|nota|recibo|facture|"
             r"rechnung|beleg|bon)(?=[\s?!.]*$)")
QUESTION = rx(r"what", r"what's", r"how", r"which", r"when", r"que", r"cual", r"cuanto", r"como",
               r"qual", r"quanto", r"quel", r"quelle", r"combien", r"was", r"wie", r"welche")

# "my timezone is Perth", "set timezone UTC-3", "mi zona horaria es Lima", "meu fuso horário é Manaus",
# "mon fuseau horaire : Montréal", "meine Zeitzone ist Dubai", "timezone Lisbon".
TIMEZONE_COMMAND = re.compile(
    r"(?<![a-z])(?:(?:time ?zone|tz|zona horaria|huso horario|fuso(?: horario)?|fuseau(?: horaire)?|zeitzone)"
    r"(?:\s+(?:is|es|e|est|ist|=|:|to|a|en|em|auf|sur))?"
    # "I live in Köln": where the user lives names the zone too, in every reply language.
    r"|(?:i|we) (?:live|am living|are living|moved) (?:in|to)|i'm living in|(?:yo )?vivo en|resido en|"
    r"(?:eu )?(?:moro|vivo|resido) (?:em|no|na)|j'habite (?:a|au|en)|je vis (?:a|au|en)|j'habite|"
    r"(?:ich|wir) (?:wohne|wohnen|lebe|leben) in)"
    r"\s*[:=]?\s+(?P<value>[a-z0-9+\-][^?]*)$")

# --- modifiers ----------------------------------------------------------------------------------------

LIMIT = re.compile(
    r"(?<![a-z0-9#])(?:(?:last|latest|recent|most recent|top|ultim[oa]s|derniers|dernieres|letzten|letzte|letscht[ei]?|show|"
    r"list|mostrar|muestra|mostra|ver|see|zeig\w*|affiche\w*)\s+(?P<a>\d{1,3})"
    r"|(?P<b>\d{1,3})\s+(?:ultim[oa]s|derniers|dernieres|letzten|last|latest|recent|most recent|"
    r"invoices|receipts|bills|facturas|faturas|recibos|notas|compras|factures|rechnungen|quittungen|belege))(?![\d.,])"
)
TOP_LIMIT = re.compile(r"(?<![a-z0-9#])(?:top|main|biggest|largest|principales|principais|mayores|maiores|"
                       r"primeros|principaux|grossten|die|los|las|os|as|les|my|mis|mes|meus|minhas|meine)\s+(?P<a>\d{1,2})(?![\d.,])"
                       rf"|(?<![a-z0-9#./,])(?P<b>\d{{1,2}})\s+(?:\w+\s+){{0,2}}{_VENDOR_NOUNS}(?![a-z])")
PREPOSITION_VENDOR = re.compile(
    r"(?:^|\s)(?i:at|from|in|on|en|em|no|na|nos|nas|de|del|da|do|chez|aux|au|bei|von|to|a|para|con|com|with)"
    r"\s+(?P<name>[A-Z0-9][\w&'.\-]*(?:\s+(?:[A-Z0-9&][\w&'.\-]*|de|do|da|la|el|&))*)"
)

# Before a shop's name: "at aldi", "en eroski", "em worten", "chez auchan", "bei rewe". One space only, so a
# name is never taken across words the parser has already read (blanked periods, vendors, categories).
PLACE_WORD = re.compile(r"(?<![a-z0-9])(?:at|from|en|em|no|na|chez|bei|von|beim|bim|bi)\s"
                        r"(?:(?:el|la|los|las|le|les|l'|der|die|das|dem|den)\s)?(?P<name>[a-z][a-z0-9&'\-]*(?:\s[a-z][a-z0-9&'\-]*){0,2})")
# Everyday words that follow "at/en/em" without being a shop: places, payment means, manners.
NOT_A_SHOP = word_set("""
    moment momento momentito both beide beiden ambos ambas
    home work office house casa trabajo trabalho oficina maison travail bureau hause arbeit buro
    cash card credit debit efectivo tarjeta dinheiro cartao especes carte bar karte bargeld online
    internet general geral total todo tudo tout alles all once least most average media moyenne
    summe person persona pessoa personne noon night lunch dinner breakfast morning evening midnight
    conversion conversions conversao conversiones umrechnung
""")

BARE_NUMBER_REF = re.compile(r"\s*(?:(?:of|for|on|de|del|da|do|du|von|the|la|el|a|o|le|die|der)\s+)+"
                             r"(?P<n>\d{1,7})\s*")
CONNECTORS = {"of", "for", "on", "in", "de", "del", "da", "do", "en", "em", "no", "na", "du", "von", "der",
               "des", "the", "la", "el", "a", "o", "le", "al", "ao", "to", "from", "my", "mi", "minha", "meu",
               "ma", "mon", "meiner", "meinem", "su", "sua", "seu", "its", "it's", "it", "there"}

VOCABULARY_PATTERNS = (DELETE, UNDO, EXPORT, KEEP, INVOICE_NOUN, COUNT, AVERAGE, NET, TAX, TOTAL, LIST, HELP,
                        GREETING, THANKS, SHOW, SUPERLATIVE, ONE_GO, COMPARE, MORE_LESS, VENDOR_NOUN)

# --- periods relative to the previous question, and several periods ------------------------------------

# "difference between January and February", "diferencia entre…", "Unterschied zwischen…".
DIFFERENCE = rx(r"differences?", r"diffs?", r"diferencias?", r"diferencas?", r"unterschied\w*", r"differenz\w*", r"ecarts?",
                r"how much more",
                r"um wie ?viel (?:mehr|teurer|billiger|weniger|gunstiger)", r"um wie ?viel", r"teurer als", r"billiger als",
                r"how much less", r"cuanto mas", r"quanto mais", r"combien de plus", r"by how much",
                # "which month was higher", "qual mês foi maior": the two just asked about, side by side
                r"which (?:month|one|year) (?:was |is )?(?:higher|lower|more|less|bigger|smaller|dearer|cheaper)",
                r"(?:cual|que) mes (?:fue )?(?:mayor|menor|mas caro)", r"qual (?:mes|deles) (?:foi )?(?:maior|menor|mais caro)",
                r"quel mois (?:a ete |etait )?(?:le )?plus (?:cher|eleve)", r"welcher monat (?:war )?(?:teurer|hoher|billiger)")
# "how many times did I go there", "cuántas veces fui allí", "combien de fois j'y suis allé là-bas", "wie oft war
# ich dort": the shop of the previous question.
# "and that in dollars?": the figure just given, in another currency.
THAT_IN = re.compile(r"^\s*(?:and|y|e|et|und) (?:that|eso|esto|isso|isto|ca|cela|das)(?![a-z])")
# "et en euros ça fait combien", "und in Franken, das macht?": what the figure just given comes to.
COMES_TO = rx(r"ca fait", r"cela fait", r"ca donne", r"eso da", r"isso da", r"das macht", r"that makes", r"that comes to",
              r"cuanto es", r"cuanto seria", r"cuanto sale", r"quanto e", r"quanto fica", r"quanto da",
              r"how much is (?:that|it)", r"what's that", r"whats that", r"wie ?viel (?:ist|is|macht|ware|waren) (?:das|des)",
              r"how much would (?:that|it) be", r"what would (?:that|it) be", r"quanto seria", r"combien (?:ca|cela) ferait",
              r"ca ferait")
THAT_WORD = rx(r"that", r"das", r"dies", r"eso", r"esto", r"isso", r"isto", r"ca", r"cela")
THERE = rx(r"there", r"alli", r"alla", r"ahi", r"ali", r"la-bas", r"la bas", r"(?:war|waren) (?:ich|wir) da", r"dort", r"dorthin", r"j'y", r"(?:from|at|with) them",
           r"(?:fui|vou|foi|fomos|estive|esteve|vamos) la", r"(?<=[a-z] )la(?=\s*[?!.]*$)",  # "lá" folds to "la": after a verb or last
           # "per visit", "par repas", "por pedido": each of the visits just asked about, there
           r"(?:per|par|por|pro|je) (?:visit|visita|visite|besuch|meal|repas|comida|refeicao|mahlzeit|order|pedido|"
           r"commande|bestellung|conta|trip|viagem|viaje)")
# "how much of that", "cuánto de eso", "quanto disso", "combien de ça", "wie viel davon": the figure just given.
OF_THAT = rx(r"of (?:all )?(?:that|this|those|it)", r"de (?:todo )?(?:eso|esto|ello|ese total)", r"disso|de tudo isso|desse total|daquilo",
             r"de (?:tout )?(?:ca|cela)", r"davon|von allem|dabei|dont")
# "alles zusammen", "all together", "en tout": everything in the scope asked, not the two previous questions.
# "since the beginning", "depuis le début", "desde sempre": every period, whatever the question before said.
ALL_TIME = rx(r"since the (?:beginning|start)", r"(?:of )?all time", r"ever since", r"desde (?:el )?(?:principio|inicio|comienzo)",
              r"desde siempre", r"desde sempre", r"desde o (?:inicio|comeco|principio)", r"depuis (?:le debut|toujours|le depart)",
              r"seit (?:anfang|beginn|jeher|immer)", r"von anfang an", r"uberhaupt", r"ever", r"jemals",
              r"de todos (?:los|os) tiempos", r"de todos os tempos", r"de tous les temps", r"aller zeiten")
ALTOGETHER = rx(r"(?:all|alles|todo|tudo|tout) (?:together|zusammen|junto|juntos|ensemble)", r"altogether",
                r"in total", r"everything", r"all of it", r"en total", r"no total", r"en tout", r"insgesamt", r"overall", r"en general", r"em geral",
                r"ao todo", r"tudo convertido")
# What joins two periods in "May and June", "mayo y junio", "avril et mai", "Mai und Juni".
PERIOD_JOIN = re.compile(r"^\s*(?:,|&|\+|and|n|y|e|et|und|plus|or|o|ou|oder|zu|to|vs\.?|versus|a|al|ao|contra|gegen)\s*(?:(?:in|en|em|no|na|im|au|el|le|"
                         r"the|de|del|do|da)\s+)?$")
# "on the 3rd", "el día 5", "el 11", "no dia 9", "le 8", "am 9.": a day of the current month.
DAY_OF_MONTH = re.compile(r"(?<![a-z0-9#])(?:on\s+the|on|el\s+dia|el|dia|no\s+dia|do\s+dia|le|am|on\s+day)\s+"
                          r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|o|er|eme|\.)?(?!\s*[./\-]?\d)(?![a-z0-9%])"
                          r"(?!\s+(?:one|invoice|receipt|bill)s?(?![a-z]))")  # "the 3rd one" is in a list

# --- operations ------------------------------------------------------------------------------------------

SMALLEST = rx(r"smallest", r"cheapest", r"lowest", r"least expensive", r"min(?:imum)?", r"mas barat[oa]",
              r"mas pequen[oa]", r"mas chic[oa]", r"menor(?:es)?", r"menos car[oa]", r"mais barat[oa]",
              r"mais pequen[oa]", r"plus petite?s?", r"moins chere?s?", r"plus basse?", r"kleinste\w*",
              r"gunstigste\w*", r"billigste\w*", r"niedrigste\w*", r"minim[ao]", r"minimale?",
              r"mais baix[oa]", r"mas baj[oa]", r"plus faible")
# What was on an invoice: its lines ("what was on it", "¿qué productos tenía?", "welche Artikel waren drauf?").
ITEMS = rx(r"items?", r"articles?", r"articulos?", r"productos?", r"produtos?", r"itens", r"artigos?",
           r"positionen", r"artikel", r"lines", r"what was on", r"what(?:'s|s| is) on (?:the|it|that)", r"what(?:'s| is| was) in", r"que (?:tenia|habia|llevaba|traia)",
           r"(?:o )?que (?:tinha|havia)", r"tinha nela", r"qu'est-ce qu'il y avait", r"qu'y avait-il", r"il y avait",
           r"was war (?:da )?(?:drauf|drin)", r"dessus", r"dedans", r"drauf", r"drin", r"what did i (?:buy|get)",
           r"que compre", r"(?:o )?que comprei", r"qu'est-ce que j'ai achete", r"j'ai achete", r"gekauft",
           r"bought", r"compre", r"comprei", r"achete",
           # "what all did i order", "qu'est-ce que j'ai pris", "was habe ich bestellt": also the items.
           r"what (?:all )?did i (?:buy|get|order|have)", r"ordered", r"que pedi", r"(?:o )?que pedi",
           r"j'ai (?:pris|commande)", r"j'?\s?avais (?:pris|achete|commande)", r"bestellt",
           # "what did I eat there", "o que é que comi lá", "qu'est-ce que j'ai mangé": what was on the bill.
           r"what did i (?:eat|drink)", r"(?:wot|wat) was (?:on|in)", r"was (?:war|stand) (?:auf|in)",
           r"c'etait quoi", r"q (?:tenia|habia|llevaba|traia)", r"comi", r"comemos", r"bebi", r"comimos", r"j'ai (?:mange|bu)",
           r"on a mange", r"gegessen", r"getrunken")
# "wie oft war ich im Hirschen essen": next to a restaurant's name, eating is how the money was spent.
EATING = frozenset({"essen", "gegessen", "comer", "comi", "comido", "manger", "mange", "eat", "ate", "eaten",
                    "almorzar", "almocar", "cenar", "jantar", "diner", "dejeuner", "lunch", "dinner"})


# "last time", "la última vez", "da última vez", "la dernière fois", "zuletzt": the latest such invoice.
LAST_TIME = rx(r"(?:the\s+)?last\s+time", r"la\s+ultima\s+vez", r"(?:a|da|na)\s+ultima\s+vez",
               r"la\s+derniere\s+fois", r"zuletzt", r"(?:das\s+)?letzte\s+mal", r"most recently")
# A message that only changes one slot of the previous question: "and BP?", "what about Shell?",
# "y en Lidl?", "e em abril?", "et chez Total ?", "und bei Aral?".
# ("pis" is Québec's "puis".)
FOLLOW_UP = re.compile(r"^\s*(?:and|what about|how about|and what about|what of|y|e|et|und|also|again|ok and|"
                       r"vs\.?|versus|compared to|compared with|frente a|comparado con|comparado com|par rapport a|"
                       r"im vergleich zu|verglichen mit|"
                       r"then|and then|y luego|e depois|e entao|et puis|puis|pis|et pis|und dann|dann|"
                       r"(?:the )?same (?:thing )?for|lo mismo (?:para|en)|igual (?:para|en)|o mesmo (?:para|em)|"
                       r"pareil (?:pour|en)|la meme chose (?:pour|en)|(?:das )?gleiche (?:fur|im)|dasselbe (?:fur|im)|"
                       r"y que tal|y cuanto|e quanto|et pour|et combien|und was ist mit|und wie viel|und wieviel)"
                       r"(?![a-z])")

# Where a question names what the money went on: "on gym", "für Versicherungen", "pour les assurances".
# A word there that nothing resolves (no vendor, category, currency or period) is unresolved: the reply
# says so instead of answering for everything.
SLOT_WORD = re.compile(
    r"(?<![a-z0-9])(?:on|for|at|from|en|em|no|na|nos|nas|para|pour|fur|bei|beim|chez|auf|con|com|sur|aux|au|"
    r"with|mit|del|dos|das) (?:(?:the|my|our|la|el|los|las|les|le|l'|der|die|das|den|dem|meine|meinen|mes|mis|"
    r"meus|minhas|mi|mon|ma|o|a|os|as|some|algo|des|du|de) )*(?P<word>[a-z][a-z'\-]{2,})")
# (Single spaces only: a run of spaces is a slot already read and blanked, not a word after the preposition.)
