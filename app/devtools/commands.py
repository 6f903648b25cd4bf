"""Developer ``flask`` commands: ``flask replay`` and ``flask chat``."""
from __future__ import annotations

from flask import Flask


def register_dev_commands(app: Flask) -> None:
    from app.devtools.chat import chat_command
    from app.devtools.replay import replay_command

    app.cli.add_command(replay_command)
    app.cli.add_command(chat_command)
