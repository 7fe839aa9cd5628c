"""The roster builder's problem and state as flat arrays, for the compiled late acceptance.

The builder keeps shifts in per-agent dicts and break counts in per-group dicts, which suits
every stage that edits a few agent-days; the compiled moves need them as arrays instead. The
problem (options, break layouts, domains, contracts, prices) is packed once per search; the
state (shifts, weekly pay, residual demand, break counts) at the start of each run and back
into the builder at its end, so the Python stages around it see the roster they expect.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import numpy as np

from scheduler.optimise.break_layout import break_layout
from scheduler.optimise.kernel.roster_ops import NO_PRIOR
from scheduler.optimise.roster_state import RosterBuilder


class Problem(NamedTuple):
    """What does not change while the search runs (``O`` options, ``L`` break layouts, ``S``
    breaks a shift at most, ``F`` offsets a break at most, ``A`` agents, ``D`` days, ``K``
    queues, ``W`` weeks, ``T`` slots a day)."""

    step: int  # minutes a slot
    start_step: np.ndarray  # [O]
    end_step: np.ndarray  # [O]
    start_min: np.ndarray  # [O]
    end_min: np.ndarray  # [O]
    paid: np.ndarray  # [O] paid minutes
    layout: np.ndarray  # [O] -> layout
    n_slots: np.ndarray  # [L]
    n_offsets: np.ndarray  # [L, S]
    offsets: np.ndarray  # [L, S, F] minutes after the shift's start, ascending
    break_minutes: np.ndarray  # [L, S]
    min_gap: np.ndarray  # [L]
    domain: np.ndarray  # [A, D, O] bool: the agent may work the option that day
    domain_any: np.ndarray  # [A, D] bool
    skills: np.ndarray  # [A, K] queue rows the agent serves, -1 after the last
    has_skill: np.ndarray  # [A, K] bool
    queue_agents: np.ndarray  # [K, A] agents serving the queue, -1 after the last
    n_queue_agents: np.ndarray  # [K]
    weekly_cap: np.ndarray  # [A, W]
    weekly_min: np.ndarray  # [A, W]
    max_days: np.ndarray  # [A, W]
    min_rest: int
    prior_end: np.ndarray  # [A] minute the prior shift ended (NO_PRIOR: none)
    prior_run: np.ndarray  # [A] days worked in a row before the horizon
    max_run: int
    frozen: np.ndarray  # [A, D] bool
    request_cost: np.ndarray  # [A, D] price of working the day
    under_plus_over: np.ndarray  # [D, K, T]
    under_price: np.ndarray  # [D, K, T]
    over_price: float
    move_weights: np.ndarray  # [7] cumulative weights of the moves, in ``moves``' order


class State(NamedTuple):
    """The roster: edited in place by the moves."""

    queue: np.ndarray  # [A, D] queue row worked, -1 off
    option: np.ndarray  # [A, D]
    paid: np.ndarray  # [A, W]
    residual: np.ndarray  # [D, K, T] agents still wanted
    counts: np.ndarray  # [D, K, O, S, F] break placements per group of identical shifts

    def copy(self) -> State:
        return State(*(a.copy() for a in self))


def supported(builder: RosterBuilder) -> bool:
    """The compiled moves price coverage and requests only, and check the builder's hard
    per-agent rules except weekly rest; anything else (fairness, soft rules, a re-plan's
    change prices, a builder that reprices) stays with the Python search."""
    instance = builder.instance
    return (
        type(builder) is RosterBuilder
        and not builder.fairness_weight
        and not builder.published
        and builder.soft_min_price is None
        and builder.soft_run_price is None
        and not instance.rules.min_weekly_rest_minutes
    )


def pack_problem(builder: RosterBuilder, move_weights: list[int]) -> Problem:
    instance, options = builder.instance, builder.catalogue.options
    horizon = instance.horizon
    agents = [s.agent for s in builder.states.values()]
    lengths = sorted({o.length for o in options})
    for length in lengths:
        if length not in builder.layouts:
            builder.layouts[length] = break_layout(instance, length)
    layouts = [builder.layouts[length] for length in lengths]
    n_slot = max(1, max(len(lay.slots) for lay in layouts))
    n_off = max([1] + [len(s.offsets) for lay in layouts for s in lay.slots])
    offsets = np.zeros((len(layouts), n_slot, n_off), dtype=np.int64)
    n_offsets = np.zeros((len(layouts), n_slot), dtype=np.int64)
    minutes = np.zeros((len(layouts), n_slot), dtype=np.int64)
    for i, lay in enumerate(layouts):
        for s in lay.slots:
            offsets[i, s.index, : len(s.offsets)] = s.offsets
            n_offsets[i, s.index] = len(s.offsets)
            minutes[i, s.index] = s.spec.minutes
    n_agents, days, weeks = len(agents), horizon.days, horizon.weeks
    domain = np.zeros((n_agents, days, len(options)), dtype=np.bool_)
    for a, agent in enumerate(agents):
        for d in range(days):
            domain[a, d] = builder.domain_mask(agent, d)
    queues = builder.queues
    skills = np.full((n_agents, len(queues)), -1, dtype=np.int64)
    has_skill = np.zeros((n_agents, len(queues)), dtype=np.bool_)
    members: list[list[int]] = [[] for _ in queues]
    for a, agent in enumerate(agents):
        rows = [queues.index(q) for q in agent.queues]
        skills[a, : len(rows)] = rows
        has_skill[a, rows] = True
        for k in rows:
            members[k].append(a)
    queue_agents = np.full((len(queues), max(1, n_agents)), -1, dtype=np.int64)
    for k, m in enumerate(members):
        queue_agents[k, : len(m)] = m
    index = {agent.id: a for a, agent in enumerate(agents)}
    frozen = np.zeros((n_agents, days), dtype=np.bool_)
    for aid, d in builder.frozen:
        frozen[index[aid], d] = True
    requests = np.zeros((n_agents, days))
    for (aid, d), cost in builder.request_cost.items():
        if aid in index and 0 <= d < days:
            requests[index[aid], d] = cost
    return Problem(
        step=builder.step,
        start_step=np.array([o.start // builder.step for o in options], dtype=np.int64),
        end_step=np.array([o.end // builder.step for o in options], dtype=np.int64),
        start_min=np.array([o.start for o in options], dtype=np.int64),
        end_min=np.array([o.end for o in options], dtype=np.int64),
        paid=np.array([o.paid for o in options], dtype=np.int64),
        layout=np.array([lengths.index(o.length) for o in options], dtype=np.int64),
        n_slots=np.array([len(lay.slots) for lay in layouts], dtype=np.int64),
        n_offsets=n_offsets,
        offsets=offsets,
        break_minutes=minutes,
        min_gap=np.array([lay.min_gap for lay in layouts], dtype=np.int64),
        domain=domain,
        domain_any=domain.any(axis=2),
        skills=skills,
        has_skill=has_skill,
        queue_agents=queue_agents,
        n_queue_agents=np.array([len(m) for m in members], dtype=np.int64),
        weekly_cap=_per_agent_week(agents, weeks, builder.weekly_cap),
        weekly_min=_per_agent_week(agents, weeks, builder.weekly_min),
        max_days=_per_agent_week(agents, weeks, instance.weekly_max_days),
        min_rest=int(instance.rules.min_rest_minutes),
        prior_end=np.array(
            [
                NO_PRIOR if a.prior_shift_end_minute is None else a.prior_shift_end_minute
                for a in agents
            ],
            dtype=np.int64,
        ),
        prior_run=np.array([a.prior_consecutive_days for a in agents], dtype=np.int64),
        max_run=int(instance.rules.max_consecutive_days),
        frozen=frozen,
        request_cost=requests,
        under_plus_over=np.ascontiguousarray(builder.under_plus_over, dtype=np.float64),
        under_price=np.ascontiguousarray(builder.under_price, dtype=np.float64),
        over_price=float(builder.over_price),
        move_weights=np.cumsum(np.array(move_weights, dtype=np.int64)),
    )


def _per_agent_week(agents, weeks: int, rule) -> np.ndarray:
    return np.array([[rule(a, w) for w in range(weeks)] for a in agents], dtype=np.int64)


def pack_state(builder: RosterBuilder, problem: Problem) -> State | None:
    """The builder's roster as arrays; None if a break sits where its layout has no offset
    (the compiled moves could not take it back)."""
    states = list(builder.states.values())
    days, weeks = builder.instance.horizon.days, builder.instance.horizon.weeks
    queue = np.full((len(states), days), -1, dtype=np.int64)
    option = np.zeros((len(states), days), dtype=np.int64)
    paid = np.zeros((len(states), weeks), dtype=np.int64)
    for a, state in enumerate(states):
        for d, (q, o) in state.shifts.items():
            queue[a, d], option[a, d] = builder.queues.index(q), o
        for w in range(weeks):
            paid[a, w] = state.paid[w]
    _, n_slot, n_off = problem.offsets.shape
    shape = (days, len(builder.queues), len(problem.paid), n_slot, n_off)
    counts = np.zeros(shape, dtype=np.int64)
    for (d, q, o), per_slot in builder.breaks.items():
        lay = problem.layout[o]
        known = problem.offsets[lay]
        for s, per_offset in enumerate(per_slot):
            for offset, n in per_offset.items():
                if not n:
                    continue
                where = np.flatnonzero(known[s, : problem.n_offsets[lay, s]] == offset)
                if where.size == 0:
                    return None
                counts[d, builder.queues.index(q), o, s, where[0]] = n
    residual = np.ascontiguousarray(builder.residual, dtype=np.float64).copy()
    return State(queue, option, paid, residual, counts)


def unpack_state(builder: RosterBuilder, problem: Problem, state: State) -> None:
    """Write the arrays' roster back into the builder (shifts, pay, residual, breaks)."""
    queues = builder.queues
    for a, agent_state in enumerate(builder.states.values()):
        worked = np.flatnonzero(state.queue[a] >= 0)
        agent_state.shifts = {
            int(d): (queues[state.queue[a, d]], int(state.option[a, d])) for d in worked
        }
        agent_state.paid = defaultdict(int, {w: int(p) for w, p in enumerate(state.paid[a])})
    builder.residual = state.residual.copy()
    breaks = {}
    for d, k, o in zip(*np.nonzero(state.counts.sum(axis=(3, 4))), strict=True):
        lay = problem.layout[o]
        per_slot = []
        for s in range(problem.n_slots[lay]):
            per_offset = defaultdict(int)
            for f in np.flatnonzero(state.counts[d, k, o, s]):
                per_offset[int(problem.offsets[lay, s, f])] = int(state.counts[d, k, o, s, f])
            per_slot.append(per_offset)
        breaks[(int(d), queues[k], int(o))] = per_slot
    # Groups without breaks (lengths with no break rule) still need their entry for
    # ``place``/``unplace``; an empty group is harmless.
    for agent_state in builder.states.values():
        for d, (q, o) in agent_state.shifts.items():
            if (d, q, o) not in breaks:
                lay = problem.layout[o]
                breaks[(d, q, o)] = [defaultdict(int) for _ in range(problem.n_slots[lay])]
    builder.breaks = breaks

