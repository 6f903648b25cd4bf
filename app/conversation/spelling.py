"""Repairing how people actually type on a phone before the parser reads a message.

WhatsApp messages are full of chat abbreviations ("q" for "que", "vc", "qto", "hj", "pls"), stretched
letters ("holaaa"), dropped vowels ("spnd", "mnth"), small typos ("recipts", "cuantoo", "semna") and
numbers written as words ("last five", "diez facturas"). :func:`normalize` rewrites such words, in the
folded text, into the words the parser knows, and keeps for every character the index of the original
character it came from (so vendor names and correction values are still cut out of the original).

The rules are general and conservative: a word is only rewritten when it is not a word the parser, the
language detector or the user's own vendors and categories already know; a typo is only corrected towards
a domain keyword, by at most one edit (two for long words), when exactly one keyword is that close; a word
capitalised in mid-sentence is a name and is left alone. Nothing here can widen what a message asks for.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz.distance import OSA

from app.conversation.date_words import month_abbreviations, month_names
from app.conversation.matching import CATEGORY_CONCEPTS
from app.conversation.text import fold, word_set

# Chat abbreviations, folded. Only whole words; each maps to what the parser understands.
ABBREVIATIONS: dict[str, str] = {
    # es / pt
    "q": "que", "k": "que", "oq": "o que", "d": "de", "vc": "voce", "vcs": "voces", "pq": "porque",
    "pk": "porque", "xq": "porque", "porq": "porque", "tb": "tambem", "tbm": "tambem", "tmb": "tambien",
    "hj": "hoje", "qto": "quanto", "qnto": "quanto", "qnt": "quanto", "qt": "quanto", "qta": "quanta",
    "qtas": "quantas", "qntas": "quantas", "qnts": "quantos", "qtos": "quantos", "qntos": "quantos",
    "cto": "cuanto", "cta": "cuanta", "ctos": "cuantos", "ctas": "cuantas", "td": "tudo", "tds": "todos",
    "obg": "obrigado", "obgd": "obrigado", "obgda": "obrigada", "vlw": "valeu", "grax": "gracias",
    "grx": "gracias", "grs": "gracias", "pfv": "por favor", "pf": "por favor", "porfa": "por favor",
    "xfa": "por favor", "nf": "nota fiscal", "nfs": "notas fiscais", "nfe": "nota fiscal", "ult": "ultima",
    "ults": "ultimas", "fact": "factura", "facts": "facturas",
    # en
    "u": "you", "ur": "your", "r": "are", "pls": "please", "plz": "please", "thx": "thanks",
    "tnx": "thanks", "tks": "thanks", "thks": "thanks", "tysm": "thanks", "wat": "what", "wut": "what",
    "wht": "what", "yday": "yesterday", "yest": "yesterday", "tdy": "today", "2day": "today",
    "rcpt": "receipt", "rcpts": "receipts", "inv": "invoice", "invs": "invoices", "avg": "average",
    "amt": "amount", "mo": "month", "yr": "year", "yrs": "years", "wk": "week", "wks": "weeks",
    "hw": "how",
}

# Domain keywords a typo may be corrected towards (folded). Deliberately only words that carry meaning
# for this assistant: correcting towards everyday words would only add risk.
_KEYWORDS = """
    spend spent spending spends much many invoice invoices receipt receipts purchase purchases expense
    expenses average total month months week weeks year years yesterday today last latest previous
    between since delete remove erase export download spreadsheet duplicate restore biggest largest
    highest expensive vendor vendors store stores supplier suppliers merchant merchants show list help
    hello hola thanks please change correct update amount currency quarter taxes paid recent everything account
    where which
    cuanto cuanta cuantos cuantas gaste gastado gastos gastamos facturas factura recibo recibos tickets
    ticket compras compra promedio impuestos impuesto pagado pague semana semanas pasada pasado meses ayer
    ultimos ultimas ultimo ultima muestrame muestra mostrar borra borrar elimina eliminar deshacer exporta
    exportar descargar proveedores proveedor tiendas tienda mayor trimestre ayuda gracias cambia cambiar
    fecha importe datos cuenta duplicada guarda mantener llevo semestre buenos buenas
    quanto quanta quantos quantas gastei gastou faturas fatura notas media imposto impostos paguei
    passada passado ontem hoje mostra mostre apaga apagar exclui excluir desfazer planilha fornecedores
    fornecedor lojas maior ajuda obrigado obrigada muda mudar valor dados conta manter mantem voce
    combien depense depenses factures recus achats moyenne semaine annee derniers dernieres supprime
    supprimer exporter fournisseurs merci bonjour donnees
    wieviel viele ausgegeben rechnungen rechnung belege durchschnitt steuer woche monat gestern heute
    letzten loschen exportieren lieferanten hilfe danke hallo daten
