"""Branch-and-price: the LP bound of column generation, raised by splitting on sums of cells.

Each node is the master with its branch rows (``branch_rows``), solved by column generation
to its end; its bound is the Lagrangian of the node at integer prices (cover duals and the
branch rows' duals, each in its allowed range), rounded up, so it is proven the same way as
the root's (``generation``) and never rests on the LP's floating point. A node whose bound
reaches the cutoff (the best roster's cost) holds no cheaper roster and is dropped; a node
whose LP is whole is a roster. Nodes are taken best bound first, so the tree's bound, the
least bound of the nodes still open, rises as it goes; when none are left, nothing is
cheaper than the cutoff.

Why: the LP of Instance 9 is 405.67 and its optimum 439; the gap is the LP staffing 68.33
nights over the horizon where any roster staffs a whole number. The branch "at most 68
nights" lifts the bound to 439 in its first node, and the other branch too, so the tree
proves 439 in under a second after column generation, where the closing (``closing``)
would have to list schedules 33 units above their minimum. Where the gap is in request
penalties spread over many people (Instance 8: LP 1,296.58, optimum 1,300) the tree climbs
slowly (1,298 after ~20 s, no higher in 120 s), so it stops once its bound has not risen
for a while (``strategy``).
"""

from __future__ import annotations

import heapq
import itertools
import math
import time
from dataclasses import dataclass

import highspy
import numpy as np

from scheduler.shiftcover.solver.columns.branch_rows import BranchRow, BranchRows
from scheduler.shiftcover.solver.columns.branching import cell_families, choose
from scheduler.shiftcover.solver.columns.generation import SCALE, ColumnGenerator
from scheduler.shiftcover.solver.columns.pricing import Prices, Schedule

MAX_ROUNDS = 500  # column-generation rounds in one node before the tree gives up on it
WHOLE = 0.5  # in a whole LP solution, the schedule each staff member takes
UNMET = 1e-9  # artificial weight below this is none


@dataclass(frozen=True)
class Node:
    """What solving one node gave: its bound and, once its LP is optimal, the solution."""

    bound: float  # math.inf when the node holds no roster
    finished: bool = True  # False: time ran out or a minimum was not proven
    weights: np.ndarray | None = None  # the optimal LP's schedule weights
    unmet: float = 0.0  # what the LP left to the branch rows' artificials
    value: float = 0.0  # the optimal LP's value: a whole solution's cost


@dataclass(frozen=True)
class TreeOutcome:
    """The bound the tree proved (None without any), its best roster (staff index ->
    schedule, cheaper than the cutoff it was given) and its cost, and the nodes solved."""

    bound: int | None
    chosen: dict[int, Schedule] | None
    cost: int | None
    nodes: int


