"""Warm starts: a roster as a complete CP-SAT hint, and a solution read back as shifts.

A complete hint (every shift Boolean, group size, break count and coverage slack) lets CP-SAT
start from the roster at once instead of repairing a partial one.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.optimise.context import ModelContext, SolutionValues

Assignment = dict[str, dict[int, tuple[str, int]]]
BreakCounts = dict[tuple[int, str, int], list[dict[int, int]]]


def hint_assignment(
    ctx: ModelContext, assignment: Assignment, breaks: BreakCounts | None = None
) -> None:
    """A complete hint: shift Booleans, group sizes, break counts and coverage slacks.

    Break counts come from ``breaks`` where its group has the hinted size; elsewhere every
    break is hinted at its earliest offset, which always keeps order and gaps.
    """
    assert ctx.choices is not None
    values: dict[int, int] = {}
    sizes: dict[tuple[int, str, int], int] = defaultdict(int)
    for agent_id, per_day in ctx.choices.x.items():
        for day, pairs in per_day.items():
            chosen = assignment.get(agent_id, {}).get(day)
            for pair, var in pairs.items():
                values[var.index] = int(pair == chosen)
                sizes[(day, *pair)] += values[var.index]
    for key, var in ctx.group_size.items():
        values[var.index] = sizes.get(key, 0)
    for key, per_break in ctx.break_counts.items():
        given = (breaks or {}).get(key)
        usable = given is not None and all(sum(c.values()) == sizes[key] for c in given)
        for k, per_offset in enumerate(per_break):
            first = min(per_offset)
            for offset, var in per_offset.items():
                if usable:
                    values[var.index] = given[k].get(offset, 0)
                else:
                    values[var.index] = sizes[key] if offset == first else 0
    for under, over, need, terms in ctx.slots:
        staffed = sum(coef * values.get(var.index, 0) for var, coef in terms)  # overtime: 0
        values[under.index] = max(0, need - staffed)
        values[over.index] = max(0, staffed - need)
    for index, value in values.items():
        ctx.model.add_hint(ctx.model.get_int_var_from_proto_index(index), value)


def complete_hint(ctx: ModelContext, seconds: float) -> bool:
    """Extend the hint to every variable of the model: the rules' own auxiliaries (a weekly
    rest's witnesses and work edges, the overtime module's slot and call-in Booleans) are
    decided by a solve with the hinted variables fixed, and the hint becomes that whole
    solution. Why: with the weekly-
    rest and overtime rules together, CP-SAT left to complete a partial hint found no roster
    at all in 15 s on a 20-agent instance. Returns False (hint unchanged) when the hinted
    roster does not fit the model or the time runs out."""
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    if solver.solve(ctx.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    values = [
        solver.value(ctx.model.get_int_var_from_proto_index(i))
        for i in range(len(ctx.model.proto.variables))
    ]
    ctx.model.clear_hints()
    for index, value in enumerate(values):
        ctx.model.add_hint(ctx.model.get_int_var_from_proto_index(index), value)
    return True


def read_assignment(ctx: ModelContext, solver: SolutionValues) -> Assignment:
    assert ctx.choices is not None
    return {
        agent_id: {
            day: pair
            for day, pairs in per_day.items()
            for pair, v in pairs.items()
            if solver.value(v)
        }
        for agent_id, per_day in ctx.choices.x.items()
    }