"""

# Everyday words that sit one edit away from a keyword ("sent" ~ "spent", "dates" ~ "datos") and must
# therefore never be "corrected". Short words (under five letters) are never fuzzily corrected at all.
_COMMON = """
    there their these those where were would could should about after again always another because
    before being below every first found great house other right small still thing think three through
    under water which while world years hours dates notes votes means sense stand start state spend
    month mouth party parts order items item cards card money price prices total totals thank
    estos estas todos todas otros otras porque cuando donde mucho mucha muchos muchas tengo tiene
    puedes puede quiero hacer ahora antes luego desde hasta entre sobre tambien cosas gasta gastas
    gastan pagas paga pagan cuesta cuestan costo costos gastar meses mesmo mesma muito muita muitos muitas tenho voces agora antes depois
    gasta gastam paga pagam coisa coisas pode posso fazer queria quero contar contando contado contamos
    votre notre leurs avoir faire depuis entre aussi toutes autres chose
    haben machen warum immer schon nicht welche wieder
"""

_NUMBERS: dict[str, int] = {}
for _n, _ws in {
    2: "two,dois,duas,deux,zwei", 3: "three,tres,trois,drei", 4: "four,cuatro,quatro,quatre,vier",
    5: "five,cinco,cinq,funf,fuenf", 6: "six,seis,sechs", 7: "seven,siete,sete,sieben",
    8: "eight,ocho,oito,huit,acht", 9: "nine,nueve,nove,neuf,neun", 10: "ten,diez,dix,zehn",
    12: "twelve,doce,doze,douze,zwolf", 15: "fifteen,quince,quinze,funfzehn",
    20: "twenty,veinte,vinte,vingt,zwanzig", 30: "thirty,treinta,trinta,trente,dreissig",
}.items():
    for _w in _ws.split(","):
        _NUMBERS[_w] = _n
# Number words that are also other words: "dos" is "of the" in Portuguese ("faturas dos últimos meses"),
# so it counts only after a Spanish word that expects a number; "dez" is also December, so it counts only
# next to something countable or after "last/top".
_NUMBERS_IN_CONTEXT = {"dos": 2, "dez": 10}
_DOS_BEFORE = re.compile(r"(?:las|los|mis|sus|ultimas|ultimos|top|dame|muestrame|muestra|ensename|ver|mostrar)")
_COUNTABLE_NEXT = re.compile(
    r"(?:invoices?|receipts?|bills?|purchases?|facturas?|faturas?|notas?|recibos?|tickets?|compras?|"
    r"factures?|rechnungen|days?|dias?|jours|tage|weeks?|semanas?|semaines|wochen|months?|meses|mois|"
    r"monate|years?|anos|annees|jahre|vendors|stores|proveedores|tiendas|fornecedores|lojas|ultim[oa]s|"
    r"last|latest|derniers|dernieres|letzten)")
_COUNTING_BEFORE = re.compile(r"(?:last|latest|top|ultim[oa]s|derniers|dernieres|letzten|os|as|los|las)")

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Words after which people write a shop's name (folded).
_NAME_BEFORE = word_set("""
    at from chez bei beim von en em no na nos nas
