"""Solve a purely linear CP-SAT model with an LP-based MIP solver (HiGHS, through OR-Tools or
``highspy``).

The aggregate model is an integer program whose LP relaxation is tight; CP-SAT with two
workers lacks the LP-driven search to close it quickly, while a MIP solver proves optimality
in a second or two. The model is still written once with the CP-SAT API; this bridge reads its
proto, so the rule modules stay shared. ``highs_model`` gives the same rows to ``highspy``
(HiGHS 1.16 rather than OR-Tools' older build), whose solve releases the GIL and can start
from a complete solution (``mip_search``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import highspy
import numpy as np
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from scheduler.lp import quiet_highs

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


@dataclass(frozen=True)
class MipResult:
    status: str  # "optimal", "feasible", "infeasible" or "unknown"
    objective: float | None
    bound: float | None
    values: list[float]
    duals: tuple[float, ...] = ()  # the rows' duals (LP relaxation only), in row order


def solve_linear(
    model: cp_model.CpModel,
    time_limit: float,
    threads: int = 1,
    backend: str = "HIGHS",
    relax: bool = False,
    parameters: str = "",
) -> MipResult:
    """Solve the model as a MIP, or with ``relax`` its LP relaxation (values then rounded);
    ``parameters`` in the backend's own text format."""
    proto = model.proto
    solver = pywraplp.Solver.CreateSolver(backend)
    if solver is None:
        raise RuntimeError(f"OR-Tools was built without the {backend} solver")
    # list() first: the proto's repeated fields do not support negative indices.
    domains = [list(v.domain) for v in proto.variables]
    make = solver.NumVar if relax else solver.IntVar
    variables = [make(float(d[0]), float(d[-1]), f"v{i}") for i, d in enumerate(domains)]
    rows = [_add_constraint(solver, variables, row) for row in linear_rows(proto)]
    _set_objective(solver, variables, proto.objective)
    solver.SetTimeLimit(max(1, int(time_limit * 1000)))
    if parameters and not solver.SetSolverSpecificParametersAsString(parameters):
        raise ValueError(f"{backend} rejected the parameters {parameters!r}")
    solver.SetNumThreads(threads)

    status = solver.Solve()
    result = _result(solver, variables, proto.objective, status)
    if relax and result.objective is not None:
        scale = proto.objective.scaling_factor or 1.0
        result = replace(result, duals=tuple(row.dual_value() * scale for row in rows))
    return result


def linear_rows(proto) -> list[tuple[float, float, list[int], list[float]]]:
    """Every constraint as (low, high, variables, coefficients), infinite bounds as +-inf."""
    return [_row(ct, i) for i, ct in enumerate(proto.constraints)]


def _row(ct, index: int) -> tuple[float, float, list[int], list[float]]:
    kind = next((k for k in ("at_most_one", "exactly_one") if getattr(ct, f"has_{k}")()), None)
    if kind is not None and not len(ct.enforcement_literal):
        literals = list(getattr(ct, kind).literals)
        if any(lit < 0 for lit in literals):
            raise ValueError(f"constraint {index} has a negated literal")
        return (1.0 if kind == "exactly_one" else 0.0), 1.0, literals, [1.0] * len(literals)
    if not ct.has_linear() or len(ct.enforcement_literal):
        raise ValueError(f"constraint {index} is not a plain linear constraint")
    domain = list(ct.linear.domain)
    if len(domain) != 2:
        raise ValueError(f"constraint {index} has a domain with holes")
    low = -math.inf if domain[0] <= INT64_MIN else float(domain[0])
    high = math.inf if domain[1] >= INT64_MAX else float(domain[1])
    return low, high, list(ct.linear.vars), [float(c) for c in ct.linear.coeffs]


def _add_constraint(
    solver: pywraplp.Solver, variables: list, row: tuple[float, float, list[int], list[float]]
) -> pywraplp.Constraint:
    low, high, indices, coefficients = row
    low = -solver.infinity() if low == -math.inf else low
    high = solver.infinity() if high == math.inf else high
    constraint = solver.Constraint(low, high)
    for var, coef in zip(indices, coefficients, strict=True):
        constraint.SetCoefficient(variables[var], coef)
    return constraint


def highs_model(model: cp_model.CpModel) -> tuple[highspy.Highs, float, float]:
    """The model as an integer program in a quiet ``highspy.Highs``, with the CP-SAT
    objective's offset and scaling factor (HiGHS's objective plus the offset, times the
    factor, is the CP-SAT objective)."""
    proto = model.proto
    domains = [list(v.domain) for v in proto.variables]
    count = len(domains)
    highs = quiet_highs()
    highs.addVars(
        count, np.array([d[0] for d in domains], float), np.array([d[-1] for d in domains], float)
    )
    costs = np.zeros(count)
    np.add.at(costs, list(proto.objective.vars), list(proto.objective.coeffs))
    every = np.arange(count, dtype=np.int32)
    highs.changeColsCost(count, every, costs)
    highs.changeColsIntegrality(count, every, np.full(count, highspy.HighsVarType.kInteger))
    rows = linear_rows(proto)
    if rows:
        starts = np.cumsum([0] + [len(r[2]) for r in rows[:-1]], dtype=np.int32)
        highs.addRows(
            len(rows),
            np.array([r[0] for r in rows], float),
            np.array([r[1] for r in rows], float),
            int(sum(len(r[2]) for r in rows)),
            starts,
            np.array([v for r in rows for v in r[2]], dtype=np.int32),
            np.array([c for r in rows for c in r[3]], float),
        )
    return highs, float(proto.objective.offset), proto.objective.scaling_factor or 1.0


def _set_objective(solver: pywraplp.Solver, variables: list, objective) -> None:
    target = solver.Objective()
    for var, coef in zip(objective.vars, objective.coeffs, strict=True):
        target.SetCoefficient(variables[var], float(coef))
    target.SetOffset(float(objective.offset))
    target.SetMinimization()


def _result(solver: pywraplp.Solver, variables: list, objective, status: int) -> MipResult:
    names = {
        pywraplp.Solver.OPTIMAL: "optimal",
        pywraplp.Solver.FEASIBLE: "feasible",
        pywraplp.Solver.INFEASIBLE: "infeasible",
    }
    name = names.get(status, "unknown")
    if name not in ("optimal", "feasible"):
        return MipResult(name, None, None, [])
    scale = objective.scaling_factor or 1.0
    values = [v.solution_value() for v in variables]
    bound = solver.Objective().BestBound() * scale if status != pywraplp.Solver.OPTIMAL else None
    bound = bound if bound is not None else solver.Objective().Value() * scale
    value = solver.Objective().Value() * scale
    return MipResult(name, value, min(bound, value), values)
