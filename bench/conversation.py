"""Benchmark of the offline conversation: seed a fresh database, ask questions, check every answer.

    DATABASE_URL=postgresql+psycopg://user@host/anydb python bench/conversation.py [--seed 7] [--keep]

Creates a scratch database on DATABASE_URL's server (dropped afterwards unless --keep), migrates it,
seeds four users (English, Spanish, Portuguese, Brazilian) with two years of invoices in several
currencies, vendors and item categories (some deleted, some flagged duplicates, one stranger whose data
must never show), then asks generated questions in en/es/pt with varied wording through ``handle_text``.

Expected answers are computed independently, in plain Python over the seeded rows (own period arithmetic,
own month names, no app query code), and checked against the reply TEXT: every expected amount, formatted
in the user's locale with Babel, must appear; counts, invoice numbers and vendor order must match.
Corrections, deletes and undo are checked by reading the database back with plain SQL.
Prints the share answered correctly and every failure.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babel.numbers import format_currency  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

NOW = dt.datetime(2025, 5, 14, 12, 0, tzinfo=dt.timezone.utc)
TODAY = NOW.date()

MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(),
}
CATEGORY_WORDS = {  # how people ask; stored categories are the English keys
    "fuel": {"en": "fuel", "es": "combustible", "pt": "combustível"},
    "groceries": {"en": "groceries", "es": "supermercado", "pt": "supermercado"},
    "restaurant": {"en": "restaurants", "es": "restaurantes", "pt": "restaurantes"},
}


@dataclass
class Row:
    seq: int
    vendor: str
    date: dt.date
    total: Decimal
    tax: Decimal
    currency: str
    items: list[tuple[str, Decimal, str | None]]
    deleted: bool = False
    duplicate_of: int | None = None

    @property
    def counted(self) -> bool:
        return not self.deleted and self.duplicate_of is None


@dataclass
class Persona:
    number: str
    language: str
    locale: str
    timezone: str
    vendors: list[str]
    currencies: list[str]
    rows: list[Row] = field(default_factory=list)
    user_id: int = 0


def personas() -> list[Persona]:
    return [
        Persona("+447700900001", "en", "en_GB", "Europe/London",
                ["Tesco", "Shell", "Pret A Manger", "Sainsbury's", "BP", "Costa Coffee"], ["GBP", "GBP", "GBP", "EUR"]),
        Persona("+34600900002", "es", "es_ES", "Europe/Madrid",
                ["Mercadona", "Repsol", "Café Central", "Carrefour", "Cepsa", "El Corte Inglés"], ["EUR", "EUR", "EUR", "USD"]),
        Persona("+351910900003", "pt", "pt_PT", "Europe/Lisbon",
                ["Pingo Doce", "Galp", "Continente", "Pastelaria Açores", "Lidl", "Worten"], ["EUR"]),
        Persona("+5511990900004", "pt", "pt_BR", "America/Sao_Paulo",
                ["Pão de Açúcar", "Ipiranga", "Carrefour", "Outback", "Shell", "Drogasil"], ["BRL", "BRL", "USD"]),
    ]


VENDOR_CATEGORY = ["groceries", "fuel", "restaurant", "groceries", "fuel", None]


def seed_rows(rng: random.Random, persona: Persona, n: int = 70) -> None:
    days = sorted(rng.randrange(0, 730) for _ in range(n))
    for seq, back in enumerate(reversed(days), start=1):
        date = TODAY - dt.timedelta(days=back)
        vi = rng.randrange(len(persona.vendors))
        category = VENDOR_CATEGORY[vi]
        items = []
        for _ in range(rng.randint(1, 3)):
            price = Decimal(rng.randint(150, 9000)) / 100
            items.append((f"item {rng.randint(1, 999)}", price, category if rng.random() < 0.85 else "other"))
        total = sum((p for _, p, _ in items), Decimal(0))
        tax = (total * Decimal("0.23") / Decimal("1.23")).quantize(Decimal("0.01"))
        persona.rows.append(Row(seq, persona.vendors[vi], date, total, tax, rng.choice(persona.currencies), items))
    # Sequence numbers follow arrival; dates are mostly in order.
    persona.rows.sort(key=lambda r: r.seq)
    for row in rng.sample(persona.rows, 4):
        row.deleted = True
    for row in rng.sample([r for r in persona.rows if not r.deleted], 3):
        original = next((o for o in persona.rows if o.seq < row.seq and o.counted), None)
        if original:
            row.duplicate_of = original.seq


def insert(session: Session, persona: Persona) -> None:
    from app.models import Invoice, Item, User

    user = User(whatsapp_number=persona.number, timezone=persona.timezone, language=persona.language)
    session.add(user)
    session.flush()
    persona.user_id = user.id
    by_seq: dict[int, Invoice] = {}
    for row in persona.rows:
        inv = Invoice(user_id=user.id, seq=row.seq, vendor=row.vendor, invoice_date=row.date, total_amount=row.total,
                      tax_amount=row.tax, currency=row.currency,
                      deleted_at=NOW - dt.timedelta(days=30) if row.deleted else None,
                      items=[Item(description=d, quantity=Decimal(1), unit_price=p, total_price=p, item_category=c)
                             for d, p, c in row.items])
        session.add(inv)
        session.flush()
        by_seq[row.seq] = inv
    for row in persona.rows:
        if row.duplicate_of:
            by_seq[row.seq].duplicate_of_id = by_seq[row.duplicate_of].id
    session.flush()


# --- independent expectations ------------------------------------------------------------------------------

def month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


PERIOD_WORDS = {
    "this_month": {"en": "this month", "es": "este mes", "pt": "este mês"},
    "last_month": {"en": "last month", "es": "el mes pasado", "pt": "no mês passado"},
    "this_year": {"en": "this year", "es": "este año", "pt": "este ano"},
    "last_year": {"en": "last year", "es": "el año pasado", "pt": "no ano passado"},
    "month": {"en": "in {m}", "es": "en {m}", "pt": "em {m}"},
    "month_year": {"en": "in {m} {y}", "es": "en {m} de {y}", "pt": "em {m} de {y}"},
    "year": {"en": "in {y}", "es": "en {y}", "pt": "em {y}"},
    "last_30": {"en": "in the last 30 days", "es": "en los últimos 30 días", "pt": "nos últimos 30 dias"},
    "since": {"en": "since {m}", "es": "desde {m}", "pt": "desde {m}"},
    "all": {"en": "", "es": "", "pt": ""},
}


def make_period(rng: random.Random, lang: str) -> tuple[str, tuple[dt.date, dt.date] | None]:
    kind = rng.choice(list(PERIOD_WORDS))
    month = rng.randint(1, 12)
    year = rng.choice([2023, 2024, 2025])
    phrase = PERIOD_WORDS[kind][lang].format(m=MONTHS[lang][month - 1], y=year)
    recent_year = TODAY.year if month <= TODAY.month else TODAY.year - 1
    span = {
        "this_month": (month_start(TODAY), add_months(TODAY, 1)),
        "last_month": (add_months(TODAY, -1), month_start(TODAY)),
        "this_year": (dt.date(TODAY.year, 1, 1), dt.date(TODAY.year + 1, 1, 1)),
        "last_year": (dt.date(TODAY.year - 1, 1, 1), dt.date(TODAY.year, 1, 1)),
        "month": (dt.date(recent_year, month, 1), add_months(dt.date(recent_year, month, 1), 1)),
        "month_year": (dt.date(year, month, 1), add_months(dt.date(year, month, 1), 1)),
        "year": (dt.date(year, 1, 1), dt.date(year + 1, 1, 1)),
        "last_30": (TODAY - dt.timedelta(days=29), TODAY + dt.timedelta(days=1)),
        "since": (dt.date(recent_year, month, 1), TODAY + dt.timedelta(days=1)),
        "all": None,
    }[kind]
    return phrase, span


def in_span(row: Row, span) -> bool:
    return span is None or span[0] <= row.date < span[1]


def per_currency(rows: list[Row], value) -> dict[str, tuple[Decimal, int]]:
    out: dict[str, tuple[Decimal, int]] = {}
    for r in rows:
        total, n = out.get(r.currency, (Decimal(0), 0))
        out[r.currency] = (total + value(r), n + 1)
    return out


@dataclass
class Question:
    persona: Persona
    text: str
    check: object  # callable(reply, session) -> str | None (the failure reason)
    kind: str


def money(p: Persona, amount: Decimal, currency: str) -> str:
    return format_currency(amount, currency, locale=p.locale)


def expect_amounts(p: Persona, expected: dict[str, Decimal], counts: dict[str, int] | None = None):
    def check(reply, _session):
        body = reply.body
        if not expected:
            return None if not re.search(r"\d+[.,]\d\d", body) else f"expected no amounts, got {body!r}"
        for cur, amount in expected.items():
            if f"*{money(p, amount, cur)}*" not in body:
                return f"missing {money(p, amount, cur)} in {body!r}"
        shown = len(re.findall(r"\*[^*\n]*\d[.,]\d{2,3}[^*\n]*\*", body))
        if shown != len(expected):
            return f"expected {len(expected)} amounts, got {shown}: {body!r}"
        return None
    return check


def expect_count(n: int):
    def check(reply, _session):
        return None if re.search(rf"\*{n}\s", reply.body) else f"expected count {n} in {reply.body!r}"
    return check


def expect_seqs(seqs: list[int]):
    def check(reply, _session):
        got = [int(s) for s in re.findall(r"#(\d+)", reply.body)]
        return None if got[: len(seqs)] == seqs and len(got) == len(seqs) else f"expected {seqs}, got {got}"
    return check


def expect_vendor_order(p: Persona, ranking: list[tuple[str, Decimal]], currency: str):
    def check(reply, _session):
        body = reply.body
        positions = []
        for vendor, amount in ranking:
            line = next((ln for ln in body.splitlines() if vendor in ln and money(p, amount, currency) in ln), None)
            if line is None:
                return f"missing {vendor} {money(p, amount, currency)} in {body!r}"
            positions.append(body.index(line))
        return None if positions == sorted(positions) else f"wrong order in {body!r}"
    return check


def build_questions(rng: random.Random, people: list[Persona], n: int) -> list[Question]:
    templates = {
        "total": {"en": ["how much did I spend {P}?", "what did I spend {P}", "total spending {P}",
                         "how much have I spent {P}?"],
                  "es": ["¿cuánto gasté {P}?", "cuánto he gastado {P}", "total de gastos {P}", "gasto total {P}"],
                  "pt": ["quanto gastei {P}?", "quanto eu gastei {P}", "total de gastos {P}", "qual foi o meu gasto {P}?"]},
        "vendor": {"en": ["how much did I spend at {V} {P}?", "spending at {V} {P}", "what did I pay {V} {P}"],
                   "es": ["cuánto gasté en {V} {P}", "¿cuánto llevo gastado en {V} {P}?", "gastos en {V} {P}"],
                   "pt": ["quanto gastei em {V} {P}?", "gastos em {V} {P}", "quanto paguei à {V} {P}"]},
        "category": {"en": ["how much on {C} {P}?", "what did I spend on {C} {P}"],
                     "es": ["gastos en {C} {P}", "¿cuánto gasté en {C} {P}?"],
                     "pt": ["quanto gastei com {C} {P}?", "gastos com {C} {P}"]},
        "count": {"en": ["how many invoices {P}?", "number of receipts {P}"],
                  "es": ["¿cuántas facturas {P}?", "cuántos tickets tengo {P}"],
                  "pt": ["quantas faturas {P}?", "quantos recibos tenho {P}?"]},
        "average": {"en": ["average invoice {P}", "what's my average spend {P}?"],
                    "es": ["promedio por factura {P}", "gasto medio {P}"],
                    "pt": ["média por fatura {P}", "qual a média das faturas {P}?"]},
        "tax": {"en": ["how much tax did I pay {P}?", "VAT paid {P}"],
                "es": ["IVA pagado {P}", "¿cuánto pagué de impuestos {P}?"],
                "pt": ["quanto paguei de imposto {P}?", "IVA pago {P}"]},
        "top": {"en": ["top vendors {P}", "where do I spend the most {P}?"],
                "es": ["principales proveedores {P}", "¿dónde gasto más {P}?"],
                "pt": ["onde gastei mais {P}?", "principais fornecedores {P}"]},
        "biggest": {"en": ["biggest invoice {P}", "what was my most expensive purchase {P}?"],
                    "es": ["factura más cara {P}", "¿cuál fue mi mayor factura {P}?"],
                    "pt": ["maior fatura {P}", "qual foi a compra mais cara {P}?"]},
        "list": {"en": ["show my last {N} invoices", "list my {N} most recent invoices"],
                 "es": ["muéstrame mis últimas {N} facturas", "mis últimas {N} facturas"],
                 "pt": ["mostra as minhas últimas {N} faturas", "últimas {N} faturas"]},
        "show": {"en": ["show #{K}", "show me invoice {K}"],
                 "es": ["mostrar la factura {K}", "muéstrame #{K}"],
                 "pt": ["ver a fatura #{K}", "mostra a #{K}"]},
    }
    questions: list[Question] = []
    kinds = list(templates)
    while len(questions) < n:
        p = rng.choice(people)
        kind = kinds[len(questions) % len(kinds)]
        template = rng.choice(templates[kind][p.language])
        phrase, span = make_period(rng, p.language)
        counted = [r for r in p.rows if r.counted and in_span(r, span)]
        vendor = rng.choice(p.vendors)
        if kind in ("total", "vendor", "category", "average", "tax"):
            if kind == "vendor":
                counted = [r for r in counted if r.vendor == vendor]
            if kind == "category":
                cat = rng.choice(list(CATEGORY_WORDS))
                template = template.replace("{C}", CATEGORY_WORDS[cat][p.language])
                sums = {}
                for r in counted:
                    amount = sum((price for _, price, c in r.items if c == cat), Decimal(0))
                    if any(c == cat for _, _, c in r.items):
                        total, k = sums.get(r.currency, (Decimal(0), 0))
                        sums[r.currency] = (total + amount, k + 1)
            else:
                sums = per_currency(counted, (lambda r: r.tax) if kind == "tax" else (lambda r: r.total))
            if kind == "average":
                expected = {c: t / k for c, (t, k) in sums.items()}
            else:
                expected = {c: t for c, (t, k) in sums.items()}
            check = expect_amounts(p, expected)
        elif kind == "count":
            check = expect_count(len(counted))
        elif kind == "top":
            by: dict[tuple[str, str], Decimal] = {}
            for r in counted:
                by[(r.vendor, r.currency)] = by.get((r.vendor, r.currency), Decimal(0)) + r.total
            main = max({c for _, c in by} or {"EUR"}, key=lambda c: sum(1 for r in counted if r.currency == c))
            ranking = sorted(((v, t) for (v, c), t in by.items() if c == main), key=lambda vt: (-vt[1], vt[0]))[:5]
            check = expect_vendor_order(p, ranking, main)
        elif kind == "biggest":
            best: dict[str, Row] = {}
            for r in counted:
                if r.currency not in best or (r.total, -r.seq) > (best[r.currency].total, -best[r.currency].seq):
                    best[r.currency] = r
            seqs = [r.seq for r in sorted(best.values(), key=lambda r: -r.total)]
            check = expect_seqs(seqs)
        elif kind == "list":
            k = rng.randint(2, 10)
            template = template.replace("{N}", str(k))
            live = sorted((r for r in p.rows if not r.deleted), key=lambda r: -r.seq)[:k]
            check = expect_seqs([r.seq for r in live])
            phrase = ""
        else:  # show
            row = rng.choice([r for r in p.rows if not r.deleted])
            template = template.replace("{K}", str(row.seq))
            phrase = ""

            def check(reply, _s, row=row, p=p):
                want = [f"#{row.seq}", row.vendor, money(p, row.total, row.currency)]
                missing = [w for w in want if w not in reply.body]
                return f"missing {missing} in {reply.body!r}" if missing else None
        textq = re.sub(r"\s+", " ", template.replace("{P}", phrase).replace("{V}", vendor)).strip()
        textq = textq.replace(" ?", "?")
        questions.append(Question(p, textq, check, kind))
    return questions


def mutation_questions(rng: random.Random, people: list[Persona]) -> list[Question]:
    """Deletes, undo and corrections, checked by reading the database back with plain SQL."""
    words = {
        "delete": {"en": "delete #{K}", "es": "borra la factura {K}", "pt": "apaga a #{K}"},
        "undo": {"en": "undo", "es": "deshacer", "pt": "desfazer"},
        "total": {"en": "total of #{K} is {X}", "es": "el total de #{K} es {X}", "pt": "o total da #{K} é {X}"},
        "vendor": {"en": "vendor of #{K} is {X}", "es": "el proveedor de #{K} es {X}", "pt": "o fornecedor da #{K} é {X}"},
    }
    out: list[Question] = []

    def column(session, p, seq, col):
        return session.execute(text(f"SELECT {col} FROM invoices WHERE user_id = :u AND seq = :s"),
                               {"u": p.user_id, "s": seq}).scalar()

    for p in people:
        live = [r for r in p.rows if not r.deleted]
        target = rng.choice(live)
        out.append(Question(p, words["delete"][p.language].format(K=target.seq),
                            lambda r, s, p=p, t=target: None if column(s, p, t.seq, "deleted_at") else "not deleted",
                            "delete"))
        out.append(Question(p, words["undo"][p.language],
                            lambda r, s, p=p, t=target: None if column(s, p, t.seq, "deleted_at") is None
                            else "not restored", "undo"))
        amount = Decimal(rng.randint(100, 99999)) / 100
        typed = f"{amount:.2f}" if p.language == "en" else f"{amount:.2f}".replace(".", ",")
        out.append(Question(p, words["total"][p.language].format(K=target.seq, X=typed),
                            lambda r, s, p=p, t=target, a=amount: None if column(s, p, t.seq, "total_amount") == a
                            else f"total is {column(s, p, t.seq, 'total_amount')}", "correct_total"))
        out.append(Question(p, words["vendor"][p.language].format(K=target.seq, X="Nova Loja"),
                            lambda r, s, p=p, t=target: None if column(s, p, t.seq, "vendor") == "Nova Loja"
                            else "vendor unchanged", "correct_vendor"))
        # Someone else's number: must not touch the stranger's invoice #1.
        out.append(Question(p, words["delete"][p.language].format(K=999),
                            lambda r, s: None if s.execute(text(
                                "SELECT count(*) FROM invoices WHERE deleted_at IS NOT NULL AND user_id = "
                                "(SELECT id FROM users WHERE whatsapp_number = '+4915100000009')")).scalar() == 0
                            else "stranger's invoice deleted", "isolation"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--questions", type=int, default=150)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL")
    if not server:
        print("DATABASE_URL is not set", file=sys.stderr)
        return 2
    from app.config import Settings
    from app.conversation import handle_text
    from app.models import Conversation, Invoice, User
    from devtools.scratch_db import create_database, drop_database

    server = Settings(DATABASE_URL=server).database_url
    url = create_database(server, prefix="ia_bench", migrate=True)
    try:
        engine = create_engine(url)
        settings = Settings(DATABASE_URL=url, OPENAI_API_KEY="")
        rng = random.Random(args.seed)
        people = personas()
        with Session(engine) as session:
            for p in people:
                seed_rows(rng, p)
                insert(session, p)
            stranger = User(whatsapp_number="+4915100000009", language="de")
            session.add(stranger)
            session.flush()
            session.add(Invoice(user_id=stranger.id, seq=999, vendor="Geheim GmbH", total_amount=Decimal("5"),
                                currency="EUR", invoice_date=TODAY))
            session.commit()

            questions = build_questions(rng, people, args.questions)
            mutations = mutation_questions(rng, people)
            conversations = {}
            failures = []
            per_kind: dict[str, list[int]] = {}
            for q in questions + mutations:
                user = session.get(User, q.persona.user_id)
                conv = conversations.get(user.id)
                if conv is None:
                    conv = conversations[user.id] = Conversation(user_id=user.id, state={})
                    session.add(conv)
                    session.flush()
                try:
                    reply = handle_text(session, user=user, conversation=conv, text=q.text, now=NOW, settings=settings)
                    session.commit()
                    problem = q.check(reply, session)
                    if problem is None and "Geheim" in reply.body:
                        problem = "leaked another user's data"
                except Exception as exc:  # a crash is a wrong answer, reported like one
                    session.rollback()
                    problem, reply = f"{type(exc).__name__}: {exc}", None
                stats = per_kind.setdefault(q.kind, [0, 0])
                stats[1] += 1
                if problem is None:
                    stats[0] += 1
                else:
                    failures.append((q, problem, reply))
        engine.dispose()
    finally:
        if not args.keep:
            drop_database(url)

    total = sum(v[1] for v in per_kind.values())
    correct = sum(v[0] for v in per_kind.values())
    print(f"questions: {total}   correct: {correct}   share: {correct / total:.1%}")
    for kind, (ok, n) in sorted(per_kind.items()):
        print(f"  {kind:15} {ok:3}/{n}")
    if failures:
        print("\nfailures:")
        for q, problem, reply in failures:
            print(f"- [{q.persona.language}/{q.kind}] {q.text!r}: {problem}"
                  + (f" (understood as {reply.intent})" if reply else ""))
    return 0 if correct / total >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
