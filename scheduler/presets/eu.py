"""EU Working Time Directive 2003/88/EC: the floor every member state's law builds on.

Sources (articles of the directive):

* Art. 3: 11 consecutive hours of daily rest per 24 hours -> ``min_rest_minutes = 660``.
* Art. 5: per 7-day period an uninterrupted rest of 24 hours *plus* the 11 hours of daily rest
  -> ``min_weekly_rest_minutes = 2100`` (35 h).
* Art. 6: average working time of at most 48 hours per 7-day period, including overtime;
  Art. 16(b): over a reference period of up to 4 months -> ``average_weekly_minutes = 2880``
  over ``averaging_weeks = 17``.
* Art. 4: a rest break when the working day is longer than 6 hours; its length is left to
  national law or collective agreement -> one break of any length once work exceeds 6 h. The
  default break rule gives 15 minutes (one step of the usual 15-minute grid).

Not set by the directive and left at the project's defaults: the single-week cap
``max_weekly_minutes`` (48 h; raise it in ``[rules]`` to let the 17-week average do the work),
consecutive days, days off per week.
"""

from __future__ import annotations

from scheduler.models.instance import BreakRule, BreakSpec
from scheduler.models.labour_law import BreakEntitlement
from scheduler.presets.preset import LabourPreset

SOURCE = "Directive 2003/88/EC"

PRESET = LabourPreset(
    name="eu",
    title="EU Working Time Directive 2003/88/EC",
    sources=(
        f"{SOURCE} Art. 3 (daily rest 11 h)",
        f"{SOURCE} Art. 4 (break when the day exceeds 6 h)",
        f"{SOURCE} Art. 5 (weekly rest 24 h + 11 h)",
        f"{SOURCE} Art. 6, 16(b) (48 h average over up to 4 months)",
    ),
    rules={
        "min_rest_minutes": 11 * 60,
        "min_weekly_rest_minutes": (24 + 11) * 60,
        "average_weekly_minutes": 48 * 60,
        "averaging_weeks": 17,
        "break_entitlements": (
            BreakEntitlement(work_over_minutes=6 * 60, count=1, source=f"{SOURCE} Art. 4"),
        ),
    },
    break_rules=(
        BreakRule(
            min_shift_minutes=6 * 60 + 1,
            max_shift_minutes=13 * 60,
            breaks=(BreakSpec(minutes=15, earliest_minutes=120, latest_minutes=300),),
        ),
    ),
)
