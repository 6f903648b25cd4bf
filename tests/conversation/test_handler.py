"""Whole conversations through handle_text on real PostgreSQL: language, memory, isolation, replies."""
import datetime as dt
from decimal import Decimal

import pytest

from app.conversation import handle_text
from app.domain.reply import Reply
from app.models import Invoice


@pytest.fixture
def two_users(make_user, make_invoice):
    alice = make_user(number="+34600000001")
    bob = make_user(number="+351910000002")
    make_invoice(alice, 1, vendor="Repsol", total="40.00", date=dt.date(2025, 4, 10), tax="7.00")
    make_invoice(alice, 2, vendor="Mercadona", total="1234.56", date=dt.date(2025, 5, 2))
    for n in range(1, 6):
        make_invoice(bob, n, vendor="Galp", total="999.99", date=dt.date(2025, 4, 10))
    return alice, bob


def test_replies_in_the_language_of_the_message_with_local_amounts(two_users, ask):
    alice, _ = two_users
    reply = ask(alice, "cuánto gasté este mes")
    assert reply.language == "es" and "Gastaste *1.234,56\xa0€*" in reply.body  # CLDR puts a no-break space
    english = ask(alice, "how much did I spend this month?")
    assert "€1,234.56" in english.body


def test_the_users_language_is_remembered_for_messages_without_words(two_users, ask):
    alice, _ = two_users
    ask(alice, "quanto gastei este mês")
    assert alice.language == "pt"
    assert ask(alice, "#1").language == "pt"


def test_show_n_is_the_askers_own_number(two_users, ask):
    alice, bob = two_users
    assert "Repsol" in ask(alice, "show #1").body
    assert "Galp" in ask(bob, "show #1").body
    assert "Galp" not in ask(alice, "show #5").body


def test_deleting_another_users_number_does_nothing(two_users, ask, db_session):
    alice, bob = two_users
    reply = ask(alice, "delete #5")
    assert reply.data["problem"] == "not_found"
    bobs = db_session.query(Invoice).filter_by(user_id=bob.id, seq=5).one()
    assert bobs.deleted_at is None


def test_totals_never_include_another_users_invoices(two_users, ask):
    _, bob = two_users
    reply = ask(bob, "how much did I spend in April?")
    assert reply.data["by_currency"] == [{"currency": "EUR", "count": 5, "total": "4999.950", "tax": None,
                                          "average": "999.990", "net": None, "net_count": 0, "split": 0}]


def test_it_means_the_last_invoice_discussed(two_users, ask, db_session):
    alice, _ = two_users
    ask(alice, "show #1")
    reply = ask(alice, "delete it")
    assert reply.data["invoice"]["seq"] == 1
    assert "undo" in reply.body
    assert ask(alice, "undo").data["invoice"]["seq"] == 1


def test_the_nth_one_refers_to_the_last_list(two_users, ask):
    alice, _ = two_users
    ask(alice, "show my last 5 invoices")
    assert ask(alice, "show the second one").data["seq"] == 1


def test_a_follow_up_reuses_the_previous_question(two_users, ask):
    alice, _ = two_users
    ask(alice, "how many invoices in May?")
    reply = ask(alice, "and in April?")
    assert reply.intent == "spending" and reply.data["metric"] == "count"
    assert "1 invoice" in reply.body


def test_correction_then_answers_use_the_new_value(two_users, ask):
    alice, _ = two_users
    assert ask(alice, "el total de #1 es 50,00").data["ok"]
    assert "50,00\xa0€" in ask(alice, "muestra #1").body


def test_invalid_correction_explains_what_is_wrong(two_users, ask):
    alice, _ = two_users
    reply = ask(alice, "total of #1 is lots")
    assert not reply.data["ok"] and "amount" in reply.body


def test_keep_a_flagged_duplicate(make_user, make_invoice, ask):
    u = make_user()
    original = make_invoice(u, 1, total="10")
    make_invoice(u, 2, total="10", duplicate_of_id=original.id)
    assert "duplicate" in ask(u, "show #2").body
    assert ask(u, "keep it").data["ok"]
    assert ask(u, "how much did I spend?").data["by_currency"][0]["count"] == 2


