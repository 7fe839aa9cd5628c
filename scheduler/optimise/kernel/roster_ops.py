"""Compiled edits of the array roster: place and take back a shift with its breaks, the
per-agent rules, a row's cost and the best option for an agent-day.

Each function mirrors its ``RosterBuilder`` namesake (same break placement by least harm,
same rules, same prices), so a move costs here exactly what it costs in the builder; they are
compiled because late acceptance calls them millions of times.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from scheduler.optimise.kernel.columns import (
    CAP,
    END,
    END_STEP,
    FROZEN,
    GAP,
    LAYOUT,
    MAX_DAYS,
    MINIMUM,
    MINUTES,
    N_OFFSETS,
    NO_PRIOR,
    PAID,
    PRIOR_END,
    PRIOR_RUN,
    SKILLS,
    SLOTS,
    START,
    START_STEP,
    UNDER,
    UNDER_PLUS_OVER,
)

# Functions only the compiled loop calls: without Python entry points (each would unbox the
# problem's arrays: the loop's compile took ~40 s with them, ~28 s without, ~25 s with the
# problem in 11 arrays instead of 26) and without numba's reference counting (which cost
# 4-5 times the speed).
inner = njit(cache=True, _nrt=False, no_cpython_wrapper=True, no_cfunc_wrapper=True)

DAY = 1440
NONE = -1
# Break placement ranks offsets by harm, then residual: one key (``roster_state.TIE_SCALE``).
TIE_SCALE = 1e6


@inner
def row_cost(p, st, d, k):
    """Under- and over-staffing of one (day, queue) row."""
    cost = 0.0
    total = 0.0
    for t in range(st.residual.shape[2]):
        r = st.residual[d, k, t]
        if r > 0.0:
            cost += r * p.prices[UNDER_PLUS_OVER, d, k, t]
        total += r
    return cost - total * p.over_price


@inner
def least_harm(p, st, d, k, o, lay, s, earliest):
    """The offset index at or after ``earliest`` where one agent off the phone costs least
    (ties to the least short slots, then the earliest); 0 when none is late enough, as the
    builder's ``argmin`` over all-infinite keys gives."""
    best, best_key = 0, np.inf
    for f in range(p.slot[lay, s, N_OFFSETS]):
        if p.offsets[lay, s, f] < earliest:
            continue
        key = harm_key(p, st, d, k, o, lay, s, f)
        if key < best_key:
            best, best_key = f, key
    return best


