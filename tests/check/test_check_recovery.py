"""Rest between working days and runs of consecutive days, including time before the horizon."""

import pytest
from check_kit import broken, day, make_instance, replace_day, roster, rules, span

from scheduler.check import RULES


@pytest.fixture
def short_turnaround(week):
    """A1 works Monday 12:00-20:00 then Tuesday 07:00: exactly 11 h of rest."""
    week = replace_day(week, "A1", 0, day("A1", 0, "12:00"))
    return replace_day(week, "A1", 1, day("A1", 1, "07:00"))


def test_rest_of_exactly_the_minimum_passes(short_turnaround):
    assert broken(make_instance(), short_turnaround) == set()


def test_rest_one_minute_short_fails(short_turnaround):
    instance = make_instance(rules=rules(min_rest_minutes=661))
    assert broken(instance, short_turnaround) == {"rest"}
    found = RULES["rest"](instance, roster(short_turnaround))
    assert [(v.agent, v.date) for v in found] == [("A1", "2026-12-01")]
    assert found[0].detail == (
        "rest 11h between 2026-11-30 20:00 and 2026-12-01 07:00, minimum 11h01"
    )


def test_overtime_extends_the_working_day(week):
    # Monday 08:00-16:00 plus overtime to 18:00, Tuesday from 07:00: 13 h of rest.
    week = replace_day(week, "A1", 0, day("A1", 0, "08:00", overtime=(span("16:00", "18:00"),)))
    week = replace_day(week, "A1", 1, day("A1", 1, "07:00"))
    assert broken(make_instance(rules=rules(min_rest_minutes=780)), week) == set()
    assert broken(make_instance(rules=rules(min_rest_minutes=781)), week) == {"rest"}


def test_prior_shift_end_counts(week):
    # A1 starts Monday 08:00; a previous shift ending 21:00 leaves exactly 11 h.
    assert broken(make_instance({"A1": {"prior_shift_end_minute": -180}}), week) == set()
    late = make_instance({"A1": {"prior_shift_end_minute": -179}})
    assert broken(late, week) == {"rest"}
    detail = RULES["rest"](late, roster(week))[0].detail
    assert detail == "rest 10h59 between 2026-11-29 21:01 and 2026-11-30 08:00, minimum 11h"


def test_consecutive_days_count_days_before_the_horizon(week):
    # A1 works Monday to Friday: 5 days; one day before makes 6 (the maximum), two make 7.
    assert broken(make_instance({"A1": {"prior_consecutive_days": 1}}), week) == set()
    instance = make_instance({"A1": {"prior_consecutive_days": 2}})
    assert broken(instance, week) == {"max_consecutive_days"}
    found = RULES["max_consecutive_days"](instance, roster(week))
    assert [(v.agent, v.date) for v in found] == [("A1", "2026-12-04")]
    assert found[0].detail == (
        "7 working days in a row from 2026-11-28 to 2026-12-04, 2 of them before the horizon, "
        "maximum 6"
    )


def test_consecutive_days_inside_the_horizon(week):
    limit = make_instance(rules=rules(max_consecutive_days=4))
    assert broken(make_instance(rules=rules(max_consecutive_days=5)), week) == set()
    assert broken(limit, week) == {"max_consecutive_days"}
    # A day off breaks the run.
    gap = [d for d in week if (d.agent, d.day) != ("A1", 2)]
    assert "max_consecutive_days" not in broken(limit, gap)
