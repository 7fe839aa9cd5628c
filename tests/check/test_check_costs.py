"""Cost terms recomputed from the roster, against a computation done by hand."""

import numpy as np
import pytest
from check_kit import block, day, make_instance, requirement, roster, span
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.check import MissingRequirementsError, roster_costs, validate
from scheduler.check.costs import coverage
from scheduler.models.instance import Demand, Horizon
from scheduler.models.roster import AgentDay, BreakPlacement, Span


def hand_instance(**changes):
    """Sales needs 1 agent Monday 08:00-10:00; service 2 agents Monday 10:00-10:30, where the
    first 15 minutes' shortfall costs 50 a minute and the second the default 10."""
    service = requirement({(0, "10:00", "10:30"): 2})
    weights = [-1] * len(service)
    weights[40] = 50  # Monday 10:00-10:15
    demand = Demand(
        required={"sales": requirement({(0, "08:00", "10:00"): 1}), "service": service},
        under_weight={"service": tuple(weights)},
    )
    return make_instance(demand=demand, **changes)


def hand_roster():
    monday = day(
        "A1",
        0,
        "08:00",
        breaks=(block("break", "09:30", "09:45"), block("lunch", "12:00", "12:30")),
        overtime=(span("16:00", "17:00"),),
    )
    thursday = day("A2", 3, "10:00")  # service, on A2's 5-point (not granted) day-off bid
    return roster([monday, thursday])


def test_costs_match_a_hand_computation():
    # Sales: 120 min required 08:00-10:00, staffed 105 (break 09:30-09:45): 15 min short.
    #   A1 is on the phone 480 - 45 + 60 (overtime) = 495 min; 495 - 105 = 390 min over.
    # Service: 2 x 30 = 60 min required, nobody on service on Monday: 30 min at 50, 30 at 10.
    #   A2's Thursday is 480 - 45 = 435 min on service with no requirement: over.
    report = validate(hand_instance(), hand_roster())
    assert report.costs == {
        "under": 15 * 10 + 30 * 50 + 30 * 10,
        "over": (390 + 435) * 1,
        "overtime": 60 * 3,
        "requests": 5 * 30,
        "total": 1950 + 825 + 180 + 150,
    }
    counts = report.counts
    assert counts["under_minutes"] == 75
    assert counts["over_minutes"] == 825
    assert counts["overtime_minutes"] == 60
    assert (counts["requests_granted"], counts["requests_denied"]) == (1, 1)
    assert (counts["shifts"], counts["agents_working"]) == (2, 2)


def test_thirty_minute_intervals_spread_over_fifteen_minute_steps():
    # One agent needed 08:00-09:00 (two 30-min intervals); A1 is there 08:00-08:45 only.
    horizon = Horizon(start=make_instance().horizon.start, days=7, interval_minutes=30)
    required = [0] * (7 * 48)
    required[16] = required[17] = 1
    demand = Demand(required={"sales": tuple(required), "service": (0,) * (7 * 48)})
    instance = make_instance(horizon=horizon, demand=demand)
    short = roster([AgentDay(agent="A1", day=0, queue="sales", shift=span("08:00", "08:45"))])
    costs = roster_costs(instance, short)
    assert costs["under"] == 15 * 10
    assert costs["over"] == 0


def test_forecast_only_instance_cannot_be_costed():
    forecast_only = make_instance(demand=Demand(required={}, calls={"sales": (0.0,) * 672}))
    with pytest.raises(MissingRequirementsError, match="no staffing requirements"):
        roster_costs(forecast_only, hand_roster())


def naive_staffed(instance, agent_days):
    """Agent-minutes per queue and 15-minute step, minute by minute in plain Python."""
    minutes = {q: [0] * (7 * 1440) for q in instance.queue_ids}
    for agent_day in agent_days:
        for start, end in agent_day.on_phone_spans():
            for minute in range(start, end):
                minutes[agent_day.queue][agent_day.day * 1440 + minute] += 1
    return np.array(
        [[sum(m[i : i + 15]) for i in range(0, 7 * 1440, 15)] for m in minutes.values()]
    )


@st.composite
def shifts(draw):
    """A shift of any length and start (on grid or not) with one break inside it."""
    start = draw(st.integers(0, 1000))
    length = draw(st.integers(60, 400))
    pause = start + draw(st.integers(10, 40))
    return AgentDay(
        agent=draw(st.sampled_from(["A1", "A2", "S1"])),
        day=draw(st.integers(0, 6)),
        queue=draw(st.sampled_from(["sales", "service"])),
        shift=Span(start_minute=start, end_minute=start + length),
        breaks=(BreakPlacement(start_minute=pause, end_minute=pause + 15),),
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(shifts(), max_size=8))
def test_coverage_matches_a_minute_by_minute_count(agent_days):
    # Off-grid times included: coverage is exact at minute resolution before summing.
    instance = make_instance()
    staffed = coverage(instance, roster(agent_days)).staffed
    assert np.array_equal(staffed, naive_staffed(instance, agent_days))
    costs = roster_costs(instance, roster(agent_days))
    assert costs["total"] == sum(costs[k] for k in ("under", "over", "overtime", "requests"))
