"""Corrections of the invoice in focus said in plain words. A past statement: "actually it was 23.45", "it was 23,45 not
32,45", "der Betrag war 12,40", "eigentlich waren es 12,40", "en fait c'était 18,20", "na verdade foi 18,20",
"en realidad eran 18,20".

No invoice is named, so the statement can only be about the one just shown, saved or discussed: the intent
says so (``in_focus``) and the handler asks which invoice when there is none, or when a list is in focus.
The whole message must be that statement: a lead word of hindsight, a subject (a pronoun, or the total or
the tax named), the past of "to be", one amount and optionally the wrong one ("not 32,45"). Anything else
("the taxi was 12€" names what was bought; "was it 23.45?" asks) is left to the other readers.

Or a figure said to be wrong (:func:`flagged_amount`): "amount is wrong, should be 649", "el total está mal,
son 245.50", "betrag korrigieren auf 58.40". Such a message is never a new expense (:func:`says_a_figure_is_wrong`
keeps the typed-expense reader off it).
"""
from __future__ import annotations

import re

from app.conversation import intents as i
from app.conversation.matching import currency_names, iso_currencies
from app.conversation.vocabulary import FIELD_WORDS
from app.extraction.parsing import parse_amount

# Words said before setting the record straight, in the five languages.
_LEAD = (r"actually|really|in fact|in reality|sorry|oops|no|nope|wait|oh|ah|well|my bad|"
         r"en realidad|en verdad|de hecho|realmente|perdon|perdona|lo siento|uy|ups|"
         r"na verdade|na realidade|em realidade|desculpa|desculpe|foi mal|ops|nao|"
         r"en fait|en realite|en vrai|pardon|desole|oups|non|"
         r"eigentlich|tatsachlich|doch|nein|ach|hoppla|entschuldigung|sorry")
_ARTICLE = r"the|its|el|la|lo|su|o|a|seu|sua|le|l'|son|sa|der|die|das|den|sein|seine"
_AMOUNT_FIELDS = "|".join(re.escape(w) for w in sorted(
    (w for w, f in FIELD_WORDS.items() if f in ("total", "tax")), key=len, reverse=True))
_PRONOUN = (r"it|that|this|that one|this one|eso|esto|esa|ese|isso|isto|essa|esse|ca|ce|elle|il|celle-ci|celui-ci|"
            r"es|das|der|die")
# The past of "to be" ("c'était" keeps its pronoun glued on).
_PAST = r"was|were|era|eran|fue|fueron|foi|foram|eram|etait|c'etait|c' etait|war|waren|ware"
_HEAD = re.compile(
    rf"^\s*(?:(?:{_LEAD})[\s,.!:;-]+)*"
    rf"(?:(?P<subject>(?:(?:{_ARTICLE})\s*)?(?P<field>{_AMOUNT_FIELDS})|{_PRONOUN})\s+)?"
    rf"(?P<past>{_PAST})(?:\s+(?P<after>es|it|that|de|of|um|so|ca))?"
    r"(?:\s+(?:eigentlich|tatsachlich|actually|really|en fait|en realidad|na verdade|afinal))?\s+")
# An amount as typed: "23.45", "€23,45", "12,40 €", "45 reais", "R$ 18,20".
_AMOUNT = re.compile(r"(?P<v>(?:[a-z]{0,2}[$€£₹]\s?)?\d[\d.,']*(?:\s?[$€£₹])?)(?:\s?(?P<w>[a-z]{2,8}))?")
# "not", as the wrong amount is set aside after the right one ("23,45 not 32,45").
NOT_WORDS = r"not|no|nao|pas|nicht|instead of|en vez de|em vez de|au lieu de|statt|anstatt"
_NOT = re.compile(rf"[\s,;]*(?:and |y |e |et |und )?(?:{NOT_WORDS})\s+")
# Owning the slip after the amount: "…, enganei-me", "…, me equivoqué", "…, my bad", "…, corrige stp".
_OWN_SLIP = re.compile(r"[\s,;.!-]*(?:my bad|my mistake|typo|sorry|oops|enganei-me|me enganei|errei|me equivoque|"
                       r"me confundi|perdon|je me suis trompee?|pardon|desole|ich hab(?:e)? mich vertan|vertippt|"
                       r"sorry|(?:fix|correct|corrige|corrija|corrigir|corrigez|corriger|korrigier\w*|cambia\w*)"
                       r"(?:\s+(?:it|that|lo|la|isso|ca|das|es))?(?:\s+(?:please|pls|stp|svp|bitte|por favor))?)")
