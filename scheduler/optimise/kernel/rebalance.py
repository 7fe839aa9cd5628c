"""Break re-placement compiled: ``RosterBuilder.rebalance_breaks`` on the array roster.

Every break unit of every group of identical shifts, in the builder's group order and each
group's offsets in order, is lifted and put back at the offset where one agent off the phone
costs least and the group's breaks can still be handed out in order (``chain_ok``), as the
builder does. Each search round ends with one pass; in Python that pass was a fifth of a
1,000-agent plan's 60 s (22 passes, 13 s). The greedy start and the start from the LP's weeks
end with three (``builder_passes``; gen-2000, 1.6 s in Python after the greedy start).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from scheduler.optimise.kernel import arrays, compiled
from scheduler.optimise.kernel.arrays import Problem, pack_problem, pack_state, unpack_state
from scheduler.optimise.kernel.columns import LAYOUT, N_OFFSETS, SLOTS
from scheduler.optimise.kernel.roster_ops import chain_ok, harm_key, shift_break
from scheduler.optimise.roster_state import RosterBuilder

# Below this many agents the start's Python passes (~0.8 ms an agent) cost less than loading
# the compiled pass from numba's cache in a fresh process (~0.2 s): the demo's greedy start
# took 0.35 s with the load against 0.15 s without.
COMPILED_PASSES_AGENTS = 300


@njit(cache=True)
def rebalance(p, st, groups, passes):
    """Up to ``passes`` passes over ``groups`` ([G, 3]: day, queue row, option), stopping
    after one that moved nothing."""
    most = 1
    for g in range(groups.shape[0]):
        most = max(most, st.counts[groups[g, 0], groups[g, 1], groups[g, 2]].sum())
    units = np.empty(most, np.int64)
    keys = np.empty(p.offsets.shape[2])
    tried = np.empty(p.offsets.shape[2], np.bool_)
    for _ in range(passes):
        moved = 0
        for g in range(groups.shape[0]):
            d, k, o = groups[g, 0], groups[g, 1], groups[g, 2]
            lay = p.option[o, LAYOUT]
            for s in range(p.layout[lay, SLOTS]):
                moved += _rebalance_slot(p, st, d, k, o, lay, s, units, keys, tried)
        if moved == 0:
            return


@njit(cache=True)
def _rebalance_slot(p, st, d, k, o, lay, s, units, keys, tried):
    """Each unit of the break, lowest offset first, to its least harmful assignable offset."""
    offsets = p.slot[lay, s, N_OFFSETS]
    n = 0
    for f in range(offsets):
        for _ in range(st.counts[d, k, o, s, f]):
            units[n] = f
            n += 1
    moved = 0
    for i in range(n):
        source = units[i]
        st.counts[d, k, o, s, source] -= 1
        shift_break(p, st, d, k, o, lay, s, source, -1.0)
        for f in range(offsets):
            keys[f] = harm_key(p, st, d, k, o, lay, s, f)
            tried[f] = False
        target = -1
        for _ in range(offsets):
            candidate, least = -1, np.inf
            for f in range(offsets):  # the cheapest untried, ties to the earliest
                if not tried[f] and keys[f] < least:
                    candidate, least = f, keys[f]
            if candidate < 0:
                break
            tried[candidate] = True
            st.counts[d, k, o, s, candidate] += 1
            if chain_ok(p, st, d, k, o):
                target = candidate
                break
            st.counts[d, k, o, s, candidate] -= 1
        if target < 0:
            target = source
            st.counts[d, k, o, s, source] += 1
        shift_break(p, st, d, k, o, lay, s, target, 1.0)
        moved += target != source
    return moved


def rebalance_breaks(
    builder: RosterBuilder, problem: Problem, passes: int, wait: bool = False
) -> bool:
    """The builder's breaks re-placed by the compiled passes; False (nothing done) when the
    roster cannot be packed, or the passes are not in numba's cache and not ``wait``."""
    state = pack_state(builder, problem)
    if state is None:
        return False
    queues = {q: k for k, q in enumerate(builder.queues)}
    groups = [(d, queues[q], o) for d, q, o in builder.breaks]
    groups = np.array(groups, dtype=np.int64).reshape(-1, 3)
    if not wait and not compiled.ready(((rebalance, (problem, state, groups, passes)),)):
        return False
    rebalance(problem, state, groups, passes)
    unpack_state(builder, problem, state)
    return True


def builder_passes(builder: RosterBuilder, passes: int = 3) -> None:
    """``builder.rebalance_breaks(passes)``, compiled where the moves would be, numba's cache
    has it and the roster is large enough to pay for loading it this early (the problem is
    packed for the occasion: 0.1 s at 2,000 agents)."""
    if not (
        len(builder.states) >= COMPILED_PASSES_AGENTS
        and arrays.supported(builder)
        and rebalance_breaks(builder, pack_problem(builder, []), passes)
    ):
        builder.rebalance_breaks(passes)
