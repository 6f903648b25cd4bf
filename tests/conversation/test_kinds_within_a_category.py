"""A kind within a category ("conta de água" among the utilities, "the buses" among transport) is answered
for the shops of that kind, told by their name, their lines or as a known operator; when none can be told
apart the question is asked back with no figure."""
import pytest

from app.conversation.kinds import of_kind

UTILITY = "utilities"


@pytest.fixture
def household(make_user, make_invoice):
    user = make_user("+5531999990001")
    make_invoice(user, 1, vendor="Cemig", total="180.00", currency="BRL", category=UTILITY,
                 items=[("Energia elétrica", "180.00", UTILITY)])
    make_invoice(user, 2, vendor="Copasa", total="90.00", currency="BRL", category=UTILITY,
                 items=[("Água e esgoto", "90.00", UTILITY)])
    make_invoice(user, 3, vendor="Copasa", total="110.00", currency="BRL", category=UTILITY,
                 items=[("Água e esgoto", "110.00", UTILITY)])
    return user


def test_the_water_bill_is_the_water_company_only(household, ask):
    body = ask(household, "quanto paguei de água?").body
    assert "Copasa" in body and "200,00" in body and "380,00" not in body


def test_the_average_of_the_light_bill(household, ask):
    body = ask(household, "média da conta de luz").body
    assert "Cemig" in body and "180,00" in body


def test_a_follow_up_to_another_kind_moves_to_its_shop(household, ask):
    ask(household, "quanto paguei de luz?")
    body = ask(household, "e de água?").body
    assert "Copasa" in body and "200,00" in body


def test_a_kind_no_shop_shows_is_asked_back_without_a_figure(make_user, make_invoice, ask):
    user = make_user("+5531999990002")
    for seq, vendor in enumerate(("Alfa Serviços", "Beta Serviços"), start=1):
        make_invoice(user, seq, vendor=vendor, total="50.00", currency="BRL", category=UTILITY)
    reply = ask(user, "quanto gastei de água?")
    assert reply.data["problem"] == "kind_unclear" and "água" in reply.body and "R$" not in reply.body


def test_a_category_of_one_kind_keeps_its_whole_answer(make_user, make_invoice, ask):
    user = make_user("+447700900123")
    make_invoice(user, 1, vendor="Lothian Buses", total="20.00", currency="GBP", category="transport")
    make_invoice(user, 2, vendor="ScotRail", total="35.00", currency="GBP", category="transport")
    body = ask(user, "how much have i put on the buses").body
    assert "£20.00" in body and "£55.00" not in body


@pytest.mark.parametrize(("kind", "lines", "expected"), [
    ("train", ["CP", "Braga - Porto São Bento"], True),  # an operator by its name alone
    ("train", ["Deutsche Bahn AG"], True),
    ("taxi", ["Uber Moto Pune", "Bike taxi ride"], True),
    ("electricity", ["Stadtwerke", "Stromabschlag"], True),  # a compound's first part
    ("bus", ["Tussam", "Bonobús"], True),  # and its last
    ("bus", ["Business Centre"], False),  # a short word only whole
    ("water", ["Société des Eaux de Marseille"], True),
    ("water", ["EDF", "Électricité"], False),
])
def test_what_makes_a_shop_of_a_kind(kind, lines, expected):
    assert of_kind(kind, lines) is expected
