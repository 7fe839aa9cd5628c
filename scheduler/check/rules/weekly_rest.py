"""Weekly rest: in every 7-day block, one uninterrupted rest of at least the minimum.

A rest period runs from the end of work on one day to the start of work on the next working
day; the first runs from the last shift before the horizon (``prior_shift_end``, else the
horizon's start) and the last runs to the horizon's end, since nothing later is known. A period
counts for every week block holding one of the days it touches (the day it starts on to the
day it ends on), so a long weekend across two blocks serves both. The optimiser's
``weekly_rest`` module uses the same definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.check.common import RuleCheck, calendar, duration, violation, week_text, work_window
from scheduler.check.violation import Violation
from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Agent, Instance
from scheduler.models.roster import AgentDay, Roster


@dataclass(frozen=True)
class RestPeriod:
    first_day: int  # the day the rest starts on (-1: before the horizon)
    last_day: int  # the day it ends on
    minutes: int


def rest_periods(
    instance: Instance, agent: Agent, days: dict[int, list[AgentDay]]
) -> list[RestPeriod]:
    """The agent's rest periods over the horizon, in order."""
    horizon_end = instance.horizon.days * DAY_MINUTES
    prior = agent.prior_shift_end_minute
    previous_end, previous_day = (prior, -1) if prior is not None else (0, 0)
    periods = []
    for day in sorted(days):
        start, end = work_window(days[day])
        start_abs = day * DAY_MINUTES + start
        periods.append(RestPeriod(previous_day, day, start_abs - previous_end))
        previous_end, previous_day = day * DAY_MINUTES + end, day
    last_day = instance.horizon.days - 1
    periods.append(RestPeriod(previous_day, last_day, horizon_end - previous_end))
    return periods


def _breaches(instance: Instance, agent: Agent, days: dict[int, list[AgentDay]]) -> list[Violation]:
    minimum = instance.rules.min_weekly_rest_minutes
    periods = rest_periods(instance, agent, days)
    found = []
    for week in range(instance.horizon.weeks):
        block = instance.horizon.week_days(week)
        touching = [p for p in periods if p.first_day <= block[-1] and p.last_day >= block[0]]
        longest = max((p.minutes for p in touching), default=0)
        if longest < minimum:
            detail = (
                f"{week_text(instance, week)}: longest uninterrupted rest {duration(longest)}, "
                f"minimum {duration(minimum)}"
            )
            found.append(violation(instance, "weekly_rest", agent.id, block[0], detail))
    return found


def check_weekly_rest(instance: Instance, roster: Roster) -> list[Violation]:
    """Every agent gets the minimum uninterrupted rest in every week block."""
    if not instance.rules.min_weekly_rest_minutes:
        return []
    days = calendar(instance, roster)
    return [v for agent in instance.agents for v in _breaches(instance, agent, days[agent.id])]


RULES: dict[str, RuleCheck] = {"weekly_rest": check_weekly_rest}
