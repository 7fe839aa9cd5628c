"""Great Britain: the Working Time Regulations 1998 (SI 1998/1833).

Sources (regulations):

* reg. 10: 11 consecutive hours of daily rest -> ``min_rest_minutes = 660``.
* reg. 11: 24 uninterrupted hours of weekly rest in each 7 days (or 48 h in 14 days; the
  7-day form is used) -> ``min_weekly_rest_minutes = 1440``.
* reg. 4: 48 hours average per 7 days over a 17-week reference period ->
  ``average_weekly_minutes = 2880``, ``averaging_weeks = 17``. Workers may opt out in writing;
  for them, override ``average_weekly_hours`` in ``[rules]``.
* reg. 12: an uninterrupted rest break of at least 20 minutes when the working day is longer
  than 6 hours -> one block of 20 min or more. The default break rule gives an unpaid
  30-minute lunch, the shortest block of at least 20 minutes on a 15-minute grid.
"""

from __future__ import annotations

from scheduler.models.instance import BreakRule, BreakSpec
from scheduler.models.labour_law import BlockKind, BreakEntitlement
from scheduler.presets.preset import LabourPreset

SOURCE = "Working Time Regulations 1998"

PRESET = LabourPreset(
    name="uk",
    title="Great Britain: Working Time Regulations 1998",
    sources=(
        f"{SOURCE} reg. 4 (48 h average over 17 weeks)",
        f"{SOURCE} reg. 10 (daily rest 11 h)",
        f"{SOURCE} reg. 11 (weekly rest 24 h)",
        f"{SOURCE} reg. 12 (20 min break over 6 h)",
    ),
    rules={
        "min_rest_minutes": 11 * 60,
        "min_weekly_rest_minutes": 24 * 60,
        "average_weekly_minutes": 48 * 60,
        "averaging_weeks": 17,
        "break_entitlements": (
            BreakEntitlement(
                work_over_minutes=6 * 60,
                kind=BlockKind.ANY,
                count=1,
                block_minutes=20,
                source=f"{SOURCE} reg. 12",
            ),
        ),
    },
    break_rules=(
        BreakRule(
            min_shift_minutes=6 * 60 + 1,
            max_shift_minutes=13 * 60,
            breaks=(
                BreakSpec(
                    kind="lunch", minutes=30, earliest_minutes=150, latest_minutes=330, paid=False
                ),
            ),
        ),
    ),
)
