"""Stage 1: the aggregate model, whose optimum is a lower bound on every roster's cost.

Agents with the same queues, contract and daily option domains form a class; the model only
decides how many of each class work each (queue, option) on each day. It keeps coverage and
breaks exact and contracts in aggregate (hours and days summed over the class) and drops the
rules that need names (rest, consecutive days, late shifts) and the non-negative request
costs. Every roster maps onto a solution of this model with no higher cost, so its optimum, or
CP-SAT's bound on it, is a valid lower bound, and its counts are a good target for stage 2.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.models.instance import Agent, Instance
from scheduler.optimise.context import GroupKey, ModelContext
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.rules import breaks, coverage


@dataclass(frozen=True)
class AgentClass:
    agents: tuple[Agent, ...]
    queues: tuple[str, ...]
    domains: tuple[tuple[int, ...], ...]  # option ids per day
    min_minutes: tuple[int, ...]  # per week, per agent
    max_minutes: int
    max_days: tuple[int, ...]  # per week, per agent

    @property
    def size(self) -> int:
        return len(self.agents)


def agent_classes(
    instance: Instance, catalogue: OptionCatalogue, agents: list[Agent]
) -> list[AgentClass]:
    groups: dict[tuple, list[Agent]] = defaultdict(list)
    for agent in agents:
        groups[_class_key(instance, catalogue, agent)].append(agent)
    classes = []
    for key, members in sorted(groups.items(), key=lambda kv: kv[1][0].id):
        queues, domains, mins, maximum, days = key
        classes.append(AgentClass(tuple(members), queues, domains, mins, maximum, days))
    return classes


def _class_key(instance: Instance, catalogue: OptionCatalogue, agent: Agent) -> tuple:
    weeks = range(instance.horizon.weeks)
    return (
        tuple(sorted(agent.queues)),
        tuple(catalogue.domain(agent, d) for d in range(instance.horizon.days)),
        tuple(instance.weekly_min_minutes(agent, w) for w in weeks),
        instance.weekly_max_minutes(agent),
        tuple(instance.weekly_max_days(agent, w) for w in weeks),
    )


@dataclass
class AggregateModel:
    ctx: ModelContext
    classes: list[AgentClass]
    y: dict[tuple[int, int, str, int], cp_model.IntVar]  # (class, day, queue, option)


def build_aggregate(
    instance: Instance, catalogue: OptionCatalogue, classes: list[AgentClass]
) -> AggregateModel:
    ctx = ModelContext(instance, catalogue)
    y: dict[tuple[int, int, str, int], cp_model.IntVar] = {}
    members: dict[GroupKey, list[tuple[cp_model.IntVar, int]]] = defaultdict(list)
    for c, cls in enumerate(classes):
        for day, domain in enumerate(cls.domains):
            for q in cls.queues:
                for o in domain:
                    var = ctx.model.new_int_var(0, cls.size, f"y_{c}_{day}_{q}_{o}")
                    y[(c, day, q, o)] = var
                    members[(day, q, o)].append((var, cls.size))
    for key in sorted(members):
        ctx.add_group(key, members[key])
    _class_limits(ctx, classes, y)
    breaks.build(ctx)
    coverage.build(ctx)
    ctx.minimise()
    return AggregateModel(ctx, classes, y)


def _class_limits(
    ctx: ModelContext,
    classes: list[AgentClass],
    y: dict[tuple[int, int, str, int], cp_model.IntVar],
) -> None:
    """Each class's day, hour and day-count limits, summed over its members."""
    by_class_day: dict[tuple[int, int], list[tuple[cp_model.IntVar, int]]] = defaultdict(list)
    for (c, day, _, o), var in y.items():
        by_class_day[(c, day)].append((var, ctx.catalogue.options[o].paid))
    horizon = ctx.instance.horizon
    shortfalls = []
    for c, cls in enumerate(classes):
        for day in range(horizon.days):
            if by_class_day[(c, day)]:
                ctx.model.add(sum(v for v, _ in by_class_day[(c, day)]) <= cls.size)
        for week in range(horizon.weeks):
            cells = [cell for d in horizon.week_days(week) for cell in by_class_day[(c, d)]]
            paid = sum((p * v for v, p in cells), 0)
            worked = sum((v for v, _ in cells), 0)
            ctx.model.add(paid <= cls.size * cls.max_minutes)
            ctx.model.add(worked <= cls.size * cls.max_days[week])
            short = ctx.model.new_int_var(0, cls.size * cls.min_minutes[week], f"short_{c}_{week}")
            ctx.model.add(paid + short >= cls.size * cls.min_minutes[week])
            shortfalls.append(short)
    # Contract minimums are soft here: any roster pays nothing for them, so the bound stays
    # valid, and a model with no hard minimum always has a solution to start from.
    ctx.add_term("contract_shortfall", 2 * ctx.instance.costs.under_per_minute, sum(shortfalls, 0))


def round_targets(aggregate: AggregateModel, values: list[float]) -> dict[int, dict]:
    """Integer counts per class from the relaxation: floors, then the largest remainders.

    Per class and day the rounded total never exceeds the class size, so each target is
    something the class could staff; stage 2a then fits the contracts around it.
    """
    cells: dict[tuple[int, int], list[tuple[float, tuple[int, str, int]]]] = defaultdict(list)
    for (c, day, q, o), var in aggregate.y.items():
        value = values[var.index]
        if value > 1e-6:
            cells[(c, day)].append((value, (day, q, o)))
    targets: dict[int, dict] = defaultdict(dict)
    for (c, _), items in cells.items():
        total = min(aggregate.classes[c].size, round(sum(v for v, _ in items)))
        floors = {key: int(v + 1e-6) for v, key in items}
        spare = total - sum(floors.values())
        by_remainder = sorted(items, key=lambda item: item[0] - int(item[0] + 1e-6), reverse=True)
        for _, key in by_remainder[: max(0, spare)]:
            floors[key] += 1
        for key, count in floors.items():
            if count:
                targets[c][key] = count
    return targets


def support_targets(aggregate: AggregateModel, values: list[float]) -> dict[int, dict]:
    """Every (day, queue, option) a class uses at all in the relaxation, with count 1."""
    support: dict[int, dict] = defaultdict(dict)
    for (c, day, q, o), var in aggregate.y.items():
        if values[var.index] > 1e-6:
            support[c][(day, q, o)] = 1
    return support
