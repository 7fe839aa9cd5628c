"""Branching decisions as rows of the master: "these cells are worked at most / at least k
times", over every staff member or one.

Why rows on sums of cells: a roster works each (day, shift type) cell a whole number of
times, so any sum of cells is an integer, and a fractional LP sum splits the problem in two.
Such a row's dual only adds to the price of its cells (for its staff member alone when it
has one), so pricing keeps its structure and stays exact: the same DP, other prices. Sums
over many cells matter most: on Instance 9 the LP (405.67) staffs 68.33 nights in all
where a roster staffs a whole number, and "at most 68" lifts its bound to the optimum 439
at once, where branching on single cells did not in 60 s.

Each row has an artificial column at a high cost, so the restricted master stays feasible
after a branch its columns cannot meet yet; the Lagrangian bound (``tree``) never counts
artificials, so an infeasible branch simply prices out far above any roster.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from scheduler.shiftcover.model import OFF
from scheduler.shiftcover.solver.columns.master import Column, Master

INF = highspy.kHighsInf
ARTIFICIAL_COST = 10_000.0  # per unit of a branch row left unmet by schedules

Cell = tuple[int, str]  # (day, shift type)


@dataclass(frozen=True)
class BranchRow:
    """``cells`` are worked at least (``at_least``) or at most ``rhs`` times, by every
    staff member together or by ``staff`` alone."""

    cells: frozenset[Cell]
    at_least: bool
    rhs: int
    staff: int | None = None

    def coefficient(self, column: Column) -> int:
        """How many of the row's cells the column's schedule works."""
        return self.count(column.staff, worked(column))

    def count(self, staff: int, cells: frozenset[Cell]) -> int:
        """How many of the row's cells a schedule of ``staff`` working ``cells`` works."""
        if self.staff is not None and staff != self.staff:
            return 0
        return len(self.cells & cells)

    @property
    def sign(self) -> int:
        """The artificial's coefficient in the row: it makes up an "at least" row's sum and
        takes the excess off an "at most" row's."""
        return 1 if self.at_least else -1


def worked(column: Column) -> frozenset[Cell]:
    """The cells a column's schedule works (``OFF`` is no shift type's id)."""
    return frozenset((day, shift) for day, shift in enumerate(column.schedule) if shift != OFF)


class BranchRows:
    """The rows of one node of the tree on the master LP, after its cover and staff rows;
    ``apply`` replaces them, ``add`` adds a schedule column with its entries in them, and
    ``clear`` leaves the master as column generation knows it (artificials stay, fixed at
    zero and in no row)."""

    def __init__(self, master: Master) -> None:
        self.master = master
        self.first = master.covers + len(master.problem.staff)
        self.rows: tuple[BranchRow, ...] = ()
        self.artificials: list[int] = []
        self._worked: list[frozenset[Cell]] = []  # per master column, filled as needed

    def apply(self, rows: tuple[BranchRow, ...]) -> None:
        lp = self.master.lp
        self.clear()
        columns = self.master.columns
        self._worked.extend(worked(c) for c in columns[len(self._worked) :])
        for row in rows:
            entries = [
                (position, float(a))
                for column, cells, position in zip(
                    columns, self._worked, self.master.positions, strict=True
                )
                if (a := row.count(column.staff, cells))
            ]
            low, high = (float(row.rhs), INF) if row.at_least else (-INF, float(row.rhs))
            index = np.array([p for p, _ in entries], dtype=np.int32)
            lp.addRow(low, high, len(entries), index, np.array([a for _, a in entries]))
        while len(self.artificials) < len(rows):
            lp.addCol(ARTIFICIAL_COST, 0.0, 0.0, 0, np.array([], dtype=np.int32), np.array([]))
            self.artificials.append(lp.getNumCol() - 1)
        for offset, row in enumerate(rows):
            column = self.artificials[offset]
            lp.changeCoeff(self.first + offset, column, float(row.sign))
            lp.changeColBounds(column, 0.0, INF)
        self.rows = rows

    def clear(self) -> None:
        lp = self.master.lp
        if self.rows:
            count = len(self.rows)
            lp.deleteRows(count, np.arange(self.first, self.first + count, dtype=np.int32))
        for column in self.artificials:
            lp.changeColBounds(column, 0.0, 0.0)
        self.rows = ()

    def add(self, staff: int, schedule: tuple[str, ...]) -> bool:
        """``Master.add``, with the new column's entries in the node's rows."""
        if not self.master.add(staff, schedule):
            return False
        column, position = self.master.columns[-1], self.master.positions[-1]
        for offset, row in enumerate(self.rows):
            if a := row.coefficient(column):
                self.master.lp.changeCoeff(self.first + offset, position, float(a))
        return True

    def unmet(self, values: list[float]) -> float:
        """How much of the node's rows the LP solution leaves to artificials."""
        used = self.artificials[: len(self.rows)]
        return float(np.asarray(values)[used].sum()) if used else 0.0
