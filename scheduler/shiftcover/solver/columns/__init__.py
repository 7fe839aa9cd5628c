"""Column generation over per-staff schedules: a Lagrangian lower bound from an LP master
solved by HiGHS with exact pricing, raised by branch-and-price and a closing, and rosters
from a dive, a MIP over the generated columns and whole-model LNS. Strategy ``columns`` of
``solver.solve``."""

from scheduler.shiftcover.solver.columns.strategy import solve_columns

__all__ = ["solve_columns"]
