"""Aggregates and lookups on real PostgreSQL: per user, per currency, without deleted or duplicates."""
import datetime as dt
from decimal import Decimal

from app.conversation import queries
from app.conversation.dates import Period
from app.conversation.intents import IT, LAST, InvoiceRef

MARCH = Period(start=dt.date(2025, 3, 1), end=dt.date(2025, 4, 1))


def test_totals_are_per_currency_and_never_mixed(make_user, make_invoice, db_session):
    u = make_user()
    make_invoice(u, 1, total="10.50", currency="EUR")
    make_invoice(u, 2, total="4.50", currency="EUR")
    make_invoice(u, 3, total="100", currency="USD")
    result = queries.spending(db_session, u.id)
    by = {r.currency: r for r in result.by_currency}
    assert by["EUR"].total == Decimal("15.000") and by["EUR"].count == 2
    assert by["EUR"].average == Decimal("7.5")
    assert by["USD"].total == Decimal("100.000") and by["USD"].count == 1


def test_deleted_and_flagged_duplicates_are_not_counted(make_user, make_invoice, db_session):
    u = make_user()
    original = make_invoice(u, 1, total="10")
    make_invoice(u, 2, total="10", duplicate_of_id=original.id)
    make_invoice(u, 3, total="7", deleted_at=dt.datetime(2025, 5, 1, tzinfo=dt.timezone.utc))
    [eur] = queries.spending(db_session, u.id).by_currency
    assert (eur.count, eur.total) == (1, Decimal("10.000"))


def test_another_users_invoices_never_count(make_user, make_invoice, db_session):
    a, b = make_user(), make_user()
    make_invoice(a, 1, total="1")
    make_invoice(b, 1, total="1000")
    [eur] = queries.spending(db_session, a.id).by_currency
    assert eur.total == Decimal("1.000")
    assert queries.user_vendors(db_session, a.id) == ["Shell"]


def test_period_uses_invoice_date_and_is_half_open(make_user, make_invoice, db_session):
    u = make_user()
    make_invoice(u, 1, total="1", date=dt.date(2025, 3, 1))
    make_invoice(u, 2, total="2", date=dt.date(2025, 3, 31))
    make_invoice(u, 3, total="4", date=dt.date(2025, 4, 1))
    [eur] = queries.spending(db_session, u.id, period=MARCH).by_currency
    assert eur.total == Decimal("3.000")


def test_an_undated_invoice_belongs_to_the_day_it_arrived_in_the_users_zone(make_user, make_invoice, db_session):
    u = make_user()
    make_invoice(u, 1, total="5", date=None, created_at=dt.datetime(2025, 3, 31, 23, 30, tzinfo=dt.timezone.utc))
    assert queries.spending(db_session, u.id, period=MARCH, timezone="UTC").by_currency
    assert not queries.spending(db_session, u.id, period=MARCH, timezone="Europe/Berlin").by_currency


def test_vendor_filter_matches_loosely_and_reports_unknown_vendors(make_user, make_invoice, db_session):
    u = make_user()
    make_invoice(u, 1, vendor="SHELL PORTUGAL, S.A.", total="20")
    make_invoice(u, 2, vendor="Galp", total="5")
    [eur] = queries.spending(db_session, u.id, vendor="shell").by_currency
    assert eur.total == Decimal("20.000")
    assert queries.spending(db_session, u.id, vendor="Lidl").unmatched == "vendor"


def test_category_sums_the_matching_items_only(make_user, make_invoice, db_session):
    u = make_user()
    make_invoice(u, 1, total="60", items=[("Diesel", "50", "fuel"), ("Coffee", "10", "food")])
    make_invoice(u, 2, total="30", items=[("Gasolina", "30", "Combustível")])
    result = queries.spending(db_session, u.id, category="fuel")
    [eur] = result.by_currency
    assert (eur.total, eur.count) == (Decimal("50.000"), 1)
    # "combustible" is the same concept as the user's own "Combustível" and "fuel" categories.
    [eur] = queries.spending(db_session, u.id, category="combustible").by_currency
    assert eur.total == Decimal("80.000")


def test_tax_is_summed_per_currency(make_user, make_invoice, db_session):
    u = make_user()
    make_invoice(u, 1, total="12.30", tax="2.30")
    make_invoice(u, 2, total="24.60", tax="4.60")
    [eur] = queries.spending(db_session, u.id).by_currency
    assert eur.tax == Decimal("6.900")


def test_top_vendors_rank_by_amount_within_each_currency(make_user, make_invoice, db_session):
    u = make_user()
    make_invoice(u, 1, vendor="A", total="10")
    make_invoice(u, 2, vendor="B", total="30")
    make_invoice(u, 3, vendor="A", total="15")
    make_invoice(u, 4, vendor="C", total="999", currency="USD")
    rows = queries.top_vendors(db_session, u.id)
    assert [(r.vendor, r.currency, r.total) for r in rows] == [
        ("B", "EUR", Decimal("30.000")), ("A", "EUR", Decimal("25.000")), ("C", "USD", Decimal("999.000"))]


def test_biggest_invoice_per_currency(make_user, make_invoice, db_session):
    u = make_user()
    make_invoice(u, 1, total="10")
    make_invoice(u, 2, total="50")
    make_invoice(u, 3, total="5", currency="GBP")
    assert [(v.seq, v.currency) for v in queries.biggest_invoices(db_session, u.id)] == [(2, "EUR"), (3, "GBP")]


def test_list_is_most_recent_first_with_the_full_count(make_user, make_invoice, db_session):
    u = make_user()
    for n in range(1, 8):
        make_invoice(u, n)
    result = queries.list_invoices(db_session, u.id, limit=3)
    assert [v.seq for v in result.invoices] == [7, 6, 5] and result.matching == 7


def test_references_resolve_only_to_the_users_live_invoices(make_user, make_invoice, db_session):
    a, b = make_user(), make_user()
    make_invoice(a, 1, vendor="Mine")
    make_invoice(b, 1, vendor="Theirs")
    make_invoice(b, 2, vendor="Theirs too")
    assert queries.find_invoice(db_session, a.id, InvoiceRef.seq(1)).vendor == "Mine"
    assert queries.find_invoice(db_session, a.id, InvoiceRef.seq(2)) is None
    assert queries.find_invoice(db_session, a.id, LAST).vendor == "Mine"
    # A state naming a number that is not the user's own resolves to nothing.
    assert queries.find_invoice(db_session, a.id, IT, {"last_invoice_seq": 2}) is None


def test_show_includes_items_and_duplicate_origin(make_user, make_invoice, db_session):
    u = make_user()
    first = make_invoice(u, 1)
    make_invoice(u, 2, duplicate_of_id=first.id, items=[("Diesel", "10", "fuel")])
    shown = queries.show_invoice(db_session, u.id, InvoiceRef.seq(2))
    assert shown.duplicate_of_seq == 1 and [it.description for it in shown.items] == ["Diesel"]
