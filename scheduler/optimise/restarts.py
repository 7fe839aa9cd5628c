"""Restarts: a search from the LP's weeks that has stopped improving gives way to a new one
from the same weeks with another seed; the cheapest roster of them all is kept.

Why: late acceptance and best response from the same weeks settle in different local optima
for different seeds, and a search that has settled does not leave its optimum with more
time. From the demo's converged LP weeks, 12-s searches with seeds 0-7 ended at 6,540 to
7,635, while a 120-s plan's searches stalled at 6,810 (main, from 18 s on) and 6,750 (the
bound's process, one start) and gained nothing in the 90 s after. So once a search has gone
``ROUNDS`` rounds without a cheaper roster (trims and soft rounds included: ``oscillation``),
and enough time is left for a new one to get as far as this one took, the time goes to a
new start.

Whole plans against the code before (55e788a, run one after the other, validator costs, new /
before, seeds 0 / 1): demo at 60 s 6,225 / 6,225 against 6,675 / 6,615, at 120 s (seed 1)
6,225 against 6,615; gen-200 at 60 s 10,935 / 12,405 against 10,996 / 12,405, at 120 s
(seed 0) 10,605 against 10,770; 100 agents on three queues at 60 s 7,050 / 7,369 against
7,185 / 7,386, 300 agents 19,650 either way. At 30 s and below a search from the weeks
does not stall early enough to restart on the demo (a 30-s plan: no restart in either
process), so the differences there are the spread of single runs (demo 10 s 7,410 / 7,260
against 7,410 / 6,915, 30 s 6,675 / 6,435 against 7,470 / 6,525; gen-200 30 s 11,370 /
13,050 against 11,475 / 12,915); nor does gen-1000's at 120 s, whose search from the
groups' weeks takes most of the time left to reach its best. Giving up after
3 rounds instead of 6: demo at 30 s 6,270 / 6,645, gen-200 at 60 s 11,040 / 12,720 (cut
short, the trims and soft rounds had not had their turn).

Every start from the weeks, the first one included, is a race (``race``): a few searches
begun with successive seeds, one round each, the cheapest going on; that is what pays in
short plans, where no restart comes. (Not the main search's first start on instances small
enough for the full model, which takes over once that search stalls.)
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

from scheduler.optimise.lp_start import Weeks
from scheduler.optimise.oscillation import Oscillation
from scheduler.optimise.roster_state import RosterBuilder
from scheduler.optimise.rounds import start_from_weeks

ROUNDS = 6  # rounds in a row without a cheaper roster before a search is given up
MIN_SECONDS = 4.0  # a restart needs at least this much time left ...
# ... and at least as long as the search it replaces took to reach its best roster
RACE = 4  # most searches a race begins from the weeks before its cheapest goes on ...
RACE_SHARE = 0.35  # ... and the most of the time left they may take together
SEED_STRIDE = 1_000  # race seeds per solve seed (``race_seeds``)


class Patience:
    """How long a search has gone without a cheaper roster, and whether to give it up."""

    def __init__(self, best: float, started: float | None = None) -> None:
        """``started``: when the search began (its start's settling included)."""
        self.started = time.monotonic() if started is None else started
        self.best = best
        self.best_at = time.monotonic()
        self.idle = 0

    def heard(self, best: float) -> None:
        """The search's best cost after another round."""
        if best < self.best - 1e-6:
            self.best, self.best_at, self.idle = best, time.monotonic(), 0
        else:
            self.idle += 1

    def spent(self, deadline: float) -> bool:
        """Whether a new start would now serve better than more rounds of this one."""
        left = deadline - time.monotonic()
        return self.idle >= ROUNDS and left >= max(MIN_SECONDS, self.best_at - self.started)


def begin(
    builder: RosterBuilder,
    weeks: Weeks,
    seed: int,
    history: int,
    deadline: float,
    hold_hours: bool = True,
) -> Oscillation | None:
    """A new search from ``weeks`` with ``seed``, with trims and soft rounds as any search
    from the weeks; None when a week breaks a rule the builder checks."""
    search = start_from_weeks(builder, weeks, seed, history, deadline, hold_hours=hold_hours)
    return None if search is None else Oscillation(search, trims=True, seed=seed)


def race_seeds(seed: int, process: int) -> Iterator[int]:
    """The seeds one process's races take in turn (``process`` 0: the main search, 1: the
    bound's), apart from the other process's and from every other solve seed's. Why: with
    ``seed + 2k`` a plan with seed 1 raced seeds 1, 3, ... and one with seed 0 raced 1, 3, ...
    in its bound's process, so the demo's 30-s plans with seeds 0-3 all raced seed 3 and all
    ended at 6,270; a planner who plans again with another seed expects other searches."""
    return (seed * SEED_STRIDE + process + 2 * k for k in itertools.count())


def race(
    builder: RosterBuilder,
    weeks: Weeks,
    seeds: Iterator[int],
    history: int,
    limits: tuple[float, float],
    hold_hours: bool = True,
) -> tuple[Oscillation, Patience, int] | None:
    """Searches from ``weeks`` begun one after the other with the next of ``seeds``, each
    given one round (``limits``: the deadline and a round's seconds), while the race stays
    within ``RACE_SHARE`` of the time left (the first always runs) and up to ``RACE`` of
    them; the cheapest goes on, its patience counted from the race's start. Also how many
    began. None when the weeks break a rule the builder checks.

    Why: a search's cost after its first round ranks it well among searches from the same
    weeks. From the demo's converged weeks, 20-s searches with seeds 0-23 (each start and
    its first round took ~2.4 s) ended at 6,977 on average; taking the cheaper of each pair
    after that round, as it went on, would have ended at 6,881 on average, the cheapest of
    each four at 6,835. Restarts (``Patience``) come too late for that in short plans (none
    in a 30-s demo plan), which so had one start from the weeks per process. Whole plans
    against 3ee733b, run one after the other (validator costs, new / before): demo at 30 s,
    seeds 10-40, 6,630 / 6,420 / 6,555 / 6,930 against 6,705 / 6,855 / 6,690 / 7,020
    (seeds 0-3, with ``race_seeds``, 6,270 / 6,585 / 6,660 / 6,450 against 7,440 / 6,615 /
    7,050 / 6,840); gen-200 at 30 s, seeds 0-3, 10,650 / 12,720 / 15,810 / 9,450 against
    11,430 / 12,900 / 15,825 / 9,600; at 10 s (the demo) and at 60 s (the demo, gen-200,
    gen-1000) within the spread."""
    deadline, round_seconds = limits
    started = time.monotonic()
    budget = RACE_SHARE * (deadline - started)
    entrants: list[Oscillation] = []
    while len(entrants) < RACE:
        began = time.monotonic()
        entrant = begin(builder, weeks, next(seeds), history, deadline, hold_hours)
        if entrant is None:
            break
        entrant.round(deadline, round_seconds)
        entrants.append(entrant)
        took = time.monotonic() - began
        if time.monotonic() + took - started > budget:
            break
    if not entrants:
        return None
    rounds = min(entrants, key=lambda e: e.best)
    return rounds, Patience(rounds.best, started), len(entrants)
