"""What the offline parser makes of one message (see :mod:`parser <app.conversation.parser>`)."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.conversation import intents as i
from app.conversation.dates import Period


@dataclass(frozen=True)
class Parsed:
    intent: i.Intent
    language: str | None  # detected language of this message, None when unsure
    # True when the message only narrowed something ("and in April?", "y en Shell?"): the handler may
    # carry the previous question over with these new details.
    elliptical: bool = False
    mentioned: dict[str, Period | str | None] = field(default_factory=dict)
