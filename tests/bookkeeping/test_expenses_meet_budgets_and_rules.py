"""A typed expense is bookkept like a document: it counts against budgets (with the same once-per-period alerts)
and takes the category the user taught for its payee. Signed webhooks, the real worker."""
from sqlalchemy import select

from app.models import BudgetAlert, Invoice

UK = "+447700900123"


def _say(whatsapp, body, number=UK):
    whatsapp.send_text(body, number=number)
    whatsapp.run_jobs()
    return whatsapp.replies(number)[-1]["Body"]


def test_a_typed_expense_that_crosses_a_budget_alerts_once(whatsapp, db_session):
    _say(whatsapp, "budget 100 € per month")
    body = _say(whatsapp, "taxi 85€")
    assert "#1" in body and "85 %" in body
    assert "85 %" not in _say(whatsapp, "taxi 2€")
    assert [a.level for a in db_session.scalars(select(BudgetAlert))] == [80]


def test_a_payee_the_user_taught_gets_its_learned_category(whatsapp, db_session):
    _say(whatsapp, "paid 40€ to Juan")
    _say(whatsapp, "#1 category services")
    _say(whatsapp, "paid 55€ to Juan")
    db_session.expire_all()
    second = db_session.scalars(select(Invoice).where(Invoice.seq == 2)).one()
    assert (second.category, second.category_source) == ("services", "rule")
