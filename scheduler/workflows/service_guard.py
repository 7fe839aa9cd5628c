"""Does the projected service still meet each queue's target with an agent off?

Uses ``scheduler.evaluate.projected_service`` (Erlang C or A on the forecast, or agents against
the requirement without one). Only the intervals the agent would have been on the phones in
are judged: time off on a day the agent was not rostered costs no service, and an interval
already short for other reasons is not blamed on a request that does not touch it.
"""

from __future__ import annotations

import numpy as np

from scheduler.evaluate.service import projected_service
from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster


def _phone_intervals(
    instance: Instance, roster: Roster, agent: str, days: list[int]
) -> set[tuple[str, str, str]]:
    """(date, interval start, queue) where ``agent`` is on the phones on ``days``."""
    size = instance.horizon.interval_minutes
    found = set()
    for agent_day in roster.by_agent.get(agent, []):
        if agent_day.day not in days:
            continue
        date = instance.horizon.date_of(agent_day.day).isoformat()
        for start, end in agent_day.on_phone_spans():
            for minute in range(start - start % size, end, size):
                found.add((date, format_hhmm(minute), agent_day.queue))
    return found


def service_failures(
    instance: Instance, before: Roster, after: Roster, agent: str, days: list[int]
) -> list[str]:
    """Sentences for each interval the agent served that misses its target in ``after``."""
    touched = _phone_intervals(instance, before, agent, days)
    if not touched:
        return []
    frame = projected_service(instance, after)
    keys = list(zip(frame["date"], frame["start"], frame["queue"], strict=True))
    rows = frame[[key in touched for key in keys]]
    failures = []
    targets = {q.id: q.service_level for q in instance.queues}
    for row in rows[~rows["meets_target"].astype(bool)].itertuples():
        if np.isnan(row.service_level):
            level = f"{row.scheduled:g} agent(s) on the phones, {row.required} required"
        else:
            level = (
                f"projected service level {100 * row.service_level:.1f} %, target "
                f"{100 * targets[row.queue]:.0f} %"
            )
        failures.append(f"service {row.queue} {row.date} {row.start}: {level} with {agent} off")
    return failures
