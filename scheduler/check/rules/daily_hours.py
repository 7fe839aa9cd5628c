"""Most work in one day: paid shift minutes plus overtime (Germany's 10-hour day)."""

from __future__ import annotations

from scheduler.check.common import RuleCheck, duration, known_days, violation
from scheduler.check.violation import Violation
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster


def check_daily_hours(instance: Instance, roster: Roster) -> list[Violation]:
    """Paid minutes of the shift plus overtime minutes stay within the daily maximum."""
    cap = instance.rules.max_daily_work_minutes
    if cap is None:
        return []
    found = []
    for agent, agent_day in known_days(instance, roster):
        shift = agent_day.shift
        paid = instance.paid_minutes(shift.minutes) if shift is not None else 0
        overtime = sum(s.minutes for s in agent_day.overtime)
        if paid + overtime > cap:
            extra = f" plus {duration(overtime)} overtime" if overtime else ""
            detail = f"{duration(paid)} paid{extra} in one day, maximum {duration(cap)}"
            found.append(violation(instance, "daily_hours", agent.id, agent_day.day, detail))
    return found


RULES: dict[str, RuleCheck] = {"daily_hours": check_daily_hours}
