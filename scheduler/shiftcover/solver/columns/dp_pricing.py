"""Pricing by dynamic programming: one staff member's cheapest schedule, exactly, in numpy.

Why: the CP-SAT pricer (``pricing.StaffPricer``) takes 80-140 ms per staff member and call,
and column generation prices every staff member in each of its 15-40 rounds. One staff
member's rules are a shortest path over the days once a state remembers enough:

- the state of the run automaton with weekends (``pattern.build_automaton``): runs of
  shifts and of days off, the reading of the horizon ends and the weekends worked, as the
  scorer reads them; the automaton is unrolled into one layer of reachable states per day;
- the last shift type, for cannot-follow;
- the minutes worked, in units of the gcd of the shift lengths, for the total minutes band;
- a count per shift type whose maximum has been seen to bind (below).

A day costs SCALE x its request cost less the price of the shift worked; everything is int64,
so the minimum is the exact minimum the Lagrangian bound needs, and ``optimal`` is True.

Maximum shifts per type (decremental state-space relaxation): counting every capped type
would multiply the states by the product of the caps, so a type is counted only once the
relaxed optimum breaks its cap. The relaxed minimum is below the true one, and as soon as
the best schedule keeps every cap it is optimal for the exact rules. Counted types stay
counted for the staff member (prices move slowly between rounds). When the states would
exceed ``MAX_CELLS`` the call goes to the CP-SAT pricer instead, so the answer is exact
either way (``fallbacks`` counts those calls), and the staff member keeps only the counted
types that fit: on Instance8 one staff member's E and L caps together (577k cells) sent every
round to CP-SAT when they stuck; with only E kept, the next call may again need neither.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scheduler.shiftcover.model import OFF, ShiftCoverProblem, Staff
from scheduler.shiftcover.solver.columns.pricing import Priced, Prices, Schedule, StaffPricer
from scheduler.shiftcover.solver.pattern import build_automaton

INF = np.int64(1) << 60  # unreachable; day costs added to it stay far from overflow
MAX_CELLS = 400_000  # most DP cells in one day's layer before CP-SAT is cheaper
# Next-best schedules (distinct end states, so distinct schedules) returned as extra columns.
# Column generation alone, 2 shared cores (noisy), extra 0 / 2 / 5: Instance8 43 / 27 / 23
# rounds, 11.0 / 7.8 / 8.5 s; Instance9 27 / 17 / 13 rounds, 3.7 / 2.8 / 2.8 s; Instance12
# 49 / 36 / 31 rounds, 12.6 / 14.6 / 21.9 s (more columns, slower LP).
EXTRA_SCHEDULES = 2


@dataclass(frozen=True)
class _Step:
    """Day d to d + 1: each state of layer d + 1's predecessors in layer d, per label, as
    rows padded with ``len(layer d)`` (the layer's always-INF row); ``work`` is None on a
    day the staff member cannot work."""

    rest: np.ndarray
    work: np.ndarray | None


@dataclass(frozen=True)
class _Group:
    """Shift types that may follow the same previous types (``after``, over the type axis):
    their best predecessor values are one reduction for all of them."""

    after: np.ndarray  # bool, one per type index (0 = OFF)
    shifts: tuple[int, ...]  # type indexes


class DpPricer:
    """One staff member's layered automaton, built once; each call is one forward pass (more
    only when a per-type cap is newly found to bind) and a backtrack per schedule returned."""

    def __init__(self, problem: ShiftCoverProblem, staff: Staff, scale: int) -> None:
        self.problem, self.staff, self.scale = problem, staff, scale
        self.types: tuple[str, ...] = (
            OFF,
            *(s.id for s in problem.shift_types if staff.may_work(s.id)),
        )
        minutes = [problem.shift_by_id[t].minutes for t in self.types[1:]]
        self.unit = math.gcd(*minutes) if minutes else 1
        self.length = [0, *(m // self.unit for m in minutes)]  # minutes per type, in units
        self.most = staff.max_total_minutes // self.unit
        self.least = -(-staff.min_total_minutes // self.unit)
        off_days = set(problem.days_off.get(staff.id, ()))
        self.steps = _unroll(staff, problem.days, off_days, works=len(self.types) > 1)
        self.groups = _groups(problem, self.types)
        self.capped = self._binding_caps(problem.days - len(off_days))
        self.counted: list[int] = []  # type indexes whose count is a state dimension
        self.base = self._request_costs()
        self.fallback: StaffPricer | None = None
        self.fallbacks = 0

    # -- construction ------------------------------------------------------------------------

    def _binding_caps(self, workable: int) -> list[int]:
        """Type indexes whose cap a schedule could break: below both the workable days and
        the most shifts of that type the minutes allow."""
        return [
            j
            for j in range(1, len(self.types))
            if self.staff.max_shifts[self.types[j]] < min(workable, self.most // self.length[j])
        ]

    def _request_costs(self) -> np.ndarray:
        """SCALE x the request cost of each (day, type index): unmet on- and broken off-
        requests; the part of the objective that does not depend on the prices."""
        base = np.zeros((self.problem.days, len(self.types)), dtype=np.int64)
        index = {t: j for j, t in enumerate(self.types)}
        for r in self.problem.on_requests:
            if r.staff == self.staff.id:
                base[r.day] += r.weight
                if r.shift in index:
                    base[r.day, index[r.shift]] -= r.weight
        for r in self.problem.off_requests:
            if r.staff == self.staff.id and r.shift in index:
                base[r.day, index[r.shift]] += r.weight
        return base * self.scale

    # -- pricing -----------------------------------------------------------------------------

    def price(self, prices: Prices, limit: float) -> Priced:
        """Minimise SCALE x request cost - prices earned, over every schedule the scorer
        allows this staff member; ``limit`` only bounds a CP-SAT fallback."""
        costs = self.day_costs(prices)
        fitting = self.counted
        while self._cells() <= MAX_CELLS:
            fitting = self.counted
            values = self._forward(costs)
            ends = self._best_ends(values[-1])
            if not ends:
                return Priced(optimal=True, value=None)
            found = [(value, self._backtrack(values, costs, end)) for value, end in ends]
            best, schedule = found[0]
            broken = self._broken(schedule)
            if not broken:
                kept = [s for _, s in found[1:] if not self._broken(s)]
                return Priced(optimal=True, value=best, schedules=[*kept[::-1], schedule])
            self.counted = [*self.counted, *broken]
        self.counted = fitting  # an oversized set would send every later call to CP-SAT
        return self._fall_back(prices, limit)

    def day_costs(self, prices: Prices) -> np.ndarray:
        """SCALE x request cost less the price earned, per (day, type index)."""
        costs = self.base.copy()
        for j, shift in enumerate(self.types[1:], start=1):
            for day in range(self.problem.days):
                costs[day, j] -= prices.get((day, shift), 0)
        return costs

    def walkable(self) -> bool:
        """Whether the layers are small enough to build (else pricing falls back)."""
        return self._cells() <= MAX_CELLS

    def keeps_caps(self, schedule: Schedule) -> bool:
        return not self._broken(schedule)

    def layers(self, costs: np.ndarray) -> list[np.ndarray]:
        """Each day's layer of least costs to reach a cell (see ``_forward``)."""
        return self._forward(costs)

    def predecessors(
        self, layer: np.ndarray, day: int, cell: tuple[int, ...], most: int
    ) -> list[tuple[int, ...]]:
        """The cells of ``layer`` (day ``day``) leading into ``cell`` of the next day that
        cost at most ``most`` to reach."""
        state, kind, *resources = cell
        step = self.steps[day]
        if kind == 0:
            sources, allowed = step.rest[state], np.ones(len(self.types), dtype=bool)
        else:
            assert step.work is not None
            sources, allowed = step.work[state], self._after(kind)
            resources[0] -= self.length[kind]
            for axis, j in enumerate(self.counted, start=1):
                resources[axis] -= int(j == kind)
            if min(resources) < 0:
                return []
        block = layer[(sources, slice(None), *resources)]
        rows, kinds = np.nonzero((block <= most) & allowed[None, :])
        return [(int(sources[r]), int(k), *resources) for r, k in zip(rows, kinds, strict=True)]

    def _fall_back(self, prices: Prices, limit: float) -> Priced:
        if self.fallback is None:
            self.fallback = StaffPricer(self.problem, self.staff, self.scale)
        self.fallbacks += 1
        return self.fallback.price(prices, limit)

    def _broken(self, schedule: Schedule) -> list[int]:
        """Capped type indexes ``schedule`` works more often than allowed."""
        return [
            j
            for j in self.capped
            if schedule.count(self.types[j]) > self.staff.max_shifts[self.types[j]]
        ]

    def _resources(self) -> tuple[int, ...]:
        """Sizes of the resource axes: minutes worked, then one count per counted type."""
        return (self.most + 1, *(self.staff.max_shifts[self.types[j]] + 1 for j in self.counted))

    def _cells(self) -> int:
        widest = max(len(step.rest) for step in self.steps) + 1 if self.steps else 1
        return widest * len(self.types) * math.prod(self._resources())

    def _moves(self) -> list[tuple[tuple[slice, ...], tuple[slice, ...]] | None]:
        """Per type index: where working it moves the resources (target, source slices),
        None when one shift alone overruns the most minutes."""
        sizes = self._resources()
        moves: list[tuple[tuple[slice, ...], tuple[slice, ...]] | None] = [None]
        for j in range(1, len(self.types)):
            steps = (self.length[j], *(int(k == j) for k in self.counted))
            if steps[0] >= sizes[0]:
                moves.append(None)
                continue
            target = tuple(slice(step, None) for step in steps)
            source = tuple(slice(0, size - step) for step, size in zip(steps, sizes, strict=True))
            moves.append((target, source))
        return moves

    def _forward(self, costs: np.ndarray) -> list[np.ndarray]:
        """Layer values per day: [state (+ INF row), last type, *resources] -> least cost."""
        sizes, moves = self._resources(), self._moves()
        values = np.full((2, len(self.types), *sizes), INF, dtype=np.int64)
        values[(0, 0, *(0 for _ in sizes))] = 0
        layers = [values]
        for day, step in enumerate(self.steps):
            width = len(step.rest)
            ahead = np.full((width + 1, len(self.types), *sizes), INF, dtype=np.int64)
            ahead[:width, 0] = values.min(axis=1)[step.rest].min(axis=1) + costs[day, 0]
            if step.work is not None:
                for group in self.groups:
                    reach = values[:, group.after].min(axis=1)[step.work].min(axis=1)
                    for j in group.shifts:
                        move = moves[j]
                        if move is not None:
                            target, source = move
                            ahead[(slice(0, width), j, *target)] = (
                                reach[(slice(None), *source)] + costs[day, j]
                            )
            layers.append(ahead)
            values = ahead
        return layers

    def _best_ends(self, last: np.ndarray) -> list[tuple[int, tuple[int, ...]]]:
        """The cheapest end cells (up to 1 + EXTRA_SCHEDULES) within the minutes band."""
        ends = last[:-1].copy()
        ends[:, :, : self.least] = INF
        flat = ends.reshape(-1)
        take = min(1 + EXTRA_SCHEDULES, flat.size)
        if take == 0:
            return []
        cheapest = np.argpartition(flat, take - 1)[:take]
        cheapest = cheapest[np.argsort(flat[cheapest], kind="stable")]
        return [
            (int(flat[i]), tuple(int(k) for k in np.unravel_index(i, ends.shape)))
            for i in cheapest
            if flat[i] < INF // 2
        ]

    def _backtrack(
        self, layers: list[np.ndarray], costs: np.ndarray, end: tuple[int, ...]
    ) -> Schedule:
        """The schedule reaching ``end``: day by day back, a predecessor cell whose value
        plus the day's cost equals the cell's value (none is below it)."""
        cell, shifts = end, []
        for day in range(len(self.steps) - 1, -1, -1):
            kind = cell[1]
            most = int(layers[day + 1][cell]) - int(costs[day, kind])
            shifts.append(self.types[kind])
            cell = self.predecessors(layers[day], day, cell, most)[0]
        return tuple(reversed(shifts))

    def _after(self, kind: int) -> np.ndarray:
        return next(g.after for g in self.groups if kind in g.shifts)


