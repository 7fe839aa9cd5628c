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
    sweep."""
    acceptance, responder = search
    if moves is not None:
        stop, interrupt = deadline, None
    else:
        stop = min(deadline, time.monotonic() + max(1.0, round_seconds))
    acceptance.run(stop, max_moves=moves, interrupt=interrupt)
    acceptance.b.rebalance_breaks(passes=1)
    responder.sweep(deadline)
