"""Migrations and models agree, and the migration chain runs both ways on an empty database."""
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from app.models import Base
from devtools.scratch_db import alembic_config, create_database, drop_database


def test_autogenerate_finds_no_drift_between_models_and_migrations(database_url):
    engine = create_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_then_downgrade_base_leaves_an_empty_database(database_url):
    scratch = create_database(database_url, prefix="ia_test")
    try:
        cfg = alembic_config(scratch)
        command.upgrade(cfg, "head")
        command.downgrade(cfg, "base")
        engine = create_engine(scratch)
        with engine.connect() as conn:
            leftover = set(inspect(conn).get_table_names()) - {"alembic_version"}
            types = conn.exec_driver_sql(
                "SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                "WHERE n.nspname = 'public' AND t.typtype = 'e'").scalars().all()
        engine.dispose()
        assert leftover == set()
        assert types == []
        command.upgrade(cfg, "head")  # and it can come back up again
    finally:
        drop_database(scratch)
