"""The monthly report's chart: one PNG, two panels (spending by category, by week), drawn server-side.

matplotlib's object API with the Agg canvas (no pyplot, so no global figure state shared between jobs, and
no display needed). Labels come in the user's language from the caller; amounts are in one currency.
The image is small (800 x 420 px at 100 dpi) so it renders in well under a second and fits any phone.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.2, 100
_BAR = "#2a7ab0"
_WEEK = "#3aa57a"
MAX_LABEL = 22


@dataclass(frozen=True)
class ChartText:
    title: str  # e.g. "March 2025 · EUR"
    categories_title: str
    buckets_title: str
    empty: str  # shown in a panel with nothing to draw


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def render_chart(words: ChartText, categories: list[tuple[str, Decimal]],
                 buckets: list[tuple[str, Decimal]], amount_label: str,
                 shown: Callable[[Decimal], str] = str) -> bytes:
    """PNG bytes: horizontal bars per category (biggest on top), each with its amount ``shown`` in the
    user's format, and vertical bars per week."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    left, right = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
    figure.suptitle(words.title, fontsize=13, fontweight="bold")

    left.set_title(words.categories_title, fontsize=11)
    if categories:
        names = [_short(name) for name, _ in reversed(categories)]
        values = [float(amount) for _, amount in reversed(categories)]
        bars = left.barh(names, values, color=_BAR)
        left.bar_label(bars, labels=[shown(amount) for _, amount in reversed(categories)], padding=3,
                       fontsize=8)
        left.set_xlim(0, max(values) * 1.35 if max(values) > 0 else 1)  # room for the amounts
        left.tick_params(axis="y", labelsize=9)
    else:
        left.text(0.5, 0.5, words.empty, ha="center", va="center", transform=left.transAxes)
        left.set_yticks([])
    left.set_xlabel(amount_label, fontsize=9)

    right.set_title(words.buckets_title, fontsize=11)
    labels = [label for label, _ in buckets]
    right.bar(range(len(buckets)), [float(amount) for _, amount in buckets], color=_WEEK)
    right.set_xticks(range(len(buckets)), labels, rotation=30 if len(buckets) > 4 else 0, ha="right"
                     if len(buckets) > 4 else "center", fontsize=8)
    right.set_ylabel(amount_label, fontsize=9)
    for axes in (left, right):
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(axis="x", labelsize=8)

    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
