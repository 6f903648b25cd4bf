"""Backups: the database (``pg_dump`` custom format) and every stored file, consistent with each other, in
one tar archive; restore into an empty database and the configured media storage (local or S3).

Archive layout::

    manifest.json     format, time, Alembic revision, row count per table, one entry per file
                      (the path rows named it by, its storage key, size, SHA-256)
    database.dump     pg_dump --format=custom of the whole database
    media/<key>       each file, under its storage key (``users/<id>/...``, ``exports/<id>/...``)

Consistency: the dump runs on a snapshot exported from a REPEATABLE READ transaction (``pg_dump
--snapshot``), and the list of files is read in that same transaction, so the archive holds exactly the
files the dumped rows name. A file deleted between the snapshot and its copy (an erasure at that moment)
is listed as missing in the manifest and reported, not silently skipped.

Restore puts every file back under the same key in the storage ``MEDIA_STORAGE`` names now (a new
directory, another bucket) and rewrites ``media.file_path`` / ``file_url`` (and ``invoices.file_url``) to
the new location, ``updated_at`` untouched, then checks every table's row count and every file's SHA-256 against the manifest.

``pg_dump`` / ``pg_restore`` come from ``PG_BIN_DIR`` when set, else ``PATH``, else the binaries of the
embedded PostgreSQL (pgserver); the first whose major version is at least the server's is used.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from psycopg.conninfo import make_conninfo
from sqlalchemy import Connection, create_engine, func, select, table, text
from sqlalchemy.engine import make_url

from app.config import Settings
from app.media import storage

log = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"


class BackupError(Exception):
    pass


@dataclass
class Report:
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# -- PostgreSQL client tools ---------------------------------------------------------------------------

def _libpq(database_url: str) -> tuple[str, dict[str, str]]:
    """A libpq conninfo for the URL (without the password) and the environment carrying the password."""
    url = make_url(database_url)
    params: dict[str, Any] = {k: v for k, v in url.query.items() if isinstance(v, str)}
    if url.host:
        params["host"] = url.host
    if url.port:
        params["port"] = str(url.port)
    if url.username:
        params["user"] = url.username
    params["dbname"] = url.database or "postgres"
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)  # never on a command line, where ps would show it
    return make_conninfo(**params), env


def _major(binary: Path) -> int | None:
    try:
        out = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=10, check=False).stdout
    except OSError:
        return None
    found = re.search(r"\b(\d+)(?:\.\d+)?", out)
    return int(found.group(1)) if found else None


def _candidates(name: str, settings: Settings) -> Iterator[Path]:
    if settings.pg_bin_dir:
        yield Path(settings.pg_bin_dir) / name
    on_path = shutil.which(name)
    if on_path:
        yield Path(on_path)
    try:
        import pgserver

        yield Path(pgserver.__file__).parent / "pginstall" / "bin" / name
    except ImportError:
        pass


def pg_tool(name: str, settings: Settings, server_major: int) -> Path:
    for candidate in _candidates(name, settings):
        major = _major(candidate) if candidate.exists() else None
        if major is not None and major >= server_major:
            return candidate
    raise BackupError(f"no {name} of PostgreSQL {server_major} or newer found (set PG_BIN_DIR)")


def _server_major(conn: Connection) -> int:
    return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000


# -- backup --------------------------------------------------------------------------------------------

def _counts(conn: Connection) -> dict[str, int]:
    tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).scalars()
    return {name: int(conn.execute(select(func.count()).select_from(table(name))).scalar_one()) for name in tables}


def _key_for(settings: Settings, file_path: str) -> str:
    """The storage key a file is archived (and restored) under: its key in the configured storage, or,
    for a file stored elsewhere (MEDIA_STORAGE changed since), one derived from its path."""
    key = storage.storage_for(settings).key_of(file_path)
    if key:
        return key
    digest = hashlib.sha256(file_path.encode()).hexdigest()[:16]
    name = re.sub(r"[^A-Za-z0-9._-]", "_", Path(file_path).name) or "file"
    return f"elsewhere/{digest}/{name}"


def backup(settings: Settings, output: Path) -> Report:
    """Write a backup archive of the database and media to ``output``."""
    report = Report()
    engine = create_engine(settings.database_url)
    with tempfile.TemporaryDirectory(prefix="invoice-backup-") as work:
        dump = Path(work) / DUMP
        try:
            with engine.connect() as conn:
                conn.execute(text("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"))
                snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                tool = pg_tool("pg_dump", settings, _server_major(conn))
                conninfo, env = _libpq(settings.database_url)
                done = subprocess.run([str(tool), "--format=custom", f"--snapshot={snapshot}", "--no-owner",
                                       "--no-privileges", "--file", str(dump), "--dbname", conninfo],
                                      env=env, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    raise BackupError(f"pg_dump failed: {done.stderr.strip()[:500]}")
                report.tables = _counts(conn)
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                paths = list(conn.execute(text(
                    "SELECT DISTINCT file_path FROM media WHERE file_path IS NOT NULL ORDER BY 1")).scalars())
                conn.execute(text("COMMIT"))
        finally:
            engine.dispose()
        files = _write_archive(settings, output, dump, paths, report)
        manifest = {"format": FORMAT, "created_at": dt.datetime.now(dt.UTC).isoformat(),
                    "alembic_revision": revision, "tables": report.tables, "files": files,
                    "missing": report.missing}
        _append(output, MANIFEST, json.dumps(manifest, indent=1).encode())
    return report


def _write_archive(settings: Settings, output: Path, dump: Path, paths: list[str],
                   report: Report) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = []
    output.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(output, "w") as archive:
        archive.add(dump, arcname=DUMP)
        for path in paths:
            try:
                data = storage.get(settings, path)
            except (storage.StorageError, OSError) as exc:
                log.warning("file missing from storage: %s (%s)", path, type(exc).__name__)
                report.missing.append(path)
                continue
            key = _key_for(settings, path)
            info = tarfile.TarInfo(f"media/{key}")
            info.size = len(data)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
            files.append({"path": path, "key": key, "size": len(data),
                          "sha256": hashlib.sha256(data).hexdigest()})
            report.files += 1
            report.bytes += len(data)
    return files


def _append(output: Path, name: str, data: bytes) -> None:
    with tarfile.open(output, "a") as archive:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
        archive.addfile(info, io.BytesIO(data))


# -- restore -------------------------------------------------------------------------------------------

def _open_member(archive: tarfile.TarFile, name: str) -> IO[bytes]:
    try:
        handle = archive.extractfile(name)
    except KeyError as exc:
        raise BackupError(f"not a backup archive: no {name}") from exc
    if handle is None:
        raise BackupError(f"not a backup archive: {name} is not a file")
    return handle


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    with _open_member(archive, name) as handle:
        return handle.read()


def _extract_to(archive: tarfile.TarFile, name: str, target: Path) -> None:
    """Copy a member to a file in chunks: a database dump can be far bigger than memory should hold."""
    with _open_member(archive, name) as handle, target.open("wb") as out:
        shutil.copyfileobj(handle, out, 1024 * 1024)


def restore(settings: Settings, source: Path, *, progress: Callable[[str], None] = log.info) -> Report:
    """Restore an archive written by :func:`backup` into the (empty) database ``DATABASE_URL`` names and
    the storage ``MEDIA_STORAGE`` names; returns what was restored and any mismatch found checking it."""
    report = Report()
    with tarfile.open(source, "r") as archive:
        manifest = json.loads(_member(archive, MANIFEST))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        engine = create_engine(settings.database_url)
        try:
            with engine.connect() as conn:
                existing = conn.execute(text(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar_one()
                if existing:
                    raise BackupError("the target database is not empty: restore into a new, empty database")
                major = _server_major(conn)
            with tempfile.TemporaryDirectory(prefix="invoice-restore-") as work:
                dump = Path(work) / DUMP
                _extract_to(archive, DUMP, dump)
                conninfo, env = _libpq(settings.database_url)
                done = subprocess.run([str(pg_tool("pg_restore", settings, major)), "--no-owner", "--no-privileges",
                                       "--exit-on-error", "--single-transaction", "--dbname", conninfo, str(dump)],
                                      env=env, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    raise BackupError(f"pg_restore failed: {done.stderr.strip()[:500]}")
            progress(f"database restored ({sum(manifest['tables'].values())} rows)")
            target = storage.storage_for(settings)
            with engine.begin() as conn:
                # Moving a file is not an edit: keep updated_at as backed up (the trigger would set now()).
                for name in ("media", "invoices"):
                    conn.execute(text(f"ALTER TABLE {name} DISABLE TRIGGER USER"))
                for entry in manifest["files"]:
                    data = _member(archive, f"media/{entry['key']}")
                    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                        raise BackupError(f"file {entry['key']} does not match its checksum")
                    new_path, new_url = target.put(entry["key"], data, _content_type(conn, entry["path"]))
                    _repoint(conn, entry["path"], new_path, new_url)
                    report.files += 1
                    report.bytes += len(data)
                for name in ("media", "invoices"):
                    conn.execute(text(f"ALTER TABLE {name} ENABLE TRIGGER USER"))
            progress(f"{report.files} files restored")
            _verify(settings, engine, manifest, report)
        finally:
            engine.dispose()
    report.missing = list(manifest.get("missing", []))
    return report


def _content_type(conn: Connection, old_path: str) -> str:
    found = conn.execute(text("SELECT content_type FROM media WHERE file_path = :p AND content_type IS NOT NULL "
                              "LIMIT 1"), {"p": old_path}).scalar()
    return str(found or "application/octet-stream")


def _repoint(conn: Connection, old_path: str, new_path: str, new_url: str) -> None:
    old_urls = list(conn.execute(text("SELECT DISTINCT file_url FROM media WHERE file_path = :p AND file_url "
                                      "IS NOT NULL"), {"p": old_path}).scalars())
    conn.execute(text("UPDATE media SET file_path = :new, file_url = :url WHERE file_path = :old"),
                 {"new": new_path, "url": new_url, "old": old_path})
    if old_urls:
        conn.execute(text("UPDATE invoices SET file_url = :url WHERE file_url = ANY(:old)"),
                     {"url": new_url, "old": old_urls})


def _verify(settings: Settings, engine: Any, manifest: dict[str, Any], report: Report) -> None:
    with engine.connect() as conn:
        report.tables = _counts(conn)
        paths = list(conn.execute(text("SELECT DISTINCT file_path FROM media WHERE file_path IS NOT NULL")).scalars())
    for name, count in manifest["tables"].items():
        if report.tables.get(name) != count:
            report.problems.append(f"{name}: {report.tables.get(name)} rows restored, {count} backed up")
    by_key = {entry["key"]: entry["sha256"] for entry in manifest["files"]}
    target = storage.storage_for(settings)
    restored_keys = set()
    for path in paths:
        key = target.key_of(path)
        restored_keys.add(key)
        try:
            data = storage.get(settings, path)
        except (storage.StorageError, OSError):
            if path not in manifest.get("missing", []):
                report.problems.append(f"file not readable after restore: {path}")
            continue
        if key not in by_key or hashlib.sha256(data).hexdigest() != by_key[key]:
            report.problems.append(f"file differs from the backup: {path}")
    unused = set(by_key) - restored_keys
    if unused:
        report.problems.append(f"{len(unused)} backed-up file(s) named by no restored row")
