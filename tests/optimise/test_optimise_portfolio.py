"""The bound's process searching once its pattern LP has converged (``portfolio``): its
roster is legal, its cost is the validator's (the solve compares it with its own search's),
it stops by its deadline, and the solve keeps the cheaper roster."""

from __future__ import annotations

import time

import pytest

from scheduler.check import validate
from scheduler.generate import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance
from scheduler.optimise import SolveParams, solve
from scheduler.optimise.extract import build_roster
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.lp_start import weeks_by_weight
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.patterns.generation import generate as generate_patterns
from scheduler.optimise.portfolio import MIN_SECONDS, SearchPlan, search_weeks


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """10 agents: the pattern LP converges in about 5 s."""
    folder = tmp_path_factory.mktemp("portfolio")
    write_instance(folder, generate(GeneratorSpec(agents=10, seed=4)))
    return load_instance(folder)


def test_the_bound_process_search_returns_a_legal_roster_at_the_validators_cost(
    instance,
) -> None:
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    patterns = generate_patterns(builder, time.monotonic() + 60)
    assert patterns.converged and patterns.master is not None
    weeks = weeks_by_weight(patterns.master)
    until = time.monotonic() + MIN_SECONDS + 1.0
    found = search_weeks(
        builder, weeks, SearchPlan(seed=1, until=until, history=50, round_seconds=1)
    )
    assert found is not None
    assert time.monotonic() < until + 0.5  # a round's last moves and a sweep's last agent
    roster = build_roster(builder.catalogue, found.roster.assignment, found.roster.break_counts)
    report = validate(instance, roster)
    assert report.feasible
    assert report.costs["total"] == pytest.approx(found.cost)
    # Too little time left: no search at all.
    soon = SearchPlan(seed=1, until=time.monotonic() + 0.5, history=50, round_seconds=1)
    assert search_weeks(builder, weeks, soon) is None


def test_the_solve_keeps_the_cheaper_of_the_two_searches(instance) -> None:
    # The bound's process has ~5 s left to search (no day polish to take 30 % of the 12 s).
    params = SolveParams(time_limit=12, workers=2, full_model_limit=0, polish_share=0.0)
    result = solve(instance, params, printer=lambda _: None)
    assert result.stats.get("bound_search") == "done"
    theirs, ours = result.stats["bound_search_cost"]
    report = validate(instance, result.roster)
    assert report.feasible
    # Exact breaks or subscriptions may only lower the kept roster's cost further.
    assert report.costs["total"] <= min(theirs, ours) + 1e-6


def test_a_solve_done_early_does_not_wait_for_the_bound_process_search(instance) -> None:
    """At its gap target the solve stops; the bound's process, searching once its LP has
    converged, is stopped then instead of being waited for until its deadline."""
    params = SolveParams(time_limit=40, workers=2, full_model_limit=0, gap_target=10.0)
    result = solve(instance, params, printer=lambda _: None)
    assert validate(instance, result.roster).feasible
    assert result.stats.get("bound_patterns") == "converged"
    assert result.wall_seconds < 25  # the LP converges in about 5 s; the search would run to 35
