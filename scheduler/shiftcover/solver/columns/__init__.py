"""Column generation over per-staff schedules ("price-and-branch"): a Lagrangian lower bound
from an LP master solved by HiGHS with exact CP-SAT pricing, and rosters from a MIP over the
generated columns and whole-model LNS. Strategy ``columns`` of ``solver.solve``."""

from scheduler.shiftcover.solver.columns.strategy import solve_columns

__all__ = ["solve_columns"]
