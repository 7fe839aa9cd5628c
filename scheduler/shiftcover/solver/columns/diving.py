"""A roster from the column-generation LP by diving: fix the schedules the LP all but
chose, generate columns for the rest again, repeat until everyone has a schedule.

Why: the MIP over the columns of the converged LP (``Master.integer_roster``) has only the
columns the LP needed, few of which combine into a good integer roster; on Instances 7 and
12 its best after 6 s was 1,358 and 7,746 (optima 1,056 and 4,040). Diving keeps pricing as
it fixes, so the remaining staff get schedules that fit around the fixed ones. Each step
fixes every staff member whose LP weight on one schedule is (almost) 1, or else the single
heaviest schedule, then runs a few rounds of column generation for the staff still free.
"""

from __future__ import annotations

import time

from scheduler.shiftcover.solver.columns.generation import ColumnGenerator
from scheduler.shiftcover.solver.columns.master import LpSolution, Master
from scheduler.shiftcover.solver.columns.pricing import Schedule

ROUNDS = 100  # most column-generation rounds after a fixing step (they converge in fewer)
WHOLE = 0.99  # an LP weight counted as a schedule chosen outright


def dive(generator: ColumnGenerator, deadline: float) -> dict[int, Schedule] | None:
    """One schedule per staff member (index -> schedule); at ``deadline`` the staff still
    free take their heaviest schedule of the last LP. None when the LP failed. The master
    is left as it was found (every fixing released)."""
    master = generator.master
    free = set(range(len(generator.problem.staff)))
    chosen: dict[int, Schedule] = {}
    try:
        lp = master.solve()
        while free and lp is not None:
            hurry = time.monotonic() >= deadline
            for index in _pick(master, lp, free, hurry):
                column = master.columns[index]
                master.fix(index)
                chosen[column.staff] = column.schedule
                free.discard(column.staff)
            lp = generator.resolve(sorted(free), deadline, ROUNDS)
    finally:
        master.release()
    return None if free else chosen


def _pick(master: Master, lp: LpSolution, free: set[int], hurry: bool) -> list[int]:
    """Columns to fix: each free staff member's schedule of weight >= WHOLE, or else the
    heaviest schedule of any free staff member; in a ``hurry``, every free staff member's
    heaviest schedule."""
    whole: dict[int, int] = {}
    heaviest: dict[int, tuple[float, int]] = {}
    for index, (column, value) in enumerate(zip(master.columns, lp.weights, strict=True)):
        if column.staff not in free:
            continue
        if value >= WHOLE:
            whole.setdefault(column.staff, index)
        if value > heaviest.get(column.staff, (-1.0, -1))[0]:
            heaviest[column.staff] = (value, index)
    if hurry:
        return [index for _, index in heaviest.values()]
    if whole:
        return list(whole.values())
    return [min(heaviest.values(), key=lambda v: (-v[0], v[1]))[1]] if heaviest else []
