"""Which part of the roster one large-neighbourhood step re-opens.

Two shapes, because the rules come in two shapes: a few staff over the whole horizon (their
totals, weekends and runs can be rearranged) and every staff member over a window of days
(cover on those days can be re-dealt between people). The choice is drawn from a seeded
``random.Random`` only, never from the clock, so a seed gives the same sequence.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from scheduler.shiftcover.model import ShiftCoverProblem


@dataclass(frozen=True)
class Neighbourhood:
    kind: str  # "staff" or "days"
    staff: frozenset[str]  # re-opened staff ...
    days: frozenset[int]  # ... on these days

    def is_free(self, staff: str, day: int) -> bool:
        return staff in self.staff and day in self.days

    @property
    def size(self) -> int:
        return len(self.staff) if self.kind == "staff" else len(self.days)

    def is_everything(self, problem: ShiftCoverProblem) -> bool:
        return len(self.staff) == len(problem.staff) and len(self.days) == problem.days


@dataclass
class NeighbourhoodSizes:
    """Adaptive sizes: grow after a step that was solved to optimality (the neighbourhood was
    exhausted), shrink after one that ran out of time."""

    staff: int
    days: int

    def adapt(self, kind: str, exhausted: bool, problem: ShiftCoverProblem) -> None:
        step = 1 if exhausted else -1
        if kind == "staff":
            self.staff = min(len(problem.staff), max(2, self.staff + step))
        else:
            self.days = min(problem.days, max(2, self.days + step))


def initial_sizes(problem: ShiftCoverProblem) -> NeighbourhoodSizes:
    return NeighbourhoodSizes(staff=max(2, len(problem.staff) // 8), days=min(problem.days, 7))


def draw(
    rng: random.Random, problem: ShiftCoverProblem, sizes: NeighbourhoodSizes
) -> Neighbourhood:
    all_staff = [s.id for s in problem.staff]
    if rng.random() < 0.5:
        pool = _related(rng, problem) if rng.random() < 0.5 else all_staff
        chosen = rng.sample(pool, min(sizes.staff, len(pool)))
        return Neighbourhood("staff", frozenset(chosen), frozenset(range(problem.days)))
    start = rng.randrange(0, problem.days - sizes.days + 1)
    days = frozenset(range(start, start + sizes.days))
    return Neighbourhood("days", frozenset(all_staff), days)


def _related(rng: random.Random, problem: ShiftCoverProblem) -> list[str]:
    """Staff who may all work one shift type: only they can trade that type's shifts."""
    shift = rng.choice(problem.shift_types).id
    pool = [s.id for s in problem.staff if s.may_work(shift)]
    return pool or [s.id for s in problem.staff]
