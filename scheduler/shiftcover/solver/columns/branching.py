"""Which sum of cells a node of the tree splits on.

Sums over many cells first: a shift type over the horizon, then over each week, every type
on one day, one cell; then the same sums for one staff member (their nights in all, ...,
one cell of theirs, which always separates two fractional schedules of one person). At each
level the most fractional sum wins (nearest to a half). Why this order: the coarse sums
carry what the LP spreads thinly (Instance 9: 68.33 nights in all, the gap to 439 at
once), while single cells, tried first, left Instance 9's bound at 406 after 60 s. Weeks
are counted from day 0, the instances' Monday.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from scheduler.shiftcover.model import OFF, ShiftCoverProblem
from scheduler.shiftcover.solver.columns.branch_rows import BranchRow, Cell
from scheduler.shiftcover.solver.columns.master import Master

TOLERANCE = 1e-4  # a sum this close to an integer is taken as whole
WEEK = 7


def cell_families(problem: ShiftCoverProblem) -> list[list[frozenset[Cell]]]:
    """The candidate cell sets, coarsest level first."""
    days, types = range(problem.days), [t.id for t in problem.shift_types]
    starts = range(0, problem.days, WEEK)
    weeks = [range(start, min(start + WEEK, problem.days)) for start in starts]
    return [
        [frozenset((d, t) for d in days) for t in types],
        [frozenset((d, t) for d in week) for t in types for week in weeks],
        [frozenset((d, t) for t in types) for d in days],
        [frozenset([(d, t)]) for d in days for t in types],
    ]


def choose(
    master: Master, weights: np.ndarray, families: list[list[frozenset[Cell]]]
) -> tuple[BranchRow, BranchRow] | None:
    """The two rows splitting the LP solution ``weights`` on the first fractional sum,
    or None when every sum is whole (the solution is then a roster)."""
    together: dict[Cell, float] = defaultdict(float)
    alone: dict[int, dict[Cell, float]] = defaultdict(lambda: defaultdict(float))
    for column, weight in zip(master.columns, weights, strict=True):
        if weight <= TOLERANCE / 10:
            continue
        for day, shift in enumerate(column.schedule):
            if shift != OFF:
                together[day, shift] += weight
                alone[column.staff][day, shift] += weight
    for family in families:
        if split := _most_fractional(family, [(None, together)]):
            return split
    people = sorted(alone.items())
    for family in families:
        if split := _most_fractional(family, people):
            return split
    return None


def _most_fractional(
    family: list[frozenset[Cell]], counts: Iterable[tuple[int | None, dict[Cell, float]]]
) -> tuple[BranchRow, BranchRow] | None:
    best: tuple[float, frozenset[Cell], int | None, float] | None = None
    for staff, count in counts:
        for cells in family:
            total = sum(count.get(cell, 0.0) for cell in cells)
            part = total - math.floor(total + TOLERANCE)
            if TOLERANCE < part < 1 - TOLERANCE:
                distance = abs(part - 0.5)
                if best is None or distance < best[0]:
                    best = (distance, cells, staff, total)
    if best is None:
        return None
    _, cells, staff, total = best
    below = math.floor(total)
    return (BranchRow(cells, False, below, staff), BranchRow(cells, True, below + 1, staff))
