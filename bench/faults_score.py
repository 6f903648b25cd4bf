"""Scoring one fault scenario from what was observed outside the application (imports nothing from app/).

Inputs: every webhook the bench sent as Twilio would (its MessageSid, sender, when, what the server
answered), every message the fake Twilio API received (when it was first seen), the rows the database
holds for those MessageSids (read with plain SQL), the outage timeline, and every /healthz answer.

- **lost**: a message Twilio delivered (or tried to) that never got its answer: no reply attributed to
  its MessageSid reached Twilio by the end of the scenario. A reply counts when it reached the fake
  Twilio API and the database attributes it to the message (outbound ``raw_webhook.reply_to``); the
  "something went wrong" apology (slot ``err``) is not an answer.
- **duplicated**: replies Twilio received beyond one per (message, slot, part), plus inbound rows beyond
  one per MessageSid (the unique constraint should make that impossible).
- **order**: for each sender, pairs of consecutive messages stored in the opposite order to the one
  they were sent in.
- **max s recovery→answer**: over every message, seconds from ``max(sent, recovery)`` to its answer.
- **/healthz**: polled every second; an answer is *truthful* when it came within 2 s and said 503 naming
  every impaired component while one was impaired, 200 while none was. Answers to a poll during which
  the state changed, or within a few seconds after a change (the checks' own detection time), are not
  judged. (The first runs also judged polls that straddled a change; those were 2-3 per scenario.)
"""
from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Sent:
    sid: str
    user: str
    kind: str
    t_send: float
    attempts: int = 0
    status: int | str | None = None  # last HTTP status, or the exception's name
    ack_seconds: float = 0.0  # longest single attempt


@dataclass
class Poll:
    t: float
    latency: float | None
    status: int | None
    down: list[str] = field(default_factory=list)


@dataclass
class Outage:
    component: str
    start: float
    end: float
    tolerance: float = 5.0


@dataclass
class Reply:
    reply_to: str
    slot: str
    part: str
    twilio_sid: str


def answer_times(sent: list[Sent], replies: list[Reply], seen: dict[str, float]) -> dict[str, float]:
    """MessageSid -> when its first real answer reached Twilio."""
    answered: dict[str, float] = {}
    for reply in replies:
        if reply.slot == "err" or reply.twilio_sid not in seen:
            continue
        t = seen[reply.twilio_sid]
        if reply.reply_to not in answered or t < answered[reply.reply_to]:
            answered[reply.reply_to] = t
    wanted = {s.sid for s in sent}
    return {sid: t for sid, t in answered.items() if sid in wanted}


def duplicates(sent: list[Sent], replies: list[Reply], received_to: dict[str, str],
               inbound_rows: dict[str, int]) -> int:
    """Replies beyond one per (message, slot, part) that Twilio received, plus extra inbound rows."""
    users = {s.user for s in sent}
    wanted = {s.sid for s in sent}
    to_users = [sid for sid, to in received_to.items() if to in users]
    attributed = {(r.reply_to, r.slot, r.part) for r in replies
                  if r.reply_to in wanted and r.twilio_sid in received_to}
    extra_replies = max(0, len(to_users) - len(attributed))
    extra_rows = sum(max(0, n - 1) for sid, n in inbound_rows.items() if sid in wanted)
    return extra_replies + extra_rows


def order_violations(sent: list[Sent], stored_ids: dict[str, int]) -> int:
    by_user: dict[str, list[Sent]] = defaultdict(list)
    for s in sent:
        if s.sid in stored_ids:
            by_user[s.user].append(s)
    violations = 0
    for messages in by_user.values():
        messages.sort(key=lambda s: s.t_send)
        ids = [stored_ids[s.sid] for s in messages]
        violations += sum(1 for a, b in itertools.pairwise(ids) if b < a)
    return violations


def judge_health(polls: list[Poll], outages: list[Outage]) -> dict[str, Any]:
    judged = truthful = fast = 0
    wrong: list[str] = []
    origin = min((o.start for o in outages), default=polls[0].t if polls else 0.0)
    for poll in polls:
        if poll.latency is not None and poll.latency <= 2.0:
            fast += 1
        # A poll is not judged when the state changed while it was being answered (it may rightly report
        # either side) or shortly before (the checks' own detection time).
        answered = poll.t + (poll.latency if poll.latency is not None else 5.0)
        in_transition = any(poll.t <= change < answered or change <= poll.t < change + o.tolerance
                            for o in outages for change in (o.start, o.end))
        if in_transition:
            continue
        judged += 1
        impaired = {o.component for o in outages if o.start <= poll.t < o.end}
        if poll.latency is not None and poll.latency <= 2.0 and (
                (impaired and poll.status == 503 and impaired <= set(poll.down))
                or (not impaired and poll.status == 200)):
            truthful += 1
            continue
        latency = "no answer" if poll.latency is None else f"{poll.latency:.1f} s"
        wrong.append(f"t{poll.t - origin:+.0f}s: {poll.status} {','.join(poll.down) or '-'} ({latency}); "
                     f"impaired: {','.join(sorted(impaired)) or 'nothing'}")
    return {"polls": len(polls), "within_2s": fast, "judged": judged, "truthful": truthful, "wrong": wrong}


def score(sent: list[Sent], replies: list[Reply], seen: dict[str, float], received_to: dict[str, str],
          inbound_rows: dict[str, int], stored_ids: dict[str, int], recovery: float,
          polls: list[Poll], outages: list[Outage]) -> dict[str, Any]:
    answered = answer_times(sent, replies, seen)
    delays = [answered[s.sid] - max(s.t_send, recovery) for s in sent if s.sid in answered]
    return {
        "tried": len(sent),
        "acked": sum(1 for s in sent if s.status == 200),
        "max_ack_s": max((s.ack_seconds for s in sent), default=0.0),
        "lost": sum(1 for s in sent if s.sid not in answered),
        "duplicated": duplicates(sent, replies, received_to, inbound_rows),
        "order": order_violations(sent, stored_ids),
        "max_recovery_to_answer_s": max(delays, default=0.0),
        "health": judge_health(polls, outages),
        "not_acked": sorted({str(s.status) for s in sent if s.status != 200}),
    }
