"""Late acceptance on the array roster: the compiled loop and the driver that runs it in
chunks between the deadline, budget and interrupt checks.

The acceptance rule, the lazy copy of the best roster (taken just before the search leaves
it) and the budget semantics are those of ``LateAcceptance.run``; only the moves' speed
differs (demo: about 9,500 moves a second in Python).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from numba import njit

from scheduler.optimise.kernel import compiled
from scheduler.optimise.kernel.arrays import Problem, State, pack_state, unpack_state
from scheduler.optimise.kernel.columns import REQUEST
from scheduler.optimise.kernel.moves import Journal, any_move, new_journal, redo, undo
from scheduler.optimise.kernel.roster_ops import inner, row_cost

# Scalars kept between chunks, in one float array.
CURRENT, BEST, BEST_DIRTY, ITERATION = range(4)
# A chunk's moves are sized to take about this long, so the deadline and the interrupt are
# looked at often enough (the Python search looks every 128 and 1,024 moves).
CHUNK_SECONDS = 0.02
FIRST_CHUNK = 2_000


@njit(cache=True, _nrt=False)
def seed_moves(seed):
    np.random.seed(seed)


@njit(cache=True, _nrt=False)
def total_cost(p, st):
    """Coverage of every row and requests of every worked agent-day."""
    cost = 0.0
    for d in range(st.residual.shape[0]):
        for k in range(st.residual.shape[1]):
            cost += row_cost(p, st, d, k)
    for a in range(st.queue.shape[0]):
        for d in range(st.queue.shape[1]):
            if st.queue[a, d] >= 0:
                cost += p.agent_day[a, d, REQUEST]
    return cost


@inner
def _copy_2d(target, source):
    for i in range(source.shape[0]):
        for k in range(source.shape[1]):
            target[i, k] = source[i, k]


@inner
def _copy_into(best, st):
    """The roster into ``best`` (best's arrays keep their identity)."""
    _copy_2d(best.queue, st.queue)
    _copy_2d(best.option, st.option)
    _copy_2d(best.paid, st.paid)
    for d in range(st.residual.shape[0]):
        _copy_2d(best.residual[d], st.residual[d])
        for k in range(st.counts.shape[1]):
            for o in range(st.counts.shape[2]):
                _copy_2d(best.counts[d, k, o], st.counts[d, k, o])


@njit(cache=True, _nrt=False)
def run_chunk(p, st, best, j, fitness, scalars, moves):
    """``moves`` iterations of late acceptance; ``best`` holds the best roster whenever the
    search has left it (``scalars[BEST_DIRTY]`` = 0)."""
    current, best_cost = scalars[CURRENT], scalars[BEST]
    dirty = scalars[BEST_DIRTY] > 0
    iteration = int(scalars[ITERATION])
    history = fitness.shape[0]
    for _ in range(moves):
        iteration += 1
        delta, done = any_move(p, st, j)
        if not done:
            continue
        candidate = current + delta
        slot = iteration % history
        if candidate <= current or candidate <= fitness[slot]:
            if candidate > current and dirty:
                size = j.size[0]
                undo(p, st, j)
                _copy_into(best, st)
                redo(p, st, j, size)
                dirty = False
            current = candidate
        else:
            undo(p, st, j)
        fitness[slot] = current
        if current < best_cost - 1e-6:
            best_cost, dirty = current, True
    scalars[CURRENT], scalars[BEST] = current, best_cost
    scalars[BEST_DIRTY] = 1.0 if dirty else 0.0
    scalars[ITERATION] = iteration


def run(
    builder,
    problem: Problem,
    seed: int,
    history: int,
    deadline: float,
    report: Callable[[float], None] | None,
    max_moves: int | None,
    interrupt: Callable[[], bool] | None,
) -> float | None:
    """Late acceptance on the builder's roster until the deadline, after ``max_moves`` moves
    or once ``interrupt`` says so; the builder is left holding the best roster seen, whose
    cost is returned. None (nothing changed) when the roster cannot be packed, or when there
    is no move budget and the loop is not compiled yet (``compiled.ready``)."""
    state = pack_state(builder, problem)
    if state is None:
        return None
    _, slots, _ = problem.offsets.shape
    journal: Journal = new_journal(slots, state.residual.shape[1], state.residual.shape[2])
    best: State = state.copy()
    fitness = np.zeros(history)
    scalars = np.zeros(4)
    calls = (
        (run_chunk, (problem, state, best, journal, fitness, scalars, 1)),
        (total_cost, (problem, state)),
        (seed_moves, (0,)),
    )
    if max_moves is None and not compiled.ready(calls):
        return None
    seed_moves(seed)
    current = total_cost(problem, state)
    scalars[:] = (current, current, 0.0, 0.0)
    fitness[:] = current
    done, chunk, reported = 0, FIRST_CHUNK, current
    while True:
        moves = chunk if max_moves is None else min(chunk, max_moves - done)
        if moves <= 0:
            break
        started = time.monotonic()
        run_chunk(problem, state, best, journal, fitness, scalars, moves)
        done += moves
        elapsed = time.monotonic() - started
        chunk = int(np.clip(moves * CHUNK_SECONDS / max(elapsed, 1e-6), 100, 200_000))
        if report is not None and scalars[BEST] < reported - 1e-6:
            reported = scalars[BEST]
            report(reported)
        if time.monotonic() >= deadline or (interrupt is not None and interrupt()):
            break
    keep_current = scalars[BEST_DIRTY] > 0 and scalars[CURRENT] <= scalars[BEST] + 1e-6
    kept = state if keep_current else best
    unpack_state(builder, problem, kept)
    return float(total_cost(problem, kept))