@inner
def harm_key(p, st, d, k, o, lay, s, f):
    """What one agent off the phone at offset ``f`` costs, then (below any cost difference:
    costs and residuals are whole numbers) the residual there."""
    first = (p.option[o, START] + p.offsets[lay, s, f]) // p.step
    harm = 0.0
    residual = 0.0
    for t in range(first, first + p.slot[lay, s, MINUTES] // p.step):
        r = st.residual[d, k, t]
        harm += p.prices[UNDER, d, k, t] if r >= -0.5 else -p.over_price
        residual += r
    return harm * TIE_SCALE + residual


@inner
def shift_break(p, st, d, k, o, lay, s, f, sign):
    first = (p.option[o, START] + p.offsets[lay, s, f]) // p.step
    for t in range(first, first + p.slot[lay, s, MINUTES] // p.step):
        st.residual[d, k, t] += sign


@inner
def place(p, st, a, d, k, o, given, use_given, out):
    """Add a shift; its breaks at ``given`` or where they harm least. Offsets used go to
    ``out``."""
    st.queue[a, d] = k
    st.option[a, d] = o
    st.paid[a, d // 7] += p.option[o, PAID]
    for t in range(p.option[o, START_STEP], p.option[o, END_STEP]):
        st.residual[d, k, t] -= 1.0
    lay = p.option[o, LAYOUT]
    earliest = 0
    for s in range(p.layout[lay, SLOTS]):
        f = given[s] if use_given else least_harm(p, st, d, k, o, lay, s, earliest)
        st.counts[d, k, o, s, f] += 1
        shift_break(p, st, d, k, o, lay, s, f, 1.0)
        earliest = p.offsets[lay, s, f] + p.slot[lay, s, MINUTES] + p.layout[lay, GAP]
        out[s] = f


@inner
def unplace(p, st, a, d, given, use_given, out):
    """Take back a shift: its coverage, and the break units at ``given`` or the latest of
    their group (which keeps the group's breaks assignable). Offsets taken go to ``out``."""
    k, o = st.queue[a, d], st.option[a, d]
    st.queue[a, d] = NONE
    st.paid[a, d // 7] -= p.option[o, PAID]
    for t in range(p.option[o, START_STEP], p.option[o, END_STEP]):
        st.residual[d, k, t] += 1.0
    lay = p.option[o, LAYOUT]
    for s in range(p.layout[lay, SLOTS]):
        if use_given:
            f = given[s]
        else:
            f = p.slot[lay, s, N_OFFSETS] - 1
            while st.counts[d, k, o, s, f] == 0:
                f -= 1
        st.counts[d, k, o, s, f] -= 1
        shift_break(p, st, d, k, o, lay, s, f, -1.0)
        out[s] = f


@inner
def move_break_unit(p, st, d, k, o, s, source, target):
    lay = p.option[o, LAYOUT]
    st.counts[d, k, o, s, source] -= 1
    st.counts[d, k, o, s, target] += 1
    shift_break(p, st, d, k, o, lay, s, source, -1.0)
    shift_break(p, st, d, k, o, lay, s, target, 1.0)


@inner
def chain_ok(p, st, d, k, o):
    """The sorted-pairing condition (``roster_state._chain_ok``) for each pair of breaks."""
    lay = p.option[o, LAYOUT]
    for s in range(p.layout[lay, SLOTS] - 1):
        delta = p.slot[lay, s, MINUTES] + p.layout[lay, GAP]
        i = j = 0
        before = before_next = 0
        for fi in range(p.slot[lay, s, N_OFFSETS]):
            t = p.offsets[lay, s, fi]
            while i < p.slot[lay, s, N_OFFSETS] and p.offsets[lay, s, i] < t:
                before += st.counts[d, k, o, s, i]
                i += 1
            while j < p.slot[lay, s + 1, N_OFFSETS] and p.offsets[lay, s + 1, j] < t + delta:
                before_next += st.counts[d, k, o, s + 1, j]
                j += 1
            if before_next > before:
                return False
    return True


# -- rules --------------------------------------------------------------------------------


@inner
def serves(p, a, k):
    """Whether the agent serves queue row ``k``."""
    for i in range(SKILLS, p.agent.shape[1]):
        if p.agent[a, i] == k:
            return True
        if p.agent[a, i] < 0:
            return False
    return False


@inner
def worked_in_week(st, a, week):
    n = 0
    for d in range(7 * week, min(7 * week + 7, st.queue.shape[1])):
        n += st.queue[a, d] >= 0
    return n


@inner
def run_ok(p, st, a, d):
    """Working ``d`` keeps every run within the limit (days before the horizon count)."""
    days = st.queue.shape[1]
    run = 1
    e = d - 1
    while e >= 0 and st.queue[a, e] >= 0:
        run += 1
        e -= 1
    if e < 0:
        run += p.agent[a, PRIOR_RUN]
    e = d + 1
    while e < days and st.queue[a, e] >= 0:
        run += 1
        e += 1
    return run <= p.max_run


@inner
def day_open(p, st, a, d):
    if worked_in_week(st, a, d // 7) + 1 > p.agent_week[a, d // 7, MAX_DAYS]:
        return False
    return run_ok(p, st, a, d)


@inner
def rest_ok(p, st, a, d, start, end):
    before = st.queue[a, d - 1] >= 0 if d > 0 else False
    if before and start + DAY - p.option[st.option[a, d - 1], END] < p.min_rest:
        return False
    if d == 0 and p.agent[a, PRIOR_END] > NO_PRIOR and start - p.agent[a, PRIOR_END] < p.min_rest:
        return False
    after = st.queue[a, d + 1] >= 0 if d + 1 < st.queue.shape[1] else False
    return not (after and p.option[st.option[a, d + 1], START] + DAY - end < p.min_rest)


@inner
def eligible(p, st, a, d, k, o):
    if st.queue[a, d] >= 0 or p.agent_day[a, d, FROZEN] > 0 or not p.domain[a, d, o]:
        return False
    if not serves(p, a, k):
        return False
    week = d // 7
    if st.paid[a, week] + p.option[o, PAID] > p.agent_week[a, week, CAP]:
        return False
    if worked_in_week(st, a, week) + 1 > p.agent_week[a, week, MAX_DAYS]:
        return False
    return rest_ok(p, st, a, d, p.option[o, START], p.option[o, END]) and run_ok(p, st, a, d)


@inner
def min_paid(p, st, a, d):
    """Paid minutes a shift on ``d`` must bring to keep the week's contract minimum."""
    return p.agent_week[a, d // 7, MINIMUM] - st.paid[a, d // 7]


@inner
def pick(p, st, gains, a, d, exclude_k, exclude_o, least_paid, shorter_than):
    """The best (queue row, option) the agent may work on ``d`` by the slots' gains (breaks
    left out), or (-1, -1). ``shorter_than`` < 0: any length."""
    if st.queue[a, d] >= 0 or p.agent_day[a, d, FROZEN] > 0 or not day_open(p, st, a, d):
        return NONE, NONE
    week = d // 7
    room = p.agent_week[a, week, CAP] - st.paid[a, week]
    earliest, latest = 0, 2 * DAY
    if d > 0 and st.queue[a, d - 1] >= 0:
        earliest = p.option[st.option[a, d - 1], END] + p.min_rest - DAY
    if d == 0 and p.agent[a, PRIOR_END] > NO_PRIOR:
        earliest = max(earliest, p.agent[a, PRIOR_END] + p.min_rest)
    if d + 1 < st.queue.shape[1] and st.queue[a, d + 1] >= 0:
        latest = p.option[st.option[a, d + 1], START] + DAY - p.min_rest
    best_k, best_o, best = NONE, NONE, -np.inf
    for i in range(p.agent.shape[1] - SKILLS):
        k = p.agent[a, SKILLS + i]
        if k < 0:
            break
        gains[0] = 0.0
        for t in range(st.residual.shape[2]):
            r = st.residual[d, k, t]
            gains[t + 1] = gains[t] + (p.prices[UNDER, d, k, t] if r > 0.5 else -p.over_price)
        for o in range(p.option.shape[0]):
            if not p.domain[a, d, o] or p.option[o, PAID] > room or p.option[o, PAID] < least_paid:
                continue
            if p.option[o, START] < earliest or p.option[o, END] > latest:
                continue
            if shorter_than >= 0 and p.option[o, PAID] >= shorter_than:
                continue
            if k == exclude_k and o == exclude_o:
                continue
            gain = gains[p.option[o, END_STEP]] - gains[p.option[o, START_STEP]]
            if gain > best:
                best_k, best_o, best = k, o, gain
    return best_k, best_o
