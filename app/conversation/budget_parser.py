"""Budgets and custom categories in free wording, in English, Spanish, Portuguese, French and German:
"budget 300 € for restaurants per month", "presupuesto de 200 para comida", "orçamento 500 reais por mês",
"budget de 100 € pour l'essence", "Budget 300 € für Restaurants monatlich", "how is my budget?",
"remove the fuel budget", "create category Marketing" / "crea la categoría Oficina" / "nova categoria Obras".

Read on the folded message before spelling correction, whose vocabulary does not know these words; the
amount and a category's name are cut from the original text. None when the message is about neither.
"""
from __future__ import annotations

import re

from app.conversation import intents as i
from app.conversation.matching import currency_for_word
from app.conversation.slots import ParseContext, blank, category_span, find_currency
from app.conversation.vocabulary import HOW_MUCH
from app.extraction.currencies import detect_currency

BUDGET = re.compile(r"(?<![a-z])(?:budgets?|presupuestos?|orcamentos?|budgete?s?|limite de gastos?|"
                    r"limite mensual|teto de gastos)(?![a-z])")
REMOVE = re.compile(r"(?<![a-z])(?:remove|delete|cancel|drop|stop|elimina\w*|borra\w*|quita\w*|cancela\w*|"
                    r"apaga\w*|remov\w*|exclu\w*|supprim\w*|annul\w*|efface\w*|losch\w*|entfern\w*|"
                    r"streich\w*|no more)(?![a-z])")
PERIOD: tuple[tuple[i.BudgetPeriod, re.Pattern[str]], ...] = (
    ("week", re.compile(r"(?<![a-z])(?:per week|a week|weekly|each week|every week|a la semana|por semana|"
                        r"semanal|cada semana|semanais|par semaine|hebdo\w*|chaque semaine|pro woche|"
                        r"wochentlich|je woche|in der woche|die woche)(?![a-z])")),
    ("year", re.compile(r"(?<![a-z])(?:per year|a year|yearly|annual\w*|each year|al ano|por ano|anual\w*|"
                        r"cada ano|par an|annuel\w*|chaque annee|pro jahr|jahrlich|im jahr|je jahr)(?![a-z])")),
    ("month", re.compile(r"(?<![a-z])(?:per month|a month|monthly|each month|every month|al mes|por mes|"
                         r"mensual\w*|cada mes|mensal\w*|ao mes|par mois|mensuel\w*|chaque mois|pro monat|"
                         r"monatlich|im monat|je monat)(?![a-z])")),
)
PERCENT = re.compile(r"(?<![\d.,])(?P<p>\d{1,2})\s*%")
AMOUNT = re.compile(r"(?<![\w.,])(?:r\$|us\$|[$€£])?\s*(?P<n>\d{1,3}(?:[.,' ]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
                    r"(?![\d%])")
CREATE_CATEGORY = re.compile(
    r"^\s*(?:please\s+|por favor\s+|s'il te plait\s+|bitte\s+)?(?:"
    r"(?:create|add|make|new)(?:\s+a)?(?:\s+new)?\s+category|new category|"
    r"(?:crea|crear|creame|anade|anadir|agrega|agregar)(?:\s+(?:la|una))?(?:\s+nueva)?\s+categoria|nueva categoria|"
    r"(?:cria|criar|crie|adiciona|adicionar|adicione)(?:\s+(?:a|uma))?(?:\s+nova)?\s+categoria|nova categoria|"
    r"(?:cree|creer|creez|ajoute|ajouter|ajoutez)(?:\s+(?:la|une))?(?:\s+nouvelle)?\s+categorie|nouvelle categorie|"
    r"(?:erstelle|erstellen|lege|leg|neue)(?:\s+(?:die|eine))?(?:\s+neue)?\s+kategorie(?:\s+an)?|neue kategorie"
    r")\s*:?\s+(?:(?:called|named|llamada|chamada|appelee|namens)\s+)?(?P<name>\S.*?)"
    r"(?:\s+(?:an|anlegen|erstellen))?\s*[.!]?\s*$")


