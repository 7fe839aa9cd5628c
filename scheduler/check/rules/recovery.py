"""Recovery between working days: minimum rest and the longest run of consecutive days.

Both look across day boundaries and back into the time before the horizon (the agent's last
shift end and days already worked in a row), which is why they share a module.
"""

from __future__ import annotations

from scheduler.check.common import (
    RuleCheck,
    calendar,
    duration,
    iso,
    moment,
    violation,
    work_window,
)
from scheduler.check.violation import Violation
from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Agent, Instance
from scheduler.models.roster import AgentDay, Roster


def _rest_breaches(
    instance: Instance, agent: Agent, days: dict[int, list[AgentDay]]
) -> list[Violation]:
    """Short rests of one agent; the first working day is measured from the prior shift end."""
    minimum = instance.rules.min_rest_minutes
    previous_end = agent.prior_shift_end_minute  # minutes from day 0's midnight, or None
    found = []
    for day in sorted(days):
        start, end = work_window(days[day])
        start_abs = day * DAY_MINUTES + start
        if previous_end is not None and start_abs - previous_end < minimum:
            rest = duration(start_abs - previous_end)
            detail = (
                f"rest {rest} between {moment(instance, 0, previous_end)} and "
                f"{moment(instance, day, start)}, minimum {duration(minimum)}"
            )
            found.append(violation(instance, "rest", agent.id, day, detail))
        previous_end = day * DAY_MINUTES + end
    return found


def check_rest(instance: Instance, roster: Roster) -> list[Violation]:
    """Between the end of work on a day and the start on the next working day."""
    days = calendar(instance, roster)
    return [v for agent in instance.agents for v in _rest_breaches(instance, agent, days[agent.id])]


def _runs(first_day: int, worked: list[bool]) -> list[tuple[int, int]]:
    """(first, last) day of each run of True values; ``first_day`` may be before day 0."""
    runs, start = [], None
    for offset, works in enumerate(worked):
        if works and start is None:
            start = first_day + offset
        elif not works and start is not None:
            runs.append((start, first_day + offset - 1))
            start = None
    if start is not None:
        runs.append((start, first_day + len(worked) - 1))
    return runs


def _long_runs(
    instance: Instance, agent: Agent, days: dict[int, list[AgentDay]]
) -> list[Violation]:
    """Over-long runs of one agent, reported on the first day past the limit."""
    limit = instance.rules.max_consecutive_days
    prior = agent.prior_consecutive_days
    worked = [True] * prior + [d in days for d in range(instance.horizon.days)]
    found = []
    for first, last in _runs(-prior, worked):
        length = last - first + 1
        if length > limit and last >= 0:
            before = f", {-first} of them before the horizon" if first < 0 else ""
            detail = (
                f"{length} working days in a row from {iso(instance, first)} to "
                f"{iso(instance, last)}{before}, maximum {limit}"
            )
            breaking_day = max(0, first + limit)
            found.append(
                violation(instance, "max_consecutive_days", agent.id, breaking_day, detail)
            )
    return found


def check_max_consecutive_days(instance: Instance, roster: Roster) -> list[Violation]:
    """No run of working days longer than the maximum, counting days worked before day 0."""
    if instance.soft_run_price() is not None:
        return []  # soft: priced by ``days_past_run_limit`` in the costs instead
    days = calendar(instance, roster)
    return [v for agent in instance.agents for v in _long_runs(instance, agent, days[agent.id])]


def days_past_run_limit(instance: Instance, roster: Roster) -> int:
    """Working days inside the horizon that come after ``max_consecutive_days`` in a row
    (days before day 0 count towards the run): what a soft rule charges for."""
    limit = instance.rules.max_consecutive_days
    days = calendar(instance, roster)
    past = 0
    for agent in instance.agents:
        prior = agent.prior_consecutive_days
        worked = [True] * prior + [d in days[agent.id] for d in range(instance.horizon.days)]
        for first, last in _runs(-prior, worked):
            past += max(0, last - max(first + limit, 0) + 1)
    return past


RULES: dict[str, RuleCheck] = {
    "rest": check_rest,
    "max_consecutive_days": check_max_consecutive_days,
}


def check_recovery(instance: Instance, roster: Roster) -> list[Violation]:
    """Every recovery rule."""
    return [v for check in RULES.values() for v in check(instance, roster)]
