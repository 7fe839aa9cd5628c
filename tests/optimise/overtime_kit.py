"""Tiny instances for the subscription, bid and fairness tests, and a way to solve them exactly.

One queue ``q``, 15-minute steps, open 06:00-22:00 every day, no breaks, so every number in a
test can be worked out by hand: under 10, over 1 and overtime 3 per agent-minute.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ortools.sat.python import cp_model

from scheduler.models.instance import (
    Agent,
    CostWeights,
    Demand,
    Horizon,
    Instance,
    LabourRules,
    OvertimeOffer,
    Queue,
    ShiftTemplate,
)
from scheduler.models.roster import AgentDay, Roster, Span
from scheduler.optimise.extract import build_roster
from scheduler.optimise.hints import read_assignment
from scheduler.optimise.options import OptionCatalogue, rosterable
from scheduler.optimise.roster_model import build_roster_model
from scheduler.optimise.rules.overtime import add_overtime, read_overtime

MONDAY = dt.date(2026, 11, 30)
DAY_SHIFT = ShiftTemplate(
    name="day", start_earliest_minute=540, start_latest_minute=540, lengths_minutes=(480,)
)
FOUR_HOURS = ShiftTemplate(
    name="four",
    start_earliest_minute=540,
    start_latest_minute=600,
    start_step_minutes=60,
    lengths_minutes=(240,),
)
EARLY = ShiftTemplate(
    name="early", start_earliest_minute=360, start_latest_minute=360, lengths_minutes=(240,)
)


def hhmm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def agent(agent_id: str, **fields: Any) -> Agent:
    values: dict[str, Any] = {"id": agent_id, "queues": ("q",), "max_days_per_week": 7}
    return Agent(**{**values, **fields})


def offer(agent_id: str, day: int, start: str, end: str, most: int) -> OvertimeOffer:
    return OvertimeOffer(
        agent=agent_id, day=day, start_minute=hhmm(start), end_minute=hhmm(end), max_minutes=most
    )


def demand(days: int, blocks: list[tuple[int, str, str, int]]) -> Demand:
    """Agents needed on ``q`` from (day, first, last, agents) blocks."""
    required = [0] * (days * 96)
    for day, first, last, count in blocks:
        for interval in range(hhmm(first) // 15, hhmm(last) // 15):
            required[day * 96 + interval] = count
    return Demand(required={"q": tuple(required)})


def instance(
    days: int, agents: list[Agent], blocks: list[tuple[int, str, str, int]], **fields: Any
) -> Instance:
    values: dict[str, Any] = {
        "name": "tiny",
        "horizon": Horizon(start=fields.pop("start", MONDAY), days=days),
        "opening_hours": ((360, 1320),) * 7,
        "queues": (Queue(id="q"),),
        "agents": tuple(agents),
        "shift_templates": (DAY_SHIFT,),
        "rules": LabourRules(min_days_off_per_week=0),
        "costs": CostWeights(),
        "demand": demand(days, blocks),
    }
    return Instance(**{**values, **fields})


def shift(agent_id: str, day: int, start: str, end: str, *overtime: tuple[str, str]) -> AgentDay:
    return AgentDay(
        agent=agent_id,
        day=day,
        queue="q",
        shift=Span(start_minute=hhmm(start), end_minute=hhmm(end)),
        overtime=tuple(Span(start_minute=hhmm(a), end_minute=hhmm(b)) for a, b in overtime),
    )


def roster(*agent_days: AgentDay) -> Roster:
    return Roster(
        instance="tiny", agent_days=tuple(sorted(agent_days, key=lambda d: (d.agent, d.day)))
    )


def overtime_of(result: Roster) -> dict[tuple[str, int], list[tuple[int, int]]]:
    return {
        (d.agent, d.day): [(s.start_minute, s.end_minute) for s in d.overtime]
        for d in result.agent_days
        if d.overtime
    }


def solve_model(problem: Instance, with_overtime: bool = True) -> tuple[int, Roster]:
    """The full per-agent CP-SAT model solved to optimality: (objective, roster it describes)."""
    catalogue = OptionCatalogue(problem)
    agents = [a for a in problem.agents if rosterable(a)]  # as the plan does
    ctx = build_roster_model(problem, catalogue, agents, with_overtime=with_overtime)
    ctx.minimise()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = 20
    assert solver.solve(ctx.model) == cp_model.OPTIMAL
    counts = {
        key: [{p: solver.value(v) for p, v in per.items()} for per in per_break]
        for key, per_break in ctx.break_counts.items()
    }
    shifts = build_roster(catalogue, read_assignment(ctx, solver), counts)
    return round(solver.objective_value), add_overtime(shifts, read_overtime(ctx, solver))
