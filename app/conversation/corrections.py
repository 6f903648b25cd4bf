"""Corrections typed as sentences: "total of #12 is 45.10", "o fornecedor da #4 é Galp", "fix #4: vendor Shell",
"change #3 to 40" (no field named: the total)."""
from __future__ import annotations

import re

from app.conversation import intents as i
from app.conversation.matching import currency_code
from app.conversation.restated import flagged_amount, restated_amount
from app.conversation.slots import ParseContext, reference
from app.conversation.vocabulary import (
    BARE_NUMBER_REF,
    CONNECTORS,
    COPULA,
    CORRECT_VERB,
    FIELD,
    FIELD_WORDS,
    QUESTION,
    STRONG_COPULA,
)
from app.conversation.wrong_amount import said_wrong

# "change #3 to 40", "cambia la #7 a 25,50", "muda a #5 pra 40", "ändere #6 auf 40": a correcting verb, an
# invoice number and an amount, no field named: the amount is the invoice's total.
BARE_AMOUNT = re.compile(
    r"^\s*(?:please\s+|por favor\s+|bitte\s+)?(?:" + CORRECT_VERB.pattern + r")\s+"
    r"(?:(?:the|la|el|a|o|le|die|der|das|de)\s+)?(?:(?:invoice|receipt|factura|fatura|nota|facture|rechnung)\s*)?"
    r"#?\s*(?P<n>\d{1,7})\s+(?:to|a|pra|para|por|auf|zu|en|in|=|:|->)\s+"
    r"(?P<v>\d[\d.,' ]*(?:\s*[a-z$€£]{1,4})?)\s*[.!]?\s*$")

# "cámbiala a 35,05", "change it to 40", "ändere sie auf 12": the invoice in focus, its total.
BARE_AMOUNT_OF_IT = re.compile(
    r"^\s*(?:please\s+|por favor\s+|bitte\s+)?(?:" + CORRECT_VERB.pattern + r")(?:\s+(?:it|that|sie|es|la|lo|le))?\s+"
    r"(?:to|a|pra|para|por|auf|zu|en|in|=|:|->)\s+(?P<v>\d[\d.,' ]*(?:\s*[a-z$€£]{1,4})?)\s*[.!]?\s*$")
_AMOUNT = r"\d[\d.,' ]*\d|\d"
WRONG = re.compile(r"(?:wrong|incorrect|not right|falsch|faux|fausse|incorrecto|incorrecta|errado|errada|mal)(?![a-z])")
# An invoice number, a copula, the right amount and then the wrong one or a correcting verb: "la 130 son 26,93
# no 26,39, corrígelo", "#4 is 12.50 not 15", "die 7 ist 9,90, korrigier das".
_SAID_WRONG = re.compile(r"(?<![a-z])(?:(?:ta|esta|is|ist|est|es|e|was|war)\s+)?" + WRONG.pattern + r"[\s,;.]*")
SEQ_IS_AMOUNT = re.compile(
    r"^\s*(?:(?:la|el|the|a|o|le|die|der|das)\s+)?(?:(?:invoice|receipt|factura|fatura|nota|facture|rechnung)\s+)?#?"
    r"(?P<n>\d{1,7})\s+(?:son|es|is|was|are|e|era|sao|sind|ist|war|c'est|c'etait|etait|fait)\s+"
    rf"(?P<v>{_AMOUNT})\s*(?:[a-z$€£]{{1,3}}\s*)?,?\s*"
    r"(?:(?:y\s+)?(?:no|not|nicht|pas|et pas|nao|e nao)\s+(?:" + _AMOUNT + r")\s*,?\s*)?"
    r"(?:(?:" + CORRECT_VERB.pattern + r")\w*(?:\s+\w+)?)?\s*[.!]?\s*$")
