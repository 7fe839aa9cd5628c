"""The roster as the simulation sees it: when each agent is on the phones, for which queues.

On-phone time is the shift and overtime less breaks and other non-phone blocks, the same spans
the validator counts (:meth:`AgentDay.on_phone_spans`). Spans that touch (a shift ending where
its overtime starts) are merged, so the agent does not "log off" for zero seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Instance
from scheduler.models.roster import AgentDay, Roster
from scheduler.simulate.params import Routing


@dataclass(frozen=True)
class PhoneSpan:
    """One agent on the phones from ``start_s`` to ``end_s`` (seconds from the horizon start),
    taking calls from ``queues`` (indices into ``Instance.queue_ids``) in that priority."""

    agent: int
    start_s: float
    end_s: float
    queues: tuple[int, ...]


def phone_spans(instance: Instance, roster: Roster, routing: Routing) -> list[PhoneSpan]:
    """Every on-phone span of the roster, sorted by start; unknown agents or queues are skipped
    (the validator reports them)."""
    agent_index = {a.id: n for n, a in enumerate(instance.agents)}
    spans = []
    for agent_day in roster.agent_days:
        n = agent_index.get(agent_day.agent)
        if n is None or agent_day.queue not in instance.queue_ids:
            continue
        order = _queue_order(instance, agent_day, routing)
        offset = agent_day.day * DAY_MINUTES
        for start, end in _merged(agent_day.on_phone_spans()):
            spans.append(PhoneSpan(n, 60.0 * (offset + start), 60.0 * (offset + end), order))
    return sorted(spans, key=lambda s: (s.start_s, s.agent))


def _queue_order(instance: Instance, agent_day: AgentDay, routing: Routing) -> tuple[int, ...]:
    """The rostered queue first; with skills routing, then the agent's other queues in order."""
    ids = instance.queue_ids
    order = [agent_day.queue]
    if routing == Routing.SKILLS:
        order += [q for q in instance.agent_by_id[agent_day.agent].queues if q != agent_day.queue]
    return tuple(ids.index(q) for q in order)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
