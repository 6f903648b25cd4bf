"""The offline categoriser: general spending words in many languages, vendors before items, value majority."""
from decimal import Decimal

import pytest

from app.domain.categories import (
    CATEGORIES,
    OTHER,
    RULES,
    ItemInput,
    canonical,
    categorise,
    item_category,
    normalise,
    vendor_category,
)


def items(*pairs):
    return [ItemInput(description, Decimal(amount)) for description, amount in pairs]


def test_the_category_set_is_small_fixed_and_ends_with_other():
    assert CATEGORIES == ("fuel", "groceries", "restaurants", "transport", "travel", "utilities", "telecom",
                          "office", "health", "shopping", "services", "other")
    assert all(len(c) <= 32 for c in CATEGORIES)


def test_every_rule_names_a_known_category_once():
    names = [rule.category for rule in RULES]
    assert len(names) == len(set(names)) and set(names) == set(CATEGORIES) - {OTHER}


@pytest.mark.parametrize("line", [
    "DIESEL", "Gasóleo A 45,30 L", "GASOLINA 95", "Super E10", "Benzin Super", "SUPER UNLEADED 98", "Petrol",
    "Combustível", "Carburant SP95", "Gazole", "Dieselkraftstoff", "PRIMAX 95 30.00L", "Pertalite",
    "sans plomb 98", "AdBlue 10L",
])
def test_fuel_lines_in_many_languages_are_fuel(line):
    assert item_category(line) == "fuel"


@pytest.mark.parametrize("vendor, category", [
    ("REPSOL E.S. 1234", "fuel"), ("Galp Energia", "fuel"), ("SHELL MALAYSIA TRADING", "fuel"),
    ("BP Express", "fuel"), ("Esso Station", "fuel"), ("TotalEnergies Marketing", "fuel"),
    ("SPBU 34.123", "fuel"), ("Aral Tankstelle", "fuel"), ("Petronas Dagangan", "fuel"),
    ("Mercadona, S.A.", "groceries"), ("Pingo Doce", "groceries"), ("REWE Markt GmbH", "groceries"),
    ("Supermercado El Sol", "groceries"), ("Boulangerie Paul", "groceries"), ("Pasaraya Segar", "groceries"),
    ("Restaurante O Pescador", "restaurants"), ("Café de Flore", "restaurants"), ("Kaffee Klatsch", "restaurants"),
    ("McDonald's", "restaurants"), ("Pizzeria Da Mario", "restaurants"), ("Restoran Nasi Kandar", "restaurants"),
    ("Uber Eats", "restaurants"), ("Uber BV", "transport"), ("Taxi Lisboa", "transport"),
    ("Parking Plaza Mayor", "transport"), ("Renfe Viajeros", "transport"),
    ("Hotel Ibis Porto", "travel"), ("Ryanair DAC", "travel"), ("Airbnb Ireland", "travel"),
    ("Iberdrola Clientes", "utilities"), ("Stadtwerke München", "utilities"),
    ("Vodafone España", "telecom"), ("Telefónica de España", "telecom"), ("MEO", "telecom"),
    ("Papelería Central", "office"), ("Staples", "office"), ("Microsoft Ireland", "office"),
    ("Farmacia Lopez", "health"), ("Stadt-Apotheke", "health"), ("Stadtapotheke", "health"),
    ("Pharmacie du Centre", "health"), ("Clínica Dental Sonrisa", "health"),
    ("Zara España", "shopping"), ("IKEA", "shopping"), ("MediaMarkt", "shopping"), ("Kedai Perkakasan Lim", "shopping"),
    ("Lavandería La Burbuja", "services"), ("Friseur Schmidt", "services"), ("DHL Express", "services"),
])
def test_vendor_names_say_their_category(vendor, category):
    assert vendor_category(vendor) == category


@pytest.mark.parametrize("vendor", ["ACME Trading Sdn Bhd", "Smith & Sons", "", None, "Totally Normal Ltd"])
def test_a_vendor_name_without_a_known_word_says_nothing(vendor):
    assert vendor_category(vendor) is None


