"""Stage 1: the aggregate model, whose optimum is a lower bound on every roster's cost.

Agents with the same queues and contract form a class, whose members' daily options are
pooled; the model only decides how many of each class work each (queue, option) on each day.
It keeps coverage exact, breaks as counts inside their windows (without their order, which
halves the LP and barely moves the bound) and contracts in aggregate (hours and days summed
over the class) and drops the rules that need names (rest, consecutive days, late shifts) and the
non-negative request costs. Every roster maps onto a solution of this model with no higher
cost, so the optimum of its LP relaxation is a valid lower bound on every roster's cost.
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
    """Agents with the same queues and contract; their daily options are pooled (union)."""

    agents: tuple[Agent, ...]
    queues: tuple[str, ...]
    domains: tuple[tuple[int, ...], ...]  # option ids per day: the union over members
    available: tuple[int, ...]  # members who can work at all, per day
    min_minutes: tuple[int, ...]  # per week, per agent
    max_minutes: int
    max_days: tuple[int, ...]  # per week, per agent

    @property
    def size(self) -> int:
        return len(self.agents)


def agent_classes(
    instance: Instance, catalogue: OptionCatalogue, agents: list[Agent]
) -> list[AgentClass]:
    """Classes by queues and contract. Pooling members' options keeps the model a relaxation
    (any roster maps onto it) while keeping it small enough for the LP at 2,000 agents."""
    groups: dict[tuple, list[Agent]] = defaultdict(list)
    for agent in agents:
        groups[_class_key(instance, agent)].append(agent)
    classes = []
    days = range(instance.horizon.days)
    for key, members in sorted(groups.items(), key=lambda kv: kv[1][0].id):
        queues, mins, maximum, max_days = key
        per_day = [[catalogue.domain(a, d) for a in members] for d in days]
        domains = tuple(tuple(sorted(set().union(*options))) for options in per_day)
        available = tuple(sum(1 for o in options if o) for options in per_day)
        classes.append(
            AgentClass(tuple(members), queues, domains, available, mins, maximum, max_days)
        )
    return classes


def _class_key(instance: Instance, agent: Agent) -> tuple:
    weeks = range(instance.horizon.weeks)
    return (
        tuple(sorted(agent.queues)),
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
                    cap = cls.available[day]
                    var = ctx.model.new_int_var(0, cap, f"y_{c}_{day}_{q}_{o}")
                    y[(c, day, q, o)] = var
                    members[(day, q, o)].append((var, cap))
    for key in sorted(members):
        ctx.add_group(key, members[key])
    _class_limits(ctx, classes, y)
    breaks.build(ctx, ordered=False)
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
                ctx.model.add(sum(v for v, _ in by_class_day[(c, day)]) <= cls.available[day])
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
