"""Re-optimise a group of agents over the whole horizon, everyone else held fixed.

The group's shifts are taken out of the roster, and the per-agent model (every rule module)
is built for the group alone, with coverage measured against what the rest of the roster
leaves uncovered. This is the move that shifts hours between days and between agents, which
neither single-shift local search nor one-day models can make.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduler.optimise.break_layout import assign_breaks, break_layout
from scheduler.optimise.hints import hint_assignment, read_assignment
from scheduler.optimise.roster_model import build_roster_model
from scheduler.optimise.roster_state import AgentState, RosterBuilder, own_breaks


def reoptimise_agents(
    builder: RosterBuilder,
    free: list[AgentState],
    total: Callable[[], float],
    seconds: float,
    workers: int,
    seed: int,
    force: bool = False,
) -> float:
    """Re-solve the ``free`` agents' weeks; returns the cost saved (0: nothing changed).

    With ``force`` any roster the model finds is kept, dearer or not: how agents left below
    their contract minimum by the construction get a week that obeys every rule.
    """
    before_cost = total()
    saved_state = builder.save()
    before = {s.agent.id: dict(s.shifts) for s in free}
    breaks_before = {key: [dict(c) for c in per] for key, per in builder.breaks.items()}
    for state in free:
        for day in list(state.shifts):
            builder.unplace(state, day)
    need = {
        (d, q, s): int(round(builder.residual[d, k, s]))
        for d in range(builder.instance.horizon.days)
        for k, q in enumerate(builder.queues)
        for s in range(builder.residual.shape[2])
    }
    agents = [s.agent for s in free]
    ctx = build_roster_model(builder.instance, builder.catalogue, agents, need=need)
    hint_assignment(ctx, before, own_breaks(builder, breaks_before, before))
    ctx.minimise()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.cp_model_presolve = False  # presolve alone can eat a 3 s budget here
    if solver.solve(ctx.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        _apply(builder, free, ctx, solver)
        saved = before_cost - total()
        if saved > 1e-6 or force:
            return saved
    builder.restore(saved_state)
    return 0.0


def _apply(builder: RosterBuilder, free: list[AgentState], ctx, solver) -> None:
    chosen = read_assignment(ctx, solver)
    by_id = {s.agent.id: s for s in free}
    groups: dict[tuple[int, str, int], list[AgentState]] = {}
    for agent_id, per_day in sorted(chosen.items()):
        for day, (q, o) in per_day.items():
            groups.setdefault((day, q, o), []).append(by_id[agent_id])
    for key, states in groups.items():
        day, q, o = key
        layout = break_layout(builder.instance, builder.catalogue.options[o].length)
        per_break = ctx.break_counts.get(key, [])
        counts = [{p: solver.value(v) for p, v in per.items()} for per in per_break]
        offsets = (
            assign_breaks(layout, counts, len(states)) if layout.slots else [None] * len(states)
        )
        for state, placed in zip(states, offsets, strict=True):
            builder.place(state, day, builder.queues.index(q), o, placed)
