"""The week-pattern DP of ``patterns.pricing`` compiled: the same states, transitions and ties.

The numpy DP spends most of an agent's millisecond on numpy's per-call overhead (a few
hundred small array operations per week), which made it half of a 1,000-agent best-response
sweep and most of a Lagrangian step. Here each state is a scalar loop. States are flat: index
``((paid * days_n + worked) * classes + rest_class) * runs + run``, the C order of the numpy
DP's array, so argmax ties break the same way.

Run modes: ``UNTRACKED`` (one run state), ``TRACKED`` (days in a row counted up to the limit)
and ``UNBROKEN`` (two states: the run from before the horizon broken or not).
"""

from __future__ import annotations

import time

import numpy as np
from numba import njit

from scheduler.optimise.kernel import compiled

UNTRACKED, TRACKED, UNBROKEN = 0, 1, 2
OFF = -2  # the day's choice was no shift
RECHECK_SECONDS = 1.0  # how often a process whose DP is not compiled looks again


@njit(cache=True)
def week_dp(
    u, paid_units, option_class, prefix, families, week_of, week_end, caps, max_days,
    penalty, paid_n, classes, day_zero_class, mode, runs, first_run, max_run_from_prior,
):  # fmt: skip
    """Best profit and its option per day (-1 off) for shift values ``u[day, option]``
    (-inf where not allowed); ``penalty[week, paid units]`` closes each week, for paid
    units below ``paid_n`` (the rows may be longer). ``runs`` run states, the first
    ``first_run``; ``max_run_from_prior``: days an unbroken prior run may still add."""
    days, n_options = u.shape
    days_n = max_days.max() + 1
    inner = classes * runs
    size = paid_n * days_n * inner
    state = np.full(size, -np.inf)
    after = np.full(size, -np.inf)
    # Read only where a state was reached, which always writes them: left unfilled.
    choice = np.empty((days, size), np.int64)
    source = np.empty((days, size), np.int64)
    close = np.empty((caps.shape[0], inner), np.int64)
    state[day_zero_class * runs + first_run] = 0.0
    for day in range(days):
        week = week_of[day]
        after[:] = -np.inf
        reach = _day_off(state, after, choice[day], source[day], paid_n, days_n, inner)
        paid_reach, worked_reach = reach // days_n, reach % days_n
        for f in range(families.shape[0]):
            o = _family_best(u, day, families, f, n_options)
            if o < 0 or prefix[o] == 0 or paid_units[o] > caps[week]:
                continue
            _shift(
                state, after, choice[day], source[day], o, u[day, o], paid_units[o],
                prefix[o], option_class[o], min(caps[week] - paid_units[o], paid_reach),
                min(max_days[week], worked_reach + 1), days_n, classes, runs, mode,
                max_run_from_prior,
            )  # fmt: skip
        state, after = after, state
        if week_end[day]:
            after[:] = -np.inf
            _close_week(state, after, close[week], penalty[week], paid_n, days_n, inner)
            state, after = after, state
    best, at = -np.inf, -1
    for i in range(size):
        if state[i] > best:
            best, at = state[i], i
    pattern = np.full(days, -1, np.int64)
    for day in range(days - 1, -1, -1):
        if at < 0:
            break
        if week_end[day]:
            at = close[week_of[day], at]
        if choice[day, at] >= 0:
            pattern[day] = choice[day, at]
        at = source[day, at]
    return best, pattern


@njit(cache=True)
def _day_off(state, after, choice, source, paid_n, days_n, inner):
    """Each (paid, worked) pair's best state, to rest class and run 0 (a day off breaks the
    run and blocks no start). Returns the pair (paid * days_n + worked) of the most paid
    units and days worked that any state has, which bounds the shifts' loops."""
    most_paid, most_worked = 0, 0
    for pair in range(paid_n * days_n):
        base = pair * inner
        best, at = -np.inf, -1
        for i in range(inner):
            if state[base + i] > best:
                best, at = state[base + i], base + i
        if at >= 0:
            after[base], choice[base], source[base] = best, OFF, at
            most_paid = max(most_paid, pair // days_n)
            most_worked = max(most_worked, pair % days_n)
    return most_paid * days_n + most_worked


@njit(cache=True)
def _family_best(u, day, families, f, n_options):
    """The family's most valuable option on the day, -1 if none is allowed."""
    best, at = -np.inf, -1
    for m in range(families.shape[1]):
        o = families[f, m]
        if o >= n_options:
            break
        if u[day, o] > best:
            best, at = u[day, o], o
    return at


@njit(cache=True)
def _shift(
    state, after, choice, source, o, value, units, usable, to_class, last_paid, last_worked,
    days_n, classes, runs, mode, max_run_from_prior,
):  # fmt: skip
    """Option ``o`` worked from every state it may follow (paid units up to ``last_paid``,
    days worked below ``last_worked``): the best of the rest classes below ``usable`` at the
    same paid units, days worked and run."""
    for p in range(last_paid + 1):
        for n in range(last_worked):
            for r in range(runs):
                if mode == TRACKED and r == runs - 1:
                    continue
                if mode == UNBROKEN and r == 1 and n >= max_run_from_prior:
                    continue
                base = (p * days_n + n) * classes * runs + r
                best, at = -np.inf, -1
                for e in range(usable):
                    if state[base + e * runs] > best:
                        best, at = state[base + e * runs], base + e * runs
                if at < 0:
                    continue
                to_run = r + 1 if mode == TRACKED else r
                target = (((p + units) * days_n + n + 1) * classes + to_class) * runs + to_run
                if best + value > after[target]:
                    after[target] = best + value
                    choice[target], source[target] = o, at


@njit(cache=True)
def _close_week(state, after, close, penalty, paid_n, days_n, inner):
    """Each (rest class, run)'s best week total with its penalty, back to no paid units."""
    for i in range(inner):
        best, at = -np.inf, -1
        for p in range(paid_n):
            for n in range(days_n):
                index = (p * days_n + n) * inner + i
                if state[index] + penalty[p] > best:
                    best, at = state[index] + penalty[p], index
        after[i] = best
        close[i] = at


_EXAMPLE = (
    np.zeros((1, 1)), np.zeros(1, np.int64), np.zeros(1, np.int64), np.ones(1, np.int64),
    np.zeros((1, 1), np.int64), np.zeros(1, np.int64), np.ones(1, np.bool_),
    np.ones(1, np.int64), np.ones(1, np.int64), np.zeros((1, 2)), 2, 1, 0, UNTRACKED, 1, 0, 0,
)  # fmt: skip
_state = {"ready": False, "looked": -np.inf}


def ready() -> bool:
    """Whether the compiled DP can run in this process now (loaded from numba's disk cache;
    never compiled here). Looked at once a second at most while it cannot."""
    if _state["ready"]:
        return True
    now = time.monotonic()
    if now - _state["looked"] < RECHECK_SECONDS:
        return False
    _state["looked"] = now
    _state["ready"] = compiled.ready(((week_dp, _EXAMPLE),))
    return _state["ready"]


def compile_now() -> None:
    """Compile (or load) the DP: the background warm-up and move-budget searches."""
    week_dp(*_EXAMPLE)
    _state["ready"] = True
