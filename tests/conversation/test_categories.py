"""Category questions on real PostgreSQL: item totals where invoices have categorised items, whole totals
where they have none, per currency, in the user's language, and correcting a category."""
import datetime as dt
from decimal import Decimal

import pytest

from app.conversation import queries
from app.conversation.answers import locale_for, money
from app.conversation.parser import ParseContext, parse
from app.extraction.types import ExtractionResult, LineItem
from app.invoices.store import store_extraction
from app.models import Invoice, Item, Media


def _by_currency(result):
    return {row.currency: (row.total, row.count) for row in result.by_currency}


def test_category_total_adds_matching_items_and_whole_invoices_without_items(make_user, make_invoice, db_session):
    user = make_user()
    make_invoice(user, 1, vendor="Shell", total="60.00", items=[("Diesel", "50.00", "fuel"),
                                                                 ("Coffee", "10.00", "restaurants")])
    make_invoice(user, 2, vendor="Repsol", total="40.00", category="fuel")  # no readable items
    make_invoice(user, 3, vendor="Lidl", total="25.00", category="groceries")
    result = queries.spending(db_session, user.id, category="fuel")
    assert _by_currency(result) == {"EUR": (Decimal("90.00"), 2)}


def test_an_invoice_with_categorised_items_counts_by_its_items_not_its_category(make_user, make_invoice, db_session):
    user = make_user()
    make_invoice(user, 1, vendor="Shell", total="60.00", category="fuel",
                 items=[("Sandwich", "60.00", "restaurants")])
    assert queries.spending(db_session, user.id, category="fuel").unmatched is None
    assert queries.spending(db_session, user.id, category="fuel").by_currency == []


def test_category_totals_are_per_currency(make_user, make_invoice, db_session):
    user = make_user()
    make_invoice(user, 1, total="40.00", currency="EUR", category="fuel")
    make_invoice(user, 2, total="30.00", currency="USD", items=[("Gasoline", "30.00", "fuel")])
    make_invoice(user, 3, total="5.00", currency="USD", category="fuel")
    assert _by_currency(queries.spending(db_session, user.id, category="fuel")) == {
        "EUR": (Decimal("40.00"), 1), "USD": (Decimal("35.00"), 2)}


def test_category_words_in_other_languages_find_the_canonical_category(make_user, make_invoice, db_session):
    user = make_user()
    make_invoice(user, 1, total="40.00", category="fuel")
    for said in ("combustível", "Sprit", "gasolina", "essence", "fuel"):
        assert _by_currency(queries.spending(db_session, user.id, category=said)) == {"EUR": (Decimal("40.00"), 1)}


def test_deleted_duplicate_and_other_users_invoices_do_not_count(make_user, make_invoice, db_session):
    user, stranger = make_user(), make_user()
    original = make_invoice(user, 1, total="40.00", category="fuel")
    make_invoice(user, 2, total="40.00", category="fuel", duplicate_of_id=original.id)
    make_invoice(user, 3, total="70.00", category="fuel", deleted_at=dt.datetime(2025, 5, 1, tzinfo=dt.timezone.utc))
    make_invoice(stranger, 1, total="999.00", category="fuel")
    assert _by_currency(queries.spending(db_session, user.id, category="fuel")) == {"EUR": (Decimal("40.00"), 1)}


def test_average_counts_only_invoices_with_an_amount(make_user, make_invoice, db_session):
    user = make_user()
    make_invoice(user, 1, total="40.00", category="fuel")
    make_invoice(user, 2, total=None, category="fuel")
    [row] = queries.spending(db_session, user.id, category="fuel").by_currency
    assert (row.count, row.total, row.average) == (2, Decimal("40.00"), Decimal("40.00"))


def test_an_unknown_category_is_reported_not_answered_with_everything(make_user, make_invoice, db_session):
    user = make_user()
    make_invoice(user, 1, total="40.00", category="groceries")
    assert queries.spending(db_session, user.id, category="fuel").unmatched == "category"


def test_listing_by_category_includes_invoices_without_items(make_user, make_invoice, db_session):
    user = make_user()
    make_invoice(user, 1, total="40.00", category="fuel")
    make_invoice(user, 2, total="10.00", items=[("Diesel", "10.00", "fuel")])
    make_invoice(user, 3, total="12.00", category="fuel", items=[("Bread", "12.00", "groceries")])
    listed = queries.list_invoices(db_session, user.id, category="fuel")
    assert [inv.seq for inv in listed.invoices] == [2, 1] and listed.matching == 2


def test_user_categories_come_from_invoices_and_items(make_user, make_invoice, db_session):
    user = make_user()
    make_invoice(user, 1, category="fuel")
    make_invoice(user, 2, items=[("Milk", "1.00", "groceries")])
    assert queries.user_categories(db_session, user.id) == ["fuel", "groceries"]


