"""HiGHS beside CP-SAT on a small instance's full per-agent model, from the same complete hint.

The full model is purely linear, and a MIP solver's LP-driven search does better on it than
CP-SAT with the same cores. Measured from the same 30-s search roster, 30 s each, 2-vCPU Xeon:
8 agents (one queue) CP-SAT with 2 workers 2,550 / bound 1,590, HiGHS on one thread 2,025 /
1,890 (a 600-s plan of the time ended at 2,130); 16 agents 3,240 / 2,595 against 2,985 /
2,565. (At 24-60 agents neither improved the search's roster in 30 s, and HiGHS found no
roster of its own at 60, which is why it only joins where the full model runs at all.)
So with two or more workers HiGHS takes one core in a thread (its solve releases the GIL)
and CP-SAT the rest; whichever ends first (proven, or at the known bound) stops the other.
In 60-s plans of eight generated instances of 8-16 agents (seed 0): rosters 18,330 against
19,365 with CP-SAT alone, better or equal on each; bounds 16,650 against 14,911. CP-SAT on
both cores with HiGHS as a third thread did worse at 30 s (8 agents: 2,430 against 1,965).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import highspy
import numpy as np
from ortools.sat.python import cp_model

from scheduler.optimise.mip import highs_model
from scheduler.optimise.patterns.generation import whole


class MipValues:
    """A HiGHS solution read like a ``CpSolver``'s (``value``), so the model's readers
    (``hints.read_assignment``, ``rules.overtime.read_overtime``) serve both."""

    def __init__(self, values: np.ndarray) -> None:
        self.values = np.rint(values).astype(np.int64)

    def value(self, var: cp_model.IntVar) -> int:
        return int(self.values[var.index])


class MipSearch:
    """HiGHS's branch and bound on ``model`` in a thread, started from the model's complete
    hint. ``heard(objective)`` is told each better roster and answers whether that one is
    good enough to stop (it meets a bound known from elsewhere), ``bound_heard(bound)`` the
    bound as the search goes (often, unfiltered); ``done()`` is called when
    HiGHS ends by itself (proven, good enough, or out of time), so the caller can stop its
    other search."""

    def __init__(
        self,
        model: cp_model.CpModel,
        seconds: float,
        seed: int,
        heard: Callable[[float], bool],
        bound_heard: Callable[[float], None],
        done: Callable[[], None],
    ) -> None:
        self._highs, self._offset, self._scale = highs_model(model)  # ValueError: not linear
        self._costs = np.array(self._highs.getLp().col_cost_)
        self._heard, self._bound_heard, self._done = heard, bound_heard, done
        self._stop = threading.Event()
        self.enough = False  # a roster met the bound known from elsewhere
        self._best: np.ndarray | None = None
        hint = model.proto.solution_hint
        start = np.zeros(len(model.proto.variables))
        start[list(hint.vars)] = list(hint.values)
        solution = highspy.HighsSolution()
        solution.col_value = list(start)
        solution.value_valid = True
        self._highs.setSolution(solution)
        for option, value in (
            ("time_limit", max(0.1, seconds)),
            ("threads", 1),
            ("random_seed", seed),
            ("mip_rel_gap", 0.0),
            ("mip_abs_gap", 1.0 - 1e-6),  # every cost is a whole number: under 1 is optimal
        ):
            self._highs.setOptionValue(option, value)
        self._highs.cbMipInterrupt += self._interrupt
        self._highs.cbMipImprovingSolution += self._improved
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def finish(self) -> tuple[MipValues | None, float | None, float | None]:
        """Stop HiGHS and return its best roster's values, that roster's objective and
        HiGHS's bound (in the CP-SAT objective's units; None where it has none)."""
        self._stop.set()
        self._thread.join()
        info = self._highs.getInfo()
        bound = self._bound(info.mip_dual_bound)
        if self._best is None:
            return None, None, bound
        values = MipValues(self._best)
        return values, self._objective(float(self._costs @ values.values)), bound

    def _run(self) -> None:
        self._highs.run()
        if not self._stop.is_set():
            self._done()

    def _interrupt(self, event) -> None:
        if self._stop.is_set() or self.enough:
            event.interrupt()
        elif (bound := self._bound(event.data_out.mip_dual_bound)) is not None:
            self._bound_heard(bound)

    def _improved(self, event) -> None:
        self._best = np.array(event.data_out.mip_solution)
        self.enough = self._heard(self._objective(event.data_out.objective_function_value))

    def _objective(self, value: float) -> float:
        return (value + self._offset) * self._scale

    def _bound(self, dual_bound: float) -> float | None:
        """HiGHS's dual bound as a bound on the roster's cost, rounded up as every cost is a
        whole number (HiGHS stops within a gap under one, short of the roster's cost)."""
        return whole(self._objective(dual_bound)) if np.isfinite(dual_bound) else None
