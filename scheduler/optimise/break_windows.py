"""Every place each break of each shift option may take, as one padded table.

Both the best response (what one more agent on each option would save against the others)
and the week-pattern Lagrangian (each option's value at coverage prices) price a shift as
its slots' values less, per break, the cheapest window its offsets allow (breaks priced each
on its own; their order is checked where they are placed). The windows are fixed by the
instance, so they are indexed once here: a row per option and break, its places padded with
the row's own last one (which changes no minimum and no first minimum's position). Then a
whole day, or every day and queue at once, costs a few numpy calls.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scheduler.models.instance import Instance
from scheduler.optimise.break_layout import break_layout


@dataclass(frozen=True)
class BreakWindows:
    first: np.ndarray  # (rows, places): each place's first slot
    end: np.ndarray  # (rows, places): one past its last slot
    option: np.ndarray  # (rows,): the option the row's break belongs to
    owner: np.ndarray  # (rows, options): 1 where the row belongs to the option

    @classmethod
    def of(cls, instance: Instance, options, step: int) -> BreakWindows:
        rows: list[tuple[int, np.ndarray, int]] = []
        layouts: dict[int, list] = {}
        for option in options:
            if option.length not in layouts:
                layouts[option.length] = list(break_layout(instance, option.length).slots)
            for slot in layouts[option.length]:
                places = (option.start + np.array(slot.offsets)) // step
                rows.append((option.id, places, slot.spec.minutes // step))
        widest = max((len(places) for _, places, _ in rows), default=1)
        first = np.zeros((len(rows), widest), dtype=np.int64)
        span = np.zeros((len(rows), 1), dtype=np.int64)
        owner = np.zeros((len(rows), len(options)))
        for r, (o, places, slots) in enumerate(rows):
            first[r] = np.pad(places, (0, widest - len(places)), mode="edge")
            span[r] = slots
            owner[r, o] = 1.0
        option_of = np.array([o for o, _, _ in rows], dtype=np.int64)
        return cls(first, first + span, option_of, owner)

    def cheapest(self, cumulative: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per leading cell (a queue, or a day and queue) and row: what the cheapest place
        takes and its first slot, given the running sums of the slots' values (``cumulative``
        has one more slot than the day, starting at 0)."""
        taken = cumulative[..., self.end] - cumulative[..., self.first]
        pick = taken.argmin(axis=-1)
        cost = np.take_along_axis(taken, pick[..., None], axis=-1)[..., 0]
        return cost, self.first[np.arange(len(self.first)), pick]

    def loss(self, cumulative: np.ndarray) -> np.ndarray:
        """Per leading cell and option: what its breaks take at their cheapest places."""
        if not len(self.first):
            return np.zeros((*cumulative.shape[:-1], self.owner.shape[1]))
        taken = cumulative[..., self.end] - cumulative[..., self.first]
        return taken.min(axis=-1) @ self.owner
