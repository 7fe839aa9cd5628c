"""The compiled late acceptance (``optimise.kernel``): the roster it leaves is the one the
validator costs, the same seed and budget give the same roster, and what it cannot price
stays with the Python moves.

A move that left a trace on undo (a break unit at another offset, a paid minute) would make
the arrays' cost drift from the roster's, so each test compares the cost the search returns
with the validator's after thousands of accepted and rejected moves.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from scheduler.check import validate
from scheduler.optimise.extract import build_roster
from scheduler.optimise.kernel.arrays import pack_problem, pack_state, unpack_state
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.roster_state import RosterBuilder, snapshot
from tests.optimise.kernel_kit import greedy_start


def _validated(instance, builder: RosterBuilder):
    state = snapshot(builder)
    roster = build_roster(builder.catalogue, state.assignment, state.break_counts)
    return validate(instance, roster)


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_the_compiled_search_returns_the_validators_cost(request, which: str) -> None:
    instance = request.getfixturevalue(which)
    builder = greedy_start(instance)
    search = LateAcceptance(builder, seed=1)
    assert search.compiled
    start = search.total()
    best = search.run(deadline=float("inf"), max_moves=200_000)
    assert search.runs == {"compiled": 1, "python": 0}
    assert best < start
    report = _validated(instance, builder)
    assert report.feasible, report.violations[:3]
    assert report.costs["total"] == pytest.approx(best)
    if which == "generated":
        assert any(builder.request_cost.values())


def test_a_budget_gives_the_same_roster_twice(demo) -> None:
    rosters = []
    for _ in range(2):
        builder = greedy_start(demo)
        LateAcceptance(builder, seed=4).run(deadline=float("inf"), max_moves=50_000)
        rosters.append(snapshot(builder).assignment)
    assert rosters[0] == rosters[1]


def test_packing_and_unpacking_keep_the_roster(demo) -> None:
    builder = greedy_start(demo)
    before = snapshot(builder)
    residual = builder.residual.copy()
    problem = pack_problem(builder, [1] * 7)
    state = pack_state(builder, problem)
    assert state is not None
    unpack_state(builder, problem, state)
    after = snapshot(builder)
    assert after.assignment == before.assignment
    assert after.break_counts == before.break_counts
    assert np.array_equal(builder.residual, residual)


def test_what_the_kernel_cannot_price_stays_with_python(demo) -> None:
    """Fairness depends on every agent's count: the compiled moves leave it out, so such an
    instance runs the Python moves, and the validator still agrees."""
    rules = demo.rules.model_copy(update={"late_shift_end_minute": 18 * 60})
    costs = demo.costs.model_copy(update={"fairness_per_shift": 200})
    fair = demo.model_copy(update={"rules": rules, "costs": costs})
    builder = greedy_start(fair)
    search = LateAcceptance(builder, seed=3)
    assert not search.compiled
    best = search.run(deadline=float("inf"), max_moves=2000)
    assert search.runs == {"compiled": 0, "python": 1}
    assert _validated(fair, builder).costs["total"] == pytest.approx(best)


def test_ready_loads_but_never_compiles() -> None:
    """``compiled.ready`` is true only for code already in the process or numba's cache: a
    function never compiled (and without a cache) is not ready until it is compiled."""
    from numba import njit

    from scheduler.optimise.kernel import compiled

    @njit
    def twice(x):
        return 2 * x

    assert not compiled.ready(((twice, (3,)),))
    assert twice(3) == 6
    assert compiled.ready(((twice, (3,)),))


def test_a_timed_search_runs_python_moves_until_the_loop_is_compiled(demo, monkeypatch) -> None:
    """Without a move budget the search does not wait for a compile: it runs the Python
    moves and asks for the compile in the background."""
    from scheduler.optimise.kernel import compiled

    asked = []
    monkeypatch.setattr(compiled, "ready", lambda calls: False)
    monkeypatch.setattr(compiled, "warm_in_background", lambda: asked.append(True))
    builder = greedy_start(demo)
    search = LateAcceptance(builder, seed=2)
    best = search.run(deadline=time.monotonic() + 0.5)
    assert search.runs == {"compiled": 0, "python": 1}
    assert asked == [True]
    assert _validated(demo, builder).costs["total"] == pytest.approx(best)


def test_the_loops_cache_goes_stale_with_any_kernel_file() -> None:
    """Numba's own stamp is the function's file alone; the loop's machine code holds the
    moves too, so its stamp must cover every kernel file."""
    from scheduler.optimise.kernel import loop
    from scheduler.optimise.kernel.cache_stamp import KERNEL

    stamp = loop.run_chunk._cache._impl._locator.get_source_stamp()
    assert {name for name, _, _ in stamp} == {path.name for path in KERNEL.glob("*.py")}
    assert "moves.py" in {name for name, _, _ in stamp}
