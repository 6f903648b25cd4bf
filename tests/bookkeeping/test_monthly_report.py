"""Monthly report: what it says (in five languages), what it counts, the two-panel chart, the signed link
Twilio fetches it from, the opt-in for the 1st and the reports it makes due; then end to end."""
from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from urllib.parse import urlsplit

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import select

from app.conversation import intents as i
from app.conversation.dates import month
from app.conversation.export import ExportLinkError
from app.conversation.monthly_report import build_monthly_report
from app.conversation.parser import ParseContext, parse
from app.conversation.report_data import report_data
from app.conversation.report_schedule import due_monthly_reports, mark_report_sent
from app.conversation.signed_files import REPORT_CHART, open_file
from app.models import Invoice, Media, ReportSubscription
from tests.bookkeeping.conftest import NOW, TODAY

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAY = month(2025, 5)


def token_of(url: str) -> str:
    return urlsplit(url).path.removeprefix("/reports/").removesuffix(".png")


@pytest.fixture
def spender(make_user, make_invoice):
    """May 2025: fuel and groceries in EUR over three weeks, one GBP receipt; April for the comparison;
    a deleted invoice, a flagged duplicate and another user's invoice that must not count."""
    user = make_user(language="en", timezone="Europe/Madrid")
    make_invoice(user, 1, vendor="Shell", total="60.00", date=dt.date(2025, 5, 2), category="fuel")
    make_invoice(user, 2, vendor="Mercadona", total="45.50", date=dt.date(2025, 5, 7),
                 items=[("Bread", "5.50", "groceries"), ("Wine", "30.00", "groceries")], category="groceries")
    make_invoice(user, 3, vendor="Shell", total="40.00", date=dt.date(2025, 5, 20), category="fuel")
    make_invoice(user, 4, vendor="Tesco", total="12.00", currency="GBP", date=dt.date(2025, 5, 9))
    make_invoice(user, 5, vendor="Repsol", total="100.00", date=dt.date(2025, 4, 10), category="fuel")
    make_invoice(user, 6, vendor="Gone", total="500.00", date=dt.date(2025, 5, 3), deleted_at=NOW)
    original = make_invoice(user, 7, vendor="Shell", total="60.00", date=dt.date(2025, 5, 2))
    make_invoice(user, 8, vendor="Shell", total="60.00", date=dt.date(2025, 5, 2), duplicate_of_id=original.id)
    original.deleted_at = NOW  # #7 deleted too, so the duplicate #8 stays flagged and uncounted
    other = make_user(language="en")
    make_invoice(other, 1, vendor="Secret Supplier", total="999.00", date=dt.date(2025, 5, 5), category="office")
    return user


# --- understanding the request ---------------------------------------------------------------------------

CTX = ParseContext(today=TODAY, vendors=[], categories=[], day_first=True, home_currency=None)


@pytest.mark.parametrize("said", ["report", "monthly report", "my report please", "informe", "relatório",
                                  "rapport mensuel", "Monatsbericht"])
def test_a_report_without_a_period_is_this_month(said):
    assert parse(said, CTX).intent == i.MonthlyReport(period=None)


@pytest.mark.parametrize("said", ["report for March", "informe de marzo", "relatório de março", "rapport de mars",
                                  "Bericht für März", "monthly report for march"])
def test_a_report_for_a_month_in_five_languages(said):
    assert parse(said, CTX).intent == i.MonthlyReport(period=month(2025, 3))


@pytest.mark.parametrize(("said", "monthly"), [
    ("send me a monthly report", True), ("envíame un informe mensual", True),
    ("manda-me um relatório mensal", True), ("envoie-moi un rapport mensuel", True),
    ("schick mir jeden Monat einen Bericht", True),
    ("stop monthly report", False), ("para el informe mensual", False), ("parar relatório mensal", False),
    ("arrête le rapport mensuel", False), ("Monatsbericht stoppen", False), ("keinen Monatsbericht mehr", False),
])
def test_switching_the_report_on_the_first_on_and_off(said, monthly):
    assert parse(said, CTX).intent == i.ReportSubscription(monthly=monthly)


# --- what it counts ---------------------------------------------------------------------------------------

