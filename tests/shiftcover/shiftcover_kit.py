"""Tiny shift-cover problems and a brute-force optimum for the scorer and solver tests."""

from __future__ import annotations

import itertools
from pathlib import Path

from scheduler.shiftcover import (
    OFF,
    ShiftCoverProblem,
    ShiftCoverRoster,
    check,
    parse_problem,
    score,
)
from scheduler.shiftcover.score import STAFF_RULES

CURTOIS = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks" / "curtois"

TINY = """\
SECTION_HORIZON
7
SECTION_SHIFTS
E,480,
L,480,E
SECTION_STAFF
A,E=7|L=7,2400,960,3,2,2,1
B,E=7|L=0,2400,960,3,1,1,1
SECTION_DAYS_OFF
B,2
SECTION_SHIFT_ON_REQUESTS
A,0,L,3
SECTION_SHIFT_OFF_REQUESTS
B,4,E,2
SECTION_COVER
0,E,1,10,1
1,E,1,10,1
2,E,1,10,1
3,L,1,10,1
4,E,2,10,1
5,L,1,10,1
6,E,1,10,1
"""


def tiny() -> ShiftCoverProblem:
    return parse_problem(TINY, "tiny.txt")


def brute_force(problem: ShiftCoverProblem) -> tuple[int | None, ShiftCoverRoster | None]:
    """The lowest scorer objective over every roster the scorer's checker calls feasible.

    Each staff member's rows are filtered by the checker's per-staff rules first (the hard
    rules are all per staff), then every combination of feasible rows is scored.
    """
    choices = (OFF, *(s.id for s in problem.shift_types))
    rows = list(itertools.product(choices, repeat=problem.days))
    feasible = [
        [row for row in rows if not any(any(rule(problem, staff, row)) for rule in STAFF_RULES)]
        for staff in problem.staff
    ]
    best: tuple[int | None, ShiftCoverRoster | None] = (None, None)
    for combo in itertools.product(*feasible):
        roster = ShiftCoverRoster(
            shifts={s.id: row for s, row in zip(problem.staff, combo, strict=True)}
        )
        value = score(problem, roster).total
        if best[0] is None or value < best[0]:
            best = (value, roster)
    assert best[1] is None or check(problem, best[1]).feasible
    return best
