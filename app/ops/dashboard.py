"""rq-dashboard mounted at /rq, closed unless RQ_DASHBOARD_USERNAME and RQ_DASHBOARD_PASSWORD are set.

The check runs before anything else for every path under /rq, so it also covers rq-dashboard's
POST actions (requeue, delete, empty, compact), its JSON data routes, static files and unknown paths.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import rq_dashboard
from flask import Flask, Request, Response, request
from rq_dashboard.web import setup_rq_connection

from app.config import Settings
from app.ops.http_auth import basic_auth_matches

PREFIX = "/rq"
_REQUEUE_ALL = PREFIX + "/requeue/"
_CHALLENGE = {"WWW-Authenticate": 'Basic realm="RQ dashboard", charset="UTF-8"'}


def _under_prefix(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def _credentials_match(settings: Settings) -> bool:
    return basic_auth_matches(request.authorization, settings.rq_dashboard_username,
                              settings.rq_dashboard_password)


def _cross_site(req: Request) -> bool:
    """A browser caches basic-auth credentials, so another site could make it POST a requeue or an
    "empty queue"; browsers say where a request comes from, and the dashboard's own buttons are same-origin."""
    fetch_site = req.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "none"}
    origin = req.headers.get("Origin")
    if origin is not None:
        return urlsplit(origin).netloc != req.host
    return False


def mount_rq_dashboard(app: Flask, settings: Settings) -> None:
    app.config.from_object(rq_dashboard.default_settings)
    app.config["RQ_DASHBOARD_REDIS_URL"] = settings.redis_url
    setup_rq_connection(app)  # builds a lazy client; nothing connects until a page is served
    app.register_blueprint(rq_dashboard.blueprint, url_prefix=PREFIX)
    configured = bool(settings.rq_dashboard_username and settings.rq_dashboard_password)

    # An app-level hook (not one added to rq-dashboard's module-global blueprint, which every app
    # created in the process shares) runs before the dashboard's own hooks and before routing errors.
    @app.before_request
    def _require_dashboard_credentials() -> Response | None:
        if not _under_prefix(request.path):
            return None
        if not configured:
            return Response("The RQ dashboard is disabled: set RQ_DASHBOARD_USERNAME and "
                            "RQ_DASHBOARD_PASSWORD.\n", status=401, headers=_CHALLENGE,
                            content_type="text/plain")
        if not _credentials_match(settings):
            return Response("Authentication required.\n", status=401, headers=_CHALLENGE,
                            content_type="text/plain")
        if request.path.startswith(_REQUEUE_ALL) and request.method != "POST":
            # rq-dashboard also requeues on GET, which any <img> tag could trigger; its UI uses POST.
            return Response("Use POST.\n", status=405, headers={"Allow": "POST"}, content_type="text/plain")
        if request.method not in {"GET", "HEAD", "OPTIONS"} and _cross_site(request):
            return Response("Cross-site dashboard actions are refused.\n", status=403,
                            content_type="text/plain")
        return None
