"""The monthly report, its opt-in and the accountant pack through OpenAI tool calling (real openai client,
fake OpenAI server): the same functions as offline, files attached or linked by code, never by the model."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import select

from app.models import Media, ReportSubscription
from tests.conversation_actions.test_agent import ai_settings, ask_ai, tool_messages  # noqa: F401


@pytest.fixture
def alice(make_user, make_invoice):
    user = make_user(language="en")
    make_invoice(user, 1, vendor="Shell", total="30.00", date=dt.date(2025, 5, 2), category="fuel")
    make_invoice(user, 2, vendor="Lidl", total="12.40", date=dt.date(2025, 5, 6), category="groceries")
    make_invoice(user, 3, vendor="Shell", total="55.00", date=dt.date(2025, 4, 20), category="fuel")
    return user


def test_monthly_report_tool_attaches_the_chart_and_gives_the_model_figures(ask_ai, alice, fake_openai,  # noqa: F811
                                                                            db_session):
    fake_openai.push_tool_calls([{"name": "monthly_report", "arguments": {"period": "May 2025"}}])
    fake_openai.push_content("May 2025: *€42.40* over 2 invoices, chart attached.")
    reply = ask_ai(alice, "give me my May report")
    [url] = reply.media_urls
    assert url.startswith("https://assistant.example.test/reports/") and url.endswith(".png")
    [result] = tool_messages(fake_openai.requests[1])
    assert result["ok"] is True and result["invoices"] == 2 and result["totals"] == {"EUR": "42.40"}
    assert result["chart_attached_to_reply"] is True and "file_path" not in result
    assert url.rsplit("/", 1)[1].removesuffix(".png") not in json.dumps([r.json for r in fake_openai.requests])
    stored = db_session.scalar(select(Media).where(Media.user_id == alice.id))
    assert stored.content_type == "image/png"


def test_accountant_pack_tool_puts_the_link_above_the_models_answer(ask_ai, alice, fake_openai):  # noqa: F811
    fake_openai.push_tool_calls([{"name": "accountant_pack", "arguments": {"period": "2025"}}])
    fake_openai.push_content("Your pack for 2025 is ready (3 invoices).")
    reply = ask_ai(alice, "export 2025 for my accountant")
    first_line = reply.body.splitlines()[0]
    assert first_line.startswith("🗂️ Accountant pack (CSV + Excel + originals")
    [url] = re.findall(r"https://\S+\.zip", reply.body)
    assert url.startswith("https://assistant.example.test/packs/")
    [result] = tool_messages(fake_openai.requests[1])
    assert result["ok"] is True and result["invoices"] == 3 and result["link_added_to_reply"] is True
    assert url not in json.dumps([r.json for r in fake_openai.requests])


def test_subscription_tool_switches_the_report_on_the_first(ask_ai, alice, fake_openai, db_session):  # noqa: F811
    fake_openai.push_tool_calls([{"name": "monthly_report_subscription", "arguments": {"monthly": True}}])
    fake_openai.push_content("Done: you'll get a report on the 1st of every month.")
    ask_ai(alice, "send me a monthly report")
    assert db_session.get(ReportSubscription, alice.id).monthly is True
