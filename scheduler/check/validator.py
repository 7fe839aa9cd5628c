"""Run every hard-rule check and recompute the costs: the proof a roster is what it claims.

``RULES`` names each rule once. The optimiser's rule families must each have an entry here (a
test asserts it), so no constraint exists that the validator cannot confirm independently.
"""

from __future__ import annotations

from scheduler.check.common import RuleCheck
from scheduler.check.costs import evaluate
from scheduler.check.rules import (
    absences,
    average_hours,
    break_law,
    breaks,
    contracts,
    daily_hours,
    overtime,
    recovery,
    requests,
    shifts,
    weekly_rest,
)
from scheduler.check.violation import CheckReport, Violation
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster

RULES: dict[str, RuleCheck] = {
    **shifts.RULES,
    **absences.RULES,
    **breaks.RULES,
    **recovery.RULES,
    **contracts.RULES,
    **requests.RULES,
    **overtime.RULES,
    **weekly_rest.RULES,
    **average_hours.RULES,
    **daily_hours.RULES,
    **break_law.RULES,
}


def check_rules(instance: Instance, roster: Roster) -> list[Violation]:
    """Every hard-rule violation, grouped by rule in ``RULES`` order."""
    return [v for check in RULES.values() for v in check(instance, roster)]


def validate(instance: Instance, roster: Roster) -> CheckReport:
    """Check every hard rule and recompute every cost term of ``roster`` for ``instance``.

    Raises ``MissingRequirementsError`` (a ``ValueError``) when the instance carries a forecast
    but no staffing requirements, since coverage cannot be costed then.
    """
    costs, counts = evaluate(instance, roster)
    violations = check_rules(instance, roster)
    counts["violations"] = len(violations)
    return CheckReport(
        instance=instance.name, violations=tuple(violations), costs=costs, counts=counts
    )
