"""Large-neighbourhood search and the first-roster repair: every roster they hand on keeps the
hard limits by the independent scorer, LNS never makes the scored objective worse, and the
deterministic variants repeat for a seed."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from shiftcover_kit import CURTOIS, brute_force, tiny
from test_shiftcover_solver import tiny_problems

from scheduler.shiftcover import ShiftCoverProblem, check, read_problem
from scheduler.shiftcover.solver import SolverParams, SolveStatus, solve
from scheduler.shiftcover.solver.build import build_model
from scheduler.shiftcover.solver.first_roster import repair
from scheduler.shiftcover.solver.greedy import greedy_roster
from scheduler.shiftcover.solver.lns import improve
from scheduler.shiftcover.solver.neighbourhood import draw, initial_sizes

DETERMINISTIC = SolverParams(time_limit=2, workers=1, seed=7, deterministic=True)


def _start(problem: ShiftCoverProblem):  # noqa: ANN202 - a (context, roster) pair
    ctx = build_model(problem)
    found = repair(ctx, greedy_roster(problem), DETERMINISTIC, 2.0)
    return ctx, found.roster


def test_first_roster_keeps_every_hard_limit() -> None:
    problem = tiny()
    _, roster = _start(problem)
    assert roster is not None and check(problem, roster).feasible


@pytest.mark.skipif(not (CURTOIS / "Instance2.txt").exists(), reason="shared instances absent")
def test_lns_never_worsens_a_benchmark_roster() -> None:
    """On Instance2 (14 staff, 2 types): the objective after each step is the best so far,
    never above the start, and the final roster keeps every hard limit."""
    problem = read_problem(CURTOIS / "Instance2.txt")
    ctx, roster = _start(problem)
    assert roster is not None
    start = check(problem, roster).objective
    outcome = improve(ctx, roster, DETERMINISTIC, budget=0.5)
    assert outcome.steps >= 1
    assert all(b <= a for a, b in zip([start, *outcome.history], outcome.history, strict=False))
    report = check(problem, outcome.roster)
    assert report.feasible and report.objective == outcome.objective <= start


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_lns_result_is_feasible_and_never_below_the_optimum(problem: ShiftCoverProblem) -> None:
    optimum, _ = brute_force(problem)
    if optimum is None:
        return
    ctx, roster = _start(problem)
    assert roster is not None
    outcome = improve(ctx, roster, DETERMINISTIC, budget=0.2)
    report = check(problem, outcome.roster)
    assert report.feasible
    assert optimum <= outcome.objective <= check(problem, roster).objective


def test_lns_repeats_for_a_seed_in_deterministic_mode() -> None:
    problem = tiny()
    ctx, roster = _start(problem)
    assert roster is not None
    first = improve(ctx, roster, DETERMINISTIC, budget=0.3)
    second = improve(ctx, roster, DETERMINISTIC, budget=0.3)
    assert first.roster == second.roster and first.history == second.history


def test_neighbourhoods_depend_on_the_seed_only() -> None:
    problem = tiny()
    hoods = [
        [draw(random.Random(5), problem, initial_sizes(problem)) for _ in range(3)]
        for _ in range(2)
    ]
    assert hoods[0] == hoods[1]
    for hood in hoods[0]:
        assert hood.staff <= {s.id for s in problem.staff}
        assert hood.days <= set(range(problem.days)) and hood.days


@pytest.mark.parametrize("strategy", ["lns", "full"])
def test_both_strategies_prove_the_tiny_optimum(strategy: str) -> None:
    problem = tiny()
    optimum, _ = brute_force(problem)
    result = solve(problem, SolverParams(time_limit=10, workers=2, strategy=strategy))
    assert result.status == SolveStatus.OPTIMAL and result.roster is not None
    assert check(problem, result.roster).objective == result.objective == optimum
    assert result.lower_bound == optimum


def test_deterministic_lns_solve_repeats_the_roster() -> None:
    params = SolverParams(time_limit=1, workers=2, seed=3, deterministic=True)
    first, second = solve(tiny(), params), solve(tiny(), params)
    assert first.roster == second.roster and first.objective == second.objective
