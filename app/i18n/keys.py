"""Message keys that code builds at run time, marked so ``pybabel extract`` puts them in the template.

Static keys are found at their call sites (``text(language, "saved")``); these are composed from a code
(``f"warn_{code}"``), chosen from a table, or used inside f-strings, where the extractor cannot see them.
tests/i18n checks that the template extracted from the code and every catalogue hold the same keys.
"""
from __future__ import annotations

from app.i18n.catalogue import N_

# Extraction warnings and unreadable-document reasons (``warn_<code>``, ``unreadable_<reason>``).
EXTRACTION = (
    N_("warn_credit_note_positive_total"), N_("warn_currency_from_country"), N_("warn_currency_from_language"),
    N_("warn_currency_from_locale_hint"), N_("warn_total_not_found"),
    N_("warn_ai_unavailable"), N_("warn_amount_impossible"), N_("warn_amount_rounded"), N_("warn_currency_unknown"),
    N_("warn_date_implausible"), N_("warn_due_before_invoice"), N_("warn_einvoice_filled_from_page"),
    N_("warn_einvoice_unreadable"), N_("warn_item_amount_impossible"), N_("warn_item_value_rounded"),
    N_("warn_items_truncated"), N_("warn_items_vs_subtotal"), N_("warn_items_vs_total"),
    N_("warn_items_without_description"), N_("warn_line_total_mismatch"), N_("warn_line_totals_more"),
    N_("warn_model_total_not_in_text"), N_("warn_page_damaged"), N_("warn_page_not_rendered"),
    N_("warn_page_text_truncated"), N_("warn_pages_limited"), N_("warn_pdf_time_limit"),
    N_("warn_subtotal_tax_mismatch"), N_("warn_tax_exceeds_total"), N_("warn_tax_implausible"),
    N_("warn_type_mismatch"), N_("warn_vision_only"),
    # Labels of the fields a warning names that no correction names (app/replies/warning_text.py).
    N_("warn_field_due_date"), N_("warn_field_subtotal"),
    N_("unreadable_corrupt"), N_("unreadable_encrypted"), N_("unreadable_no_fields"), N_("unreadable_no_text"),
    N_("unreadable_too_large"), N_("unreadable_too_many_pages"), N_("unreadable_unsupported_type"),
)

# Spending metrics (``<metric>``, ``<metric>_multi``, ``no_category_<metric>``).
METRICS = (
    N_("spent"), N_("spent_multi"), N_("average"), N_("average_multi"), N_("tax"), N_("tax_multi"),
    N_("no_category_tax"), N_("no_category_net"),
)

# Category names (``category_<key>``, app/domain/categories.py).
CATEGORIES = (
    N_("category_fuel"), N_("category_groceries"), N_("category_health"), N_("category_office"),
    N_("category_other"), N_("category_restaurants"), N_("category_services"), N_("category_shopping"),
    N_("category_telecom"), N_("category_transport"), N_("category_travel"), N_("category_utilities"),
)

# Invoice fields a user can correct (``field_<name>``) and why a correction was refused.
FIELDS = (
    N_("field_category"), N_("field_currency"), N_("field_date"), N_("field_number"), N_("field_tax"),
    N_("field_total"), N_("field_vendor"),
    N_("invalid_amount"), N_("invalid_category"), N_("invalid_currency"), N_("invalid_date"), N_("invalid_text"),
    N_("tax_above_total"),
)

# Outcomes of invoice actions, chosen by the action's result.
ACTIONS = (
    N_("corrected"), N_("deleted"), N_("undone"), N_("kept"), N_("not_duplicate"), N_("nothing_to_undo"),
    N_("not_found"), N_("not_found_listed"),
)

# Labels inside formatted invoice lines.
LABELS = (
    N_("date"), N_("number"), N_("total"), N_("tax_label"), N_("items"), N_("saved_items"), N_("duplicate_mark"),
)

# The audit trail's lines in "history of #5" (``audit_<action>`` for every app/invoices/audit.py ACTIONS entry,
# ``audit_actor_<actor>`` for every app/models/audit.py ACTORS entry).
AUDIT = (
    N_("audit_created"), N_("audit_corrected"), N_("audit_deleted"), N_("audit_restored"), N_("audit_categorised"),
    N_("audit_paid"), N_("audit_unpaid"), N_("audit_overdue"), N_("audit_due_date"), N_("audit_kept"),
    N_("audit_actor_user"), N_("audit_actor_extraction"), N_("audit_actor_rule"), N_("audit_actor_system"),
)
