""""Both together" after two questions: the two things just asked about, summed.

After "March vs April" it is the comparison with both periods added up (``combine``); after "Swiggy in
May" then "and Zomato?" it is Swiggy and Zomato taken together (a new period may come with it: "both
together in April"). Anything else has no two things to add, so the words are said back instead of a
figure for something else.

The conversation memory keeps the question before the last one (``query_before``) for this.
"""
from __future__ import annotations

import re
from typing import Any

from app.conversation import intents as i
from app.conversation.dates import Period

# "both", "both together", "the two together", "ambos", "los dos juntos", "as duas juntas", "les deux
# ensemble", "tous les deux", "beide zusammen": the two things just asked about.
BOTH = re.compile(
    r"(?<![a-z])(?:both(?: of them)?(?: together| combined)?|(?:the )?two(?: of them)? (?:together|combined)|"
    r"together|(?:ambos|ambas)(?: juntos| juntas)?|(?:los|las|os|as) (?:dos|dois|duas) (?:juntos|juntas)|"
    r"juntos|juntas|(?:tous|toutes) les deux(?: ensemble)?|les deux ensemble|ensemble|"
    r"(?:die |alle )?beide[ns]?(?: zusammen)?|zusammen|"
    # "y el mes pasado en los dos", "e em maio nos dois", "et dans les deux": the two just asked about.
    r"(?:en|de|a|con) (?:los|las) dos|(?:nos|nas|dos|das) (?:dois|duas)|(?:em|de|para|com) (?:os|as) (?:dois|duas)|"
    r"(?:dans|pour|chez|sur) les deux|"
    # "soma os dois", "suma los dos", "add the two up", "additionne les deux", "addier die beiden".
    r"(?:soma|somar|suma|sumar|sumame|add|additionne|addier\w*|rechne)\s+(?:(?:the|os|as|los|las|les|die)\s+)?"
    r"(?:two|2|dois|duas|dos|deux|beiden)(?:\s+up)?)"
    r"(?![a-z])")

_SUBJECTS_KEPT = 6  # a conversation rarely runs longer in one period; a tampered state stays small

LONE_TOGETHER = frozenset({"together", "zusammen", "juntos", "juntas", "ensemble"})


def remember(memory: dict[str, Any], intent: i.Intent) -> None:
    """Keep ``intent`` as the question a follow-up continues, and the one it replaces as the one before;
    and the shops and categories asked about while the period stays the same (``period_subjects``)."""
    asked = intent.model_dump(mode="json")
    last = memory.get("last_query")
    subjects = memory.get("period_subjects")
    if not (isinstance(last, dict) and last.get("period") == asked.get("period") and isinstance(subjects, list)):
        subjects = []
    subject = [str(asked.get("vendor") or "").casefold(), str(asked.get("category") or "").casefold()]
    if asked.get("period") and any(subject) and subject not in subjects:
        subjects = [*subjects, subject][-_SUBJECTS_KEPT:]
    memory["period_subjects"] = subjects
    if isinstance(last, dict) and last != asked:
        memory["query_before"] = last
    memory["last_query"] = asked


def both(mentioned: dict[str, Any], memory: dict[str, Any]) -> i.Intent | None:
    """The two previous questions taken together, when the message says "both"; None when it does not."""
    said = mentioned.get("both")
    if not isinstance(said, str) or mentioned.get("difference"):  # "Differenz zwischen den beiden": not a sum
        return None
    previous, before = i.stored(memory.get("last_query")), i.stored(memory.get("query_before"))
    period = mentioned.get("period")
    moved = {"period": period} if isinstance(period, Period) else {}
    if isinstance(previous, i.CompareSpending):
        return previous.model_copy(update={"combine": True})
    if isinstance(previous, i.SpendingQuery) and previous.other_vendors:  # "Swiggy + Zomato", then "both in April"
        return previous.model_copy(update=moved)
    if isinstance(previous, i.SpendingQuery) and isinstance(before, i.SpendingQuery) and previous.vendor \
            and before.vendor and previous.vendor != before.vendor and not before.other_vendors \
            and (previous.metric, previous.category) == (before.metric, before.category):
        return previous.model_copy(update={"vendor": before.vendor, "other_vendors": (previous.vendor,), **moved})
    if isinstance(previous, i.SpendingQuery) and isinstance(before, i.SpendingQuery) \
            and (periods := _only_periods_differ(previous, before)):  # "soma os dois" after December's fuel and November's
        return i.CompareSpending(metric=previous.metric, period=periods[0], other_period=periods[1], combine=True,
                                 vendor=previous.vendor, category=previous.category, currency=previous.currency)
    return i.Unresolved(words=(said,))


def _only_periods_differ(previous: i.SpendingQuery, before: i.SpendingQuery) -> tuple[Period, Period] | None:
    """The two questions' periods, earlier asked first, when nothing else tells them apart."""
    same = ("metric", "vendor", "other_vendors", "category", "currency", "convert_to")
    if not all(getattr(previous, k) == getattr(before, k) for k in same) or previous.period is None \
            or before.period is None or previous.period == before.period:
        return None
    return before.period, previous.period


def difference(mentioned: dict[str, Any], memory: dict[str, Any]) -> i.Intent | None:
    """"Unterschied?", "diferença entre os dois" after two questions that differ only in their period: the
    two periods side by side; after two shops in one period, each shop's figure. None when it does not fit."""
    if not mentioned.get("difference"):
        return None
    previous, before = i.stored(memory.get("last_query")), i.stored(memory.get("query_before"))
    if not (isinstance(previous, i.SpendingQuery) and isinstance(before, i.SpendingQuery)):
        return None
    if (periods := _only_periods_differ(previous, before.model_copy(update={"metric": previous.metric}))) \
            and not previous.other_vendors:
        return i.CompareSpending(metric=previous.metric, period=periods[0], other_period=periods[1],
                                 vendor=previous.vendor, category=previous.category, currency=previous.currency)
    if previous.period == before.period and previous.vendor and before.vendor and previous.vendor != before.vendor \
            and not (previous.other_vendors or before.other_vendors) and previous.category == before.category:
        return previous.model_copy(update={"vendor": before.vendor, "other_vendors": (previous.vendor,), "each": True})
    return None