""")
_VOWELS = set("aeiou")


@lru_cache(maxsize=1)
def keywords() -> frozenset[str]:
    concepts = {w for concept in CATEGORY_CONCEPTS for w in concept if " " not in w and len(w) >= 5}
    return frozenset(_KEYWORDS.split()) | frozenset(month_names()) | frozenset(concepts)


@lru_cache(maxsize=1)
def _skeletons() -> dict[str, str | None]:
    """Keyword by its consonants ("spnd" -> "spend"); None where two keywords share a skeleton."""
    table: dict[str, str | None] = {}
    for word in keywords():
        skeleton = "".join(ch for ch in word if ch not in _VOWELS)
        if len(skeleton) >= 2 and skeleton != word:
            table[skeleton] = None if skeleton in table and table[skeleton] != word else word
    return table


@lru_cache(maxsize=1)
def _base_known() -> frozenset[str]:
    return (keywords() | frozenset(_COMMON.split()) | frozenset(month_abbreviations()) | frozenset(_NUMBERS)
            | frozenset(_NUMBERS_IN_CONTEXT))


def literal_words(*patterns: re.Pattern[str]) -> frozenset[str]:
    """The plain words spelled out in regular expressions: vocabulary a message may use as it is."""
    found: set[str] = set()
    for pattern in patterns:
        found.update(w for w in re.findall(r"[a-z]{2,}", pattern.pattern))
    return frozenset(found)


# Swiss German writes the sounds of its dialect, which keep regular correspondences with standard German:
# "Quittig(e)" is "Quittung(en)", "Iichauf" "Einkauf", "letscht" "letzt", "zweiti" "zweite", "druf" "drauf".
_SWISS_SOUNDS = ((r"ige$", "ungen"), (r"ig$", "ung"), (r"^ii", "ein"), (r"(?<=n)ch(?=au)", "k"), (r"tsch", "tz"),
                 (r"(?<=[tz])s$", ""), (r"(?<=t)i$", "e"), (r"(?<=[a-z])e$", "en"), (r"(?<=^dr)u", "au"))
# Swiss German words with no such correspondence, the common ones in a question about money.
_SWISS_WORDS = {"mangisch": "oft", "gsi": "gewesen", "isch": "ist", "asse": "essen", "gah": "gehen",
                "poschte": "einkaufen", "gschaft": "geschaft", "gaschtig": "gunstig", "tuur": "teuer"}


def swiss_standard(word: str, known: frozenset[str] | set[str]) -> str | None:
    """The standard German word a Swiss German spelling stands for, when the rewrite is a word we know."""
    if word in _SWISS_WORDS:
        return _SWISS_WORDS[word]
    if len(word) < 4:  # "its" is no "it"
        return None
    forms = {word}
    for pattern, replacement in _SWISS_SOUNDS:  # each rule on top of the ones before: "iichauf" -> "einkauf"
        forms |= {re.sub(pattern, replacement, form) for form in forms}
    found = sorted(form for form in forms - {word} if form in known or form in _base_known())
    return found[0] if found else None


def correct_word(word: str, known: frozenset[str] | set[str], names: frozenset[str] = frozenset()) -> str | None:
    """The keyword an unknown ``word`` was meant to be, or None when it is known or too uncertain.

    ``names`` are the user's own vendor/category words: a word at least as close to one of them is
    probably that name misspelled ("carefour"), and is left for the vendor matcher."""
    if word in known or word in _base_known() or not word.isalpha():
        return None
    squeezed = re.sub(r"(.)\1{2,}", r"\1", word)  # "holaaa" -> "hola"
    if squeezed != word and (squeezed in known or squeezed in _base_known()):
        return squeezed
    single = re.sub(r"(.)\1+", r"\1", squeezed)  # "cuantoo" -> "cuanto"
    if single != word and single in keywords():
        return single
    if not _VOWELS & set(word):  # "spnd", "mnth": vowels dropped
        return _skeletons().get(word)
    if (standard := swiss_standard(word, known)) is not None:
        return standard
    if len(squeezed) < 5:
        return None
    budget = 1 if len(squeezed) < 8 else 2
    best: list[tuple[int, int, bool, str]] = []  # distance, length difference, is one of the user's names
    for candidate in keywords() | names:
        if abs(len(candidate) - len(squeezed)) > budget:
            continue
        distance = OSA.distance(squeezed, candidate, score_cutoff=budget)
        if distance <= budget:
            is_name = candidate in names and candidate not in keywords()
            best.append((distance, abs(len(candidate) - len(squeezed)), is_name, candidate))
    if not best:
        return None
    best.sort()
    if any(is_name and d == best[0][0] for d, _, is_name, _ in best):
        return None  # as close to one of the user's names: not ours to correct
    if len(best) > 1 and best[0][:2] == best[1][:2]:
        return None  # two keywords equally close: do not guess
    return best[0][3]


def _number(words: list[str], index: int) -> int | None:
    word = words[index]
    if word in _NUMBERS:
        return _NUMBERS[word]
    if word in _NUMBERS_IN_CONTEXT:
        after = words[index + 1] if index + 1 < len(words) else ""
        before = words[index - 1] if index else ""
        if word == "dos":
            counted = bool(_DOS_BEFORE.fullmatch(before)) and bool(after)
        else:
            counted = bool(_COUNTABLE_NEXT.fullmatch(after) or (_COUNTING_BEFORE.fullmatch(before) and after))
        if counted:
            return _NUMBERS_IN_CONTEXT[word]
    return None


def _near_a_name(word: str, names: frozenset[str]) -> bool:
    """"doze" in "pingo doze" is the user's "Pingo Doce" misspelled, not twelve."""
    return any(len(name) == len(word) and OSA.distance(word, name, score_cutoff=1) <= 1 for name in names)


