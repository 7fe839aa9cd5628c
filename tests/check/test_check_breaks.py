"""Breaks: the rule's sequence, windows and gaps; other off-phone blocks inside the shift."""

import pytest
from check_kit import block, broken, day, make_instance, replace_day, roster

from scheduler.check import RULES


def monday(*blocks):
    """A1's Monday 08:00-16:00 with the given blocks, in the otherwise feasible week."""
    return day("A1", 0, "08:00", breaks=tuple(blocks))


LUNCH = block("lunch", "12:00", "12:30")


@pytest.mark.parametrize(
    ("first_break", "ok"),
    [
        (block("break", "09:00", "09:15"), True),  # 60 min in: earliest
        (block("break", "08:45", "09:00"), False),  # 45 min in
        (block("break", "10:30", "10:45"), True),  # 150 min in: latest
        (block("break", "10:45", "11:00"), False),  # 165 min in
    ],
)
def test_break_window_edges(instance, week, first_break, ok):
    days = replace_day(week, "A1", 0, monday(first_break, LUNCH))
    assert broken(instance, days) == (set() if ok else {"breaks"})


def test_min_gap_between_break_and_lunch(instance, week):
    first = block("break", "10:00", "10:15")
    gap_60 = replace_day(week, "A1", 0, monday(first, block("lunch", "11:15", "11:45")))
    gap_45 = replace_day(week, "A1", 0, monday(first, block("lunch", "11:00", "11:30")))
    assert broken(instance, gap_60) == set()
    assert broken(instance, gap_45) == {"breaks"}
    detail = RULES["breaks"](instance, roster(gap_45))[0].detail
    assert detail == (
        "lunch 11:00-11:30 starts 45 min after break 10:00-10:15 ends; minimum gap 1h"
    )


def test_missing_or_mislabelled_lunch(instance, week):
    first = block("break", "09:30", "09:45")
    missing = replace_day(week, "A1", 0, monday(first))
    mislabelled = replace_day(week, "A1", 0, monday(first, block("break", "12:00", "12:30")))
    assert broken(instance, missing) == {"breaks"}
    assert broken(instance, mislabelled) == {"breaks"}
    detail = RULES["breaks"](instance, roster(missing))[0].detail
    assert detail == ("a shift of 8h owes break 15 min, lunch 30 min; the roster has break 15 min")


def test_shift_without_break_rule_may_have_no_breaks(week):
    no_rules = make_instance(break_rules=())
    bare = [day(d.agent, d.day, "08:00" if d.agent == "A1" else "10:00", breaks=()) for d in week]
    assert broken(no_rules, bare) == set()
    assert broken(no_rules, week) == {"breaks"}


def test_other_blocks_inside_the_shift_and_clear_of_breaks(instance, week):
    first = block("break", "09:30", "09:45")
    training = block("training", "13:00", "14:00")
    clash = block("meeting", "09:30", "10:00")
    late = block("training", "15:30", "16:30")
    assert broken(instance, replace_day(week, "A1", 0, monday(first, LUNCH, training))) == set()
    assert broken(instance, replace_day(week, "A1", 0, monday(first, LUNCH, clash))) == {"breaks"}
    assert broken(instance, replace_day(week, "A1", 0, monday(first, LUNCH, late))) == {"breaks"}


def test_break_without_a_shift(instance, week):
    stray = day("A2", 3, None, breaks=(block("break", "10:00", "10:15"),))
    found = RULES["breaks"](instance, roster(week + [stray]))
    assert [(v.agent, v.date, v.detail) for v in found] == [
        ("A2", "2026-12-03", "break 10:00-10:15 without a shift")
    ]
