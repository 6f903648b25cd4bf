"""Several vendors asked about side by side ("Dunnes v Tesco in May", "compare Lidl and Aldi"): one answer
per vendor, one under the other, each with its own scope line, so neither figure hides in a sum."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.conversation import intents as i
from app.domain.reply import Reply

if TYPE_CHECKING:
    from app.conversation.handler import Context


def each_vendor(ctx: Context, q: i.SpendingQuery, answer: Callable[[Context, i.Intent], Reply]) -> Reply:
    """``q`` answered once per vendor it names, by ``answer`` (the handler's usual way to answer one)."""
    replies = [answer(ctx, q.model_copy(update={"vendor": vendor, "other_vendors": (), "each": False}))
               for vendor in (q.vendor, *q.other_vendors)]
    return Reply("\n\n".join(r.body for r in replies), data={"each": [r.data for r in replies]})