# "#5 category office", "#5 categoría oficina": an invoice number, the category word, the category.
SET_CATEGORY = re.compile(r"^\s*#\s*(?P<n>\d{1,7})\s*:?\s+(?:category|categoria|categorie|kategorie)\s*:?\s+"
                          r"(?P<name>[a-z0-9][a-z0-9 _&'-]{0,59}?)\s*[.!]?\s*$")

# Words that give a short message's language away where the detector is unsure ("orçamento 500 reais").
_MARKERS = {
    "en": {"for", "per", "my", "how", "create", "category", "remove", "weekly", "monthly", "the", "is"},
    "es": {"presupuesto", "para", "mi", "como", "va", "crea", "nueva", "borra", "quita", "al",
           "semanal", "mensual", "el", "de", "cuanto", "queda"},
    "pt": {"orcamento", "meu", "a", "cria", "nova", "reais", "ao", "apaga", "esta", "mensal", "o", "quanto"},
    "fr": {"pour", "par", "mon", "cree", "nouvelle", "categorie", "ou", "en", "est", "supprime", "mois",
           "l"},
    "de": {"fur", "monatlich", "mein", "kategorie", "erstelle", "neue", "wie", "steht", "losche", "pro", "monat",
           "die", "im"},
}


def language_of(folded: str) -> str | None:
    """The language most of a message's marker words belong to, when one clearly leads."""
    if m := CREATE_CATEGORY.match(folded):  # the new category's name is in any language: only the command counts
        folded = folded[:m.start("name")]
    tokens = re.findall(r"[a-z]+", folded)
    scores = sorted(((sum(t in words for t in tokens), lang) for lang, words in _MARKERS.items()), reverse=True)
    return scores[0][1] if scores[0][0] > scores[1][0] else None


def read(text: str, folded: str, offsets: list[int], ctx: ParseContext) -> i.Intent | None:
    """The budget or category intent of a message, or None when it is about neither."""
    if m := CREATE_CATEGORY.match(folded):
        name = text[offsets[m.start("name")]: offsets[m.end("name") - 1] + 1].strip(" .!?\"'“”«»")
        return i.CreateCategory(name=name[:60]) if name else None
    if m := SET_CATEGORY.match(folded):
        return i.CorrectField(ref=i.InvoiceRef.seq(int(m["n"])), field="category", value=m["name"])
    if not (said := BUDGET.search(folded)):
        return None
    asked = text.find("?")  # folding drops the question mark: found in the message as written
    if 0 <= asked < offsets[said.start()] and HOW_MUCH.search(folded[:said.start()]) and not text.rstrip().endswith("?"):
        return None  # "combien de gaz en janvier? faut que je checke mon budget": the question comes first
    rest = blank(folded, said.start(), said.end())
    period: i.BudgetPeriod | None = None
    for name, pattern in PERIOD:
        if m := pattern.search(rest):
            period, rest = name, blank(rest, m.start(), m.end())
            break
    percent = None
    if m := PERCENT.search(rest):
        percent, rest = int(m["p"]), blank(rest, m.start(), m.end())
    category, rest, _ = category_span(rest, ctx)
    if REMOVE.search(rest):
        return i.RemoveBudget(category=category, period=period)
    amounts = list(AMOUNT.finditer(rest))
    # "budget 2000 for 2027": a year is not the amount when another number is there.
    amount = next((m for m in amounts if not re.fullmatch(r"(?:19|20)\d\d", m["n"])), amounts[0] if amounts else None)
    if amount is None or text.rstrip().endswith("?"):  # "how is my budget?", "mi presupuesto"
        return i.BudgetStatus()
    currency = _currency(text, rest, ctx)
    return i.SetBudget(amount=amount["n"].replace(" ", ""), currency=currency, category=category,
                       period=period or "month", alert_percent=percent if percent and 1 <= percent <= 99 else None)


def _currency(text: str, rest: str, ctx: ParseContext) -> str | None:
    code, _ = find_currency(text, rest, ctx.home_currency)
    if code:
        return code
    if named := detect_currency(text):
        return named
    for word in re.findall(r"[a-z]+", rest):
        if (found := currency_for_word(word, ctx.home_currency)) is not None:
            return found
    return None
