"""Recording billable model calls in the ``usage`` table (extraction and conversation alike)."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from app.domain.llm_usage import LLMCall
from app.models import Usage


def record_llm_calls(session: Session, user_id: int, calls: Iterable[LLMCall]) -> list[Usage]:
    rows = [
        Usage(user_id=user_id, tokens_in=max(call.tokens_in, 0), tokens_out=max(call.tokens_out, 0),
              usage_type=call.usage_type[:32], model_name=call.model[:100],
              cost=call.cost if call.cost is None or call.cost >= 0 else None)
        for call in calls
    ]
    session.add_all(rows)
    return rows
