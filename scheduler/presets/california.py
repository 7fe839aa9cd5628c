"""California: Labor Code §§ 512, 551-552 and the IWC wage orders (4 and 7, section 11-12).

Sources:

* Labor Code § 512(a): a meal period of at least 30 minutes for more than 5 hours of work,
  starting no later than the end of the fifth hour; a second one for more than 10 hours ->
  lunch entitlements (block 30 min, the first starting by 300 min, the second by 600 min). The
  waiver for days of at most 6 hours, which needs the employee's consent, is not modelled.
* IWC wage orders, section 12: 10 minutes of net rest per 4 hours worked "or major fraction
  thereof", none under 3.5 hours: 1 rest for more than 3 h 30, 2 for more than 6 h, 3 for more
  than 10 h -> break entitlements (block 10 min). The default rules give 15-minute paid rests,
  the shortest block of at least 10 minutes on a 15-minute grid.
* Labor Code §§ 551-552: one day's rest in seven -> ``max_consecutive_days = 6``.

California sets no daily rest and no cap on weekly hours (overtime is paid, not forbidden):
``min_rest_minutes`` is 0 and the project's 48 h single-week cap stays unless overridden.
Work is paid minutes: rest breaks count as work, unpaid meals do not, as in California.
"""

from __future__ import annotations

from scheduler.models.instance import BreakRule, BreakSpec
from scheduler.models.labour_law import BlockKind, BreakEntitlement
from scheduler.presets.preset import LabourPreset

MEAL = "California Labor Code § 512"
REST = "IWC wage orders, section 12"


def _rest(over: int, count: int) -> BreakEntitlement:
    return BreakEntitlement(
        work_over_minutes=over, kind=BlockKind.BREAK, count=count, block_minutes=10, source=REST
    )


def _meal(over: int, count: int, latest: int) -> BreakEntitlement:
    return BreakEntitlement(
        work_over_minutes=over,
        kind=BlockKind.LUNCH,
        count=count,
        block_minutes=30,
        latest_start_minutes=latest,
        source=MEAL,
    )


def _rest_spec(earliest: int, latest: int | None = None, before_end: int = 0) -> BreakSpec:
    return BreakSpec(
        minutes=15,
        earliest_minutes=earliest,
        latest_minutes=latest,
        min_minutes_before_end=before_end,
    )


def _meal_spec(earliest: int, latest: int) -> BreakSpec:
    return BreakSpec(
        kind="lunch", minutes=30, earliest_minutes=earliest, latest_minutes=latest, paid=False
    )


PRESET = LabourPreset(
    name="ca",
    title="California: Labor Code § 512 and IWC wage orders",
    sources=(
        f"{MEAL} (30 min meal before the end of the 5th hour; a second over 10 h)",
        f"{REST} (10 min rest per 4 h or major fraction)",
        "California Labor Code §§ 551-552 (one day's rest in seven)",
    ),
    rules={
        "min_rest_minutes": 0,
        "max_consecutive_days": 6,
        "break_entitlements": (
            _rest(210, 1),
            _rest(360, 2),
            _rest(600, 3),
            _meal(300, 1, 300),
            _meal(600, 2, 600),
        ),
    },
    break_rules=(
        BreakRule(min_shift_minutes=211, max_shift_minutes=300, breaks=(_rest_spec(60, 150),)),
        BreakRule(
            min_shift_minutes=301,
            max_shift_minutes=360,
            breaks=(_rest_spec(60, 120), _meal_spec(150, 300)),
        ),
        BreakRule(
            min_shift_minutes=361,
            max_shift_minutes=630,
            breaks=(_rest_spec(60, 150), _meal_spec(180, 300), _rest_spec(240, None, 30)),
        ),
        BreakRule(
            min_shift_minutes=631,
            max_shift_minutes=720,
            breaks=(
                _rest_spec(60, 150),
                _meal_spec(180, 300),
                _rest_spec(330, 450),
                _meal_spec(480, 600),
                _rest_spec(540, None, 15),
            ),
        ),
    ),
)
