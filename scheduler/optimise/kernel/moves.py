"""Late acceptance's moves, compiled: the same seven moves as ``late_acceptance`` with the same
rules and prices, each returning its cost delta and leaving a journal to undo it.

The journal (``Journal``) holds up to four entries of kind place, unplace or break move, with
the break offsets used, so a rejected move is undone exactly, as in the Python search.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from scheduler.optimise.kernel.roster_ops import (
    NONE,
    chain_ok,
    eligible,
    min_paid,
    move_break_unit,
    pick,
    place,
    row_cost,
    unplace,
)

PLACE, UNPLACE, BREAK = 0, 1, 2
ENTRIES = 4


class Journal(NamedTuple):
    size: np.ndarray  # [1]
    kind: np.ndarray  # [ENTRIES]
    agent: np.ndarray  # agent, or the break's slot for a break move
    day: np.ndarray
    row: np.ndarray
    option: np.ndarray
    offsets: np.ndarray  # [ENTRIES, max(S, 2)]; a break move: source, target
    rows: np.ndarray  # [2 * K + K, 2] scratch: the (day, queue) rows a move touches
    gains: np.ndarray  # [T + 1] scratch: prefix sums of a row's slot gains


def new_journal(slots: int, queues: int, steps: int) -> Journal:
    return Journal(
        size=np.zeros(1, dtype=np.int64),
        kind=np.zeros(ENTRIES, dtype=np.int64),
        agent=np.zeros(ENTRIES, dtype=np.int64),
        day=np.zeros(ENTRIES, dtype=np.int64),
        row=np.zeros(ENTRIES, dtype=np.int64),
        option=np.zeros(ENTRIES, dtype=np.int64),
        offsets=np.zeros((ENTRIES, max(slots, 2)), dtype=np.int64),
        rows=np.zeros((3 * queues, 2), dtype=np.int64),
        gains=np.zeros(steps + 1),
    )


# -- journal ------------------------------------------------------------------------------


@njit(cache=True, _nrt=False)
def _entry(j, kind, a, d, k, o):
    e = j.size[0]
    j.kind[e], j.agent[e], j.day[e], j.row[e], j.option[e] = kind, a, d, k, o
    j.size[0] = e + 1
    return e


@njit(cache=True, _nrt=False)
def j_place(p, st, j, a, d, k, o):
    e = _entry(j, PLACE, a, d, k, o)
    place(p, st, a, d, k, o, j.offsets[e], False, j.offsets[e])


@njit(cache=True, _nrt=False)
def j_unplace(p, st, j, a, d):
    e = _entry(j, UNPLACE, a, d, st.queue[a, d], st.option[a, d])
    unplace(p, st, a, d, j.offsets[e], False, j.offsets[e])


@njit(cache=True, _nrt=False)
def undo(p, st, j):
    for e in range(j.size[0] - 1, -1, -1):
        a, d, k, o = j.agent[e], j.day[e], j.row[e], j.option[e]
        if j.kind[e] == PLACE:
            unplace(p, st, a, d, j.offsets[e], True, j.offsets[e])
        elif j.kind[e] == UNPLACE:
            place(p, st, a, d, k, o, j.offsets[e], True, j.offsets[e])
        else:
            move_break_unit(p, st, d, k, o, a, j.offsets[e, 1], j.offsets[e, 0])
    j.size[0] = 0


@njit(cache=True, _nrt=False)
def redo(p, st, j, size):
    for e in range(size):
        a, d, k, o = j.agent[e], j.day[e], j.row[e], j.option[e]
        if j.kind[e] == PLACE:
            place(p, st, a, d, k, o, j.offsets[e], True, j.offsets[e])
        elif j.kind[e] == UNPLACE:
            unplace(p, st, a, d, j.offsets[e], True, j.offsets[e])
        else:
            move_break_unit(p, st, d, k, o, a, j.offsets[e, 0], j.offsets[e, 1])
    j.size[0] = size


# -- local cost ---------------------------------------------------------------------------


@njit(cache=True, _nrt=False)
def _add_rows(p, j, n, a, d):
    """Append the agent's queue rows on ``d`` to the move's rows (no duplicates)."""
    for i in range(p.skills.shape[1]):
        k = p.skills[a, i]
        if k < 0:
            break
        seen = False
        for r in range(n):
            if j.rows[r, 0] == d and j.rows[r, 1] == k:
                seen = True
                break
        if not seen:
            j.rows[n, 0], j.rows[n, 1] = d, k
            n += 1
    return n


@njit(cache=True, _nrt=False)
def local_cost(p, st, j, n, a1, d1, a2, d2):
    """Coverage of the move's rows, and requests of the (up to two) agent-days it touches
    (``a2`` < 0: one)."""
    cost = 0.0
    for r in range(n):
        cost += row_cost(p, st, j.rows[r, 0], j.rows[r, 1])
    if st.queue[a1, d1] >= 0:
        cost += p.request_cost[a1, d1]
    if a2 >= 0 and not (a2 == a1 and d2 == d1) and st.queue[a2, d2] >= 0:
        cost += p.request_cost[a2, d2]
    return cost


# -- moves: each returns (delta, done) ------------------------------------------------------


@njit(cache=True, _nrt=False)
def worked_day(p, st):
    """A random agent's random worked day that no rule froze, or (-1, -1)."""
    a = np.random.randint(st.queue.shape[0])
    n = 0
    for d in range(st.queue.shape[1]):
        n += st.queue[a, d] >= 0
    if n == 0:
        return NONE, NONE
    pick_index = np.random.randint(n)
    for d in range(st.queue.shape[1]):
        if st.queue[a, d] >= 0:
            if pick_index == 0:
                if p.frozen[a, d]:
                    return NONE, NONE
                return a, d
            pick_index -= 1
    return NONE, NONE


