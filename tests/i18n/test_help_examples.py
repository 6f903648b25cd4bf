"""The "help" answer promises only what works: every _example_ it shows, in each of the five languages, is
understood by the offline parser, the examples cover every feature a user can ask for, and it fits one
WhatsApp message."""
import datetime as dt
import re

import pytest

from app.conversation import intents as i
from app.conversation.parser import ParseContext, parse
from app.i18n.catalogue import text

LANGUAGES = ["en", "es", "pt", "fr", "de"]
CTX = ParseContext(today=dt.date(2026, 12, 2), vendors=["Shell", "Repsol", "Galp", "Total", "Aral"],
                   categories=["fuel"], day_first=True, home_currency="EUR")
FEATURES = {i.AddExpense, i.SetBudget, i.BudgetStatus, i.MarkPaid, i.SetDueDate, i.ListDue, i.InvoiceHistory,
            i.SetHomeCurrency, i.MonthlyReport, i.ReportSubscription, i.AccountantPack, i.Export}


def examples(language: str) -> list[str]:
    return re.findall(r"_([^_]+)_", text(language, "help"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_in_the_help_is_understood(language):
    unknown = [said for said in examples(language) if isinstance(parse(said, CTX).intent, i.Unknown)]
    assert examples(language) and unknown == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_help_shows_every_feature(language):
    shown = {type(parse(said, CTX).intent) for said in examples(language)}
    assert FEATURES - shown == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_help_fits_one_message_with_short_lines(language):
    help_text = text(language, "help")
    assert len(help_text) <= 1600
    assert max(len(line) for line in help_text.splitlines()) <= 90  # readable on a phone