# The amount before the invoice: "mets 9,50 pour la 133", "put 12.40 on #7", "pon 30 a la 5".
AMOUNT_FOR_SEQ = re.compile(
    r"^\s*(?:please\s+|por favor\s+|bitte\s+)?(?:" + CORRECT_VERB.pattern + rf")\s+(?P<v>{_AMOUNT})\s*(?:[a-z$€£]{{1,3}}\s+)?"
    r"(?:pour|for|on|para|pra|a|en|em|bei|fur|zu)\s+(?:(?:la|el|the|a|o|le|die|der|das)\s+)?"
    r"(?:(?:invoice|receipt|factura|fatura|nota|facture|rechnung)\s*)?#?\s*(?P<n>\d{1,7})\s*[.!]?\s*$")
# A correcting verb, any invoice reference, then the amount: the reference is read by ``reference``.
REF_TO_AMOUNT = re.compile(
    r"^\s*(?:please\s+|por favor\s+|bitte\s+)?(?:" + CORRECT_VERB.pattern + r")\s+(?P<ref>.{2,40}?)\s+"
    rf"(?:to|a|pra|para|por|auf|zu|en|in|=|:|->)\s+(?P<v>(?:{_AMOUNT})(?:\s*[a-z$€£]{{1,4}})?)\s*[.!]?\s*$")
# Before the field, an invoice named by its number after an article: "la 141", "die 151", "the 12".
ARTICLE_NUMBER = re.compile(r"(?<![a-z0-9#])(?:la|el|a|o|le|die|der|das|the|no|nr|n)\s+(?P<n>\d{1,7})(?!\d|[.,:/]\d)")


def correction(text: str, folded: str, offsets: list[int], ctx: ParseContext) -> i.CorrectField | None:
    """"total of #12 is 45.10", "vendor of the last one is Shell", "o fornecedor da #4 é Galp",
    "change the date of #3 to 5 March": a field, an optional reference, a copula, then the value."""
    if wrong := said_wrong(text, folded, offsets, ctx):  # "the morrisons one was 23.50 not 32.50"
        return wrong
    if restated := restated_amount(text, folded, offsets):  # "actually it was 23.45": the invoice in focus
        return restated
    if flagged := flagged_amount(text, folded, offsets):  # "amount is wrong, should be 649": the one in focus
        return flagged
    for fm in FIELD.finditer(folded):
        before = folded[: fm.start()]
        verb = CORRECT_VERB.search(before)
        if not verb and (QUESTION.search(before) or text.rstrip().endswith("?")):
            continue
        wrong_ref: i.InvoiceRef | None = None  # "the total of #150 is wrong, it should be 1,250"
        for cm in COPULA.finditer(folded, fm.end()):
            if cm["cop"] not in STRONG_COPULA and not verb:
                continue
            between = folded[fm.end(): cm.start()]
            ref, leftover = reference(between)
            if ref is None and (bare := BARE_NUMBER_REF.fullmatch(between)):
                # "o valor da 2 é 30": between a field and its value, a lone number names the invoice.
                ref, leftover = i.InvoiceRef.seq(int(bare["n"])), ""
            if ref is None:
                ref, _ = reference(before[verb.end():] if verb else before)
            if ref is None and verb:  # "Rechnung 145 stimmt nicht, Betrag ist 24,12": the invoice before the verb
                ref, _ = reference(before[:verb.start()])
            if ref is None and (named := ARTICLE_NUMBER.search(before)):  # "corrige la 139 : le montant…"
                ref = i.InvoiceRef.seq(int(named["n"]))
            if wrong_ref is not None:
                ref, leftover = wrong_ref, ""
            if not _only_connectors(_SAID_WRONG.sub(" ", leftover)):  # "o total da última tá errado, era 89,90"
                continue
            k = cm.end()
            while k < len(folded) and folded[k] == " ":
                k += 1
            if k >= len(folded):
                break
            value = text[offsets[k]:].strip().strip("\"'“”«»").rstrip(" ?!.;")
            if not value:
                break
            if WRONG.match(folded, k):  # the value comes after the next copula
                wrong_ref = ref or i.IT
                continue
            field = FIELD_WORDS[fm["field"]]
            return i.CorrectField(ref=ref or i.IT, field=field, value=_amount_first(field, value)[:255])
        if labelled := _labelled_value(text, folded, offsets, fm, verb):
            return labelled
    if m := BARE_AMOUNT.match(folded):
        value = text[offsets[m.start("v")]:].strip().rstrip(" ?!.;")
        return i.CorrectField(ref=i.InvoiceRef.seq(int(m["n"])), field="total", value=value[:255])
    if m := AMOUNT_FOR_SEQ.match(folded):
        value = text[offsets[m.start("v")]:offsets[m.end("v") - 1] + 1]
        return i.CorrectField(ref=i.InvoiceRef.seq(int(m["n"])), field="total", value=value.strip()[:255])
    if m := SEQ_IS_AMOUNT.match(folded):  # "la 130 son 26,93 no 26,39, corrígelo"
        value = text[offsets[m.start("v")]:offsets[m.end("v") - 1] + 1]
        return i.CorrectField(ref=i.InvoiceRef.seq(int(m["n"])), field="total", value=value.strip()[:255])
    if (m := REF_TO_AMOUNT.match(folded)) and (said := reference(m["ref"]))[0] is not None \
            and _only_connectors(said[1]):  # "change the first one to 23.50", "cambia la segunda a 12"
        value = text[offsets[m.start("v")]:].strip().rstrip(" ?!.;")
        return i.CorrectField(ref=said[0], field="total", value=value[:255])
    if m := BARE_AMOUNT_OF_IT.match(folded):
        value = text[offsets[m.start("v")]:].strip().rstrip(" ?!.;")
        return i.CorrectField(ref=i.IT, field="total", value=value[:255])
    return None