def test_words_match_on_word_boundaries_only():
    assert vendor_category("Seashell Gifts") is None  # not "shell"
    assert vendor_category("Barbara Lopes") is None  # not "bar"
    assert item_category("Hospitality pack") is None  # not "hospital"
    assert item_category("Bioethanol e100") is None


def test_case_accents_and_punctuation_are_ignored():
    assert normalise("ESTAÇÃO de Serviço, McDonald’s") == "estacao de servico mcdonalds"
    assert vendor_category("ESTACIÓN DE SERVICIO") == vendor_category("estacion de servicio") == "fuel"


def test_the_longest_phrase_wins_over_a_shorter_one_inside_it():
    assert vendor_category("Uber Eats") == "restaurants"
    assert vendor_category("Repsol Electricidad y Gas") == "utilities"


def test_vendor_category_decides_the_invoice_and_unnamed_items():
    result = categorise("Mercadona", items(("LECHE ENTERA", "0.95"), ("PULPO COCIDO", "9.40")))
    assert result.invoice == "groceries"
    assert result.items == ["groceries", "groceries"]


def test_an_item_naming_its_category_beats_the_vendor():
    result = categorise("Hotel Central", items(("Room night", "90"), ("Parking", "15")))
    assert result.invoice == "travel"
    assert result.items == ["travel", "transport"]


def test_a_fuel_line_on_a_station_receipt_leaves_the_shop_items_out_of_fuel():
    result = categorise("Shell", items(("Diesel 40.1 L", "60.00"), ("Coffee", "2.10"), ("Snickers", "1.20")))
    assert result.invoice == "fuel"
    assert result.items == ["fuel", "restaurants", "other"]


def test_a_station_receipt_without_a_fuel_line_is_all_fuel():
    result = categorise("GALP", items(("PRODUTO 1", "50.00")))
    assert result.items == ["fuel"]


def test_without_a_vendor_category_the_invoice_takes_the_category_with_most_value():
    result = categorise("Kedai ABC", items(("Diesel", "20.00"), ("Milk", "3.00"), ("Bread", "2.00"),
                                          ("Eggs", "4.00"), ("Widget", "80.00")))
    assert result.items == ["fuel", "groceries", "groceries", "groceries", "other"]
    assert result.invoice == "fuel"  # a named category before "other", however large "other" is


def test_weak_goods_decide_only_when_no_vendor_claims_the_items():
    assert categorise(None, items(("Cappuccino", "3"))).items == ["restaurants"]
    assert categorise("Continente", items(("Café moído", "3"))).items == ["groceries"]


def test_credit_lines_weigh_by_their_size():
    result = categorise(None, items(("Parking refund", "-30"), ("Coffee", "5")))
    assert result.invoice == "transport"


def test_nothing_to_judge_by_gives_no_invoice_category():
    assert categorise(None, []).invoice is None
    assert categorise("Unknown Co", []).invoice == OTHER
    assert categorise(None, items(("Widget", "3"))).invoice == OTHER


def test_an_extractor_category_is_kept_only_when_it_is_a_canonical_key():
    kept = categorise(None, [ItemInput("Thing", Decimal(5), category="Fuel")])
    assert kept.items == ["fuel"]
    rejected = categorise(None, [ItemInput("Diesel", Decimal(5), category="ignore previous; DROP TABLE")])
    assert rejected.items == ["fuel"]


@pytest.mark.parametrize("value, expected", [
    ("fuel", "fuel"), (" GROCERIES ", "groceries"), ("other", "other"), ("restaurant", None), ("gasolina", None),
    ("", None), (None, None), (42, None), ("x" * 1000, None),
])
def test_canonical_accepts_only_the_fixed_keys(value, expected):
    assert canonical(value) == expected


def test_hostile_long_text_is_handled_quickly():
    description = "diesel " * 5000 + "é" * 10000
    assert item_category(description) == "fuel"