def _groups(problem: ShiftCoverProblem, types: tuple[str, ...]) -> list[_Group]:
    """Types grouped by the previous types they may follow (OFF always)."""
    by_after: dict[tuple[bool, ...], list[int]] = {}
    for j in range(1, len(types)):
        after = tuple(
            t == OFF or types[j] not in problem.shift_by_id[t].cannot_follow for t in types
        )
        by_after.setdefault(after, []).append(j)
    return [_Group(np.array(after), tuple(js)) for after, js in by_after.items()]


def _unroll(staff: Staff, days: int, off_days: set[int], works: bool) -> list[_Step]:
    """The automaton's reachable states day by day, as predecessor tables per label."""
    automaton = build_automaton(staff, with_weekends=True)
    table = {(a, label): b for a, label, b in automaton.transitions}
    layer = [automaton.start]
    steps: list[_Step] = []
    for day in range(days):
        labels = (0, 1) if works and day not in off_days else (0,)
        incoming: dict[int, tuple[list[int], list[int]]] = {}
        for i, state in enumerate(layer):
            for label in labels:
                target = table.get((state, label))
                if target is not None:
                    incoming.setdefault(target, ([], []))[label].append(i)
        ahead = sorted(incoming)
        rest = _padded([incoming[t][0] for t in ahead], len(layer))
        work = _padded([incoming[t][1] for t in ahead], len(layer)) if 1 in labels else None
        steps.append(_Step(rest, work))
        layer = ahead
    return steps


def _padded(rows: list[list[int]], pad: int) -> np.ndarray:
    """Ragged predecessor lists as one index array, short rows filled with ``pad``."""
    table = np.full((len(rows), max((len(r) for r in rows), default=1) or 1), pad, dtype=np.intp)
    for i, row in enumerate(rows):
        table[i, : len(row)] = row
    return table