# English and German put the subject after the verb only in a question: "was it 23.45", "war es 12,40".
_ASKING_ORDER = {"it", "that", "es"}


def restated_amount(text: str, folded: str, offsets: list[int]) -> i.CorrectField | None:
    """The total (or the tax, when named) the user says the invoice in focus really had, or None."""
    if text.rstrip().endswith("?"):
        return None
    head = _HEAD.match(folded)
    if head is None or (head["after"] in _ASKING_ORDER and not _led(folded, head)):
        return None
    said = _amount_at(folded, head.end())
    if said is None:
        return None
    start, figure, code, end = said
    rest = folded[end:]
    if (negated := _NOT.match(rest)) and (wrong := _amount_at(folded, end + negated.end())):
        rest = folded[wrong[3]:]
    if (tail := _OWN_SLIP.match(rest)) is not None:  # "essa era de 41,08, enganei-me"
        rest = rest[tail.end():]
    if rest.strip(" .!;,") or figure <= start:
        return None
    value = f"{text[offsets[start]: offsets[figure - 1] + 1].strip()} {code}".strip()
    if parse_amount(re.sub(r"(?i)\b[a-z]{3}\b", " ", value).strip() or value) is None:
        return None
    field = FIELD_WORDS[head["field"]] if head["field"] else "total"
    return i.CorrectField(ref=i.IT, field=field, value=value[:255], in_focus=True)


def _led(folded: str, head: re.Match[str]) -> bool:
    """Something before the verb ("eigentlich waren es"): the verb is second, a statement's order."""
    return head.start("past") > 0 and bool(folded[: head.start("past")].strip())


def _amount_at(folded: str, k: int) -> tuple[int, int, str, int] | None:
    """The amount starting at ``k``: where its figure ends, the currency a word after it names alone
    ("45 reais", "12 eur"; "dollars" names several, so it keeps the invoice's), and where it all ends."""
    m = _AMOUNT.match(folded, k)
    if m is None:
        return None
    figure = m.end("v")
    while figure > k and folded[figure - 1] in " .,'":
        figure -= 1  # "23.45." ends the sentence
    word, code = m["w"] or "", ""
    if word.upper() in iso_currencies() or word in currency_names():
        named = currency_names().get(word, frozenset())
        code = word.upper() if word.upper() in iso_currencies() else next(iter(named)) if len(named) == 1 else ""
        return k, figure, code, m.end("w")
    return k, figure, "", figure


# "thats wrong it was 12.99", "amount is wrong, should be 649", "el total está mal, son 245.50", "o valor certo
# é 89,90", "le montant c'est 42,10 en fait", "betrag korrigieren auf 58.40": one amount, and words saying the
# invoice's figure is wrong, what it should be, or naming the total. No invoice is named, so this too is about
# the invoice in focus. The whole message must be made of these words, so "taxi 12€" or "total spent on taxi
# 12" stays with the other readers.
_WRONG = (r"wrong|incorrect|not right|not correct|mistake|error|mal|equivocad[oa]|incorrect[oa]|erroneo|"
          r"errad[oa]|incorret[oa]|erro|faux|fausse|erreur|incorrecte|pas bon|pas le bon|falsch|fehler|"
          r"stimmt nicht|nicht richtig|inkorrekt")
_SHOULD = (r"should be|must be|should have been|deberia ser|debe ser|deberia|tendria que ser|tiene que ser|"
           r"deveria ser|devia ser|deve ser|deveria|tem que ser|devrait etre|doit etre|devrait|sollte|sollten|"
           r"soll|muss|musste")
_RIGHT = (r"correct|correction|right|real|actual|correcto|correcta|correccion|corregir|corrige|certo|certa|"
          r"correto|correta|corrigir|corrija|correct|corriger|corrigez|corrige|bon|exact|richtig|korrigieren|"
          r"korrigiere|korrigier|korrektur|tatsachliche|echte")
