"""The independent scorer: each hard rule on both sides of its limit, the objective terms,
and never below a proven optimum."""

from __future__ import annotations

import random

import pytest
from shiftcover_kit import CURTOIS, tiny

from scheduler.shiftcover import OFF, ShiftCoverRoster, check, read_problem, score
from scheduler.shiftcover.solver import SolverParams, SolveStatus, solve

# A feasible week for TINY. A: a run of 3 E (its maximum), 2 days off, L on the weekend (its
# one weekend). B (E only, day 2 off): two runs of 2 E.
FEASIBLE = {"A": ("E", "E", "E", OFF, OFF, "L", "L"), "B": ("E", "E", OFF, "E", "E", OFF, OFF)}


def _rules(shifts: dict[str, tuple[str, ...]]) -> set[str]:
    return {v.rule for v in check(tiny(), ShiftCoverRoster(shifts=shifts)).violations}


def _with(staff: str, row: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {**FEASIBLE, staff: row}


def test_feasible_roster_has_no_violation() -> None:
    assert _rules(FEASIBLE) == set()


@pytest.mark.parametrize(
    ("staff", "row", "rule"),
    [
        ("A", ("E", "E", "E", "E", OFF, OFF, OFF), "max_consecutive_shifts"),  # 4 > 3
        ("A", (OFF, "E", OFF, OFF, "E", "E", OFF), "min_consecutive_shifts"),  # 1 inside
        ("A", ("E", "E", OFF, "E", "E", OFF, OFF), "min_consecutive_days_off"),  # 1 inside
        ("B", ("E", "E", OFF, OFF, "E", "L", OFF), "max_shifts"),  # B may not work L
        ("A", ("L", "E", "E", OFF, OFF, OFF, OFF), "cannot_follow"),  # E after L
        ("A", (OFF, OFF, OFF, OFF, OFF, OFF, "E"), "min_total_minutes"),  # 480 < 960
        ("B", ("E", "E", "E", OFF, OFF, OFF, OFF), "days_off"),  # B's day 2
    ],
)
def test_each_rule_is_broken_by_one_roster(staff: str, row: tuple[str, ...], rule: str) -> None:
    assert rule in _rules(_with(staff, row))


def test_runs_touching_the_horizon_ends_are_exempt_from_minimums() -> None:
    # A: one shift on day 0 and one on day 6, one day off inside a run of 4 days: only the
    # run of days off that starts and ends inside the horizon is checked.
    edges = ("E", OFF, OFF, "E", "E", OFF, "L")
    assert _rules(_with("A", edges)) & {"min_consecutive_shifts"} == set()
    assert "min_consecutive_shifts" in _rules(_with("A", (OFF, "E", OFF, OFF, "E", "E", "L")))


def test_max_weekends() -> None:
    assert "max_weekends" not in _rules(FEASIBLE)
    problem = tiny()
    two_weekends = problem.model_copy(update={"days": 14})
    roster = {"A": FEASIBLE["A"] * 2, "B": FEASIBLE["B"] * 2}
    broken = check(two_weekends, ShiftCoverRoster(shifts=roster)).violations
    assert {v.rule for v in broken if v.staff == "A"} >= {"max_weekends"}


def test_objective_terms_by_hand() -> None:
    # A works E on day 0 but asked for L (3); B works E on day 4 against an off-request (2).
    # Cover: days 0 and 1 E have 2 for 1 (over 1 each, weight 1); day 3 L, day 4 E and day 6 E
    # are one short each (weight 10). B's E on day 3 has no cover row, so it is not scored.
    result = score(tiny(), ShiftCoverRoster(shifts=FEASIBLE))
    assert (result.on_requests, result.off_requests) == (3, 2)
    assert (result.under, result.over) == (30, 2)
    assert result.total == 37


def test_shape_errors_stop_scoring() -> None:
    report = check(tiny(), ShiftCoverRoster(shifts={"A": FEASIBLE["A"][:6], "Z": FEASIBLE["B"]}))
    assert {v.rule for v in report.violations} == {"shape"}
    assert {v.staff for v in report.violations} == {"A", "B", "Z"}
    assert not report.feasible


@pytest.mark.skipif(not CURTOIS.exists(), reason="../shared/benchmarks not present")
@pytest.mark.parametrize(("number", "optimum"), [(1, 607), (2, 828)])
def test_never_below_a_proven_optimum(number: int, optimum: int) -> None:
    """The proven optimum (best_known.csv: LB = UB) is reached, and no feasible neighbour of
    the optimal roster scores below it: a scorer that did would have misread a rule."""
    problem = read_problem(CURTOIS / f"Instance{number}.txt")
    result = solve(problem, SolverParams(time_limit=20, seed=1))
    assert result.roster is not None and result.status == SolveStatus.OPTIMAL
    report = check(problem, result.roster)
    assert report.feasible and report.objective == optimum == result.objective
    rng = random.Random(number)
    choices = [OFF, *(s.id for s in problem.shift_types)]
    tried = 0
    for _ in range(3000):
        shifts = dict(result.roster.shifts)
        staff = rng.choice(list(shifts))
        row = list(shifts[staff])
        for day in rng.sample(range(problem.days), 2):
            row[day] = rng.choice(choices)
        shifts[staff] = tuple(row)
        neighbour = check(problem, ShiftCoverRoster(shifts=shifts))
        if neighbour.feasible:
            tried += 1
            assert neighbour.objective >= optimum
    assert tried > 0