def test_figures_count_only_the_users_live_non_duplicate_invoices(db_session, spender):
    data = report_data(db_session, spender.id, MAY, timezone="Europe/Madrid")
    assert {t.currency: (t.count, t.total) for t in data.totals} == {
        "EUR": (3, Decimal("145.50")), "GBP": (1, Decimal("12.00"))}
    assert data.previous_totals == {"EUR": Decimal("100.00")}
    assert data.main_currency == "EUR" and data.other_currencies == ["GBP"]
    # An itemised invoice's untagged rest (45.50 - 35.50) goes to its own category: bars add up to the total.
    assert dict(data.by_category) == {"fuel": Decimal("100.00"), "groceries": Decimal("45.50")}
    assert sum(a for _, a in data.by_bucket) == Decimal("145.50")
    weeks = [(span.start.isoformat(), span.last_day.isoformat(), amount) for span, amount in data.by_bucket]
    assert weeks[0] == ("2025-05-01", "2025-05-04", Decimal("60.00"))  # cut at the month's start
    assert weeks[-1][1] == "2025-05-31" and len(weeks) == 5
    assert [v.vendor for v in data.top_vendors] == ["Shell", "Mercadona"]


def test_an_undated_receipt_falls_in_the_month_of_the_users_own_day(db_session, make_user, make_invoice):
    user = make_user(timezone="Europe/Berlin")
    late = make_invoice(user, 1, total="9.00", date=None)
    late.created_at = dt.datetime(2025, 4, 30, 22, 30, tzinfo=dt.UTC)  # 00:30 on 1 May in Berlin
    db_session.flush()
    assert report_data(db_session, user.id, MAY, timezone="Europe/Berlin").totals[0].total == Decimal("9.00")
    assert report_data(db_session, user.id, MAY, timezone="UTC").totals == []


# --- the text, in each language -----------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "said", "words"), [
    ("en", "report for May 2025", ["*Report · May 2025*", "Spent: *€145.50*", "+46% compared with April 2025 (€100.00)",
                                   "Top categories: fuel €100.00", "Top vendors: Shell €100.00",
                                   "The chart shows EUR only; not included: GBP."]),
    ("es", "informe de mayo de 2025", ["*Informe · mayo de 2025*", "Gastado: *145,50", "respecto a abril",
                                       "Categorías principales: combustible", "Proveedores principales: Shell"]),
    ("pt", "relatório de maio de 2025", ["*Relatório · maio de 2025*", "Gasto: *", "em relação a abril",
                                         "Principais categorias:", "Principais fornecedores: Shell"]),
    ("fr", "rapport de mai 2025", ["*Rapport · mai 2025*", "Dépensé : *", "par rapport à avril",
                                   "Catégories principales :", "Principaux fournisseurs : Shell"]),
    ("de", "Bericht für Mai 2025", ["*Bericht · Mai 2025*", "Ausgegeben: *", "gegenüber April 2025",
                                    "Top-Kategorien: Kraftstoff", "Top-Händler: Shell"]),
])
def test_report_text_in_each_language(db_session, say, spender, language, said, words):
    spender.language = language
    reply = say(spender, said)
    for word in words:
        assert word in reply.body, (word, reply.body)
    assert "Secret" not in reply.body and "999" not in reply.body
    assert reply.intent == "monthly_report" and reply.data["invoices"] == 4
    assert len(reply.media_urls) == 1


def test_an_empty_month_says_so_and_sends_no_chart(db_session, say, make_user):
    reply = say(make_user(language="en", timezone="Europe/Madrid"), "report for March")
    assert reply.body.startswith("📊 No invoices in March 2025")
    assert reply.media_urls == []
    assert db_session.scalar(select(Media)) is None


# --- the chart and its link ---------------------------------------------------------------------------------

def _coloured(image: Image.Image, box: tuple[int, int, int, int], rgb: tuple[int, int, int]) -> int:
    """Pixels of ``box`` within a few levels of ``rgb``."""
    pixels = np.asarray(image.crop(box), dtype=np.int16)
    return int((np.abs(pixels - np.array(rgb)).max(axis=2) < 12).sum())


