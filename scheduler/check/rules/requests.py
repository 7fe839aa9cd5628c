"""Day-off requests: a granted one is a hard day off; denied ones only cost (see ``costs``)."""

from __future__ import annotations

from scheduler.check.common import RuleCheck, calendar, span_text, violation, work_window
from scheduler.check.violation import Violation
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster


def check_granted_requests(instance: Instance, roster: Roster) -> list[Violation]:
    """An agent does not work (shift or overtime) on a day off the planner has granted."""
    days = calendar(instance, roster)
    found = []
    for request in instance.requests:
        agent_days = days[request.agent].get(request.day)
        if request.granted and agent_days:
            start, end = work_window(agent_days)
            detail = f"works {span_text(start, end)} on a day off the planner granted"
            found.append(
                violation(instance, "granted_requests", request.agent, request.day, detail)
            )
    return found


RULES: dict[str, RuleCheck] = {
    "granted_requests": check_granted_requests,
}


def check_requests(instance: Instance, roster: Roster) -> list[Violation]:
    """Every request rule."""
    return [v for check in RULES.values() for v in check(instance, roster)]
