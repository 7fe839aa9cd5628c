"""Stage 2a: give the aggregate counts to named agents, one class at a time.

Within a class the agents are interchangeable except for the rules that need names (rest,
consecutive days, what they did last week) and their requests. A small model per class
matches the class's counts as closely as those rules allow; its answer is a complete,
rule-abiding roster used as the hint of the global model.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.optimise.aggregate import AgentClass
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.roster_model import build_roster_model
from scheduler.optimise.rules.shifts import Allowed

Assignment = dict[str, dict[int, tuple[str, int]]]  # agent -> day -> (queue, option)
Targets = dict[tuple[int, str, int], int]  # (day, queue, option) -> count for the class


def assign_class(
    catalogue: OptionCatalogue,
    cls: AgentClass,
    targets: Targets,
    time_limit: float,
    seed: int,
    widen: bool = False,
) -> Assignment | None:
    """Named shifts for the class's agents, or None when its rules leave no roster."""
    instance = catalogue.instance
    allowed = None if widen else _allowed(cls, targets)
    ctx = build_roster_model(instance, catalogue, cls.agents, allowed, with_coverage=False)
    assert ctx.choices is not None
    sums: dict[tuple[int, str, int], list[cp_model.IntVar]] = defaultdict(list)
    for agent in cls.agents:
        for day, per_day in ctx.choices.x[agent.id].items():
            for (q, o), var in per_day.items():
                sums[(day, q, o)].append(var)
    deviations = []
    for key in sorted(set(sums) | set(targets)):
        dev = ctx.model.new_int_var(0, cls.size, f"dev{key}")
        ctx.model.add_abs_equality(dev, sum(sums.get(key, []), 0) - targets.get(key, 0))
        deviations.append(catalogue.options[key[2]].length * dev)
    ctx.add_term("deviation", instance.costs.under_per_minute, sum(deviations, 0))
    ctx.minimise()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    status = solver.solve(ctx.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {
        agent.id: {
            day: pair
            for day, per_day in ctx.choices.x[agent.id].items()
            for pair, var in per_day.items()
            if solver.value(var)
        }
        for agent in cls.agents
    }


def _allowed(cls: AgentClass, targets: Targets) -> Allowed:
    by_day: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for (day, q, o), count in targets.items():
        if count > 0:
            by_day[day].add((q, o))
    return {agent.id: dict(by_day) for agent in cls.agents}