# Words that may stand around them and say nothing else.
_FILLER_WORDS = (r"thats|that's|that|this|it|it's|its|is|was|were|be|been|the|a|an|to|of|not|no|oh|so|just|"
                 r"please|pls|ok|hey|yeah|el|la|lo|es|son|era|eran|fue|esta|ser|que|a|de|del|por|en|pues|"
                 r"o|e|foi|sao|era|ser|do|da|pra|para|de|nao|la|le|l'|c'est|c' est|c'etait|n'est|est|etait|"
                 r"pas|ce|du|stp|svp|s'il te plait|s'il vous plait|der|die|das|ist|war|es|auf|zu|sein|nicht|"
                 r"bitte|den|dem|ja|also|doch|ta|cantidad|quantia|quantidade|somme|"
                 + _PAST + "|" + _LEAD + "|" + _PRONOUN + "|" + _ARTICLE)
_SIGNAL = re.compile(rf"(?<![a-z'])(?:{_WRONG}|{_SHOULD}|{_RIGHT}|(?P<field>{_AMOUNT_FIELDS}))(?![a-z'])")
# Longest first, so "en fait" is taken whole before "en".
_ALLOWED = re.compile(r"(?<![a-z'])(?:" + "|".join(sorted(
    set(f"{_WRONG}|{_SHOULD}|{_RIGHT}|{_AMOUNT_FIELDS}|{_FILLER_WORDS}".split("|")), key=len, reverse=True))
    + r")(?![a-z'])")
_NOT_AN_EXPENSE = re.compile(rf"(?<![a-z'])(?:{_WRONG}|{_SHOULD}|{_AMOUNT_FIELDS})(?![a-z'])")
_BARE_FIELD = re.compile(rf"(?<![a-z'])(?:{_AMOUNT_FIELDS}|{_ARTICLE})(?![a-z'])")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DIGITS = re.compile(r"\d[\d.,']*")
_STARTS_ASKING = re.compile(r"^\s*(?:is|was|are|were|did|does|ist|war|est-ce|c'est quoi|what|how|which|cual|"
                            r"cuanto|qual|quanto|quel|quelle|combien|wie|welche|was)(?![a-z])")
_SYMBOL_BEFORE = re.compile(r"(?:(?:r|us|a|c)?[$€£₹]\s?)?\d")


def flagged_amount(text: str, folded: str, offsets: list[int]) -> i.CorrectField | None:
    """The total (or the tax, when only it is named) of the invoice in focus, from a message that says the
    figure is wrong or what it should be, or names the total, with exactly one amount and nothing else."""
    if "?" in text or "#" in folded or _STARTS_ASKING.match(folded) or len(_DIGITS.findall(folded)) != 1:
        return None
    digit = _SYMBOL_BEFORE.search(folded)
    if digit is None:
        return None
    said = _amount_at(folded, digit.start())
    if said is None:
        return None
    start, figure, code, end = said
    around = folded[:start] + " " + folded[end:]
    signals = list(_SIGNAL.finditer(around))
    if not signals or re.search(r"[a-z0-9]", _ALLOWED.sub(" ", around)):
        return None
    if all(s["field"] for s in signals) and not re.search(r"[a-z]", _BARE_FIELD.sub(" ", around)):
        return None  # "VAT 2025", "total 45": a field and a number say nothing is wrong
    if _YEAR.fullmatch(folded[start:figure]) and not code:
        return None
    value = f"{text[offsets[start]: offsets[figure - 1] + 1].strip()} {code}".strip()
    if parse_amount(re.sub(r"(?i)\b[a-z]{3}\b", " ", value).strip() or value) is None:
        return None
    named = {FIELD_WORDS[s["field"]] for s in signals if s["field"]}
    return i.CorrectField(ref=i.IT, field="tax" if named == {"tax"} else "total", value=value[:255], in_focus=True)


def says_a_figure_is_wrong(folded: str) -> bool:
    """Whether the message names an invoice's total or tax, or says a figure is wrong or what it should be:
    not the words of a new expense."""
    return _NOT_AN_EXPENSE.search(folded) is not None
