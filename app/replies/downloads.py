"""``GET /exports/<token>``: the CSV a signed export link points at.

Twilio fetches this URL to deliver the file as a WhatsApp document, so it needs no login: the token is the
credential. A forged, altered or unknown token gets a bare 404, an expired genuine one a bare 410; neither
says whose file it was or whether it existed. Responses are never cached and send no referrer onward.
"""
from __future__ import annotations

import io

from flask import Blueprint, Response, current_app, send_file

from app.conversation.export import ExportLinkError, open_export
from app.db import session_factory

bp = Blueprint("exports", __name__)

_PRIVATE = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff"}


@bp.get("/exports/<token>")
def download(token: str) -> Response:
    settings = current_app.config["SETTINGS"]
    with session_factory(settings.database_url)() as session:
        try:
            export = open_export(session, settings, token.removesuffix(".csv"))
        except ExportLinkError as exc:
            status = 410 if exc.expired else 404
            return Response("Gone\n" if exc.expired else "Not found\n", status=status,
                            mimetype="text/plain", headers=_PRIVATE)
    response = send_file(io.BytesIO(export.data), mimetype="text/csv", as_attachment=True,
                         download_name=export.filename, max_age=0, etag=False, conditional=False)
    response.headers.update(_PRIVATE)
    return response
