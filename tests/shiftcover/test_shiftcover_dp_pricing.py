"""The DP pricer against enumeration and the CP-SAT pricer: the same proven minimum at random
integer prices, and every schedule it returns feasible by the independent scorer for the
staff member alone, the best one costing exactly the minimum; the listing of schedules
within a slack of the minimum (``enumeration``) equal to brute force."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shiftcover_kit import CURTOIS, tiny
from test_shiftcover_solver import tiny_problems

from scheduler.shiftcover import OFF, ShiftCoverProblem, ShiftCoverRoster, check, read_problem
from scheduler.shiftcover.model import Staff
from scheduler.shiftcover.score import STAFF_RULES
from scheduler.shiftcover.solver.columns import dp_pricing
from scheduler.shiftcover.solver.columns.dp_pricing import DpPricer
from scheduler.shiftcover.solver.columns.enumeration import schedules_within
from scheduler.shiftcover.solver.columns.generation import SCALE
from scheduler.shiftcover.solver.columns.pricing import (
    Priced,
    Prices,
    Schedule,
    StaffPricer,
    request_cost,
    single_staff_problem,
)


def _priced(problem: ShiftCoverProblem, staff: Staff, prices: Prices, row: Schedule) -> int:
    earned = sum(prices.get((d, s), 0) for d, s in enumerate(row) if s != OFF)
    return SCALE * request_cost(problem, staff.id, row) - earned


def _random_prices(problem: ShiftCoverProblem, seed: int) -> Prices:
    rng = random.Random(seed)
    return {(c.day, c.shift): rng.randint(-3 * SCALE, 20 * SCALE) for c in problem.cover}


def _assert_schedules_sound(
    problem: ShiftCoverProblem, staff: Staff, prices: Prices, found: Priced
) -> None:
    """Each schedule keeps every hard rule of ``staff`` alone; the last costs ``value``."""
    alone = single_staff_problem(problem, staff)
    assert found.schedules and len(set(found.schedules)) == len(found.schedules)
    for schedule in found.schedules:
        report = check(alone, ShiftCoverRoster(shifts={staff.id: schedule}))
        assert report.feasible, report.violations
        assert found.value is not None
        assert _priced(problem, staff, prices, schedule) >= found.value
    assert _priced(problem, staff, prices, found.schedules[-1]) == found.value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems(), st.integers(0, 1000))
def test_minimum_equals_brute_force(problem: ShiftCoverProblem, seed: int) -> None:
    """Enumerate every row the scorer allows (4-7 days): the DP's minimum is theirs."""
    prices = _random_prices(problem, seed)
    choices = (OFF, *(s.id for s in problem.shift_types))
    for staff in problem.staff:
        rows = [
            row
            for row in itertools.product(choices, repeat=problem.days)
            if not any(any(rule(problem, staff, row)) for rule in STAFF_RULES)
        ]
        found = DpPricer(problem, staff, SCALE).price(prices, 10.0)
        assert found.optimal
        if not rows:
            assert found.value is None
            continue
        assert found.value == min(_priced(problem, staff, prices, row) for row in rows)
        _assert_schedules_sound(problem, staff, prices, found)


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_minimum_equals_cpsat_on_the_small_instances(number: int) -> None:
    """Instances 1-4 (14-28 days), one random price vector and zero prices."""
    path = CURTOIS / f"Instance{number}.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    problem = read_problem(path)
    for prices in ({}, _random_prices(problem, number)):
        for staff in problem.staff[:6]:
            exact = StaffPricer(problem, staff, SCALE).price(prices, 10.0)
            found = DpPricer(problem, staff, SCALE).price(prices, 10.0)
            assert exact.optimal and found.optimal and found.value == exact.value
            _assert_schedules_sound(problem, staff, prices, found)


def _capped_problem() -> ShiftCoverProblem:
    """One staff member who may work E at most twice in a week where E pays best: the
    relaxed DP works E more often, so the cap must become a state dimension."""
    problem = tiny()
    staff = problem.staff[0].model_copy(update={"max_shifts": {"E": 2, "L": 7}})
    return problem.model_copy(update={"staff": (staff,), "days_off": {}})


def test_a_binding_cap_is_counted_and_kept() -> None:
    problem = _capped_problem()
    staff = problem.staff[0]
    prices = {(day, "E"): 5 * SCALE for day in range(problem.days)}
    pricer = DpPricer(problem, staff, SCALE)
    found = pricer.price(prices, 10.0)
    exact = StaffPricer(problem, staff, SCALE).price(prices, 10.0)
    assert found.value == exact.value and pricer.counted and pricer.fallbacks == 0
    assert found.schedules[-1].count("E") <= 2
    _assert_schedules_sound(problem, staff, prices, found)


def test_too_many_states_falls_back_to_cpsat(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = _capped_problem()
    staff = problem.staff[0]
    prices = {(day, "E"): 5 * SCALE for day in range(problem.days)}
    monkeypatch.setattr(dp_pricing, "MAX_CELLS", 0)
    pricer = DpPricer(problem, staff, SCALE)
    found = pricer.price(prices, 10.0)
    exact = StaffPricer(problem, staff, SCALE).price(prices, 10.0)
    assert pricer.fallbacks == 1 and found.optimal and found.value == exact.value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems(), st.integers(0, 1000), st.integers(0, 3 * SCALE))
def test_listing_within_a_slack_equals_brute_force(
    problem: ShiftCoverProblem, seed: int, slack: int
) -> None:
    """Every schedule the scorer allows whose priced cost is within ``slack`` of the
    minimum, each once, and no other."""
    prices = _random_prices(problem, seed)
    for staff in problem.staff:
        pricer = DpPricer(problem, staff, SCALE)
        minimum = pricer.price(prices, 10.0).value
        if minimum is None:
            continue
        listed = schedules_within(pricer, prices, minimum + slack, 10**6)
        rows = [
            row
            for row in itertools.product(
                (OFF, *(s.id for s in problem.shift_types)), repeat=problem.days
            )
            if not any(any(rule(problem, staff, row)) for rule in STAFF_RULES)
            and _priced(problem, staff, prices, row) <= minimum + slack
        ]
        assert listed is not None and len(listed) == len(set(listed))
        assert set(listed) == set(rows)