def protected_words(names: Iterable[str]) -> frozenset[str]:
    """Words of the user's own vendor and category names: never rewritten."""
    return frozenset(w for name in names for w in _WORD.findall(fold(name)))


_ARTICLES = frozenset({"el", "la", "los", "las", "o", "a", "os", "as", "le", "les", "the", "der", "die", "das", "dem"})


def normalize(text: str, folded: str, offsets: list[int], known: frozenset[str] = frozenset(),
              names: frozenset[str] = frozenset()) -> tuple[str, list[int]]:
    """Rewrite abbreviations, number words and typos in ``folded`` (from ``text``), keeping offsets."""
    matches = list(_WORD.finditer(folded))
    words = [m.group() for m in matches]
    out: list[str] = []
    out_offsets: list[int] = []
    position = 0
    for index, m in enumerate(matches):
        out.append(folded[position:m.start()])
        out_offsets.extend(offsets[position:m.start()])
        word = m.group()
        original_start = offsets[m.start()]
        # A capitalised word in mid-sentence, or any word right after "at/chez/bei/en…", is a name: "costa"
        # after "at" is a coffee shop, not a misspelt "conta".
        after_place = len(word) >= 3 and index > 0 and (words[index - 1] in _NAME_BEFORE or (
            index > 1 and words[index - 2] in _NAME_BEFORE
            and (words[index - 1] not in known or words[index - 1] in _ARTICLES)))  # "en el santa isabel"
        name_like = index > 0 and (text[original_start].isupper() or after_place)
        glued = m.end() < len(folded) and folded[m.end()] not in " ?!.,;:"  # "r$", "u$", "d-1"
        replacement = None
        # "dos" is also Portuguese for "of the" (so a known word): its own context rule decides.
        if not name_like and not glued and (word not in known or word in _NUMBERS_IN_CONTEXT):
            number = _number(words, index)
            if number is not None and not _near_a_name(word, names):
                replacement = str(number)
            elif word in ABBREVIATIONS:
                replacement = ABBREVIATIONS[word]
            else:
                replacement = correct_word(word, known | names, names)
        elif name_like and not glued and word not in known and word not in names:
            replacement = swiss_standard(word, known)  # German nouns are capitalised: "Quittige", "Iichauf"
        if replacement is None or replacement == word:
            out.append(word)
            out_offsets.extend(offsets[m.start():m.end()])
        else:
            out.append(replacement)
            span = offsets[m.start():m.end()]
            out_offsets.extend(span[min(k, len(span) - 1)] for k in range(len(replacement)))
        position = m.end()
    out.append(folded[position:])
    out_offsets.extend(offsets[position:])
    return "".join(out), out_offsets
