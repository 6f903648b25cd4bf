"""What one OpenAI call cost: token counts from the response, priced from the configured table.

Shared by the extractor and the conversation agent; pure (no database), so extraction stays DB-free.
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel


class LLMCall(BaseModel):
    """One billable model call, recorded by the caller in the ``usage`` table."""

    model: str
    usage_type: str
    tokens_in: int = 0
    tokens_out: int = 0
    cost: Decimal | None = None


COST_PLACES = Decimal("0.00000001")  # usage.cost is NUMERIC(18, 8)


def cost_of(model: str, tokens_in: int, tokens_out: int,
            prices: Mapping[str, tuple[Decimal, Decimal]]) -> Decimal | None:
    """USD cost of one call, or ``None`` for a model missing from the price table.

    A dated snapshot (``gpt-4o-mini-2024-07-18``) is priced like its family (``gpt-4o-mini``).
    """
    price = prices.get(model)
    if price is None:
        family = [name for name in prices if model.startswith(name + "-")]
        price = prices[max(family, key=len)] if family else None
    if price is None:
        return None
    per_input, per_output = price
    cost = (Decimal(max(tokens_in, 0)) * per_input + Decimal(max(tokens_out, 0)) * per_output) / Decimal(1_000_000)
    return cost.quantize(COST_PLACES)


def call_from_completion(completion: Any, *, requested_model: str, usage_type: str,
                         prices: Mapping[str, tuple[Decimal, Decimal]]) -> LLMCall:
    """The billable record of one chat completion. Servers report their own model name (a dated
    snapshot, or anything an OpenAI-compatible server likes), so the price is looked up for the model
    we asked for first."""
    usage = getattr(completion, "usage", None)
    tokens_in = _count(getattr(usage, "prompt_tokens", 0))
    tokens_out = _count(getattr(usage, "completion_tokens", 0))
    served = getattr(completion, "model", None)
    model = served if isinstance(served, str) and served.strip() else requested_model
    cost = cost_of(requested_model, tokens_in, tokens_out, prices)
    if cost is None:
        cost = cost_of(model, tokens_in, tokens_out, prices)
    return LLMCall(model=model[:100], usage_type=usage_type, tokens_in=tokens_in, tokens_out=tokens_out,
                   cost=cost)


def _count(value: object) -> int:
    """Token counts from an untrusted server: whole, non-negative and sane, else 0."""
    return value if isinstance(value, int) and 0 <= value < 10**9 else 0
