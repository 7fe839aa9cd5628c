"""Germany: Arbeitszeitgesetz (ArbZG, Working Hours Act), on top of the EU directive.

Sources (sections of the ArbZG):

* § 3: at most 8 hours per working day; up to 10 hours if 8 hours a working day are not
  exceeded on average over 6 calendar months or 24 weeks. Working days (Werktage) are Monday
  to Saturday, so the average is 6 x 8 h = 48 h a week -> ``max_daily_work_minutes = 600``,
  ``average_weekly_minutes = 2880`` over ``averaging_weeks = 24``.
* § 4: rest breaks of at least 30 minutes for more than 6 and up to 9 hours of work, 45 minutes
  for more than 9 hours, in blocks of at least 15 minutes; nobody works more than 6 hours in a
  row without a break -> two break entitlements, ``min_break_block_minutes = 15``,
  ``max_work_without_break_minutes = 360``.
* § 5: 11 hours of uninterrupted rest after the working day -> ``min_rest_minutes = 660``.
* § 9, § 11(4) with Directive 2003/88/EC Art. 5: Sunday rest joined to the daily rest; modelled
  as 24 h + 11 h of uninterrupted weekly rest -> ``min_weekly_rest_minutes = 2100`` (Sundays
  themselves are not forced off: close the centre on Sundays for that).

Work is counted as paid minutes (unpaid breaks excluded), so the default break rules make the
breaks unpaid. Shifts longer than 10 h 45 min have no default break rule: they cannot stay
within 10 hours of work.
"""

from __future__ import annotations

from scheduler.models.instance import BreakRule, BreakSpec
from scheduler.models.labour_law import BreakEntitlement
from scheduler.presets.preset import LabourPreset

SOURCE = "Arbeitszeitgesetz"

PRESET = LabourPreset(
    name="de",
    title="Germany: Arbeitszeitgesetz (ArbZG)",
    sources=(
        f"{SOURCE} § 3 (8 h day, 10 h if averaged over 24 weeks)",
        f"{SOURCE} § 4 (30 / 45 min breaks, blocks of 15 min, 6 h at most without one)",
        f"{SOURCE} § 5 (daily rest 11 h)",
        f"{SOURCE} § 9, § 11(4); Directive 2003/88/EC Art. 5 (weekly rest 24 h + 11 h)",
    ),
    rules={
        "min_rest_minutes": 11 * 60,
        "min_weekly_rest_minutes": (24 + 11) * 60,
        "max_daily_work_minutes": 10 * 60,
        "average_weekly_minutes": 48 * 60,
        "averaging_weeks": 24,
        "max_work_without_break_minutes": 6 * 60,
        "min_break_block_minutes": 15,
        "break_entitlements": (
            BreakEntitlement(
                work_over_minutes=6 * 60,
                total_minutes=30,
                block_minutes=15,
                source=f"{SOURCE} § 4",
            ),
            BreakEntitlement(
                work_over_minutes=9 * 60,
                total_minutes=45,
                block_minutes=15,
                source=f"{SOURCE} § 4",
            ),
        ),
    },
    break_rules=(
        # Over 6 h: one unpaid 30-minute lunch, placed so neither side exceeds 6 h of work.
        BreakRule(
            min_shift_minutes=6 * 60 + 1,
            max_shift_minutes=9 * 60,
            breaks=(
                BreakSpec(
                    kind="lunch", minutes=30, earliest_minutes=150, latest_minutes=330, paid=False
                ),
            ),
        ),
        # Over 9 h: 15 + 30 minutes, both unpaid, no stretch over 6 h.
        BreakRule(
            min_shift_minutes=9 * 60 + 1,
            max_shift_minutes=10 * 60 + 45,
            breaks=(
                BreakSpec(minutes=15, earliest_minutes=90, latest_minutes=240, paid=False),
                BreakSpec(
                    kind="lunch", minutes=30, earliest_minutes=270, latest_minutes=420, paid=False
                ),
            ),
        ),
    ),
)