def test_chart_is_a_png_with_a_category_panel_and_a_week_panel(db_session, settings, say, spender):
    reply = say(spender, "report for May 2025")
    stored = db_session.scalar(select(Media).where(Media.user_id == spender.id))
    assert stored.content_type == "image/png" and stored.processing_metadata["export"]["kind"] == "report_chart"
    data = open_file(db_session, settings, REPORT_CHART, token_of(reply.media_urls[0]), now=NOW).data
    assert data.startswith(PNG_MAGIC)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.size == (800, 420)
    width, height = image.size
    # Category bars (blue) only in the left panel, week bars (green) only in the right one.
    assert _coloured(image, (0, 0, width // 2, height), (0x2A, 0x7A, 0xB0)) > 2000
    assert _coloured(image, (width // 2, 0, width, height), (0x3A, 0xA5, 0x7A)) > 2000
    assert _coloured(image, (width // 2, 0, width, height), (0x2A, 0x7A, 0xB0)) == 0
    assert reply.data["chart_bytes"] < 60_000


def test_chart_link_serves_png_without_login_and_only_while_valid(db_session, settings, say, spender, client):
    now = dt.datetime.now(dt.UTC)
    reply = say(spender, "report for May 2025", now=now)
    db_session.commit()  # the view reads with its own connection
    [url] = reply.media_urls
    assert url.startswith("https://assistant.example.test/reports/") and url.endswith(".png")
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(PNG_MAGIC)
    assert "attachment" not in response.headers.get("Content-Disposition", "")
    assert response.headers["Cache-Control"] == "private, no-store"
    ttl = settings.export_link_ttl_seconds
    with pytest.raises(ExportLinkError) as refused:
        open_file(db_session, settings, REPORT_CHART, token_of(url), now=now + dt.timedelta(seconds=ttl + 1))
    assert refused.value.expired
    # The same token is no CSV link, and a tampered one is nothing at all.
    assert client.get(urlsplit(url).path.replace("/reports/", "/exports/").replace(".png", ".csv")).status_code == 404
    assert client.get(urlsplit(url).path[:-8] + "AAAA.png").status_code == 404


def test_expired_chart_link_gets_410(db_session, say, spender, client):
    reply = say(spender, "report for May 2025")  # signed at NOW (2025), long before the view's clock
    db_session.commit()
    assert client.get(urlsplit(reply.media_urls[0]).path).status_code == 410


# --- on the 1st -------------------------------------------------------------------------------------------------

def test_opt_in_then_due_on_the_first_in_the_users_timezone_once(db_session, settings, say, spender):
    reply = say(spender, "send me a monthly report")
    assert reply.data == {"ok": True, "monthly": True, "was_on": False}
    assert "1st" in reply.body
    # Subscribed in May: May's report is due on 1 June, Madrid time (22:00 UTC on 31 May), not before.
    assert due_monthly_reports(db_session, dt.datetime(2025, 5, 31, 21, 59, tzinfo=dt.UTC)) == []
    first = dt.datetime(2025, 5, 31, 22, 0, tzinfo=dt.UTC)
    assert due_monthly_reports(db_session, first) == [(spender, dt.date(2025, 5, 1))]
    built = build_monthly_report(db_session, settings, spender, dt.date(2025, 5, 1), now=first)
    assert built.body.startswith("📊 *Report · May 2025*") and len(built.media_urls) == 1
    mark_report_sent(db_session, spender.id, dt.date(2025, 5, 1))
    assert due_monthly_reports(db_session, first + dt.timedelta(days=3)) == []


def test_opt_out_stops_the_reports(db_session, say, spender):
    say(spender, "envíame un informe mensual")
    reply = say(spender, "para el informe mensual")
    assert reply.data["monthly"] is False and reply.data["was_on"] is True
    assert "desactivado" in reply.body
    assert db_session.get(ReportSubscription, spender.id).monthly is False
    assert due_monthly_reports(db_session, dt.datetime(2025, 7, 2, tzinfo=dt.UTC)) == []


def test_the_scheduled_report_is_written_in_the_users_language(db_session, settings, make_user, make_invoice):
    user = make_user("+4915112345678", language="de", timezone="Europe/Berlin")
    make_invoice(user, 1, total="10.00", date=dt.date(2025, 4, 3), category="fuel")
    reply = build_monthly_report(db_session, settings, user, dt.date(2025, 4, 1), now=NOW)
    assert reply.body.startswith("📊 *Bericht · April 2025*") and "10,00" in reply.body


# --- end to end ---------------------------------------------------------------------------------------------

def test_report_over_signed_webhooks_with_the_real_worker(whatsapp, db_session):
    from tests.end_to_end.test_invoice_conversation import USER, invoice_pdf

    whatsapp.send_media(whatsapp.add_media(invoice_pdf(), "application/pdf"), number=USER)
    whatsapp.run_jobs()
    whatsapp.send_text("informe", number=USER)
    whatsapp.run_jobs()
    reply = whatsapp.replies(USER)[-1]
    assert "*Informe ·" in reply["Body"] and "121,00" in reply["Body"]
    [url] = reply["MediaUrl"]
    response = whatsapp.client.get(re.sub(r"^https?://[^/]+", "", url))
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(PNG_MAGIC)
    invoice = db_session.scalar(select(Invoice))
    assert invoice.total_amount == Decimal("121.00")


def test_delete_my_data_takes_the_opt_in_and_the_charts_with_it(db_session, settings, say, spender):
    from app.conversation.erase import erase_user_data

    say(spender, "send me a monthly report")
    say(spender, "report for May 2025")
    erase_user_data(db_session, settings, spender.id)
    assert db_session.get(ReportSubscription, spender.id) is None
    assert db_session.scalar(select(Media).where(Media.user_id == spender.id)) is None
