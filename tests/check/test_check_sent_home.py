"""An agent sent home mid-shift by a re-plan: the rest of the shift is an ``absent`` block.

The block excuses the absence from then on and the breaks not yet taken, and nothing else:
an absence before it, or a missing break before it, is still reported.
"""

from check_kit import block, broken, day, make_instance, replace_day

from scheduler.models.instance import Absence

SICK = Absence(agent="A1", day=0, start_minute=11 * 60, reason="sick")  # Monday from 11:00


def test_absent_block_to_the_shift_end_excuses_absence_and_later_breaks(week):
    sick = make_instance(absences=(SICK,))
    assert broken(sick, week) == {"availability"}  # the published shift runs into the sickness
    home = day(
        "A1",
        0,
        "08:00",
        breaks=(block("break", "09:30", "09:45"), block("absent", "11:00", "16:00")),
    )
    assert broken(sick, replace_day(week, "A1", 0, home)) == set()


def test_absent_block_does_not_excuse_earlier_absence_or_missing_earlier_breaks(week):
    sick = make_instance(absences=(SICK,))
    late = day(
        "A1",
        0,
        "08:00",
        breaks=(block("break", "09:30", "09:45"), block("absent", "12:00", "16:00")),
    )
    assert broken(sick, replace_day(week, "A1", 0, late)) == {"availability"}
    no_break = day("A1", 0, "08:00", breaks=(block("absent", "11:00", "16:00"),))
    assert "breaks" in broken(sick, replace_day(week, "A1", 0, no_break))
