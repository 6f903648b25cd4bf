"""GET /healthz: 200 when PostgreSQL and Redis answer, 503 naming what is down."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text

from app.config import Settings
from app.db import get_engine
from app.queue.connection import get_redis

bp = Blueprint("health", __name__)


def _check_postgres(url: str) -> str:
    try:
        with get_engine(url).connect() as conn:
            conn.execute(text("SELECT 1"))
        return "ok"
    except Exception as exc:  # noqa: BLE001  (any failure means "down"; the name helps the operator)
        return f"down: {type(exc).__name__}"


def _check_redis(url: str) -> str:
    try:
        get_redis(url).ping()
        return "ok"
    except Exception as exc:  # noqa: BLE001  (as above)
        return f"down: {type(exc).__name__}"


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    settings: Settings = current_app.config["SETTINGS"]
    checks = {"postgres": _check_postgres(settings.database_url),
              "redis": _check_redis(settings.redis_url)}
    down = sorted(name for name, state in checks.items() if state != "ok")
    body: dict[str, object] = {"status": "ok" if not down else "down", "checks": checks}
    if down:
        body["down"] = down
    return jsonify(body), (503 if down else 200)
