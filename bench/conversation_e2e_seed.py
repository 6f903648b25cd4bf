"""Seed the personas of bench/conversation_e2e_personas.json into a scratch database, with plain SQL.

Imports nothing from ``app/`` so the seeded rows do not depend on the code under test. Every persona gets
~14 months of invoices from a seeded random generator (same seed, same rows), the hand-placed timezone-edge
invoices of its ``fixed`` list, three soft-deleted invoices and two flagged duplicates (all in 2024, so
"my last N invoices" never meets them). users.timezone and users.language stay NULL: a new user, whose
zone and language the product must infer from the number.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import math
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, text

PERSONAS_FILE = Path(__file__).with_name("conversation_e2e_personas.json")
CENT = Decimal("0.01")


@dataclass
class SeedInvoice:
    vendor: str
    category: str
    currency: str
    created_at: dt.datetime  # aware, UTC
    invoice_date: dt.date | None
    total: Decimal
    tax: Decimal
    items: list[tuple[str, Decimal]]
    deleted_at: dt.datetime | None = None
    duplicate_of: SeedInvoice | None = None
    seq: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def load_personas(path: Path = PERSONAS_FILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _poisson(rng: random.Random, rate: float) -> int:
    # Knuth's method: small rates only, which is all a month of one vendor needs.
    limit, k, p = math.exp(-rate), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _split(rng: random.Random, total: Decimal, names: list[str]) -> list[tuple[str, Decimal]]:
    """Item lines that add up to the total exactly (prices include tax, as on European receipts)."""
    weights = [rng.uniform(0.5, 2.0) for _ in names]
    parts = [(total * Decimal(w / sum(weights))).quantize(CENT) for w in weights[:-1]]
    parts.append(total - sum(parts, Decimal(0)))
    if parts[-1] <= 0:  # rounding left nothing for the last line: one line carries the whole amount
        return [(names[0], total)]
    return list(zip(names, parts, strict=True))


def _tax(total: Decimal, rate: float) -> Decimal:
    r = Decimal(str(rate))
    return (total * r / (1 + r)).quantize(CENT, ROUND_HALF_UP)


def _invoice(rng: random.Random, vendor: dict[str, Any], home: str, tz: ZoneInfo,
             local: dt.datetime, total: Decimal | None = None, names: list[str] | None = None,
             dated: bool | None = None) -> SeedInvoice:
    low, high = vendor["price"]
    if total is None:
        total = Decimal(str(round(rng.uniform(low, high), 2))).quantize(CENT)
    if names is None:
        k = rng.randint(1, min(4, len(vendor["items"])))
        names = rng.sample(vendor["items"], k)
    if dated is None:
        dated = rng.random() > 0.05  # a few receipts have no readable date: their day is the day sent
    # The receipt is photographed soon after paying; the date printed on it is the local day of payment.
    sent = local + dt.timedelta(minutes=rng.randint(1, 50)) if dated else local
    return SeedInvoice(vendor=vendor["name"], category=vendor["category"],
                       currency=vendor.get("currency", home), created_at=sent.replace(tzinfo=tz).astimezone(dt.UTC),
                       invoice_date=local.date() if dated else None, total=total,
                       tax=_tax(total, vendor["vat"]), items=_split(rng, total, names))


def generate(rng: random.Random, persona: dict[str, Any], first: dt.date, last: dt.date) -> list[SeedInvoice]:
    tz = ZoneInfo(persona["timezone"])
    home = persona["home"]
    out: list[SeedInvoice] = []
    for year, month in _months(first, last):
        days = calendar.monthrange(year, month)[1]
        for vendor in persona["vendors"]:
            if "months" in vendor and f"{year}-{month:02d}" not in vendor["months"]:
                continue
            count = 1 if vendor["freq"] == "monthly" else _poisson(rng, vendor["freq"])
            for _ in range(count):
                day = vendor.get("day") or rng.randint(1, days)
                # Daytime only, so random rows do not add timezone edges beyond the hand-placed ones.
                local = dt.datetime(year, month, day, rng.randint(8, 19), rng.randint(0, 59))
                out.append(_invoice(rng, vendor, home, tz, local))
    by_name = {v["name"]: v for v in persona["vendors"]}
    for fixed in persona.get("fixed", []):
        local = dt.datetime.fromisoformat(fixed["local_created"])
        inv = _invoice(rng, by_name[fixed["vendor"]], home, tz, local, total=Decimal(fixed["total"]),
                       names=fixed["items"], dated=fixed["date"] is not None)
        out.append(inv)
    _mark_deleted_and_duplicates(rng, out)
    out.sort(key=lambda inv: inv.created_at)
    for seq, inv in enumerate(out, start=1):
        inv.seq = seq
    return out


def _mark_deleted_and_duplicates(rng: random.Random, rows: list[SeedInvoice]) -> None:
    early = [r for r in rows if r.created_at.year == 2024]
    if len(early) < 10:  # the stranger: a handful of rows, nothing to undo or deduplicate
        return
    for row in rng.sample(early, 3):
        row.deleted_at = row.created_at + dt.timedelta(days=2)
    for original in rng.sample([r for r in early if r.deleted_at is None], 2):
        # The same receipt sent twice: kept, flagged, not counted.
        rows.append(SeedInvoice(vendor=original.vendor, category=original.category, currency=original.currency,
                                created_at=original.created_at + dt.timedelta(minutes=30),
                                invoice_date=original.invoice_date, total=original.total, tax=original.tax,
                                items=list(original.items), duplicate_of=original))


def insert(conn: Connection, persona: dict[str, Any], rows: list[SeedInvoice]) -> int:
    """Insert one persona and its invoices; returns the user id."""
    user_id = conn.execute(text(
        "INSERT INTO users (whatsapp_number, name) VALUES (:n, NULL) RETURNING id"),
        {"n": persona["number"]}).scalar_one()
    conn.execute(text(
        "INSERT INTO invoices (user_id, seq, invoice_number, invoice_date, vendor, total_amount, tax_amount,"
        " subtotal, currency, category, created_at, deleted_at)"
        " VALUES (:u, :seq, :num, :date, :vendor, :total, :tax, :sub, :cur, :cat, :created, :deleted)"),
        [{"u": user_id, "seq": r.seq, "num": f"R-{r.seq:05d}", "date": r.invoice_date, "vendor": r.vendor,
          "total": r.total, "tax": r.tax, "sub": r.total - r.tax, "cur": r.currency, "cat": r.category,
          "created": r.created_at, "deleted": r.deleted_at} for r in rows])
    ids = dict(conn.execute(text("SELECT seq, id FROM invoices WHERE user_id = :u"), {"u": user_id}).all())
    conn.execute(text(
        "INSERT INTO items (invoice_id, description, quantity, unit_price, total_price, item_category)"
        " VALUES (:inv, :d, 1, :p, :p, :c)"),
        [{"inv": ids[r.seq], "d": d, "p": p, "c": r.category} for r in rows for d, p in r.items])
    for r in rows:
        if r.duplicate_of is not None:
            conn.execute(text("UPDATE invoices SET duplicate_of_id = :o WHERE id = :i"),
                         {"o": ids[r.duplicate_of.seq], "i": ids[r.seq]})
    return user_id


def seed_all(conn: Connection, seed: int, path: Path = PERSONAS_FILE) -> dict[str, int]:
    """Seed every persona; returns persona key -> user id."""
    data = load_personas(path)
    first, last = (dt.date.fromisoformat(d) for d in data["range"])
    rng = random.Random(seed)
    return {key: insert(conn, persona, generate(rng, persona, first, last))
            for key, persona in data["personas"].items()}
