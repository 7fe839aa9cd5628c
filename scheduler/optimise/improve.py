"""Stage 3: large-neighbourhood search over the full per-agent model.

Each round frees a neighbourhood (one day for every agent, or all days for a group of
agents) with every option the agents' domains allow, keeps everyone else to their current
shift (which they may still drop), and re-solves from the current roster as a complete hint.
CP-SAT handles such a model in a second or two where the whole week would stall.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduler.models.instance import Agent
from scheduler.optimise.context import ModelContext
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.roster_model import build_roster_model
from scheduler.optimise.rules.shifts import Allowed

Assignment = dict[str, dict[int, tuple[str, int]]]


def neighbourhood_allowed(
    catalogue: OptionCatalogue,
    agents: list[Agent],
    current: Assignment,
    free_days: set[int],
    free_agents: set[str] | None,
) -> Allowed:
    """Full domains inside the neighbourhood, the current shift (or off) outside it."""
    allowed: Allowed = {}
    days = catalogue.instance.horizon.days
    for agent in agents:
        per_day: dict[int, set[tuple[str, int]]] = {}
        free_agent = free_agents is None or agent.id in free_agents
        for day in range(days):
            if free_agent and day in free_days:
                domain = catalogue.domain(agent, day)
                per_day[day] = {(q, o) for q in agent.queues for o in domain}
            elif day in current.get(agent.id, {}):
                per_day[day] = {current[agent.id][day]}
        allowed[agent.id] = per_day
    return allowed


def hint_assignment(ctx: ModelContext, assignment: Assignment) -> None:
    """A complete hint: shift Booleans, group sizes, break counts and coverage slacks.

    Breaks are hinted at their earliest offsets, which always keeps order and gaps.
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
        for per_offset in per_break:
            first = min(per_offset)
            for offset, var in per_offset.items():
                values[var.index] = sizes[key] if offset == first else 0
    for under, over, need, terms in ctx.slots:
        staffed = sum(coef * values[var.index] for var, coef in terms)
        values[under.index] = max(0, need - staffed)
        values[over.index] = max(0, staffed - need)
    variables = ctx.model.proto.variables
    for index, value in values.items():
        ctx.model.add_hint(ctx.model.get_int_var_from_proto_index(index), value)
    del variables


def read_assignment(ctx: ModelContext, solver: cp_model.CpSolver) -> Assignment:
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


class Neighbourhoods:
    """Round-robin over single days, then random agent groups over the whole horizon."""

    def __init__(self, days: int, agents: list[Agent], seed: int, group_size: int) -> None:
        self.days = days
        self.agents = agents
        self.rng = random.Random(seed)
        self.group_size = group_size
        self.turn = 0

    def next(self) -> tuple[set[int], set[str] | None]:
        self.turn += 1
        if self.turn % 3 and self.days > 1:
            return {self.rng.randrange(self.days)}, None
        pick = self.rng.sample(self.agents, min(self.group_size, len(self.agents)))
        return set(range(self.days)), {a.id for a in pick}


def improve(
    catalogue: OptionCatalogue,
    agents: list[Agent],
    current: Assignment,
    objective: float,
    deadline: Callable[[], float],
    seed: int,
    workers: int,
    on_improve: Callable[[float, Assignment, ModelContext, cp_model.CpSolver], None],
) -> None:
    """Improve ``current`` until ``deadline()`` returns no time left."""
    instance = catalogue.instance
    hoods = Neighbourhoods(instance.horizon.days, agents, seed, group_size=max(4, len(agents) // 8))
    while deadline() > 0.3:
        free_days, free_agents = hoods.next()
        allowed = neighbourhood_allowed(catalogue, agents, current, free_days, free_agents)
        ctx = build_roster_model(instance, catalogue, agents, allowed)
        hint_assignment(ctx, current)
        ctx.minimise()
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = min(deadline(), 3.0)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed + hoods.turn
        status = solver.solve(ctx.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value < objective:
            objective = solver.objective_value
            current = read_assignment(ctx, solver)
            on_improve(objective, current, ctx, solver)
