"""CSV export of a user's invoices, stored as a file and offered through a signed link that expires.

The CSV is one flat table, one row per item with the invoice's columns repeated on each of its rows (an
invoice without items gets one row with empty item columns): that is what spreadsheets and bookkeeping
imports take without any reshaping. ``line`` numbers an invoice's rows, so invoice totals are summed over
the rows where ``line`` is 1. Amounts are plain decimals (``1234.50``, the currency's own number of
decimals) next to an ISO-4217 ``currency`` column; nothing is converted or added across currencies.
It holds the same invoices as the totals the assistant answers with: live and not flagged as duplicates.

Cells with text that came from documents or users are neutralised against spreadsheet formula injection.

The file is stored through :mod:`app.media.storage` under ``exports/<user id>/`` and recorded as a ``media`` row of
the user (type ``other``, ``processing_metadata.export``), so "delete my data" and the expiry sweep find it
like any other stored file. The link is ``PUBLIC_BASE_URL/exports/<token>.csv``; the token is signed with
``SECRET_KEY`` and a salt used for nothing else, carries the user id and the storage key, and is refused after
``EXPORT_LINK_TTL_SECONDS``. Serving the link also requires the recorded file to still belong to that user.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel.numbers import get_currency_precision
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.conversation.dates import Period
from app.conversation.queries import counted, in_period, invoice_day
from app.media import storage
from app.models import Invoice, Item, Media, MediaFileType, MediaStatus

log = logging.getLogger(__name__)

# A salt only namespaces the signatures (the secret is SECRET_KEY); it is meant to be public.
TOKEN_SALT = "invoice-export-link.v1"  # noqa: S105
CONTENT_TYPE = "text/csv"
COLUMNS = (
    "invoice", "line", "invoice_date", "due_date", "vendor", "invoice_number", "currency", "subtotal", "tax",
    "total", "item_description", "item_quantity", "item_unit_price", "item_total", "item_category",
    "item_code",
)
# Spreadsheets evaluate a cell starting with these as a formula (OWASP "CSV injection"); tab and CR too.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
MAX_CELL_CHARS = 1000


class ExportLinkError(Exception):
    """A link that must not be served. ``expired`` tells a genuine but stale link from anything else."""

    def __init__(self, expired: bool = False):
        super().__init__("export link expired" if expired else "invalid export link")
        self.expired = expired


@dataclass(frozen=True)
class ExportFile:
    filename: str
    data: bytes
    invoices: int
    rows: int
    totals: dict[str, Decimal]  # per currency, over the exported invoices


@dataclass(frozen=True)
class ExportLink:
    url: str
    filename: str
    invoices: int
    totals: dict[str, Decimal]
    expires_at: dt.datetime
    file_path: str


@dataclass(frozen=True)
class StoredExport:
    filename: str
    data: bytes


# --- the CSV --------------------------------------------------------------------------------------------

def safe_cell(value: str | None) -> str:
    """Text for a CSV cell that no spreadsheet will run as a formula: a leading formula character (after
    any leading spaces) gets a ``'`` in front, the conventional "this is text" marker."""
    if value is None:
        return ""
    text = value[:MAX_CELL_CHARS]
    if text.lstrip(" ").startswith(_FORMULA_TRIGGERS):
        return "'" + text
    return text


def plain_amount(value: Decimal | None, currency: str) -> str:
    """``1234.5`` EUR -> ``"1234.50"``; the currency's usual decimals, more only if the value has them."""
    if value is None:
        return ""
    precision = get_currency_precision(currency)
    exact = value.normalize()
    exponent = exact.as_tuple().exponent  # a letter for NaN and infinities, which are shown as they are
    shown = value.quantize(Decimal(1).scaleb(-precision)) if isinstance(exponent, int) and exponent >= -precision \
        else exact
    return format(shown, "f")


def _plain_number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _filename(period: Period | None, today: dt.date) -> str:
    if period is None:
        return f"invoices-all-{today.isoformat()}.csv"
    return f"invoices-{period.start.isoformat()}-to-{period.last_day.isoformat()}.csv"


