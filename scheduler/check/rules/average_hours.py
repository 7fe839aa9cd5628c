"""Average weekly hours over a reference period (the 48-hour week of the EU directive).

For every week block of the horizon, the window is that block and the ``averaging_weeks - 1``
blocks before it: blocks inside the horizon count what the roster gives (paid minutes plus
overtime), blocks before it count ``history_hours.csv``. A week before the horizon with no row
is unknown and left out, so the average is over the weeks known; a partial last block weighs
its days, not a whole week. The rule holds when the window's minutes do not exceed the cap
times its days / 7.
"""

from __future__ import annotations

import datetime as dt

from scheduler.check.common import RuleCheck, calendar, duration, violation, week_text
from scheduler.check.violation import Violation
from scheduler.models.instance import Agent, Instance
from scheduler.models.labour_law import history_by_block
from scheduler.models.roster import AgentDay, Roster


def _roster_minutes(instance: Instance, days: dict[int, list[AgentDay]], week: int) -> int:
    total = 0
    for day in instance.horizon.week_days(week):
        for agent_day in days.get(day, []):
            if agent_day.shift is not None:
                total += instance.paid_minutes(agent_day.shift.minutes)
            total += sum(s.minutes for s in agent_day.overtime)
    return total


def _breaches(instance: Instance, agent: Agent, days: dict[int, list[AgentDay]]) -> list[Violation]:
    cap = instance.rules.average_weekly_minutes
    assert cap is not None
    span = instance.rules.averaging_weeks
    past = history_by_block(instance.worked_history, instance.horizon.start, agent.id)
    found = []
    for week in range(instance.horizon.weeks):
        blocks = range(week - span + 1, week + 1)
        total = sum(past.get(b, 0) for b in blocks if b < 0)
        total += sum(_roster_minutes(instance, days, b) for b in blocks if b >= 0)
        n_days = 7 * sum(1 for b in blocks if b in past)
        n_days += sum(len(instance.horizon.week_days(b)) for b in blocks if b >= 0)
        if 7 * total > cap * n_days:
            first = instance.horizon.start + dt.timedelta(days=7 * blocks[0])
            known = n_days / 7
            detail = (
                f"{week_text(instance, week)}: average {duration(round(7 * total / n_days))} a "
                f"week over {known:g} week(s) known since {first}, maximum {duration(cap)}"
            )
            found.append(violation(instance, "average_weekly_hours", agent.id, 7 * week, detail))
    return found


def check_average_weekly_hours(instance: Instance, roster: Roster) -> list[Violation]:
    """Worked minutes averaged over the reference period stay within the cap."""
    if instance.rules.average_weekly_minutes is None:
        return []
    days = calendar(instance, roster)
    return [v for agent in instance.agents for v in _breaches(instance, agent, days[agent.id])]


RULES: dict[str, RuleCheck] = {"average_weekly_hours": check_average_weekly_hours}
