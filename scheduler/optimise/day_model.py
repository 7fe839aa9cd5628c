"""Re-optimise one day for a group of agents, everyone else and every other day held fixed.

With the other days fixed, each free agent's weekly rules (hours, days, rest, consecutive days)
reduce to which options they may take that day, so the model is just "one option or off per
agent" plus exact coverage and break counts against the residual demand. On the 60-agent demo
CP-SAT proves most such days optimal in 1-3 s; it moves several agents at once, making the
exchanges (one shift shorter, another longer) that single-shift local search cannot make.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.optimise.break_layout import assign_breaks, break_layout
from scheduler.optimise.roster_state import AgentState, RosterBuilder, own_breaks
from scheduler.optimise.rules.breaks import keep_order


def reoptimise_day(
    builder: RosterBuilder,
    day: int,
    free: list[AgentState],
    request_cost: dict[tuple[str, int], int],
    seconds: float,
    workers: int,
    seed: int,
) -> float:
    """Re-solve ``day`` for the ``free`` agents; returns the cost saved (0: nothing changed)."""
    before = {s.agent.id: s.shifts.get(day) for s in free}
    cost_before = _day_cost(builder, day, free, request_cost)
    saved_state = builder.save()
    mine = {aid: {day: pair} for aid, pair in before.items() if pair is not None}
    hint_breaks = own_breaks(builder, saved_state[1], mine)
    for state in free:
        if day in state.shifts:
            builder.unplace(state, day)
    model = cp_model.CpModel()
    choices = {s.agent.id: _choices(builder, model, s, day) for s in free}
    groups = _groups(choices)
    breaks = _breaks(builder, model, day, groups)
    values = _hint(model, choices, before, breaks, hint_breaks, day)
    cost = _coverage(builder, model, day, groups, breaks, values)
    penalties = [
        request_cost[(s.agent.id, day)] * sum(choices[s.agent.id].values())
        for s in free
        if (s.agent.id, day) in request_cost
    ]
    model.minimize(cost + sum(penalties))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.cp_model_presolve = False  # presolve alone can eat a 3 s budget here
    if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        _apply(builder, free, day, choices, breaks, solver)
        saved = cost_before - _day_cost(builder, day, free, request_cost)
        if saved > 1e-6:
            return saved
    builder.restore(saved_state)
    return 0.0


def _day_cost(builder: RosterBuilder, day: int, free: list[AgentState], request_cost) -> float:
    r = builder.residual[day]
    under = (r.clip(min=0) * builder.under_price[day]).sum()
    over = (-r).clip(min=0).sum() * builder.over_price
    asked = sum(request_cost.get((s.agent.id, day), 0) for s in free if day in s.shifts)
    return float(under + over + asked)


def _choices(builder: RosterBuilder, model, state: AgentState, day: int) -> dict:
    """Booleans for the (queue, option) pairs the agent's rules allow today."""
    instance = builder.instance
    week = day // 7
    still_needed = instance.weekly_min_minutes(state.agent, week) - state.paid[week]
    options = builder.catalogue.options
    pairs = {}
    for q in state.agent.queues:
        for o in builder.domain(state.agent, day):
            if options[o].paid >= still_needed and builder.eligible(state, day, q, o):
                pairs[(q, o)] = model.new_bool_var(f"x_{state.agent.id}_{q}_{o}")
    if pairs:
        model.add_at_most_one(pairs.values())
        if still_needed > 0:
            model.add_exactly_one(pairs.values())
    return pairs


def _groups(choices: dict) -> dict[tuple[str, int], list]:
    groups: dict[tuple[str, int], list] = defaultdict(list)
    for pairs in choices.values():
        for key, var in pairs.items():
            groups[key].append(var)
    return groups


def _breaks(builder: RosterBuilder, model, day: int, groups: dict) -> dict:
    """Break counts per group of identical shifts, with the sorted-pairing order constraints."""
    result = {}
    for (q, o), members in groups.items():
        layout = break_layout(builder.instance, builder.catalogue.options[o].length)
        if not layout.slots:
            continue
        size = sum(members)
        counts = []
        for slot in layout.slots:
            per = {
                p: model.new_int_var(0, len(members), f"b{q}{o}_{slot.index}_{p}")
                for p in slot.offsets
            }
            model.add(sum(per.values()) == size)
            counts.append(per)
        for k in range(len(counts) - 1):
            keep_order(model, counts[k], counts[k + 1], layout.delta(k))
        result[(q, o)] = counts
    return result


def _coverage(builder: RosterBuilder, model, day: int, groups: dict, breaks: dict, hint: dict):
    """Exact shortfall and excess against what the fixed roster leaves uncovered."""
    step = builder.step
    terms: dict[tuple[int, int], list] = defaultdict(list)
    for (q, o), members in groups.items():
        k = builder.queues.index(q)
        option = builder.catalogue.options[o]
        for s in range(option.start // step, option.end // step):
            terms[(k, s)].extend((v, 1) for v in members)
        rule = builder.instance.break_rule_for(option.length)
        for idx, per in enumerate(breaks.get((q, o), [])):
            minutes = rule.breaks[idx].minutes
            for p, var in per.items():
                first = (option.start + p) // step
                for s in range(first, first + minutes // step):
                    terms[(k, s)].append((var, -1))
    cost = []
    for (k, s), items in terms.items():
        need = int(round(builder.residual[day, k, s]))
        under = model.new_int_var(0, max(0, need), f"u{k}_{s}")
        over = model.new_int_var(0, len(items) + max(0, -need), f"o{k}_{s}")
        variables, coefficients = zip(*items, strict=True)
        model.add(cp_model.LinearExpr.weighted_sum(variables, coefficients) + under - over == need)
        cost.append(int(builder.under_price[day, k, s]) * under + int(builder.over_price) * over)
        staffed = sum(c * hint.get(v.index, 0) for v, c in items)
        model.add_hint(under, max(0, need - staffed))
        model.add_hint(over, max(0, staffed - need))
    return sum(cost, 0)


def _hint(model, choices: dict, before: dict, breaks: dict, own: dict, day: int) -> dict:
    """Hint today's shifts and their breaks; returns the hinted values by variable index."""
    values: dict[int, int] = {}
    for agent_id, pairs in choices.items():
        for key, var in pairs.items():
            values[var.index] = int(key == before.get(agent_id))
    for (q, o), counts in breaks.items():
        given = own.get((day, q, o))
        for k, per in enumerate(counts):
            for p, var in per.items():
                values[var.index] = given[k].get(p, 0) if given else 0
    for index, value in values.items():
        model.add_hint(model.get_int_var_from_proto_index(index), value)
    return values


def _apply(builder, free, day, choices, breaks, solver) -> None:
    members: dict[tuple[str, int], list[AgentState]] = defaultdict(list)
    for state in free:
        for key, var in choices[state.agent.id].items():
            if solver.value(var):
                members[key].append(state)
    for (q, o), states in members.items():
        layout = break_layout(builder.instance, builder.catalogue.options[o].length)
        counts = [{p: solver.value(v) for p, v in per.items()} for per in breaks.get((q, o), [])]
        offsets = (
            assign_breaks(layout, counts, len(states)) if layout.slots else [None] * len(states)
        )
        for state, placed in zip(states, offsets, strict=True):
            builder.place(state, day, builder.queues.index(q), o, placed)
