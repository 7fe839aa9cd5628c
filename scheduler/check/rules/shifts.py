"""Where a shift may sit: one a day, from an allowed template, inside the agent's limits, on grid.

Also the roster's own references (known agent, day inside the horizon) and the queue skill,
since they are properties of an agent-day rather than of a week.
"""

from __future__ import annotations

from scheduler.check.common import (
    WEEKDAY_NAMES,
    RuleCheck,
    duration,
    known_days,
    span_text,
    violation,
)
from scheduler.check.violation import Violation
from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Instance, ShiftTemplate
from scheduler.models.roster import AgentDay, Roster, Span


def check_roster_reference(instance: Instance, roster: Roster) -> list[Violation]:
    """Agent-days naming an unknown agent or a day past the horizon (other rules skip them)."""
    found = []
    for agent_day in roster.agent_days:
        if agent_day.agent not in instance.agent_by_id:
            detail = f"the roster names agent {agent_day.agent!r}, who is not in the instance"
            found.append(violation(instance, "roster_reference", agent_day.agent, None, detail))
        elif agent_day.day >= instance.horizon.days:
            detail = (
                f"the roster has an entry on day {agent_day.day}, after the "
                f"{instance.horizon.days}-day horizon"
            )
            found.append(violation(instance, "roster_reference", agent_day.agent, None, detail))
    return found


def check_one_shift_per_day(instance: Instance, roster: Roster) -> list[Violation]:
    """At most one agent-day (hence one shift) per agent and day."""
    entries: dict[tuple[str, int], list[AgentDay]] = {}
    for agent, agent_day in known_days(instance, roster):
        entries.setdefault((agent.id, agent_day.day), []).append(agent_day)
    found = []
    for (agent_id, day), agent_days in entries.items():
        if len(agent_days) > 1:
            shifts = [
                span_text(a.shift.start_minute, a.shift.end_minute) for a in agent_days if a.shift
            ]
            listed = ", ".join(shifts) or "none"
            detail = (
                f"{len(agent_days)} roster entries on one day (shifts {listed}); "
                "at most one shift per day"
            )
            found.append(violation(instance, "one_shift_per_day", agent_id, day, detail))
    return found


def _template_misfit(template: ShiftTemplate, weekday: int, shift: Span) -> str | None:
    """Why ``shift`` does not come from ``template``, or None when it does."""
    reasons = []
    if shift.start_minute not in template.starts():
        reasons.append(
            f"starts {format_hhmm(template.start_earliest_minute)} to "
            f"{format_hhmm(template.start_latest_minute)} every {template.start_step_minutes} min"
        )
    if shift.minutes not in template.lengths_minutes:
        reasons.append("lengths " + ", ".join(duration(n) for n in template.lengths_minutes))
    if weekday not in template.weekdays:
        reasons.append("days " + ", ".join(WEEKDAY_NAMES[d][:3] for d in template.weekdays))
    return f"{template.name} allows {' and '.join(reasons)}" if reasons else None


def check_template(instance: Instance, roster: Roster) -> list[Violation]:
    """A shift's start, length and weekday must come from one of the agent's templates."""
    found = []
    for agent, agent_day in known_days(instance, roster):
        shift = agent_day.shift
        if shift is None:
            continue
        weekday = instance.weekday(agent_day.day)
        misfits = [_template_misfit(t, weekday, shift) for t in instance.templates_for(agent)]
        if all(misfits):
            text = span_text(shift.start_minute, shift.end_minute)
            detail = (
                f"shift {text} ({duration(shift.minutes)}) on {WEEKDAY_NAMES[weekday]} "
                f"fits no allowed template: {'; '.join(m for m in misfits if m)}"
            )
            found.append(violation(instance, "template", agent.id, agent_day.day, detail))
    return found


def check_start_end_limits(instance: Instance, roster: Roster) -> list[Violation]:
    """Shifts start no earlier and end no later than the agent's own limits."""
    found = []
    for agent, agent_day in known_days(instance, roster):
        shift = agent_day.shift
        if shift is None:
            continue
        text = span_text(shift.start_minute, shift.end_minute)
        if shift.start_minute < agent.earliest_start_minute:
            detail = (
                f"shift {text} starts before the agent's earliest start "
                f"{format_hhmm(agent.earliest_start_minute)}"
            )
            found.append(violation(instance, "start_end_limits", agent.id, agent_day.day, detail))
        if shift.end_minute > agent.latest_end_minute:
            detail = (
                f"shift {text} ends after the agent's latest end "
                f"{format_hhmm(agent.latest_end_minute)}"
            )
            found.append(violation(instance, "start_end_limits", agent.id, agent_day.day, detail))
    return found


def check_grid(instance: Instance, roster: Roster) -> list[Violation]:
    """Shift, break and overtime boundaries sit on the horizon's time step."""
    step = instance.horizon.time_step_minutes
    found = []
    for agent, agent_day in known_days(instance, roster):
        items: list[tuple[str, Span]] = [("shift", agent_day.shift)] if agent_day.shift else []
        items += [(b.kind, b) for b in agent_day.breaks]
        items += [("overtime", s) for s in agent_day.overtime]
        off = [
            f"{label} {span_text(s.start_minute, s.end_minute)}"
            for label, s in items
            if s.start_minute % step or s.end_minute % step
        ]
        if off:
            detail = f"{', '.join(off)} not on the {step}-minute grid"
            found.append(violation(instance, "grid", agent.id, agent_day.day, detail))
    return found


def check_queue_skill(instance: Instance, roster: Roster) -> list[Violation]:
    """A working agent-day's queue must be one the agent is skilled for."""
    found = []
    for agent, agent_day in known_days(instance, roster):
        if agent_day.works and agent_day.queue not in agent.queues:
            queue = f"queue {agent_day.queue!r}" if agent_day.queue else "no queue"
            detail = f"works on {queue}; skilled for {', '.join(agent.queues)}"
            found.append(violation(instance, "queue_skill", agent.id, agent_day.day, detail))
    return found


RULES: dict[str, RuleCheck] = {
    "roster_reference": check_roster_reference,
    "one_shift_per_day": check_one_shift_per_day,
    "template": check_template,
    "start_end_limits": check_start_end_limits,
    "grid": check_grid,
    "queue_skill": check_queue_skill,
}


def check_shifts(instance: Instance, roster: Roster) -> list[Violation]:
    """Every shift-placement rule."""
    return [v for check in RULES.values() for v in check(instance, roster)]