def _labelled_value(text: str, folded: str, offsets: list[int], fm: re.Match[str],
                    verb: re.Match[str] | None) -> i.CorrectField | None:
    """"fix #4: vendor Shell", "#9: total 12.40", "change #3 date 5 June": a reference, then the field
    and its value with no copula between them. Needs the colon or a correcting verb before the field, and
    nothing but the reference (and connectors) between them."""
    head = folded[verb.end() if verb else 0: fm.start()]
    ref, leftover = reference(head)
    if ref is None and verb and _only_connectors(head.replace(",", " ")):  # "Rechnung 149 korrigieren, Betrag 39,20"
        ref, leftover = reference(folded[:verb.start()])
    if ref is None or not (verb or ":" in leftover) or not _only_connectors(leftover.replace(":", " ")):
        return None
    k = fm.end()
    while k < len(folded) and folded[k] in " :=":
        k += 1
    if k >= len(folded) or k == fm.end():
        return None
    value = text[offsets[k]:].strip().strip("\"'“”«»").rstrip(" ?!.;")
    return i.CorrectField(ref=ref, field=FIELD_WORDS[fm["field"]], value=value[:255]) if value else None


def _amount_first(field: str, value: str) -> str:
    """A value said with words after it: "Shell, not BP" is Shell; an amount ("1092.81, i mistyped",
    "69,23 et pas 62,93") is the amount."""
    if field not in ("total", "tax"):
        return re.sub(r",\s*(?:not|no|nicht|pas|nao|não|et pas|y no|e não)\s+.*$", "", value, flags=re.IGNORECASE)
    m = re.match(r"\s*(?:[A-Z]{3}\s*|[$€£]\s*|R\$\s*)?(?:" + _AMOUNT + r")(?:\s*[$€£])?(?![\d])", value)
    if m is None:
        return value
    word = re.match(r"\s*([^\W\d_]+)", value[m.end():])
    return (m.group() + (word.group() if word and currency_code(word[1]) else "")).strip()


def _only_connectors(text: str) -> bool:
    return all(w in CONNECTORS for w in re.findall(r"[a-z0-9']+", text))
