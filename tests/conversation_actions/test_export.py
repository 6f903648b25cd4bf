"""CSV export: content and totals, formula injection, signed expiring links served only to their owner."""
from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from app.conversation import export
from app.conversation.dates import month
from app.models import Invoice, Media
from tests.conversation_actions.conftest import NOW, TODAY


def rows_of(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for spreadsheets"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def path_of(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture
def two_users(make_user, make_invoice):
    alice, bob = make_user(), make_user()
    make_invoice(alice, 1, vendor="Shell", total="40.00", tax="6.67", date=dt.date(2025, 5, 2),
                 items=[("Diesel", "35.00", "fuel"), ("Coffee", "5.00", "food")])
    make_invoice(alice, 2, vendor="Café Ñandú", total="12.5", date=dt.date(2025, 5, 9))
    make_invoice(alice, 3, vendor="Old", total="99.00", date=dt.date(2025, 4, 30))
    make_invoice(alice, 4, vendor="Gone", total="7.00", date=dt.date(2025, 5, 3), deleted_at=NOW)
    make_invoice(alice, 5, vendor="Tesco", total="20.00", currency="GBP", date=dt.date(2025, 5, 10))
    make_invoice(bob, 1, vendor="Bob's Secret Supplier", total="555.55", date=dt.date(2025, 5, 4))
    make_invoice(alice, 6, vendor="Shell", total="40.00", date=dt.date(2025, 5, 2))
    make_invoice(alice, 7, vendor="Shell", total="40.00", date=dt.date(2025, 5, 2))
    return alice, bob


def test_one_row_per_item_with_invoice_columns_repeated(db_session, two_users):
    alice, _ = two_users
    built = export.build_csv(db_session, alice.id, period=month(2025, 5), timezone="UTC", today=TODAY)
    rows = rows_of(built.data)
    shell = [r for r in rows if r["invoice"] == "#1"]
    assert [(r["line"], r["item_description"], r["item_total"], r["item_category"]) for r in shell] == [
        ("1", "Diesel", "35.00", "fuel"), ("2", "Coffee", "5.00", "food")]
    assert {(r["vendor"], r["total"], r["tax"], r["currency"], r["invoice_date"]) for r in shell} == {
        ("Shell", "40.00", "6.67", "EUR", "2025-05-02")}
    cafe = [r for r in rows if r["invoice"] == "#2"]
    assert len(cafe) == 1 and cafe[0]["vendor"] == "Café Ñandú" and cafe[0]["total"] == "12.50"
    assert cafe[0]["line"] == "1" and cafe[0]["item_description"] == ""
    assert list(rows[0].keys()) == list(export.COLUMNS)


def test_only_counted_invoices_of_the_period_and_totals_per_currency(db_session, two_users):
    alice, _ = two_users
    first = db_session.scalar(select(Invoice).where(Invoice.user_id == alice.id, Invoice.seq == 1))
    flagged = db_session.scalar(select(Invoice).where(Invoice.user_id == alice.id, Invoice.seq == 7))
    flagged.duplicate_of_id = first.id
    db_session.flush()
    built = export.build_csv(db_session, alice.id, period=month(2025, 5), timezone="UTC", today=TODAY)
    invoices = {r["invoice"] for r in rows_of(built.data)}
    assert invoices == {"#1", "#2", "#5", "#6"}  # not April's #3, deleted #4, flagged #7, nor Bob's
    assert built.invoices == 4
    assert built.totals == {"EUR": Decimal("92.50"), "GBP": Decimal("20.00")}
    csv_total = sum(Decimal(r["total"]) for r in rows_of(built.data) if r["line"] == "1" and r["currency"] == "EUR")
    assert csv_total == built.totals["EUR"]
    assert b"Secret" not in built.data


def test_whole_history_when_no_period(db_session, two_users):
    alice, _ = two_users
    built = export.build_csv(db_session, alice.id, period=None, timezone="UTC", today=TODAY)
    assert "#3" in {r["invoice"] for r in rows_of(built.data)}
    assert built.filename == "invoices-all-2025-05-14.csv"


def test_filename_names_the_period(db_session, make_user):
    built = export.build_csv(db_session, make_user().id, period=month(2025, 3), timezone="UTC", today=TODAY)
    assert built.filename == "invoices-2025-03-01-to-2025-03-31.csv"
    assert built.invoices == 0 and rows_of(built.data) == []


@pytest.mark.parametrize(("amount", "currency", "shown"), [
    ("1500", "JPY", "1500"), ("1.25", "BHD", "1.250"), ("12.5", "EUR", "12.50"), ("-5", "EUR", "-5.00"),
    ("1.005", "EUR", "1.005"), ("0", "USD", "0.00"),
])
def test_amounts_are_plain_decimals_in_the_currency_precision(amount, currency, shown):
    assert export.plain_amount(Decimal(amount), currency) == shown


@pytest.mark.parametrize("hostile", [
    "=HYPERLINK(\"http://evil\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1",
    "  =1+1", "＝1+1",
])
def test_formula_cells_are_neutralised(hostile):
    assert export.safe_cell(hostile).startswith("'")


@pytest.mark.parametrize("harmless", ["Shell", "Café 24h", "3M Company", "O'Reilly", ""])
def test_ordinary_text_is_untouched(harmless):
    assert export.safe_cell(harmless) == harmless


def test_formula_injection_in_vendor_and_items_is_neutralised_but_negative_amounts_stay_numbers(
        db_session, make_user, make_invoice):
    user = make_user()
    make_invoice(user, 1, vendor="=cmd|'/C calc'!A0", total="-5.00", invoice_number="@1",
                 items=[("+SUM(1,2)", "-5.00", "-refund")])
    row = rows_of(export.build_csv(db_session, user.id, period=None, timezone="UTC", today=TODAY).data)[0]
    assert row["vendor"] == "'=cmd|'/C calc'!A0"
    assert row["invoice_number"] == "'@1"
    assert row["item_description"] == "'+SUM(1,2)"
    assert row["item_category"] == "'-refund"
    assert row["total"] == "-5.00" and row["item_total"] == "-5.00"


# --- the link ---------------------------------------------------------------------------------------------

@pytest.fixture
def exported(db_session, settings, two_users):
    alice, bob = two_users
    link = export.create_export(db_session, settings, alice.id, period=month(2025, 5), timezone="UTC", now=NOW,
                                today=TODAY)
    db_session.commit()  # the web view reads with its own connection
    return alice, bob, link


def test_export_reply_attaches_a_signed_link_to_the_csv(db_session, say, two_users, client):
    alice, _ = two_users
    db_session.commit()
    reply = say(alice, "export May 2025 as CSV", now=dt.datetime.now(dt.timezone.utc))
    db_session.commit()
    assert reply.data["ok"] is True and reply.data["invoices"] == 5  # incl. #7, not flagged here
    [url] = reply.media_urls
    assert url.startswith("https://assistant.example.test/exports/") and url.endswith(".csv")
    assert "*" in reply.body and "5" in reply.body
    response = client.get(path_of(url))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "invoices-2025-05-01-to-2025-05-31.csv" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"
    assert {r["invoice"] for r in rows_of(response.data)} == {"#1", "#2", "#5", "#6", "#7"}


def test_export_of_an_empty_period_stores_nothing(db_session, say, make_user, settings):
    user = make_user()
    reply = say(user, "export March as CSV")
    assert reply.media_urls == [] and reply.data["problem"] == "empty"
    assert db_session.scalar(select(Media).where(Media.user_id == user.id)) is None


def test_link_is_served_with_the_stored_file(exported, client, settings, db_session):
    alice, _, link = exported
    stored = db_session.scalar(select(Media).where(Media.user_id == alice.id))
    assert stored.file_path == link.file_path and stored.content_type == "text/csv"
    token = path_of(link.url).removeprefix("/exports/").removesuffix(".csv")
    opened = export.open_export(db_session, settings, token, now=NOW + dt.timedelta(seconds=5))
    assert rows_of(opened.data)[0]["invoice"] == "#1"


def test_link_is_refused_after_its_ttl(exported, settings, db_session):
    _, _, link = exported
    token = path_of(link.url).removeprefix("/exports/").removesuffix(".csv")
    ttl = settings.export_link_ttl_seconds
    export.open_export(db_session, settings, token, now=NOW + dt.timedelta(seconds=ttl - 1))
    with pytest.raises(export.ExportLinkError) as refused:
        export.open_export(db_session, settings, token, now=NOW + dt.timedelta(seconds=ttl + 1))
    assert refused.value.expired is True


def test_expired_link_gets_410_over_http(exported, client):
    _, _, link = exported  # signed at NOW, long before the real clock the view reads
    response = client.get(path_of(link.url))
    assert response.status_code == 410
    assert response.data == b"Gone\n"


def test_tampered_link_gets_404(db_session, settings, two_users, client):
    alice, _ = two_users
    link = export.create_export(db_session, settings, alice.id, period=None, timezone="UTC",
                                now=dt.datetime.now(dt.timezone.utc), today=TODAY)
    db_session.commit()
    path = path_of(link.url)
    assert client.get(path).status_code == 200
    token = path.removeprefix("/exports/").removesuffix(".csv")
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    for bad in (flipped, token + "x", "not-a-token", token.split(".")[0], "x" * 600):
        response = client.get(f"/exports/{bad}.csv")
        assert response.status_code == 404, bad
        assert response.data == b"Not found\n"


def test_link_signed_with_another_secret_or_salt_is_refused(db_session, settings, two_users):
    alice, _ = two_users
    link = export.create_export(db_session, settings, alice.id, period=None, timezone="UTC", now=NOW, today=TODAY)
    key = db_session.scalar(select(Media).where(Media.user_id == alice.id)).processing_metadata["export"]["key"]
    payload = {"u": alice.id, "k": key}
    for forged in (URLSafeTimedSerializer("guessed-secret", salt=export.TOKEN_SALT).dumps(payload),
                   URLSafeTimedSerializer(settings.secret_key, salt="other-purpose").dumps(payload)):
        with pytest.raises(export.ExportLinkError) as refused:
            export.open_export(db_session, settings, forged)
        assert refused.value.expired is False
    assert link.url


def test_a_user_cannot_reach_another_users_export(db_session, settings, two_users, client):
    alice, bob = two_users
    now = dt.datetime.now(dt.timezone.utc)
    export.create_export(db_session, settings, bob.id, period=None, timezone="UTC", now=now, today=TODAY)
    db_session.commit()
    bobs_key = db_session.scalar(select(Media).where(Media.user_id == bob.id)).processing_metadata["export"]["key"]
    nonce = bobs_key.rsplit("/", 1)[1]
    # Genuinely signed tokens for Alice that point at Bob's file, by its key or under Alice's prefix:
    for key in (bobs_key, f"exports/{alice.id}/{nonce}"):
        token = export.sign_link(settings, alice.id, key)
        response = client.get(f"/exports/{token}.csv")
        assert response.status_code == 404
        assert b"Secret" not in response.data


def test_link_dies_with_the_users_data(exported, db_session, settings):
    alice, _, link = exported
    from app.conversation.erase import erase_user_data

    token = path_of(link.url).removeprefix("/exports/").removesuffix(".csv")
    erase_user_data(db_session, settings, alice.id)
    db_session.commit()
    with pytest.raises(export.ExportLinkError):
        export.open_export(db_session, settings, token, now=NOW)


def test_expired_exports_are_purged_with_their_files(exported, db_session, settings):
    alice, _, link = exported
    from pathlib import Path

    assert Path(link.file_path).exists()
    assert export.purge_expired_exports(db_session, settings, now=NOW + dt.timedelta(minutes=5)) == 0
    later = NOW + dt.timedelta(seconds=settings.export_link_ttl_seconds)
    assert export.purge_expired_exports(db_session, settings, now=later) == 1
    assert not Path(link.file_path).exists()
    assert db_session.scalar(select(Media).where(Media.user_id == alice.id)) is None
