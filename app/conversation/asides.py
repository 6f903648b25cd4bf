"""A remark after the question: "combien de gaz en janvier? faut que je checke mon budget", "how much on fuel in
may? need it for the boss". The question is answered when the remark names nothing (no shop, category, period
or currency the parser reads, no word written as a name or after "at/chez/bei…"); a remark that may name
something ("how much in january? at costa coffee") is still said back.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from app.conversation import intents as i
from app.conversation.parsed import Parsed
from app.conversation.text import fold

_SLOTS = ("period", "vendor", "category", "currency", "convert_to")
# Words after which people write a name.
_NAME_BEFORE = re.compile(r"(?<![a-z])(?:at|chez|bei|beim|bim|im|in|en|em|no|na|au|aux|a|para|pra|for|fur|pour|on|"
                          r"de|do|da|du|von|from|with|con|com|avec|mit)\s+$")


def question_alone(text: str, parsed: Parsed, read: Callable[[str], Parsed]) -> Parsed:
    """The question before the first "?" read alone, when all the message's unread words are in a remark after
    it that names nothing; else ``parsed`` as it is."""
    if not (isinstance(parsed.intent, i.Unresolved) and parsed.intent.loose):
        return parsed
    head, mark, tail = text.partition("?")
    if not mark or not tail.strip() or "?" in tail or not head.strip():
        return parsed
    folded_head, folded_tail = fold(head), fold(tail)
    for word in (fold(w) for w in parsed.intent.words):
        said = re.compile(rf"(?<![a-z]){re.escape(word)}(?![a-z])")
        found = said.search(folded_tail)
        if found is None or said.search(folded_head) or _NAME_BEFORE.search(folded_tail[:found.start()]):
            return parsed
    if any(w[:1].isupper() for w in re.findall(r"[^\W\d_]+", tail)[1:]):  # "… at Costa Coffee": a name
        return parsed
    if any(read(tail).mentioned.get(slot) for slot in _SLOTS):
        return parsed
    alone = read(head + mark)
    return parsed if isinstance(alone.intent, (i.Unresolved, i.Unknown)) else alone
