""""Delete my data": asked first, confirmed within the window, then every row and file of the user is gone."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import (
    Conversation,
    Invoice,
    Item,
    Media,
    Message,
    MessageRole,
    Usage,
    User,
    WhatsAppMessage,
    WhatsAppStatus,
)
from tests.conversation_actions.conftest import NOW


@pytest.fixture
def alice_and_bob(db_session, make_user, make_invoice, store_file):
    alice, bob = make_user(), make_user()
    for user in (alice, bob):
        invoice = make_invoice(user, 1, vendor=f"Vendor of {user.id}", items=[("Diesel", "10.00", "fuel")])
        path = store_file(f"users/{user.id}/SM{user.id}/0-abc.pdf")
        db_session.add(Media(user_id=user.id, invoice_id=invoice.id, file_path=path, content_type="application/pdf"))
        db_session.add(Usage(user_id=user.id, usage_type="extraction", tokens_in=10, tokens_out=5))
    db_session.flush()
    return alice, bob


def count(session, model, user: User) -> int:
    return session.scalar(select(func.count()).select_from(model).where(model.user_id == user.id))


def files_of(session, user: User) -> list[Path]:
    return [Path(p) for p in session.scalars(select(Media.file_path).where(Media.user_id == user.id))]


def test_asking_deletes_nothing_and_asks_for_confirmation(db_session, say, alice_and_bob):
    alice, _ = alice_and_bob
    reply = say(alice, "delete my data")
    assert reply.data == {"pending": "delete_my_data"}
    assert "*" in reply.body
    assert count(db_session, Invoice, alice) == 1
    assert all(p.exists() for p in files_of(db_session, alice))


@pytest.mark.parametrize(("request_text", "confirmation"), [
    ("delete my data", "yes"), ("borrar mis datos", "sí"), ("apagar meus dados", "sim"),
    ("delete all my data", "confirm"),
])
def test_confirmation_removes_every_row_and_file_of_the_user(db_session, say, alice_and_bob, request_text,
                                                            confirmation):
    alice, bob = alice_and_bob
    alice_id, alice_files, bob_files = alice.id, files_of(db_session, alice), files_of(db_session, bob)
    assert all(p.exists() for p in alice_files)
    say(alice, request_text)
    reply = say(alice, confirmation, now=NOW + dt.timedelta(minutes=2))
    db_session.commit()  # no stale UPDATE of the deleted conversation or user is flushed

    assert reply.data["erased"] is True and reply.data["files_deleted"] == 1
    assert reply.language in ("en", "es", "pt")
    assert db_session.get(User, alice_id) is None
    for model in (Invoice, Media, Usage, Conversation, Message):
        assert db_session.scalar(select(func.count()).select_from(model).where(model.user_id == alice_id)) == 0
    assert db_session.scalar(select(func.count()).select_from(Item)) == 1  # Bob's
    assert not any(p.exists() for p in alice_files)
    assert count(db_session, Invoice, bob) == 1 and all(p.exists() for p in bob_files)


def test_messages_and_whatsapp_records_go_too(db_session, say, alice_and_bob, conversation_for):
    alice, _ = alice_and_bob
    conversation = conversation_for(alice)
    message = Message(user_id=alice.id, conversation_id=conversation.id, content="delete my data",
                      role=MessageRole.user)
    db_session.add(message)
    db_session.flush()
    db_session.add(WhatsAppMessage(message_id=message.id, whatsapp_message_id="SM" + "a" * 32,
                                   from_number=f"whatsapp:{alice.whatsapp_number}", to_number="whatsapp:+14155238886",
                                   status=WhatsAppStatus.received))
    db_session.flush()
    say(alice, "delete my data")
    say(alice, "yes")
    db_session.commit()
    assert db_session.scalar(select(func.count()).select_from(WhatsAppMessage)) == 0


@pytest.mark.parametrize("answer", ["no", "cancel", "how much did I spend this month?", "show my invoices"])
def test_anything_but_yes_cancels_and_keeps_everything(db_session, say, alice_and_bob, answer):
    alice, _ = alice_and_bob
    say(alice, "delete my data")
    say(alice, answer)
    late_yes = say(alice, "yes")
    db_session.commit()
    assert late_yes.data is None or not late_yes.data.get("erased")
    assert db_session.get(User, alice.id) is not None
    assert count(db_session, Invoice, alice) == 1
    assert count(db_session, Invoice, alice) == 1
    assert all(p.exists() for p in files_of(db_session, alice))


def test_cancel_is_acknowledged(say, alice_and_bob):
    alice, _ = alice_and_bob
    say(alice, "delete my data")
    assert "nothing was deleted" in say(alice, "no").body


def test_confirmation_after_the_window_does_nothing(db_session, say, alice_and_bob):
    alice, _ = alice_and_bob
    say(alice, "delete my data")
    reply = say(alice, "yes", now=NOW + dt.timedelta(minutes=11))
    db_session.commit()
    assert not (reply.data or {}).get("erased")
    assert count(db_session, Invoice, alice) == 1


def test_yes_without_a_request_does_nothing(db_session, say, alice_and_bob):
    alice, _ = alice_and_bob
    say(alice, "yes")
    assert count(db_session, Invoice, alice) == 1


def test_a_failing_file_deletion_fails_the_erasure_so_it_is_retried(db_session, settings, alice_and_bob, tmp_path):
    from app.conversation.erase import erase_user_data
    from app.media.storage import StorageError

    alice, _ = alice_and_bob
    db_session.add(Media(user_id=alice.id, file_path=str(tmp_path / "outside-media" / "x.pdf")))
    db_session.commit()
    with pytest.raises(StorageError):
        erase_user_data(db_session, settings, alice.id)
    db_session.rollback()
    assert db_session.get(User, alice.id) is not None
    assert count(db_session, Invoice, alice) == 1
