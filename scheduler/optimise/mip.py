"""Solve a purely linear CP-SAT model with an LP-based MIP solver (HiGHS, through OR-Tools).

The aggregate model is an integer program whose LP relaxation is tight; CP-SAT with two
workers lacks the LP-driven search to close it quickly, while a MIP solver proves optimality
in a second or two. The model is still written once with the CP-SAT API; this bridge reads its
proto, so the rule modules stay shared.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

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
    rows = [_add_constraint(solver, variables, ct, i) for i, ct in enumerate(proto.constraints)]
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


def _add_constraint(
    solver: pywraplp.Solver, variables: list, ct, index: int
) -> pywraplp.Constraint:
    kind = next((k for k in ("at_most_one", "exactly_one") if getattr(ct, f"has_{k}")()), None)
    if kind is not None and not len(ct.enforcement_literal):
        literals = getattr(ct, kind).literals
        if any(lit < 0 for lit in literals):
            raise ValueError(f"constraint {index} has a negated literal")
        row = solver.Constraint(1.0 if kind == "exactly_one" else 0.0, 1.0)
        for lit in literals:
            row.SetCoefficient(variables[lit], 1.0)
        return row
    if not ct.has_linear() or len(ct.enforcement_literal):
        raise ValueError(f"constraint {index} is not a plain linear constraint")
    domain = list(ct.linear.domain)
    if len(domain) != 2:
        raise ValueError(f"constraint {index} has a domain with holes")
    low = -solver.infinity() if domain[0] <= INT64_MIN else float(domain[0])
    high = solver.infinity() if domain[1] >= INT64_MAX else float(domain[1])
    row = solver.Constraint(low, high)
    for var, coef in zip(ct.linear.vars, ct.linear.coeffs, strict=True):
        row.SetCoefficient(variables[var], float(coef))
    return row


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
