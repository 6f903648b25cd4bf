import datetime as dt
from decimal import Decimal

from app.extraction.types import ExtractionResult, LineItem
from app.extraction.validate import validate_result
from tests.extraction.warning_codes import codes, values_of

TODAY = dt.date(2025, 6, 1)


def check(**fields) -> ExtractionResult:
    return validate_result(ExtractionResult(**fields), today=TODAY)


def item(description="Coffee", quantity="1", unit_price=None, total_price=None) -> LineItem:
    return LineItem(description=description, quantity=Decimal(quantity),
                    unit_price=None if unit_price is None else Decimal(unit_price),
                    total_price=None if total_price is None else Decimal(total_price))


def test_consistent_result_passes_without_warnings():
    result = check(vendor="Cafe", currency="EUR", total_amount=Decimal("11.90"), tax_amount=Decimal("1.90"),
                   subtotal=Decimal("10.00"), items=[item(quantity="2", unit_price="5.00", total_price="10.00")],
                   invoice_date=dt.date(2025, 5, 30))
    assert result.warnings == []
    assert result.total_amount == Decimal("11.90")


def test_lower_case_currency_is_normalised():
    assert check(currency=" eur ").currency == "EUR"


def test_unknown_currency_is_dropped_with_a_warning():
    result = check(currency="RMB")
    assert result.currency is None
    assert values_of(result, "currency_unknown") == {"code": "RMB"}


def test_amount_with_more_than_three_decimals_is_rounded_with_a_warning():
    result = check(total_amount=Decimal("12.34567"))
    assert result.total_amount == Decimal("12.346")
    assert values_of(result, "amount_rounded") == {"field": "total_amount", "value": "12.34567", "rounded": "12.346"}


def test_absurd_amount_is_dropped():
    result = check(total_amount=Decimal("123456789012345"))
    assert result.total_amount is None
    assert values_of(result, "amount_impossible") == {"field": "total_amount", "value": "123456789012345"}


def test_tax_larger_than_total_is_dropped():
    result = check(total_amount=Decimal("10.00"), tax_amount=Decimal("19.00"))
    assert result.tax_amount is None
    assert values_of(result, "tax_exceeds_total") == {"tax": "19.00", "total": "10.00"}


def test_date_before_1990_is_dropped():
    result = check(invoice_date=dt.date(1985, 1, 1))
    assert result.invoice_date is None
    assert values_of(result, "date_implausible") == {"field": "invoice_date", "date": "1985-01-01"}


def test_date_far_in_the_future_is_dropped():
    assert check(invoice_date=dt.date(2027, 1, 1)).invoice_date is None


def test_date_a_few_days_ahead_is_kept():
    assert check(invoice_date=dt.date(2025, 6, 5)).invoice_date == dt.date(2025, 6, 5)


def test_due_date_before_invoice_date_is_flagged():
    result = check(invoice_date=dt.date(2025, 5, 1), due_date=dt.date(2025, 4, 1))
    assert values_of(result, "due_before_invoice") == {"due_date": "2025-04-01", "invoice_date": "2025-05-01"}


def test_subtotal_plus_tax_not_matching_total_is_flagged():
    result = check(currency="USD", total_amount=Decimal("15.00"), tax_amount=Decimal("1.00"), subtotal=Decimal("10.00"))
    assert values_of(result, "subtotal_tax_mismatch") == {
        "subtotal": "10.00", "tax": "1.00", "sum": "11.00", "total": "15.00", "currency": "USD"}


def test_rounding_difference_of_one_cent_is_tolerated():
    result = check(total_amount=Decimal("11.91"), tax_amount=Decimal("1.90"), subtotal=Decimal("10.00"))
    assert result.warnings == []


def test_tax_inclusive_subtotal_equal_to_total_is_not_flagged():
    result = check(total_amount=Decimal("10.60"), tax_amount=Decimal("0.60"), subtotal=Decimal("10.60"))
    assert result.warnings == []


