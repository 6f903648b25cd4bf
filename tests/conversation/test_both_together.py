""""Both together" after two questions adds up the two things just asked about; with nothing to add up it
says the words back instead of a figure."""
from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def eater(make_user, make_invoice):
    user = make_user(number="+447700900321", timezone="Europe/London")
    make_invoice(user, 1, vendor="Deliveroo", total="10.00", date=dt.date(2025, 4, 3))
    make_invoice(user, 2, vendor="Just Eat", total="7.50", date=dt.date(2025, 4, 9))
    make_invoice(user, 3, vendor="Deliveroo", total="20.00", date=dt.date(2025, 5, 3))
    make_invoice(user, 4, vendor="Just Eat", total="1.25", date=dt.date(2025, 5, 9))
    make_invoice(user, 5, vendor="Tesco", total="99.00", date=dt.date(2025, 4, 20))
    return user


def _figures(reply) -> list[str]:
    return [row["total"] for row in reply.data["by_currency"]]


@pytest.mark.parametrize("both", ["both together in april", "the two together in april",
                                  "los dos juntos en abril", "beide zusammen im April"])
def test_both_together_after_two_vendors_sums_those_two_vendors(eater, ask, both):
    ask(eater, "deliveroo in may")
    ask(eater, "and just eat?")
    reply = ask(eater, both)
    assert _figures(reply) == ["17.500"]  # April: 10.00 + 7.50, not Tesco's 99.00


def test_both_together_after_two_periods_adds_the_periods_up(eater, ask):
    ask(eater, "deliveroo april vs may")
    reply = ask(eater, "both together")
    assert reply.intent == "compare_spending" and "30.00" in reply.body  # 10.00 + 20.00


def test_both_together_with_nothing_to_add_up_states_no_figure(eater, ask):
    ask(eater, "deliveroo in may")
    reply = ask(eater, "both together")
    assert reply.intent == "unresolved" and "£" not in reply.body


def test_vendors_named_together_are_summed(eater, ask):
    assert _figures(ask(eater, "Deliveroo and Just Eat together in May")) == ["21.250"]