class Tree:
    """Best-first branch-and-price over the generator's master (left as it found it)."""

    def __init__(self, generator: ColumnGenerator) -> None:
        self.generator = generator
        self.master = generator.master
        self.rows = BranchRows(self.master)
        self.families = cell_families(generator.problem)
        self.cells = [(c.day, c.shift) for c in generator.problem.cover]

    def search(
        self, root_bound: int, cutoff: int | None, deadline: float, stall: float
    ) -> TreeOutcome:
        """Nodes until ``deadline``, until none is left, or until the bound has not risen
        for ``stall`` seconds; ``cutoff``: the cost of the best roster known, if any."""
        counter = itertools.count()
        heap: list[tuple[int, int, int, tuple[BranchRow, ...]]] = [(root_bound, 0, 0, ())]
        best: tuple[dict[int, Schedule], int] | None = None
        risen, nodes, stuck = time.monotonic(), 0, []
        proven = root_bound
        try:
            while heap and time.monotonic() < min(deadline, risen + stall):
                level = _least(heap, stuck, cutoff)
                if level is not None and level > proven:
                    proven, risen = level, time.monotonic()
                key, depth, _, rows = heapq.heappop(heap)
                if cutoff is not None and key >= cutoff:
                    continue
                node = self._solve(rows, key, cutoff, min(deadline, risen + stall))
                nodes += 1
                if not node.finished:
                    heapq.heappush(heap, (key, depth, next(counter), rows))
                    break
                if node.bound == math.inf or (cutoff is not None and node.bound >= cutoff):
                    continue
                bound = max(key, math.ceil(node.bound))
                split = choose(self.master, node.weights, self.families)
                if split is None and node.unmet < UNMET:
                    chosen, cost = self._chosen(node.weights), round(node.value)
                    if cutoff is None or cost < cutoff:
                        best, cutoff = (chosen, cost), cost
                    continue
                if split is None:
                    stuck.append(bound)  # whole but short of its rows: left open
                    continue
                for row in split:
                    heapq.heappush(heap, (bound, depth - 1, next(counter), (*rows, row)))
        finally:
            self.rows.clear()
        level = _least(heap, stuck, cutoff)
        return TreeOutcome(
            bound=level,
            chosen=best[0] if best else None,
            cost=best[1] if best else None,
            nodes=nodes,
        )

    def _solve(
        self, rows: tuple[BranchRow, ...], key: int, cutoff: int | None, deadline: float
    ) -> Node:
        """Column generation in the node with ``rows`` until its LP is optimal, its bound
        reaches ``cutoff`` or ``deadline``."""
        self.rows.apply(rows)
        lp, covers, first = self.master.lp, self.master.covers, self.rows.first
        rhs = np.array([row.rhs for row in rows], dtype=np.int64)
        best: float = key
        for _ in range(MAX_ROUNDS):
            if time.monotonic() > deadline:
                return Node(best, finished=False)
            lp.run()
            if lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return Node(best, finished=False)
            # Read now: adding a column (``_add``) resets HiGHS's info, whose objective then
            # reads 0 (a whole node's cost came out 0 where a schedule was added but did
            # not price out).
            solution, value = lp.getSolution(), lp.getInfo().objective_function_value
            duals = np.asarray(solution.row_dual)
            prices = self.generator.integer_prices(duals[:covers])
            shares = self._row_prices(rows, duals[first:])
            priced = self.generator.price_each(self._by_staff(prices, rows, shares), deadline)
            if not all(p.optimal for p in priced):
                return Node(best, finished=False)
            if any(p.value is None for p in priced):
                return Node(math.inf)  # someone has no schedule at all
            total = int(prices @ self.generator.need) + int(shares @ rhs)
            total += sum(p.value or 0 for p in priced)
            best = max(best, -(-total // SCALE))
            if cutoff is not None and best >= cutoff:
                return Node(best)
            if not self._add(priced, duals, rows):
                values = solution.col_value
                weights = self.master.weights(values)
                return Node(best, weights=weights, unmet=self.rows.unmet(values), value=value)
        return Node(best, finished=False)

    @staticmethod
    def _row_prices(rows: tuple[BranchRow, ...], duals: np.ndarray) -> np.ndarray:
        """The branch rows' duals as integer prices, each of its row's sign (else the
        Lagrangian would not bound the node)."""
        scaled = np.rint(np.asarray(duals) * SCALE).astype(np.int64)
        return np.array(
            [max(0, s) if row.at_least else min(0, s) for row, s in zip(rows, scaled, strict=True)],
            dtype=np.int64,
        )

    def _by_staff(
        self, prices: np.ndarray, rows: tuple[BranchRow, ...], shares: np.ndarray
    ) -> list[Prices]:
        """Each staff member's cell prices: the cover's, plus each branch row's share on
        its cells (every staff member's, or its own staff member's only)."""
        common: Prices = {cell: int(p) for cell, p in zip(self.cells, prices, strict=True)}
        own: dict[int | None, Prices] = {}
        for row, share in zip(rows, shares, strict=True):
            if share:
                target = own.setdefault(row.staff, {})
                for cell in row.cells:
                    target[cell] = target.get(cell, 0) + int(share)
        for cell, share in own.pop(None, {}).items():
            common[cell] = common.get(cell, 0) + share
        staff = range(len(self.generator.problem.staff))
        return [_plus(common, own[s]) if s in own else common for s in staff]

    def _add(self, priced: list, duals: np.ndarray, rows: tuple[BranchRow, ...]) -> bool:
        """Add every schedule found; whether any prices out at the LP's own duals."""
        covers, first = self.master.covers, self.rows.first
        staff_duals, row_duals = duals[covers:first], duals[first:]
        paying = False
        for staff, found in enumerate(priced):
            for schedule in found.schedules:
                if not self.rows.add(staff, schedule):
                    continue
                column = self.master.columns[-1]
                earned = sum(duals[r] for r, _ in self.master.entries(column)[1:])
                earned += sum(
                    row.coefficient(column) * y for row, y in zip(rows, row_duals, strict=True)
                )
                paying |= column.cost - earned - staff_duals[staff] < -1e-6
        return paying

    def _chosen(self, weights: np.ndarray) -> dict[int, Schedule]:
        return {
            column.staff: column.schedule
            for column, weight in zip(self.master.columns, weights, strict=True)
            if weight > WHOLE
        }


def _plus(common: Prices, own: Prices) -> Prices:
    prices = dict(common)
    for cell, share in own.items():
        prices[cell] = prices.get(cell, 0) + share
    return prices


def _least(heap: list, stuck: list[int], cutoff: int | None) -> int | None:
    """The tree's bound: the least bound still open, or the cutoff when none is."""
    keys = [entry[0] for entry in heap] + stuck
    if cutoff is not None:
        keys.append(cutoff)
    return min(keys) if keys else None
