"""The words of payments and reminders, per language (folded: lowercase, no accents), as patterns.

English, Spanish, Portuguese, French and German side by side, as in :mod:`.vocabulary`; how they are read
is in :mod:`.payment_parser`.
"""
from __future__ import annotations

import re

from app.conversation.spelling import literal_words
from app.conversation.vocabulary import rx

# "#5 paid", "marca la 5 como pagada", "a #5 está paga", "#5 payée", "#5 ist bezahlt", "I paid #5".
PAID = rx(r"paid", r"pagad[oa]s?", r"paga", r"pagas", r"pague", r"paguei", r"pagamos", r"payee?s?",
          r"regle(?:e|s|es)?", r"bezahlt", r"beglichen", r"settled")
# "#5 unpaid", "la 5 no está pagada", "#5 não paga", "#5 impayée", "#5 ist nicht bezahlt", "#5 offen".
UNPAID = rx(r"unpaid", r"not (?:yet )?paid", r"isn'?t paid", r"no (?:esta )?pagad[oa]s?", r"sin pagar", r"impag[oa]s?",
            r"nao (?:esta )?(?:pag[oa]s?|paga)", r"nao foi paga", r"em aberto", r"por pagar", r"a pagar",
            r"impayee?s?", r"(?:non|pas) payee?s?", r"unbezahlt", r"nicht bezahlt", r"offen", r"pendiente",
            r"pendente")
# "mark all Amazon paid", "todas las de Amazon", "todas as da Amazon", "toutes les Amazon", "alle von Amazon".
ALL = rx(r"all", r"every", r"tod[oa]s", r"toutes", r"tous", r"alle")
# "#5 is due on the 20th", "vence el 20", "vence dia 20", "échéance le 20", "fällig am 20.".
DUE = rx(r"due", r"vence", r"vencen", r"vencimiento", r"vencimento", r"echeance", r"echoit", r"a payer (?:avant|le)",
         r"fallig", r"faellig", r"zahlbar", r"payable", r"pay by", r"pagar antes", r"pagar ate")
# "what do I owe this week?", "¿cuánto debo?", "quanto devo esta semana?", "qu'est-ce que je dois",
# "was schulde ich", "what's due next week", "unpaid bills".
# "debo"/"devo"/"je dois" also mean "I must": not when another verb follows ("¿qué debo hacer?").
_MUST = r"(?! (?!pagar|payer)[a-z]+(?:ar|er|ir|re)(?![a-z]))"
OWE = rx(r"owe", r"owing", r"what'?s due", r"what is due", r"whats due", r"due (?:this|next|today|soon)", r"to pay",
         r"unpaid (?:bills?|invoices?)", r"bills? (?:due|to pay)", r"debo" + _MUST, r"debemos" + _MUST, r"por pagar",
         r"pendientes? de pago", r"que vence", r"devo" + _MUST, r"devemos" + _MUST, r"a pagar",
         r"contas? (?:a|para) pagar", r"je dois" + _MUST, r"dois-je" + _MUST, r"dois je" + _MUST, r"a payer", r"reste a payer",
         r"factures? (?:a payer|impayees?)",
         r"schulde", r"schulden", r"zu (?:be)?zahlen", r"offene (?:rechnungen|posten|betrage)", r"was ist fallig",
         r"was wird fallig")

REMINDER = rx(r"reminders?", r"remind(?: me)?", r"recordatorios?", r"avisos?", r"lembretes?", r"lembrar", r"rappels?",
              r"erinnerung(?:en)?", r"erinnere")
REMINDER_OFF = rx(r"stop", r"off", r"no more", r"disable", r"turn off", r"no", r"sin", r"desactiva\w*", r"para",
                  r"parar?", r"quita\w*", r"sem", r"desativ\w*", r"desliga\w*", r"chega de", r"arrete\w*", r"pas de",
                  r"plus de", r"desactive\w*", r"supprime\w*", r"keine", r"aus", r"ausschalten", r"stopp\w*",
                  r"deaktivier\w*", r"abschalten")
