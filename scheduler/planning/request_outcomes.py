"""Which day-off requests a roster grants, and what granting each denied one would have cost.

A planner who denies a bid owes the agent a reason. For each denied request we take the
agent's work on that day out of the roster (shift and overtime) and recount coverage: the
weighted shortfall this adds, in total and per demand interval and queue, is the price of
granting the request with nothing else changed. It is an upper bound on what granting would
cost after re-planning (the optimiser might fill part of the gap), and exactly what the roster
as published would lose. Coverage comes from the validator's own count (``check.costs``), so
the numbers agree with every other cost the planner sees.
"""

from __future__ import annotations

import csv
import io

import numpy as np

from scheduler.check.costs import Coverage, coverage
from scheduler.models.clock import DAY_MINUTES, format_hhmm
from scheduler.models.instance import Frozen, Instance
from scheduler.models.requests import denial_costs
from scheduler.models.roster import AgentDay, Roster

CSV_COLUMNS = (
    "agent",
    "date",
    "kind",
    "points",
    "planner_granted",
    "outcome",
    "denial_cost",
    "grant_under_cost",
    "grant_under_minutes",
    "short_intervals",
)


class IntervalShortfall(Frozen):
    """Agent-minutes one interval and queue would lose, and their weighted cost."""

    date: str
    start: str  # HH:MM
    queue: str
    minutes: int
    cost: int


class RequestOutcome(Frozen):
    agent: str
    date: str
    points: int
    planner_granted: bool
    granted: bool
    denial_cost: int = 0  # what the roster pays for denying it (0 when granted)
    grant_under_cost: int = 0  # weighted shortfall granting it would add
    grant_under_minutes: int = 0
    intervals: tuple[IntervalShortfall, ...] = ()


def request_outcomes(instance: Instance, roster: Roster) -> tuple[RequestOutcome, ...]:
    """One outcome per request of the instance, in the instance's order."""
    days: dict[tuple[str, int], list[AgentDay]] = {}
    for agent_day in roster.agent_days:
        if agent_day.works:
            days.setdefault((agent_day.agent, agent_day.day), []).append(agent_day)
    denied_any = any((r.agent, r.day) in days for r in instance.requests)
    cover = coverage(instance, roster) if denied_any else None
    prices = denial_costs(instance)
    outcomes = []
    for request, price in zip(instance.requests, prices, strict=True):
        worked = days.get((request.agent, request.day), [])
        base = RequestOutcome(
            agent=request.agent,
            date=instance.horizon.date_of(request.day).isoformat(),
            points=request.points,
            planner_granted=request.granted,
            granted=not worked,
        )
        if worked and cover is not None:
            intervals = _shortfall_added(instance, cover, worked)
            base = base.model_copy(
                update={
                    "denial_cost": price,
                    "grant_under_cost": sum(i.cost for i in intervals),
                    "grant_under_minutes": sum(i.minutes for i in intervals),
                    "intervals": intervals,
                }
            )
        outcomes.append(base)
    return tuple(outcomes)


def _shortfall_added(
    instance: Instance, cover: Coverage, worked: list[AgentDay]
) -> tuple[IntervalShortfall, ...]:
    """Shortfall added per interval and queue when the agent's work that day is removed."""
    horizon = instance.horizon
    step = horizon.time_step_minutes
    removed = np.zeros_like(cover.staffed)
    rows = {q: n for n, q in enumerate(instance.queue_ids)}
    for agent_day in worked:
        row = rows.get(agent_day.queue)
        if row is None:
            continue
        for start, end in agent_day.on_phone_spans():
            for minute in range(start, end):
                removed[row, (agent_day.day * DAY_MINUTES + minute) // step] += 1
    before = cover.shortfall
    after = np.maximum(cover.required - (cover.staffed - removed), 0)
    added = after - before
    per_interval = horizon.interval_minutes // step
    merged: dict[tuple[int, int], list[int]] = {}  # (interval, queue row) -> [minutes, cost]
    for row, column in zip(*np.nonzero(added), strict=True):
        totals = merged.setdefault((int(column) // per_interval, int(row)), [0, 0])
        totals[0] += int(added[row, column])
        totals[1] += int(added[row, column] * cover.under_weight[row, column])
    return tuple(
        IntervalShortfall(
            date=horizon.date_of(interval // horizon.intervals_per_day).isoformat(),
            start=format_hhmm(interval % horizon.intervals_per_day * horizon.interval_minutes),
            queue=instance.queue_ids[row],
            minutes=minutes,
            cost=cost,
        )
        for (interval, row), (minutes, cost) in sorted(merged.items())
    )


def outcomes_csv(outcomes: tuple[RequestOutcome, ...]) -> str:
    """``request_outcomes.csv``: requests.csv's columns plus the outcome and its reasons.

    ``short_intervals`` lists ``date HH:MM queue minutes`` per interval, ``|``-separated.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for o in outcomes:
        intervals = "|".join(f"{i.date} {i.start} {i.queue} {i.minutes}" for i in o.intervals)
        writer.writerow(
            (
                o.agent,
                o.date,
                "day_off",
                o.points,
                "yes" if o.planner_granted else "no",
                "granted" if o.granted else "denied",
                o.denial_cost,
                o.grant_under_cost,
                o.grant_under_minutes,
                intervals,
            )
        )
    return buffer.getvalue()
