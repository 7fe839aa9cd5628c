"""No work while absent: leave is reported apart from other unavailability.

Leave is kept separate because it has contractual weight (it credits weekly hours), so a planner
treats "scheduled on approved leave" differently from "scheduled outside availability".
"""

from __future__ import annotations

from scheduler.check.common import (
    RuleCheck,
    duration,
    known_days,
    overlap,
    span_text,
    violation,
    work_spans,
)
from scheduler.check.violation import Violation
from scheduler.models.instance import Absence, AbsenceReason, Instance
from scheduler.models.roster import Roster, Span

REASON_TEXT = {
    AbsenceReason.LEAVE: "approved leave",
    AbsenceReason.UNAVAILABLE: "unavailability",
    AbsenceReason.SICK: "sickness absence",
    AbsenceReason.TRAINING: "training absence",
}


def _clash(label: str, span: Span, absence: Absence) -> str | None:
    """How a work span overlaps an absence, or None when it does not."""
    shared = overlap(span.start_minute, span.end_minute, absence.start_minute, absence.end_minute)
    if not shared:
        return None
    work = span_text(span.start_minute, span.end_minute)
    away = span_text(absence.start_minute, absence.end_minute)
    return f"{label} {work} overlaps {REASON_TEXT[absence.reason]} {away} by {duration(shared)}"


def _absence_clashes(instance: Instance, roster: Roster, *, leave: bool) -> list[Violation]:
    """Work spans overlapping an absence whose reason is (or is not) leave."""
    rule = "leave" if leave else "availability"
    found = []
    for agent, agent_day in known_days(instance, roster):
        for absence in instance.absences_of(agent.id, agent_day.day):
            if (absence.reason == AbsenceReason.LEAVE) != leave:
                continue
            for label, span in work_spans(agent_day):
                detail = _clash(label, span, absence)
                if detail:
                    found.append(violation(instance, rule, agent.id, agent_day.day, detail))
    return found


def check_availability(instance: Instance, roster: Roster) -> list[Violation]:
    """No shift or overtime minute while the agent is unavailable, sick or in training."""
    return _absence_clashes(instance, roster, leave=False)


def check_leave(instance: Instance, roster: Roster) -> list[Violation]:
    """No shift or overtime minute during approved leave."""
    return _absence_clashes(instance, roster, leave=True)


RULES: dict[str, RuleCheck] = {
    "availability": check_availability,
    "leave": check_leave,
}


def check_absences(instance: Instance, roster: Roster) -> list[Violation]:
    """Every absence rule."""
    return [v for check in RULES.values() for v in check(instance, roster)]
