"""Peak subscriptions inside CP-SAT: overtime per offer and slot, its coverage and its price.

For every offer of a modelled agent, a Boolean per (queue, time-step slot) of the offer's
window (inside opening hours, outside absences, never on a granted day off) says the agent is
on overtime there. The slots of an offer hold at most its ``max_minutes``; a slot never overlaps
the agent's shift; the queue is the shift's, or one chosen for a call-in on a day off. Each
taken slot adds one agent to coverage (through ``ctx.extra_cover``) and costs
``overtime_per_minute`` per minute. Overtime counts as work for the rules that count work,
exactly as the validator counts it: rest between neighbouring days (measured from the first to
the last minute worked), the legal weekly cap on regular plus overtime minutes, the optional
weekly overtime cap, and - for a call-in - the weekly day limit, consecutive days and the
denial cost of a day-off request.

Where one agent's offers overlap on a day, each slot belongs to the first offer containing it
(the validator's attribution, made per slot): a safe restriction that is exact for offers that
do not overlap. Unlike the ``subscriptions`` post-pass, overtime need not touch the shift: the
model may take any spans the validator accepts. ``read_overtime`` turns a solution into spans.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Agent, Instance, OvertimeOffer
from scheduler.models.requests import denial_costs
from scheduler.models.roster import AgentDay, Roster, Span
from scheduler.optimise.context import ModelContext, SolutionValues

Slots = dict[int, int]  # slot of the day -> index of the offer (of that agent-day) it belongs to


def build(ctx: ModelContext) -> None:
    """Overtime variables, limits and cost for every offer of the model's agents."""
    if ctx.choices is None:
        return
    offers = offers_by_agent_day(ctx.instance)
    step = ctx.instance.horizon.time_step_minutes
    taken: list[cp_model.IntVar] = []
    for agent in ctx.choices.agents:
        call_ins: dict[int, cp_model.LinearExprT] = {}
        per_day: dict[int, dict[int, cp_model.LinearExprT]] = {}
        for day in range(ctx.instance.horizon.days):
            day_offers = offers.get((agent.id, day), [])
            slots = offer_slots(ctx.instance, agent, day, day_offers)
            if not slots:
                continue
            on_slot, call_in = _agent_day(ctx, agent, day, slots, day_offers)
            per_day[day], call_ins[day] = on_slot, call_in
            ctx.overtime_slots[(agent.id, day)] = on_slot
            ctx.call_ins[(agent.id, day)] = call_in
            taken += [ctx.overtime[(agent.id, day, q, s)] for q in agent.queues for s in slots]
        if per_day:
            _rest(ctx, agent, per_day)
            _weekly_minutes(ctx, agent, per_day)
            _call_in_days(ctx, agent, call_ins)
    ctx.add_term("overtime", ctx.instance.costs.overtime_per_minute * step, sum(taken, 0))


def offers_by_agent_day(instance: Instance) -> dict[tuple[str, int], list[OvertimeOffer]]:
    index: dict[tuple[str, int], list[OvertimeOffer]] = defaultdict(list)
    for offer in instance.overtime_offers:
        index[(offer.agent, offer.day)].append(offer)
    return index