def test_delete_my_data_asks_for_confirmation_first(two_users, ask):
    alice, _ = two_users
    reply = ask(alice, "borrar mis datos")
    assert "*sí*" in reply.body
    assert "no se borró nada" in ask(alice, "no").body.lower()


def test_confirmation_runs_the_registered_executor(two_users, ask, monkeypatch):
    from app.conversation import handler

    calls = []
    monkeypatch.setitem(handler._EXTERNAL, "delete_my_data",
                        lambda ctx, intent: calls.append(ctx.user_id) or Reply("gone"))
    alice, _ = two_users
    ask(alice, "delete my data")
    assert ask(alice, "yes").body == "gone" and calls == [alice.id]


def test_a_confirmation_expires(two_users, ask, monkeypatch):
    from app.conversation import handler

    monkeypatch.setitem(handler._EXTERNAL, "delete_my_data", lambda ctx, intent: Reply("gone"))
    alice, _ = two_users
    ask(alice, "delete my data")
    from .conftest import NOW

    assert ask(alice, "yes", now=NOW + dt.timedelta(hours=1)).body != "gone"


def test_yes_without_a_question_confirms_nothing(two_users, ask):
    alice, _ = two_users
    assert "nothing" in ask(alice, "yes").body


def test_another_question_cancels_a_pending_confirmation(two_users, ask, monkeypatch):
    from app.conversation import handler

    monkeypatch.setitem(handler._EXTERNAL, "delete_my_data", lambda ctx, intent: Reply("gone"))
    alice, _ = two_users
    ask(alice, "delete my data")
    ask(alice, "top vendors")
    assert ask(alice, "yes").body != "gone"


def test_unknown_gets_a_friendly_fallback_in_the_users_language(two_users, ask):
    alice, _ = two_users
    ask(alice, "hola")
    reply = ask(alice, "zzzz qqqq")
    assert reply.intent == "unknown" and "ayuda" in reply.body


def test_replies_fit_one_whatsapp_message(make_user, make_invoice, ask):
    u = make_user()
    for n in range(1, 31):
        make_invoice(u, n, vendor="V" * 200, items=[("x" * 300, "1", None)] * 15)
    for question in ["show my last 20 invoices", "show #1", "top vendors", "help"]:
        assert len(ask(u, question).body) <= 1600


def test_hostile_input_is_answered_safely(two_users, ask):
    alice, _ = two_users
    for text in ["'; DROP TABLE invoices; --", "\u0000" * 100, "x" * 100_000, "show #1 OR 1=1"]:
        reply = ask(alice, text)
        assert isinstance(reply.body, str) and len(reply.body) <= 1600
    assert "Galp" not in ask(alice, "show #1 OR 1=1").body


def test_a_conversation_of_another_user_is_refused(two_users, conversation_for, db_session, settings):
    alice, bob = two_users
    with pytest.raises(ValueError):
        handle_text(db_session, user=alice, conversation=conversation_for(bob), text="hi", settings=settings)


def test_periods_follow_the_users_timezone(make_user, make_invoice, ask):
    u = make_user(timezone="Pacific/Auckland")
    make_invoice(u, 1, total="5", date=dt.date(2025, 5, 15))
    late_utc = dt.datetime(2025, 5, 14, 20, 0, tzinfo=dt.timezone.utc)  # already the 15th in Auckland
    assert ask(u, "how much did I spend today?", now=late_utc).data["by_currency"][0]["total"] == "5.000"


def test_multiple_currencies_are_listed_separately(make_user, make_invoice, ask):
    u = make_user()
    make_invoice(u, 1, total="10", currency="EUR")
    make_invoice(u, 2, total="20", currency="USD")
    body = ask(u, "how much did I spend?").body
    assert "€10.00" in body and "$20.00" in body and "30" not in body


def test_totals_survive_decimal_precision(make_user, make_invoice, ask):
    u = make_user()
    make_invoice(u, 1, total="0.10")
    make_invoice(u, 2, total="0.20")
    assert Decimal(ask(u, "total spent").data["by_currency"][0]["total"]) == Decimal("0.3")
