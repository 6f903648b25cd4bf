"""Issue 10 with OPENAI_API_KEY set: the spending and list tools take several vendors, and the offline rules
hold server-side (every name must be the user's or nothing is totalled; a word of the question nothing
could read is never left out of a figure; "the water bill" is only the shops of that kind, or no figure; the
reply carries the scope line of what really ran). The real openai client against the fake OpenAI server of tests/fakes."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from app.conversation import agent
from app.conversation.tool_registry import TOOLS
from tests.fakes.openai_fixture import fake_openai  # noqa: F401

NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def ai_settings(settings, fake_openai, monkeypatch):  # noqa: F811
    from app.config import get_settings

    monkeypatch.setenv("OPENAI_API_KEY", fake_openai.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_MODEL", "gpt-4o-mini")
    monkeypatch.setenv("OPENAI_TIMEOUT_SECONDS", "5")
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def ask_ai(db_session, conversation_for, ai_settings):
    def ask(user, text: str):
        reply = agent.answer(db_session, user=user, conversation=conversation_for(user), text=text, now=NOW,
                             settings=ai_settings)
        db_session.flush()
        return reply

    return ask


@pytest.fixture
def bob(make_user, make_invoice):
    user = make_user(number="+447911123456")
    for seq, vendor, total in ((1, "Tesco", "20.00"), (2, "Lidl", "7.50"), (3, "Shell", "50.00"),
                               (4, "Tesco", "5.00")):
        make_invoice(user, seq, vendor=vendor, total=total, currency="GBP", date=dt.date(2025, 5, seq))
    return user


def _tool_results(request) -> list[dict]:
    return [json.loads(m["content"]) for m in request.messages if m.get("role") == "tool"]


def test_spending_over_several_vendors_totals_them_together_with_their_scope_line(ask_ai, bob, fake_openai):
    fake_openai.push_tool_calls([{"name": "spending_summary",
                                  "arguments": {"period": "May 2025", "vendors": ["tesco", "lidl"]}}])
    fake_openai.push_content("You spent *£32.50* at Tesco and Lidl in May.")
    reply = ask_ai(bob, "how much at tesco and lidl in may?")
    [result] = _tool_results(fake_openai.requests[1])
    [gbp] = result["by_currency"]
    assert (Decimal(gbp["total"]), gbp["count"]) == (Decimal("32.50"), 3)
    assert reply.body.startswith("*May 2025 · Tesco + Lidl · 3 invoices*\n")


def test_one_unknown_vendor_among_several_totals_nothing(ask_ai, bob, fake_openai):
    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {"vendors": ["Tesco", "Costa Coffee"]}}])
    fake_openai.push_content("I found no invoices from that shop.")
    reply = ask_ai(bob, "and those two?")
    [result] = _tool_results(fake_openai.requests[1])
    assert result["unmatched"] == "vendor" and result["by_currency"] == [] and result["scope"] == ""
    assert "£" not in reply.body


def test_a_name_longer_than_the_users_vendor_is_no_match(ask_ai, bob, fake_openai):
    # "Tesco Express" is not Tesco: the same rule as the offline parser's unread words.
    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {"vendor": "Tesco Express"}}])
    fake_openai.push_content("No invoices from Tesco Express.")
    ask_ai(bob, "and that one?")
    [result] = _tool_results(fake_openai.requests[1])
    assert result["unmatched"] == "vendor" and "Tesco" in result["suggestions"]


def test_a_figure_that_leaves_out_an_unread_word_is_refused_server_side(ask_ai, bob, fake_openai):
    # The model drops "costa coffee" and asks for everything: the tool refuses, no figure, no scope line.
    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {}}])
    fake_openai.push_content("I don't know Costa Coffee among your shops. Did you mean another one?")
    reply = ask_ai(bob, "tesco and costa coffee total")
    [result] = _tool_results(fake_openai.requests[1])
    assert result["error"] == "unresolved" and "costa coffee" in result["detail"]
    assert "£" not in reply.body and "All time" not in reply.body


def test_an_unread_word_passed_on_as_the_vendor_gets_the_vendor_rule(ask_ai, bob, fake_openai):
    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {"vendors": ["Tesco", "Costa Coffee"]}}])
    fake_openai.push_content("No invoices from Costa Coffee.")
    ask_ai(bob, "tesco and costa coffee total")
    [result] = _tool_results(fake_openai.requests[1])
    assert result["unmatched"] == "vendor" and result["by_currency"] == []


def test_the_list_tool_takes_several_vendors_too(ask_ai, bob, fake_openai):
    fake_openai.push_tool_calls([{"name": "list_invoices", "arguments": {"vendors": ["Lidl", "Shell"]}}])
    fake_openai.push_content("#3 Shell £50.00, #2 Lidl £7.50")
    reply = ask_ai(bob, "my lidl and shell receipts")
    [result] = _tool_results(fake_openai.requests[1])
    assert [inv["seq"] for inv in result["invoices"]] == [3, 2]
    assert reply.body.startswith("*All time · Lidl + Shell · 2 invoices*\n")


def test_the_tools_refuse_more_vendors_than_a_question_names():
    spec = TOOLS["spending_summary"].spec()["function"]["parameters"]["properties"]["vendors"]
    assert "Tesco" in spec["description"]
    result = TOOLS["spending_summary"].arguments.model_json_schema()
    assert result["properties"]["vendors"]["anyOf"][0]["maxItems"] == 6


def test_every_figure_tool_refuses_to_leave_out_an_unread_word(db_session, bob, settings):
    from app.conversation.tool_registry import run_tool
    from app.conversation.tools import ToolContext

    ctx = ToolContext(session=db_session, user_id=bob.id, settings=settings, timezone="Europe/London",
                      today=NOW.date(), now=NOW, day_first=True, memory={}, unread=("costa coffee",))
    for name, args in (("spending_summary", {}), ("tax_paid", {"period": "May 2025"}), ("top_vendors", {}),
                       ("compare_spending", {"period": "May 2025", "other_period": "April 2025"}),
                       ("biggest_invoice", {"category": "groceries"})):
        assert run_tool(ctx, name, json.dumps(args))["error"] == "unresolved", name
    assert ctx.scopes == []
    assert run_tool(ctx, "spending_summary", json.dumps({"vendor": "Costa Coffee"}))["unmatched"] == "vendor"


# The kinds rule: a category the model passes is narrowed to the kind the question names.
def _bill(make_invoice, user, seq, vendor, total, line):
    make_invoice(user, seq, vendor=vendor, total=total, currency="EUR", date=dt.date(2025, 5, seq),
                 items=[(line, total, "utilities")], category="utilities")


@pytest.fixture
def ana(make_user, make_invoice):
    user = make_user(number="+34611222333", timezone="Europe/Madrid")
    _bill(make_invoice, user, 1, "Iberdrola", "80.00", "Electricidad")
    _bill(make_invoice, user, 2, "Canal de Isabel II", "30.00", "Agua")
    _bill(make_invoice, user, 3, "Iberdrola", "70.00", "Electricidad")
    return user


def test_the_models_category_is_narrowed_to_the_kind_asked(ask_ai, ana, fake_openai):
    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {"category": "utilities"}}])
    fake_openai.push_content("Your electricity came to *150,00 €*.")
    reply = ask_ai(ana, "¿cuánto pagué de luz?")
    [result] = _tool_results(fake_openai.requests[1])
    [eur] = result["by_currency"]
    assert (Decimal(eur["total"]), eur["count"]) == (Decimal("150.00"), 2)
    assert "Iberdrola" in reply.body.splitlines()[0]


def test_a_kind_no_shop_can_be_told_to_be_gives_no_figure(ask_ai, ana, fake_openai):
    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {"category": "utilities"}}])
    fake_openai.push_content("Which of your utility bills is the gas one?")
    ask_ai(ana, "¿y el gas?")
    [result] = _tool_results(fake_openai.requests[1])
    assert result["error"] == "which_kind" and "by_currency" not in result


def test_shops_left_out_by_the_model_are_left_out_and_said_in_the_scope_line(ask_ai, bob, fake_openai):
    fake_openai.push_tool_calls([{"name": "spending_summary",
                                  "arguments": {"period": "May 2025", "except_vendors": ["tesco"]}}])
    fake_openai.push_content("Without Tesco you spent *£57.50* in May.")
    reply = ask_ai(bob, "everything except tesco in may")
    [result] = _tool_results(fake_openai.requests[1])
    [gbp] = result["by_currency"]
    assert (Decimal(gbp["total"]), gbp["count"]) == (Decimal("57.50"), 2)
    assert reply.body.startswith("*May 2025 · except Tesco · 2 invoices*\n")
