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
    """Reports each better roster (the solver's own or, through ``on_roster``, another
    search's on the same model) and, through ``on_bound`` (``solver.best_bound_callback``),
    each rise of the bound. The bound shown is the best known: the one given (computed
    before the model) or the model's, whichever is higher, when ``own_bound`` says the
    model's bounds the roster's cost. A solution that meets the given bound is optimal, so
    the search stops there instead of running on to prove what is already proven
    (``stopped`` then says so)."""

    def __init__(
        self,
        stage: str,
        started: float,
        printer: Printer,
        lower_bound: float | None,
        own_bound: bool = False,
    ):
        super().__init__()
        self.stage = stage
        self.started = started
        self.printer = printer
        self.lower_bound = lower_bound
        self.own_bound = own_bound
        self.last_print = 0.0
        self.stopped = False
        self.objective: float | None = None
        self.told_bound = lower_bound

    def on_solution_callback(self) -> None:
        objective = self.objective_value
        if self.meets(objective):
            self.stopped = True
            self.stop_search()
        if self.objective is None or objective < self.objective:
            self.objective = objective
            self._tell(self.best_objective_bound, force=self.stopped)

    def on_roster(self, stage: str, objective: float) -> bool:
        """A roster of the same model found by another search (``mip_search``): told under
        its own stage; True when it meets the bound given, so that search may stop."""
        if self.objective is None or objective < self.objective:
            self.objective = objective
            elapsed = time.monotonic() - self.started
            self.printer(format_progress(stage, objective, self.told_bound, elapsed))
        return self.meets(objective)

    def meets(self, objective: float) -> bool:
        """Whether a roster of this cost meets the bound given, so is optimal."""
        return self.lower_bound is not None and objective <= self.lower_bound + 1e-6

    def on_bound(self, bound: float) -> None:
        """A bound of the model rose (the solver's, or another search's): worth a line when
        it raises the best bound known."""
        if self.own_bound and self.objective is not None:
            self._tell(bound, force=False, news=self.told_bound is None or bound > self.told_bound)

    def _tell(self, solver_bound: float, force: bool, news: bool = True) -> None:
        now = time.monotonic()
        if not news or (now - self.last_print < 0.5 and not force):
            return
        self.last_print = now
        known = [b for b in (self.told_bound, self.lower_bound) if b is not None]
        if self.own_bound or not known:
            known.append(solver_bound)
        self.told_bound = max(known)
        elapsed = now - self.started
        self.printer(format_progress(self.stage, self.objective, self.told_bound, elapsed))


def format_progress(stage: str, objective: float, bound: float | None, elapsed: float) -> str:
    if not bound:
        return f"[{elapsed:7.1f}s] {stage:<10} objective {objective:,.0f}"
    gap = (objective - bound) / bound if bound > 0 else 0.0
    return (
        f"[{elapsed:7.1f}s] {stage:<10} objective {objective:,.0f}  bound {bound:,.0f}  "
        f"gap {100 * gap:.2f}%"
    )
