"""The restricted master: each staff member one schedule, cover priced by its weights.

Rows: one per cover entry (day, shift type): schedules working it + under - over =
requirement, ``under`` costing the under-weight and ``over`` the over-weight per person; one
convexity row per staff member (their schedules' weights sum to 1). A schedule's cost is its
request penalty. Every roster is a 0/1 point of this LP with exactly the scorer's
objective, so the LP over *all* schedules bounds every roster from below; ``generation``
adds the schedules that matter and bounds the rest with reduced costs.

HiGHS keeps its basis when columns are added, so each round re-solves warm (presolve off,
primal simplex), as ``scheduler.optimise.patterns.master`` does. The MIP over the columns
found (price-and-branch) runs on a copy, so the LP's basis is untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from scheduler.lp import quiet_highs
from scheduler.shiftcover.model import OFF, ShiftCoverProblem
from scheduler.shiftcover.solver.columns.pricing import Schedule, request_cost

INF = highspy.kHighsInf


@dataclass(frozen=True)
class Column:
    staff: int  # index into problem.staff
    schedule: Schedule
    cost: int  # request penalty


@dataclass(frozen=True)
class LpSolution:
    value: float
    cover_duals: np.ndarray  # per cover row, in problem.cover order
    staff_duals: np.ndarray  # per convexity row
    weights: np.ndarray  # per column, in ``Master.columns`` order


class Master:
    """The LP, built once with only the slack columns; schedules are added as columns."""

    def __init__(self, problem: ShiftCoverProblem) -> None:
        self.problem = problem
        self.row_of = {(c.day, c.shift): r for r, c in enumerate(problem.cover)}
        self.covers = len(problem.cover)
        self.lp = quiet_highs()
        self.lp.setOptionValue("threads", 1)
        self.lp.setOptionValue("presolve", "off")
        self.lp.setOptionValue("simplex_strategy", 4)  # primal: added columns keep it feasible
        need = np.array([float(c.requirement) for c in problem.cover])
        rows = self.covers + len(problem.staff)
        lower = np.concatenate([need, np.ones(len(problem.staff))])
        self.lp.addRows(rows, lower, lower.copy(), 0, np.zeros(rows, dtype=np.int32),
                        np.array([], dtype=np.int32), np.array([]))  # fmt: skip
        for r, cover in enumerate(problem.cover):
            self._add([float(cover.under_weight)], [(r, 1.0)])
            self._add([float(cover.over_weight)], [(r, -1.0)])
        self.columns: list[Column] = []
        # The LP column of each schedule column: branching (``branch_rows``) adds its own
        # artificial columns between them.
        self.positions: list[int] = []
        self._seen: set[tuple[int, Schedule]] = set()

    def _add(self, cost: list[float], entries: list[tuple[int, float]]) -> None:
        rows = np.array([r for r, _ in entries], dtype=np.int32)
        values = np.array([v for _, v in entries])
        self.lp.addCol(cost[0], 0.0, INF, len(entries), rows, values)

    def entries(self, column: Column) -> list[tuple[int, float]]:
        """The column's rows: its convexity row and every covered (day, shift) it works."""
        worked = [
            (self.row_of[day, shift], 1.0)
            for day, shift in enumerate(column.schedule)
            if shift != OFF and (day, shift) in self.row_of
        ]
        return [(self.covers + column.staff, 1.0), *worked]

    def add(self, staff: int, schedule: Schedule) -> bool:
        """Add a staff member's schedule as a column; False when it is already there."""
        if (staff, schedule) in self._seen:
            return False
        self._seen.add((staff, schedule))
        staff_id = self.problem.staff[staff].id
        column = Column(staff, schedule, request_cost(self.problem, staff_id, schedule))
        self.columns.append(column)
        self._add([float(column.cost)], self.entries(column))
        self.positions.append(self.lp.getNumCol() - 1)
        return True

    def solve(self) -> LpSolution | None:
        self.lp.run()
        if self.lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        solution = self.lp.getSolution()
        duals = np.asarray(solution.row_dual)
        weights = self.weights(solution.col_value)
        value = float(self.lp.getInfo().objective_function_value)
        return LpSolution(value, duals[: self.covers], duals[self.covers :], weights)

    def weights(self, values: list[float]) -> np.ndarray:
        """Each schedule column's value in an LP solution's column values (0 for a column
        added since that solution)."""
        padded = np.zeros(self.lp.getNumCol())
        padded[: len(values)] = values
        return padded[self.positions]

    def fix(self, index: int) -> None:
        """Force column ``index`` into the LP (weight 1): its staff member's other columns
        are barred. Columns added later for that staff member are the caller's to avoid."""
        staff = self.columns[index].staff
        for k, column in enumerate(self.columns):
            if column.staff == staff:
                one = float(k == index)
                self.lp.changeColBounds(self.positions[k], one, one)

    def release(self) -> None:
        """Undo every ``fix``: each column free between 0 and 1 again."""
        for position in self.positions:
            self.lp.changeColBounds(position, 0.0, INF)

    def reduced_cost(self, column: Column, lp: LpSolution) -> float:
        earned = sum(lp.cover_duals[r] for r, _ in self.entries(column)[1:])
        return column.cost - earned - lp.staff_duals[column.staff]

    def integer_roster(
        self, limit: float, start: dict[int, Schedule] | None = None
    ) -> dict[int, Schedule] | None:
        """Price-and-branch: the best choice of one generated schedule per staff member, by
        HiGHS's MIP within ``limit`` seconds (``start``, a roster whose schedules are all
        columns, as its first incumbent); None when it found no choice."""
        mip = quiet_highs()
        mip.passModel(self.lp.getModel())
        count = len(self.columns)
        indexes = np.asarray(self.positions, dtype=np.int32)
        mip.changeColsIntegrality(
            count, indexes, np.full(count, highspy.HighsVarType.kInteger, dtype=np.uint8)
        )
        mip.setOptionValue("time_limit", max(0.1, limit))
        mip.setOptionValue("mip_rel_gap", 0.0)
        mip.setOptionValue("threads", 1)
        if start is not None:
            self._start(mip, start)
        mip.run()
        if mip.getInfo().primal_solution_status != 2:  # kSolutionStatusFeasible
            return None
        values = self.weights(mip.getSolution().col_value)
        chosen = {c.staff: c.schedule for c, v in zip(self.columns, values, strict=True) if v > 0.5}
        return chosen if len(chosen) == len(self.problem.staff) else None

    def _start(self, mip: highspy.Highs, start: dict[int, Schedule]) -> None:
        values = np.zeros(self.lp.getNumCol())
        staffed = np.zeros(self.covers)
        for k, column in enumerate(self.columns):
            if start.get(column.staff) == column.schedule:
                values[self.positions[k]] = 1.0
                for r, _ in self.entries(column)[1:]:
                    staffed[r] += 1.0
        need = np.array([float(c.requirement) for c in self.problem.cover])
        values[0 : 2 * self.covers : 2] = np.maximum(need - staffed, 0.0)
        values[1 : 2 * self.covers : 2] = np.maximum(staffed - need, 0.0)
        solution = highspy.HighsSolution()
        solution.col_value = list(values)
        solution.value_valid = True
        mip.setSolution(solution)
