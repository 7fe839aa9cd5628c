"""The search's unit of work, shared by the solve's searches and the bound's process's
(``portfolio``): a start from given weeks swept to a fixed point of best responses, then
rounds of late acceptance, each followed by breaks re-placed and a best-response sweep."""

from __future__ import annotations

import time
from collections.abc import Callable

from scheduler.optimise.best_response import BestResponse
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.lp_start import Weeks, place_weeks
from scheduler.optimise.roster_state import RosterBuilder

Search = tuple[LateAcceptance, BestResponse]

# A round's late acceptance lasts at least this many times the last best-response sweep, so
# the sweeps take a fifth of the search at any size. Measured at gen-1000 (40 s of rounds
# from the same roster): late acceptance 1.5 s a round (about the sweep's time) 131,114,
# 4.5 s 125,706, 9 s 127,026, 20 s 130,611; on the demo, whose sweep takes 0.1 s, rounds of
# 1.5 s beat 5 s (see ``SolveParams.round_seconds``).
SWEEP_RATIO = 4.0


def start_from_weeks(
    builder: RosterBuilder, weeks: Weeks, seed: int, history: int, deadline: float
) -> Search | None:
    """A search holding ``weeks``, swept to a fixed point of best responses (or the
    deadline); None when a week breaks a rule the builder checks (pricing relaxes a few),
    since the search assumes a roster within them."""
    placed, refused = place_weeks(builder, weeks)
    if refused:
        return None
    started = LateAcceptance(placed, seed, history)
    responder = BestResponse(started, seed)
    while responder.sweep(deadline) and time.monotonic() < deadline:
        pass
    return started, responder


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
    acceptance.b.rebalance_breaks(passes=1)
    responder.sweep(deadline)
