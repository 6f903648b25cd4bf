"""Operator endpoints: the RQ dashboard at /rq (basic auth) and Prometheus metrics at /metrics."""
from __future__ import annotations

from flask import Flask

from app.config import Settings


def register_operator_views(app: Flask, settings: Settings) -> None:
    from app.ops.dashboard import mount_rq_dashboard
    from app.ops.metrics_view import bp as metrics_bp

    mount_rq_dashboard(app, settings)
    app.register_blueprint(metrics_bp)
