"""Small instances with subscriptions: the plan's full per-agent model decides overtime with
the shifts, so its CP-SAT bound proves the roster optimal; where that model's overtime would
not be exact, the post-pass adds it and only the other bounds count."""

from __future__ import annotations

from overtime_kit import EARLY, FOUR_HOURS, agent, instance, offer, solve_model

from scheduler.check import validate
from scheduler.models.instance import LabourRules
from scheduler.models.result import SolveResult, SolveStatus
from scheduler.optimise import SolveParams, solve

PARAMS = SolveParams(time_limit=6, workers=1, seed=0)


def _problem(**fields):
    return instance(
        2,
        [agent("A"), agent("B")],
        [(0, "08:00", "19:00", 1), (1, "09:00", "13:00", 2), (1, "13:00", "18:00", 1)],
        shift_templates=(FOUR_HOURS, EARLY),
        **fields,
    )


def test_the_plan_proves_a_roster_with_overtime_optimal():
    problem = _problem(
        overtime_offers=(
            offer("A", 0, "13:00", "19:00", 120),
            offer("B", 1, "13:00", "18:00", 90),
            offer("B", 0, "06:00", "10:00", 60),
        )
    )
    result = _proven_with_overtime_in_the_model(problem)
    assert result.stats["overtime_minutes"] > 0


def test_overlapping_offers_leave_overtime_to_the_post_pass():
    problem = _problem(
        overtime_offers=(offer("A", 0, "13:00", "19:00", 120), offer("A", 0, "15:00", "19:00", 60))
    )
    result = solve(problem, PARAMS, printer=lambda line: None)
    report = validate(problem, result.roster)
    assert report.feasible
    assert report.costs["total"] == result.objective
    assert "overtime" not in result.stats
    assert result.stats["search"] == "full model"


def test_a_weekly_rest_keeps_overtime_in_the_model():
    # A day's rest of 24 h in the two-day block: the model counts overtime as work there too,
    # so it still decides the overtime and proves the roster optimal.
    problem = _problem(
        overtime_offers=(offer("A", 0, "13:00", "19:00", 120),),
        rules=LabourRules(min_days_off_per_week=0, min_weekly_rest_minutes=24 * 60),
    )
    _proven_with_overtime_in_the_model(problem)


def _proven_with_overtime_in_the_model(problem) -> SolveResult:
    """The plan's roster is valid, costs the brute-force-checked model's optimum, and is
    proven optimal with overtime decided by the model."""
    exact, _ = solve_model(problem)
    result = solve(problem, PARAMS, printer=lambda line: None)
    report = validate(problem, result.roster)
    assert report.feasible
    assert report.costs["total"] == result.objective == exact
    assert result.stats["overtime"] == "in the model"
    assert result.status == SolveStatus.OPTIMAL
    assert result.lower_bound == exact
    return result
