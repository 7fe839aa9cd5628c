"""Weekly rest: one uninterrupted rest of ``min_weekly_rest_minutes`` touching every week block.

Same definition as the validator (``scheduler.check.rules.weekly_rest``): a rest period runs
from the end of one working day to the start of the next, counts for every block holding a day
it touches, and the first and last periods run from the prior shift end (or the horizon start)
and to the horizon end. With ``m = ceil(rest / 1440)`` whole days off, a period is long enough
whatever the shift times, so two kinds of witness suffice, each a Boolean that implies its
period exists and is long enough:

* a run of ``m`` days off (touching one day either side of it);
* a pair of working days with fewer than ``m`` days off between them (or the horizon start /
  end on one side), whose rest ``1440 (e - d) + start_e - end_d`` is checked exactly.

Every block needs one witness. Overtime is not counted: with ``with_overtime`` the overtime
module must keep its spans inside the witnessed rests (not done yet).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Agent
from scheduler.optimise.context import ModelContext


def build(ctx: ModelContext) -> None:
    minimum = ctx.instance.rules.min_weekly_rest_minutes
    if ctx.choices is None or not minimum:
        return
    for agent in ctx.choices.agents:
        _agent_rest(ctx, agent, minimum)


def _agent_rest(ctx: ModelContext, agent: Agent, minimum: int) -> None:
    horizon = ctx.instance.horizon
    witnesses: list[tuple[cp_model.IntVar, int, int]] = []  # (literal, first day, last day)
    m = -(-minimum // DAY_MINUTES)
    for first in range(horizon.days - m + 1):
        literal = _off_run(ctx, agent, range(first, first + m), f"run{first}")
        witnesses.append((literal, max(first - 1, 0), min(first + m, horizon.days - 1)))
    for d, e in _pairs(horizon.days, m):
        literal = _pair(ctx, agent, d, e, minimum)
        if literal is not None:
            witnesses.append((literal, max(d, 0), min(e, horizon.days - 1)))
    for week in range(horizon.weeks):
        block = horizon.week_days(week)
        touching = [w for w, first, last in witnesses if first <= block[-1] and last >= block[0]]
        clause = ctx.model.add_bool_or(touching or [ctx.model.new_constant(0)])
        ctx.enforce(clause, "weekly_rest", agent.id, f"week of {horizon.date_of(block[0])}")


def _pairs(days: int, m: int) -> list[tuple[int, int]]:
    """(d, e) with fewer than ``m`` days off between; -1 is the start, ``days`` the end."""
    return [
        (d, e)
        for d in range(-1, days)
        for e in range(d + 1, min(d + m, days) + 1)
        if (d, e) != (-1, days)
    ]


def _off(ctx: ModelContext, agent: Agent, literal: cp_model.IntVar, days: range) -> None:
    """``literal`` implies the agent is off on every day of ``days``."""
    assert ctx.choices is not None
    for day in days:
        for var in ctx.choices.x[agent.id][day].values():
            ctx.model.add_implication(literal, var.negated())


def _off_run(ctx: ModelContext, agent: Agent, days: range, name: str) -> cp_model.IntVar:
    literal = ctx.model.new_bool_var(f"wrest_{agent.id}_{name}")
    _off(ctx, agent, literal, days)
    return literal


def _pair(ctx: ModelContext, agent: Agent, d: int, e: int, minimum: int) -> cp_model.IntVar | None:
    """A literal implying days ``d`` and ``e`` worked, the days between off, and a rest from
    ``d``'s end to ``e``'s start of at least the minimum; None when that cannot happen."""
    assert ctx.choices is not None
    days, options = ctx.instance.horizon.days, ctx.catalogue.options
    x = ctx.choices.x[agent.id]
    if (d >= 0 and not x[d]) or (e < days and not x[e]):
        return None
    if d == -1:
        prior = agent.prior_shift_end_minute
        rest_start: cp_model.LinearExprT = prior if prior is not None else 0
        earliest_start = int(rest_start)
    else:
        rest_start = d * DAY_MINUTES + sum(options[o].end * v for (_, o), v in x[d].items())
        earliest_start = d * DAY_MINUTES + min(options[o].end for _, o in x[d])
    if e == days:
        rest_end: cp_model.LinearExprT = days * DAY_MINUTES
        latest_end = days * DAY_MINUTES
    else:
        rest_end = e * DAY_MINUTES + sum(options[o].start * v for (_, o), v in x[e].items())
        latest_end = e * DAY_MINUTES + max(options[o].start for _, o in x[e])
    if latest_end - earliest_start < minimum:
        return None
    literal = ctx.model.new_bool_var(f"wrest_{agent.id}_{d}_{e}")
    _off(ctx, agent, literal, range(d + 1, e))
    for day in (d, e):
        if 0 <= day < days:
            ctx.model.add(ctx.choices.works(agent.id, day) == 1).only_enforce_if(literal)
    ctx.model.add(rest_end - rest_start >= minimum).only_enforce_if(literal)
    return literal
