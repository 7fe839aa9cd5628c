"""Progress lines of the full model: the bound shown is the best known, rising as the
solver's own bound rises past the one computed before it."""

from __future__ import annotations

import time

from scheduler.optimise.progress import ProgressCallback


def _callback(lines: list[str], own_bound: bool) -> ProgressCallback:
    callback = ProgressCallback("roster", time.monotonic(), lines.append, 100.0, own_bound)
    callback.objective = 150.0  # as if a roster of that cost had been reported
    return callback


def test_a_rise_of_the_solvers_bound_past_the_known_one_is_told() -> None:
    lines: list[str] = []
    callback = _callback(lines, own_bound=True)
    callback.on_bound(90.0)  # below the bound computed before the model: nothing new
    assert lines == []
    callback.on_bound(120.0)
    assert len(lines) == 1 and "bound 120" in lines[0] and "objective 150" in lines[0]


def test_a_solver_bound_that_does_not_bound_the_roster_is_not_shown() -> None:
    # Overtime left to the post-pass: the model's bound knows no overtime, so it proves nothing.
    lines: list[str] = []
    _callback(lines, own_bound=False).on_bound(120.0)
    assert lines == []
