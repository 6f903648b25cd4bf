"""Categories that learn: the user's own categories, a category correction becoming a rule for the vendor's
future invoices (for that user only), and the confidence and source of every invoice's category."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.invoices.learned_categories import learn
from app.models import CategoryRule, Invoice, InvoiceEvent, User, UserCategory
from tests.bookkeeping.documents import receipt_pdf
from tests.end_to_end.test_with_openai import model_reading

UK = "+447700900123"
OTHER_USER = "+447700900999"
AGENCY = "Agencia Lumen S.L."


def _say(whatsapp, body, number=UK):
    whatsapp.send_text(body, number=number)
    whatsapp.run_jobs()
    return whatsapp.replies(number)[-1]["Body"]


def _send(whatsapp, pdf, number=UK):
    whatsapp.send_media(whatsapp.add_media(pdf, "application/pdf"), number=number)
    whatsapp.run_jobs()
    return whatsapp.replies(number)[-1]["Body"]


def _agency(number="A-1", total="40,00"):
    return receipt_pdf(AGENCY, total, number=number, line="Diseno de logotipo")


def _invoices(db_session):
    db_session.expire_all()
    return db_session.scalars(select(Invoice).order_by(Invoice.id)).all()


@pytest.mark.parametrize(("message", "name", "shown"), [
    ("create category Marketing", "Marketing", "Category *Marketing* created"),
    ("crea la categoría Oficina en casa", "Oficina en casa", "Categoría *Oficina en casa* creada"),
    ("cria a categoria Obras", "Obras", "Categoria *Obras* criada"),
    ("crée la catégorie Voyages pro", "Voyages pro", "Catégorie *Voyages pro* créée"),
    ("erstelle die Kategorie Werbung", "Werbung", "Kategorie *Werbung* angelegt"),
])
def test_a_category_is_created_in_each_language(whatsapp, db_session, message, name, shown):
    body = _say(whatsapp, message)
    [category] = db_session.scalars(select(UserCategory)).all()
    assert category.name == name
    assert shown in body, body


def test_a_built_in_or_existing_category_is_not_created_twice(whatsapp, db_session):
    assert "already one of my categories" in _say(whatsapp, "create category Restaurants")
    _say(whatsapp, "create category Marketing")
    assert "already have the category" in _say(whatsapp, "create category marketing")
    assert len(db_session.scalars(select(UserCategory)).all()) == 1


def test_a_custom_category_works_in_corrections_questions_and_budgets(whatsapp, db_session):
    _send(whatsapp, _agency())
    _say(whatsapp, "create category Marketing")
    assert "Updated the category of *#1*" in _say(whatsapp, "#1 category marketing")
    assert _invoices(db_session)[0].category == "marketing"
    assert "€40.00" in _say(whatsapp, "how much on marketing?")
    assert "Budget for *Marketing*" in _say(whatsapp, "budget 100 € for marketing per month")
    assert "€40.00 of €100.00 spent" in _say(whatsapp, "how is my budget?")


def test_a_category_correction_becomes_a_rule_for_the_vendors_next_invoices(whatsapp, db_session):
    _send(whatsapp, _agency("A-1"))
    _say(whatsapp, "create category Marketing")
    body = _say(whatsapp, "#1 category marketing")
    assert "From now on I'll file invoices from Agencia Lumen S.L under *Marketing*" in body, body

    body = _send(whatsapp, _agency("A-2", "55,00"))
    assert "Filed under *Marketing*, as you did before for Agencia Lumen S.L (90 % sure)" in body, body
    second = _invoices(db_session)[1]
    assert (second.category, second.category_source, second.category_confidence) == (
        "marketing", "rule", Decimal("0.900"))
    events = db_session.scalars(select(InvoiceEvent).where(InvoiceEvent.action == "categorised")
                                .order_by(InvoiceEvent.id)).all()
    assert [(e.invoice_seq, e.actor, e.new_value) for e in events] == [(1, "user", "marketing"),
                                                                       (2, "rule", "marketing")]


def test_another_users_rule_never_applies(whatsapp, db_session):
    _send(whatsapp, _agency("A-1"))
    _say(whatsapp, "#1 category office")
    _send(whatsapp, _agency("A-2"), number=OTHER_USER)
    theirs = [i for i in _invoices(db_session) if i.seq == 1][-1]
    assert theirs.category_source == "extraction" and theirs.category != "office"


def test_consistent_corrections_grow_the_confidence_and_a_contradiction_replaces_the_rule(db_session):
    user = User(whatsapp_number="+447700900321")
    db_session.add(user)
    db_session.flush()
    confidences = [learn(db_session, user.id, "Shell Oil Ltd.", "office").confidence for _ in range(5)]
    assert confidences == [Decimal(c) for c in ("0.900", "0.930", "0.960", "0.990", "0.990")]
    rule = learn(db_session, user.id, "SHELL OIL LTD", "fuel")
    assert (rule.category, rule.confidence, rule.hits) == ("fuel", Decimal("0.900"), 1)
    assert len(db_session.scalars(select(CategoryRule)).all()) == 1  # one rule per vendor, however written


def test_the_offline_reader_stores_how_sure_its_category_is(whatsapp, db_session):
    _send(whatsapp, receipt_pdf("Restaurante Casa Pepe", "12,00"))
    invoice = _invoices(db_session)[0]
    assert (invoice.category, invoice.category_source, invoice.category_confidence) == (
        "restaurants", "extraction", Decimal("0.850"))


def test_the_models_category_and_confidence_are_stored(whatsapp_openai, fake_openai, db_session):
    fake_openai.push_json(model_reading(category="services", category_confidence=0.72))
    _send(whatsapp_openai, _agency())
    invoice = _invoices(db_session)[0]
    assert (invoice.category, invoice.category_source, invoice.category_confidence) == (
        "services", "extraction", Decimal("0.720"))


def test_a_confidence_outside_0_to_1_from_the_model_is_not_trusted(whatsapp_openai, fake_openai, db_session):
    fake_openai.push_json(model_reading(category="travel", category_confidence=7))
    _send(whatsapp_openai, _agency())
    invoice = _invoices(db_session)[0]
    assert invoice.category != "travel" and invoice.category_confidence <= 1


def test_the_models_reading_of_a_known_vendor_follows_the_rule(whatsapp_openai, fake_openai, db_session):
    user = User(whatsapp_number=UK)
    db_session.add(user)
    db_session.flush()
    learn(db_session, user.id, "Taller Mecanico Ruiz S.L.", "transport")
    db_session.commit()
    fake_openai.push_json(model_reading(category="services", category_confidence=0.95))
    _send(whatsapp_openai, _agency())
    invoice = _invoices(db_session)[0]
    assert (invoice.category, invoice.category_source, invoice.category_confidence) == (
        "transport", "rule", Decimal("0.900"))


def test_the_models_correct_field_tool_teaches_the_rule_too(whatsapp_openai, fake_openai, db_session):
    fake_openai.push_json(model_reading())
    _send(whatsapp_openai, _agency())
    fake_openai.push_tool_calls([{"name": "create_category", "arguments": {"name": "Car"}},
                                 {"name": "correct_field", "arguments": {"invoice": "#1", "field": "category",
                                                                         "value": "car"}}])
    fake_openai.push_content("Done.")
    _say(whatsapp_openai, "make a category Car and put #1 in it")
    [rule] = db_session.scalars(select(CategoryRule)).all()
    assert (rule.vendor_key, rule.category, rule.confidence) == (
        "tallermecanicoruizsl", "car", Decimal("0.900"))
    assert _invoices(db_session)[0].category == "car"


def test_a_category_correction_without_a_vendor_learns_nothing(db_session):
    user = User(whatsapp_number="+447700900322")
    db_session.add(user)
    db_session.flush()
    assert learn(db_session, user.id, None, "office") is None
    assert learn(db_session, user.id, " .. ", "office") is None
    assert db_session.scalars(select(CategoryRule)).all() == []


