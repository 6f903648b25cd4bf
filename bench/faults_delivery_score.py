"""Scoring for bench/faults_delivery.py: what was tried, lost, duplicated and left behind.

Imports nothing from app/: it reads what the fake Twilio API captured and what the database holds, and
compares them with what each scenario expected.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Score:
    scenario: str
    tried: int = 0
    lost: int = 0
    duplicated: int = 0
    leftover: int = 0  # rows or files that should not exist any more
    last_answer_s: float | None = None  # seconds from the fault's start to the last expected answer
    notes: list[str] = field(default_factory=list)

    def row(self) -> str:
        last = "-" if self.last_answer_s is None else f"{self.last_answer_s:.0f}"
        notes = "; ".join(self.notes)
        return (f"{self.scenario:<22} {self.tried:>5} {self.lost:>5} {self.duplicated:>10} {self.leftover:>8} "
                f"{last:>9}  {notes}")


HEADER = f"{'scenario':<22} {'tried':>5} {'lost':>5} {'duplicated':>10} {'leftover':>8} {'last (s)':>9}  notes"


def one_answer_each(score: Score, answers: dict[str, list[str]]) -> Score:
    """Every user sent one message and expects exactly one answer."""
    for bodies in answers.values():
        score.tried += 1
        if not bodies:
            score.lost += 1
        score.duplicated += max(len(bodies) - 1, 0)
    return score


def numbered_summaries(score: Score, expected: int, seqs: list[int]) -> Score:
    """``expected`` documents should each get one summary, numbered 1..expected; ``seqs`` are the numbers
    the summaries carried."""
    score.tried += expected
    counts = Counter(seqs)
    score.lost += sum(1 for n in range(1, expected + 1) if counts[n] == 0)
    score.duplicated += sum(c - 1 for c in counts.values() if c > 1)
    return score


def in_order(seqs: list[int]) -> bool:
    return seqs == sorted(seqs)