def test_items_not_adding_up_to_subtotal_or_total_are_flagged():
    result = check(total_amount=Decimal("30.00"), subtotal=Decimal("30.00"),
                   items=[item(total_price="10.00"), item("Cake", total_price="5.00")])
    assert values_of(result, "items_vs_subtotal") == {"count": 2, "sum": "15.00", "subtotal": "30.00"}


def test_items_adding_up_to_the_total_are_fine_when_subtotal_is_net():
    result = check(total_amount=Decimal("15.00"), subtotal=Decimal("12.61"), tax_amount=Decimal("2.39"),
                   items=[item(total_price="10.00"), item("Cake", total_price="5.00")])
    assert result.warnings == []


def test_quantity_times_unit_price_mismatch_is_flagged():
    result = check(items=[item("Fuel", quantity="3", unit_price="2.00", total_price="9.00")])
    assert values_of(result, "line_total_mismatch") == {
        "item": "Fuel", "quantity": "3", "unit_price": "2.00", "expected": "6.00", "printed": "9.00"}


def test_unit_price_rounding_within_quantity_tolerance_is_accepted():
    result = check(items=[item("Fuel", quantity="41.37", unit_price="1.789", total_price="74.01")])
    assert result.warnings == []


def test_items_without_description_are_dropped():
    result = check(items=[item("  "), item("Tea", total_price="2.00")])
    assert [i.description for i in result.items] == ["Tea"]
    assert values_of(result, "items_without_description") == {"count": 1}


def test_zero_quantity_becomes_one():
    assert check(items=[item(quantity="0", total_price="2.00")]).items[0].quantity == Decimal(1)


def test_negative_total_marks_a_credit_note():
    assert check(total_amount=Decimal("-5.00")).document_type == "credit_note"


def test_vendor_whitespace_and_control_characters_are_cleaned():
    assert check(vendor="  ACME\x00 \n Trading  ").vendor == "ACME Trading"


def test_invoice_number_without_letters_or_digits_is_dropped():
    assert check(invoice_number="--//--").invoice_number is None


def test_japanese_yen_tolerance_uses_whole_units():
    result = check(currency="JPY", total_amount=Decimal("1100"), tax_amount=Decimal("100"), subtotal=Decimal("1001"))
    assert result.warnings == []


def test_validation_does_not_change_the_input():
    original = ExtractionResult(currency="eur")
    validate_result(original, today=TODAY)
    assert original.currency == "eur"


def test_confidence_is_clamped_to_zero_one():
    assert check(confidence={"total_amount": 7.0, "vendor": -1.0}).confidence == {"total_amount": 1.0, "vendor": 0.0}


def test_items_not_adding_up_to_the_total_name_the_total_when_there_is_no_subtotal():
    result = check(currency="EUR", total_amount=Decimal("30.00"),
                   items=[item(total_price="10.00"), item("Cake", total_price="5.00")])
    assert values_of(result, "items_vs_total") == {"count": 2, "sum": "15.00", "total": "30.00", "currency": "EUR"}


def test_more_than_three_mismatched_lines_are_counted_not_listed():
    lines = [item(f"Item {n}", quantity="2", unit_price="1.00", total_price="5.00") for n in range(5)]
    result = check(items=lines)
    assert codes(result).count("line_total_mismatch") == 3
    assert values_of(result, "line_totals_more") == {"count": 2}


def test_a_rounded_line_value_names_its_item():
    result = check(items=[item("Diesel", unit_price="1.789456", total_price="1.79")])
    assert values_of(result, "item_value_rounded") == {"item": "Diesel", "value": "1.789456", "rounded": "1.7895"}


def test_the_same_warning_is_kept_once():
    result = check(currency="RMB", warnings=["total_not_found", "total_not_found"])
    assert codes(result) == ["total_not_found", "currency_unknown"]
