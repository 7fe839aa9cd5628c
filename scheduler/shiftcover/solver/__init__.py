"""CP-SAT solver for shift-cover problems: one module per rule family in ``rules/``."""

from scheduler.shiftcover.solver.params import SolverParams
from scheduler.shiftcover.solver.result import ShiftCoverResult, SolveStatus
from scheduler.shiftcover.solver.solve import solve

__all__ = ["ShiftCoverResult", "SolveStatus", "SolverParams", "solve"]
