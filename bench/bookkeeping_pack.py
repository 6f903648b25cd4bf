"""Accountant pack, end to end: a user sends 24 receipts of Q1 2025 (text PDFs) over signed webhooks and asks
"export Q1 2025 for my accountant"; the zip behind the link in the reply is downloaded and checked: every
original file there byte for byte under a date_vendor_number name, invoices.csv and invoices.xlsx with a
row per invoice (numbers as numbers, dates as dates). A second user's pack holds none of the first user's
files; a third user's big documents get "too big" instead of a pack; a tampered link gets 404 and an
expired one 410.

Runs the product as in production (gunicorn, the RQ worker, a scratch database, the fake Twilio API; see
bench/faults_delivery.py) with ACCOUNTANT_PACK_MAX_BYTES=3000000. Prints every step with timings and sizes.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/bookkeeping_pack.py [--no-expiry]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import random
import re
import sys
import time
import zipfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook  # noqa: E402

from bench.bookkeeping_live import Person, fetch, first_url, receipt, tampered  # noqa: E402
from bench.faults_delivery import start_system  # noqa: E402

LIMIT = 3_000_000
SHOPS = [("Repsol Estacion 24", "Av. de America 5, Madrid", "Gasolina 95"),
         ("Mercadona", "Calle Alcala 120, Madrid", "Fruta"),
         ("Café Ñandú", "Calle Mayor 7, Madrid", "Cafe con leche"),
         ("Papeleria Lopez & Hijos", "Calle Mayor 3, Madrid", "Papel A4")]


def step(title: str) -> None:
    print(f"\n== {title}")


def show(body: str) -> None:
    print("   | " + body.replace("\n", "\n   | "))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redis-db", type=int, default=13)
    parser.add_argument("--app-dir", type=Path, default=ROOT)
    parser.add_argument("--receipts", type=int, default=24)
    parser.add_argument("--no-expiry", action="store_true", help="skip waiting 60 s for the link to expire")
    args = parser.parse_args(argv)
    os.environ["EXPORT_LINK_TTL_SECONDS"] = "60"
    os.environ["ACCOUNTANT_PACK_MAX_BYTES"] = str(LIMIT)
    rng = random.Random(12)
    checks: list[tuple[str, bool]] = []
    with ExitStack() as stack:
        step("starting gunicorn + 1 RQ worker + fake Twilio on a scratch database")
        system = start_system(stack, args.app_dir.resolve(), args.redis_db, workers=1)
        ana, ben, cris = (Person(system, n) for n in ("+34612000201", "+34612000202", "+34612000203"))

        step(f"{ana.number} sends {args.receipts} receipts dated January to March 2025")
        sent: dict[str, bytes] = {}
        started = time.monotonic()
        for n in range(args.receipts):
            shop, address, item = SHOPS[n % len(SHOPS)]
            day = f"{1 + (n * 7) % 28:02d}/{1 + n % 3:02d}/2025"
            pdf = receipt(shop, address, f"Q1-{n:04d}", day, [(item, f"{rng.uniform(3, 90):.2f}")])
            seq, _ = ana.send_document(pdf)
            sent[sha(pdf)] = pdf
        print(f"{len(sent)} documents saved in {time.monotonic() - started:.1f} s, "
              f"{sum(map(len, sent.values()))} bytes in all")
        ben_pdf = receipt("Bens Secret Supplier", "1 Hidden Lane, Madrid", "B-1", "10/02/2025", [("Secret", "99.00")])
        ben.send_document(ben_pdf)

        step("asks 'export Q1 2025 for my accountant'")
        reply, took = ana.ask("export Q1 2025 for my accountant")
        print(f"answered in {took:.2f} s (zip built in the worker's job)")
        show(reply["Body"])
        url = first_url(reply["Body"], ".zip")
        checks.append(("the reply carries a .zip link", url is not None))
        if url is None:
            return 1
        started = time.monotonic()
        response = fetch(url)
        print(f"GET pack link (no auth): {response.status_code} {response.headers.get('Content-Type')} "
              f"{len(response.content)} bytes in {(time.monotonic() - started) * 1000:.0f} ms; "
              f"{response.headers.get('Content-Disposition')}")
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        names = archive.namelist()
        files = [n for n in names if n.startswith("files/")]
        print(f"zip: {len(names)} entries: invoices.csv, invoices.xlsx and {len(files)} files, e.g.")
        for name in files[:4]:
            print(f"   {name}  ({archive.getinfo(name).file_size} bytes)")
        in_zip = {sha(archive.read(n)) for n in files}
        checks.append(("every original file is in the zip, byte for byte", in_zip == set(sent)))
        checks.append(("file names are YYYY-MM-DD_<ascii-slug>_<seq>.pdf and unique",
                       len(set(files)) == len(files) and all(
                           re.fullmatch(r"files/2025-0[1-3]-\d\d_[a-z0-9-]+_\d+\.pdf", n) for n in files)))
        checks.append(("Café Ñandú's files are named cafe-nandu",
                       any("_cafe-nandu_" in n for n in files)))
        rows = list(csv.DictReader(io.StringIO(archive.read("invoices.csv").decode("utf-8-sig"))))
        book = load_workbook(io.BytesIO(archive.read("invoices.xlsx")))
        sheet = book["Invoices"]
        header = [c.value for c in sheet[1]]
        data_rows = list(sheet.iter_rows(min_row=2))
        total = data_rows[0][header.index("total")]
        date = data_rows[0][header.index("invoice_date")]
        print(f"invoices.csv: {len(rows)} rows; invoices.xlsx: {len(data_rows)} invoice rows, first total "
              f"{total.value!r} ({total.data_type}, format {total.number_format}), date {date.value!r}")
        checks.append(("CSV and XLSX hold one row per invoice",
                       len({r['invoice'] for r in rows}) == len(data_rows) == len(sent)))
        checks.append(("XLSX totals are numbers and dates are dates", total.data_type == "n" and date.is_date))
        checks.append(("nothing of the other user in the pack",
                       sha(ben_pdf) not in in_zip and b"Bens Secret" not in response.content))
        print(f"GET tampered pack link: {fetch(tampered(url)).status_code}")
        checks.append(("a tampered link gets 404", fetch(tampered(url)).status_code == 404))

        step(f"{ben.number} asks 'exporta 2025 para mi contable'")
        reply, took = ben.ask("exporta 2025 para mi contable")
        show(reply["Body"])
        ben_zip = zipfile.ZipFile(io.BytesIO(fetch(first_url(reply["Body"], ".zip") or url).content))
        ben_files = [n for n in ben_zip.namelist() if n.startswith("files/")]
        print(f"answered in {took:.2f} s; files: {ben_files}")
        checks.append(("the second user's pack has only their file",
                       [sha(ben_zip.read(n)) for n in ben_files] == [sha(ben_pdf)]))

        step(f"{cris.number} sends two 1.6 MB scans and asks for 2025 (limit {LIMIT} bytes)")
        for n in range(2):
            cris.send_document(receipt("Imprenta Grande", "Calle Ancha 1, Madrid", f"G-{n}", f"0{n + 4}/03/2025",
                                       [("Carteles", "120.00")], noise=rng.randbytes(1_600_000)))
        reply, took = cris.ask("export 2025 pour mon comptable")
        print(f"answered in {took:.2f} s")
        show(reply["Body"])
        checks.append(("too big: a clear message and no link", first_url(reply["Body"], ".zip") is None
                       and "3" in reply["Body"]))

        if not args.no_expiry:
            step("the pack link after its 60 s lifetime")
            time.sleep(62)
            status = fetch(url).status_code
            print(f"GET expired pack link: {status}")
            checks.append(("an expired link gets 410", status == 410))

    step("checks")
    for name, ok in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
