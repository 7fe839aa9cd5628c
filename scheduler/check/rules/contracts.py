"""Weekly contract limits: paid hours (both ways), working days and late shifts per week.

A week is days 7w..7w+6 from the horizon start, clipped to the horizon; weekly minimums and
day limits are pro rata for a partial week (see ``Instance.weekly_min_minutes``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scheduler.check.common import RuleCheck, calendar, duration, violation, week_text
from scheduler.check.violation import Violation
from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Agent, Instance, Role
from scheduler.models.roster import AgentDay, Roster


@dataclass(frozen=True)
class WeekTotals:
    """What one agent works in one week."""

    paid: int  # regular paid minutes: shift lengths less unpaid breaks
    overtime: int
    days: int
    late_shifts: int


def _totals(instance: Instance, days: dict[int, list[AgentDay]], week: int) -> WeekTotals:
    agent_days = [a for d in instance.horizon.week_days(week) for a in days.get(d, [])]
    shifts = [a.shift for a in agent_days if a.shift is not None]
    late_end = instance.rules.late_shift_end_minute
    return WeekTotals(
        paid=sum(instance.paid_minutes(s.minutes) for s in shifts),
        overtime=sum(s.minutes for a in agent_days for s in a.overtime),
        days=len({a.day for a in agent_days}),
        late_shifts=sum(1 for s in shifts if late_end is not None and s.end_minute > late_end),
    )


WeekCheck = Callable[[Instance, Agent, int, WeekTotals], list[str]]


def _weekly(instance: Instance, roster: Roster, rule: str, check: WeekCheck) -> list[Violation]:
    """Run ``check`` on every agent-week; each problem it returns becomes a violation."""
    days = calendar(instance, roster)
    found = []
    for agent in instance.agents:
        for week in range(instance.horizon.weeks):
            totals = _totals(instance, days[agent.id], week)
            first_day = instance.horizon.week_days(week)[0]
            for problem in check(instance, agent, week, totals):
                detail = f"{week_text(instance, week)}: {problem}"
                found.append(violation(instance, rule, agent.id, first_day, detail))
    return found


def _max_hours(instance: Instance, agent: Agent, week: int, totals: WeekTotals) -> list[str]:
    problems = []
    contract = instance.weekly_max_minutes(agent)
    if totals.paid > contract:
        problems.append(f"{duration(totals.paid)} paid, contract maximum {duration(contract)}")
    cap = instance.rules.max_weekly_minutes
    if totals.paid + totals.overtime > cap:
        problems.append(
            f"{duration(totals.paid)} paid plus {duration(totals.overtime)} overtime is "
            f"{duration(totals.paid + totals.overtime)}, legal maximum {duration(cap)}"
        )
    return problems


def _min_hours(instance: Instance, agent: Agent, week: int, totals: WeekTotals) -> list[str]:
    if agent.role == Role.SUPPORT or agent.reserve_tier > 0:
        return []  # not rostered for the phones by the plan
    if instance.soft_min_price() is not None:
        return []  # soft: priced by ``minutes_short`` in the costs instead
    minimum = instance.weekly_min_minutes(agent, week)
    if totals.paid >= minimum:
        return []
    leave = instance.leave_days(agent.id, week)
    credit = f" after {leave} leave day(s) credited" if leave else ""
    return [f"{duration(totals.paid)} paid, contract minimum {duration(minimum)}{credit}"]


def _max_days(instance: Instance, agent: Agent, week: int, totals: WeekTotals) -> list[str]:
    limit = instance.weekly_max_days(agent, week)
    if totals.days <= limit:
        return []
    return [f"{totals.days} working days, maximum {limit}"]


def _late(instance: Instance, agent: Agent, week: int, totals: WeekTotals) -> list[str]:
    late_end, limit = instance.rules.late_shift_end_minute, instance.rules.max_late_shifts_per_week
    if late_end is None or limit is None or totals.late_shifts <= limit:
        return []
    return [f"{totals.late_shifts} shifts ending after {format_hhmm(late_end)}, maximum {limit}"]


def minutes_short(instance: Instance, roster: Roster) -> int:
    """Regular paid minutes below the weekly contract minimums, summed over rostered agents
    and weeks: what a soft ``weekly_min_hours`` charges for."""
    days = calendar(instance, roster)
    short = 0
    for agent in instance.agents:
        if agent.role == Role.SUPPORT or agent.reserve_tier > 0:
            continue
        for week in range(instance.horizon.weeks):
            paid = _totals(instance, days[agent.id], week).paid
            short += max(0, instance.weekly_min_minutes(agent, week) - paid)
    return short


def check_weekly_max_hours(instance: Instance, roster: Roster) -> list[Violation]:
    """Regular paid time within the contract; regular plus overtime within the legal cap."""
    return _weekly(instance, roster, "weekly_max_hours", _max_hours)


def check_weekly_min_hours(instance: Instance, roster: Roster) -> list[Violation]:
    """Regular paid time reaches the contract minimum (leave credited; support, reserves exempt)."""
    return _weekly(instance, roster, "weekly_min_hours", _min_hours)


def check_max_days_per_week(instance: Instance, roster: Roster) -> list[Violation]:
    """Working days per week within the contract and the weekly days off."""
    return _weekly(instance, roster, "max_days_per_week", _max_days)


def check_late_shifts(instance: Instance, roster: Roster) -> list[Violation]:
    """At most the allowed number of shifts per week ending after the late threshold."""
    return _weekly(instance, roster, "late_shifts", _late)


RULES: dict[str, RuleCheck] = {
    "weekly_max_hours": check_weekly_max_hours,
    "weekly_min_hours": check_weekly_min_hours,
    "max_days_per_week": check_max_days_per_week,
    "late_shifts": check_late_shifts,
}


def check_contracts(instance: Instance, roster: Roster) -> list[Violation]:
    """Every weekly contract rule."""
    return [v for check in RULES.values() for v in check(instance, roster)]
