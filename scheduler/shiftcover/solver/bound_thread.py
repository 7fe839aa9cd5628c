"""The whole CP-SAT model on one worker with the full LP, in a background thread: the bound
beside the roster search of strategies ``lns`` and ``columns``.

The full LP (``linearization_level=2``) is what proves this family's optima (see
``params.SolverParams.subsolvers``); on its own worker it keeps improving the bound while
the other workers search for rosters, and it may prove its own roster optimal first.
"""

from __future__ import annotations

import math
import threading

from ortools.sat.python import cp_model

from scheduler.shiftcover.model import ShiftCoverRoster
from scheduler.shiftcover.solver import run_cpsat
from scheduler.shiftcover.solver.context import SolverContext
from scheduler.shiftcover.solver.params import SolverParams


class WholeModelBound:
    """Started on construction for ``limit`` seconds; ``finish`` stops it and returns its
    run (roster and bound); ``bound`` follows CP-SAT's best bound meanwhile."""

    def __init__(
        self, ctx: SolverContext, params: SolverParams, hint: ShiftCoverRoster | None, limit: float
    ) -> None:
        self.bound: int | None = None
        self.solver = cp_model.CpSolver()
        self.solver.best_bound_callback = self._on_bound
        self.run: run_cpsat.CpSatRun | None = None
        model = ctx.model.clone()
        if hint is not None:
            run_cpsat.add_hint(ctx, model, hint)
        one = params.model_copy(update={"workers": 1, "linearization_level": 2, "subsolvers": ()})

        def work() -> None:
            self.run = run_cpsat.run(ctx, model, one, max(0.01, limit), solver=self.solver)

        self.thread = threading.Thread(target=work, daemon=True)
        self.thread.start()

    def _on_bound(self, value: float) -> None:
        self.bound = math.ceil(value - 1e-6)

    def done(self) -> bool:
        """The whole model has finished: its roster proven optimal, or the instance
        infeasible."""
        return not self.thread.is_alive()

    def caught_up(self, objective: int) -> bool:
        """Stop the roster search: the bound proves ``objective`` optimal, or the whole
        model has finished."""
        return self.done() or (self.bound is not None and objective <= self.bound)

    def finish(self) -> run_cpsat.CpSatRun:
        self.solver.stop_search()
        self.thread.join()
        assert self.run is not None
        return self.run
