"""Reading an expense the user typed: "taxi 12€", "almoço 35,90 ontem", "paid 120 to Juan for cleaning",
"gestern 8,40 € Bäcker", "j'ai payé 30 € au plombier".

Read before the questions, and only when the message says an amount of money and what it was for, and asks
nothing: a question mark, a question word ("how much", "cuánto", "combien"...), an invoice reference or a
command leaves the message to the question parser, so "how much did I spend on taxi 12 march?" stays a
question. An amount marked as money (a currency next to it, or a verb such as "paid", "gastei", "bezahlt")
or with cents ("35,90") makes an expense; a bare whole number next to words ("taxi 12") makes an expense the
user is asked about first.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from app.conversation import intents as i
from app.conversation.dates import find_period
from app.conversation.matching import category_key, currency_for_word, currency_names, iso_currencies
from app.conversation.restated import says_a_figure_is_wrong
from app.conversation.slots import ParseContext, blank, is_vocabulary
from app.conversation.stray import function_words
from app.conversation.text import fold
from app.conversation.vocabulary import (
    AVERAGE,
    COMPARE,
    CORRECT_VERB,
    COUNT,
    DELETE,
    EXPORT,
    FIELD,
    HELP,
    HOW_MUCH,
    INVOICE_PLURAL,
    LIST,
    SEQ_REF,
    TOP_VENDORS,
    UNDO,
)
from app.domain.categories import item_category, vendor_category
from app.extraction.parsing import parse_amount

_NUMBER = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_SYMBOL = r"r\$|us\$|\$|€|£|¥"
# "12€", "€ 12", "R$ 25,00", "12 euros", "EUR 12": the currency is read from the folded text around it.
_AMOUNT = re.compile(rf"(?<![\w#.,/:-])(?:(?P<pre>{_SYMBOL})\s?)?(?P<n>{_NUMBER})(?![\d/:%a-z])(?:\s?(?P<post>{_SYMBOL}))?"
                     r"(?![\w.,]\d)")
# Money-looking tokens, hidden from the date reader so "35,90" or "45.10" is never read as a day.
_MONEY_LIKE = re.compile(rf"(?<![\d/.-])(?:(?:{_SYMBOL})\s?)?\d+(?:,\d{{1,2}}|\.\d{{2}})(?![\d/.-])(?:\s?(?:{_SYMBOL}))?"
                         rf"|(?:{_SYMBOL})\s?\d+|\d+\s?(?:{_SYMBOL})")
# Asking, not telling: questions keep going to the question parser.
_QUESTION_START = re.compile(
    r"^\s*(?:how|what|which|when|where|why|did|do|does|have|has|is|are|was|were|can|could|show|list|"
    r"cuanto|cuanta|que|cual|donde|cuando|como|quanto|quanta|qual|onde|quando|combien|quel|quelle|est-ce|"
    r"wie|was|welche|wann|wo|hab|habe|hast|zeig|zeige)(?![a-z])")
# Words saying the money was spent ("paid", "gastei", "j'ai payé", "bezahlt").
_SPENT = re.compile(
    r"(?<![a-z])(?:i\s+)?(?:paid|pay|spent|spend|bought|gave|"
    r"(?:yo\s+)?(?:pague|gaste|compre|di|he\s+pagado|he\s+gastado)|"
    r"(?:eu\s+)?(?:paguei|gastei|comprei|dei)|"
    r"(?:j'?\s*ai\s+|j\s+ai\s+)?(?:paye|depense|achete)|"
    r"(?:ich\s+)?(?:habe\s+)?(?:bezahlt|gezahlt|ausgegeben|gekauft|zahlte|bezahle))(?![a-z])")
# Who was paid: "to Juan", "a Juan", "para o João", "au plombier", "an Anna".
_PAYEE = re.compile(r"(?<![a-z])(?:to|a|al|para|pra|ao|a\s+la|au|a\s+l'|an|den|der|die)\s+"
                    r"(?:(?:the|el|la|o|a|le|l')\s+)?(?P<name>[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?)")
# What for: "for cleaning", "por la limpieza", "pela limpeza", "pour le ménage", "für die Reinigung".
_PURPOSE = re.compile(r"(?<![a-z])(?:for|por|pela|pelo|pour|fur|para)\s+(?:(?:the|el|la|los|las|o|a|os|as|le|la|les|"
                      r"die|der|das|den)\s+)?(?P<what>[a-z][a-z' -]*)")
_FILLER = frozenset(
    "i me my the a an on at in for of to yo el la los las un una en de del por con mi eu o os as um uma no na em "
    "do da com meu minha je j' ai le les un une au aux du des pour chez mon ma ich die der das den dem ein eine im "
    "am fur bei mit mein meine fuer und and y e et".split())
_STOP_AFTER_NAME = frozenset("for por pour fur para pela pelo on at en em no na yesterday today hier heute ayer ontem "
                             "hoy hoje gestern aujourd".split())
# Everyday words for what people pay for that the category tables name only as shops or lines.
_WORDS_CATEGORY = {
    "restaurants": "lunch dinner breakfast brunch coffee almuerzo comida cena desayuno cafe almoco jantar lanche "
                   "pequeno-almoco dejeuner diner petit-dejeuner mittagessen abendessen fruhstuck kaffee",
    "groceries": "bakery panaderia padaria boulangerie backer backerei baker",
    "services": "cleaning limpieza limpeza menage nettoyage reinigung putzen plumber fontanero canalizador plombier "
                "klempner haircut peluqueria cabeleireiro coiffeur friseur",
    "transport": "cab bus metro tram parking peaje portagem",
}
_WORD_CATEGORY = {word: key for key, words in _WORDS_CATEGORY.items() for word in words.split()}
_MAX_DESCRIPTION_WORDS = 6
# "details" after a burst's summary (read by the parser next to expenses; the words are folded).
DETAILS = re.compile(r"(?:(?:show|see|send|give me|all|the|muestra(?:me)?|ver|dame|los|las|mostra|mostrar|ver os|"
                     r"os|as|todos|montre|voir|les|tous|zeig|zeige|alle|die)\s+)*"
                     r"(?:details?|detalles?|detalhes?|detail|einzelheiten|alle details)(?:\s+(?:please|por favor|"
                     r"s'il (?:te|vous) plait|bitte))?")
# Markup, queries and code are never what someone paid for.
_CODE_LIKE = re.compile(r"[<>=*{}\[\]|\\;]")


def word_category(folded_word: str) -> str | None:
    """The category an everyday word for a purchase names ("almoco" -> restaurants), or None."""
    return _WORD_CATEGORY.get(folded_word)


def read_expense(text: str, ctx: ParseContext) -> i.AddExpense | None:
    """The expense ``text`` states, or None when it is not one (a question, a command, no amount)."""
    folded = fold(text)
    if _CODE_LIKE.search(text) or "?" in text or _QUESTION_START.match(folded) or _asks(folded) \
            or SEQ_REF.search(folded) or says_a_figure_is_wrong(folded) or _corrects(folded):  # a correction
        return None
    hidden = _MONEY_LIKE.sub(lambda m: " " * len(m.group(0)), folded)
    found = find_period(hidden, ctx.today, day_first=ctx.day_first)
    rest = blank(folded, found.start, found.end) if found else folded
    amounts = [m for m in _AMOUNT.finditer(rest) if not _is_year(m)]
    if len(amounts) != 1:
        return None
    money = amounts[0]
    amount = parse_amount(money["n"])
    if amount is None or amount <= 0:
        return None
    rest = blank(rest, money.start(), money.end())
    currency, marked, rest = _currency(money, rest, ctx.home_currency)
    spent = _SPENT.search(rest)
    if spent:
        rest = blank(rest, spent.start(), spent.end())
    payee, rest = _payee(rest) if spent else (None, rest)
    description, rest = _purpose(rest)
    words = [w for w in re.findall(r"[a-z][a-z'-]*", rest) if w not in _FILLER and w not in _STOP_AFTER_NAME]
    if description is None:
        description = " ".join(words) if words else None
    if not description and not payee:
        return None
    said = description or payee or ""
    if len(said.split()) > _MAX_DESCRIPTION_WORDS or all(is_vocabulary(w) for w in said.split()) \
            or _restates(said):
        return None
    period = found.period if found else None
    if period is not None and period.end - period.start != dt.timedelta(days=1):
        return None  # "taxi 12€ in March": which day is not said
    sure = bool(marked or spent or re.search(r"[.,]\d\d$", money["n"]))
    if not sure and len(said.split()) > 3:
        return None  # a number among many words is not an expense to ask about
    return i.AddExpense(amount=amount.quantize(Decimal("0.001")), currency=currency, date=period.start if period else None,
                        description=_original(text, said), payee=_original(text, payee) if payee else None,
                        category=_category(description, payee), sure=sure)


# "it was", "c'était", "war": what an amount already there was. With nothing bought named besides, the
# message corrects ("actually it was 23.45", "der Betrag war 12,40"); it records no new expense.
_WAS = frozenset({"was", "were", "era", "eran", "fue", "fueron", "foi", "foram", "eram", "etait", "war", "waren"})
_HINDSIGHT = frozenset({"actually", "really", "realmente", "realidad", "realidade", "verdad", "verdade", "fact",
                        "fait", "vrai", "eigentlich", "tatsachlich", "doch"})


def _restates(said: str) -> bool:
    words = re.findall(r"[a-z]+", said)
    return bool(_WAS & set(words)) and all(
        len(w) < 3 or w in _WAS or w in _HINDSIGHT or w in function_words() for w in words)


# "…, no 25,54", "… not 12.89": the amount it was not; "el de mercadona eran …", "the boots one was …": what an
# invoice already there was. Either way a correction, however the right amount is said.
_NOT_THAT = re.compile(r"(?:^|[\s,;])(?:and |y |e |et |und )?(?:not|no|nao|pas|nicht|nein)\s+(?:de |of |do |da )?"
                       r"[$€£]?\s?\d[\d.,']*\s*(?:[a-z]{1,3}|[$€£])?\s*[.!]?\s*$")
_AN_INVOICE = re.compile(r"(?<![a-z])(?:(?:el|la|lo|a|o|celle|celui|die|der|das)\s+(?:de|del|do|da|du|vom|von)"
                         r"|(?:the|that)\s+[a-z0-9'&-]+\s+one)(?![a-z])")


def _corrects(folded: str) -> bool:
    return bool(_NOT_THAT.search(folded)) or (
        _AN_INVOICE.search(folded) is not None and bool(_WAS & set(re.findall(r"[a-z]+", folded))))


def _asks(folded: str) -> bool:
    if FIELD.search(folded) and CORRECT_VERB.search(folded):  # "fix the total of it to 12.99"
        return True
    return any(p.search(folded) for p in (HOW_MUCH, COUNT, AVERAGE, COMPARE, TOP_VENDORS, INVOICE_PLURAL, DELETE,
                                          UNDO, EXPORT, HELP)) or bool(LIST.match(folded))


def _is_year(m: re.Match[str]) -> bool:
    return not (m["pre"] or m["post"]) and re.fullmatch(r"(?:19|20)\d\d", m["n"]) is not None


def _currency(money: re.Match[str], rest: str, home: str | None) -> tuple[str | None, bool, str]:
    """The currency of the amount, whether it was said right next to it, and the text without it."""
    symbol = money["pre"] or money["post"]
    if symbol:
        return currency_for_word(symbol, home), True, rest
    after = re.match(r"\s*(?P<w>[a-z$]+(?:\s[a-z]+)?)", rest[money.end():])
    before = re.search(r"(?P<w>[a-z$]+)\s*$", rest[:money.start()])
    for m, offset in ((after, money.end()), (before, 0)):
        if m is None:
            continue
        for word in (m["w"], m["w"].split(" ")[0]):
            code = word.upper() if word.upper() in iso_currencies() and len(word) == 3 else None
            code = code or (currency_for_word(word, home) if word in currency_names() else None)
            if code:
                start = offset + m.start("w")
                return code, True, blank(rest, start, start + len(word))
    return None, False, rest


def _payee(rest: str) -> tuple[str | None, str]:
    m = _PAYEE.search(rest)
    if m is None:
        return None, rest
    words = []
    for word in m["name"].split():
        if word in _STOP_AFTER_NAME or word in _FILLER:
            break
        words.append(word)
    if not words:
        return None, rest
    name = " ".join(words)
    return name, blank(rest, m.start(), m.start("name") + len(name))


def _purpose(rest: str) -> tuple[str | None, str]:
    m = _PURPOSE.search(rest)
    if m is None:
        return None, rest
    words = [w for w in m["what"].split() if w not in _FILLER and w not in _STOP_AFTER_NAME]
    if not words:
        return None, rest
    return " ".join(words), blank(rest, m.start(), m.end())


def _original(text: str, folded_words: str) -> str:
    """The user's own spelling of folded words ("almoco" -> "almoço"), when it can be found."""
    pattern = r"\W+".join(r"\w*" if not w else _accent_free(w) for w in folded_words.split())
    m = re.search(pattern, text, re.IGNORECASE) if pattern else None
    return m.group(0) if m else folded_words


def _accent_free(word: str) -> str:
    return "".join(f"(?:{re.escape(ch)}|[^\\x00-\\x7f])" if ch.isalpha() else re.escape(ch) for ch in word)


def _category(description: str | None, payee: str | None) -> str | None:
    for phrase in (description, payee):
        if not phrase:
            continue
        for word in phrase.split():
            key = word_category(word) or category_key(word)
            if key:
                return key
        found = item_category(phrase) or vendor_category(phrase)
        if found:
            return found
    return None
