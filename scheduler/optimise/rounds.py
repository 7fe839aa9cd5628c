"""The search's unit of work, shared by the solve's searches and the bound's process's
(``portfolio``): a start from given weeks swept to a fixed point of best responses, then
rounds of late acceptance, each followed by breaks re-placed and a best-response sweep."""

from __future__ import annotations

import time
from collections.abc import Callable

from scheduler.optimise.best_response import BestResponse
from scheduler.optimise.exact_breaks import exact_breaks
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.lp_start import Weeks, place_weeks
from scheduler.optimise.roster_state import RosterBuilder, snapshot

Search = tuple[LateAcceptance, BestResponse]

# A round's late acceptance lasts at least this many times the last best-response sweep, so
# the sweeps take a fifth of the search at any size. Measured at gen-1000 (40 s of rounds
# from the same roster): late acceptance 1.5 s a round (about the sweep's time) 131,114,
# 4.5 s 125,706, 9 s 127,026, 20 s 130,611; on the demo, whose sweep takes 0.1 s, rounds of
# 1.5 s beat 5 s (see ``SolveParams.round_seconds``).
SWEEP_RATIO = 4.0
# The exact break placement of a start from weeks: at most this long (the demo's takes 0.9 s,
# gen-200's 1.4 s), and not tried with less than the minimum left.
EXACT_SECONDS = 10.0
MIN_EXACT_SECONDS = 0.5
# Held hours pay off over a search of some length: the demo's LP weeks come with ~4 s left
# at 10 s, and there, held, the search from them ended at 9,384 on average over seeds 0-7
# against 9,152 without (gen-200 at 30 s, with ~12 s left: 11,730 against 13,084).
HOLD_MIN_SECONDS = 6.0


def start_from_weeks(
    builder: RosterBuilder,
    weeks: Weeks,
    seed: int,
    history: int,
    deadline: float,
    hold_hours: bool = True,
) -> Search | None:
    """A search holding ``weeks``, swept to a fixed point of best responses (or the
    deadline); None when a week breaks a rule the builder checks (pricing relaxes a few),
    since the search assumes a roster within them.

    Rounding the LP leaves gaps, and free best responses fill them by adding hours: on
    gen-200 the LP's weeks pay 1,560 minutes above the contract minimums and leave 3,795
    agent-minutes short; one free sweep covers all but 45 of them by paying 6,330 minutes
    more. So the first sweeps hold every agent's hours (``BestResponse.hold_hours``), the
    breaks are then placed exactly (``exact_breaks``: 22,695 -> 14,445 there, 540 short),
    and only then may hours grow: after the same 14 s of rounds 11,190 against 12,135.
    Not for the Lagrangian ascent's weeks (``hold_hours=False``): they leave whole shifts
    missing, not gaps (gen-1000: 2.0M placed, 303k after the held sweeps, the exact breaks
    gaining 0.2 % in 4.7 s), so there it only delayed the search; nor with less than
    ``HOLD_MIN_SECONDS`` left."""
    placed, refused = place_weeks(builder, weeks)
    if refused:
        return None
    started = LateAcceptance(placed, seed, history)
    responder = BestResponse(started, seed)
    settle((started, responder), seed, deadline, hold_hours)
    return started, responder


def settle(search: Search, seed: int, deadline: float, hold_hours: bool = True) -> None:
    """Best responses to a fixed point (or the deadline): first with every agent's hours
    held and the breaks then placed exactly, unless ``hold_hours`` is off or less than
    ``HOLD_MIN_SECONDS`` is left; then free."""
    acceptance, responder = search
    if hold_hours and deadline - time.monotonic() >= HOLD_MIN_SECONDS:
        responder.hold_hours = True
        try:
            responder.settle(deadline)
        finally:
            responder.hold_hours = False
        _exact_breaks(acceptance, seed, min(EXACT_SECONDS, (deadline - time.monotonic()) / 4))
    responder.settle(deadline)


def _exact_breaks(search: LateAcceptance, seed: int, seconds: float) -> None:
    """The search's breaks re-placed by CP-SAT (one worker) when that is cheaper."""
    if seconds < MIN_EXACT_SECONDS:
        return
    builder = search.b
    agents = [state.agent for state in builder.states.values()]
    found = exact_breaks(builder, snapshot(builder), agents, seconds, 1, seed)
    if found is None:
        return
    saved, before = builder.save(), search.total()
    builder.take_break_counts(found[0])
    if search.total() > before + 1e-6:
        builder.restore(saved)


def search_round(
    search: Search,
    deadline: float,
    round_seconds: float,
    moves: int | None = None,
    interrupt: Callable[[], bool] | None = None,
) -> None:
    """One round of late acceptance (cut short by ``interrupt``, except under a budget of
    ``moves``, which must not depend on timing), then breaks re-placed and a best-response
    sweep. Without a budget the round lasts ``round_seconds``, or ``SWEEP_RATIO`` times the
    last sweep when that is longer."""
    acceptance, responder = search
    if moves is not None:
        stop, interrupt = deadline, None
    else:
        seconds = max(1.0, round_seconds, SWEEP_RATIO * responder.sweep_seconds)
        stop = min(deadline, time.monotonic() + seconds)
    acceptance.run(stop, max_moves=moves, interrupt=interrupt)
    acceptance.rebalance_breaks(passes=1)
    responder.sweep(deadline)
