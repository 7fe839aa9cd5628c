"""What a stalled search does at its first two stalls: every agent paid a whole shift above
their contract minimum gives up their most over-staffed shift, and the roster settles again
as a start from weeks does (``rounds.settle``: hours held, breaks placed exactly, then
free).

Why: a stalled search has filled the demand curve's gaps with extra shifts (gen-1000: 63 of
the 93 part-timers on 8-hour minimums work a third 4-hour shift where the pattern LP gives
them two; gen-200: 10 of 25), and no move it has takes one away, since the gap it leaves
costs ten times what the over-staffing saves until other agents move into it. Taking the
shifts away first and then sweeping with the hours held moves the other agents' shifts into
the gaps rather than adding hours.

Measured with one trim (validator costs, the same seeds, against the search without it):
whole plans of gen-1000 at 120 s, seeds 0-3, 80,484 / 73,271 / 92,908 / 75,525 against
79,305 / 73,631 / 94,350 / 78,885 (a second seed-0 run with the trim: 78,450, trimmed at
84 s from 80,595 to 78,870 by 105 s); gen-200 at 60 s 10,905 / 12,765 / 15,615 / 9,270
against 11,430 / 12,600 / 15,855 / 9,690; gen-1000 at 60 s 80,426 / 76,116 against
82,970 / 75,535. In 30-s plans of gen-200 the stall comes too late for it (seeds 0 / 3:
11,400 / 9,780 against 11,370 / 9,765). From stalled 60-s rosters, restarted from their
weeks with or without the trim (the same seeds, 30 s): gen-1000 79,250 / 79,839 against
81,540 / 81,555. How often and when: ``oscillation.TRIMS`` and ``TRIM_MIN_SECONDS``.
"""

from __future__ import annotations

import numpy as np

from scheduler.optimise.roster_state import AgentState, RosterBuilder
from scheduler.optimise.rounds import Search, settle


def trim(search: Search, seed: int, deadline: float) -> int:
    """Every spare shift (``spare_day``) taken from the search's roster, which then settles
    as a start from weeks does (``rounds.settle``: hours held, breaks placed exactly, then
    free); how many shifts went. In place: the search goes on from there, and its caller
    keeps the best roster it had."""
    builder = search[0].b
    if builder.frozen:
        return 0  # a re-plan's frozen days are not the search's to give up
    taken = 0
    for state in builder.states.values():
        day = spare_day(builder, state)
        if day is not None:
            builder.unplace(state, day)
            taken += 1
    if taken:
        settle(search, seed, deadline)
    return taken


def spare_day(builder: RosterBuilder, state: AgentState) -> int | None:
    """Of the agent's shifts that their week's contract minimum can spare, the day whose shift
    has the most over-staffing per paid minute (most of its cover not needed); None when
    every shift is needed for the minimum."""
    step = builder.step
    best: tuple[float, int] | None = None
    for day, (queue, o) in sorted(state.shifts.items()):
        option = builder.catalogue.options[o]
        week = day // 7
        if state.paid[week] - option.paid < builder.contract_min(state.agent, week):
            continue
        k = builder.queues.index(queue)
        residual = builder.residual[day, k, option.start // step : option.end // step]
        over = float(-np.minimum(residual, 0).sum()) / max(option.paid, 1)
        if best is None or over > best[0]:
            best = (over, day)
    return None if best is None else best[1]
