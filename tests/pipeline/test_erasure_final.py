"""Erasure is final: a replayed webhook re-creates nothing, a racing download leaves no file, no empty
folder stays behind. Everything runs through the real webhook, the real job function and real storage."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import ErasedMessageSid, Invoice, Media, Message, User, WhatsAppMessage
from app.tasks.process import process_message
from tests.fixtures_whatsapp import DEFAULT_USER
from tests.pipeline.media_samples import PDF


def rows(db_session, model) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(model))


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*")) if root.exists() else []


def erase(whatsapp) -> None:
    whatsapp.send_text("delete my data")
    whatsapp.run_jobs()
    whatsapp.send_text("yes")
    whatsapp.run_jobs()


def test_a_replayed_webhook_after_erasure_creates_nothing(whatsapp, db_session):
    url = whatsapp.add_media(PDF, "application/pdf")
    whatsapp.send_media(url)
    whatsapp.run_jobs()
    assert rows(db_session, Invoice) == 1
    media_form = db_session.scalar(select(WhatsAppMessage.raw_webhook).order_by(WhatsAppMessage.id).limit(1))["form"]
    erase(whatsapp)
    assert rows(db_session, User) == 0
    media_root = Path(whatsapp.settings.media_storage)
    assert [p for p in files_under(media_root)] == []  # no file, and no empty folder either

    before = len(whatsapp.job_ids())
    for _ in range(2):  # Twilio's retry, then an attacker's replay of the captured request
        assert whatsapp.post(media_form).status_code == 200
    whatsapp.run_jobs()
    for model in (User, Message, WhatsAppMessage, Media, Invoice):
        assert rows(db_session, model) == 0
    assert len(whatsapp.job_ids()) == before


def test_tombstones_keep_only_a_hash_of_each_erased_sid(whatsapp, db_session):
    whatsapp.send_text("hello")
    whatsapp.run_jobs()
    sids = db_session.scalars(select(WhatsAppMessage.whatsapp_message_id)
                              .where(WhatsAppMessage.status == "received")).all()
    erase(whatsapp)
    sids += [s for s in db_session.scalars(select(WhatsAppMessage.whatsapp_message_id))]
    hashes = set(db_session.scalars(select(ErasedMessageSid.sid_hash)))
    assert len(hashes) == 3  # hello, delete my data, yes
    assert {ErasedMessageSid.hash(sid) for sid in sids} <= hashes
    assert not any(sid in h for sid in sids for h in hashes)


def test_writing_again_after_erasure_starts_from_scratch(whatsapp, db_session):
    whatsapp.send_text("hello")
    whatsapp.run_jobs()
    erase(whatsapp)
    whatsapp.send_text("hello again")
    whatsapp.run_jobs()
    assert rows(db_session, User) == 1
    assert rows(db_session, Message) == 2  # the new message and its answer


@pytest.mark.parametrize("download_seconds", [3.0])
def test_an_erasure_racing_a_download_leaves_no_file(whatsapp, db_session, download_seconds):
    whatsapp.send_text("delete my data")
    whatsapp.run_jobs()
    whatsapp.send_media(whatsapp.add_media(PDF, "application/pdf", delay=download_seconds))
    whatsapp.send_text("yes")
    media_message, confirmation = db_session.scalars(
        select(Message.id).where(Message.role == "user", Message.processed_at.is_(None)).order_by(Message.id)).all()

    # Two workers: one is downloading the attachment while the other runs the confirmed erasure.
    outcome: dict[str, object] = {}

    def download_worker() -> None:
        try:
            outcome["download"] = process_message(media_message)
        except Exception as exc:  # the job may end either way; what matters is what is left behind
            outcome["download"] = exc

    worker = threading.Thread(target=download_worker)
    worker.start()
    assert process_message(confirmation) == "erased"
    worker.join(30)
    assert not worker.is_alive()
    assert outcome["download"] == "gone"  # it stored its file after the erasure, then deleted it

    for model in (User, Message, WhatsAppMessage, Media, Invoice):
        assert rows(db_session, model) == 0
    assert files_under(Path(whatsapp.settings.media_storage)) == []
    # A retry of the download job (RQ would run one after an exception) finds nothing to do.
    assert process_message(media_message) == "missing"


def test_an_erasure_after_the_file_was_stored_deletes_it(whatsapp, db_session):
    whatsapp.send_media(whatsapp.add_media(PDF, "application/pdf"))
    whatsapp.run_jobs()
    (stored,) = [p for p in files_under(Path(whatsapp.settings.media_storage)) if p.is_file()]
    erase(whatsapp)
    assert not stored.exists()
    assert files_under(Path(whatsapp.settings.media_storage)) == []


def test_an_export_stored_for_an_erased_user_deletes_its_file(settings, db_session):
    import datetime as dt

    from sqlalchemy.exc import IntegrityError

    from app.conversation.export import ExportFile, store_export

    user = User(whatsapp_number=DEFAULT_USER)
    db_session.add(user)
    db_session.commit()
    user_id = user.id
    db_session.delete(user)
    db_session.commit()
    exported = ExportFile(filename="invoices.csv", data=b"a,b\n", invoices=0, rows=0, totals={})
    with pytest.raises(IntegrityError):
        store_export(db_session, settings, user_id, exported, now=dt.datetime.now(dt.UTC))
    db_session.rollback()
    assert files_under(Path(settings.media_storage)) == []
