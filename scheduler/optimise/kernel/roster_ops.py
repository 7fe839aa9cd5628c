"""Compiled edits of the array roster: place and take back a shift with its breaks, the
per-agent rules, a row's cost and the best option for an agent-day.

Each function mirrors its ``RosterBuilder`` namesake (same break placement by least harm,
same rules, same prices), so a move costs here exactly what it costs in the builder; they are
compiled because late acceptance calls them millions of times.
"""

from __future__ import annotations

import numpy as np
from numba import njit

DAY = 1440
NONE = -1
NO_PRIOR = -(10**9)  # minute the prior shift ended, when there was none
# Break placement ranks offsets by harm, then residual: one key (``roster_state.TIE_SCALE``).
TIE_SCALE = 1e6


@njit(cache=True, _nrt=False)
def row_cost(p, st, d, k):
    """Under- and over-staffing of one (day, queue) row."""
    cost = 0.0
    total = 0.0
    for t in range(st.residual.shape[2]):
        r = st.residual[d, k, t]
        if r > 0.0:
            cost += r * p.under_plus_over[d, k, t]
        total += r
    return cost - total * p.over_price


@njit(cache=True, _nrt=False)
def least_harm(p, st, d, k, o, lay, s, earliest):
    """The offset index at or after ``earliest`` where one agent off the phone costs least
    (ties to the least short slots, then the earliest); 0 when none is late enough, as the
    builder's ``argmin`` over all-infinite keys gives."""
    best, best_key = 0, np.inf
    cells = p.break_minutes[lay, s] // p.step
    for f in range(p.n_offsets[lay, s]):
        offset = p.offsets[lay, s, f]
        if offset < earliest:
            continue
        first = (p.start_min[o] + offset) // p.step
        harm = 0.0
        residual = 0.0
        for t in range(first, first + cells):
            r = st.residual[d, k, t]
            harm += p.under_price[d, k, t] if r >= -0.5 else -p.over_price
            residual += r
        key = harm * TIE_SCALE + residual
        if key < best_key:
            best, best_key = f, key
    return best


