"""Words nothing resolves, said back with the closest of the user's own names; a name written one letter
off ("farmacite", "Brasserie Guilaume") is one of them: it is offered ("did you mean Farmacity? reply yes"),
never answered as if it had been written right, and "yes" then answers the question for the name offered."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from app.conversation import intents as i
from app.conversation import queries
from app.conversation.matching import suggest_vendors
from app.conversation.memory import fresh_pending, set_pending
from app.conversation.text import clean_display
from app.domain.reply import Reply
from app.i18n.catalogue import text

if TYPE_CHECKING:
    from app.conversation.handler import Context


def unresolved_reply(ctx: Context, q: i.Unresolved) -> Reply:
    names = [clean_display(w, 40) for w in q.words]
    known = [*queries.user_vendors(ctx.session, ctx.user_id), *queries.user_categories(ctx.session, ctx.user_id)]
    offered = q.suggested.vendor if q.suggested else None
    close = list(dict.fromkeys([*([offered] if offered else []), *(s for w in q.words for s in suggest_vendors(w, known))]))
    body = text(ctx.language, "unresolved", words=", ".join(f"_{n}_" for n in names))
    if close:
        body += "\n" + text(ctx.language, "did_you_mean", names=" / ".join(f"*{clean_display(c, 40)}*" for c in close[:3]))
    if q.suggested is not None:
        set_pending(ctx.memory, "suggestion", ctx.now)
        ctx.memory["pending"]["intent"] = q.suggested.model_dump(mode="json")
        body += " " + text(ctx.language, "reply_yes_for_it")
    return Reply(body, data={"ok": False, "problem": "unresolved", "words": names})


def accepted(memory: dict[str, Any], now: dt.datetime) -> i.Intent | None:
    """The question for the name offered, when the user has just said "yes" to it."""
    waiting = fresh_pending(memory.get("pending"), now)
    if waiting is None or waiting.get("action") != "suggestion":
        return None
    return i.stored(waiting.get("intent"))