def build_csv(session: Session, user_id: int, *, period: Period | None, timezone: str,
              today: dt.date) -> ExportFile:
    """The user's counted invoices dated within ``period`` (all when None), oldest first, as CSV bytes
    (UTF-8 with a byte-order mark so spreadsheet programs read accents right)."""
    day = invoice_day(timezone)
    invoices = session.scalars(
        select(Invoice).where(*counted(user_id), *in_period(period, timezone)).order_by(day, Invoice.seq)
    ).all()
    items_by_invoice: dict[int, list[Item]] = {}
    if invoices:
        for stored in session.scalars(
            select(Item).where(Item.invoice_id.in_([inv.id for inv in invoices])).order_by(Item.id)
        ):
            items_by_invoice.setdefault(stored.invoice_id, []).append(stored)

    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: quotes where needed, CRLF line ends
    writer.writerow(COLUMNS)
    rows = 0
    totals: dict[str, Decimal] = {}
    for inv in invoices:
        cur = inv.currency
        if inv.total_amount is not None:
            totals[cur] = totals.get(cur, Decimal(0)) + inv.total_amount
        header: list[str | None] = [f"#{inv.seq}", None, inv.invoice_date.isoformat() if inv.invoice_date else "",
                  inv.due_date.isoformat() if inv.due_date else "", safe_cell(inv.vendor),
                  safe_cell(inv.invoice_number), cur, plain_amount(inv.subtotal, cur),
                  plain_amount(inv.tax_amount, cur), plain_amount(inv.total_amount, cur)]
        lines: list[Item | None] = [*items_by_invoice.get(inv.id, [])] or [None]
        for number, item in enumerate(lines, start=1):
            header[1] = str(number)
            if item is None:
                writer.writerow([*header, "", "", "", "", "", ""])
            else:
                writer.writerow([*header, safe_cell(item.description), _plain_number(item.quantity),
                                 _plain_number(item.unit_price), plain_amount(item.total_price, cur),
                                 safe_cell(item.item_category), safe_cell(item.item_code)])
            rows += 1
    return ExportFile(filename=_filename(period, today), data=buffer.getvalue().encode("utf-8-sig"),
                      invoices=len(invoices), rows=rows, totals=totals)


# --- signed links ---------------------------------------------------------------------------------------

