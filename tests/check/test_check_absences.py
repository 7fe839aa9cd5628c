"""Absences and granted days off: no work while away."""

from check_kit import broken, day, make_instance, replace_day, roster, span

from scheduler.check import RULES
from scheduler.models.instance import Absence


def test_shift_may_start_when_unavailability_ends_but_not_before(instance, week):
    # A2 is unavailable on Wednesday until 10:00.
    assert broken(instance, week + [day("A2", 2, "10:00")]) == set()
    assert broken(instance, week + [day("A2", 2, "09:30")]) == {"availability"}
    detail = RULES["availability"](instance, roster(week + [day("A2", 2, "09:30")]))[0].detail
    assert detail == "shift 09:30-17:30 overlaps unavailability 00:00-10:00 by 30 min"


def test_work_on_leave_is_reported_as_leave(instance, week):
    # A1 is on leave on Saturday; moving Friday's shift there keeps five days.
    moved = [d for d in week if (d.agent, d.day) != ("A1", 4)] + [day("A1", 5, "08:00")]
    assert broken(instance, moved) == {"leave"}
    found = RULES["leave"](instance, roster(moved))
    assert (found[0].agent, found[0].date) == ("A1", "2026-12-05")


def test_overtime_counts_as_work_during_an_absence(instance, week):
    overtime = (span("16:00", "17:00"),)
    on_offer = replace_day(week, "A1", 0, day("A1", 0, "08:00", overtime=overtime))
    assert broken(instance, on_offer) == set()
    away = make_instance(absences=(Absence(agent="A1", day=0, start_minute=990),))
    assert broken(away, on_offer) == {"availability"}


def test_granted_day_off_must_stay_off(instance, week):
    # A1's Sunday off is granted; A2's Thursday bid is not, so working it is only a cost.
    assert broken(instance, week + [day("A2", 3, "10:00")]) == set()
    moved = [d for d in week if (d.agent, d.day) != ("A1", 4)] + [day("A1", 6, "08:00")]
    assert broken(instance, moved) == {"granted_requests"}
