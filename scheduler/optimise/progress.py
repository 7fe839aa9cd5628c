"""Progress lines while solving: stage, objective, bound, gap, elapsed.

Long solves must show they are alive; one line per improvement, at most a few per second.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

Printer = Callable[[str], None]


def stderr_printer(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def silent(line: str) -> None:
    del line


class ProgressCallback(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution with the bound known to the solver at that moment."""

    def __init__(self, stage: str, started: float, printer: Printer, lower_bound: float | None):
        super().__init__()
        self.stage = stage
        self.started = started
        self.printer = printer
        self.lower_bound = lower_bound
        self.last_print = 0.0

    def on_solution_callback(self) -> None:
        now = time.monotonic()
        if now - self.last_print < 0.5:
            return
        self.last_print = now
        objective = self.objective_value
        bound = self.lower_bound if self.lower_bound is not None else self.best_objective_bound
        self.printer(format_progress(self.stage, objective, bound, now - self.started))


def format_progress(stage: str, objective: float, bound: float | None, elapsed: float) -> str:
    if not bound:
        return f"[{elapsed:7.1f}s] {stage:<10} objective {objective:,.0f}"
    gap = (objective - bound) / bound if bound > 0 else 0.0
    return (
        f"[{elapsed:7.1f}s] {stage:<10} objective {objective:,.0f}  bound {bound:,.0f}  "
        f"gap {100 * gap:.2f}%"
    )
