"""Coverage a change may not give up: a floor of agents per interval, a cap on new shortfall.

Both are planner-set. The floor is in whole agents on the phones per demand interval and queue
(the validator's coverage, averaged over the interval and rounded down, as the service
projection counts it); an interval already below the floor may not lose more. The cap limits
the extra agent-minutes of under-coverage over the whole roster (0: a change may not add any).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scheduler.check.costs import coverage
from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster


@dataclass(frozen=True)
class CoverageBreach:
    rule: str  # "coverage_floor" or "under_coverage"
    date: str
    detail: str


def _agents_per_interval(instance: Instance, roster: Roster) -> np.ndarray:
    """Whole agents on the phones per queue (rows) and interval (columns)."""
    horizon = instance.horizon
    steps = horizon.interval_minutes // horizon.time_step_minutes
    staffed = coverage(instance, roster).staffed
    n = horizon.days * horizon.intervals_per_day
    return staffed.reshape(len(instance.queues), n, steps).sum(2) // horizon.interval_minutes


def coverage_breaches(
    instance: Instance,
    before: Roster,
    after: Roster,
    floor_agents: int | None,
    max_under_increase: int | None,
) -> list[CoverageBreach]:
    """The floor and cap breaches of going from ``before`` to ``after``."""
    found = []
    horizon = instance.horizon
    if floor_agents is not None:
        old, new = _agents_per_interval(instance, before), _agents_per_interval(instance, after)
        for q, i in zip(*np.nonzero((new < floor_agents) & (new < old)), strict=True):
            day, slot = divmod(int(i), horizon.intervals_per_day)
            found.append(
                CoverageBreach(
                    "coverage_floor",
                    horizon.date_of(day).isoformat(),
                    f"queue {instance.queue_ids[q]} at "
                    f"{format_hhmm(slot * horizon.interval_minutes)} would drop from "
                    f"{old[q, i]} to {new[q, i]} agents, floor {floor_agents}",
                )
            )
    if max_under_increase is not None:
        old_under = int(coverage(instance, before).shortfall.sum())
        new_under = int(coverage(instance, after).shortfall.sum())
        if new_under - old_under > max_under_increase:
            found.append(
                CoverageBreach(
                    "under_coverage",
                    "",
                    f"under-coverage would rise from {old_under} to {new_under} agent-minutes "
                    f"(+{new_under - old_under}), allowed +{max_under_increase}",
                )
            )
    return found
