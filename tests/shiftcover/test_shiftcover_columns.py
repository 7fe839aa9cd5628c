"""Column generation (strategy ``columns``): pricing finds the true cheapest schedule, the
Lagrangian bound never exceeds the brute-force optimum, a dive from the LP gives a feasible
roster, the closure decides the brute-force optimum exactly, and the strategy's roster keeps
every hard limit by the independent scorer with a bound no higher than its objective."""

from __future__ import annotations

import contextlib
import itertools
import random
import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shiftcover_kit import CURTOIS, brute_force, tiny
from test_shiftcover_solver import tiny_problems

from scheduler.shiftcover import OFF, ShiftCoverProblem, ShiftCoverRoster, check, read_problem
from scheduler.shiftcover.score import STAFF_RULES
from scheduler.shiftcover.solver import SolverParams, SolveStatus, solve
from scheduler.shiftcover.solver.columns.closing import Closure
from scheduler.shiftcover.solver.columns.diving import dive
from scheduler.shiftcover.solver.columns.generation import SCALE, ColumnGenerator
from scheduler.shiftcover.solver.columns.pricing import StaffPricer, request_cost

COLUMNS = SolverParams(time_limit=10, workers=1, strategy="columns")


def _feasible_rows(problem: ShiftCoverProblem, index: int) -> list[tuple[str, ...]]:
    staff = problem.staff[index]
    choices = (OFF, *(s.id for s in problem.shift_types))
    rows = itertools.product(choices, repeat=problem.days)
    return [row for row in rows if not any(any(r(problem, staff, row)) for r in STAFF_RULES)]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems(), st.integers(0, 1000))
def test_pricing_minimum_equals_enumeration(problem: ShiftCoverProblem, seed: int) -> None:
    """The priced minimum over every schedule the scorer allows, at random integer prices."""
    rng = random.Random(seed)
    prices = {(c.day, c.shift): rng.randint(-3 * SCALE, 20 * SCALE) for c in problem.cover}
    for index, staff in enumerate(problem.staff):
        rows = _feasible_rows(problem, index)
        found = StaffPricer(problem, staff, SCALE).price(prices, 10.0)
        if not rows:
            assert found.optimal and found.value is None
            continue

        def priced(row: tuple[str, ...], staff_id: str = staff.id) -> int:
            earned = sum(prices.get((d, s), 0) for d, s in enumerate(row) if s != OFF)
            return SCALE * request_cost(problem, staff_id, row) - earned

        assert found.optimal and found.value == min(priced(row) for row in rows)
        assert found.schedules[-1] in rows and priced(found.schedules[-1]) == found.value


@contextlib.contextmanager
def _generated(problem: ShiftCoverProblem) -> Iterator[tuple[ColumnGenerator, bool]]:
    """Column generation on ``problem`` run to its end (20 s at most), and whether seeding
    worked (when not, ``state.infeasible`` says whether the instance is infeasible)."""
    generator = ColumnGenerator(problem, workers=1, alpha=0.0)
    try:
        deadline = time.monotonic() + 20
        seeded = generator.seed(deadline)
        if seeded:
            generator.run(deadline)
        yield generator, seeded
    finally:
        generator.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_lagrangian_bound_is_below_the_optimum(problem: ShiftCoverProblem) -> None:
    optimum, _ = brute_force(problem)
    with _generated(problem) as (generator, seeded):
        state = generator.state
    if not seeded:
        assert optimum is None and state.infeasible
        return
    assert optimum is not None and state.bound is not None and state.bound <= optimum


def test_columns_strategy_solves_tiny_to_the_brute_force_optimum() -> None:
    problem = tiny()
    optimum, _ = brute_force(problem)
    result = solve(problem, COLUMNS)
    assert result.roster is not None and check(problem, result.roster).feasible
    assert result.objective == optimum == check(problem, result.roster).objective
    assert result.status == SolveStatus.OPTIMAL and result.lower_bound == optimum


@pytest.mark.parametrize(("name", "optimum"), [("Instance1", 607), ("Instance2", 828)])
def test_columns_strategy_on_benchmark(name: str, optimum: int) -> None:
    path = CURTOIS / f"{name}.txt"
    if not path.exists():
        pytest.skip("shared instances absent")
    problem = read_problem(path)
    result = solve(problem, SolverParams(time_limit=20, strategy="columns"))
    assert result.roster is not None
    report = check(problem, result.roster)
    assert report.feasible and report.objective == result.objective
    assert result.lower_bound is not None
    assert result.lower_bound <= optimum <= result.objective
    assert result.lower_bound <= result.objective


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_dive_gives_a_feasible_roster_and_leaves_the_lp_as_it_was(
    problem: ShiftCoverProblem,
) -> None:
    optimum, _ = brute_force(problem)
    with _generated(problem) as (generator, seeded):
        if not seeded:
            return
        before = generator.master.solve()
        chosen = dive(generator, time.monotonic() + 20)
        after = generator.master.solve()
    assert chosen is not None and before is not None and after is not None
    roster = ShiftCoverRoster(shifts={problem.staff[k].id: s for k, s in chosen.items()})
    report = check(problem, roster)
    assert report.feasible and optimum is not None and report.objective >= optimum
    assert after.value <= before.value + 1e-6  # fixings released; columns only added


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_closure_decides_the_brute_force_optimum(problem: ShiftCoverProblem) -> None:
    """Below the optimum the closure proves no roster; at it, it finds an optimal one. Its
    search over kept lists finds nothing with nothing kept, and an optimal roster over lists
    that hold one (those of the optimum itself); it never claims that none exists."""
    optimum, _ = brute_force(problem)
    with _generated(problem) as (generator, seeded):
        if not seeded:
            return
        closure = Closure.of(generator, time.monotonic() + 20)
        assert closure is not None and optimum is not None
        bounds = (optimum, optimum + 10**6)
        nothing = closure.best_kept(bounds, time.monotonic() + 20, 1)
        below = closure.decide(optimum - 1, time.monotonic() + 20, 1)
        at = closure.decide(optimum, time.monotonic() + 20, 1)
        closure.kept = closure.listed(optimum, time.monotonic() + 20)
        kept = closure.best_kept(bounds, time.monotonic() + 20, 1)
    assert below.none and below.chosen is None
    assert nothing.chosen is None and not nothing.none
    for found in (at, kept):
        assert found.chosen is not None and not found.none
        shifts = {problem.staff[k].id: s for k, s in found.chosen.items()}
        report = check(problem, ShiftCoverRoster(shifts=shifts))
        assert report.feasible and report.objective == optimum