REMINDER_ON = rx(r"on", r"enable", r"turn on", r"start", r"resume", r"activa\w*", r"ativa\w*", r"liga\w*",
                 r"active\w*", r"reactive\w*", r"remets?", r"an", r"ein", r"einschalten", r"aktivier\w*")
# "2 days before", "2 días antes", "2 dias antes", "2 jours avant", "2 Tage vorher", "the day before".
DAYS_BEFORE = re.compile(r"(?<![a-z0-9])(?P<n>\d{1,2})\s*(?:days?|dias?|jours?|tagen?|tage|d)\s+"
                         r"(?:before|ahead|early|earlier|antes|avant|plus tot|vorher|zuvor|davor|fruher)(?![a-z])")
DAY_BEFORE = rx(r"the day before", r"a day before", r"el dia (?:de )?antes", r"el dia anterior", r"la vispera",
                r"o dia (?:de )?antes", r"na vespera", r"la veille", r"am vortag", r"einen tag vorher")
ONLY_ON_THE_DAY = rx(r"only on the day", r"on the day", r"solo el dia", r"el mismo dia", r"so no dia", r"no proprio dia",
                     r"le jour meme", r"seulement le jour", r"nur am tag", r"am selben tag")
# "at 8", "at 8am", "a las 8", "às 8h", "à 8h", "um 8 Uhr".
AT_HOUR = re.compile(r"(?<![a-z0-9])(?:at|a las|a la|as|a|um)\s+(?P<h>\d{1,2})(?:[:h.]00)?\s*(?P<ampm>am|pm|h|uhr)?"
                     r"(?![\d:a-z])")

# Due periods are ahead, which the question periods (read backwards from today) do not say.
NEXT_WEEK = rx(r"next week", r"(?:la )?(?:proxima|siguiente) semana", r"semana que vem", r"(?:a )?proxima semana",
               r"(?:la )?semaine prochaine", r"nachste woche", r"naechste woche", r"kommende woche")
NEXT_MONTH = rx(r"next month", r"(?:el )?(?:proximo|siguiente) mes", r"mes que vem", r"(?:o )?proximo mes",
                r"(?:le )?mois prochain", r"nachsten monat", r"nachster monat", r"kommenden monat")
NEXT_DAYS = re.compile(r"(?<![a-z0-9])(?:next|proximos|los proximos|nos proximos|les|dans les|prochains|nachsten|"
                       r"in den nachsten)\s+(?P<n>\d{1,3})\s*(?:days?|dias|jours|tagen?)(?![a-z])")
TOMORROW = rx(r"tomorrow", r"manana", r"amanha", r"demain", r"morgen")

PAYMENT_PATTERNS = (PAID, UNPAID, ALL, DUE, OWE, REMINDER, REMINDER_OFF, REMINDER_ON, DAY_BEFORE,
                    ONLY_ON_THE_DAY, NEXT_WEEK, NEXT_MONTH, TOMORROW)
# Inflected forms the patterns only spell in part: the speller must leave them as they are.
PAYMENT_WORDS = literal_words(*PAYMENT_PATTERNS) | frozenset({
    "pagado", "pagada", "pagados", "pagadas", "pago", "paga", "pagas", "payee", "payees", "reglee", "reglees",
    "impago", "impaga", "impayee", "impayees", "todos", "todas", "reminder", "reminders", "recordatorio",
    "recordatorios", "aviso", "avisos", "lembrete", "lembretes", "rappel", "rappels", "erinnerung",
    "erinnerungen", "desactiva", "desactivar", "desativa", "desativar", "arrete", "arreter", "desactive",
    "stoppen", "deaktivieren", "activa", "activar", "ativa", "ativar", "active", "activer", "aktivieren",
    "days", "dias", "jours", "tage", "tagen", "vorher", "antes", "avant", "owe", "debo", "devo", "dois",
    "schulde", "vence", "fallig", "echeance", "due",
    # Neighbours of the words above that mean something else ("apaguei" = I deleted): known as they are,
    # so the speller never turns them into "paguei".
    "apaguei", "apague", "apagou", "apago", "apaga", "apagas", "apagar", "apagues", "apagaste", "apagamos"})
