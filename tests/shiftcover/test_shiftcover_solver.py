"""The CP-SAT model against the scorer: same optimum as brute force on random tiny problems,
the same objective terms, deterministic when asked, and every hard family checked."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shiftcover_kit import brute_force, tiny

from scheduler.shiftcover import (
    OFF,
    ShiftCoverProblem,
    ShiftCoverRoster,
    ShiftType,
    Staff,
    check,
    parse_problem,
)
from scheduler.shiftcover.score import STAFF_RULES
from scheduler.shiftcover.solver import SolverParams, SolveStatus, solve
from scheduler.shiftcover.solver.build import RULES
from scheduler.shiftcover.solver.greedy import greedy_roster
from scheduler.shiftcover.solver.pattern import build_automaton
from scheduler.shiftcover.solver.rules import runs

EXACT = SolverParams(time_limit=10, workers=1, seed=0)


@st.composite
def tiny_problems(draw: st.DrawFn) -> ShiftCoverProblem:
    """1-2 staff, 1-2 shift types, 4-7 days: small enough to enumerate every roster."""
    staff_n, types_n, days = draw(
        st.sampled_from([(1, 2, 7), (2, 1, 7), (2, 2, 5), (1, 1, 7), (2, 2, 4)])
    )
    types = ["E", "L"][:types_n]
    num = st.integers
    lines = ["SECTION_HORIZON", str(days), "SECTION_SHIFTS"]
    lines += [f"E,{draw(num(4, 8)) * 60},"]
    if types_n == 2:
        lines += [f"L,{draw(num(4, 10)) * 60},{draw(st.sampled_from(['', 'E']))}"]
    lines.append("SECTION_STAFF")
    for i in range(staff_n):
        limits = "|".join(f"{t}={draw(num(0, days))}" for t in types)
        low = draw(num(0, 3)) * 480
        lines.append(
            f"S{i},{limits},{low + draw(num(0, 3)) * 480},{low},{draw(num(1, 4))},"
            f"{draw(num(1, 3))},{draw(num(1, 3))},{draw(num(0, 1))}"
        )
    lines.append("SECTION_DAYS_OFF")
    lines += [f"S{i},{draw(num(0, days - 1))}" for i in range(staff_n) if draw(st.booleans())]
    for section in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
        lines.append(section)
        for i in range(staff_n):
            for _ in range(draw(num(0, 2))):
                day, shift = draw(num(0, days - 1)), draw(st.sampled_from(types))
                lines.append(f"S{i},{day},{shift},{draw(num(1, 5))}")
    lines.append("SECTION_COVER")
    for day in range(days):
        for t in types:
            lines.append(f"{day},{t},{draw(num(0, 2))},{draw(num(0, 20))},{draw(num(0, 3))}")
    return parse_problem("\n".join(lines), "random.txt")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_solver_optimum_equals_brute_force(problem: ShiftCoverProblem) -> None:
    """Same optimum (or the same infeasibility) as enumerating every roster with the scorer."""
    optimum, _ = brute_force(problem)
    result = solve(problem, EXACT)
    if optimum is None:
        assert result.status == SolveStatus.INFEASIBLE
        return
    assert result.status == SolveStatus.OPTIMAL and result.roster is not None
    report = check(problem, result.roster)
    assert report.feasible
    assert report.objective == result.objective == result.lower_bound == optimum


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_weekends_module_matches_brute_force(problem: ShiftCoverProblem) -> None:
    """Large problems count weekends in ``rules.weekends`` instead of the automaton: force
    that path on tiny ones and compare with brute force again."""
    saved = runs.MAX_LITERALS
    runs.MAX_LITERALS = 0
    try:
        result = solve(problem, EXACT)
    finally:
        runs.MAX_LITERALS = saved
    optimum, _ = brute_force(problem)
    assert result.objective == optimum


def test_solver_terms_match_the_scorer() -> None:
    problem = tiny()
    result = solve(problem, EXACT)
    assert result.roster is not None
    terms = check(problem, result.roster).score.model_dump()
    assert {k: v for k, v in terms.items() if v} == {k: v for k, v in result.terms.items() if v}


def test_deterministic_mode_repeats_the_roster() -> None:
    params = SolverParams(time_limit=5, workers=2, seed=3, deterministic=True)
    first, second = solve(tiny(), params), solve(tiny(), params)
    assert first.roster == second.roster and first.objective == second.objective


def test_every_hard_family_has_a_checker() -> None:
    """One solver module per rule family; the scorer's per-staff checks cover each hard one."""
    hard = set(RULES) - {"requests", "cover"}
    checked = {rule.__name__.lstrip("_") for rule in STAFF_RULES}
    by_checker = {
        "days_off": "days_off",
        "max_shifts": "max_shifts",
        "total_minutes": "total_minutes",
        "runs": "consecutive",  # also weekends, see test_pattern_automaton_matches_the_scorer
        "weekends": "weekends",
        "cannot_follow": "cannot_follow",
    }
    assert set(by_checker) == hard
    assert set(by_checker.values()) == checked


@pytest.mark.parametrize("weekends", [False, True])
@pytest.mark.parametrize(
    "limits", [(3, 2, 2, 1), (2, 1, 3, 0), (4, 3, 1, 2), (1, 1, 1, 1), (5, 2, 2, 1)]
)
def test_pattern_automaton_matches_the_scorer(limits: tuple[int, ...], weekends: bool) -> None:
    """Every work/off word of 10 days: accepted exactly when the scorer finds no run (and,
    with weekends tracked, no weekend) violation."""
    high, low, rest, max_weekends = limits
    staff = Staff(
        id="A",
        max_shifts={"D": 10},
        max_total_minutes=10_000,
        min_total_minutes=0,
        max_consecutive_shifts=high,
        min_consecutive_shifts=low,
        min_consecutive_days_off=rest,
        max_weekends=max_weekends,
    )
    problem = ShiftCoverProblem(
        name="p", days=10, shift_types=(ShiftType(id="D", minutes=480),), staff=(staff,)
    )
    automaton = build_automaton(staff, with_weekends=weekends)
    rules = {"max_consecutive_shifts", "min_consecutive_shifts", "min_consecutive_days_off"}
    if weekends:
        rules.add("max_weekends")
    for word in itertools.product((0, 1), repeat=problem.days):
        row = tuple("D" if w else OFF for w in word)
        report = check(problem, ShiftCoverRoster(shifts={"A": row}))
        broken = {v.rule for v in report.violations} & rules
        assert automaton.accepts(word) == (not broken), (word, broken)


def test_greedy_hint_keeps_the_limits_it_decides() -> None:
    """The hint may break minimum runs or minutes, never days off, type limits or maxima."""
    problem = tiny()
    decided = {"days_off", "max_shifts", "max_total_minutes", "max_weekends", "cannot_follow"}
    report = check(problem, greedy_roster(problem))
    assert not {v.rule for v in report.violations} & decided
