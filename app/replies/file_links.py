"""``GET /reports/<token>.png`` and ``GET /packs/<token>.zip``: the monthly report's chart and the accountant
pack that signed links point at.

Twilio fetches the chart to deliver it as a WhatsApp image, so neither route needs a login: the token is the
credential, and it expires. As for CSV exports, a forged or unknown token gets a bare 404 and an expired
genuine one a bare 410; responses are never cached and send no referrer onward.
"""
from __future__ import annotations

import io

from flask import Blueprint, Response, current_app, send_file

from app.conversation.export import ExportLinkError
from app.conversation.signed_files import ACCOUNTANT_PACK, REPORT_CHART, FileKind, open_file
from app.db import session_factory

bp = Blueprint("file_links", __name__)

_PRIVATE = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff"}


def _serve(kind: FileKind, token: str, *, attachment: bool) -> Response:
    settings = current_app.config["SETTINGS"]
    with session_factory(settings.database_url)() as session:
        try:
            stored = open_file(session, settings, kind, token.removesuffix(f".{kind.extension}"))
        except ExportLinkError as exc:
            status = 410 if exc.expired else 404
            return Response("Gone\n" if exc.expired else "Not found\n", status=status, mimetype="text/plain",
                            headers=_PRIVATE)
    response = send_file(io.BytesIO(stored.data), mimetype=kind.content_type, as_attachment=attachment,
                         download_name=stored.filename, max_age=0, etag=False, conditional=False)
    response.headers.update(_PRIVATE)
    return response


@bp.get("/reports/<token>")
def report_chart(token: str) -> Response:
    return _serve(REPORT_CHART, token, attachment=False)


@bp.get("/packs/<token>")
def accountant_pack(token: str) -> Response:
    return _serve(ACCOUNTANT_PACK, token, attachment=True)
