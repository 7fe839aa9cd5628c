"""Column generation: re-solve the master, price every staff member, add what pays, bound.

After each full pricing round at integer prices ``p`` (the master's cover duals times
``SCALE``, rounded and clipped to [-SCALE x over-weight, SCALE x under-weight]), the
Lagrangian bound with the cover rows relaxed is

    SCALE x L(p) = sum over cover rows of p x requirement + sum over staff of their priced
                   minimum (SCALE x request cost - prices earned, over *all* their schedules)

valid for every roster whatever ``p`` is, as long as each minimum is proven (the slack terms
vanish because ``p`` lies within the slack costs). The objective is integral, so the bound
is rounded up. It equals the LP value with the LP's own duals (up to the rounding of ``p``)
and is below it otherwise; the LP value itself proves nothing until pricing finds no column.

Smoothing (Wentges): prices are taken between the duals with the best bound so far and the
current duals, ``alpha`` of the way to the former, which damps the oscillation of duals that
makes plain column generation tail off; a smoothed round that adds no column (mis-pricing)
is priced again at the current duals, so the loop still stops only at the LP optimum.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from scheduler.shiftcover.model import ShiftCoverProblem
from scheduler.shiftcover.solver.columns.dp_pricing import DpPricer
from scheduler.shiftcover.solver.columns.master import LpSolution, Master
from scheduler.shiftcover.solver.columns.pricing import Priced, Prices

SCALE = 1000  # integer prices are the duals in thousandths
PRICING_LIMIT = 10.0  # seconds a single pricing may take; a timed-out round proves no bound


@dataclass
class Generation:
    """Where column generation stands: best bound, last LP value and counters."""

    bound: int | None = None
    lp_value: float | None = None
    rounds: int = 0
    converged: bool = False  # no column prices out: the LP value is the LP optimum
    best_prices: np.ndarray | None = None  # the scaled prices of the best bound
    infeasible: bool = False  # a staff member has no schedule within their limits


class ColumnGenerator:
    """The master, one pricer per staff member and a thread pool to price them in parallel.

    Pricers are the exact DP (``dp_pricing``): on the duals of column generation on
    Instances 8, 9 and 12, 4-5 ms a call against 77-104 ms for the CP-SAT pricer, which the
    DP calls only when its states would be too many. The DP holds the GIL between numpy
    calls, so its threads overlap less than CP-SAT's did; it is fast enough not to matter."""

    def __init__(self, problem: ShiftCoverProblem, workers: int, alpha: float) -> None:
        self.problem = problem
        self.master = Master(problem)
        self.pricers = [DpPricer(problem, s, SCALE) for s in problem.staff]
        self.pool = ThreadPoolExecutor(max_workers=workers)
        self.alpha = alpha
        self.state = Generation()
        self.under = np.array([c.under_weight for c in problem.cover], dtype=np.int64)
        self.over = np.array([c.over_weight for c in problem.cover], dtype=np.int64)
        self.need = np.array([c.requirement for c in problem.cover], dtype=np.int64)

    def close(self) -> None:
        self.pool.shutdown()

    def seed(self, deadline: float) -> bool:
        """Every staff member's cheapest schedule by requests alone: the LP's first columns.
        False when a staff member has none (the instance is infeasible) or time ran out."""
        priced = self._price_all(np.zeros(len(self.problem.cover), dtype=np.int64), deadline)
        if any(p.value is None for p in priced):
            self.state.infeasible = any(p.optimal and p.value is None for p in priced)
            return False
        for staff, found in enumerate(priced):
            for schedule in found.schedules:
                self.master.add(staff, schedule)
        return True

    def run(self, deadline: float, log: Callable[[str], None] | None = None) -> Generation:
        """Rounds until the LP is optimal, the bound meets the LP value, or ``deadline``."""
        state = self.state
        while time.monotonic() < deadline and not state.converged:
            lp = self.master.solve()
            if lp is None:
                break
            state.lp_value, state.rounds = lp.value, state.rounds + 1
            added, proven = self._round(lp, self._smoothed(lp), deadline)
            if added == 0 and self.alpha > 0 and time.monotonic() < deadline:
                added, proven = self._round(lp, self.integer_prices(lp.cover_duals), deadline)
            if log:
                log(f"cg round {state.rounds}: lp {lp.value:.2f} bound {state.bound} "
                    f"columns {len(self.master.columns)} (+{added})")  # fmt: skip
            state.converged = added == 0 and proven
            if state.bound is not None and state.bound >= math.ceil(lp.value - 1e-6):
                break  # the integer bound cannot rise further on this LP
        return state

    def integer_prices(self, duals: np.ndarray) -> np.ndarray:
        """Cover duals as integer prices within the slack costs (the Lagrangian's range)."""
        scaled = np.rint(duals * SCALE).astype(np.int64)
        return np.clip(scaled, -SCALE * self.over, SCALE * self.under)

    def _smoothed(self, lp: LpSolution) -> np.ndarray:
        current = self.integer_prices(lp.cover_duals)
        best = self.state.best_prices
        if best is None or self.alpha <= 0:
            return current
        return np.rint(self.alpha * best + (1 - self.alpha) * current).astype(np.int64)

    def _round(self, lp: LpSolution, prices: np.ndarray, deadline: float) -> tuple[int, bool]:
        """Price every staff member at ``prices``; update the bound; add the schedules whose
        reduced cost at the LP's own duals is negative. Returns how many were added, and
        whether every minimum was proven (only then does "none added" mean LP optimal)."""
        priced = self._price_all(prices, deadline)
        proven = all(p.optimal and p.value is not None for p in priced)
        if proven:
            total = int(prices @ self.need) + sum(p.value or 0 for p in priced)
            bound = -(-total // SCALE)
            if self.state.bound is None or bound > self.state.bound:
                self.state.bound, self.state.best_prices = bound, prices
        added = 0
        for staff, found in enumerate(priced):
            for schedule in found.schedules:
                if self.master.add(staff, schedule):
                    column = self.master.columns[-1]
                    added += self.master.reduced_cost(column, lp) < -1e-6
        return added, proven

    def resolve(self, staff: list[int], deadline: float, rounds: int) -> LpSolution | None:
        """At most ``rounds`` rounds of column generation for ``staff`` alone, the others
        being fixed by a dive (``diving``); no bound is taken, since it would bound the dive,
        not the problem. The last LP, or None when it failed."""
        lp = self.master.solve()
        for _ in range(rounds):
            if lp is None or not staff or time.monotonic() > deadline:
                break
            priced = self._price_all(self.integer_prices(lp.cover_duals), deadline, staff)
            before, paying = len(self.master.columns), 0
            for index, found in zip(staff, priced, strict=True):
                for schedule in found.schedules:
                    if self.master.add(index, schedule):
                        paying += self.master.reduced_cost(self.master.columns[-1], lp) < -1e-6
            if len(self.master.columns) > before:
                lp = self.master.solve()  # the weights must cover every column
            if paying == 0:
                break
        return lp

    def price_each(
        self, prices: list[Prices], deadline: float, staff: list[int] | None = None
    ) -> list[Priced]:
        """Price every staff member (or those of ``staff``), each at their own prices (a
        branch on one person's cells moves only theirs), in parallel."""
        limit = max(0.05, min(PRICING_LIMIT, deadline - time.monotonic()))
        pricers = self.pricers if staff is None else [self.pricers[k] for k in staff]
        jobs = zip(pricers, prices, strict=True)
        return list(self.pool.map(lambda job: job[0].price(job[1], limit), jobs))

    def _price_all(
        self, prices: np.ndarray, deadline: float, staff: list[int] | None = None
    ) -> list[Priced]:
        """Price every staff member (or those of ``staff``) at the same cover prices."""
        by_cell: Prices = {
            (c.day, c.shift): int(p) for c, p in zip(self.problem.cover, prices, strict=True)
        }
        count = len(self.pricers) if staff is None else len(staff)
        return self.price_each([by_cell] * count, deadline, staff)
