"""The extraction's warnings as a user reads them: in their language, with figures in their locale's format."""
import datetime as dt
from decimal import Decimal

import pytest

from app.extraction.types import ExtractionWarning, warning
from app.replies.warning_text import user_warnings

TAX = warning("tax_implausible", tax=Decimal("13.30"), total=Decimal("14.10"), currency="MYR")
SUMS = warning("subtotal_tax_mismatch", subtotal=Decimal("1000.00"), tax=Decimal("234.50"), sum=Decimal("1234.50"),
               total=Decimal("1243.50"), currency="EUR")
NBSP, NNBSP = "\xa0", "\u202f"


@pytest.mark.parametrize(("language", "locale", "expected"), [
    ("en", "en", ("I ignored the tax MYR13.30: it is more than 30% of the total MYR14.10, so it is probably the "
                  "taxable amount.")),
    ("en", "en_MY", ("I ignored the tax RM13.30: it is more than 30% of the total RM14.10, so it is probably the "
                     "taxable amount.")),
    ("es", "es", (f"Ignoré el impuesto 13,30{NBSP}MYR: supera el 30 % del total 14,10{NBSP}MYR; probablemente es "
                  "la base imponible.")),
    ("pt", "pt_BR", (f"Ignorei o imposto MYR{NBSP}13,30: passa de 30% do total MYR{NBSP}14,10; deve ser a base de "
                     "cálculo.")),
    ("fr", "fr", (f"J'ai ignoré la taxe 13,30{NBSP}MYR : elle dépasse 30 % du total 14,10{NBSP}MYR ; c'est sans "
                  "doute le montant imposable.")),
    ("de", "de_DE", (f"Steuer 13,30{NBSP}MYR ignoriert: Sie beträgt mehr als 30 % der Summe 14,10{NBSP}MYR; "
                     "vermutlich ist es der Nettobetrag.")),
])
def test_a_warning_reads_in_the_users_language_with_amounts_in_their_locale(language, locale, expected):
    assert user_warnings([TAX], language, locale) == [expected]


@pytest.mark.parametrize(("language", "locale", "figures"), [
    ("en", "en", ["€1,000.00", "€234.50", "€1,234.50", "€1,243.50"]),
    ("es", "es_ES", [f"1.000,00{NBSP}€", f"234,50{NBSP}€", f"1.234,50{NBSP}€", f"1.243,50{NBSP}€"]),
    ("pt", "pt_PT", [f"1{NBSP}000,00{NBSP}€", f"234,50{NBSP}€", f"1{NBSP}234,50{NBSP}€", f"1{NBSP}243,50{NBSP}€"]),
    ("fr", "fr_FR", [f"1{NNBSP}000,00{NBSP}€", f"234,50{NBSP}€", f"1{NNBSP}234,50{NBSP}€", f"1{NNBSP}243,50{NBSP}€"]),
    ("de", "de_DE", [f"1.000,00{NBSP}€", f"234,50{NBSP}€", f"1.234,50{NBSP}€", f"1.243,50{NBSP}€"]),
])
def test_thousands_and_decimals_follow_the_locale(language, locale, figures):
    [shown] = user_warnings([SUMS], language, locale)
    positions = [shown.index(figure) for figure in figures]
    assert positions == sorted(positions)


def test_dates_are_written_the_way_the_users_locale_writes_them():
    due = warning("due_before_invoice", due_date=dt.date(2025, 4, 1), invoice_date=dt.date(2025, 5, 1))
    assert user_warnings([due], "de", "de_DE") == [
        "Das Fälligkeitsdatum 1. Apr. 2025 liegt vor dem Rechnungsdatum 1. Mai 2025."]
    assert user_warnings([due], "en", "en") == ["The due date Apr 1, 2025 is before the invoice date May 1, 2025."]


def test_a_field_is_named_by_its_label_in_the_users_language():
    dropped = warning("amount_impossible", field="tax_amount", value="1E+15")
    assert user_warnings([dropped], "fr", "fr") == [
        "J'ai ignoré le champ taxe : ce que j'y ai lu n'est pas un montant possible."]
    filled = warning("einvoice_filled_from_page", fields="vendor,invoice_number")
    assert user_warnings([filled], "de", "de") == [
        "Der angehängten E-Rechnung fehlen Angaben (Händler, Rechnungsnummer); ich habe sie von der Seite gelesen."]


def test_text_quoted_from_the_document_loses_whatsapp_markup():
    line = warning("line_total_mismatch", item="*FREE* _fuel_", quantity=Decimal(3), unit_price=Decimal("2.00"),
                   expected=Decimal("6.00"), printed=Decimal("9.00"), currency="EUR")
    assert user_warnings([line], "es", "es") == [
        f"«FREE fuel»: 3 × 2,00{NBSP}€ = 6,00{NBSP}€, pero la línea dice 9,00{NBSP}€."]


def test_a_warning_read_back_from_its_stored_json_reads_the_same():
    stored = TAX.model_dump(mode="json")
    assert stored == {"code": "tax_implausible", "values": {"tax": "13.30", "total": "14.10", "currency": "MYR"}}
    assert user_warnings([stored], "de", "de") == user_warnings([TAX], "de", "de")


def test_an_amount_without_a_known_currency_is_shown_as_a_number():
    guessed = warning("model_total_not_in_text", total=Decimal("1234.5"), currency="EURO")
    assert user_warnings([guessed], "de", "de") == ["Die von der KI gelesene Summe 1.234,5 steht nicht im Beleg."]


def test_a_warning_missing_a_value_falls_back_to_the_check_line_never_to_placeholders():
    broken = ExtractionWarning(code="tax_implausible", values={"tax": "13.30"})
    unreadable = ExtractionWarning(code="page_damaged", values={"page": "two"})
    assert user_warnings([broken, unreadable], "pt", "pt") == ["Alguns valores ou datas não batem; confira, por favor."]


def test_internal_warning_codes_are_never_shown_raw():
    assert user_warnings([warning("no_text"), ExtractionWarning(code="some_internal_code")], "en", "en") == []


def test_at_most_three_warnings_are_shown():
    pages = [warning("page_damaged", page=n) for n in range(1, 7)]
    assert user_warnings(pages, "en", "en") == [f"Page {n} is damaged and was skipped." for n in (1, 2, 3)]


# -- rows stored before warnings had codes ------------------------------------------------------------

def test_a_stored_plain_code_is_translated():
    assert user_warnings(["total_not_found"], "es", "es") == [
        "No encontré el total; responde p. ej. _el total de #N es 45,10_."]


def test_a_stored_english_sentence_reaches_english_speakers_as_it_is():
    sentence = "Subtotal 10.00 plus tax 2.00 is 12.00, but the total is 13.00."
    assert user_warnings([sentence], "en", "en") == [sentence]


def test_stored_english_sentences_become_one_localized_check_line_in_other_languages():
    shown = user_warnings(["The 2 line items add up to 5.00, but the total is 6.00.",
                           "Rounded the total 1.2345 to 1.235."], "pt", "pt")
    assert shown == ["Alguns valores ou datas não batem; confira, por favor."]


def test_a_stored_sentence_is_read_as_a_legacy_warning():
    assert ExtractionWarning.model_validate("Page 2 is damaged and was skipped.") == ExtractionWarning(
        code="legacy", values={"text": "Page 2 is damaged and was skipped."})
