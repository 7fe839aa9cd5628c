"""Baseline: one monolithic per-agent CP-SAT model, in the style of OR-Tools'
``examples/python/shift_scheduling_sat.py``.

That example gives every employee a Boolean per (day, shift), adds every rule to one model
and hands the whole thing to CP-SAT. Here the same approach is applied to an ``Instance``:
a Boolean per (agent, day, shift option, queue), one shift a day, weekly paid minutes and days,
rest between days, consecutive days (counting the prior run), day-off requests as a soft cost
and coverage per queue and time step with the instance's under/over weights. The example has
no breaks; so that the roster can pass the validator, each shift's breaks sit at a fixed
place (the middle of each window, after the minimum gap), known to the coverage count.
Eligibility per agent-day (templates, weekdays, earliest start / latest end, absences,
granted days off) comes from ``scheduler.optimise.options.OptionCatalogue``, the project's
shared domain helper, so both sides face the same options. Overtime is not offered.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.models.instance import Instance
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.optimise.options import OptionCatalogue, ShiftOption, rosterable


@dataclass(frozen=True)
class BaselineResult:
    roster: Roster | None
    status: str
    objective: float | None
    bound: float | None
    wall_s: float


def fixed_breaks(instance: Instance, option: ShiftOption) -> tuple[BreakPlacement, ...]:
    """Each break in the middle of its window, no earlier than the previous end + gap."""
    rule = instance.break_rule_for(option.length)
    if rule is None:
        return ()
    step = instance.horizon.time_step_minutes
    placed: list[BreakPlacement] = []
    cursor = 0
    for spec in rule.breaks:
        earliest, latest = spec.window(option.length)
        middle = (earliest + latest) // 2 // step * step
        offset = max(middle, cursor, earliest)
        offset = -(-offset // step) * step
        if offset > latest:
            offset = max(earliest, cursor)
        start = option.start + offset
        placed.append(
            BreakPlacement(start_minute=start, end_minute=start + spec.minutes, kind=spec.kind)
        )
        cursor = offset + spec.minutes + rule.min_gap_minutes
    return tuple(placed)


def solve_monolithic(
    instance: Instance, time_limit: float, workers: int = 2, seed: int = 0
) -> BaselineResult:
    started = time.monotonic()
    model = cp_model.CpModel()
    catalogue = OptionCatalogue(instance)
    horizon = instance.horizon
    step = horizon.time_step_minutes
    steps_per_day = horizon.steps_per_day
    breaks = {o.id: fixed_breaks(instance, o) for o in catalogue.options}
    agents = [a for a in instance.agents if rosterable(a)]
    y: dict[tuple[str, int, int, str], cp_model.IntVar] = {}
    works: dict[tuple[str, int], cp_model.LinearExprT] = {}
    paid: dict[tuple[str, int], cp_model.LinearExprT] = {}
    for agent in agents:
        for day in range(horizon.days):
            choices = [
                (o, q)
                for o in catalogue.domain(agent, day)
                for q in agent.queues
                if q in instance.queue_ids
            ]
            day_vars = []
            for o, q in choices:
                var = model.new_bool_var(f"y[{agent.id},{day},{o},{q}]")
                y[agent.id, day, o, q] = var
                day_vars.append((o, var))
            model.add_at_most_one(v for _, v in day_vars)
            works[agent.id, day] = sum(v for _, v in day_vars)
            paid[agent.id, day] = sum(catalogue.options[o].paid * v for o, v in day_vars)
    _contracts(instance, model, agents, works, paid)
    _rest(instance, model, catalogue, agents, y)
    _consecutive(instance, model, agents, works)
    terms = _coverage(instance, model, catalogue, breaks, y, step, steps_per_day)
    for request in instance.requests:
        if not request.granted and (request.agent, request.day) in works:
            price = request.points * instance.costs.request_point
            terms.append(price * works[request.agent, request.day])
    model.minimize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.1, time_limit - (time.monotonic() - started))
    code = solver.solve(model)
    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    roster = None
    if found:
        days = [
            AgentDay(
                agent=agent,
                day=day,
                queue=q,
                shift=Span(
                    start_minute=catalogue.options[o].start, end_minute=catalogue.options[o].end
                ),
                breaks=breaks[o],
            )
            for (agent, day, o, q), var in y.items()
            if solver.boolean_value(var)
        ]
        roster = Roster(instance=instance.name, agent_days=tuple(days))
    return BaselineResult(
        roster=roster,
        status=solver.status_name(code),
        objective=solver.objective_value if found else None,
        bound=solver.best_objective_bound if found else None,
        wall_s=round(time.monotonic() - started, 1),
    )


def _contracts(instance, model, agents, works, paid) -> None:
    for agent in agents:
        for week in range(instance.horizon.weeks):
            days = instance.horizon.week_days(week)
            minutes = sum(paid[agent.id, d] for d in days)
            model.add(minutes >= instance.weekly_min_minutes(agent, week))
            model.add(minutes <= instance.weekly_max_minutes(agent))
            model.add(
                sum(works[agent.id, d] for d in days) <= instance.weekly_max_days(agent, week)
            )


def _rest(instance, model, catalogue, agents, y) -> None:
    """Two shifts on consecutive days must leave ``min_rest_minutes`` between them."""
    rest = instance.rules.min_rest_minutes
    by_agent_day: dict[tuple[str, int], list[tuple[int, cp_model.IntVar]]] = {}
    for (agent, day, o, _), var in y.items():
        by_agent_day.setdefault((agent, day), []).append((o, var))
    for agent in agents:
        prior = agent.prior_shift_end_minute
        for o, var in by_agent_day.get((agent.id, 0), []):
            if prior is not None and catalogue.options[o].start - prior < rest:
                model.add(var == 0)
        for day in range(instance.horizon.days - 1):
            for o, today in by_agent_day.get((agent.id, day), []):
                end = catalogue.options[o].end
                for p, tomorrow in by_agent_day.get((agent.id, day + 1), []):
                    if 1440 + catalogue.options[p].start - end < rest:
                        model.add_bool_or([today.Not(), tomorrow.Not()])


def _consecutive(instance, model, agents, works) -> None:
    limit = instance.rules.max_consecutive_days
    days = instance.horizon.days
    for agent in agents:
        prior = min(agent.prior_consecutive_days, limit)
        for first in range(-prior, days - limit):
            window = [works[agent.id, d] for d in range(max(first, 0), first + limit + 1)]
            model.add(sum(window) <= len(window) - 1)


def _coverage(instance, model, catalogue, breaks, y, step, steps_per_day) -> list:
    """Under/over agent-minutes per queue and step, with the instance's weights."""
    covering: dict[tuple[str, int, int], list[cp_model.IntVar]] = {}
    for (_, day, o, q), var in y.items():
        option = catalogue.options[o]
        off = {m for b in breaks[o] for m in range(b.start_minute, b.end_minute, step)}
        for minute in range(option.start, option.end, step):
            if minute not in off:
                covering.setdefault((q, day, minute // step), []).append(var)
    per_interval = instance.horizon.interval_minutes // step
    terms = []
    for q in instance.queue_ids:
        required = instance.demand.required.get(q)
        weights = instance.demand.under_weight.get(q)
        if required is None:
            continue
        for day in range(instance.horizon.days):
            for s in range(steps_per_day):
                index = (day * steps_per_day + s) // per_interval
                need = required[index]
                staffed = covering.get((q, day, s), [])
                if not staffed and not need:
                    continue
                weight = weights[index] if weights and weights[index] >= 0 else None
                under_w = instance.costs.under_per_minute if weight is None else weight
                under = model.new_int_var(0, need, "")
                over = model.new_int_var(0, len(staffed), "")
                model.add(sum(staffed) - need == over - under)
                terms.append(step * (under_w * under + instance.costs.over_per_minute * over))
    return terms
