"""``flask backup`` and ``flask restore``: the operator's commands around :mod:`app.ops.backup`."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.config import Settings
from app.ops.backup import BackupError, backup, restore


def _settings() -> Settings:
    settings: Settings = current_app.config["SETTINGS"]
    return settings


@click.command("backup")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="archive to write (default: backup-<UTC time>.tar in the current directory)")
@with_appcontext
def backup_command(output: Path | None) -> None:
    """Back up the database (pg_dump) and every stored file into one tar archive."""
    target = output or Path(f"backup-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.tar")
    try:
        report = backup(_settings(), target)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{target}: {sum(report.tables.values())} rows in {len(report.tables)} tables, "
               f"{report.files} files ({report.bytes} bytes)")
    for path in report.missing:
        click.echo(f"warning: a row names a file that is not in storage: {path}", err=True)


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(archive: Path) -> None:
    """Restore a backup into the (empty) DATABASE_URL database and the MEDIA_STORAGE storage."""
    try:
        report = restore(_settings(), archive, progress=click.echo)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"restored {sum(report.tables.values())} rows in {len(report.tables)} tables and "
               f"{report.files} files ({report.bytes} bytes)")
    for path in report.missing:
        click.echo(f"note: this file was already missing when the backup was taken: {path}", err=True)
    if report.problems:
        for problem in report.problems:
            click.echo(f"mismatch: {problem}", err=True)
        raise click.ClickException("the restored data does not match the backup")