def offer_slots(instance: Instance, agent: Agent, day: int, offers: list[OvertimeOffer]) -> Slots:
    """Slots overtime may take on the day, each with the first offer containing it."""
    hours = instance.open_hours(day)
    granted = any(r.granted and r.agent == agent.id and r.day == day for r in instance.requests)
    if hours is None or granted or not offers:
        return {}
    step = instance.horizon.time_step_minutes
    absences = instance.absences_of(agent.id, day)
    slots: Slots = {}
    for s in range(hours[0] // step, -(-hours[1] // step)):
        start, end = s * step, (s + 1) * step
        if start < hours[0] or end > hours[1]:
            continue
        if any(a.start_minute < end and start < a.end_minute for a in absences):
            continue
        for n, offer in enumerate(offers):
            if offer.start_minute <= start and end <= offer.end_minute:
                slots[s] = n
                break
    return slots


def _agent_day(
    ctx: ModelContext, agent: Agent, day: int, slots: Slots, offers: list[OvertimeOffer]
) -> tuple[dict[int, cp_model.IntVar], cp_model.LinearExprT]:
    """Slot Booleans of one agent-day; returns the on-overtime expression per slot and the
    call-in indicator (1 when the agent works overtime on a day without a shift)."""
    model, step = ctx.model, ctx.instance.horizon.time_step_minutes
    x = ctx.choices.x[agent.id][day]  # type: ignore[union-attr]
    call_in = {q: model.new_bool_var(f"callin_{agent.id}_{day}_{q}") for q in agent.queues}
    model.add(sum(call_in.values()) + sum(x.values(), 0) <= 1)
    on_slot: dict[int, cp_model.IntVar] = {}
    used: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for s, n in slots.items():
        per_queue = []
        for q in agent.queues:
            var = model.new_bool_var(f"ot_{agent.id}_{day}_{q}_{s}")
            shift_on_q = sum((v for (queue, _), v in x.items() if queue == q), 0)
            model.add(var <= shift_on_q + call_in[q])
            ctx.overtime[(agent.id, day, q, s)] = var
            ctx.extra_cover.setdefault((day, q, s), []).append(var)
            per_queue.append(var)
            used[n].append(var)
        busy = model.new_bool_var(f"ot_{agent.id}_{day}_{s}")
        model.add(busy == sum(per_queue))
        covering = [v for (_, o), v in x.items() if _covers(ctx, o, s * step)]
        model.add(busy + sum(covering, 0) <= 1)
        on_slot[s] = busy
    for q, flag in call_in.items():
        model.add(flag <= sum((ctx.overtime[(agent.id, day, q, s)] for s in slots), 0))
    for n, variables in used.items():
        model.add(step * sum(variables) <= offers[n].max_minutes)
    return on_slot, sum(call_in.values())


def _covers(ctx: ModelContext, option_id: int, minute: int) -> bool:
    option = ctx.catalogue.options[option_id]
    return option.start <= minute < option.end


def _rest(ctx: ModelContext, agent: Agent, per_day: dict[int, dict]) -> None:
    """No overtime slot too close to work on the neighbouring days (shift or overtime)."""
    step = ctx.instance.horizon.time_step_minutes
    prior_end = agent.prior_shift_end_minute
    for day, on_slot in per_day.items():
        for s, busy in on_slot.items():
            start, end = s * step, (s + 1) * step
            if day == 0 and prior_end is not None and start - prior_end < _min_rest(ctx):
                ctx.model.add(busy == 0)
            clashes = _clashes(ctx, agent, per_day, day, start, end)
            if clashes:
                ctx.model.add(sum(clashes) == 0).only_enforce_if(busy)


def _min_rest(ctx: ModelContext) -> int:
    return ctx.instance.rules.min_rest_minutes


def _clashes(
    ctx: ModelContext, agent: Agent, per_day: dict[int, dict], day: int, start: int, end: int
) -> list[cp_model.LinearExprT]:
    """Work the slot [start, end) of ``day`` leaves too little rest to: the next day's shifts
    and overtime starting too soon after it, the previous day's shifts ending too late."""
    rest, step = _min_rest(ctx), ctx.instance.horizon.time_step_minutes
    x, options = ctx.choices.x[agent.id], ctx.catalogue.options  # type: ignore[union-attr]
    clashes: list[cp_model.LinearExprT] = []
    if day + 1 < ctx.instance.horizon.days:
        gap = DAY_MINUTES - end
        clashes += [v for (_, o), v in x[day + 1].items() if options[o].start + gap < rest]
        clashes += [b for t, b in per_day.get(day + 1, {}).items() if t * step + gap < rest]
    if day > 0:
        gap = start + DAY_MINUTES
        clashes += [v for (_, o), v in x[day - 1].items() if gap - options[o].end < rest]
    return clashes


def _weekly_minutes(ctx: ModelContext, agent: Agent, per_day: dict[int, dict]) -> None:
    """Regular plus overtime within the legal weekly cap; overtime within its own cap."""
    instance, step = ctx.instance, ctx.instance.horizon.time_step_minutes
    x, options = ctx.choices.x[agent.id], ctx.catalogue.options  # type: ignore[union-attr]
    cap = instance.rules.max_weekly_overtime_minutes
    for week in range(instance.horizon.weeks):
        days = [d for d in instance.horizon.week_days(week) if d in per_day]
        if not days:
            continue
        overtime = step * sum((b for d in days for b in per_day[d].values()), 0)
        paid = sum(
            (
                options[o].paid * v
                for d in instance.horizon.week_days(week)
                for (_, o), v in x[d].items()
            ),
            0,
        )
        ctx.model.add(paid + overtime <= instance.rules.max_weekly_minutes)
        if cap is not None:
            ctx.model.add(overtime <= cap)


def _call_in_days(
    ctx: ModelContext, agent: Agent, call_ins: dict[int, cp_model.LinearExprT]
) -> None:
    """A call-in is a working day: weekly days, consecutive days, and a day-off bid's price."""
    instance = ctx.instance
    works = [
        ctx.choices.works(agent.id, d) + call_ins.get(d, 0) for d in range(instance.horizon.days)
    ]  # type: ignore[union-attr]
    for week in range(instance.horizon.weeks):
        if any(d in call_ins for d in instance.horizon.week_days(week)):
            worked = sum((works[d] for d in instance.horizon.week_days(week)), 0)
            ctx.model.add(worked <= instance.weekly_max_days(agent, week))
    limit = instance.rules.max_consecutive_days
    prior = min(agent.prior_consecutive_days, limit)
    for first in range(-prior, instance.horizon.days - limit):
        window = range(max(first, 0), first + limit + 1)
        if any(d in call_ins for d in window):
            ctx.model.add(sum((works[d] for d in window), 0) <= len(window) - 1)
    prices = denial_costs(instance)
    for request, price in zip(instance.requests, prices, strict=True):
        if request.agent == agent.id and request.day in call_ins and price:
            ctx.add_term("requests", price, call_ins[request.day])


def read_overtime(
    ctx: ModelContext, solver: SolutionValues
) -> dict[tuple[str, int], tuple[str, tuple[Span, ...]]]:
    """(agent, day) -> (queue, overtime spans) of a solution; spans split at offer boundaries
    so each lies inside the offer its minutes were counted against."""
    step = ctx.instance.horizon.time_step_minutes
    offers = offers_by_agent_day(ctx.instance)
    taken: dict[tuple[str, int], dict[int, str]] = defaultdict(dict)
    for (agent_id, day, q, s), var in ctx.overtime.items():
        if solver.value(var):
            taken[(agent_id, day)][s] = q
    result = {}
    for (agent_id, day), slots in sorted(taken.items()):
        agent = ctx.instance.agent_by_id[agent_id]
        owner = offer_slots(ctx.instance, agent, day, offers[(agent_id, day)])
        spans: list[list[int]] = []
        for s in sorted(slots):
            if spans and spans[-1][1] == s and owner[s] == owner[s - 1]:
                spans[-1][1] = s + 1
            else:
                spans.append([s, s + 1])
        queue = next(iter(slots.values()))
        result[(agent_id, day)] = (
            queue,
            tuple(Span(start_minute=a * step, end_minute=b * step) for a, b in spans),
        )
    return result


def add_overtime(
    roster: Roster, overtime: dict[tuple[str, int], tuple[str, tuple[Span, ...]]]
) -> Roster:
    """``roster`` with the overtime of ``read_overtime`` added (call-ins as new agent-days)."""
    days = {(a.agent, a.day): a for a in roster.agent_days}
    for (agent_id, day), (queue, spans) in overtime.items():
        current = days.get((agent_id, day)) or AgentDay(agent=agent_id, day=day, queue=queue)
        days[(agent_id, day)] = current.model_copy(
            update={
                "overtime": tuple(sorted((*current.overtime, *spans), key=lambda s: s.start_minute))
            }
        )
    ordered = sorted(days.values(), key=lambda a: (a.agent, a.day))
    return Roster(instance=roster.instance, agent_days=tuple(ordered))
