"""The re-plan as one CP-SAT model: the agent-days a level may touch, everything else fixed.

* free agent-days (levels 2 and 1) get the per-agent shift Booleans of the planning model, with
  the planning rule modules (contracts, rest, consecutive days, late shifts, requests) over
  the whole horizon: history and untouched days enter those rules as constants;
* adjustable days (level 3 and shifts in progress) get break and non-phone-work Booleans;
* overtime offers (level 1) get one Boolean per candidate span;
* coverage is counted only in the slots a decision can reach, against what the fixed part of
  the roster leaves uncovered, so the bound CP-SAT reports is the bound of this re-plan;
* every difference from the published roster is priced (``stability``), and the published
  roster is a complete hint;
* the neighbourhood is only what can help: free days and movable breaks must reach a slot the
  changes left short (``shortfall``), and each free day gets a few options near its published
  shift (``_candidate_pairs``), so the bound CP-SAT reports is that of this restricted problem.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from scheduler.check.costs import coverage
from scheduler.models.instance import Agent
from scheduler.models.roster import AgentDay, Roster, Span
from scheduler.optimise.context import AgentChoices, ModelContext
from scheduler.optimise.options import OptionCatalogue, ShiftOption
from scheduler.optimise.roster_model import AGENT_RULES
from scheduler.optimise.rules import breaks as break_rules
from scheduler.replan.adjustable import AdjustableDay, build_adjustable
from scheduler.replan.apply import Revision
from scheduler.replan.changes import Changes
from scheduler.replan.overtime import OvertimeChoice, build_overtime
from scheduler.replan.scope import OWED, Level, Scope, published_days
from scheduler.replan.shortfall import Shortfall
from scheduler.replan.stability import break_move_minutes, shift_change_cost, weights_on_day

Pair = tuple[str, int]


@dataclass
class ReplanModel:
    revision: Revision
    scope: Scope
    short: Shortfall
    catalogue: OptionCatalogue
    ctx: ModelContext
    published: dict[tuple[str, int], AgentDay]
    adjustable: dict[tuple[str, int], AdjustableDay] = field(default_factory=dict)
    overtime: list[OvertimeChoice] = field(default_factory=list)
    free_pairs: dict[tuple[str, int], dict[Pair, cp_model.IntVar]] = field(default_factory=dict)
    base: Roster | None = None
    hint: dict[int, int] = field(default_factory=dict)


def build_model(
    revision: Revision,
    published: Roster,
    scope: Scope,
    changes: Changes,
    short: Shortfall,
    start: Roster | None = None,
) -> ReplanModel:
    """The model of one level; ``start`` (default: the published roster) is the hint, so each
    level starts from the roster the level before it found."""
    instance = revision.instance
    catalogue = OptionCatalogue(instance)
    ctx = ModelContext(instance, catalogue)
    rm = ReplanModel(revision, scope, short, catalogue, ctx, published_days(published))
    _free_choices(rm, changes)
    for key, agent_day in sorted(scope.adjustable.items()):
        rm.adjustable[key] = build_adjustable(ctx.model, instance, agent_day, revision.now, short)
    if scope.level == Level.RESERVES:
        rm.overtime = build_overtime(rm)
    break_rules.build(ctx)
    rm.base = _base_roster(rm)
    _hint(rm, published_days(start) if start is not None else rm.published)
    _coverage(rm)
    _stability(rm, changes)
    for name, weight in (("overtime", instance.costs.overtime_per_minute),):
        ctx.add_term(name, weight, sum((o.minutes * o.var for o in rm.overtime), 0))
    ctx.minimise()
    for index, value in rm.hint.items():
        ctx.model.add_hint(ctx.model.get_int_var_from_proto_index(index), value)
    return rm


# -- free agent-days: per-agent shift choices and the planning rules --------------------------


def option_id(catalogue: OptionCatalogue, shift: Span) -> int:
    """The catalogue option of a published shift (added, never offered, when off-template)."""
    for option in catalogue.options:
        if option.start == shift.start_minute and option.end == shift.end_minute:
            return option.id
    paid = catalogue.instance.paid_minutes(shift.minutes)
    option = ShiftOption(
        len(catalogue.options), shift.start_minute, shift.minutes, paid, frozenset()
    )
    catalogue.options.append(option)
    return option.id


def _free_choices(rm: ReplanModel, changes: Changes) -> None:
    instance, ctx = rm.revision.instance, rm.ctx
    candidates = _free_candidates(rm, changes)
    agents: list[Agent] = [instance.agent_by_id[a] for a in sorted(candidates)]
    choices = AgentChoices(agents)
    ctx.choices = choices
    members: dict[tuple[int, str, int], list] = defaultdict(list)
    for agent in agents:
        per_day = choices.x.setdefault(agent.id, {})
        for day in range(instance.horizon.days):
            pairs = candidates[agent.id].get(day)
            if pairs is None:
                per_day[day] = _fixed_choice(rm, agent.id, day)
                continue
            per_day[day] = {
                p: ctx.model.new_bool_var(f"x_{agent.id}_{day}_{p[0]}_{p[1]}") for p in pairs
            }
            if len(per_day[day]) > 1:
                ctx.model.add_at_most_one(per_day[day].values())
            rm.free_pairs[(agent.id, day)] = per_day[day]
            for (q, o), var in per_day[day].items():
                members[(day, q, o)].append((var, 1))
    for key in sorted(members):
        ctx.add_group(key, members[key])
    for build in AGENT_RULES.values():
        build(ctx)


def _free_candidates(rm: ReplanModel, changes: Changes) -> dict[str, dict[int, list[Pair]]]:
    """Candidate pairs of every free agent-day. A day whose published shift is its only
    candidate (nothing near it reaches a short slot) is fixed instead: it stays as published."""
    instance, scope = rm.revision.instance, rm.scope
    found: dict[str, dict[int, list[Pair]]] = {}
    for agent_id in sorted(scope.free):
        agent = instance.agent_by_id[agent_id]
        for day in sorted(scope.free[agent_id]):
            pairs = _candidate_pairs(rm, agent, day, changes)
            published = rm.published.get((agent_id, day))
            if published is not None and published.shift is not None and len(pairs) == 1:
                scope.free[agent_id].discard(day)
                scope.fixed[(agent_id, day)] = published
            elif pairs or published is not None:
                found.setdefault(agent_id, {})[day] = pairs
            else:  # a day off nothing can use: stays off
                scope.free[agent_id].discard(day)
    return found


def _fixed_choice(rm: ReplanModel, agent_id: str, day: int) -> dict[Pair, cp_model.IntVar]:
    """A day the level does not touch, as a constant for the weekly rules."""
    agent_day = rm.scope.fixed.get((agent_id, day)) or rm.scope.adjustable.get((agent_id, day))
    if agent_day is None or agent_day.shift is None:
        return {}
    o = option_id(rm.catalogue, agent_day.shift)
    return {(agent_day.queue, o): rm.ctx.model.new_constant(1)}


def _candidate_pairs(rm: ReplanModel, agent: Agent, day: int, changes: Changes) -> list[Pair]:
    """The published (queue, shift) and a few options that reach a short slot.

    A published shift may be extended or shortened at either end to a neighbouring length,
    or move by up to ``MOVE_MINUTES`` keeping its length, on its queue. A day without a
    published shift may take, per queue and length, the allowed option that reaches the most
    short slots. Every option starts late enough for the notice a change needs. Keeping the
    choices few is what lets CP-SAT close the gap in seconds (see benchmarks/README.md)."""
    options = rm.catalogue.options
    earliest = _earliest(rm, agent, day, changes)
    published = rm.published.get((agent.id, day))
    domain = [o for o in _domain(rm, agent, day) if options[o].start >= earliest]
    current = None
    if published is not None and published.shift is not None:
        current = (published.queue, option_id(rm.catalogue, published.shift))
    if current is None:
        pairs = _best_new(rm, agent, day, domain)
    else:
        pairs = [
            (current[0], o)
            for o in _near(rm, domain, options[current[1]])
            if rm.short.reaches(current[0], day, options[o].start, options[o].end)
        ]
        if current[1] in _domain(rm, agent, day):
            pairs.append(current)
    return pairs


MOVE_MINUTES = 120  # how far a published shift's start may move in a re-plan


def _near(rm: ReplanModel, domain: list[int], published: ShiftOption) -> list[int]:
    """Neighbouring lengths with the same start or end; the same length moved a little."""
    options = rm.catalogue.options
    lengths = sorted({options[o].length for o in domain} | {published.length})
    at = lengths.index(published.length)
    neighbours = set(lengths[max(0, at - 1) : at + 2]) - {published.length}

    def near(option: ShiftOption) -> bool:
        if option.length in neighbours:
            return option.start == published.start or option.end == published.end
        moved = abs(option.start - published.start)
        return option.length == published.length and 0 < moved <= MOVE_MINUTES

    return [o for o in domain if near(options[o])]


def _best_new(rm: ReplanModel, agent: Agent, day: int, domain: list[int]) -> list[Pair]:
    """Per queue and length, the option reaching the most short slots (earliest on ties)."""
    options, short = rm.catalogue.options, rm.short
    best: dict[tuple[str, int], tuple[int, int]] = {}
    for q in agent.queues:
        for o in domain:
            option = options[o]
            reach = short.count(q, day, option.start, option.end)
            key = (q, option.length)
            if reach and (key not in best or reach > best[key][0]):
                best[key] = (reach, o)
    return [(q, o) for (q, _), (_, o) in sorted(best.items())]


def _earliest(rm: ReplanModel, agent: Agent, day: int, changes: Changes) -> int:
    """First minute a new or moved shift may start: ``now`` plus the notice regular agents
    need (support and reserves are called in; the reserves' tier is an absence already)."""
    now = rm.revision.now
    if day != now.day:
        return 0
    regular = agent.role == "agent" and not agent.reserve_tier
    return now.minute + (changes.regular_notice_minutes if regular else 0)


def _domain(rm: ReplanModel, agent: Agent, day: int) -> tuple[int, ...]:
    """Allowed options of one agent-day, computed for this day only (the catalogue's cached
    ``domain`` computes every agent's whole week: 1 s for 1,000 agents)."""
    catalogue = rm.catalogue
    return tuple(
        o for o in catalogue.template_domain(agent, day) if not catalogue.exclusions(agent, day, o)
    )


# -- coverage ------------------------------------------------------------------------------------


def _base_roster(rm: ReplanModel) -> Roster:
    days = list(rm.scope.fixed.values()) + [a.base() for a in rm.adjustable.values()]
    return Roster(instance=rm.revision.instance.name, agent_days=tuple(days))


def _coverage(rm: ReplanModel) -> None:
    """Shortfall and excess in every slot a decision reaches, against the fixed roster."""
    instance, ctx = rm.revision.instance, rm.ctx
    horizon = instance.horizon
    step = horizon.time_step_minutes
    per_interval = horizon.interval_minutes // step
    assert rm.base is not None
    fixed = coverage(instance, rm.base)
    staffed = fixed.staffed // step
    queue_row = {q: n for n, q in enumerate(instance.queue_ids)}
    terms = _slot_terms(rm, step)
    domains = ctx.model.proto.variables
    under_vars, under_prices, over_vars = [], [], []
    for (day, q, s), items in sorted(terms.items(), key=lambda kv: kv[0]):
        column = day * horizon.steps_per_day + s
        interval = day * horizon.intervals_per_day + s // per_interval
        need = int(instance.demand.required[q][interval]) - int(staffed[queue_row[q], column])
        price = int(fixed.under_weight[queue_row[q], column]) * step
        # Each term is a Boolean or a group size / break count: its reach is coefficient
        # times the variable's upper bound (a slack bounded by the count alone would cut off
        # the hint whenever a group holds more than one agent).
        upper = sum(c * _upper(domains, v) for v, c in items if c > 0)
        lower = sum(c * _upper(domains, v) for v, c in items if c < 0)
        under = ctx.model.new_int_var(0, max(0, need - lower), f"u_{day}_{q}_{s}")
        over = ctx.model.new_int_var(0, upper + max(0, -need), f"o_{day}_{q}_{s}")
        variables, coefficients = zip(*items, strict=True)
        ctx.model.add(
            cp_model.LinearExpr.weighted_sum(variables, coefficients) + under - over == need
        )
        have = sum(c * rm.hint.get(v.index, 0) for v, c in items)
        rm.hint[under.index] = max(0, need - have)
        rm.hint[over.index] = max(0, have - need)
        under_vars.append(under)
        under_prices.append(price)
        over_vars.append(over)
    if under_vars:
        ctx.add_term("under", 1, cp_model.LinearExpr.weighted_sum(under_vars, under_prices))
    ctx.add_term("over", instance.costs.over_per_minute * step, sum(over_vars, 0))


def _upper(domains, var: cp_model.IntVar) -> int:
    """A variable's upper bound (``domain[-1]`` of the proto's repeated field reads 0 in
    OR-Tools 9.15, so index from the front)."""
    domain = domains[var.index].domain
    return int(domain[len(domain) - 1])


def _slot_terms(rm: ReplanModel, step: int) -> dict[tuple[int, str, int], list]:
    ctx = rm.ctx
    terms: dict[tuple[int, str, int], list] = defaultdict(list)
    for (day, q, o), size in ctx.group_size.items():
        option = rm.catalogue.options[o]
        for s in range(option.start // step, option.end // step):
            terms[(day, q, s)].append((size, 1))
        rule = rm.revision.instance.break_rule_for(option.length)
        for k, per_offset in enumerate(ctx.break_counts.get((day, q, o), [])):
            minutes = rule.breaks[k].minutes if rule else 0
            for offset, var in per_offset.items():
                first = (option.start + offset) // step
                for s in range(first, first + minutes // step):
                    terms[(day, q, s)].append((var, -1))
    for (_, day), adj in rm.adjustable.items():
        q = adj.agent_day.queue
        for choice in adj.breaks:
            for start, var in choice.starts.items():
                for s in range(start // step, (start + choice.minutes) // step):
                    terms[(day, q, s)].append((var, -1))
        for block in adj.blocks:
            original = adj.agent_day.breaks[block.index]
            for s in range(block.cut_from // step, original.end_minute // step):
                terms[(day, q, s)].append((block.keep, -1))
    for choice in rm.overtime:
        for s in range(choice.span.start_minute // step, choice.span.end_minute // step):
            terms[(choice.day, choice.queue, s)].append((choice.var, 1))
    return terms


# -- the published roster as a complete hint ------------------------------------------------------


def _hint(rm: ReplanModel, start: dict[tuple[str, int], AgentDay]) -> None:
    """A complete hint from ``start``: shifts, group sizes, break counts and starts, blocks."""
    hint, ctx = rm.hint, rm.ctx
    sizes: dict[tuple[int, str, int], int] = defaultdict(int)
    for (agent_id, day), pairs in rm.free_pairs.items():
        given = start.get((agent_id, day))
        chosen = None
        if given is not None and given.shift is not None:
            chosen = (given.queue, option_id(rm.catalogue, given.shift))
        for pair, var in pairs.items():
            hint[var.index] = int(pair == chosen)
            sizes[(day, *pair)] += hint[var.index]
    for key, var in ctx.group_size.items():
        hint[var.index] = sizes.get(key, 0)
    start_counts = published_break_counts(rm, start)
    for key, per_break in ctx.break_counts.items():
        given = start_counts.get(key)
        usable = given is not None and all(sum(c.values()) == sizes[key] for c in given)
        for k, per_offset in enumerate(per_break):
            first = min(per_offset)
            for offset, var in per_offset.items():
                if usable:
                    hint[var.index] = given[k].get(offset, 0)
                else:
                    hint[var.index] = sizes[key] if offset == first else 0
    for key, adj in rm.adjustable.items():
        _hint_adjustable(hint, adj, start.get(key, adj.agent_day))
    for choice in rm.overtime:
        given = start.get((choice.agent, choice.day))
        hint[choice.var.index] = int(given is not None and choice.span in given.overtime)


def _hint_adjustable(hint: dict[int, int], adj: AdjustableDay, given: AgentDay) -> None:
    owed_given = sorted((b.start_minute for b in given.breaks if b.kind in OWED), key=lambda m: m)
    owed_published = [i for i, b in enumerate(adj.agent_day.breaks) if b.kind in OWED]
    for choice in adj.breaks:
        k = owed_published.index(choice.index)
        wanted = owed_given[k] if k < len(owed_given) else choice.published
        if wanted not in choice.starts:
            wanted = choice.published
        for start, var in choice.starts.items():
            hint[var.index] = int(start == wanted)
    for block in adj.blocks:
        hint[block.keep.index] = int(adj.agent_day.breaks[block.index] in given.breaks)


def published_break_counts(
    rm: ReplanModel, days: dict[tuple[str, int], AgentDay] | None = None
) -> dict[tuple[int, str, int], list[dict[int, int]]]:
    """Break offsets of the published (or given) shifts on free days, counted per group."""
    counts: dict[tuple[int, str, int], list[dict[int, int]]] = {}
    days = rm.published if days is None else days
    for agent_id, day in rm.free_pairs:
        published = days.get((agent_id, day))
        if published is None or published.shift is None:
            continue
        key = (day, published.queue, option_id(rm.catalogue, published.shift))
        owed = sorted(
            (b for b in published.breaks if b.kind in ("break", "lunch")),
            key=lambda b: b.start_minute,
        )
        per = counts.setdefault(key, [{} for _ in owed])
        if len(per) != len(owed):
            continue
        for k, b in enumerate(owed):
            offset = b.start_minute - published.shift.start_minute
            per[k][offset] = per[k].get(offset, 0) + 1
    return counts


# -- stability: the price of every change ---------------------------------------------------------


def _stability(rm: ReplanModel, changes: Changes) -> None:
    ctx, now = rm.ctx, rm.revision.now
    terms: list = []
    for (agent_id, day), pairs in rm.free_pairs.items():
        weights = weights_on_day(changes.weights, day, now)
        published = rm.published.get((agent_id, day))
        before = (published.queue, published.shift) if published and published.shift else None
        off_cost = shift_change_cost(weights, before, None)
        for (q, o), var in pairs.items():
            option = rm.catalogue.options[o]
            after = (q, Span(start_minute=option.start, end_minute=option.end))
            terms.append((shift_change_cost(weights, before, after) - off_cost) * var)
        if off_cost:
            ctx.add_constant("changes", off_cost)
    weights = changes.weights
    terms += _group_break_moves(rm, weights.moved_minute)
    for adj in rm.adjustable.values():
        changed = ctx.model.new_bool_var(f"changed_{adj.agent_day.agent}_{adj.agent_day.day}")
        rm.hint[changed.index] = 0
        for choice in adj.breaks:
            for start, var in choice.starts.items():
                if start != choice.published:
                    ctx.model.add(changed >= var)
                    moved = break_move_minutes(choice.published, start, choice.minutes)
                    terms.append(weights.moved_minute * moved * var)
        for block in adj.blocks:
            ctx.model.add(changed >= 1 - block.keep)
            original = adj.agent_day.breaks[block.index]
            terms.append(
                weights.moved_minute * (original.end_minute - block.cut_from) * (1 - block.keep)
            )
        day_price = weights_on_day(weights, adj.agent_day.day, now).changed_agent_day
        terms.append(day_price * changed)
    for choice in rm.overtime:
        day_price = weights_on_day(weights, choice.day, now).changed_agent_day
        terms.append((day_price + weights.moved_minute * choice.minutes) * choice.var)
    ctx.add_term("changes", 1, sum(terms, 0))


def _group_break_moves(rm: ReplanModel, weight: int) -> list:
    """Breaks of unchanged shifts moved: |count - published count| per offset, in minutes."""
    if not weight:
        return []
    terms = []
    rules = rm.revision.instance
    for key, given in published_break_counts(rm).items():
        per_break = rm.ctx.break_counts.get(key)
        if per_break is None or len(per_break) != len(given):
            continue
        rule = rules.break_rule_for(rm.catalogue.options[key[2]].length)
        for k, per_offset in enumerate(per_break):
            minutes = rule.breaks[k].minutes if rule else 0
            for offset, var in per_offset.items():
                was = given[k].get(offset, 0)
                gap = rm.ctx.model.new_int_var(
                    0, max(was, rm.ctx.group_upper[key]), f"mv{key}{k}{offset}"
                )
                rm.ctx.model.add(gap >= var - was)
                rm.ctx.model.add(gap >= was - var)
                rm.hint[gap.index] = abs(rm.hint.get(var.index, 0) - was)
                terms.append(weight * minutes * gap)
    return terms


def staffed_now(rm: ReplanModel) -> np.ndarray:
    assert rm.base is not None
    return coverage(rm.revision.instance, rm.base).staffed
