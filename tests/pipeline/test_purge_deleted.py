"""A deleted invoice can be undone within UNDO_WINDOW_HOURS; after that it, its items, its document's rows
and its file are purged, and the folders it leaves empty go too."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, text, update

from app.i18n.catalogue import text as say
from app.models import Invoice, Item, Media
from app.tasks.sweep import purge_deleted, purge_exports
from tests.extraction.pdf_factory import build_pdf, text_page


def receipt(n: int) -> bytes:
    return build_pdf([text_page([f"Corner Shop {n}", f"Invoice number: C-{n}", "Invoice date: 13.01.2024",
                                 f"Bread   {n}.00 EUR", f"Total: {n}.00 EUR"])])


def stored_files(settings) -> list[Path]:
    root = Path(settings.media_storage)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def age_deletions(db_session, hours: int) -> None:
    db_session.execute(update(Invoice).where(Invoice.deleted_at.is_not(None))
                       .values(deleted_at=Invoice.deleted_at - text(f"interval '{hours} hours'")))
    db_session.commit()


def two_receipts_one_deleted(whatsapp):
    for n in (1, 2):
        whatsapp.send_media(whatsapp.add_media(receipt(n), "application/pdf"), number="+447700900123")
        whatsapp.run_jobs()
    whatsapp.send_text("delete #1", number="+447700900123")
    whatsapp.run_jobs()


def test_within_the_window_undo_brings_it_back_and_the_purge_keeps_it(whatsapp, db_session):
    two_receipts_one_deleted(whatsapp)
    age_deletions(db_session, 167)
    assert purge_deleted() == 0
    whatsapp.send_text("undo", number="+447700900123")
    whatsapp.run_jobs()
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(Invoice).where(Invoice.deleted_at.is_(None))) == 2
    assert len(stored_files(whatsapp.settings)) == 2


def test_after_the_window_the_invoice_its_rows_and_its_file_are_purged(whatsapp, db_session):
    two_receipts_one_deleted(whatsapp)
    deleted_id = db_session.scalar(select(Invoice.id).where(Invoice.deleted_at.is_not(None)))
    (deleted_file,) = db_session.scalars(select(Media.file_path).where(Media.invoice_id == deleted_id)).all()
    assert Path(deleted_file).exists()
    age_deletions(db_session, 169)

    whatsapp.send_text("undo", number="+447700900123")
    whatsapp.run_jobs()
    assert whatsapp.replies("+447700900123")[-1]["Body"] == say("en", "nothing_to_undo")

    assert purge_exports() == 1  # the periodic purge (cron / janitor) also purges deleted invoices
    db_session.expire_all()
    assert db_session.get(Invoice, deleted_id) is None
    assert db_session.scalar(select(func.count()).select_from(Item).where(Item.invoice_id == deleted_id)) == 0
    assert db_session.scalar(select(func.count()).select_from(Media).where(Media.file_path == deleted_file)) == 0
    assert not Path(deleted_file).exists()
    assert not Path(deleted_file).parent.exists()  # its folder held only that file
    kept = db_session.scalar(select(Invoice).where(Invoice.deleted_at.is_(None)))
    assert kept is not None and len(stored_files(whatsapp.settings)) == 1
    assert purge_deleted() == 0


def test_the_same_document_sent_again_after_the_purge_is_not_a_duplicate(whatsapp, db_session):
    two_receipts_one_deleted(whatsapp)
    age_deletions(db_session, 169)
    purge_deleted()
    whatsapp.send_media(whatsapp.add_media(receipt(1), "application/pdf"), number="+447700900123")
    whatsapp.run_jobs()
    db_session.expire_all()
    newest = db_session.scalar(select(Invoice).order_by(Invoice.id.desc()).limit(1))
    assert newest.duplicate_of_id is None and newest.deleted_at is None
