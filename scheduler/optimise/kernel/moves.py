"""Late acceptance's moves, compiled: the same nine moves as ``late_acceptance`` with the same
rules and prices, each returning its cost delta and leaving a journal to undo it.

The journal (``Journal``) holds up to four entries of kind place, unplace or break move, with
the break offsets used, so a rejected move is undone exactly, as in the Python search.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from scheduler.optimise.kernel.columns import (
    FROZEN,
    LAYOUT,
    N_OFFSETS,
    OPEN,
    PAID,
    REQUEST,
    SKILLS,
    SLOTS,
)
from scheduler.optimise.kernel.roster_ops import (
    NONE,
    chain_ok,
    eligible,
    inner,
    min_paid,
    move_break_unit,
    pick,
    place,
    row_cost,
    serves,
    unplace,
)

PLACE, UNPLACE, BREAK = 0, 1, 2
ENTRIES = 4


KIND, AGENT, DAY, ROW, OPTION, OFFSETS = range(6)  # columns of ``Journal.entries``


class Journal(NamedTuple):
    """Few arrays on purpose: every compiled function receives them all, and each array in
    a signature costs compile time."""

    size: np.ndarray  # [1] entries in use
    # [ENTRIES, OFFSETS + max(S, 2)]: kind, agent (a break move: the break), day, queue row,
    # option, then the break offsets used (a break move: source, target)
    entries: np.ndarray
    rows: np.ndarray  # [3 * K, 2] scratch: the (day, queue) rows a move touches
    gains: np.ndarray  # [T + 1] scratch: prefix sums of a row's slot gains


def new_journal(slots: int, queues: int, steps: int, entries: int = ENTRIES) -> Journal:
    return Journal(
        size=np.zeros(1, dtype=np.int64),
        entries=np.zeros((entries, OFFSETS + max(slots, 2)), dtype=np.int64),
        rows=np.zeros((3 * queues, 2), dtype=np.int64),
        gains=np.zeros(steps + 1),
    )


# -- journal ------------------------------------------------------------------------------


@inner
def _entry(j, kind, a, d, k, o):
    e = j.size[0]
    j.entries[e, KIND], j.entries[e, AGENT], j.entries[e, DAY] = kind, a, d
    j.entries[e, ROW], j.entries[e, OPTION] = k, o
    j.size[0] = e + 1
    return e


@inner
def j_place(p, st, j, a, d, k, o):
    e = _entry(j, PLACE, a, d, k, o)
    used = j.entries[e, OFFSETS:]
    place(p, st, a, d, k, o, used, False, used)


@inner
def j_place_given(p, st, j, a, d, k, o, given):
    """A shift placed with its breaks at ``given`` (a week's day put back as it was)."""
    e = _entry(j, PLACE, a, d, k, o)
    used = j.entries[e, OFFSETS:]
    for s in range(given.shape[0]):
        used[s] = given[s]
    place(p, st, a, d, k, o, used, True, used)


@inner
def j_unplace(p, st, j, a, d):
    e = _entry(j, UNPLACE, a, d, st.queue[a, d], st.option[a, d])
    used = j.entries[e, OFFSETS:]
    unplace(p, st, a, d, used, False, used)


@inner
def _replay(p, st, j, e, backwards):
    """Entry ``e`` undone (``backwards``) or done again."""
    kind, a, d = j.entries[e, KIND], j.entries[e, AGENT], j.entries[e, DAY]
    k, o = j.entries[e, ROW], j.entries[e, OPTION]
    used = j.entries[e, OFFSETS:]
    if kind == BREAK:
        source, target = used[0], used[1]
        if backwards:
            source, target = target, source
        move_break_unit(p, st, d, k, o, a, source, target)
    elif (kind == PLACE) == backwards:
        unplace(p, st, a, d, used, True, used)
    else:
        place(p, st, a, d, k, o, used, True, used)


@inner
def undo(p, st, j):
    for e in range(j.size[0] - 1, -1, -1):
        _replay(p, st, j, e, True)
    j.size[0] = 0


@inner
def redo(p, st, j, size):
    for e in range(size):
        _replay(p, st, j, e, False)
    j.size[0] = size


# -- local cost ---------------------------------------------------------------------------


@inner
def _add_rows(p, j, n, a, d):
    """Append the agent's queue rows on ``d`` to the move's rows (no duplicates)."""
    for i in range(p.agent.shape[1] - SKILLS):
        k = p.agent[a, SKILLS + i]
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


@inner
def local_cost(p, st, j, n, a1, d1, a2, d2):
    """Coverage of the move's rows, and requests of the (up to two) agent-days it touches
    (``a2`` < 0: one)."""
    cost = 0.0
    for r in range(n):
        cost += row_cost(p, st, j.rows[r, 0], j.rows[r, 1])
    if st.queue[a1, d1] >= 0:
        cost += p.agent_day[a1, d1, REQUEST]
    if a2 >= 0 and not (a2 == a1 and d2 == d1) and st.queue[a2, d2] >= 0:
        cost += p.agent_day[a2, d2, REQUEST]
    return cost


# -- moves: each returns (delta, done) ------------------------------------------------------


@inner
def _fits(p, st, a, e, worked, open_only):
    if worked:
        return st.queue[a, e] >= 0
    return st.queue[a, e] < 0 and (not open_only or p.agent_day[a, e, OPEN] > 0)


@inner
def random_day(p, st, a, first, last, worked, open_only):
    """A random day in [first, last) the agent works (``worked``) or has off (with
    ``open_only``: one it could work), or -1."""
    n = 0
    for e in range(first, last):
        n += _fits(p, st, a, e, worked, open_only)
    if n == 0:
        return NONE
    index = np.random.randint(n)
    for e in range(first, last):
        if _fits(p, st, a, e, worked, open_only):
            if index == 0:
                return e
            index -= 1
    return NONE


@inner
def free_day(p, st, a, d):
    """A random day of ``d``'s week the agent has off and could work, or -1."""
    first, last = 7 * (d // 7), min(7 * (d // 7) + 7, st.queue.shape[1])
    return random_day(p, st, a, first, last, False, True)


@inner
def colleague(p, k):
    """A random agent who serves queue row ``k``."""
    return p.queue_agents[k, 1 + np.random.randint(p.queue_agents[k, 0])]


@inner
def worked_day(p, st):
    """A random agent's random worked day that no rule froze, or (-1, -1)."""
    a = np.random.randint(st.queue.shape[0])
    d = random_day(p, st, a, 0, st.queue.shape[1], True, False)
    if d < 0 or p.agent_day[a, d, FROZEN] > 0:
        return NONE, NONE
    return a, d


@inner
def place_best(p, st, j, a, d, exclude_k, exclude_o, least_paid, shorter_than):
    """The agent's best option on ``d`` (``pick``) placed; when there is none, the move so
    far undone. Whether it placed one."""
    k, o = pick(p, st, j.gains, a, d, exclude_k, exclude_o, least_paid, shorter_than)
    if k < 0:
        undo(p, st, j)
        return False
    j_place(p, st, j, a, d, k, o)
    return True


@inner
def retime(p, st, j):
    a, d = worked_day(p, st)
    if a < 0:
        return 0.0, False
    n = _add_rows(p, j, 0, a, d)
    before = local_cost(p, st, j, n, a, d, NONE, NONE)
    k, o = st.queue[a, d], st.option[a, d]
    j_unplace(p, st, j, a, d)
    if not place_best(p, st, j, a, d, k, o, min_paid(p, st, a, d), -1):
        return 0.0, False
    return local_cost(p, st, j, n, a, d, NONE, NONE) - before, True


@inner
def move_day(p, st, j):
    a, d = worked_day(p, st)
    if a < 0:
        return 0.0, False
    target = free_day(p, st, a, d)
    if target < 0:
        return 0.0, False
    n = _add_rows(p, j, 0, a, d)
    n = _add_rows(p, j, n, a, target)
    before = local_cost(p, st, j, n, a, d, a, target)
    j_unplace(p, st, j, a, d)
    if not place_best(p, st, j, a, target, NONE, NONE, min_paid(p, st, a, target), -1):
        return 0.0, False
    return local_cost(p, st, j, n, a, d, a, target) - before, True


@inner
def add(p, st, j):
    a = np.random.randint(st.queue.shape[0])
    d = random_day(p, st, a, 0, st.queue.shape[1], False, False)
    if d < 0:
        return 0.0, False
    n = _add_rows(p, j, 0, a, d)
    before = local_cost(p, st, j, n, a, d, NONE, NONE)
    if not place_best(p, st, j, a, d, NONE, NONE, 0, -1):
        return 0.0, False
    return local_cost(p, st, j, n, a, d, NONE, NONE) - before, True


@inner
def drop(p, st, j):
    a, d = worked_day(p, st)
    if a < 0:
        return 0.0, False
    if min_paid(p, st, a, d) + p.option[st.option[a, d], PAID] > 0:
        return 0.0, False
    n = _add_rows(p, j, 0, a, d)
    before = local_cost(p, st, j, n, a, d, NONE, NONE)
    j_unplace(p, st, j, a, d)
    return local_cost(p, st, j, n, a, d, NONE, NONE) - before, True


@inner
def shorten(p, st, j):
    """An agent above the contract minimum gets a shorter shift (or the day off)."""
    a, d = worked_day(p, st)
    if a < 0:
        return 0.0, False
    k, o = st.queue[a, d], st.option[a, d]
    paid = p.option[o, PAID]
    slack = -min_paid(p, st, a, d)
    if slack <= 0:
        return 0.0, False
    n = _add_rows(p, j, 0, a, d)
    before = local_cost(p, st, j, n, a, d, NONE, NONE)
    j_unplace(p, st, j, a, d)
    # The day off is left when the agent may take it, half the time.
    shorter = slack < paid or np.random.random() < 0.5
    if shorter and not place_best(p, st, j, a, d, k, o, paid - slack, paid):
        return 0.0, False
    return local_cost(p, st, j, n, a, d, NONE, NONE) - before, True


@inner
def swap(p, st, j):
    """Two agents working the same day exchange their shifts (queues permitting)."""
    a1, d = worked_day(p, st)
    if a1 < 0:
        return 0.0, False
    k1, o1 = st.queue[a1, d], st.option[a1, d]
    a2 = colleague(p, k1)
    if a2 == a1 or st.queue[a2, d] < 0:
        return 0.0, False
    k2, o2 = st.queue[a2, d], st.option[a2, d]
    if o1 == o2 and k1 == k2:
        return 0.0, False
    if not serves(p, a1, k2) or p.agent_day[a2, d, FROZEN] > 0:
        return 0.0, False
    n = _add_rows(p, j, 0, a1, d)
    n = _add_rows(p, j, n, a2, d)
    before = local_cost(p, st, j, n, a1, d, a2, d)
    j_unplace(p, st, j, a1, d)
    j_unplace(p, st, j, a2, d)
    ok = (
        eligible(p, st, a1, d, k2, o2)
        and eligible(p, st, a2, d, k1, o1)
        and min_paid(p, st, a1, d) <= p.option[o2, PAID]
        and min_paid(p, st, a2, d) <= p.option[o1, PAID]
    )
    if not ok:
        undo(p, st, j)
        return 0.0, False
    j_place(p, st, j, a1, d, k2, o2)
    j_place(p, st, j, a2, d, k1, o1)
    return local_cost(p, st, j, n, a1, d, a2, d) - before, True


@inner
def hand_over(p, st, j):
    """An agent gives up a shift (or takes a shorter one, or another time when the contract
    needs the hours) and a colleague of the same queue working that day moves to the best
    time left: dropping an extra shift often needs someone else moved into its gap in the
    same step, which two single moves only reach through an uphill one."""
    a1, d = worked_day(p, st)
    if a1 < 0:
        return 0.0, False
    k1, o1 = st.queue[a1, d], st.option[a1, d]
    a2 = colleague(p, k1)
    if a2 == a1 or st.queue[a2, d] < 0 or p.agent_day[a2, d, FROZEN] > 0:
        return 0.0, False
    paid = p.option[o1, PAID]
    n = _add_rows(p, j, 0, a1, d)
    n = _add_rows(p, j, n, a2, d)
    before = local_cost(p, st, j, n, a1, d, a2, d)
    j_unplace(p, st, j, a1, d)
    need = min_paid(p, st, a1, d)
    shorter = paid if need < paid else NONE
    if need > 0 and not place_best(p, st, j, a1, d, k1, o1, need, shorter):
        return 0.0, False
    j_unplace(p, st, j, a2, d)
    if not place_best(p, st, j, a2, d, NONE, NONE, min_paid(p, st, a2, d), -1):
        return 0.0, False
    return local_cost(p, st, j, n, a1, d, a2, d) - before, True


@inner
def trade_days(p, st, j):
    """Two agents of a queue trade days: one moves a shift from ``d`` to ``e`` and a
    colleague who works ``e`` but not ``d`` moves the other way, each to their best option,
    so days off change while both days stay covered."""
    a1, d = worked_day(p, st)
    if a1 < 0:
        return 0.0, False
    e = free_day(p, st, a1, d)
    if e < 0:
        return 0.0, False
    k1 = st.queue[a1, d]
    a2 = colleague(p, k1)
    if a2 == a1 or st.queue[a2, e] < 0 or st.queue[a2, d] >= 0:
        return 0.0, False
    if p.agent_day[a2, e, FROZEN] > 0:
        return 0.0, False
    n = _add_rows(p, j, 0, a1, d)
    n = _add_rows(p, j, n, a1, e)
    n = _add_rows(p, j, n, a2, d)
    n = _add_rows(p, j, n, a2, e)
    before = local_cost(p, st, j, n, a1, d, a1, e) + _requests(p, st, a2, d, e)
    j_unplace(p, st, j, a1, d)
    j_unplace(p, st, j, a2, e)
    if not place_best(p, st, j, a1, e, NONE, NONE, min_paid(p, st, a1, e), -1):
        return 0.0, False
    if not place_best(p, st, j, a2, d, NONE, NONE, min_paid(p, st, a2, d), -1):
        return 0.0, False
    after = local_cost(p, st, j, n, a1, d, a1, e) + _requests(p, st, a2, d, e)
    return after - before, True


@inner
def _requests(p, st, a, d, e):
    """Request prices of the agent's worked days among ``d`` and ``e``."""
    cost = 0.0
    if st.queue[a, d] >= 0:
        cost += p.agent_day[a, d, REQUEST]
    if st.queue[a, e] >= 0:
        cost += p.agent_day[a, e, REQUEST]
    return cost


@inner
def move_break(p, st, j):
    """One break of a group of identical shifts to another allowed offset."""
    a, d = worked_day(p, st)
    if a < 0:
        return 0.0, False
    k, o = st.queue[a, d], st.option[a, d]
    lay = p.option[o, LAYOUT]
    if p.layout[lay, SLOTS] == 0:
        return 0.0, False
    s = np.random.randint(p.layout[lay, SLOTS])
    offsets = p.slot[lay, s, N_OFFSETS]
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
    j.entries[e, OFFSETS], j.entries[e, OFFSETS + 1] = source, target
    return row_cost(p, st, d, k) - before, True


@inner
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
    if r < p.move_weights[6]:
        return move_break(p, st, j)
    if r < p.move_weights[7]:
        return hand_over(p, st, j)
    return trade_days(p, st, j)
