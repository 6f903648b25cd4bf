"""Categories that learn: the user's own categories, and vendor rules taught by their corrections.

A user may add categories of their own ("create category Marketing"); invoices store the category's key
(a slug of its name), exactly like the built-in keys of :mod:`app.domain.categories`.

When the user sets the category of an invoice that has a vendor, that becomes a rule for the user's future
invoices from the same vendor (matched by :func:`app.invoices.vendors.vendor_key`, which store.py uses for duplicates): a first correction gives it
confidence 0.9, each consistent one adds 0.03 up to 0.99, and a contradicting one replaces the category and
starts again at 0.9. Rules are per user: another user's corrections never categorise your invoices.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.categories import CATEGORIES, normalise
from app.invoices import audit
from app.invoices.vendors import vendor_key
from app.models import CategoryRule, Invoice, Item, UserCategory

FIRST_CONFIDENCE = Decimal("0.900")
STEP = Decimal("0.030")
MAX_CONFIDENCE = Decimal("0.990")
MAX_CUSTOM_CATEGORIES = 30
MAX_NAME = 40


@dataclass(frozen=True)
class Created:
    key: str
    name: str
    outcome: str  # "created", "exists" (the user's own), "builtin" (one of ours), "too_many", "invalid"


def slug(name: str) -> str:
    """The key a category name is stored under: "Home Office" -> "home_office"."""
    return normalise(name).replace(" ", "_")[:32].strip("_")


def clean_name(name: str) -> str:
    printable = "".join(ch for ch in name if ch.isprintable())
    return " ".join(printable.split()).strip(" .!?\"'“”«»")[:MAX_NAME]


def create_category(session: Session, user_id: int, name: str, *, builtin: str | None = None) -> Created:
    """Add a category of the user's own. ``builtin`` is the built-in key the name already means, when the
    caller recognised one ("Restaurantes"): then nothing is created."""
    shown = clean_name(name)
    key = slug(shown)
    if not key or not re.search(r"[a-z]", key):
        return Created("", shown, "invalid")
    if builtin is not None or key in CATEGORIES:
        return Created(builtin or key, shown, "builtin")
    existing = session.scalar(select(UserCategory).where(UserCategory.user_id == user_id, UserCategory.key == key))
    if existing is not None:
        return Created(existing.key, existing.name, "exists")
    count = session.scalar(select(func.count(UserCategory.id)).where(UserCategory.user_id == user_id)) or 0
    if count >= MAX_CUSTOM_CATEGORIES:
        return Created(key, shown, "too_many")
    session.add(UserCategory(user_id=user_id, key=key, name=shown))
    session.flush()
    return Created(key, shown, "created")


def custom_categories(session: Session, user_id: int) -> dict[str, str]:
    """The user's own categories: key -> the name they gave it."""
    return dict(session.execute(select(UserCategory.key, UserCategory.name).where(UserCategory.user_id == user_id)
                                .order_by(UserCategory.key)).all())


def custom_key(session: Session, user_id: int, said: str) -> str | None:
    """The key of the user's own category named ``said`` ("office stuff", "Office_Stuff"), or None."""
    key = slug(clean_name(said))
    if not key:
        return None
    return session.scalar(select(UserCategory.key).where(UserCategory.user_id == user_id, UserCategory.key == key))


def set_category(session: Session, invoice: Invoice, category: str, *, actor: str = "user",
                 message_id: int | None = None) -> CategoryRule | None:
    """The user says ``invoice`` is ``category``: set it (its lines follow), audit it, and learn the rule for
    its vendor. Returns the rule, None when the invoice has no vendor to learn from."""
    old, old_source = invoice.category, invoice.category_source
    invoice.category = category
    invoice.category_source = "user"
    invoice.category_confidence = Decimal("1.000")
    # The user's word is about the whole invoice: its lines follow, or item totals would still answer
    # "how much on fuel?" from the old categories.
    for item in session.scalars(select(Item).where(Item.invoice_id == invoice.id)):
        item.item_category = category
    if old != category or old_source != "user":  # confirming a rule's choice is a change of who decided
        audit.record(session, invoice, "categorised", field="category", old=old, new=category, actor=actor,
                     message_id=message_id, detail={"source_was": old_source} if old == category else None)
    return learn(session, invoice.user_id, invoice.vendor, category)


def learn(session: Session, user_id: int, vendor: str | None, category: str) -> CategoryRule | None:
    key = vendor_key(vendor)[:255]
    if not key:
        return None
    rule = session.scalar(select(CategoryRule).where(CategoryRule.user_id == user_id, CategoryRule.vendor_key == key)
                          .with_for_update())
    if rule is None:
        rule = CategoryRule(user_id=user_id, vendor_key=key, category=category, confidence=FIRST_CONFIDENCE, hits=1)
        session.add(rule)
    elif rule.category == category:
        rule.hits += 1
        rule.confidence = min(MAX_CONFIDENCE, rule.confidence + STEP)
    else:  # the user changed their mind: the newest word wins, with a first correction's confidence
        rule.category, rule.confidence, rule.hits = category, FIRST_CONFIDENCE, 1
    session.flush()
    return rule


def rule_for(session: Session, user_id: int, vendor: str | None) -> CategoryRule | None:
    key = vendor_key(vendor)[:255]
    if not key:
        return None
    return session.scalar(select(CategoryRule).where(CategoryRule.user_id == user_id, CategoryRule.vendor_key == key))


def apply_rule(session: Session, invoice: Invoice) -> CategoryRule | None:
    """Give a newly stored invoice its owner's learned category for its vendor (source ``rule``, the rule's
    confidence), audited with actor ``rule``. None when no rule applies."""
    rule = rule_for(session, invoice.user_id, invoice.vendor)
    if rule is None:
        return None
    old = invoice.category
    invoice.category, invoice.category_source, invoice.category_confidence = rule.category, "rule", rule.confidence
    for item in invoice.items:
        item.item_category = rule.category
    if old != rule.category:
        audit.record(session, invoice, "categorised", field="category", old=old, new=rule.category, actor="rule",
                     detail={"confidence": str(rule.confidence), "hits": rule.hits})
    return rule
