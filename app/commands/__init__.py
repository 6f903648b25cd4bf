"""``flask`` commands (the app is found through .flaskenv)."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from app.commands.extract import extract_command

    app.cli.add_command(extract_command)
