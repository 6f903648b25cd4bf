"""Invoices as the user sees them: storing extraction results, spotting duplicates, summarising."""
