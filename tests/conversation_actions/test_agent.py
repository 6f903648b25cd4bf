"""Answering with OpenAI tool calling: the real openai client against the fake OpenAI server."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.conversation import agent
from app.models import Invoice, Media, Message, MessageRole, Usage
from tests.conversation_actions.conftest import NOW


@pytest.fixture
def ai_settings(settings, fake_openai, monkeypatch):
    from app.config import get_settings

    monkeypatch.setenv("OPENAI_API_KEY", fake_openai.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_MODEL", "gpt-4o-mini")
    monkeypatch.setenv("OPENAI_TIMEOUT_SECONDS", "5")
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def ask_ai(db_session, conversation_for, ai_settings, executors):
    conversations = {}

    def ask(user, text: str, now: dt.datetime = NOW, **kwargs):
        conversation = conversations.get(user.id) or conversations.setdefault(user.id, conversation_for(user))
        reply = agent.answer(db_session, user=user, conversation=conversation, text=text, now=now,
                             settings=ai_settings, **kwargs)
        db_session.flush()
        return reply

    ask.conversation = lambda user: conversations[user.id]
    return ask


@pytest.fixture
def alice(make_user, make_invoice):
    user = make_user()
    make_invoice(user, 1, vendor="Shell", total="30.00", tax="5.00", date=dt.date(2025, 5, 2),
                 items=[("Diesel", "30.00", "fuel")])
    make_invoice(user, 2, vendor="Lidl", total="12.40", date=dt.date(2025, 5, 6))
    make_invoice(user, 3, vendor="Shell", total="55.00", date=dt.date(2025, 4, 20))
    return user


def tool_messages(request) -> list[dict]:
    return [json.loads(m["content"]) for m in request.messages if m.get("role") == "tool"]


def test_tool_call_round_trip_is_answered_from_the_tool_result(ask_ai, alice, fake_openai):
    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {"period": "May 2025"}}])
    fake_openai.push_content("You spent *€42.40* in May 2025 (2 invoices).")
    reply = ask_ai(alice, "how much did I spend in May 2025?")

    # The scope line is built from what the tool really ran, not from the model's words.
    assert reply.body == "*May 2025 · 2 invoices*\nYou spent *€42.40* in May 2025 (2 invoices)."
    assert reply.intent == "agent" and reply.data == {"tools": ["spending_summary"]}
    first, second = fake_openai.requests
    assert first.messages[0]["role"] == "system" and first.messages[-1] == {
        "role": "user", "content": "how much did I spend in May 2025?"}
    [result] = tool_messages(second)
    assert result["period"] == {"from": "2025-05-01", "to": "2025-05-31"}
    [eur] = result["by_currency"]
    assert (eur["currency"], Decimal(eur["total"]), eur["count"]) == ("EUR", Decimal("42.40"), 2)
    assert second.messages[-2]["tool_calls"][0]["function"]["name"] == "spending_summary"


def test_every_call_is_recorded_in_usage_with_its_cost(ask_ai, alice, fake_openai, db_session):
    fake_openai.push_tool_calls([{"name": "list_invoices", "arguments": {"limit": 3}}],
                                prompt_tokens=1000, completion_tokens=50)
    fake_openai.push_content("Your last 3 invoices: #3, #2, #1.", prompt_tokens=2000, completion_tokens=100)
    ask_ai(alice, "show my last 3 invoices")
    rows = db_session.scalars(select(Usage).where(Usage.user_id == alice.id).order_by(Usage.id)).all()
    assert [(u.usage_type, u.model_name, u.tokens_in, u.tokens_out) for u in rows] == [
        ("chat", "gpt-4o-mini", 1000, 50), ("chat", "gpt-4o-mini", 2000, 100)]
    # gpt-4o-mini: USD 0.15 per 1M input tokens, 0.60 per 1M output tokens
    assert [u.cost for u in rows] == [Decimal("0.00018000"), Decimal("0.00036000")]


def test_tools_offered_are_the_fixed_set_and_none_takes_a_user(ask_ai, alice, fake_openai):
    fake_openai.push_content("Hi!")
    ask_ai(alice, "hello there")
    offered = {t["function"]["name"]: t["function"]["parameters"] for t in fake_openai.requests[0].tools}
    assert set(offered) == {"spending_summary", "compare_spending", "tax_paid", "list_invoices", "show_invoice",
                            "top_vendors", "biggest_invoice", "correct_field", "delete_invoice", "undo_delete",
                            "keep_duplicate", "export_csv", "mark_paid", "set_due_date", "list_due", "set_reminders",
                            "set_budget", "remove_budget", "budget_status", "create_category",
                            "invoice_history", "set_home_currency", "monthly_report",
                            "monthly_report_subscription", "accountant_pack", "add_expense"}
    for name, schema in offered.items():
        assert schema["additionalProperties"] is False, name
        assert not any("user" in prop for prop in schema.get("properties", {})), name


def test_it_means_the_invoice_a_tool_touched_last(ask_ai, alice, fake_openai, db_session):
    fake_openai.push_tool_calls([{"name": "show_invoice", "arguments": {"invoice": "#2"}}])
    fake_openai.push_content("#2 · Lidl · €12.40")
    ask_ai(alice, "show #2")
    assert ask_ai.conversation(alice).state["last_invoice_seq"] == 2

    fake_openai.push_tool_calls([{"name": "delete_invoice", "arguments": {"invoice": "it"}}])
    fake_openai.push_content("Deleted #2.")
    ask_ai(alice, "delete that one")
    assert "The invoice discussed last is #2." in fake_openai.requests[2].messages[0]["content"]
    deleted = {inv.seq for inv in db_session.scalars(select(Invoice).where(Invoice.deleted_at.is_not(None)))}
    assert deleted == {2}


def test_recent_messages_are_sent_within_the_token_budget(ai_settings, alice, fake_openai, db_session,
                                                          conversation_for):
    conversation = conversation_for(alice)
    for n in range(10):
        db_session.add(Message(user_id=alice.id, conversation_id=conversation.id, role=MessageRole.user,
                               content=f"question {n} " + "x" * 80,
                               created_at=NOW - dt.timedelta(minutes=30 - 2 * n)))
        db_session.add(Message(user_id=alice.id, conversation_id=conversation.id, role=MessageRole.assistant,
                               content=f"answer {n} " + "y" * 80,
                               created_at=NOW - dt.timedelta(minutes=29 - 2 * n)))
    db_session.add(Message(user_id=alice.id, conversation_id=conversation.id, role=MessageRole.user,
                           content="and the total?", created_at=NOW))
    db_session.flush()
    fake_openai.push_content("Which period?")
    reply = agent.answer(db_session, user=alice, conversation=conversation, text="and the total?", now=NOW,
                         settings=ai_settings, options=agent.AgentOptions(history_token_budget=110))
    assert reply.body == "Which period?"
    sent = fake_openai.requests[0].messages
    history = [m["content"][:10] for m in sent[1:-1]]
    # each old message is ~26 tokens: the 4 newest fit in 110, oldest first, the question itself once
    assert history == ["question 8", "answer 8 y", "question 9", "answer 9 y"]
    assert sent[-1] == {"role": "user", "content": "and the total?"}
    assert sum(1 for m in sent if m["content"] == "and the total?") == 1


def test_history_never_includes_another_conversation(db_session, alice, make_user, conversation_for, ask_ai,
                                                     fake_openai):
    bob = make_user()
    theirs = conversation_for(bob)
    db_session.add(Message(user_id=bob.id, conversation_id=theirs.id, role=MessageRole.user, content="bob's words"))
    db_session.flush()
    fake_openai.push_content("Hi")
    ask_ai(alice, "hello")
    assert "bob's words" not in json.dumps(fake_openai.requests[0].json)


def test_export_is_attached_and_the_link_is_never_shown_to_the_model(ask_ai, alice, fake_openai, db_session):
    fake_openai.push_tool_calls([{"name": "export_csv", "arguments": {"date_from": "2025-05-01",
                                                                     "date_to": "2025-05-31"}}])
    fake_openai.push_content("Here is your CSV for May 2025 (2 invoices).")
    reply = ask_ai(alice, "export May 2025")
    [url] = reply.media_urls
    assert url.startswith("https://assistant.example.test/exports/")
    [result] = tool_messages(fake_openai.requests[1])
    assert result["ok"] is True and result["invoices"] == 2 and result["totals"] == {"EUR": "42.40"}
    token = url.rsplit("/", 1)[1].removesuffix(".csv")
    assert token not in json.dumps([r.json for r in fake_openai.requests])
    assert db_session.scalar(select(Media).where(Media.user_id == alice.id)) is not None


def test_openai_failure_falls_back_to_the_offline_answer(ask_ai, alice, fake_openai):
    fake_openai.push_error(500)
    reply = ask_ai(alice, "how much did I spend in May 2025?")
    assert reply.intent == "spending"
    assert "42.40" in reply.body


def test_a_failed_turn_is_rolled_back_before_answering_offline(ask_ai, alice, fake_openai, db_session):
    fake_openai.push_tool_calls([{"name": "delete_invoice", "arguments": {"invoice": "#1"}},
                                 {"name": "export_csv", "arguments": {}}])
    fake_openai.push_error(503)
    reply = ask_ai(alice, "how many invoices do I have?")
    assert reply.intent == "spending"
    assert db_session.scalar(select(Invoice).where(Invoice.user_id == alice.id, Invoice.seq == 1)).deleted_at is None
    assert db_session.scalar(select(Media).where(Media.user_id == alice.id)) is None
    assert len(db_session.scalars(select(Usage).where(Usage.user_id == alice.id)).all()) == 1  # the billed call


def test_endless_tool_calls_are_cut_off(ask_ai, alice, fake_openai, db_session):
    options = agent.AgentOptions(max_tool_rounds=2)
    for _ in range(3):
        fake_openai.push_tool_calls([{"name": "top_vendors", "arguments": {}}])
    reply = ask_ai(alice, "top vendors", options=options)
    assert len(fake_openai.requests) == 3
    assert fake_openai.requests[-1].json["tool_choice"] == "none"
    assert reply.intent == "top_vendors"  # answered offline
    assert len(db_session.scalars(select(Usage).where(Usage.user_id == alice.id)).all()) == 3


@pytest.mark.parametrize("script", ["refusal", "empty", "truncated", "garbage"])
def test_unusable_answers_fall_back(ask_ai, alice, fake_openai, script):
    {"refusal": lambda: fake_openai.push_refusal(),
     "empty": lambda: fake_openai.push_content(""),
     "truncated": lambda: fake_openai.push_content("You spent", finish_reason="length"),
     "garbage": lambda: fake_openai.push_raw("{not json")}[script]()
    reply = ask_ai(alice, "how much did I spend in May 2025?")
    assert reply.intent == "spending" and "42.40" in reply.body


def test_a_slow_model_times_out_into_the_offline_answer(ask_ai, alice, fake_openai):
    fake_openai.push_content("too late", delay=1.5)
    reply = ask_ai(alice, "how much did I spend in May 2025?", options=agent.AgentOptions(total_timeout=0.5))
    assert reply.intent == "spending"


def test_long_answers_are_cut_to_one_whatsapp_message(ask_ai, alice, fake_openai):
    fake_openai.push_content("line of text\n" * 400)
    reply = ask_ai(alice, "tell me everything")
    assert len(reply.body) <= 1600


def test_invalid_arguments_come_back_to_the_model_as_errors(ask_ai, alice, fake_openai):
    fake_openai.push_tool_calls([
        {"name": "list_invoices", "arguments": {"limit": 5000}},
        {"name": "show_invoice", "arguments": "{not json"},
        {"name": "spending_summary", "arguments": {"period": "the age of dinosaurs"}},
        {"name": "show_invoice", "arguments": {"invoice": "#99"}},
    ])
    fake_openai.push_content("Sorry, I couldn't find that.")
    ask_ai(alice, "show me things")
    results = tool_messages(fake_openai.requests[1])
    assert [r["error"] for r in results] == ["invalid_arguments", "invalid_arguments", "invalid_period", "not_found"]
    assert "5000" not in json.dumps(results)  # refused values are not echoed


def test_delete_my_data_never_goes_to_the_model(ask_ai, alice, fake_openai, db_session):
    first = ask_ai(alice, "delete my data")
    second = ask_ai(alice, "yes")
    db_session.commit()
    assert fake_openai.requests == []
    assert first.data == {"pending": "delete_my_data"} and second.data["erased"] is True


def test_without_an_api_key_the_offline_handler_answers(db_session, alice, conversation_for, settings, fake_openai):
    reply = agent.answer(db_session, user=alice, conversation=conversation_for(alice), text="top vendors", now=NOW,
                         settings=settings)
    assert reply.intent == "top_vendors" and fake_openai.requests == []


def test_compare_tool_returns_both_periods_per_currency_for_this_user_only(ask_ai, alice, fake_openai, make_user,
                                                                           make_invoice):
    stranger = make_user()
    make_invoice(stranger, 1, vendor="Shell", total="999.00", date=dt.date(2025, 4, 21))
    fake_openai.push_tool_calls([{"name": "compare_spending",
                                  "arguments": {"period": "April 2025", "other_period": "May 2025"}}])
    fake_openai.push_content("April €55.00, May €42.40.")
    ask_ai(alice, "april vs may?")
    [result] = tool_messages(fake_openai.requests[1])
    april, may = result["periods"]
    assert april["period"] == {"from": "2025-04-01", "to": "2025-04-30"}
    assert [(r["currency"], Decimal(r["total"])) for r in april["by_currency"]] == [("EUR", Decimal("55.00"))]
    assert [(r["currency"], Decimal(r["total"])) for r in may["by_currency"]] == [("EUR", Decimal("42.40"))]


def test_compare_tool_refuses_a_period_it_cannot_read(ask_ai, alice, fake_openai):
    fake_openai.push_tool_calls([{"name": "compare_spending",
                                  "arguments": {"period": "the other day", "other_period": "May 2025"}}])
    fake_openai.push_content("Which periods?")
    ask_ai(alice, "compare")
    [result] = tool_messages(fake_openai.requests[1])
    assert result["error"] == "invalid_period"


def test_top_vendors_tool_ranks_within_a_category(ask_ai, alice, fake_openai):
    fake_openai.push_tool_calls([{"name": "top_vendors", "arguments": {"category": "combustível"}}])
    fake_openai.push_content("Shell.")
    ask_ai(alice, "onde gasto mais em combustível?")
    [result] = tool_messages(fake_openai.requests[1])
    assert [(v["vendor"], Decimal(v["total"])) for v in result["vendors"]] == [("Shell", Decimal("30.00"))]


def test_spending_tool_gives_net_with_the_invoices_it_could_read_it_from(ask_ai, alice, fake_openai):
    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {"metric": "net"}}])
    fake_openai.push_content("€25.00 before tax on 1 invoice.")
    ask_ai(alice, "how much before tax?")
    [result] = tool_messages(fake_openai.requests[1])
    [eur] = result["by_currency"]
    assert (Decimal(eur["net"]), eur["net_count"], eur["count"]) == (Decimal("25.00"), 1, 3)


def test_a_vendor_the_user_has_none_of_is_clarified_without_the_model(ask_ai, alice, fake_openai):
    reply = ask_ai(alice, "how much at costa coffee this year?")
    assert fake_openai.requests == []  # the same clarification as offline, never a wider total from a model
    assert "costa coffee" in reply.body.lower() and "€" not in reply.body


def test_the_model_path_asks_for_the_zone_when_the_clocks_disagree_on_the_answer(ask_ai, make_user, fake_openai):
    user = make_user(number="+61412345678")
    month_end = dt.datetime(2025, 5, 31, 15, 0, tzinfo=dt.UTC)  # 1 June in Sydney, still 31 May in Perth
    reply = ask_ai(user, "how much did I spend this month?", now=month_end)
    assert fake_openai.requests == [] and "?" in reply.body and "Perth" in reply.body
    ask_ai(user, "my timezone is Perth", now=month_end)
    assert user.timezone == "Australia/Perth" and fake_openai.requests == []


def test_the_scope_line_comes_from_the_tool_not_from_the_models_words(ask_ai, alice, fake_openai):
    # A model that reads "Shell in April" as all of April still shows what it really asked for.
    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {"period": "April 2025"}}])
    fake_openai.push_content("You spent *€55.00* at Shell in April.")
    reply = ask_ai(alice, "how much at shell in april?")
    assert reply.body.splitlines()[0] == "*April 2025 · 1 invoice*"
    fake_openai.push_tool_calls([{"name": "spending_summary", "arguments": {"period": "May 2025", "vendor": "shell"}}])
    fake_openai.push_content("You spent *€30.00* at Shell in May.")
    assert ask_ai(alice, "and in may?").body.splitlines()[0] == "*May 2025 · Shell · 1 invoice*"
