"""Helpers shared by the rule checks: wording of times and a per-agent view of the roster.

Every check phrases its numbers the same way ("9h30", "2026-12-01 22:00"), so planners read one
vocabulary whatever rule fired.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from scheduler.check.violation import Violation
from scheduler.models.clock import DAY_MINUTES, format_hhmm
from scheduler.models.instance import Agent, Instance
from scheduler.models.roster import AgentDay, Roster, Span

RuleCheck = Callable[[Instance, Roster], list[Violation]]
"""A rule's check: the violations of that one rule in a roster."""

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def duration(minutes: int) -> str:
    """``570`` -> ``9h30``, ``660`` -> ``11h``, ``45`` -> ``45 min``."""
    sign, minutes = ("-", -minutes) if minutes < 0 else ("", minutes)
    if minutes < 60:
        return f"{sign}{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{sign}{hours}h{rest:02d}" if rest else f"{sign}{hours}h"


def span_text(start: int, end: int) -> str:
    """A clock range within one day, e.g. ``08:00-16:30`` (the day's end shows as 24:00)."""
    return f"{format_hhmm(start)}-{format_hhmm(end)}"


def moment(instance: Instance, day: int, minute: int) -> str:
    """Date and time of ``minute`` after midnight of ``day``; minutes may leave the day."""
    extra, minute = divmod(minute, DAY_MINUTES)
    return f"{instance.horizon.date_of(day + extra).isoformat()} {format_hhmm(minute)}"


def iso(instance: Instance, day: int | None) -> str:
    return "" if day is None else instance.horizon.date_of(day).isoformat()


def week_text(instance: Instance, week: int) -> str:
    days = instance.horizon.week_days(week)
    first, last = iso(instance, days[0]), iso(instance, days[-1])
    return f"week {week + 1} ({first} to {last})"


def violation(instance: Instance, rule: str, agent: str, day: int | None, detail: str) -> Violation:
    return Violation(rule=rule, agent=agent, date=iso(instance, day), detail=detail)


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Minutes two half-open ranges share."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def work_spans(agent_day: AgentDay) -> list[tuple[str, Span]]:
    """The shift and overtime spans of an agent-day, labelled for messages."""
    spans = [("shift", agent_day.shift)] if agent_day.shift is not None else []
    return spans + [("overtime", s) for s in agent_day.overtime]


def known_days(instance: Instance, roster: Roster) -> Iterator[tuple[Agent, AgentDay]]:
    """Agent-days of known agents inside the horizon, in agent and day order.

    Anything else is reported once by the ``roster_reference`` rule; the other rules skip it
    rather than guess what it meant.
    """
    for agent_id, agent_days in roster.by_agent.items():
        agent = instance.agent_by_id.get(agent_id)
        if agent is None:
            continue
        for agent_day in agent_days:
            if agent_day.day < instance.horizon.days:
                yield agent, agent_day


def calendar(instance: Instance, roster: Roster) -> dict[str, dict[int, list[AgentDay]]]:
    """Every agent of the instance -> day -> its working agent-days (shift or overtime).

    Agents without a single working day are present with an empty mapping, so weekly minimums
    see them too.
    """
    result: dict[str, dict[int, list[AgentDay]]] = {a.id: {} for a in instance.agents}
    for agent, agent_day in known_days(instance, roster):
        if agent_day.works:
            result[agent.id].setdefault(agent_day.day, []).append(agent_day)
    return result


def work_window(agent_days: list[AgentDay]) -> tuple[int, int]:
    """First start and last end of work (shift or overtime) over one agent's day."""
    spans = [span for agent_day in agent_days for _, span in work_spans(agent_day)]
    return min(s.start_minute for s in spans), max(s.end_minute for s in spans)
