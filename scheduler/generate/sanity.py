"""Solver-free sanity checks of an instance, run on every generated and shipped instance.

An instance can load cleanly and still be impossible to roster: an agent whose minimum hours no
allowed shift can reach, or demand at an hour no allowed shift covers. The optimiser would then
report "infeasible" or a large shortfall with no hint why; these checks name the agent or the
interval instead. They are deliberately optimistic (each day judged on its own, rest and
consecutive-day limits ignored), so a problem they report is certainly real.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Agent, Instance, Role


def rosterable(agent: Agent) -> bool:
    """Agents ``plan`` puts on the phones; support staff and reserves wait for re-planning."""
    return agent.role == Role.AGENT and agent.reserve_tier == 0


def allowed_shifts(
    instance: Instance, agent: Agent, day: int | None = None
) -> list[tuple[int, int]]:
    """(start, length) of each shift the agent may work between earliest start and latest end.

    With ``day``, also the template's weekdays and the agent's absences that day apply.
    """
    weekday = None if day is None else instance.weekday(day)
    busy = [] if day is None else instance.absences_of(agent.id, day)
    return sorted(
        {
            (start, length)
            for template in instance.templates_for(agent)
            if weekday is None or weekday in template.weekdays
            for start, length in template.shift_options()
            if start >= agent.earliest_start_minute
            and start + length <= agent.latest_end_minute
            and not any(a.start_minute < start + length and start < a.end_minute for a in busy)
        }
    )


def best_paid_minutes(instance: Instance, agent: Agent, day: int) -> int:
    """Longest paid time the agent could work on ``day`` (0 when closed or a granted day off)."""
    granted = any(r.agent == agent.id and r.day == day and r.granted for r in instance.requests)
    if granted or instance.open_hours(day) is None:
        return 0
    lengths = (length for _, length in allowed_shifts(instance, agent, day))
    return max((instance.paid_minutes(length) for length in lengths), default=0)


def reachable_weekly_minutes(instance: Instance, agent: Agent, week: int) -> int:
    """Most paid minutes the agent can work in ``week``: best days up to the day limit."""
    best = sorted(
        (best_paid_minutes(instance, agent, day) for day in instance.horizon.week_days(week)),
        reverse=True,
    )
    days = instance.weekly_max_days(agent, week)
    return min(sum(best[:days]), instance.weekly_max_minutes(agent))


def contract_problems(instance: Instance) -> list[str]:
    """Rosterable agents with no allowed shift, or a weekly minimum no set of shifts reaches."""
    problems = []
    for agent in filter(rosterable, instance.agents):
        if not allowed_shifts(instance, agent):
            window = f"{format_hhmm(agent.earliest_start_minute)}-"
            window += format_hhmm(agent.latest_end_minute)
            problems.append(f"agent {agent.id}: no allowed shift fits within {window}")
            continue
        for week in range(instance.horizon.weeks):
            need = instance.weekly_min_minutes(agent, week)
            can = reachable_weekly_minutes(instance, agent, week)
            if need > can:
                problems.append(
                    f"agent {agent.id}, week {week + 1}: needs {need / 60:g} h, "
                    f"at most {can / 60:g} h fit in allowed shifts"
                )
    return problems


def uncovered_demand(instance: Instance) -> list[str]:
    """Intervals with a requirement that no allowed shift of any rosterable agent could cover."""
    size = instance.horizon.interval_minutes
    per_day = instance.horizon.intervals_per_day
    problems = []
    for day in range(instance.horizon.days):
        covered = {q: np.zeros(per_day, dtype=bool) for q in instance.queue_ids}
        for agent in filter(rosterable, instance.agents):
            reach = np.zeros(per_day, dtype=bool)
            for start, length in allowed_shifts(instance, agent, day):
                reach[start // size : -(-(start + length) // size)] = True
            for queue in agent.queues:
                covered[queue] |= reach
        for queue, required in instance.demand.required.items():
            today = np.asarray(required[day * per_day : (day + 1) * per_day])
            for k in np.flatnonzero((today > 0) & ~covered[queue]):
                when = f"{instance.horizon.date_of(day)} {format_hhmm(int(k) * size)}"
                problems.append(f"queue {queue}, {when}: {today[k]} required, no shift covers it")
    return problems


@dataclass(frozen=True)
class WeekLoad:
    """Demand against contract capacity in one 7-day block.

    Required hours are agent-hours on the phones; contract hours are paid hours of rosterable
    agents, which still include paid breaks (about 6 % of an 8 h shift).
    """

    week: int
    required_hours: float
    min_contract_hours: float
    max_contract_hours: float


def weekly_load(instance: Instance) -> list[WeekLoad]:
    """Required agent-hours and the rosterable agents' contract range, per 7-day block."""
    per_day = instance.horizon.intervals_per_day
    agents = list(filter(rosterable, instance.agents))
    loads = []
    for week in range(instance.horizon.weeks):
        days = instance.horizon.week_days(week)
        window = slice(days.start * per_day, days.stop * per_day)
        required = sum(sum(values[window]) for values in instance.demand.required.values())
        least = sum(instance.weekly_min_minutes(a, week) for a in agents)
        most = sum(reachable_weekly_minutes(instance, a, week) for a in agents)
        hours = required * instance.horizon.interval_minutes / 60
        loads.append(WeekLoad(week, hours, least / 60, most / 60))
    return loads


def describe(instance: Instance) -> str:
    """One line a planner can read: size, and demand against contract capacity."""
    loads = weekly_load(instance)
    required = sum(w.required_hours for w in loads)
    least = sum(w.min_contract_hours for w in loads)
    most = sum(w.max_contract_hours for w in loads)
    staff = sum(1 for a in instance.agents if rosterable(a))
    return (
        f"{len(instance.agents)} agents ({staff} rosterable), {len(instance.queues)} queues, "
        f"{instance.horizon.days} days from {instance.horizon.start}; "
        f"demand {required:,.0f} agent-h vs contract {least:,.0f}-{most:,.0f} paid h"
    )
