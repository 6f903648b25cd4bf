"""Which language a short WhatsApp message is written in.

General-purpose detectors are unreliable on five-word messages ("borra la última", "quanto gastei"), so
this scores the words people actually use with this assistant: function words and the vocabulary of
spending, invoices and commands. A language is reported only when it clearly wins; otherwise the caller
keeps the user's known language.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.conversation.text import word_set, words

SUPPORTED = ("en", "es", "pt", "fr", "de")

# Folded words that point strongly at one language. Words shared by two languages ("mes", "de", "este",
# "total") are left out on purpose: they would only add noise (and, alone, answer a Spaniard's "ikea total"
# or a Brazilian's "ifood este mês" in the wrong language).
_MARKERS: dict[str, frozenset[str]] = {
    "en": word_set("""
        the how much many did i my me spend spent spending show list last what is are was of on in at
        from this week month year today yesterday invoice invoices receipt receipts delete remove undo
        keep export data please help hi hello hey thanks thank you yes no cancel average tax vendors
        vendor biggest largest which where for all and to change set it that one and paid
        what's whats between since past days can do with im
        report monthly accountant bookkeeper send stop
    """),
    "es": word_set("""
        cuanto cuanta cuantos cuantas nomas neta gaste gastado gasto gastos gastamos el los las mis mi del en y
        muestra muestrame mostrar ensename ver factura facturas recibo recibos borra borrar elimina
        eliminar quita deshacer deshaz guardar conserva conservar mantener mantenla exportar descargar
        datos ayuda hola gracias si promedio impuesto impuestos pagado pague proveedor proveedores
        tienda mayor mas cara caro ultima ultimo ultimas ultimos semana pasada pasado ano hoy ayer
        cual cuales donde esta eso esa ese es son quiero puedes dame dime hasta entre desde dias
        buenos buenas tardes noches cancela cancelar vale claro pagamos tercera tercero cuarta cuarto
        primera borrala borralo eliminala quitala productos articulos tenia compre tiendas comercios vez
        informe mensual contable gestor enviame mandame
        eran fueron realidad importe la segunda segundo traia traiga llevaba
    """),
    "pt": word_set("""
        quanto quanta quantos quantas gastei gastou gasto gastos gastamos os as meus minhas meu minha
        da do das dos no na nos nas em e mostra mostre mostrar ver fatura faturas recibo recibos nota
        notas apaga apague apagar exclui excluir remove remover desfazer desfaz manter mantem guardar
        exportar baixar dados ajuda ola oi obrigado obrigada sim nao media imposto impostos paguei pago
        fornecedor fornecedores loja maior mais cara caro ultima ultimo ultimas ultimos semana passada
        passado ano hoje ontem qual quais onde esta isso essa esse e sao quero pode voce me ate entre
        desde dias bom boa tarde noite cancelar cancela claro pagamos qual terceira quarta primeira
        tinha nela itens artigos comprei lojas
        relatorio mensal contabilista manda-me envia-me
        foi foram eram verdade segunda segundo
    """),
    "fr": word_set("""
        combien depense depenses j'ai ai ma mon le la les du des en et montre montrer affiche
        afficher facture factures recu recus supprime supprimer efface annule annuler garder garde
        exporter donnees aide bonjour salut merci oui non moyenne taxe taxes tva paye fournisseur
        fournisseurs magasin plus grosse chere derniere dernier dernieres derniers semaine mois annee
        aujourd'hui hier quel quelle quels ou est ce cette je veux peux entre depuis jours premiere
        deuxieme troisieme quatrieme avait dessus dedans articles achete magasins fois
        rapport mensuel comptable envoie-moi arrete
        etait c'etait fait montant passage passages visite visites
    """),
    "de": word_set("""
        wie viel viele wieviel wieviele wat bitte habe hab ich meine mein meiner der die das den dem im und zeig zeige zeigen anzeigen
        rechnung rechnungen beleg belege quittung losche loschen entferne ruckgangig behalten behalte
        exportieren daten hilfe hallo danke ja nein durchschnitt steuer steuern mwst ust bezahlt
        lieferant lieferanten laden grosste teuerste letzte letzten woche monat jahr heute gestern
        welche welcher wo ist diese diesen dieser will kannst zwischen seit tage ausgegeben erste zweite
        dritte vierte drauf artikel gekauft zuletzt handler losch
        bericht monatsbericht monatlich monatlichen steuerberater buchhalter schick fur
        war waren eigentlich betrag geschafte geschaft heuer gelassen franken in
        isch gsi nod nid hani hesch letscht erscht zwoit monet usgah usgeh kassenbon bons
    """),
}

# Words so characteristic that one is enough.
_STRONG: dict[str, frozenset[str]] = {
    "en": word_set("how much spent spend show the what delete undo please"),
    "es": word_set("cuanto gaste muestra facturas borra deshacer gracias ayuda tercera borrala"),
    "pt": word_set("quanto gastei faturas fatura apaga desfazer obrigado ajuda voce nao"),
    "fr": word_set("combien depense factures supprimer merci"),
    "de": word_set("wie viel wieviel rechnungen ausgegeben loschen danke handler"),
}


@dataclass(frozen=True)
class Detection:
    language: str | None  # None when no language clearly wins
    scores: dict[str, float]


def detect(folded: str) -> Detection:
    """Score a folded message; the winner must beat the runner-up clearly."""
    tokens = words(folded)
    scores = dict.fromkeys(SUPPORTED, 0.0)
    for token in tokens:
        for lang in SUPPORTED:
            if token in _MARKERS[lang]:
                scores[lang] += 1.0
            if token in _STRONG[lang]:
                scores[lang] += 1.5
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= 1.0 and top - second >= 1.0:
        return Detection(best, scores)
    return Detection(None, scores)


def vocabulary() -> frozenset[str]:
    """Every folded word the detector knows, in any language (words a speller must leave alone)."""
    return frozenset().union(*_MARKERS.values())
