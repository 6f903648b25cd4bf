"""The words of the monthly report and the accountant pack, in the five languages (folded text).

"report for March", "informe de marzo", "relatório de março", "rapport de mars", "Bericht für März" ask for
a report; "send me a monthly report" / "stop monthly report" (and their translations) switch the report on
the 1st on and off; "export 2025 for my accountant" asks for the accountant pack. :func:`report_intent` is
called by the parser with the period already found and blanked out of the text.
"""
from __future__ import annotations

import re

from app.conversation import intents as i
from app.conversation.dates import Period
from app.conversation.spelling import literal_words
from app.conversation.vocabulary import rx

REPORT = rx(r"report\w*", r"informe", r"informes", r"relatorio", r"relatorios", r"(?<!par )rapports?(?! a\b| au\b| aux\b)",
            r"bericht(?:e|s)?", r"monatsbericht(?:e|s)?", r"resumen mensual", r"resumo mensal", r"bilan mensuel",
            r"monthly summary", r"monatsubersicht")
MONTHLY = rx(r"monthly", r"every month", r"each month", r"on the (?:1st|first)", r"mensual(?:es|mente)?",
             r"cada mes", r"todos los meses", r"mensal(?:mente)?", r"todo mes", r"todos os meses",
             r"mensuel(?:le)?", r"chaque mois", r"tous les mois", r"monatlich\w*", r"jeden monat",
             r"monatsbericht(?:e|s)?")
SUBSCRIBE = rx(r"send", r"subscribe", r"sign me up", r"turn on", r"switch on", r"enable", r"start",
               r"envia\w*", r"mandame", r"manda\w*", r"suscrib\w*", r"activa\w*", r"assina\w*",
               r"ativa\w*", r"envoie\w*", r"envoyer", r"abonne\w*", r"active\w*", r"schick\w*", r"sende\w*",
               r"abonnier\w*", r"aktivier\w*")
UNSUBSCRIBE = rx(r"stop\w*", r"unsubscribe", r"cancel\w*", r"turn off", r"switch off", r"disable", r"no more",
                 r"para de", r"para el", r"para o", r"parar", r"pare", r"deja de", r"dejar de", r"desactiva\w*", r"cancela\w*",
                 r"nao quero mais", r"desativa\w*", r"deixa de", r"arrete\w*", r"arreter", r"desabonne\w*",
                 r"desactive\w*", r"plus de", r"stopp\w*", r"abbestell\w*", r"deaktivier\w*", r"kein\w*",
                 r"beende\w*", r"nicht mehr")
ACCOUNTANT = rx(r"accountants?", r"bookkeepers?", r"tax advisor", r"cpa", r"accountant pack",
                r"contables?", r"contador(?:a|es)?", r"gestor(?:ia)?", r"asesor fiscal", r"contabilista",
                r"comptables?", r"expert-comptable", r"steuerberater\w*", r"buchhalter\w*",
                r"steuerburo")

# "for my accountant", or a word asking for files: "material contable" alone is not a request for a pack.
FOR_ACCOUNTANT = rx(r"(?:for|to|para|pour|fur|an)\s+(?:my|the|our|mi|mis|el|la|nuestro|o|a|meu|minha|nosso|mon|ma|"
                    r"le|notre|meinen|meine|den|die|unseren|unsere)\s+(?:" + ACCOUNTANT.pattern + ")")
PACK_WORDS = rx(r"export\w*", r"pack\w*", r"paquete", r"pacote", r"dossier", r"paket", r"zip", r"send",
                r"envia\w*", r"manda\w*", r"envoie\w*", r"schick\w*", r"prepar\w*", r"descarga\w*", r"baixar",
                r"download\w*", r"telecharg\w*", r"herunterladen")

PATTERNS = (REPORT, MONTHLY, SUBSCRIBE, UNSUBSCRIBE, ACCOUNTANT, PACK_WORDS)


def vocabulary() -> frozenset[str]:
    """Words the speller must leave as they are ("contable" is not a typo of anything)."""
    return literal_words(*PATTERNS) | frozenset({"contable", "contador", "comptable", "steuerberater"})


def report_intent(commands: str, period: Period | None) -> i.Intent | None:
    """The report or pack a message asks for, or None when it is about something else."""
    if ACCOUNTANT.search(commands) and (FOR_ACCOUNTANT.search(commands) or PACK_WORDS.search(commands)):
        return i.AccountantPack(period=period)
    if not REPORT.search(commands):
        return None
    if period is None and UNSUBSCRIBE.search(commands):
        return i.ReportSubscription(monthly=False)
    if period is None and MONTHLY.search(commands) and SUBSCRIBE.search(_without_report(commands)):
        return i.ReportSubscription(monthly=True)
    return i.MonthlyReport(period=period)


def _without_report(commands: str) -> str:
    # "report" itself starts with no subscribe word, but "relatorio mensal" must not read "mensal" twice.
    return re.sub(r"\s+", " ", REPORT.sub(" ", commands))
