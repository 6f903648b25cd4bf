"""Executors for the second round of questions, on real PostgreSQL: the amount before tax, two periods
compared, top vendors and the biggest invoice within a category, and a vendor the user has no invoices
from yet. Every answer stays within the asking user's invoices and keeps currencies apart."""
import datetime as dt
from decimal import Decimal

from app.conversation import queries

APRIL = dt.date(2025, 4, 10)
MAY = dt.date(2025, 5, 5)


def _net(result):
    return {row.currency: (row.net, row.net_count, row.count) for row in result.by_currency}


# --- net -------------------------------------------------------------------------------------------------

def test_net_is_the_subtotal_when_printed_else_total_minus_tax(make_user, make_invoice, db_session):
    user = make_user()
    make_invoice(user, 1, total="121.00", tax="21.00", subtotal=Decimal("100.00"))
    make_invoice(user, 2, total="50.00", tax="10.00")
    assert _net(queries.spending(db_session, user.id)) == {"EUR": (Decimal("140.00"), 2, 2)}


def test_an_invoice_with_neither_subtotal_nor_tax_is_left_out_of_net_not_guessed(make_user, make_invoice,
                                                                                   db_session):
    user = make_user()
    make_invoice(user, 1, total="50.00", tax="10.00")
    make_invoice(user, 2, total="30.00")
    assert _net(queries.spending(db_session, user.id)) == {"EUR": (Decimal("40.00"), 1, 2)}


def test_net_reply_says_how_many_invoices_it_could_not_include(make_user, make_invoice, ask):
    user = make_user()
    make_invoice(user, 1, total="50.00", tax="10.00")
    make_invoice(user, 2, total="30.00")
    body = ask(user, "total excl. VAT this month").body
    assert "€40.00" in body and "1 invoice" in body and "not included" in body
    assert "€80.00" not in body


def test_net_reply_without_any_tax_breakdown_is_honest(make_user, make_invoice, ask):
    user = make_user()
    make_invoice(user, 1, total="30.00")
    body = ask(user, "cuánto gasté sin IVA este mes").body
    assert "sin impuestos" in body and "€" not in body and "30" not in body


def test_net_is_per_currency(make_user, make_invoice, db_session):
    user = make_user()
    make_invoice(user, 1, total="12.00", tax="2.00", currency="EUR")
    make_invoice(user, 2, total="11.00", tax="1.00", currency="USD")
    assert _net(queries.spending(db_session, user.id)) == {"EUR": (Decimal("10.00"), 1, 1),
                                                           "USD": (Decimal("10.00"), 1, 1)}


# --- comparisons -----------------------------------------------------------------------------------------

def test_comparing_two_months_gives_each_and_the_difference(make_user, make_invoice, ask):
    user = make_user()
    make_invoice(user, 1, total="100.00", date=APRIL)
    make_invoice(user, 2, total="125.00", date=MAY)
    reply = ask(user, "april vs may")
    assert reply.intent == "compare_spending"
    lines = reply.body.splitlines()
    assert lines[0].startswith("April 2025") and "€100.00" in lines[0]
    assert lines[1].startswith("May 2025") and "€125.00" in lines[1]
    assert "€25.00" in lines[2] and "more" in lines[2] and "May 2025" in lines[2] and "+25%" in lines[2]


def test_more_than_last_month_compares_with_this_month(make_user, make_invoice, ask):
    user = make_user()
    make_invoice(user, 1, total="80.00", date=APRIL)
    make_invoice(user, 2, total="20.00", date=MAY)
    body = ask(user, "¿gasté más que el mes pasado?").body.replace("\xa0", " ")
    assert "80,00 €" in body and "20,00 €" in body and "60,00 €" in body and "menos" in body


def test_a_comparison_never_mixes_currencies(make_user, make_invoice, ask):
    user = make_user()
    make_invoice(user, 1, total="100.00", currency="EUR", date=APRIL)
    make_invoice(user, 2, total="90.00", currency="EUR", date=MAY)
    make_invoice(user, 3, total="40.00", currency="USD", date=MAY)
    body = ask(user, "compare april with may").body
    assert "€10.00" in body and "less" in body  # EUR against EUR
    assert "US$40.00" in body
    assert "€50.00" not in body and "130" not in body


def test_a_comparison_only_counts_the_asking_users_invoices(make_user, make_invoice, ask):
    alice, bob = make_user(), make_user()
    make_invoice(alice, 1, total="100.00", date=APRIL)
    make_invoice(bob, 1, total="999.00", date=APRIL)
    body = ask(alice, "april vs may").body
    assert "€100.00" in body and "999" not in body


def test_a_comparison_keeps_the_vendor_filter(make_user, make_invoice, ask):
    user = make_user()
    make_invoice(user, 1, vendor="Shell", total="30.00", date=APRIL)
    make_invoice(user, 2, vendor="Lidl", total="70.00", date=APRIL)
    body = ask(user, "Shell april vs may").body
    assert "€30.00" in body and "€70.00" not in body


# --- rankings within a category --------------------------------------------------------------------------

def test_top_vendors_in_a_category_rank_by_what_was_spent_in_it(make_user, make_invoice, ask):
    user = make_user()
    make_invoice(user, 1, vendor="Lidl", total="200.00", items=[("Milk", "190.00", "groceries"),
                                                               ("Diesel", "10.00", "fuel")])
    make_invoice(user, 2, vendor="Shell", total="60.00", category="fuel")
    make_invoice(user, 3, vendor="Galp", total="40.00", items=[("Gasoline", "40.00", "fuel")])
    reply = ask(user, "where do I spend most on fuel")
    assert reply.intent == "top_vendors"
    assert [v["vendor"] for v in reply.data["vendors"]] == ["Shell", "Galp", "Lidl"]
    assert [Decimal(v["total"]) for v in reply.data["vendors"]] == [Decimal(60), Decimal(40), Decimal(10)]


def test_biggest_invoice_in_a_category_is_the_one_that_spent_most_in_it(make_user, make_invoice, ask):
    user = make_user()
    make_invoice(user, 1, vendor="Lidl", total="200.00", items=[("Milk", "190.00", "groceries"),
                                                               ("Diesel", "10.00", "fuel")])
    make_invoice(user, 2, vendor="Shell", total="60.00", category="fuel")
    reply = ask(user, "biggest fuel invoice")
    assert [inv["seq"] for inv in reply.data["invoices"]] == [2]


def test_rankings_in_a_category_the_user_has_no_data_for_find_nothing(make_user, make_invoice, db_session):
    user = make_user()
    make_invoice(user, 1, vendor="Lidl", total="20.00", category="groceries")
    assert queries.top_vendors(db_session, user.id, category="fuel") == []
    assert queries.biggest_invoices(db_session, user.id, category="fuel") == []


# --- vendors not on file -----------------------------------------------------------------------------------

def test_a_lowercase_shop_not_on_file_is_answered_as_none_from_it(make_user, make_invoice, ask):
    user = make_user()
    make_invoice(user, 1, vendor="Shell", total="30.00")
    body = ask(user, "how much at aldi").body
    assert "no invoices from _aldi_" in body and "€30.00" not in body
