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
from scheduler.models.roster import AgentDay, Roster, Span

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


AWAY_KINDS = frozenset({"absent"})  # a re-plan sent the agent home for the rest of the shift


def _present(label: str, span: Span, agent_day: AgentDay) -> list[tuple[str, Span]]:
    """The parts of a shift not marked as an absence block (an agent sent home mid-shift by a
    re-plan keeps the shift, with an ``absent`` block to its end)."""
    if label != "shift":
        return [(label, span)]
    away = sorted(
        (b for b in agent_day.breaks if b.kind in AWAY_KINDS), key=lambda b: b.start_minute
    )
    parts, cursor = [], span.start_minute
    for block in away:
        if block.start_minute > cursor:
            parts.append((label, Span(start_minute=cursor, end_minute=block.start_minute)))
        cursor = max(cursor, block.end_minute)
    if cursor < span.end_minute:
        parts.append((label, Span(start_minute=cursor, end_minute=span.end_minute)))
    return parts


def _absence_clashes(instance: Instance, roster: Roster, *, leave: bool) -> list[Violation]:
    """Work spans overlapping an absence whose reason is (or is not) leave."""
    rule = "leave" if leave else "availability"
    found = []
    for agent, agent_day in known_days(instance, roster):
        for absence in instance.absences_of(agent.id, agent_day.day):
            if (absence.reason == AbsenceReason.LEAVE) != leave:
                continue
            present = [p for ls in work_spans(agent_day) for p in _present(*ls, agent_day)]
            for label, span in present:
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
