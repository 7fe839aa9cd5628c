"""The rule registry: every optimiser rule has a checker, and each reports only its own rule."""

from check_kit import block, day, make_instance, roster, span

from scheduler.check import RULES, validate

# The hard rules of the scheduling model (see the validator's brief); the optimiser enforces
# each of them, so each needs an independent checker.
OPTIMISER_RULES = {
    "one_shift_per_day",
    "template",
    "start_end_limits",
    "availability",
    "leave",
    "breaks",
    "grid",
    "rest",
    "weekly_max_hours",
    "weekly_min_hours",
    "max_days_per_week",
    "max_consecutive_days",
    "late_shifts",
    "granted_requests",
    "queue_skill",
    "overtime",
}


def test_every_optimiser_rule_has_a_checker():
    assert set(RULES) >= OPTIMISER_RULES


def chaos():
    """A roster breaking many rules at once."""
    return roster(
        [
            day("A1", 0, "12:30", queue="service", overtime=(span("21:00", "23:00"),)),
            day("A1", 0, "05:00", 4),
            day("A1", 1, "07:00", breaks=(block("break", "07:05", "07:20"),)),
            *[day("A1", d, "13:00") for d in (2, 3, 4, 5, 6)],
            day("A2", 2, "07:00"),
            day("ZZ", 0, "08:00"),
        ]
    )


def test_each_check_reports_only_its_own_rule():
    instance = make_instance({"A1": {"prior_consecutive_days": 3}})
    everything = validate(instance, chaos()).violations
    for name, check in RULES.items():
        assert {v.rule for v in check(instance, chaos())} <= {name}
    assert len(everything) == sum(len(check(instance, chaos())) for check in RULES.values())
    assert {v.rule for v in everything} >= {
        "one_shift_per_day",
        "template",
        "start_end_limits",
        "availability",
        "leave",
        "breaks",
        "grid",
        "rest",
        "weekly_max_hours",
        "max_days_per_week",
        "max_consecutive_days",
        "late_shifts",
        "granted_requests",
        "queue_skill",
        "overtime",
        "roster_reference",
    }
