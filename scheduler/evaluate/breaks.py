"""Agents on a break (or other off-phone block) per queue and interval.

A break taken in a busy interval is the classic avoidable miss: the same agent-minutes an
interval earlier or later would have cost nothing. Reports and the after-surge analysis both
need to see where the roster put them.
"""

from __future__ import annotations

import numpy as np

from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster


def break_agents(instance: Instance, roster: Roster) -> np.ndarray:
    """Average agents off the phones inside their shift, per queue (rows, ``queue_ids`` order)
    and interval of the horizon (day-major): break agent-minutes / interval minutes."""
    horizon = instance.horizon
    queue_index = {q: n for n, q in enumerate(instance.queue_ids)}
    minutes = horizon.days * DAY_MINUTES
    diff = np.zeros((len(queue_index), minutes + 1), dtype=np.int64)
    for agent_day in roster.agent_days:
        row = queue_index.get(agent_day.queue)
        if row is None or agent_day.shift is None or agent_day.day >= horizon.days:
            continue
        offset = agent_day.day * DAY_MINUTES
        for block in agent_day.breaks:
            diff[row, offset + block.start_minute] += 1
            diff[row, offset + block.end_minute] -= 1
    per_minute = np.cumsum(diff[:, :minutes], axis=1)
    per_interval = per_minute.reshape(len(queue_index), -1, horizon.interval_minutes).sum(axis=2)
    return per_interval / horizon.interval_minutes
