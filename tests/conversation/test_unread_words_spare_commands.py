"""The unread-word rule (issue 10) is the last check before a figure: bookkeeping commands read before it
(payments, budgets, "my currency is", reports, the accountant pack, "taxi 12€", "details", history) are
never answered with "I can't tell what X is", in any of the five languages; nor are the light verbs a
purchase is made with ("quantas compras fiz", "hice", "gemacht")."""
import datetime as dt

import pytest

from app.conversation.parser import ParseContext, parse

CTX = ParseContext(today=dt.date(2025, 6, 30), vendors=["Shell", "Mercadona", "Amazon", "Pingo Doce", "Edeka"],
                   categories=["Marketing"])


@pytest.mark.parametrize(("text", "kind"), [
    ("mark all Amazon paid", "mark_paid"), ("marca la factura 2 como pagada", "mark_paid"),
    ("já paguei a #2", "mark_paid"), ("j'ai payé la facture 2", "mark_paid"), ("#2 ist bezahlt", "mark_paid"),
    ("what do I owe this week?", "list_due"), ("¿qué debo esta semana?", "list_due"),
    ("o que devo este mês?", "list_due"), ("qu'est-ce que je dois cette semaine ?", "list_due"),
    ("was schulde ich diese Woche?", "list_due"), ("#1 is due on 15 July", "set_due_date"),
    ("remind me 3 days before", "set_reminders"),
    ("set a budget of 300 for restaurants", "set_budget"), ("orçamento de 200 para combustível", "set_budget"),
    ("budget de 300 pour les restaurants", "set_budget"), ("Budget von 300 für Restaurants", "set_budget"),
    ("¿cómo voy con el presupuesto?", "budget_status"), ("remove my restaurants budget", "remove_budget"),
    ("create a category Marketing", "create_category"),
    ("my currency is EUR", "set_home_currency"), ("mi moneda es el franco suizo", "set_home_currency"),
    ("minha moeda é o real", "set_home_currency"), ("ma devise est le franc suisse", "set_home_currency"),
    ("meine Währung ist Euro", "set_home_currency"),
    ("report for May", "monthly_report"), ("informe de mayo", "monthly_report"),
    ("relatório de maio", "monthly_report"), ("rapport de mai", "monthly_report"),
    ("Monatsbericht für Mai", "monthly_report"), ("send me the report every month", "report_subscription"),
    ("pack for my accountant for 2025", "accountant_pack"), ("exporta este mes para mi contable", "accountant_pack"),
    ("pacote para o meu contador de 2025", "accountant_pack"), ("dossier pour mon comptable 2025", "accountant_pack"),
    ("Paket für meinen Steuerberater 2025", "accountant_pack"),
    ("taxi 12€", "add_expense"), ("lunch with client 45 EUR", "add_expense"), ("almuerzo 15 euros", "add_expense"),
    ("almoço 20 reais", "add_expense"), ("déjeuner 18 €", "add_expense"), ("Mittagessen 12 Euro", "add_expense"),
    ("details", "show_details"), ("detalles", "show_details"), ("detalhes", "show_details"),
    ("détails", "show_details"), ("Details", "show_details"),
    ("history of #2", "invoice_history"), ("historial de la #2", "invoice_history"),
    ("histórico da #2", "invoice_history"), ("historique de la facture 2", "invoice_history"),
    ("Verlauf von #2", "invoice_history"),
])
def test_a_bookkeeping_command_is_read_as_itself_not_as_unread_words(text, kind):
    assert parse(text, CTX).intent.kind == kind


@pytest.mark.parametrize("text", [
    "how many orders have i made this year", "cuántas compras hice en mercadona en mayo",
    "quantas compras fiz no pingo doce em maio", "combien d'achats ai-je faits ce mois",
    "wie viele Einkäufe habe ich bei edeka im mai gemacht", "how many trips did i take in may"])
def test_the_verb_a_purchase_is_made_with_is_no_unread_word(text):
    assert parse(text, CTX).intent.kind == "spending"
