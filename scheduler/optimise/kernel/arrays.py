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
from scheduler.optimise.kernel.columns import (
    CAP,
    FROZEN,
    LAYOUT,
    MAX_DAYS,
    MINIMUM,
    N_OFFSETS,
    NO_PRIOR,
    OPEN,
    PRIOR_END,
    PRIOR_RUN,
    REQUEST,
    SKILLS,
    SLOTS,
)
from scheduler.optimise.roster_state import RosterBuilder


class Problem(NamedTuple):
    """What does not change while the search runs, in few arrays (``columns`` says why and
    names their columns); ``O`` options, ``L`` break layouts, ``S`` breaks a shift at most,
    ``F`` offsets a break at most, ``A`` agents, ``D`` days, ``K`` queues, ``W`` weeks, ``T``
    slots a day."""

    option: np.ndarray  # [O, 6] slots, minutes, paid minutes and break layout
    layout: np.ndarray  # [L, 2]
    slot: np.ndarray  # [L, S, 2]
    offsets: np.ndarray  # [L, S, F] minutes after the shift's start, ascending
    domain: np.ndarray  # [A, D, O] bool: the agent may work the option that day
    agent_day: np.ndarray  # [A, D, 3]
    agent_week: np.ndarray  # [A, W, 3]
    agent: np.ndarray  # [A, 2 + K]
    queue_agents: np.ndarray  # [K, 1 + A] how many agents serve the queue, then who
    prices: np.ndarray  # [2, D, K, T]
    move_weights: np.ndarray  # [9] cumulative weights of the moves, in ``moves``' order
    step: int  # minutes a slot
    min_rest: int
    max_run: int
    over_price: float


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
    step = builder.step
    agents = [s.agent for s in builder.states.values()]
    lengths = sorted({o.length for o in options})
    for length in lengths:
        if length not in builder.layouts:
            builder.layouts[length] = break_layout(instance, length)
    layouts = [builder.layouts[length] for length in lengths]
    option = np.array(
        [
            [o.start // step, o.end // step, o.start, o.end, o.paid, lengths.index(o.length)]
            for o in options
        ],
        dtype=np.int64,
    )
    n_slot = max(1, max(len(lay.slots) for lay in layouts))
    n_off = max([1] + [len(s.offsets) for lay in layouts for s in lay.slots])
    offsets = np.zeros((len(layouts), n_slot, n_off), dtype=np.int64)
    slot = np.zeros((len(layouts), n_slot, 2), dtype=np.int64)
    for i, lay in enumerate(layouts):
        for s in lay.slots:
            offsets[i, s.index, : len(s.offsets)] = s.offsets
            slot[i, s.index] = (len(s.offsets), s.spec.minutes)
    layout = np.array([[len(lay.slots), lay.min_gap] for lay in layouts], dtype=np.int64)
    return Problem(
        option=option,
        layout=layout,
        slot=slot,
        offsets=offsets,
        domain=_domains(builder, agents),
        agent_day=_agent_days(builder, agents),
        agent_week=_agent_weeks(builder, agents),
        agent=_agents(builder, agents),
        queue_agents=_queue_agents(builder, agents),
        prices=np.ascontiguousarray(
            np.stack([builder.under_plus_over, builder.under_price]), dtype=np.float64
        ),
        move_weights=np.cumsum(np.array(move_weights, dtype=np.int64)),
        step=int(step),
        min_rest=int(instance.rules.min_rest_minutes),
        max_run=int(instance.rules.max_consecutive_days),
        over_price=float(builder.over_price),
    )


def _domains(builder: RosterBuilder, agents) -> np.ndarray:
    days = builder.instance.horizon.days
    domain = np.zeros((len(agents), days, len(builder.catalogue.options)), dtype=np.bool_)
    for a, agent in enumerate(agents):
        for d in range(days):
            domain[a, d] = builder.domain_mask(agent, d)
    return domain


def _agent_days(builder: RosterBuilder, agents) -> np.ndarray:
    days = builder.instance.horizon.days
    table = np.zeros((len(agents), days, 3))
    index = {agent.id: a for a, agent in enumerate(agents)}
    for a, agent in enumerate(agents):
        for d in range(days):
            table[a, d, OPEN] = bool(builder.domain(agent, d))
    for aid, d in builder.frozen:
        table[index[aid], d, FROZEN] = 1.0
    for (aid, d), cost in builder.request_cost.items():
        if aid in index and 0 <= d < days:
            table[index[aid], d, REQUEST] = cost
    return table


def _agent_weeks(builder: RosterBuilder, agents) -> np.ndarray:
    weeks = builder.instance.horizon.weeks
    table = np.zeros((len(agents), weeks, 3), dtype=np.int64)
    for a, agent in enumerate(agents):
        for w in range(weeks):
            table[a, w, CAP] = builder.weekly_cap(agent, w)
            table[a, w, MINIMUM] = builder.weekly_min(agent, w)
            table[a, w, MAX_DAYS] = builder.instance.weekly_max_days(agent, w)
    return table


def _agents(builder: RosterBuilder, agents) -> np.ndarray:
    table = np.full((len(agents), SKILLS + len(builder.queues)), -1, dtype=np.int64)
    for a, agent in enumerate(agents):
        prior = agent.prior_shift_end_minute
        table[a, PRIOR_END] = NO_PRIOR if prior is None else prior
        table[a, PRIOR_RUN] = agent.prior_consecutive_days
        rows = [builder.queues.index(q) for q in agent.queues]
        table[a, SKILLS : SKILLS + len(rows)] = rows
    return table


def _queue_agents(builder: RosterBuilder, agents) -> np.ndarray:
    table = np.full((len(builder.queues), 1 + len(agents)), -1, dtype=np.int64)
    for k, q in enumerate(builder.queues):
        members = [a for a, agent in enumerate(agents) if q in agent.queues]
        table[k, 0] = len(members)
        table[k, 1 : 1 + len(members)] = members
    return table


def pack_state(builder: RosterBuilder, problem: Problem) -> State | None:
    """The builder's roster as arrays; None if a break sits where its layout has no offset
    (the compiled moves could not take it back). Plain Python over the shifts and one
    indexed write for the breaks: packing runs before and after every compiled stage (at
    2,000 agents a per-offset numpy lookup made it 60 ms)."""
    states = list(builder.states.values())
    days, weeks = builder.instance.horizon.days, builder.instance.horizon.weeks
    queue_index = {q: k for k, q in enumerate(builder.queues)}
    queue = np.full((len(states), days), -1, dtype=np.int64)
    option = np.zeros((len(states), days), dtype=np.int64)
    paid = np.zeros((len(states), weeks), dtype=np.int64)
    for a, state in enumerate(states):
        for d, (q, o) in state.shifts.items():
            queue[a, d], option[a, d] = queue_index[q], o
        paid[a] = [state.paid[w] for w in range(weeks)]
    _, n_slot, n_off = problem.offsets.shape
    shape = (days, len(builder.queues), problem.option.shape[0], n_slot, n_off)
    counts = np.zeros(shape, dtype=np.int64)
    position = _offset_positions(problem)
    layout_of = problem.option[:, LAYOUT].tolist()
    cells: list[tuple[int, int, int, int, int]] = []
    numbers: list[int] = []
    for (d, q, o), per_slot in builder.breaks.items():
        lay = layout_of[o]
        for s, per_offset in enumerate(per_slot):
            for offset, n in per_offset.items():
                if not n:
                    continue
                f = position[lay][s].get(offset)
                if f is None:
                    return None
                cells.append((d, queue_index[q], o, s, f))
                numbers.append(n)
    if cells:
        counts[tuple(np.array(cells, dtype=np.int64).T)] = numbers
    residual = np.ascontiguousarray(builder.residual, dtype=np.float64).copy()
    return State(queue, option, paid, residual, counts)


def _offset_positions(problem: Problem) -> list[list[dict[int, int]]]:
    """Per layout and break, each allowed offset's index."""
    offsets, slot = problem.offsets.tolist(), problem.slot[:, :, N_OFFSETS].tolist()
    return [
        [{offset: f for f, offset in enumerate(row[:n])} for row, n in zip(rows, ns, strict=True)]
        for rows, ns in zip(offsets, slot, strict=True)
    ]


def unpack_state(builder: RosterBuilder, problem: Problem, state: State) -> None:
    """Write the arrays' roster back into the builder (shifts, pay, residual, breaks); the
    groups in (day, queue, option) order."""
    queues = builder.queues
    rows, options, pay = state.queue.tolist(), state.option.tolist(), state.paid.tolist()
    for a, agent_state in enumerate(builder.states.values()):
        agent_state.shifts = {
            d: (queues[k], options[a][d]) for d, k in enumerate(rows[a]) if k >= 0
        }
        agent_state.paid = defaultdict(int, enumerate(pay[a]))
    builder.residual = state.residual.copy()
    offsets = problem.offsets.tolist()
    layout_of = problem.option[:, LAYOUT].tolist()
    slots = problem.layout[:, SLOTS].tolist()
    breaks: dict = {}
    found = np.nonzero(state.counts)
    cells = np.stack(found + (state.counts[found],), axis=1).tolist()
    for d, k, o, s, f, n in cells:
        key = (d, queues[k], o)
        per_slot = breaks.get(key)
        if per_slot is None:
            per_slot = breaks[key] = [defaultdict(int) for _ in range(slots[layout_of[o]])]
        per_slot[s][offsets[layout_of[o]][s][f]] = n
    # Groups without breaks (lengths with no break rule) still need their entry for
    # ``place``/``unplace``; an empty group is harmless.
    for agent_state in builder.states.values():
        for d, (q, o) in agent_state.shifts.items():
            if (d, q, o) not in breaks:
                breaks[(d, q, o)] = [defaultdict(int) for _ in range(slots[layout_of[o]])]
    builder.breaks = breaks
