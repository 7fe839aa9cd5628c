"""The optional weekly overtime cap, on both sides of its limit, and the request tie-break."""

import pytest
from check_kit import baseline_days, broken, day, make_instance, replace_day, roster, rules, span

from scheduler.check import validate
from scheduler.check.rules.overtime import check_weekly_overtime
from scheduler.models.instance import DayOffRequest


def _week_with_overtime(minutes: int):
    """A1's baseline Monday 08:00-16:00 followed by ``minutes`` of offered overtime."""
    end = f"{16 + minutes // 60:02d}:{minutes % 60:02d}"
    monday = day("A1", 0, "08:00", overtime=(span("16:00", end),))
    return replace_day(baseline_days(), "A1", 0, monday)


@pytest.mark.parametrize(
    ("cap", "minutes", "breaks"), [(None, 120, False), (90, 90, False), (90, 105, True)]
)
def test_weekly_overtime_cap(cap, minutes, breaks):
    instance = make_instance(rules=rules(max_weekly_overtime_minutes=cap))
    week = _week_with_overtime(minutes)
    assert ("weekly_overtime" in broken(instance, week)) is breaks
    found = check_weekly_overtime(instance, roster(week))
    assert len(found) == int(breaks)
    if breaks:
        assert found[0].agent == "A1" and "1h45 overtime, maximum 1h30" in found[0].detail


def test_equal_bids_cost_the_favourite_a_little_more_to_deny():
    # A1 and A2 both bid 5 points for Thursday; A2 has been granted a request recently, so
    # denying A1 costs one unit more than denying A2 - less than the 30 of a single point.
    requests = (
        DayOffRequest(agent="A1", day=3, points=5),
        DayOffRequest(agent="A2", day=3, points=5, recent_granted=1),
    )
    instance = make_instance(requests=requests)
    a1_works = roster(baseline_days())  # A1 works Monday-Friday, A2 is off on Thursday
    a2_works = roster(
        replace_day(baseline_days(), "A1", 3, day("A1", 3, None)) + [day("A2", 3, "10:00")]
    )
    assert validate(instance, a1_works).costs["requests"] == 5 * 30 + 1
    assert validate(instance, a2_works).costs["requests"] == 5 * 30
