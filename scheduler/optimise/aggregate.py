"""Stage 1: the aggregate model, whose optimum is a lower bound on every roster's cost.

Agents with the same queues form a class, whose members' daily options and contracts are
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
from scheduler.optimise.break_layout import BreakLayout, break_layout
from scheduler.optimise.context import GroupKey, ModelContext
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.rules import breaks, coverage

FINE_CLASSES = 40
# Break offsets per group above which breaks are pooled per time slot: at 1,000 agents the
# per-offset counts made a 72k-variable LP that GLOP needed 35 s for.
POOLED_BREAKS_ABOVE = 20_000


@dataclass(frozen=True)
class AgentClass:
    """Agents serving the same queues; their options and contract limits are pooled."""

    agents: tuple[Agent, ...]
    queues: tuple[str, ...]
    domains: tuple[tuple[int, ...], ...]  # option ids per day: the union over members
    available: tuple[int, ...]  # members who can work at all, per day
    min_minutes: tuple[int, ...]  # per week, summed over members
    max_minutes: int  # per week, summed over members
    max_days: tuple[int, ...]  # per week, summed over members

    @property
    def size(self) -> int:
        return len(self.agents)


def agent_classes(
    instance: Instance, catalogue: OptionCatalogue, agents: list[Agent]
) -> list[AgentClass]:
    """Classes by queue set and contract, or by queue set alone when that gives more than
    ``FINE_CLASSES`` classes. Pooling members' options and summing their contracts keeps the
    model a relaxation (any roster maps onto it). Contract classes are tighter (demo bound
    4,823 vs 4,235) but gave 200 classes at 1,000 agents, an LP that did not finish in 30 s."""
    groups: dict[tuple, list[Agent]] = defaultdict(list)
    for agent in agents:
        groups[_contract_key(instance, agent)].append(agent)
    if len(groups) > FINE_CLASSES:
        groups = defaultdict(list)
        for agent in agents:
            groups[tuple(sorted(agent.queues))].append(agent)
    classes = []
    days = range(instance.horizon.days)
    weeks = range(instance.horizon.weeks)
    for members in sorted(groups.values(), key=lambda m: m[0].id):
        per_day = [[catalogue.domain(a, d) for a in members] for d in days]
        domains = tuple(tuple(sorted(set().union(*options))) for options in per_day)
        available = tuple(sum(1 for o in options if o) for options in per_day)
        classes.append(
            AgentClass(
                agents=tuple(members),
                queues=tuple(sorted(members[0].queues)),
                domains=domains,
                available=available,
                min_minutes=tuple(
                    sum(instance.weekly_min_minutes(a, w) for a in members) for w in weeks
                ),
                max_minutes=sum(instance.weekly_max_minutes(a) for a in members),
                max_days=tuple(
                    sum(instance.weekly_max_days(a, w) for a in members) for w in weeks
                ),
            )
        )
    return classes


def _contract_key(instance: Instance, agent: Agent) -> tuple:
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
    if _break_variables(ctx) <= POOLED_BREAKS_ABOVE:
        breaks.build(ctx, ordered=False)
    else:
        _pooled_breaks(ctx)
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
            ctx.model.add(paid <= cls.max_minutes)
            ctx.model.add(worked <= cls.max_days[week])
            short = ctx.model.new_int_var(0, cls.min_minutes[week], f"short_{c}_{week}")
            ctx.model.add(paid + short >= cls.min_minutes[week])
            shortfalls.append(short)
    # Contract minimums are soft here: any roster pays nothing for them, so the bound stays
    # valid, and a model with no hard minimum always has a solution to start from.
    ctx.add_term("contract_shortfall", 2 * ctx.instance.costs.under_per_minute, sum(shortfalls, 0))


def _break_variables(ctx: ModelContext) -> int:
    """How many count variables ``breaks.build`` would create."""
    layouts: dict[int, BreakLayout] = {}
    total = 0
    for _, _, o in ctx.group_size:
        length = ctx.catalogue.options[o].length
        layout = layouts.get(length) or layouts.setdefault(
            length, break_layout(ctx.instance, length)
        )
        total += sum(len(slot.offsets) for slot in layout.slots)
    return total


def _pooled_breaks(ctx: ModelContext) -> None:
    """Breaks as agents off the phone per (day, queue, slot): a relaxation of the groups'
    break counts. Each slot holds at most the agents whose shift has a break window over it,
    and each (day, queue) holds exactly its shifts' break minutes; every roster's breaks
    satisfy both, so the bound stays valid, with one variable per slot instead of per
    group, break and offset."""
    step = ctx.instance.horizon.time_step_minutes
    layouts: dict[int, BreakLayout] = {}
    reach: dict[tuple[int, str, int], list] = defaultdict(list)
    volume: dict[tuple[int, str], list] = defaultdict(list)
    for (day, q, o), size in ctx.group_size.items():
        option = ctx.catalogue.options[o]
        layout = layouts.get(option.length) or layouts.setdefault(
            option.length, break_layout(ctx.instance, option.length)
        )
        slots: set[int] = set()
        units = 0
        for slot in layout.slots:
            length = slot.spec.minutes // step
            units += length
            for p in slot.offsets:
                first = (option.start + p) // step
                slots.update(range(first, first + length))
        if units:
            volume[(day, q)].append((size, units))
        for s in slots:
            reach[(day, q, s)].append((size, ctx.group_upper[(day, q, o)]))
    off_phone: dict[tuple[int, str], list] = defaultdict(list)
    for key in sorted(reach):
        sizes = reach[key]
        z = ctx.model.new_int_var(0, sum(upper for _, upper in sizes), f"off{key}")
        ctx.model.add(z <= sum(size for size, _ in sizes))
        ctx.cover_terms.setdefault(key, []).append((z, -1))
        off_phone[(key[0], key[1])].append(z)
    for key in sorted(volume):
        ctx.model.add(sum(off_phone[key]) == sum(units * size for size, units in volume[key]))

