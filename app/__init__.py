"""The Flask application factory (the web side of the pipeline: webhook -> store -> queue)."""
from __future__ import annotations

from flask import Flask

from app.config import Settings, get_settings


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or get_settings()
    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    app.config["SECRET_KEY"] = settings.secret_key
    # Webhook bodies are small forms; anything big is hostile.
    app.config["MAX_CONTENT_LENGTH"] = 256 * 1024

    from app.logs import configure_logging

    configure_logging(settings)

    from app.ops.health import bp as health_bp

    app.register_blueprint(health_bp)

    from app.webhook.views import bp as twilio_bp

    app.register_blueprint(twilio_bp)

    from app.replies.downloads import bp as exports_bp

    app.register_blueprint(exports_bp)

    from app.replies.file_links import bp as file_links_bp

    app.register_blueprint(file_links_bp)

    from app.ops import register_operator_views

    register_operator_views(app, settings)

    from app.ops.backup_cli import backup_command, restore_command
    from app.ops.extract_cli import extract_command

    # Developer commands (flask chat, flask replay) come from devtools/ through Flask's "flask.commands"
    # entry points (pyproject.toml), so the app never imports its own development tools.
    app.cli.add_command(extract_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    return app
