"""Issue 10 with OPENAI_API_KEY set: the offline kinds rule holds for the model's tools too. "The water bill" is
not every utility bill: a category the model passes is narrowed to the shops of the kind the question names,
and when none of the user's shops can be told to be of it the tool refuses and no figure is given. The real
openai client against the fake OpenAI server of tests/fakes."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from app.conversation import agent
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


def _results(request) -> list[dict]:
    return [json.loads(m["content"]) for m in request.messages if m.get("role") == "tool"]


def test_the_models_category_is_narrowed_to_the_kind_asked(ask_ai, ana, fake_openai):
    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {"category": "utilities"}}])
    fake_openai.push_content("Your electricity came to *150,00 €*.")
    reply = ask_ai(ana, "¿cuánto pagué de luz?")
    [result] = _results(fake_openai.requests[1])
    [eur] = result["by_currency"]
    assert (Decimal(eur["total"]), eur["count"]) == (Decimal("150.00"), 2)
    assert "Iberdrola" in reply.body.splitlines()[0]


def test_a_kind_no_shop_can_be_told_to_be_gives_no_figure(ask_ai, ana, fake_openai):
    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {"category": "utilities"}}])
    fake_openai.push_content("Which of your utility bills is the gas one?")
    ask_ai(ana, "¿y el gas?")
    [result] = _results(fake_openai.requests[1])
    assert result["error"] == "which_kind" and "by_currency" not in result
