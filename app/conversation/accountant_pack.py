"""The accountant pack: "export 2025 for my accountant" gives a signed link to one zip with

- ``invoices.csv``: the CSV export of the period (:func:`app.conversation.export.build_csv`),
- ``invoices.xlsx``: the same invoices with numeric amounts and real dates (:mod:`.pack_xlsx`),
- ``files/``: the original document of each invoice, named ``YYYY-MM-DD_<vendor-slug>_<seq>.<ext>``
  (a second file of the same invoice gets ``-2``; names are ASCII and unique within the zip).

Only the asking user's counted invoices (live, not flagged duplicates) dated in the period, in their
timezone, and only media rows of that same user are read; files are read through :mod:`app.media.storage`,
so local disk and S3 work alike. It is built by the worker's job that answers the message (never in the
webhook), held in memory, and refused before anything is read when the files add up to more than
``ACCOUNTANT_PACK_MAX_BYTES``. The zip is stored and linked like a CSV export (own salt, same expiry, purged
by the same sweep).
"""
from __future__ import annotations

import datetime as dt
import io
import logging
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.conversation.dates import Period, zone
from app.conversation.export import build_csv, plain_amount
from app.conversation.pack_xlsx import build_xlsx
from app.conversation.queries import counted, in_period, invoice_day
from app.conversation.signed_files import ACCOUNTANT_PACK, StoredLink, store_file
from app.domain.reply import Reply
from app.media import storage
from app.models import Invoice, Item, Media

log = logging.getLogger(__name__)

_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp",
               "image/heic": "heic", "application/xml": "xml", "text/xml": "xml", "text/plain": "txt"}
MAX_SLUG = 40


class PackTooBig(Exception):
    def __init__(self, size: int, limit: int):
        super().__init__(f"pack of {size} bytes over {limit}")
        self.size = size
        self.limit = limit


@dataclass(frozen=True)
class Pack:
    filename: str
    data: bytes
    invoices: int
    files: list[str]
    totals: dict[str, Decimal]
    missing: int = 0  # recorded files storage could not read (left out, counted)
    seconds: float = 0.0
    names: dict[int, list[str]] = field(default_factory=dict)


def slug(vendor: str | None) -> str:
    """``"Café Ñandú S.L."`` -> ``"cafe-nandu-s-l"``: ASCII letters, digits and dashes only."""
    ascii_text = unicodedata.normalize("NFKD", vendor or "").encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_SLUG].strip("-")
    return cleaned or "unknown-vendor"


def extension(media: Media) -> str:
    if media.content_type in _EXTENSIONS:
        return _EXTENSIONS[media.content_type]
    suffix = (media.original_filename or media.filename or "").rsplit(".", 1)
    if len(suffix) == 2 and re.fullmatch(r"[A-Za-z0-9]{1,5}", suffix[1]):
        return suffix[1].lower()
    return "bin"


def _pack_name(period: Period | None, today: dt.date) -> str:
    if period is None:
        return f"accountant-pack-all-{today.isoformat()}.zip"
    return f"accountant-pack-{period.start.isoformat()}-to-{period.last_day.isoformat()}.zip"


def build_pack(session: Session, settings: Settings, user_id: int, *, period: Period | None, timezone: str,
               today: dt.date, now: dt.datetime) -> Pack:
    """The zip of the user's counted invoices of ``period`` (all when None). Raises :class:`PackTooBig`."""
    started = time.perf_counter()
    day = invoice_day(timezone)
    rows = session.execute(
        select(Invoice, day).where(*counted(user_id), *in_period(period, timezone)).order_by(day, Invoice.seq)
    ).all()
    invoices = [inv for inv, _ in rows]
    ids = [inv.id for inv in invoices]
    media = list(session.scalars(
        select(Media).where(Media.user_id == user_id, Media.invoice_id.in_(ids), Media.file_path.is_not(None))
        .order_by(Media.invoice_id, Media.media_index, Media.id)
    )) if ids else []
    declared = sum(m.file_size or 0 for m in media)
    if declared > settings.accountant_pack_max_bytes:
        raise PackTooBig(declared, settings.accountant_pack_max_bytes)

    items: dict[int, list[Item]] = {}
    if ids:
        for item in session.scalars(select(Item).where(Item.invoice_id.in_(ids)).order_by(Item.id)):
            items.setdefault(item.invoice_id, []).append(item)
    by_invoice: dict[int, list[Media]] = {}
    for m in media:
        by_invoice.setdefault(m.invoice_id or 0, []).append(m)

    names: dict[int, list[str]] = {}
    used: set[str] = set()
    out = io.BytesIO()
    missing = read = 0
    stamp = now.astimezone(zone(timezone)).timetuple()[:6]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for inv, invoice_date in rows:
            for n, m in enumerate(by_invoice.get(inv.id, []), start=1):
                base = f"{invoice_date.isoformat() if invoice_date else 'undated'}_{slug(inv.vendor)}_{inv.seq}"
                name = f"{base}{'' if n == 1 else f'-{n}'}.{extension(m)}"
                extra = n
                while name in used:  # seqs are unique per user, so only a stray collision gets here
                    extra += 1
                    name = f"{base}-{extra}.{extension(m)}"
                try:
                    data = storage.get(settings, m.file_path or "")
                except (storage.StorageError, OSError) as exc:
                    log.warning("pack: a stored file is unreadable: %s", type(exc).__name__)
                    missing += 1
                    continue
                read += len(data)
                if read > settings.accountant_pack_max_bytes:  # sizes recorded wrongly or not at all
                    raise PackTooBig(read, settings.accountant_pack_max_bytes)
                used.add(name)
                names.setdefault(inv.id, []).append(f"files/{name}")
                info = zipfile.ZipInfo(f"files/{name}", date_time=stamp)
                info.compress_type = zipfile.ZIP_STORED  # PDFs and photos are compressed already
                archive.writestr(info, data)
        csv_file = build_csv(session, user_id, period=period, timezone=timezone, today=today)
        archive.writestr(zipfile.ZipInfo("invoices.csv", date_time=stamp), csv_file.data,
                         compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo("invoices.xlsx", date_time=stamp),
                         build_xlsx(invoices, items, names), compress_type=zipfile.ZIP_DEFLATED)
    return Pack(filename=_pack_name(period, today), data=out.getvalue(), invoices=len(invoices),
                files=[n for listed in names.values() for n in listed], totals=csv_file.totals, missing=missing,
                seconds=round(time.perf_counter() - started, 3), names=names)


