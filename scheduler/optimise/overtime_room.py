"""Whether an agent may take one more overtime span: the rules overtime must still obey.

Overtime is extra work, so every rule that counts work counts it too (exactly as the validator
does): rest between working days is measured from the first to the last minute worked, shift or
overtime; the legal weekly cap covers regular plus overtime minutes, and an optional, separate
cap limits overtime alone; a call-in on a day off is a working day for the weekly day limit and
for the longest run of consecutive days. Absences and days off the planner granted exclude
overtime outright. The agent's current days are passed in, so the caller decides what
"current" means (a roster being extended span by span).
"""

from __future__ import annotations

from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Agent, Instance
from scheduler.models.roster import AgentDay


def work_window(agent_day: AgentDay) -> tuple[int, int] | None:
    """First and last minute worked on the day (shift or overtime), None when off."""
    spans = [(s.start_minute, s.end_minute) for s in agent_day.overtime]
    if agent_day.shift is not None:
        spans.append((agent_day.shift.start_minute, agent_day.shift.end_minute))
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def granted_days_off(instance: Instance) -> frozenset[tuple[str, int]]:
    """(agent, day) of every day off the planner granted: no overtime there either."""
    return frozenset((r.agent, r.day) for r in instance.requests if r.granted)


def may_work_overtime(
    instance: Instance,
    agent: Agent,
    days: dict[int, AgentDay],
    day: int,
    span: tuple[int, int],
    granted: frozenset[tuple[str, int]],
) -> bool:
    """True when ``agent`` may add overtime ``span`` on ``day`` to ``days`` (day -> agent-day);
    ``granted`` is ``granted_days_off(instance)``, computed once by the caller."""
    current = days.get(day)
    call_in = current is None or not current.works
    return (
        (agent.id, day) not in granted
        and _free(instance, agent, day, span)
        and _rested(instance, agent, days, day, span)
        and _within_weekly_caps(instance, days, day, span[1] - span[0])
        and (not call_in or _day_allowed(instance, agent, days, day))
    )


def _free(instance: Instance, agent: Agent, day: int, span: tuple[int, int]) -> bool:
    """No absence overlaps the span."""
    return all(
        a.end_minute <= span[0] or span[1] <= a.start_minute
        for a in instance.absences_of(agent.id, day)
    )


def _rested(
    instance: Instance, agent: Agent, days: dict[int, AgentDay], day: int, span: tuple[int, int]
) -> bool:
    """Rest to the previous and the next working day still holds with the span added."""
    current = days.get(day)
    window = work_window(current) if current is not None else None
    start, end = span if window is None else (min(span[0], window[0]), max(span[1], window[1]))
    rest = instance.rules.min_rest_minutes
    previous_end = agent.prior_shift_end_minute
    next_start = None
    for other in sorted(days):
        other_window = work_window(days[other])
        if other_window is None or other == day:
            continue
        if other < day:
            previous_end = other * DAY_MINUTES + other_window[1]
        elif next_start is None:
            next_start = other * DAY_MINUTES + other_window[0]
    start_abs, end_abs = day * DAY_MINUTES + start, day * DAY_MINUTES + end
    if previous_end is not None and start_abs - previous_end < rest:
        return False
    return next_start is None or next_start - end_abs >= rest


def _within_weekly_caps(
    instance: Instance, days: dict[int, AgentDay], day: int, minutes: int
) -> bool:
    """Regular plus overtime within the legal cap; overtime within its own cap, if any."""
    week_days = instance.horizon.week_days(day // 7)
    in_week = [days[d] for d in week_days if d in days]
    paid = sum(instance.paid_minutes(a.shift.minutes) for a in in_week if a.shift is not None)
    overtime = sum(s.minutes for a in in_week for s in a.overtime) + minutes
    cap = instance.rules.max_weekly_overtime_minutes
    if cap is not None and overtime > cap:
        return False
    return paid + overtime <= instance.rules.max_weekly_minutes


def _day_allowed(instance: Instance, agent: Agent, days: dict[int, AgentDay], day: int) -> bool:
    """A call-in day keeps the weekly day limit and the longest run of consecutive days."""
    week = day // 7
    worked = {d for d, a in days.items() if a.works} | {day}
    in_week = sum(1 for d in instance.horizon.week_days(week) if d in worked)
    if in_week > instance.weekly_max_days(agent, week):
        return False
    before = 0
    while day - before - 1 >= 0 and day - before - 1 in worked:
        before += 1
    if before == day:  # the run reaches day 0: add the days worked before the horizon
        before += agent.prior_consecutive_days
    after = 0
    while day + after + 1 in worked:
        after += 1
    return before + 1 + after <= instance.rules.max_consecutive_days
