"""The migrated database holds every table, column, key and index that the data-model spec names.

Expectations are written from ../shared/specs/invoice-assistant-schema.md, not derived from the models,
so a model change that drops something the spec asks for fails here.
"""
import pytest
from sqlalchemy import inspect

SPEC_COLUMNS = {
    "users": {"id", "whatsapp_number", "name", "email", "is_active", "created_at", "last_activity"},
    "invoices": {"id", "user_id", "invoice_number", "invoice_date", "vendor", "total_amount", "tax_amount",
                 "currency", "file_url", "file_content_type", "raw_data", "notes", "created_at", "updated_at"},
    "items": {"id", "invoice_id", "description", "quantity", "unit_price", "total_price", "item_category",
              "item_code", "created_at", "updated_at"},
    "conversations": {"id", "user_id", "created_at", "updated_at"},
    "messages": {"id", "user_id", "conversation_id", "content", "role", "created_at"},
    "whatsapp_messages": {"id", "message_id", "whatsapp_message_id", "from_number", "to_number", "status",
                          "media_url", "media_type", "created_at", "updated_at"},
    "media": {"id", "user_id", "invoice_id", "filename", "original_filename", "file_path", "file_url",
              "file_size", "content_type", "file_type", "status", "ocr_text", "processing_metadata",
              "created_at", "updated_at"},
    "usage": {"id", "user_id", "tokens_in", "tokens_out", "usage_type", "model_name", "cost", "created_at"},
}

SPEC_FOREIGN_KEYS = {
    ("invoices", "user_id", "users"), ("items", "invoice_id", "invoices"),
    ("conversations", "user_id", "users"), ("messages", "user_id", "users"),
    ("messages", "conversation_id", "conversations"), ("whatsapp_messages", "message_id", "messages"),
    ("media", "user_id", "users"), ("media", "invoice_id", "invoices"), ("usage", "user_id", "users"),
}

SPEC_UNIQUE = {("users", ("whatsapp_number",)), ("whatsapp_messages", ("whatsapp_message_id",))}

SPEC_INDEXES = {
    ("users", ("whatsapp_number",)), ("users", ("created_at",)),
    ("invoices", ("user_id",)), ("invoices", ("invoice_date", "vendor")), ("invoices", ("total_amount",)),
    ("items", ("invoice_id",)), ("items", ("item_category",)),
    ("conversations", ("user_id",)), ("conversations", ("created_at",)),
    ("messages", ("conversation_id", "created_at")),
    ("whatsapp_messages", ("whatsapp_message_id",)), ("whatsapp_messages", ("from_number",)),
    ("whatsapp_messages", ("to_number",)),
    ("media", ("user_id",)), ("media", ("invoice_id",)), ("media", ("status",)),
    ("usage", ("user_id",)), ("usage", ("created_at",)),
}

SPEC_ENUMS = {
    ("messages", "role"): {"user", "assistant", "system"},
    ("whatsapp_messages", "status"): {"received", "sent", "delivered", "read", "failed", "queued", "undelivered"},
    ("media", "file_type"): {"invoice", "receipt", "attachment", "other"},
    ("media", "status"): {"uploaded", "processing", "processed", "failed"},
}

MONEY_COLUMNS = {("invoices", "total_amount"), ("invoices", "tax_amount"), ("items", "unit_price"),
                 ("items", "total_price"), ("items", "quantity"), ("usage", "cost")}


@pytest.fixture(scope="module")
def inspector(database_url):
    from sqlalchemy import create_engine

    engine = create_engine(database_url)
    yield inspect(engine)
    engine.dispose()


@pytest.mark.parametrize("table", sorted(SPEC_COLUMNS))
def test_table_has_every_spec_column(inspector, table):
    columns = {c["name"] for c in inspector.get_columns(table)}
    assert SPEC_COLUMNS[table] <= columns, SPEC_COLUMNS[table] - columns


@pytest.mark.parametrize("table,column,target", sorted(SPEC_FOREIGN_KEYS))
def test_foreign_key_exists(inspector, table, column, target):
    fks = {(tuple(fk["constrained_columns"]), fk["referred_table"]) for fk in inspector.get_foreign_keys(table)}
    assert ((column,), target) in fks


@pytest.mark.parametrize("table,columns", sorted(SPEC_UNIQUE))
def test_unique_constraint_exists(inspector, table, columns):
    uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)}
    uniques |= {tuple(i["column_names"]) for i in inspector.get_indexes(table) if i["unique"]}
    assert columns in uniques


@pytest.mark.parametrize("table,columns", sorted(SPEC_INDEXES))
def test_index_exists(inspector, table, columns):
    # A unique constraint is backed by an index in PostgreSQL, so it serves lookups too.
    indexed = {tuple(i["column_names"]) for i in inspector.get_indexes(table)}
    indexed |= {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)}
    assert columns in indexed


@pytest.mark.parametrize("table,column", sorted(SPEC_ENUMS))
def test_enum_holds_spec_values(inspector, table, column):
    col = next(c for c in inspector.get_columns(table) if c["name"] == column)
    assert SPEC_ENUMS[(table, column)] <= set(col["type"].enums)


@pytest.mark.parametrize("table,column", sorted(MONEY_COLUMNS))
def test_money_is_exact_numeric(inspector, table, column):
    col = next(c for c in inspector.get_columns(table) if c["name"] == column)
    assert col["type"].__class__.__name__ == "NUMERIC"
    assert col["type"].scale >= 3


@pytest.mark.parametrize("table,column", [("invoices", "raw_data"), ("media", "processing_metadata")])
def test_json_fields_are_jsonb(inspector, table, column):
    col = next(c for c in inspector.get_columns(table) if c["name"] == column)
    assert col["type"].__class__.__name__ == "JSONB"


def test_every_timestamp_is_timezone_aware(inspector):
    for table in SPEC_COLUMNS:
        for col in inspector.get_columns(table):
            if col["name"].endswith("_at") or col["name"] == "last_activity":
                assert col["type"].timezone, f"{table}.{col['name']}"