def megabytes(size: int, locale: str) -> str:
    """``"4.2 MB"``, or ``"20 KB"`` under a megabyte, in the user's number format."""
    if size < 1_000_000:
        return f"{format_decimal(max(1, round(size / 1000)), locale=locale)} KB"
    return f"{format_decimal(size / 1_000_000, '0.0', locale=locale)} MB"


@dataclass(frozen=True)
class PackResult:
    """What asking for a pack gave: a stored link, or why not (``empty``, ``too_big``, ``unavailable``)."""

    problem: str | None
    pack: Pack | None = None
    link: StoredLink | None = None
    size: int = 0


def create_pack(session: Session, settings: Settings, user_id: int, *, period: Period | None, timezone: str,
                today: dt.date, now: dt.datetime) -> PackResult:
    """Build and store the pack; the caller commits (and, if it rolls back, deletes ``link.file_path``)."""
    if not settings.public_base_url:
        log.error("accountant pack asked but PUBLIC_BASE_URL is not set")
        return PackResult("unavailable")
    count = session.scalar(select(func.count(Invoice.id)).where(*counted(user_id), *in_period(period, timezone)))
    if not count:
        return PackResult("empty")
    try:
        pack = build_pack(session, settings, user_id, period=period, timezone=timezone, today=today, now=now)
    except PackTooBig as big:
        return PackResult("too_big", size=big.size)
    link = store_file(session, settings, user_id, ACCOUNTANT_PACK, pack.data, filename=pack.filename, now=now,
                      details={"invoices": pack.invoices, "files": len(pack.files)})
    return PackResult(None, pack=pack, link=link, size=len(pack.data))


def pack_data(result: PackResult, period: Period | None) -> dict[str, Any]:
    data: dict[str, Any] = {"ok": result.problem is None, "period": None if period is None else {
        "from": period.start.isoformat(), "to": period.last_day.isoformat()}}
    if result.problem:
        data["problem"] = result.problem
    if result.pack is not None and result.link is not None:
        data.update(invoices=result.pack.invoices, files=len(result.pack.files), missing_files=result.pack.missing,
                    bytes=result.size, filename=result.pack.filename, seconds=result.pack.seconds,
                    totals={c: plain_amount(v, c) for c, v in result.pack.totals.items()},
                    expires_at=result.link.expires_at.isoformat())
    elif result.problem == "too_big":
        data["bytes"] = result.size
    return data


def pack_reply(ctx: Any, intent: Any) -> Reply:
    """Executor for the handler's ``AccountantPack`` intent: the link goes in the text (WhatsApp does not
    deliver zip files as media)."""
    from app.conversation.answers import invoices_label, period_label
    from app.i18n.catalogue import text

    period = getattr(intent, "period", None)
    scope = f" · {period_label(period, ctx.locale)}" if period else ""
    result = create_pack(ctx.session, ctx.settings, ctx.user_id, period=period, timezone=ctx.timezone,
                         today=ctx.today, now=ctx.now)
    data = pack_data(result, period)
    if result.problem == "unavailable":
        return Reply(text(ctx.language, "export_unavailable"), intent="accountant_pack", data=data)
    if result.problem == "empty":
        return Reply(text(ctx.language, "pack_empty", scope=scope), intent="accountant_pack", data=data)
    if result.problem == "too_big":
        return Reply(text(ctx.language, "pack_too_big", size=megabytes(result.size, ctx.locale),
                          limit=megabytes(ctx.settings.accountant_pack_max_bytes, ctx.locale)),
                     intent="accountant_pack", data=data)
    if result.pack is None or result.link is None:  # every problem was answered above
        raise RuntimeError("accountant pack without a problem or a link")
    body = text(ctx.language, "pack_ready", scope=scope, count=invoices_label(result.pack.invoices, ctx.language,
                                                                               ctx.locale),
                files=len(result.pack.files), size=megabytes(result.size, ctx.locale), url=result.link.url,
                minutes=max(1, ctx.settings.export_link_ttl_seconds // 60))
    return Reply(body, intent="accountant_pack", data=data)