class _ClockSigner(TimestampSigner):
    """itsdangerous' timestamp signer reading an explicit clock, so callers (and tests) own "now"."""

    def __init__(self, *args: Any, now: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._now = now

    def get_timestamp(self) -> int:
        return self._now


def _serializer(settings: Settings, now: dt.datetime | None, salt: str) -> URLSafeTimedSerializer:
    stamp = int((now or dt.datetime.now(dt.UTC)).timestamp())
    return URLSafeTimedSerializer(settings.secret_key, salt=salt, signer=_ClockSigner,
                                  signer_kwargs={"now": stamp})


def sign_link(settings: Settings, user_id: int, key: str, *, now: dt.datetime | None = None,
              salt: str = TOKEN_SALT) -> str:
    """A URL-safe token naming ``key`` (a storage key) for ``user_id``, signed at ``now``; other kinds of
    file links (report charts, accountant packs) pass their own ``salt`` so no token opens another kind."""
    return _serializer(settings, now, salt).dumps({"u": user_id, "k": key})


def read_link(settings: Settings, token: str, *, now: dt.datetime | None = None,
              salt: str = TOKEN_SALT, max_age: int | None = None) -> tuple[int, str]:
    """``(user_id, key)`` from a token signed by :func:`sign_link` at most ``max_age`` seconds
    (``EXPORT_LINK_TTL_SECONDS`` unless told) ago.

    Raises :class:`ExportLinkError` (``expired=True`` only for a genuine token that is too old)."""
    if not isinstance(token, str) or len(token) > 512:
        raise ExportLinkError()
    try:
        payload = _serializer(settings, now, salt).loads(token, max_age=max_age or settings.export_link_ttl_seconds)
    except SignatureExpired as exc:
        raise ExportLinkError(expired=True) from exc
    except BadSignature as exc:
        raise ExportLinkError() from exc
    user_id, key = (payload.get("u"), payload.get("k")) if isinstance(payload, dict) else (None, None)
    if (not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0 or not isinstance(key, str)
            or not key.startswith(key_prefix(user_id))):
        raise ExportLinkError()
    return user_id, key


def key_prefix(user_id: int) -> str:
    return f"exports/{user_id}/"


def link_url(settings: Settings, token: str) -> str:
    base = settings.public_base_url.rstrip("/")
    if not base:
        raise ValueError("PUBLIC_BASE_URL is needed to build export links")
    return f"{base}/exports/{token}.csv"


# --- storing and serving --------------------------------------------------------------------------------

def create_export(session: Session, settings: Settings, user_id: int, *, period: Period | None,
                  timezone: str, now: dt.datetime, today: dt.date) -> ExportLink:
    """Build the CSV of the period and store it (see :func:`store_export`)."""
    exported = build_csv(session, user_id, period=period, timezone=timezone, today=today)
    return store_export(session, settings, user_id, exported, now=now)


def store_export(session: Session, settings: Settings, user_id: int, exported: ExportFile, *,
                 now: dt.datetime) -> ExportLink:
    """Store a built CSV, record it as the user's file and return a signed link to it.

    The caller commits; until then the link resolves to nothing (the view looks for the recorded file)."""
    key = f"{key_prefix(user_id)}{secrets.token_hex(16)}.csv"
    url = link_url(settings, sign_link(settings, user_id, key, now=now))  # fails before storing anything
    file_path, file_url = storage.storage_for(settings).put(key, exported.data, CONTENT_TYPE)
    expires_at = now + dt.timedelta(seconds=settings.export_link_ttl_seconds)
    session.add(Media(
        user_id=user_id, filename=exported.filename, original_filename=exported.filename, file_path=file_path,
        file_url=file_url, file_size=len(exported.data), content_type=CONTENT_TYPE,
        file_type=MediaFileType.other, status=MediaStatus.processed,
        processing_metadata={"export": {"key": key, "expires_at": expires_at.isoformat(),
                                        "invoices": exported.invoices}},
    ))
    try:
        session.flush()
    except Exception:
        # The user was erased meanwhile (the row's foreign key fails): no row will ever name this file.
        storage.delete(settings, file_path)
        raise
    return ExportLink(url=url, filename=exported.filename, invoices=exported.invoices, totals=exported.totals,
                      expires_at=expires_at, file_path=file_path)


def open_export(session: Session, settings: Settings, token: str, *,
                now: dt.datetime | None = None) -> StoredExport:
    """The file a link points at, if the token is genuine, fresh, and the file is still that user's.

    Raises :class:`ExportLinkError`."""
    user_id, key = read_link(settings, token, now=now)
    media = session.scalar(
        select(Media).where(Media.user_id == user_id,
                            Media.processing_metadata["export"]["key"].astext == key)
    )
    if media is None or not media.file_path:
        raise ExportLinkError()
    try:
        data = storage.get(settings, media.file_path)
    except (storage.StorageError, OSError) as exc:
        log.warning("export file unreadable: %s", type(exc).__name__)
        raise ExportLinkError() from exc
    return StoredExport(filename=media.filename or "invoices.csv", data=data)


def purge_expired_exports(session: Session, settings: Settings, *, now: dt.datetime) -> int:
    """Delete export files (and their rows) whose links have expired; returns how many. The caller
    commits; run it from a periodic job."""
    purged = 0
    for media in session.scalars(select(Media).where(Media.processing_metadata.has_key("export"))):
        expires = (media.processing_metadata or {}).get("export", {}).get("expires_at")
        try:
            expired = dt.datetime.fromisoformat(str(expires)) <= now
        except ValueError:
            expired = True
        if not expired:
            continue
        if media.file_path:
            storage.delete(settings, media.file_path)
        session.delete(media)
        purged += 1
    session.flush()
    return purged


# --- the answer to "export March as CSV" ----------------------------------------------------------------

def export_reply(ctx: Any, intent: Any) -> Any:
    """Executor for the handler's ``Export`` intent (``handler.register("export", export_reply)``): the
    reply carries the signed link as its media URL, so WhatsApp delivers the CSV as a document."""
    from app.conversation.answers import invoices_label, money, period_label
    from app.domain.reply import Reply
    from app.i18n.catalogue import text

    period = getattr(intent, "period", None)
    scope = f" · {period_label(period, ctx.locale)}" if period else ""
    if not ctx.settings.public_base_url:
        log.error("export asked but PUBLIC_BASE_URL is not set")
        return Reply(text(ctx.language, "export_unavailable"), data={"ok": False, "problem": "no_public_url"})
    exported = build_csv(ctx.session, ctx.user_id, period=period, timezone=ctx.timezone, today=ctx.today)
    if exported.invoices == 0:
        return Reply(text(ctx.language, "export_empty", scope=scope),
                     data={"ok": False, "problem": "empty", "invoices": 0})
    link = store_export(ctx.session, ctx.settings, ctx.user_id, exported, now=ctx.now)
    totals = " · ".join(money(amount, cur, ctx.locale) for cur, amount in sorted(link.totals.items()))
    body = text(ctx.language, "export_ready", scope=scope,
                count=invoices_label(link.invoices, ctx.language, ctx.locale), totals=totals or "—",
                minutes=max(1, ctx.settings.export_link_ttl_seconds // 60))
    return Reply(body, media_urls=[link.url],
                 data={"ok": True, "invoices": link.invoices, "filename": link.filename,
                       "totals": {cur: plain_amount(v, cur) for cur, v in link.totals.items()},
                       "expires_at": link.expires_at.isoformat()})
