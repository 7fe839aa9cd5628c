"""Closing the last units between the column-generation bound and the best roster.

At integer prices ``p`` (scaled by ``SCALE``) every roster's scaled cost splits exactly as

    SCALE x cost = L(p) + sum over staff of r_s + sum over cover rows of
                   (SCALE x under-weight - p) x short + (SCALE x over-weight + p) x extra,

where ``L(p)`` is the scaled Lagrangian total (``generation``) and ``r_s >= 0`` is how far
staff member ``s``'s schedule prices above their minimum. So a roster costs at most ``T``
only if every ``r_s`` and the sum of all the terms fit in ``slack = SCALE x T - L(p)``. The
closure lists each staff member's schedules with ``r_s <= slack`` (``enumeration``) and asks
CP-SAT whether one schedule per staff member (a table constraint, carrying ``r_s``) fits
that sum with the cover: "infeasible" proves that no roster costs ``T`` or less; a solution
is a roster of cost at most ``T``.

Stepping ``T`` up from the bound, the first feasible ``T`` gives an optimal roster, and
every infeasible one raises the proven bound by one.

The lists of the last ``T`` proven infeasible are kept: the cheapest roster over them
(``best_kept``, CP-SAT minimising the sum) proves nothing, since a better roster may use a
schedule past their slack, but it is found fast, and when it costs the new bound it is
optimal. On Instance 7 the full lists at 1,056 are 452,337 schedules (33 s to list, 59 s to
decide); the 59,541 kept from 1,055 hold a 1,056 roster, found in 7 s.

Why CP-SAT and not a MIP over the same schedules: on Instance 7 at ``T`` = 1,055 (59,541
schedules) HiGHS's MIP had not decided in 300 s and a plain LP branch-and-bound not in 700
nodes, while CP-SAT with the tables and the sum constraint proved it infeasible in 9 s (bound
1,056, the optimum); a Boolean per listed schedule instead of the tables had not decided in
60 s. On Instance 8 it proves 1,298 in 2 s but not 1,299 in 100 s; on 9 the bound is 33
units short and the lists would be far too long (branch-and-price, ``tree``, closes that).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from scheduler.shiftcover.solver.columns.enumeration import schedules_within
from scheduler.shiftcover.solver.columns.generation import SCALE, ColumnGenerator
from scheduler.shiftcover.solver.columns.pricing import Prices, Schedule

SCHEDULE_CAP = 200_000  # most schedules listed over all staff for one target


@dataclass(frozen=True)
class Decision:
    """Whether a roster costs at most ``target``: ``none`` proven (True), a roster found
    (``chosen``: staff index -> schedule), or undecided (neither)."""

    target: int
    none: bool = False
    chosen: dict[int, Schedule] | None = None


class Closure:
    """The bound's prices and each staff member's minimum at them, fixed once."""

    def __init__(self, generator: ColumnGenerator, prices: np.ndarray, minima: list[int]):
        problem = generator.problem
        self.generator = generator
        self.prices = prices
        self.by_cell: Prices = {
            (c.day, c.shift): int(p) for c, p in zip(problem.cover, prices, strict=True)
        }
        self.minima = minima
        self.total = int(prices @ generator.need) + sum(minima)
        self.kept: list[list[tuple[Schedule, int]]] | None = None  # lists of the last "none"

    @classmethod
    def of(cls, generator: ColumnGenerator, deadline: float) -> Closure | None:
        """At the prices of the best bound; None when there is none or a minimum is not
        proven."""
        prices = generator.state.best_prices
        if prices is None:
            return None
        closure = cls(generator, prices, [])
        limit = max(0.05, deadline - time.monotonic())
        priced = [p.price(closure.by_cell, limit) for p in generator.pricers]
        if not all(p.optimal and p.value is not None for p in priced):
            return None
        return cls(generator, prices, [p.value for p in priced if p.value is not None])

    def reach(self, target: int) -> float:
        """How far ``target`` lies above the Lagrangian total, in objective units: the slack
        every list must be drawn within."""
        return (SCALE * target - self.total) / SCALE

    def decide(self, target: int, deadline: float, workers: int) -> Decision:
        """Is there a roster costing at most ``target``? (see the module's docstring). The
        listing may take half the time to ``deadline``: past that, too little would be left
        to decide (Instance 7's 1,056 lists reach the cap only after 14 s)."""
        slack = SCALE * target - self.total
        if slack < 0:
            return Decision(target, none=True)
        listed = self.listed(target, time.monotonic() + (deadline - time.monotonic()) / 2)
        if listed is None:
            return Decision(target)
        if not all(listed):
            return Decision(target, none=True)  # a staff member has no schedule to use
        decision = _Decider(self, listed, slack).solve(target, deadline, workers)
        if decision.none:
            self.kept = listed
        return decision

    def listed(self, target: int, deadline: float) -> list[list[tuple[Schedule, int]]] | None:
        """Each staff member's schedules a roster costing at most ``target`` may use, with
        their ``r_s``; None past ``SCHEDULE_CAP`` schedules or ``deadline``. The listing
        stops at the first staff member with none (the last list is then empty)."""
        slack = SCALE * target - self.total
        listed: list[list[tuple[Schedule, int]]] = []
        count = 0
        for index, pricer in enumerate(self.generator.pricers):
            most = self.minima[index] + slack
            found = schedules_within(pricer, self.by_cell, most, SCHEDULE_CAP - count)
            if found is None or time.monotonic() > deadline:
                return None
            listed.append(self._above_minimum(index, found))
            if not found:
                break
            count += len(found)
        return listed

    def best_kept(
        self,
        bounds: tuple[int, int],
        deadline: float,
        workers: int,
        hint: dict[int, Schedule] | None = None,
    ) -> Decision:
        """The cheapest roster found by ``deadline`` that uses only the kept lists and costs
        less than ``bounds[1]`` (``chosen``), searched from ``hint``; the search ends early at
        ``bounds[0]``, a proven bound. ``none`` is never claimed: the lists may miss a
        schedule such a roster needs."""
        floor, below = bounds
        slack = SCALE * (below - 1) - self.total
        if self.kept is None or slack < 0:
            return Decision(below - 1)
        decider = _Decider(self, self.kept, slack, floor=SCALE * floor - self.total)
        if hint is not None:
            decider.hint(hint)
        return Decision(below - 1, chosen=decider.solve(below - 1, deadline, workers).chosen)

    def _above_minimum(self, index: int, schedules: list[Schedule]) -> list[tuple[Schedule, int]]:
        """Each schedule with ``r_s``: its priced cost less the staff member's minimum."""
        pricer = self.generator.pricers[index]
        costs = pricer.day_costs(self.by_cell)
        column = {t: j for j, t in enumerate(pricer.types)}
        days = np.arange(len(costs))
        return [
            (s, int(costs[days, [column[t] for t in s]].sum()) - self.minima[index])
            for s in schedules
        ]


class _Decider:
    """The CP-SAT model: per staff member a day-by-day shift index tied to their listed
    schedules (and each schedule's ``r_s``) by one table; cover with short/extra counts; the
    scaled sum within the slack; with a ``floor`` (the proven bound, scaled less the
    Lagrangian total: no roster's sum is below it) the sum is minimised down to it."""

    def __init__(
        self,
        closure: Closure,
        listed: list[list[tuple[Schedule, int]]],
        slack: int,
        floor: int | None = None,
    ) -> None:
        problem = closure.generator.problem
        self.problem = problem
        self.types = ("", *(t.id for t in problem.shift_types))
        index = {t: k for k, t in enumerate(self.types)}
        self.model = cp_model.CpModel()
        self.days: list[list[cp_model.IntVar]] = []
        works: dict[tuple[int, str], list[cp_model.IntVar]] = {}
        excess: list[cp_model.LinearExprT] = []
        for schedules in listed:
            shifts = [self.model.new_int_var(0, len(self.types) - 1, "") for _ in schedules[0][0]]
            above = self.model.new_int_var(0, slack, "")
            rows = [[*(index[s] for s in schedule), r] for schedule, r in schedules]
            self.model.add_allowed_assignments([*shifts, above], rows)
            self.days.append(shifts)
            excess.append(above)
            for day, var in enumerate(shifts):
                for shift in {schedule[day] for schedule, _ in schedules} - {""}:
                    on = self.model.new_bool_var("")
                    self.model.add(var == index[shift]).only_enforce_if(on)
                    self.model.add(var != index[shift]).only_enforce_if(~on)
                    works.setdefault((day, shift), []).append(on)
        for cover, price in zip(problem.cover, closure.prices, strict=True):
            short = self.model.new_int_var(0, cover.requirement, "")
            extra = self.model.new_int_var(0, len(problem.staff), "")
            staffed = sum(works.get((cover.day, cover.shift), []))
            self.model.add(staffed + short - extra == cover.requirement)
            excess.append((SCALE * cover.under_weight - int(price)) * short)
            excess.append((SCALE * cover.over_weight + int(price)) * extra)
        self.model.add(sum(excess) <= slack)
        if floor is not None:
            self.model.add(sum(excess) >= floor)
            self.model.minimize(sum(excess))

    def hint(self, roster: dict[int, Schedule]) -> None:
        """Start the search from ``roster`` (staff index -> schedule), listed or not."""
        index = {t: k for k, t in enumerate(self.types)}
        for k, shifts in enumerate(self.days):
            for var, shift in zip(shifts, roster[k], strict=True):
                self.model.add_hint(var, index[shift])

    def solve(self, target: int, deadline: float, workers: int) -> Decision:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = workers
        solver.parameters.max_time_in_seconds = max(0.1, deadline - time.monotonic())
        code = solver.solve(self.model)
        if code == cp_model.INFEASIBLE:
            return Decision(target, none=True)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Decision(target)
        chosen = {
            k: tuple(self.types[solver.value(var)] for var in shifts)
            for k, shifts in enumerate(self.days)
        }
        return Decision(target, chosen=chosen)
