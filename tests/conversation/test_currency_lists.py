"""Issue 12 made "in EUR" a conversion for figures; a LIST has nothing to convert, so "my USD invoices",
"invoices in dollars" (and the same in the other languages) list only that currency's invoices, offline and
through the model's list tool, instead of silently listing every invoice."""
import datetime as dt
import json

import pytest

NOW = dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)


@pytest.fixture
def traveller(make_user, make_invoice):
    user = make_user(number="+34612345678")
    for seq, vendor, currency in ((1, "Mercadona", "EUR"), (2, "Walmart", "USD"), (3, "Target", "USD"),
                                  (4, "Lidl", "EUR")):
        make_invoice(user, seq, vendor=vendor, total="10.00", currency=currency, date=dt.date(2025, 6, seq))
    return user


@pytest.mark.parametrize("text", ["my USD invoices", "invoices in dollars", "mis facturas en dólares",
                                  "minhas faturas em dólares", "mes factures en dollars",
                                  "meine Rechnungen in Dollar"])
def test_a_list_in_a_currency_lists_only_that_currencys_invoices(traveller, ask, text):
    reply = ask(traveller, text, now=NOW)
    assert [inv["seq"] for inv in reply.data["invoices"]] == [3, 2]
    assert "Mercadona" not in reply.body and "USD" in reply.body  # the scope line names the currency


def test_the_list_tool_takes_a_currency(traveller, db_session, settings):
    from app.conversation.tool_registry import run_tool
    from app.conversation.tools import ToolContext

    ctx = ToolContext(session=db_session, user_id=traveller.id, settings=settings, timezone="Europe/Madrid",
                      today=NOW.date(), now=NOW, day_first=True, memory={})
    result = run_tool(ctx, "list_invoices", json.dumps({"currency": "USD"}))
    assert [inv["seq"] for inv in result["invoices"]] == [3, 2] and result["matching"] == 2
