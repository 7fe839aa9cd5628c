"""A sparse linear programme, solved by HiGHS, whose bound holds whatever the solver's tolerances.

The bound is not the solver's objective but the Lagrangian dual value of the duals it returns:
for any multipliers (those of ``<=`` rows clamped to the right sign) the minimum of the
Lagrangian over the variables' box is a lower bound of the programme (weak duality), so a
slightly inexact dual costs a little bound and never validity. Every variable therefore needs
a finite upper bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import linprog


@dataclass
class Programme:
    """min cost @ x + constant, rows lower <= A x <= upper, 0 <= x <= upper bound."""

    cost: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    columns: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)
    constant: float = 0.0

    def variable(self, cost: float, upper: float) -> int:
        if not math.isfinite(upper) or upper < 0:
            raise ValueError(f"a variable needs a finite upper bound >= 0, not {upper}")
        self.cost.append(float(cost))
        self.upper.append(float(upper))
        return len(self.cost) - 1

    def row(self, terms: list[tuple[int, float]], lower: float, upper: float) -> None:
        index = len(self.row_lower)
        for column, value in terms:
            if value:
                self.rows.append(index)
                self.columns.append(column)
                self.values.append(float(value))
        self.row_lower.append(float(lower))
        self.row_upper.append(float(upper))

    @property
    def size(self) -> tuple[int, int, int]:
        """(variables, rows, non-zeros)."""
        return len(self.cost), len(self.row_lower), len(self.values)


@dataclass(frozen=True)
class Solved:
    status: str  # "optimal", or why there is no bound
    bound: float | None  # the Lagrangian bound, constant included
    objective: float | None  # the solver's own value, constant included
    values: np.ndarray | None = None  # the solver's point, one value per variable


def solve(programme: Programme, seconds: float) -> Solved:
    """Solve with HiGHS within ``seconds``; the bound from its duals (see the module text)."""
    matrix = sparse.csr_matrix(
        (programme.values, (programme.rows, programme.columns)),
        shape=(len(programme.row_lower), len(programme.cost)),
    )
    cost, box = np.asarray(programme.cost), np.asarray(programme.upper)
    used = box > 0  # a variable fixed at 0 adds nothing, whatever its reduced cost
    matrix, cost, box = matrix[:, used], cost[used], box[used]
    if not used.any():  # nothing to decide: the rows hold at 0 or nothing does
        lower, upper = np.asarray(programme.row_lower), np.asarray(programme.row_upper)
        if np.all(lower <= 0) and np.all(upper >= 0):
            return Solved("optimal", programme.constant, programme.constant)
        return Solved("infeasible", None, None)
    lower, upper = np.asarray(programme.row_lower), np.asarray(programme.row_upper)
    equal = lower == upper
    above, below = ~equal & np.isfinite(upper), ~equal & np.isfinite(lower)
    a_ub = sparse.vstack([matrix[above], -matrix[below]]).tocsr()
    b_ub = np.concatenate([upper[above], -lower[below]])
    a_eq, b_eq = matrix[equal], lower[equal]
    result = linprog(
        cost,
        A_ub=a_ub if a_ub.shape[0] else None,
        b_ub=b_ub if a_ub.shape[0] else None,
        A_eq=a_eq if a_eq.shape[0] else None,
        b_eq=b_eq if a_eq.shape[0] else None,
        bounds=np.column_stack([np.zeros_like(box), box]),
        method="highs-ipm",
        options={"time_limit": max(0.1, seconds), "presolve": True},
    )
    if result.status != 0 or result.x is None:
        return Solved(f"no LP optimum ({result.message})", None, None)
    ub_duals = np.minimum(result.ineqlin.marginals, 0.0) if a_ub.shape[0] else np.zeros(0)
    eq_duals = result.eqlin.marginals if a_eq.shape[0] else np.zeros(0)
    bound = _lagrangian(cost, box, a_ub, b_ub, -ub_duals, a_eq, b_eq, -eq_duals)
    values = np.zeros(len(programme.cost))
    values[used] = result.x
    return Solved("optimal", bound + programme.constant, result.fun + programme.constant, values)


def _lagrangian(cost, box, a_ub, b_ub, ub_multipliers, a_eq, b_eq, eq_multipliers) -> float:
    """min over 0 <= x <= box of cost x + l (A_ub x - b_ub) + m (A_eq x - b_eq), l >= 0, less
    a margin for floating-point rounding."""
    reduced = cost.copy()
    if a_ub.shape[0]:
        reduced += a_ub.T @ ub_multipliers
    if a_eq.shape[0]:
        reduced += a_eq.T @ eq_multipliers
    parts = [
        np.minimum(reduced, 0.0) * box,
        -(ub_multipliers * b_ub) if a_ub.shape[0] else np.zeros(0),
        -(eq_multipliers * b_eq) if a_eq.shape[0] else np.zeros(0),
    ]
    total = float(sum(p.sum() for p in parts))
    scale = float(sum(np.abs(p).sum() for p in parts)) + float(np.abs(reduced * box).sum())
    return total - 1e-9 * scale - 1e-6
