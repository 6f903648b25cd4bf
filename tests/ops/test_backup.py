"""``flask backup`` then ``flask restore`` into an empty database and an empty storage: every row and every
file comes back (local disk and S3), and a restore never overwrites a database that holds data."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.config import Settings, get_settings
from devtools.scratch_db import create_database, drop_database
from tests.extraction.pdf_factory import build_pdf, text_page

# Columns that name where a file lives: restore points them at the new storage on purpose.
RELOCATED = {("media", "file_path"), ("media", "file_url"), ("invoices", "file_url")}


def receipt(n: int) -> bytes:
    return build_pdf([text_page([f"Hardware Store {n}", f"Invoice number: H-{n}", "Invoice date: 13.01.2024",
                                 f"Screws   {n}.30 EUR", f"Total: {n}.30 EUR"])])


def populate(whatsapp) -> None:
    """A realistic database: two users, documents, answers, a deleted invoice, a CSV export."""
    for n, number in ((1, "+447700900111"), (2, "+447700900111"), (3, "+34612000222")):
        whatsapp.send_media(whatsapp.add_media(receipt(n), "application/pdf"), number=number)
        whatsapp.run_jobs()
    for body in ("how much did I spend in January 2024?", "delete #2", "export all as csv"):
        whatsapp.send_text(body, number="+447700900111")
        whatsapp.run_jobs()


def snapshot(database_url: str) -> dict[str, list[tuple]]:
    """Every row of every table, the file-location columns left out."""
    engine = create_engine(database_url)
    rows: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        for table in tables:
            columns = [c for c in conn.execute(text(
                "SELECT column_name FROM information_schema.columns WHERE table_name = :t ORDER BY ordinal_position"),
                {"t": table}).scalars() if (table, c) not in RELOCATED]
            listed = ", ".join(f'"{c}"' for c in columns)
            rows[table] = [tuple(r) for r in conn.execute(text(f'SELECT {listed} FROM "{table}" ORDER BY 1'))]
    engine.dispose()
    return rows


def stored_files(settings: Settings, database_url: str) -> dict[str, str]:
    """SHA-256 of each file the media rows name, by media id."""
    from app.media import storage

    engine = create_engine(database_url)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT id, file_path FROM media WHERE file_path IS NOT NULL ORDER BY id")).all()
    engine.dispose()
    return {str(media_id): hashlib.sha256(storage.get(settings, path)).hexdigest() for media_id, path in found}


@pytest.fixture
def empty_target(database_url, tmp_path, monkeypatch):
    """An empty database on the same server and an empty media directory, as settings for the CLI."""
    scratch = create_database(database_url, prefix="ia_test_restore")
    yield scratch, tmp_path / "restored-media"
    from app.db import get_engine

    get_engine.cache_clear()
    drop_database(scratch)


def run_cli(settings: Settings, *args: str):
    from app import create_app

    result = create_app(settings).test_cli_runner().invoke(args=list(args))
    return result


def test_backup_then_restore_into_an_empty_database_finds_every_row_and_file(whatsapp, db_session, tmp_path,
                                                                             empty_target, monkeypatch):
    populate(whatsapp)
    source_rows = snapshot(whatsapp.settings.database_url)
    source_files = stored_files(whatsapp.settings, whatsapp.settings.database_url)
    assert len(source_files) == 4  # three documents and the export
    assert source_rows["invoices"] and source_rows["items"] and source_rows["whatsapp_messages"]

    archive = tmp_path / "backup.tar"
    made = run_cli(whatsapp.settings, "backup", "--output", str(archive))
    assert made.exit_code == 0, made.output
    assert "4 files" in made.output

    scratch, media = empty_target
    monkeypatch.setenv("DATABASE_URL", scratch)
    monkeypatch.setenv("MEDIA_STORAGE", str(media))
    get_settings.cache_clear()
    target = get_settings()
    restored = run_cli(target, "restore", str(archive))
    assert restored.exit_code == 0, restored.output

    assert snapshot(scratch) == source_rows
    assert stored_files(target, scratch) == source_files
    engine = create_engine(scratch)
    with engine.connect() as conn:
        paths = conn.execute(text("SELECT file_path FROM media WHERE file_path IS NOT NULL")).scalars().all()
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    assert all(Path(p).is_relative_to(media.resolve()) for p in paths)  # the new storage, not the old one
    assert revision == snapshot(whatsapp.settings.database_url)["alembic_version"][0][0]


def test_restore_refuses_a_database_that_is_not_empty(whatsapp, db_session, tmp_path):
    populate_one = whatsapp.send_text("hello")
    assert populate_one.status_code == 200
    archive = tmp_path / "backup.tar"
    assert run_cli(whatsapp.settings, "backup", "-o", str(archive)).exit_code == 0
    refused = run_cli(whatsapp.settings, "restore", str(archive))
    assert refused.exit_code != 0
    assert "not empty" in refused.output


def test_backup_and_restore_with_media_on_s3(whatsapp, db_session, tmp_path, empty_target, monkeypatch):
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                            "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint,
                            "MEDIA_STORAGE": "s3://invoices-source/live"}.items():
            monkeypatch.setenv(name, value)
        s3 = boto3.client("s3", endpoint_url=endpoint)
        s3.create_bucket(Bucket="invoices-source")
        s3.create_bucket(Bucket="invoices-restored")
        get_settings.cache_clear()
        source = get_settings()
        whatsapp.settings = source
        whatsapp.app.config["SETTINGS"] = source
        whatsapp.send_media(whatsapp.add_media(receipt(7), "application/pdf"), number="+447700900111")
        whatsapp.run_jobs()
        source_files = stored_files(source, source.database_url)
        assert len(source_files) == 1
        archive = tmp_path / "backup.tar"
        assert run_cli(source, "backup", "-o", str(archive)).exit_code == 0

        scratch, _ = empty_target
        monkeypatch.setenv("DATABASE_URL", scratch)
        monkeypatch.setenv("MEDIA_STORAGE", "s3://invoices-restored/copy")
        get_settings.cache_clear()
        target = get_settings()
        restored = run_cli(target, "restore", str(archive))
        assert restored.exit_code == 0, restored.output
        assert stored_files(target, scratch) == source_files
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="invoices-restored")["Contents"]]
        assert len(keys) == 1 and keys[0].startswith("copy/users/")
    finally:
        server.stop()
