"""Overtime only where the agent offered it, within the offered minutes, never on top of a shift.

Overtime is voluntary: each span must fall inside one of the agent's offers for that day, and
the minutes placed in an offer may not exceed what the agent offered. When the instance sets
``rules.max_weekly_overtime_minutes``, an agent's overtime per week stays within it too (the
legal cap on regular plus overtime hours is the ``weekly_max_hours`` rule).
"""

from __future__ import annotations

from scheduler.check.common import (
    RuleCheck,
    duration,
    known_days,
    overlap,
    span_text,
    violation,
    week_text,
)
from scheduler.check.violation import Violation
from scheduler.models.instance import Instance, OvertimeOffer
from scheduler.models.roster import AgentDay, Roster, Span


def _offers(instance: Instance) -> dict[tuple[str, int], list[OvertimeOffer]]:
    index: dict[tuple[str, int], list[OvertimeOffer]] = {}
    for offer in instance.overtime_offers:
        index.setdefault((offer.agent, offer.day), []).append(offer)
    return index


def _offer_text(offer: OvertimeOffer) -> str:
    return (
        f"{span_text(offer.start_minute, offer.end_minute)} (up to {duration(offer.max_minutes)})"
    )


def _containing(span: Span, offers: list[OvertimeOffer]) -> int | None:
    for n, offer in enumerate(offers):
        if offer.start_minute <= span.start_minute and span.end_minute <= offer.end_minute:
            return n
    return None


def _offer_problems(spans: list[Span], offers: list[OvertimeOffer]) -> list[str]:
    """Spans outside every offer, and offers given more minutes than offered."""
    problems = []
    used = [0] * len(offers)
    for span in spans:
        n = _containing(span, offers)
        if n is None:
            offered = "; ".join(_offer_text(o) for o in offers) or "none that day"
            text = span_text(span.start_minute, span.end_minute)
            problems.append(f"overtime {text} lies outside the agent's offers ({offered})")
        else:
            used[n] += span.minutes
    for offer, minutes in zip(offers, used, strict=True):
        if minutes > offer.max_minutes:
            window = span_text(offer.start_minute, offer.end_minute)
            problems.append(
                f"{duration(minutes)} overtime in the offer {window}, "
                f"maximum {duration(offer.max_minutes)}"
            )
    return problems


def _overlap_problems(agent_days: list[AgentDay], spans: list[Span]) -> list[str]:
    """Overtime overlapping a shift or other overtime (it would be counted twice)."""
    problems = []
    shifts = [a.shift for a in agent_days if a.shift is not None]
    for i, span in enumerate(spans):
        text = f"overtime {span_text(span.start_minute, span.end_minute)}"
        for shift in shifts:
            shared = overlap(
                span.start_minute, span.end_minute, shift.start_minute, shift.end_minute
            )
            if shared:
                shift_text = span_text(shift.start_minute, shift.end_minute)
                problems.append(f"{text} overlaps the shift {shift_text} by {shared} min")
        for other in spans[i + 1 :]:
            if overlap(span.start_minute, span.end_minute, other.start_minute, other.end_minute):
                problems.append(
                    f"{text} overlaps overtime {span_text(other.start_minute, other.end_minute)}"
                )
    return problems


def check_overtime(instance: Instance, roster: Roster) -> list[Violation]:
    """Every overtime rule, one violation per problem."""
    offers = _offers(instance)
    by_day: dict[tuple[str, int], list[AgentDay]] = {}
    for agent, agent_day in known_days(instance, roster):
        by_day.setdefault((agent.id, agent_day.day), []).append(agent_day)
    found = []
    for (agent_id, day), agent_days in by_day.items():
        spans = sorted(
            (s for a in agent_days for s in a.overtime),
            key=lambda s: (s.start_minute, s.end_minute),
        )
        if not spans:
            continue
        problems = _offer_problems(spans, offers.get((agent_id, day), []))
        problems += _overlap_problems(agent_days, spans)
        found += [violation(instance, "overtime", agent_id, day, p) for p in problems]
    return found


def check_weekly_overtime(instance: Instance, roster: Roster) -> list[Violation]:
    """Overtime minutes per agent and week within ``rules.max_weekly_overtime_minutes``."""
    cap = instance.rules.max_weekly_overtime_minutes
    if cap is None:
        return []
    per_week: dict[tuple[str, int], int] = {}
    for agent, agent_day in known_days(instance, roster):
        minutes = sum(s.minutes for s in agent_day.overtime)
        if minutes:
            key = (agent.id, agent_day.day // 7)
            per_week[key] = per_week.get(key, 0) + minutes
    found = []
    for (agent_id, week), minutes in sorted(per_week.items()):
        if minutes > cap:
            detail = (
                f"{week_text(instance, week)}: {duration(minutes)} overtime, "
                f"maximum {duration(cap)}"
            )
            first_day = instance.horizon.week_days(week)[0]
            found.append(violation(instance, "weekly_overtime", agent_id, first_day, detail))
    return found


RULES: dict[str, RuleCheck] = {
    "overtime": check_overtime,
    "weekly_overtime": check_weekly_overtime,
}
