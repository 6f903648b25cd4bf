"""Everyday wording read through the general vocabularies: Portuguese's "deste"/"desse" (de + este/esse)
name the current period, Rioplatense "cargar nafta" is refuelling, by meaning, and "bei Netto" / "at Net"
names a shop, not the net amount."""
from __future__ import annotations

import datetime as dt

import pytest

MAY_20 = dt.datetime(2025, 5, 20, 12, tzinfo=dt.UTC)


@pytest.fixture
def driver(make_user, make_invoice):
    user = make_user(number="+447700900456", timezone="Europe/London")
    make_invoice(user, 1, vendor="YPF", total="30.00", date=dt.date(2025, 4, 3), items=[("Nafta súper", "30.00", "fuel")])
    make_invoice(user, 2, vendor="YPF", total="25.00", date=dt.date(2025, 4, 19), items=[("Nafta", "25.00", "fuel")])
    make_invoice(user, 3, vendor="Coto", total="12.00", date=dt.date(2025, 4, 20), items=[("Pan", "12.00", "groceries")])
    make_invoice(user, 4, vendor="Coto", total="8.00", date=dt.date(2025, 5, 2), items=[("Leche", "8.00", "groceries")])
    return user


@pytest.mark.parametrize("said", ["quanto gastei deste mês", "quanto gastei desse mês", "notas desse mês"])
def test_portuguese_deste_and_desse_say_the_current_month(driver, ask, said):
    reply = ask(driver, said, now=MAY_20)
    assert "8.00" in str(reply.data) and "30.00" not in str(reply.data)


def test_cargar_nafta_counts_the_fuel_receipts(driver, ask):
    reply = ask(driver, "cuántas veces cargué nafta en abril", now=MAY_20)
    assert reply.intent == "spending" and reply.data["by_currency"][0]["count"] == 2


@pytest.mark.parametrize("said", ["wie viel bei netto dieses jahr", "how much at net"])
def test_net_after_at_names_a_shop_and_is_said_back_when_the_user_has_none(driver, ask, said):
    reply = ask(driver, said, now=MAY_20)
    assert reply.intent == "unresolved" and "net" in reply.body.lower() and "€" not in reply.body


def test_net_after_at_is_the_users_netto_when_they_shop_there(driver, make_invoice, ask):
    make_invoice(driver, 5, vendor="Netto", total="4.50", date=dt.date(2025, 5, 3))
    reply = ask(driver, "wie viel bei netto", now=MAY_20)
    assert reply.data["by_currency"][0]["total"] == "4.500"


def test_net_without_at_is_still_the_net_amount(driver, ask):
    assert ask(driver, "wie viel netto dieses jahr", now=MAY_20).data["metric"] == "net"
