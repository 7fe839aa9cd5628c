"""What a change to a roster broke: the validator's violations after it that were not there before.

Trades and time off change a roster that may already break rules (a hand-edited roster, a
week planned under a time limit); such a change is judged only on the violations it adds.
Violations are matched on (rule, agent, date), so the same breach with new numbers is not new.
"""

from __future__ import annotations

from collections import Counter

from scheduler.check import Violation, validate
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster


def _key(violation: Violation) -> tuple[str, str, str]:
    return violation.rule, violation.agent, violation.date


def new_violations(
    before_instance: Instance,
    before: Roster,
    after_instance: Instance,
    after: Roster,
) -> list[Violation]:
    """Violations of ``after`` beyond those ``before`` already had, in the validator's order."""
    seen = Counter(_key(v) for v in validate(before_instance, before).violations)
    added = []
    for violation in validate(after_instance, after).violations:
        key = _key(violation)
        if seen[key]:
            seen[key] -= 1
        else:
            added.append(violation)
    return added