@njit(cache=True, _nrt=False)
def retime(p, st, j):
    a, d = worked_day(p, st)
    if a < 0:
        return 0.0, False
    n = _add_rows(p, j, 0, a, d)
    before = local_cost(p, st, j, n, a, d, NONE, NONE)
    k, o = st.queue[a, d], st.option[a, d]
    j_unplace(p, st, j, a, d)
    k2, o2 = pick(p, st, j.gains, a, d, k, o, min_paid(p, st, a, d), -1)
    if k2 < 0:
        undo(p, st, j)
        return 0.0, False
    j_place(p, st, j, a, d, k2, o2)
    return local_cost(p, st, j, n, a, d, NONE, NONE) - before, True


@njit(cache=True, _nrt=False)
def move_day(p, st, j):
    a, d = worked_day(p, st)
    if a < 0:
        return 0.0, False
    first, last = 7 * (d // 7), min(7 * (d // 7) + 7, st.queue.shape[1])
    free = 0
    for e in range(first, last):
        free += st.queue[a, e] < 0 and p.domain_any[a, e]
    if free == 0:
        return 0.0, False
    index = np.random.randint(free)
    target = first
    for e in range(first, last):
        if st.queue[a, e] < 0 and p.domain_any[a, e]:
            if index == 0:
                target = e
                break
            index -= 1
    n = _add_rows(p, j, 0, a, d)
    n = _add_rows(p, j, n, a, target)
    before = local_cost(p, st, j, n, a, d, a, target)
    j_unplace(p, st, j, a, d)
    k2, o2 = pick(p, st, j.gains, a, target, NONE, NONE, min_paid(p, st, a, target), -1)
    if k2 < 0:
        undo(p, st, j)
        return 0.0, False
    j_place(p, st, j, a, target, k2, o2)
    return local_cost(p, st, j, n, a, d, a, target) - before, True


@njit(cache=True, _nrt=False)
def add(p, st, j):
    a = np.random.randint(st.queue.shape[0])
    free = 0
    for e in range(st.queue.shape[1]):
        free += st.queue[a, e] < 0
    if free == 0:
        return 0.0, False
    index = np.random.randint(free)
    d = 0
    for e in range(st.queue.shape[1]):
        if st.queue[a, e] < 0:
            if index == 0:
                d = e
                break
            index -= 1
    n = _add_rows(p, j, 0, a, d)
    before = local_cost(p, st, j, n, a, d, NONE, NONE)
    k2, o2 = pick(p, st, j.gains, a, d, NONE, NONE, 0, -1)
    if k2 < 0:
        return 0.0, False
    j_place(p, st, j, a, d, k2, o2)
    return local_cost(p, st, j, n, a, d, NONE, NONE) - before, True


@njit(cache=True, _nrt=False)
def drop(p, st, j):
    a, d = worked_day(p, st)
    if a < 0:
        return 0.0, False
    if min_paid(p, st, a, d) + p.paid[st.option[a, d]] > 0:
        return 0.0, False
    n = _add_rows(p, j, 0, a, d)
    before = local_cost(p, st, j, n, a, d, NONE, NONE)
    j_unplace(p, st, j, a, d)
    return local_cost(p, st, j, n, a, d, NONE, NONE) - before, True


@njit(cache=True, _nrt=False)
def shorten(p, st, j):
    """An agent above the contract minimum gets a shorter shift (or the day off)."""
    a, d = worked_day(p, st)
    if a < 0:
        return 0.0, False
    k, o = st.queue[a, d], st.option[a, d]
    paid = p.paid[o]
    slack = -min_paid(p, st, a, d)
    if slack <= 0:
        return 0.0, False
    n = _add_rows(p, j, 0, a, d)
    before = local_cost(p, st, j, n, a, d, NONE, NONE)
    j_unplace(p, st, j, a, d)
    if slack < paid or np.random.random() < 0.5:
        k2, o2 = pick(p, st, j.gains, a, d, k, o, paid - slack, paid)
        if k2 < 0:
            undo(p, st, j)
            return 0.0, False
        j_place(p, st, j, a, d, k2, o2)
    return local_cost(p, st, j, n, a, d, NONE, NONE) - before, True


@njit(cache=True, _nrt=False)
def swap(p, st, j):
    """Two agents working the same day exchange their shifts (queues permitting)."""
    a1, d = worked_day(p, st)
    if a1 < 0:
        return 0.0, False
    k1, o1 = st.queue[a1, d], st.option[a1, d]
    a2 = p.queue_agents[k1, np.random.randint(p.n_queue_agents[k1])]
    if a2 == a1 or st.queue[a2, d] < 0:
        return 0.0, False
    k2, o2 = st.queue[a2, d], st.option[a2, d]
    if o1 == o2 and k1 == k2:
        return 0.0, False
    if not p.has_skill[a1, k2] or p.frozen[a2, d]:
        return 0.0, False
    n = _add_rows(p, j, 0, a1, d)
    n = _add_rows(p, j, n, a2, d)
    before = local_cost(p, st, j, n, a1, d, a2, d)
    j_unplace(p, st, j, a1, d)
    j_unplace(p, st, j, a2, d)
    ok = (
        eligible(p, st, a1, d, k2, o2)
        and eligible(p, st, a2, d, k1, o1)
        and min_paid(p, st, a1, d) <= p.paid[o2]
        and min_paid(p, st, a2, d) <= p.paid[o1]
    )
    if not ok:
        undo(p, st, j)
        return 0.0, False
    j_place(p, st, j, a1, d, k2, o2)
    j_place(p, st, j, a2, d, k1, o1)
    return local_cost(p, st, j, n, a1, d, a2, d) - before, True


@njit(cache=True, _nrt=False)
def move_break(p, st, j):
    """One break of a group of identical shifts to another allowed offset."""
    a, d = worked_day(p, st)
    if a < 0:
        return 0.0, False
    k, o = st.queue[a, d], st.option[a, d]
    lay = p.layout[o]
    if p.n_slots[lay] == 0:
        return 0.0, False
    s = np.random.randint(p.n_slots[lay])
    offsets = p.n_offsets[lay, s]
    used = 0
    for f in range(offsets):
        used += st.counts[d, k, o, s, f] > 0
    if used == 0 or offsets < 2:
        return 0.0, False
    index = np.random.randint(used)
    source = 0
    for f in range(offsets):
        if st.counts[d, k, o, s, f] > 0:
            if index == 0:
                source = f
                break
            index -= 1
    target = np.random.randint(offsets)
    if target == source:
        return 0.0, False
    before = row_cost(p, st, d, k)
    move_break_unit(p, st, d, k, o, s, source, target)
    if not chain_ok(p, st, d, k, o):
        move_break_unit(p, st, d, k, o, s, target, source)
        return 0.0, False
    e = _entry(j, BREAK, s, d, k, o)
    j.offsets[e, 0], j.offsets[e, 1] = source, target
    return row_cost(p, st, d, k) - before, True


@njit(cache=True, _nrt=False)
def any_move(p, st, j):
    """One move drawn by the weights (``Problem.move_weights``, cumulative)."""
    j.size[0] = 0
    r = np.random.randint(p.move_weights[-1])
    if r < p.move_weights[0]:
        return retime(p, st, j)
    if r < p.move_weights[1]:
        return move_day(p, st, j)
    if r < p.move_weights[2]:
        return swap(p, st, j)
    if r < p.move_weights[3]:
        return add(p, st, j)
    if r < p.move_weights[4]:
        return drop(p, st, j)
    if r < p.move_weights[5]:
        return shorten(p, st, j)
    return move_break(p, st, j)
