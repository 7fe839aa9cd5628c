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

Every block needs one witness. Overtime is work here as in the validator (the overtime module
builds first and leaves its slot Booleans in the context): a witnessed rest has none inside
it, a call-in day (overtime without a shift) can end or start one, and a pair's rest runs from
the day's last minute of work, shift or overtime, to the other day's first.
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
    """``literal`` implies the agent is off on every day of ``days``: no shift, no overtime."""
    assert ctx.choices is not None
    for day in days:
        for var in ctx.choices.x[agent.id][day].values():
            ctx.model.add_implication(literal, var.negated())
        for busy in ctx.overtime_slots.get((agent.id, day), {}).values():
            ctx.model.add_implication(literal, busy.negated())


def _off_run(ctx: ModelContext, agent: Agent, days: range, name: str) -> cp_model.IntVar:
    literal = ctx.model.new_bool_var(f"wrest_{agent.id}_{name}")
    _off(ctx, agent, literal, days)
    return literal


def _pair(ctx: ModelContext, agent: Agent, d: int, e: int, minimum: int) -> cp_model.IntVar | None:
    """A literal implying days ``d`` and ``e`` worked, the days between off, and a rest from
    ``d``'s end of work to ``e``'s start of at least the minimum; None when that cannot be."""
    assert ctx.choices is not None
    days = ctx.instance.horizon.days
    if d == -1:
        prior = agent.prior_shift_end_minute
        rest_start: cp_model.LinearExprT = prior if prior is not None else 0
        earliest_start = int(rest_start)
    else:
        edge = _work_edge(ctx, agent, d, last=True)
        if edge is None:
            return None
        rest_start, earliest_start = edge
    if e == days:
        rest_end: cp_model.LinearExprT = days * DAY_MINUTES
        latest_end = days * DAY_MINUTES
    else:
        edge = _work_edge(ctx, agent, e, last=False)
        if edge is None:
            return None
        rest_end, latest_end = edge
    if latest_end - earliest_start < minimum:
        return None
    literal = ctx.model.new_bool_var(f"wrest_{agent.id}_{d}_{e}")
    _off(ctx, agent, literal, range(d + 1, e))
    for day in (d, e):
        if 0 <= day < days:
            worked = ctx.choices.works(agent.id, day) + ctx.call_ins.get((agent.id, day), 0)
            ctx.model.add(worked == 1).only_enforce_if(literal)
    ctx.model.add(rest_end - rest_start >= minimum).only_enforce_if(literal)
    return literal


def _work_edge(
    ctx: ModelContext, agent: Agent, day: int, last: bool
) -> tuple[cp_model.LinearExprT, int] | None:
    """The day's last end of work (``last``) or first start, in minutes from the horizon's
    start, as an expression exact whenever the day is worked, and its most favourable value
    for a rest (earliest end, latest start); None when the day cannot be worked.

    With a shift only (one option at most) the expression is a sum over the options. With
    overtime slots it is a variable bounded by every item worked that day (shift or slot):
    above each end, or below each start, which is exact because the rest only pushes it the
    other way."""
    assert ctx.choices is not None
    options, step = ctx.catalogue.options, ctx.instance.horizon.time_step_minutes
    x = ctx.choices.x[agent.id][day]
    slots = ctx.overtime_slots.get((agent.id, day), {})
    base = day * DAY_MINUTES
    items = [(options[o].end if last else options[o].start, v) for (_, o), v in x.items()]
    items += [((s + 1) * step if last else s * step, busy) for s, busy in slots.items()]
    if not items:
        return None
    times = [t for t, _ in items]
    best = min(times) if last else max(times)
    if not slots:
        return base + sum(t * v for t, v in items), base + best
    edge = ctx.model.new_int_var(base + min(times), base + max(times), f"wedge_{agent.id}_{day}")
    for t, v in items:
        if last:
            ctx.model.add(edge >= base + t).only_enforce_if(v)
        else:
            ctx.model.add(edge <= base + t).only_enforce_if(v)
    return edge, base + best
