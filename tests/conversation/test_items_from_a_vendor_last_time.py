"""Issue 10, never a confident wrong figure: "what did I order from Domino's last time", "qu'est-ce que j'ai
pris chez Canadian Tire la dernière fois" show the items of that vendor's latest invoice, in every language:
not the latest invoice of any shop, and not a list."""
import datetime as dt

import pytest

from app.conversation.parser import ParseContext, parse

CTX = ParseContext(today=dt.date(2025, 6, 30), vendors=["Canadian Tire", "Domino's", "Mercadona", "Pingo Doce",
                                                         "Rewe"])
NOW = dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("text, vendor", [
    ("what all did i order from dominos last time", "dominos"),
    ("qu'est-ce que j'ai pris chez Canadian Tire la dernière fois", "Canadian Tire"),
    ("qué pedí en Mercadona la última vez", "Mercadona"),
    ("o que pedi no Pingo Doce da última vez", "Pingo Doce"),
    ("was habe ich bei Rewe zuletzt bestellt", "Rewe"),
])
def test_what_was_ordered_at_a_vendor_last_time_is_that_vendors_latest_invoice(text, vendor):
    intent = parse(text, CTX).intent
    assert intent.kind == "show_invoice" and intent.ref.kind == "last" and intent.vendor == vendor


def test_the_items_shown_are_from_the_vendor_named_not_the_latest_shop(make_user, make_invoice, ask):
    user = make_user(number="+15145550111", language="fr")
    make_invoice(user, 1, vendor="Canadian Tire", total="12.00", currency="CAD", date=dt.date(2025, 4, 2),
                 items=[("Lave-glace", "12.00", None)])
    make_invoice(user, 2, vendor="Canadian Tire", total="64.20", currency="CAD", date=dt.date(2025, 6, 2),
                 items=[("Huile moteur", "64.20", None)])
    make_invoice(user, 3, vendor="IGA", total="33.10", currency="CAD", date=dt.date(2025, 6, 20),
                 items=[("Pain", "33.10", None)])
    body = ask(user, "qu'est-ce que j'ai pris chez Canadian Tire la dernière fois", now=NOW).body
    assert "Huile moteur" in body and "Lave-glace" not in body and "Pain" not in body


@pytest.mark.parametrize("question", ["quanto foi lá da última vez?", "when was i last there", "und was hat es dort zuletzt gekostet"])
def test_there_last_time_is_the_latest_from_the_shop_just_shown(make_user, make_invoice, ask, question):
    user = make_user(number="+5584991230001", language="pt")
    make_invoice(user, 1, vendor="Shell", total="265.47", currency="BRL", date=dt.date(2025, 6, 2))
    make_invoice(user, 2, vendor="Uber", total="38.70", currency="BRL", date=dt.date(2025, 6, 20))
    ask(user, "qual foi a última vez que comprei no shell?", now=NOW)
    body = ask(user, question, now=NOW + dt.timedelta(seconds=30)).body
    assert "Shell" in body and "Uber" not in body
