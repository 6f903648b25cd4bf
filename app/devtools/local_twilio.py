"""Local mode for ``manage.py run`` without a Twilio account (filled in by the pipeline work)."""
from __future__ import annotations


def local_mode_environment() -> dict[str, str]:
    return {}
