"""Window models, the rolling first roster and window LNS: the path long horizons take.

A window model must state exactly the scorer's rules for its free cells, edges included:
re-solving any window of a brute-force optimal roster must give back a roster the scorer
calls feasible with the same optimum (a looser model could return a "better" broken
roster, a tighter one a worse or no roster). The mid-size member goes through
``strategy="windows"``, the path ``"auto"`` picks for the 120-staff x year members.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shiftcover_kit import brute_force, family_problem, tiny
from test_shiftcover_solver import tiny_problems

from scheduler.shiftcover import OFF, ShiftCoverProblem, ShiftCoverRoster, check, parse_problem
from scheduler.shiftcover.solver import SolverParams, SolveStatus, solve
from scheduler.shiftcover.solver.rolling import rolling_roster
from scheduler.shiftcover.solver.solve import WINDOWS_ABOVE, chosen_strategy, decisions
from scheduler.shiftcover.solver.window import Window, solve_window

ONE = SolverParams(time_limit=5, workers=1, seed=0)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems(), st.data())
def test_any_window_of_an_optimum_gives_back_the_optimum(
    problem: ShiftCoverProblem, data: st.DataObject
) -> None:
    optimum, roster = brute_force(problem)
    if roster is None:
        return
    first = data.draw(st.integers(0, problem.days - 1))
    end = data.draw(st.integers(first + 1, problem.days))
    ids = [s.id for s in problem.staff]
    staff = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    run = solve_window(problem, roster, Window(tuple(staff), first, end), ONE, 5.0)
    assert run.roster is not None
    report = check(problem, run.roster)
    assert report.feasible
    assert report.objective == optimum


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_rolling_roster_keeps_every_hard_limit(problem: ShiftCoverProblem) -> None:
    """Rolling weeks plus the one-person repairs: a roster only when the scorer accepts it,
    and one whenever the instance is feasible at all (these have at most two staff, so
    the repairs can always reach a feasible roster)."""
    optimum, _ = brute_force(problem)
    roster = rolling_roster(problem, ONE, 2.0, None, lambda: 0.0)
    if optimum is None:
        assert roster is None or not check(problem, roster).feasible
        return
    assert roster is not None
    report = check(problem, roster)
    assert report.feasible and report.objective >= optimum


def test_mid_size_member_is_rostered_feasibly_through_windows() -> None:
    """40 staff x 8 weeks x 8 shift types, binding limits: the windows path returns a roster
    the independent checker calls feasible, scored as the scorer scores it."""
    problem = family_problem(staff=40, types=8, days=56, seed=1)
    lines: list[str] = []
    result = solve(problem, SolverParams(time_limit=15, strategy="windows"), lines.append)
    assert result.status == SolveStatus.FEASIBLE and result.roster is not None
    report = check(problem, result.roster)
    assert report.feasible, report.violations[:3]
    assert result.objective == report.objective
    assert result.lower_bound is None
    assert any(line.startswith("rolling:") for line in lines)


@pytest.mark.parametrize(
    ("shape", "strategy"),
    [((120, 18, 364), "windows"), ((60, 10, 28), "columns"), ((40, 6, 84), "lns")],
)
def test_auto_picks_windows_for_large_and_columns_for_four_week_members(
    shape: tuple[int, int, int], strategy: str
) -> None:
    """Windows above the whole model's size; column generation up to four weeks (where it
    was measured to pay), LNS on longer horizons, and LNS when asked to be deterministic."""
    problem = family_problem(*shape)
    assert (decisions(problem) > WINDOWS_ABOVE) is (strategy == "windows")
    assert chosen_strategy(problem, SolverParams()) == strategy
    assert decisions(tiny()) < WINDOWS_ABOVE
    assert chosen_strategy(tiny(), SolverParams(deterministic=True)) == "lns"
    assert chosen_strategy(tiny(), SolverParams(strategy="full")) == "full"


def test_lns_without_a_repaired_first_roster_builds_one_by_windows() -> None:
    """When the whole-model repair has no time to find a first roster, ``lns`` still returns
    a roster, built window by window, that the independent checker calls feasible."""
    problem = family_problem(staff=20, types=4, days=28, seed=2)
    lines: list[str] = []
    params = SolverParams(time_limit=12, strategy="lns", first_roster_share=1e-4)
    result = solve(problem, params, lines.append)
    assert any(line.startswith("rolling:") for line in lines)
    assert result.roster is not None
    report = check(problem, result.roster)
    assert report.feasible, report.violations[:3]
    assert result.objective == report.objective


def test_a_pro_rata_aim_never_forbids_what_the_rules_allow() -> None:
    """An open-ended window aims at pro-rata shares of capped types but must not forbid:
    A has used 3 of 4 nights by day 4, past the pro-rata 2 of a window up to day 6, and
    the run begun on day 4 needs a second night (the only type A works). The aim's excess
    once could not exceed the window's own cells, which made this window infeasible."""
    problem = parse_problem(
        "SECTION_HORIZON\n14\nSECTION_SHIFTS\nN,600,\nSECTION_STAFF\nA,N=4,99999,0,5,2,1,7\n"
        "SECTION_COVER\n5,N,1,100,1\n",
        "aim.txt",
    )
    base = ShiftCoverRoster(name="aim", shifts={"A": ("N", "N", OFF, OFF, "N") + (OFF,) * 9})
    run = solve_window(problem, base, Window(("A",), 5, 6, open_end=True), ONE, 2.0)
    assert run.roster is not None
    assert run.roster.shifts["A"][5] == "N"