@pytest.mark.parametrize("question, category", [
    ("how much on petrol this year?", "fuel"), ("wie viel für Sprit im März?", "fuel"),
    ("combien en essence ce mois-ci ?", "fuel"), ("gastos en gasolina", "fuel"),
    ("cuánto gasté en el supermercado", "groceries"), ("quanto gastei no mercado?", "groceries"),
    ("gastos en comida este mes", "groceries"), ("how much on restaurants?", "restaurants"),
    ("quanto gastei em viagens?", "travel"), ("how much on phone and internet?", "telecom"),
    ("gastos de farmacia", "health"), ("how much on clothes?", "shopping"),
])
def test_category_words_map_to_canonical_keys_before_the_user_has_any(question, category):
    intent = parse(question, ParseContext(today=dt.date(2025, 5, 14))).intent
    assert intent.kind == "spending" and intent.category == category


def test_the_word_other_in_a_question_is_not_the_other_category():
    ctx = ParseContext(today=dt.date(2025, 5, 14), categories=["fuel", "other"])
    assert parse("any other invoices this month?", ctx).intent.model_dump().get("category") is None


# --- through the handler, from stored extractions -----------------------------------------------------

def _store(db_session, user, n, **fields):
    media = Media(user_id=user.id, content_hash=f"{n:064x}", content_type="image/jpeg")
    db_session.add(media)
    db_session.flush()
    result = ExtractionResult(**{"invoice_date": dt.date(2025, 3, 10 + n), "currency": "EUR", **fields})
    return store_extraction(db_session, media, result, default_currency="EUR").invoice


@pytest.fixture
def fuel_receipts(make_user, db_session):
    user = make_user(number="+34600000123")
    _store(db_session, user, 1, vendor="REPSOL ESTACIÓN 4021", total_amount=Decimal("52.30"))  # no items
    _store(db_session, user, 2, vendor="Posto Ribeiro", total_amount=Decimal("43.50"), items=[
        LineItem(description="Diesel", quantity=Decimal("25.3"), total_price=Decimal("41.00")),
        LineItem(description="Água 50cl", total_price=Decimal("2.50"))])
    _store(db_session, user, 3, vendor="Mercadona", total_amount=Decimal("80.00"))
    _store(db_session, user, 4, vendor="Shell", total_amount=Decimal("30.00"), currency="USD")
    _store(db_session, user, 5, vendor="Galp", total_amount=Decimal("99.00"), invoice_date=dt.date(2025, 4, 2))
    return user


@pytest.mark.parametrize("question, language, label", [
    ("how much did I spend on fuel in March?", "en", "fuel"),
    ("¿cuánto gasté en combustible en marzo?", "es", "combustible"),
    ("quanto gastei com combustível em março?", "pt", "combustível"),
])
def test_fuel_in_march_in_three_languages(fuel_receipts, ask, question, language, label):
    reply = ask(fuel_receipts, question)
    locale = locale_for(language, fuel_receipts.whatsapp_number)
    assert reply.intent == "spending" and reply.language == language
    # The receipt without items counts whole (52.30), the other only its diesel line (41.00); USD apart.
    assert money(Decimal("93.30"), "EUR", locale) in reply.body, reply.body
    assert money(Decimal("30.00"), "USD", locale) in reply.body, reply.body
    assert label in reply.body.splitlines()[0]
    assert "80" not in reply.body and "99" not in reply.body


def test_a_fuel_question_without_fuel_data_says_so(make_user, make_invoice, ask):
    user = make_user()
    make_invoice(user, 1, vendor="Mercadona", total="80.00", category="groceries")
    reply = ask(user, "how much did I spend on fuel?")
    assert "80" not in reply.body and reply.data["unmatched"] == "category"


def test_correcting_a_category_moves_the_invoice_and_its_items(fuel_receipts, ask, db_session):
    reply = ask(fuel_receipts, "la categoría de #3 es combustible")
    assert reply.data["ok"] is True and "categoría" in reply.body
    invoice = db_session.query(Invoice).filter_by(user_id=fuel_receipts.id, seq=3).one()
    assert invoice.category == "fuel"
    assert all(item.item_category == "fuel" for item in db_session.query(Item).filter_by(invoice_id=invoice.id))
    assert "€173.30" in ask(fuel_receipts, "how much on fuel in March?").body  # + Mercadona's 80.00


def test_correcting_to_an_unknown_category_changes_nothing(fuel_receipts, ask, db_session):
    reply = ask(fuel_receipts, "category of #3 is spaceships")
    assert reply.data["problem"] == "invalid_category"
    assert db_session.query(Invoice).filter_by(user_id=fuel_receipts.id, seq=3).one().category == "groceries"


def test_correcting_a_category_of_another_users_number_is_not_found(fuel_receipts, make_user, make_invoice, ask,
                                                                       db_session):
    other = make_user()
    make_invoice(other, 1, vendor="X", total="1.00", category="groceries")
    make_invoice(other, 9, vendor="X", total="1.00", category="groceries")
    reply = ask(fuel_receipts, "category of #9 is fuel")
    assert reply.data["problem"] == "not_found"
    assert db_session.query(Invoice).filter_by(user_id=other.id, seq=9).one().category == "groceries"
