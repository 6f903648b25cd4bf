"""Accountant pack: a zip of invoices.csv, invoices.xlsx (real numbers and dates) and the original files
named by date and vendor, for one user only, behind a signed expiring link; too big is refused."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.conversation import intents as i
from app.conversation.accountant_pack import build_pack, slug
from app.conversation.dates import Period, month, year
from app.conversation.export import ExportLinkError, purge_expired_exports
from app.conversation.parser import ParseContext, parse
from app.conversation.signed_files import ACCOUNTANT_PACK, open_file
from app.models import Media
from tests.bookkeeping.conftest import NOW, TODAY
from tests.pipeline.test_storage import s3_endpoint, s3_settings  # noqa: F401

CTX = ParseContext(today=TODAY, vendors=[], categories=[], day_first=True, home_currency=None)
Y2025 = year(2025)
PDF = b"%PDF-1.4 shell receipt"
JPEG = b"\xff\xd8\xff\xe0 cafe photo"


def attach(db_session, store_file, user, invoice, data: bytes, content_type: str, index: int = 0,
           owner=None) -> Media:
    """A stored original file of ``invoice``, recorded as a media row of ``owner`` (default: ``user``)."""
    owner = owner or user
    ext = {"application/pdf": "pdf", "image/jpeg": "jpg"}[content_type]
    path = store_file(f"users/{owner.id}/SM{invoice.id}{index}/{index}-abc.{ext}", data, content_type)
    media = Media(user_id=owner.id, invoice_id=invoice.id, file_path=path, file_size=len(data),
                  content_type=content_type, media_index=index, filename=f"upload.{ext}")
    db_session.add(media)
    db_session.flush()
    return media


@pytest.fixture
def books(db_session, make_user, make_invoice, store_file):
    alice, bob = make_user(language="en"), make_user(language="en")
    shell = make_invoice(alice, 1, vendor="Shell España S.A.", total="40.00", tax="6.94", date=dt.date(2025, 5, 2),
                         items=[("Diesel", "40.00", "fuel")], category="fuel", due_date=dt.date(2025, 6, 1))
    cafe = make_invoice(alice, 2, vendor="Café Ñandú", total="12.5", date=dt.date(2025, 3, 9))
    yen = make_invoice(alice, 3, vendor="=HYPERLINK(\"http://evil\")", total="1500", currency="JPY",
                       date=dt.date(2025, 7, 1))
    gone = make_invoice(alice, 4, vendor="Deleted Co", total="7.00", date=dt.date(2025, 5, 3), deleted_at=NOW)
    old = make_invoice(alice, 5, vendor="Last Year", total="9.00", date=dt.date(2024, 12, 31))
    secret = make_invoice(bob, 1, vendor="Bob Secret", total="555.55", date=dt.date(2025, 5, 4))
    attach(db_session, store_file, alice, shell, PDF, "application/pdf")
    attach(db_session, store_file, alice, shell, b"%PDF-1.4 page two", "application/pdf", index=1)
    attach(db_session, store_file, alice, cafe, JPEG, "image/jpeg")
    attach(db_session, store_file, alice, gone, b"%PDF deleted", "application/pdf")
    attach(db_session, store_file, alice, old, b"%PDF old", "application/pdf")
    attach(db_session, store_file, bob, secret, b"%PDF-1.4 BOB ONLY", "application/pdf")
    # A row of Bob's pointing at Alice's invoice (it cannot happen through the app): still never in her pack.
    attach(db_session, store_file, alice, shell, b"%PDF-1.4 BOB AGAIN", "application/pdf", index=7, owner=bob)
    return alice, bob, yen


def opened(pack_bytes: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(pack_bytes))


# --- understanding the request ---------------------------------------------------------------------------

@pytest.mark.parametrize("said", ["export 2025 for my accountant", "exporta 2025 para mi contable",
                                  "exportar 2025 para o contador", "export 2025 pour mon comptable",
                                  "Export 2025 für meinen Steuerberater"])
def test_the_pack_is_asked_for_in_five_languages(said):
    assert parse(said, CTX).intent == i.AccountantPack(period=Y2025)


def test_a_quarter_or_a_month_for_the_accountant_and_plain_exports_stay_csv():
    assert parse("export Q1 2025 for my accountant", CTX).intent == i.AccountantPack(
        period=Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 4, 1)))
    assert parse("pack de mars pour le comptable", CTX).intent == i.AccountantPack(period=month(2025, 3))
    assert parse("export March as CSV", CTX).intent == i.Export(period=month(2025, 3))


def test_an_accountant_word_alone_is_no_request_for_a_pack():
    assert not isinstance(parse("cuánto gasté en material contable", CTX).intent, i.AccountantPack)


# --- the zip ----------------------------------------------------------------------------------------------------

def test_zip_holds_csv_xlsx_and_the_original_files_named_by_date_vendor_and_number(db_session, settings, books):
    alice, _, _ = books
    pack = build_pack(db_session, settings, alice.id, period=Y2025, timezone="UTC", today=TODAY, now=NOW)
    archive = opened(pack.data)
    assert sorted(archive.namelist()) == [
        "files/2025-03-09_cafe-nandu_2.jpg",
        "files/2025-05-02_shell-espana-s-a_1-2.pdf",
        "files/2025-05-02_shell-espana-s-a_1.pdf",
        "invoices.csv",
        "invoices.xlsx",
    ]
    assert archive.read("files/2025-05-02_shell-espana-s-a_1.pdf") == PDF
    assert archive.read("files/2025-03-09_cafe-nandu_2.jpg") == JPEG
    assert all(re.fullmatch(r"[A-Za-z0-9._/-]+", name) for name in archive.namelist())
    rows = list(csv.DictReader(io.StringIO(archive.read("invoices.csv").decode("utf-8-sig"))))
    assert [r["invoice"] for r in rows] == ["#2", "#1", "#3"]  # oldest first; not deleted #4 nor 2024's #5
    assert rows[2]["vendor"].startswith("'=")  # formula-injection safe, as in the CSV export
    assert pack.invoices == 3 and pack.totals == {"EUR": Decimal("52.50"), "JPY": Decimal(1500)}


def test_another_users_files_never_appear(db_session, settings, books):
    alice, bob, _ = books
    data = build_pack(db_session, settings, alice.id, period=None, timezone="UTC", today=TODAY, now=NOW).data
    assert b"BOB" not in data and b"Bob Secret" not in data
    for name in opened(data).namelist():
        assert b"BOB" not in opened(data).read(name)
    bobs = opened(build_pack(db_session, settings, bob.id, period=None, timezone="UTC", today=TODAY, now=NOW).data)
    assert [n for n in bobs.namelist() if n.startswith("files/")] == ["files/2025-05-04_bob-secret_1.pdf"]


def test_xlsx_has_numeric_amounts_with_currency_decimals_and_real_dates(db_session, settings, books):
    alice, _, _ = books
    pack = build_pack(db_session, settings, alice.id, period=Y2025, timezone="UTC", today=TODAY, now=NOW)
    book = load_workbook(io.BytesIO(opened(pack.data).read("invoices.xlsx")))
    sheet = book["Invoices"]
    header = [c.value for c in sheet[1]]
    rows = {r[0].value: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2)}
    shell = rows["#1"]
    assert shell["total"].data_type == "n" and shell["total"].value == 40
    assert shell["total"].number_format == "#,##0.00" and shell["tax"].value == pytest.approx(6.94)
    assert shell["invoice_date"].is_date and shell["invoice_date"].value.date() == dt.date(2025, 5, 2)
    assert shell["due_date"].value.date() == dt.date(2025, 6, 1)
    assert shell["files"].value == "files/2025-05-02_shell-espana-s-a_1.pdf files/2025-05-02_shell-espana-s-a_1-2.pdf"
    assert rows["#3"]["total"].number_format == "#,##0" and rows["#3"]["currency"].value == "JPY"
    assert rows["#3"]["vendor"].data_type == "s" and rows["#3"]["vendor"].value.startswith("'=")
    items = list(book["Items"].iter_rows(min_row=2, values_only=True))
    assert items == [("#1", 1, "Diesel", 1, 40, 40, "fuel", None, "EUR")]


@pytest.mark.parametrize(("vendor", "expected"), [
    ("Café Ñandú", "cafe-nandu"), ("../../etc/passwd", "etc-passwd"), ("東京", "unknown-vendor"), (None, "unknown-vendor"),
    ("A" * 80, "a" * 40),
])
def test_vendor_slugs_are_safe_ascii(vendor, expected):
    assert slug(vendor) == expected


# --- asking for it, its link, its limits -------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "said", "words"), [
    ("en", "export 2025 for my accountant", "*Your accountant pack* · 2025"),
    ("es", "exporta 2025 para mi contable", "*Tu paquete para el contable* · 2025"),
    ("pt", "exportar 2025 para o contador", "*O seu pacote para o contabilista* · 2025"),
    ("fr", "export 2025 pour mon comptable", "*Votre dossier pour le comptable* · 2025"),
    ("de", "Export 2025 für meinen Steuerberater", "*Dein Paket für den Steuerberater* · 2025"),
])
def test_the_reply_carries_the_signed_link_in_each_language(db_session, settings, say, books, language, said,
                                                            words):
    alice, _, _ = books
    alice.language = language
    reply = say(alice, said)
    assert words in reply.body, reply.body
    [url] = re.findall(r"https://\S+", reply.body)
    assert url.startswith("https://assistant.example.test/packs/") and url.endswith(".zip")
    assert reply.media_urls == []  # WhatsApp does not deliver zips as media: the link is in the text
    assert reply.data["invoices"] == 3 and reply.data["files"] == 3


def test_link_serves_the_zip_and_expires_then_the_sweep_purges_it(db_session, settings, say, books, client):
    alice, _, _ = books
    now = dt.datetime.now(dt.UTC)
    reply = say(alice, "export 2025 for my accountant", now=now)
    db_session.commit()
    path = urlsplit(re.findall(r"https://\S+", reply.body)[0]).path
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "accountant-pack-2025-01-01-to-2025-12-31.zip" in response.headers["Content-Disposition"]
    assert "invoices.xlsx" in opened(response.data).namelist()
    assert client.get(path.replace("/packs/", "/reports/").replace(".zip", ".png")).status_code == 404
    token = path.removeprefix("/packs/").removesuffix(".zip")
    later = now + dt.timedelta(seconds=settings.export_link_ttl_seconds + 1)
    with pytest.raises(ExportLinkError) as refused:
        open_file(db_session, settings, ACCOUNTANT_PACK, token, now=later)
    assert refused.value.expired
    stored = db_session.scalar(select(Media).where(Media.content_type == "application/zip"))
    assert purge_expired_exports(db_session, settings, now=later) == 1
    assert db_session.get(Media, stored.id) is None


def test_too_big_is_refused_with_a_clear_message_and_nothing_stored(db_session, settings, executors, books):
    alice, _, _ = books
    small = settings.model_copy(update={"accountant_pack_max_bytes": 30})
    from app.conversation import handle_text
    from app.models import Conversation

    conversation = Conversation(user_id=alice.id, state={})
    db_session.add(conversation)
    db_session.flush()
    reply = handle_text(db_session, user=alice, conversation=conversation, text="export 2025 for my accountant",
                        now=NOW, settings=small)
    # 54 bytes: Alice's three files of 2025 (not the deleted invoice's, 2024's or the row of Bob's).
    assert reply.data == {"ok": False, "problem": "too_big", "bytes": len(PDF) + 17 + len(JPEG),
                          "period": {"from": "2025-01-01", "to": "2025-12-31"}}
    assert "too big" in reply.body and "shorter period" in reply.body
    assert db_session.scalar(select(Media).where(Media.content_type == "application/zip")) is None


def test_nothing_to_pack_says_so(db_session, say, make_user):
    reply = say(make_user(language="es"), "exporta 2023 para mi contable")
    assert reply.body == "No hay facturas para tu contable · 2023."
    assert db_session.scalar(select(Media)) is None


def test_originals_are_read_and_the_pack_stored_through_s3(db_session, s3_settings, make_user, make_invoice):  # noqa: F811
    from app.conversation.accountant_pack import create_pack
    from app.media import storage

    user = make_user()
    invoice = make_invoice(user, 1, vendor="Shell", date=dt.date(2025, 5, 2))
    path, _ = storage.storage_for(s3_settings).put(f"users/{user.id}/SM1/0-abc.pdf", PDF, "application/pdf")
    db_session.add(Media(user_id=user.id, invoice_id=invoice.id, file_path=path, file_size=len(PDF),
                         content_type="application/pdf"))
    db_session.flush()
    result = create_pack(db_session, s3_settings, user.id, period=Y2025, timezone="UTC", today=TODAY, now=NOW)
    assert path.startswith("s3://") and result.link.file_path.startswith("s3://invoices-media/")
    token = urlsplit(result.link.url).path.removeprefix("/packs/").removesuffix(".zip")
    served = opened(open_file(db_session, s3_settings, ACCOUNTANT_PACK, token, now=NOW).data)
    assert served.read("files/2025-05-02_shell_1.pdf") == PDF


# --- end to end ----------------------------------------------------------------------------------------------------

def test_pack_over_signed_webhooks_with_the_real_worker(whatsapp):
    from tests.end_to_end.test_invoice_conversation import USER, invoice_pdf

    pdf = invoice_pdf()
    whatsapp.send_media(whatsapp.add_media(pdf, "application/pdf"), number=USER)
    whatsapp.run_jobs()
    whatsapp.send_text("exporta este mes para mi contable", number=USER)
    whatsapp.run_jobs()
    body = whatsapp.replies(USER)[-1]["Body"]
    assert "*Tu paquete para el contable*" in body
    [url] = re.findall(r"https?://\S+\.zip", body)
    response = whatsapp.client.get(urlsplit(url).path)
    assert response.status_code == 200
    archive = opened(response.data)
    [original] = [n for n in archive.namelist() if n.startswith("files/")]
    day = dt.date.today().replace(day=1).isoformat()
    assert original == f"files/{day}_taller-mecanico-ruiz-s-l_1.pdf"
    assert archive.read(original) == pdf
