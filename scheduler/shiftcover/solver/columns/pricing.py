"""Pricing: one staff member's cheapest schedule under prices on the cover rows, exactly.

A schedule is the staff member's shift per day (``OFF`` or a shift type). The model of one
staff member is the whole model's own rule modules (``build.RULES`` without cover) applied
to a problem holding only that staff member, so the schedules pricing may return are exactly
the rows the whole model (and so the scorer) allows: days off, shifts per type, total
minutes, the run automaton with weekends, cannot-follow. Its objective is the request cost
less what each shift earns on the cover rows.

Why CP-SAT and integer prices: the Lagrangian bound needs the *proven* minimum, and CP-SAT
proves it on 28 days x a few types in milliseconds. Prices are integers (the master's duals
times ``SCALE``, rounded by the caller), so CP-SAT solves the very objective the bound uses
and no floating-point tolerance of the solver can spoil the proof.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat import sat_parameters_pb2
from ortools.sat.python import cp_model

from scheduler.shiftcover.model import OFF, ShiftCoverProblem, Staff
from scheduler.shiftcover.solver import variables
from scheduler.shiftcover.solver.build import RULES
from scheduler.shiftcover.solver.context import SolverContext

Schedule = tuple[str, ...]  # one entry per day, OFF or a shift type id
Prices = dict[tuple[int, str], int]  # (day, shift) -> integer price, SCALE x the dual


@dataclass
class Priced:
    """What one pricing call found: the proven minimum and the schedules seen on the way."""

    optimal: bool  # ``value`` is proven minimal, or (value None) no schedule exists
    value: int | None  # min over schedules of SCALE x request cost - prices earned
    schedules: list[Schedule] = field(default_factory=list)  # best last


def single_staff_problem(problem: ShiftCoverProblem, staff: Staff) -> ShiftCoverProblem:
    """``problem`` cut down to ``staff``: their days off and requests, no cover."""
    own = {staff.id: problem.days_off[staff.id]} if staff.id in problem.days_off else {}
    return ShiftCoverProblem(
        name=f"{problem.name}:{staff.id}",
        days=problem.days,
        shift_types=problem.shift_types,
        staff=(staff,),
        days_off=own,
        on_requests=tuple(r for r in problem.on_requests if r.staff == staff.id),
        off_requests=tuple(r for r in problem.off_requests if r.staff == staff.id),
    )


def request_cost(problem: ShiftCoverProblem, staff: str, schedule: Schedule) -> int:
    """The schedule's share of the objective: its unmet on- and violated off-requests."""
    on = sum(
        r.weight for r in problem.on_requests if r.staff == staff and schedule[r.day] != r.shift
    )
    off = sum(
        r.weight for r in problem.off_requests if r.staff == staff and schedule[r.day] == r.shift
    )
    return on + off


class StaffPricer:
    """One staff member's model, built once; each call only replaces the objective."""

    def __init__(self, problem: ShiftCoverProblem, staff: Staff, scale: int) -> None:
        self.staff = staff
        self.scale = scale
        self.ctx = SolverContext(single_staff_problem(problem, staff))
        variables.build(self.ctx)
        for family, build in RULES.items():
            if family != "cover":
                build(self.ctx)
        self.requests = sum(term.weight * term.expr for term in self.ctx.terms)
        self.days = problem.days

    def price(self, prices: Prices, limit: float) -> Priced:
        """Minimise SCALE x request cost - sum of the prices of the shifts worked."""
        model = self.ctx.model
        earned = [
            prices[day, shift] * var
            for (_, day, shift), var in self.ctx.x.items()
            if prices.get((day, shift), 0)
        ]
        model.minimize(self.scale * self.requests - sum(earned))
        solver = cp_model.CpSolver()
        _configure(solver.parameters, limit)
        seen = _Collector(self)
        code = solver.solve(model, seen)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Priced(optimal=code == cp_model.INFEASIBLE, value=None)
        best = self.read(solver)
        schedules = [s for s in seen.schedules if s != best] + [best]
        optimal = code == cp_model.OPTIMAL
        return Priced(optimal, round(solver.objective_value), schedules)

    def read(self, solver: cp_model.CpSolver | cp_model.CpSolverSolutionCallback) -> Schedule:
        shifts = [OFF] * self.days
        for (_, day, shift), var in self.ctx.x.items():
            if solver.boolean_value(var):
                shifts[day] = shift
        return tuple(shifts)


def _configure(parameters: sat_parameters_pb2.SatParameters, limit: float) -> None:
    """One worker, the full LP, no presolve. Measured on 12 staff of Instance9 (one thread,
    zero prices / random prices): defaults 0.48 s / 6.6 s; full LP 0.74 / 1.15; full LP
    without presolve 0.29 / 0.75 (presolve costs more than it saves on a model this small)."""
    parameters.num_workers = 1
    parameters.max_time_in_seconds = limit
    parameters.linearization_level = 2
    parameters.cp_model_presolve = False


class _Collector(cp_model.CpSolverSolutionCallback):
    """Every improving schedule the search passes: extra columns at no extra solve."""

    def __init__(self, pricer: StaffPricer) -> None:
        super().__init__()
        self.pricer = pricer
        self.schedules: list[Schedule] = []

    def on_solution_callback(self) -> None:
        self.schedules.append(self.pricer.read(self))