@njit(cache=True, _nrt=False)
def shift_break(p, st, d, k, o, lay, s, f, sign):
    first = (p.start_min[o] + p.offsets[lay, s, f]) // p.step
    for t in range(first, first + p.break_minutes[lay, s] // p.step):
        st.residual[d, k, t] += sign


@njit(cache=True, _nrt=False)
def place(p, st, a, d, k, o, given, use_given, out):
    """Add a shift; its breaks at ``given`` or where they harm least. Offsets used go to
    ``out``."""
    st.queue[a, d] = k
    st.option[a, d] = o
    st.paid[a, d // 7] += p.paid[o]
    for t in range(p.start_step[o], p.end_step[o]):
        st.residual[d, k, t] -= 1.0
    lay = p.layout[o]
    earliest = 0
    for s in range(p.n_slots[lay]):
        f = given[s] if use_given else least_harm(p, st, d, k, o, lay, s, earliest)
        st.counts[d, k, o, s, f] += 1
        shift_break(p, st, d, k, o, lay, s, f, 1.0)
        earliest = p.offsets[lay, s, f] + p.break_minutes[lay, s] + p.min_gap[lay]
        out[s] = f


@njit(cache=True, _nrt=False)
def unplace(p, st, a, d, given, use_given, out):
    """Take back a shift: its coverage, and the break units at ``given`` or the latest of
    their group (which keeps the group's breaks assignable). Offsets taken go to ``out``."""
    k, o = st.queue[a, d], st.option[a, d]
    st.queue[a, d] = NONE
    st.paid[a, d // 7] -= p.paid[o]
    for t in range(p.start_step[o], p.end_step[o]):
        st.residual[d, k, t] += 1.0
    lay = p.layout[o]
    for s in range(p.n_slots[lay]):
        if use_given:
            f = given[s]
        else:
            f = p.n_offsets[lay, s] - 1
            while st.counts[d, k, o, s, f] == 0:
                f -= 1
        st.counts[d, k, o, s, f] -= 1
        shift_break(p, st, d, k, o, lay, s, f, -1.0)
        out[s] = f


@njit(cache=True, _nrt=False)
def move_break_unit(p, st, d, k, o, s, source, target):
    lay = p.layout[o]
    st.counts[d, k, o, s, source] -= 1
    st.counts[d, k, o, s, target] += 1
    shift_break(p, st, d, k, o, lay, s, source, -1.0)
    shift_break(p, st, d, k, o, lay, s, target, 1.0)


@njit(cache=True, _nrt=False)
def chain_ok(p, st, d, k, o):
    """The sorted-pairing condition (``roster_state._chain_ok``) for each pair of breaks."""
    lay = p.layout[o]
    for s in range(p.n_slots[lay] - 1):
        delta = p.break_minutes[lay, s] + p.min_gap[lay]
        i = j = 0
        before = before_next = 0
        for fi in range(p.n_offsets[lay, s]):
            t = p.offsets[lay, s, fi]
            while i < p.n_offsets[lay, s] and p.offsets[lay, s, i] < t:
                before += st.counts[d, k, o, s, i]
                i += 1
            while j < p.n_offsets[lay, s + 1] and p.offsets[lay, s + 1, j] < t + delta:
                before_next += st.counts[d, k, o, s + 1, j]
                j += 1
            if before_next > before:
                return False
    return True


# -- rules --------------------------------------------------------------------------------


@njit(cache=True, _nrt=False)
def worked_in_week(st, a, week):
    n = 0
    for d in range(7 * week, min(7 * week + 7, st.queue.shape[1])):
        n += st.queue[a, d] >= 0
    return n


@njit(cache=True, _nrt=False)
def run_ok(p, st, a, d):
    """Working ``d`` keeps every run within the limit (days before the horizon count)."""
    days = st.queue.shape[1]
    run = 1
    e = d - 1
    while e >= 0 and st.queue[a, e] >= 0:
        run += 1
        e -= 1
    if e < 0:
        run += p.prior_run[a]
    e = d + 1
    while e < days and st.queue[a, e] >= 0:
        run += 1
        e += 1
    return run <= p.max_run


@njit(cache=True, _nrt=False)
def day_open(p, st, a, d):
    if worked_in_week(st, a, d // 7) + 1 > p.max_days[a, d // 7]:
        return False
    return run_ok(p, st, a, d)


@njit(cache=True, _nrt=False)
def rest_ok(p, st, a, d, start, end):
    before = st.queue[a, d - 1] >= 0 if d > 0 else False
    if before and start + DAY - p.end_min[st.option[a, d - 1]] < p.min_rest:
        return False
    if d == 0 and p.prior_end[a] > NO_PRIOR and start - p.prior_end[a] < p.min_rest:
        return False
    after = st.queue[a, d + 1] >= 0 if d + 1 < st.queue.shape[1] else False
    return not (after and p.start_min[st.option[a, d + 1]] + DAY - end < p.min_rest)


@njit(cache=True, _nrt=False)
def eligible(p, st, a, d, k, o):
    if st.queue[a, d] >= 0 or not p.has_skill[a, k] or p.frozen[a, d] or not p.domain[a, d, o]:
        return False
    week = d // 7
    if st.paid[a, week] + p.paid[o] > p.weekly_cap[a, week]:
        return False
    if worked_in_week(st, a, week) + 1 > p.max_days[a, week]:
        return False
    return rest_ok(p, st, a, d, p.start_min[o], p.end_min[o]) and run_ok(p, st, a, d)


@njit(cache=True, _nrt=False)
def min_paid(p, st, a, d):
    """Paid minutes a shift on ``d`` must bring to keep the week's contract minimum."""
    return p.weekly_min[a, d // 7] - st.paid[a, d // 7]


@njit(cache=True, _nrt=False)
def pick(p, st, gains, a, d, exclude_k, exclude_o, least_paid, shorter_than):
    """The best (queue row, option) the agent may work on ``d`` by the slots' gains (breaks
    left out), or (-1, -1). ``shorter_than`` < 0: any length."""
    if st.queue[a, d] >= 0 or p.frozen[a, d] or not day_open(p, st, a, d):
        return NONE, NONE
    week = d // 7
    room = p.weekly_cap[a, week] - st.paid[a, week]
    earliest, latest = 0, 2 * DAY
    if d > 0 and st.queue[a, d - 1] >= 0:
        earliest = p.end_min[st.option[a, d - 1]] + p.min_rest - DAY
    if d == 0 and p.prior_end[a] > NO_PRIOR:
        earliest = max(earliest, p.prior_end[a] + p.min_rest)
    if d + 1 < st.queue.shape[1] and st.queue[a, d + 1] >= 0:
        latest = p.start_min[st.option[a, d + 1]] + DAY - p.min_rest
    best_k, best_o, best = NONE, NONE, -np.inf
    for i in range(p.skills.shape[1]):
        k = p.skills[a, i]
        if k < 0:
            break
        gains[0] = 0.0
        for t in range(st.residual.shape[2]):
            r = st.residual[d, k, t]
            gains[t + 1] = gains[t] + (p.under_price[d, k, t] if r > 0.5 else -p.over_price)
        for o in range(p.paid.shape[0]):
            if not p.domain[a, d, o] or p.paid[o] > room or p.paid[o] < least_paid:
                continue
            if p.start_min[o] < earliest or p.end_min[o] > latest:
                continue
            if shorter_than >= 0 and p.paid[o] >= shorter_than:
                continue
            if k == exclude_k and o == exclude_o:
                continue
            gain = gains[p.end_step[o]] - gains[p.start_step[o]]
            if gain > best:
                best_k, best_o, best = k, o, gain
    return best_k, best_o
