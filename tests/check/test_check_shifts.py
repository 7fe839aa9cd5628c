"""Shift placement: one a day, from a template, within the agent's limits, on grid, right queue."""

from check_kit import block, broken, day, make_instance, replace_day, roster

from scheduler.check import RULES
from scheduler.models.instance import ShiftTemplate


def test_second_entry_on_a_day_breaks_one_shift_per_day(instance, week):
    assert broken(instance, week) == set()
    week.append(day("A2", 0, "12:00", 4))
    assert broken(instance, week) == {"one_shift_per_day"}


def test_latest_template_start_fits_and_half_an_hour_later_does_not(instance, week):
    inside = replace_day(week, "A1", 0, day("A1", 0, "12:00"))
    assert broken(instance, inside) == set()
    outside = replace_day(week, "A1", 0, day("A1", 0, "12:30"))
    assert broken(instance, outside) == {"template"}


def test_template_length_must_be_listed(instance, week):
    outside = replace_day(week, "A1", 0, day("A1", 0, "08:00", 6))  # 6 h: no template
    found = RULES["template"](instance, roster(outside))
    assert len(found) == 1
    assert "lengths 4h, 8h" in found[0].detail


def test_template_weekdays_and_agent_templates_are_respected(week):
    saturday_work = week + [day("A2", 5, "10:00")]
    assert broken(make_instance(), saturday_work) == set()
    weekdays_only = ShiftTemplate(
        name="day",
        start_earliest_minute=420,
        start_latest_minute=720,
        lengths_minutes=(240, 480),
        weekdays=(0, 1, 2, 3, 4),
    )
    templates = (weekdays_only, make_instance().shift_templates[1])
    found = RULES["template"](make_instance(shift_templates=templates), roster(saturday_work))
    assert [(v.agent, v.date) for v in found] == [("A2", "2026-12-05")]
    assert "Saturday" in found[0].detail
    # A2 may only use "day": a late-template shift (13:00-21:00) is fine for A1, not for A2.
    assert broken(make_instance(), replace_day(week, "A1", 0, day("A1", 0, "13:00"))) == set()
    late_allowed = make_instance({"A2": {"latest_end_minute": 1440}})
    assert broken(late_allowed, week + [day("A2", 3, "13:00")]) == {"template"}


def test_start_end_limits_both_sides(week):
    week = replace_day(week, "A2", 0, day("A2", 0, "08:00"))  # 08:00-16:00
    week = replace_day(week, "A2", 1, day("A2", 1, "12:00"))  # 12:00-20:00
    assert broken(make_instance(), week) == set()
    assert broken(make_instance({"A2": {"earliest_start_minute": 481}}), week) == {
        "start_end_limits"
    }
    assert broken(make_instance({"A2": {"latest_end_minute": 1199}}), week) == {"start_end_limits"}


def test_grid_flags_an_off_grid_break(instance, week):
    on_grid = (block("break", "09:30", "09:45"), block("lunch", "12:00", "12:30"))
    off_grid = (block("break", "09:35", "09:50"), block("lunch", "12:00", "12:30"))
    assert broken(instance, replace_day(week, "A1", 0, day("A1", 0, "08:00", breaks=on_grid))) == (
        set()
    )
    outside = replace_day(week, "A1", 0, day("A1", 0, "08:00", breaks=off_grid))
    assert broken(instance, outside) == {"grid"}
    assert "09:35-09:50" in RULES["grid"](instance, roster(outside))[0].detail


def test_queue_must_be_a_skill(instance, week):
    assert broken(instance, replace_day(week, "A2", 0, day("A2", 0, "10:00", queue="sales"))) == (
        set()
    )
    outside = replace_day(week, "A1", 0, day("A1", 0, "08:00", queue="service"))
    assert broken(instance, outside) == {"queue_skill"}


def test_unknown_agent_and_day_past_horizon_are_reported(instance, week):
    found = RULES["roster_reference"](
        instance, roster(week + [day("ZZ", 0, "08:00"), day("A2", 9, "10:00")])
    )
    assert [(v.agent, v.rule) for v in found] == [
        ("ZZ", "roster_reference"),
        ("A2", "roster_reference"),
    ]
