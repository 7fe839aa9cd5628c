"""Fairness: unpopular shifts (late, weekend, public holiday) spread up to the fair share.

The validator and the CP-SAT rule compute the same term: each rostered agent's unpopular
shifts above the ceiling of the mean, times ``costs.fairness_per_shift``.
"""

from __future__ import annotations

import datetime as dt

from overtime_kit import agent, instance, roster, shift, solve_model

from scheduler.check import validate
from scheduler.check.costs import unpopular_counts
from scheduler.models.instance import CostWeights, DayOffRequest, LabourRules, PublicHoliday

SATURDAY = dt.date(2026, 12, 5)


def _weekend(weight: int, **fields):
    agents = [agent("A"), agent("B"), agent("S", role="support")]
    blocks = [(0, "09:00", "17:00", 1), (1, "09:00", "17:00", 1)]
    return instance(
        2, agents, blocks, start=SATURDAY, costs=CostWeights(fairness_per_shift=weight), **fields
    )


def test_the_validator_charges_shifts_above_the_fair_share():
    both_by_a = roster(shift("A", 0, "09:00", "17:00"), shift("A", 1, "09:00", "17:00"))
    report = validate(_weekend(7), both_by_a)
    # A 2, B 0 (support staff do not count): mean 1, so A has one above the share.
    assert report.costs["fairness"] == 7
    assert report.costs["total"] == sum(v for k, v in report.costs.items() if k != "total")
    split = roster(shift("A", 0, "09:00", "17:00"), shift("B", 1, "09:00", "17:00"))
    assert validate(_weekend(7), split).costs["fairness"] == 0
    assert "fairness" not in validate(_weekend(0), both_by_a).costs  # off: not even reported


def test_late_weekend_and_holiday_shifts_count_once_each():
    problem = instance(
        3,
        [agent("A"), agent("B")],
        [],
        rules=LabourRules(min_days_off_per_week=0, late_shift_end_minute=20 * 60),
        holidays=(PublicHoliday(date=dt.date(2026, 11, 30)),),  # Monday
    )
    week = roster(
        shift("A", 0, "09:00", "17:00"),  # holiday
        shift("A", 1, "13:00", "21:00"),  # late
        shift("A", 2, "09:00", "17:00"),  # ordinary
    )
    assert unpopular_counts(problem, week) == {"A": 2, "B": 0}


def test_the_model_spreads_the_weekend_when_fairness_is_on():
    # B bid 1 point (30) for each weekend day: without fairness A works both days.
    bids = (DayOffRequest(agent="B", day=0, points=1), DayOffRequest(agent="B", day=1, points=1))
    for weight, works in ((0, {"A": 2}), (100, {"A": 1, "B": 1})):
        problem = _weekend(weight, requests=bids)
        objective, found = solve_model(problem, with_overtime=False)
        report = validate(problem, found)
        assert report.feasible and report.costs["total"] == objective
        counted: dict[str, int] = {}
        for agent_day in found.agent_days:
            counted[agent_day.agent] = counted.get(agent_day.agent, 0) + 1
        assert counted == works
