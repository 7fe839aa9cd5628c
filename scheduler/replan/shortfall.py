"""Where the roster is short after the changes: the slots a contingency action can help.

A re-plan only needs decisions that can reach a slot (queue x time step, from ``now`` on) whose
requirement the untouched roster no longer meets; every other agent-day, break and shift
option stays as published and enters the model as constant coverage. Computed once per
re-plan from the roster with only what the changes force (absent agents taken off), with
prefix sums so "does this span reach a short slot?" costs two look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scheduler.check.costs import coverage
from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster


@dataclass(frozen=True)
class Shortfall:
    """Short slots per queue; ``reaches(q, day, start, end)`` for a span of one day."""

    step: int
    queue_row: dict[str, int]
    prefix: np.ndarray  # per queue row: number of short steps before each step of the horizon

    def reaches(self, queue: str, day: int, start: int, end: int) -> bool:
        return self.count(queue, day, start, end) > 0

    def count(self, queue: str, day: int, start: int, end: int) -> int:
        """Short slots of ``queue`` that the span ``[start, end)`` of ``day`` touches."""
        row = self.queue_row.get(queue)
        if row is None or end <= start:
            return 0
        first = (day * DAY_MINUTES + start) // self.step
        last = -(-(day * DAY_MINUTES + end) // self.step)
        last = min(last, self.prefix.shape[1] - 1)
        first = min(first, last)
        return int(self.prefix[row, last] - self.prefix[row, first])

    @property
    def slots(self) -> int:
        return int(self.prefix[:, -1].sum())


def shortfall(instance: Instance, roster: Roster, now_absolute: int) -> Shortfall:
    """Slots from ``now`` on where ``roster`` staffs fewer minutes than required."""
    cover = coverage(instance, roster)
    step = instance.horizon.time_step_minutes
    short = cover.staffed < cover.required
    short[:, : now_absolute // step] = False
    prefix = np.zeros((short.shape[0], short.shape[1] + 1), dtype=np.int64)
    np.cumsum(short, axis=1, out=prefix[:, 1:])
    return Shortfall(step, {q: n for n, q in enumerate(instance.queue_ids)}, prefix)
