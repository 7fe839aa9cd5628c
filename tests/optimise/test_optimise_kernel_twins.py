"""The compiled best-response sweep (``optimise.kernel.respond``) and break re-placement
(``optimise.kernel.rebalance``) are their Python twins: from the same roster they leave the
same shifts and breaks, and the roster costs what the validator says."""

from __future__ import annotations

import pytest

from scheduler.check import validate
from scheduler.optimise.best_response import BestResponse
from scheduler.optimise.extract import build_roster
from scheduler.optimise.kernel.rebalance import rebalance_breaks
from scheduler.optimise.kernel.respond import compile_sweep, pack_responder
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.roster_state import snapshot
from tests.optimise.kernel_kit import greedy_start


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_the_compiled_sweep_is_the_python_sweep(request, which: str) -> None:
    instance = request.getfixturevalue(which)
    warm = greedy_start(instance)
    compile_sweep(warm, LateAcceptance(warm, seed=0).problem())
    responses = {}
    for engine in ("python", "compiled"):
        builder = greedy_start(instance)
        search = LateAcceptance(builder, seed=0)
        response = BestResponse(search, seed=2)
        if engine == "python":
            response._sweep_compiled = lambda *_: None
        improved = [response.sweep(float("inf")) for _ in range(3)]
        assert response.sweeps[engine] == 3
        state = snapshot(builder)
        responses[engine] = (improved, state.assignment, state.break_counts)
        report = validate(
            instance, build_roster(builder.catalogue, state.assignment, state.break_counts)
        )
        assert report.feasible, report.violations[:3]
        assert report.costs["total"] == pytest.approx(search.total())
    assert responses["compiled"] == responses["python"]
    assert sum(responses["compiled"][0]) > 0  # the sweeps changed the roster


def test_agents_whose_prior_shift_blocks_day_zero_get_their_own_rest_classes(demo):
    """The responder keeps one DP layer per earliest first-day start, as the grid does (the
    demo's agents whose shift before the horizon ended at 22:00 cannot start at 08:00)."""
    builder = greedy_start(demo)
    responder = pack_responder(builder)
    assert len(set(responder.layer.tolist())) == responder.classes.shape[0] >= 2


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_the_compiled_break_pass_is_the_builders(request, which: str) -> None:
    """After late acceptance (which places each break where it harms least when its shift
    is placed, so later shifts leave better places), one pass moves breaks, the same ones."""
    instance = request.getfixturevalue(which)
    rosters = {}
    for engine in ("python", "compiled"):
        builder = greedy_start(instance)
        search = LateAcceptance(builder, seed=0)
        search.run(float("inf"), max_moves=100_000)
        before = snapshot(builder)
        if engine == "python":
            builder.rebalance_breaks(passes=1)
        else:
            assert rebalance_breaks(builder, search.problem(), passes=1, wait=True)
        rosters[engine] = snapshot(builder)
        assert rosters[engine].break_counts != before.break_counts
        assert rosters[engine].assignment == before.assignment
        state = rosters[engine]
        report = validate(
            instance, build_roster(builder.catalogue, state.assignment, state.break_counts)
        )
        assert report.feasible, report.violations[:3]
        assert report.costs["total"] == pytest.approx(search.total())
    assert rosters["compiled"] == rosters["python"]
