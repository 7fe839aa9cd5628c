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
# Break offsets per group above which breaks are pooled per time slot first: at 1,000 agents
# the per-offset counts made a 72k-variable LP that GLOP needed 35 s for. Pooling is looser
# (voucher-hotline 127.5k vs 153.9k), so ``solve`` tries the per-offset LP after it when time
# allows and keeps the larger bound.
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
    pooled: bool  # breaks pooled per slot rather than counted per offset


def build_aggregate(
    instance: Instance,
    catalogue: OptionCatalogue,
    classes: list[AgentClass],
    pooled_breaks: bool | None = None,
) -> AggregateModel:
    """The aggregate model; breaks pooled per slot when ``pooled_breaks`` (by default, when
    the per-offset counts would exceed ``POOLED_BREAKS_ABOVE`` variables)."""
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
    if pooled_breaks is None:
        pooled_breaks = _break_variables(ctx) > POOLED_BREAKS_ABOVE
    if pooled_breaks:
        _pooled_breaks(ctx)
    else:
        breaks.build(ctx, ordered=False)
    _pooled_overtime(ctx, [a for cls in classes for a in cls.agents])
    coverage.build(ctx)
    ctx.minimise()
    return AggregateModel(ctx, classes, y, pooled_breaks)


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
    price = 2 * ctx.instance.costs.under_per_minute
    soft = ctx.instance.soft_min_price()
    if soft is not None:  # a soft minimum: never dearer here than a roster pays for it
        price = min(price, soft)
    ctx.add_term("contract_shortfall", price, sum(shortfalls, 0))


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
    """Breaks as agents off the phone per (day, queue, break position, slot): a relaxation of
    the groups' break counts. The k-th break of every shift may go anywhere inside the k-th
    break windows of the shifts worked (pooled over start times and lengths), and each
    (day, queue, position) holds exactly its shifts' break minutes; every roster's breaks
    satisfy both, so the bound stays valid, with one variable per slot and position instead
    of per group, break and offset."""
    step = ctx.instance.horizon.time_step_minutes
    layouts: dict[int, BreakLayout] = {}
    reach: dict[tuple[int, str, int, int], list] = defaultdict(list)
    volume: dict[tuple[int, str, int], list] = defaultdict(list)
    for (day, q, o), size in ctx.group_size.items():
        option = ctx.catalogue.options[o]
        layout = layouts.get(option.length) or layouts.setdefault(
            option.length, break_layout(ctx.instance, option.length)
        )
        upper = ctx.group_upper[(day, q, o)]
        for k, slot in enumerate(layout.slots):
            length = slot.spec.minutes // step
            volume[(day, q, k)].append((size, length))
            covered: set[int] = set()
            for p in slot.offsets:
                first = (option.start + p) // step
                covered.update(range(first, first + length))
            for s in covered:
                reach[(day, q, k, s)].append((size, upper))
    off_phone: dict[tuple[int, str, int], list] = defaultdict(list)
    for key in sorted(reach):
        day, q, k, s = key
        sizes = reach[key]
        z = ctx.model.new_int_var(0, sum(upper for _, upper in sizes), f"off{key}")
        ctx.model.add(z <= sum(size for size, _ in sizes))
        ctx.cover_terms.setdefault((day, q, s), []).append((z, -1))
        off_phone[(day, q, k)].append(z)
    for key in sorted(volume):
        ctx.model.add(sum(off_phone[key]) == sum(length * size for size, length in volume[key]))


def _pooled_overtime(ctx: ModelContext, agents: list[Agent]) -> None:
    """Subscriptions as extra agents per (day, queue, slot): a relaxation of how a roster can
    use them. A slot gets at most the offers whose window covers it (from agents serving the
    queue, and over all queues together), a day at most its offers' minutes, each at the
    overtime price; any roster's overtime fits, so the bound stays valid with overtime."""
    step = ctx.instance.horizon.time_step_minutes
    serves = {a.id: a.queues for a in agents}
    per_slot: dict[tuple[int, str, int], int] = defaultdict(int)
    any_queue: dict[tuple[int, int], int] = defaultdict(int)
    budget: dict[int, int] = defaultdict(int)
    for offer in ctx.instance.overtime_offers:
        if offer.agent not in serves:
            continue
        budget[offer.day] += min(offer.max_minutes, offer.end_minute - offer.start_minute) // step
        for s in range(offer.start_minute // step, offer.end_minute // step):
            any_queue[(offer.day, s)] += 1
            for q in serves[offer.agent]:
                per_slot[(offer.day, q, s)] += 1
    used: dict[tuple[int, int], list] = defaultdict(list)
    by_day: dict[int, list] = defaultdict(list)
    for (day, q, s), count in sorted(per_slot.items()):
        extra = ctx.model.new_int_var(0, count, f"ot_{day}_{q}_{s}")
        ctx.cover_terms.setdefault((day, q, s), []).append((extra, 1))
        ctx.cover_upper[(day, q, s)] = ctx.cover_upper.get((day, q, s), 0) + count
        used[(day, s)].append(extra)
        by_day[day].append(extra)
    for (day, s), extras in sorted(used.items()):
        ctx.model.add(sum(extras) <= any_queue[(day, s)])
    for day, extras in sorted(by_day.items()):
        ctx.model.add(sum(extras) <= budget[day])
    every = [v for extras in by_day.values() for v in extras]
    ctx.add_term("overtime", ctx.instance.costs.overtime_per_minute * step, sum(every, 0))
