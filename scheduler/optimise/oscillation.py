"""Strategic oscillation: once the search stalls, a round with the shortfall priced low
(and, first, where the caller allows it, a trim of the spare shifts: ``trim``).

Why: late acceptance and best response stall on rosters that only a chain of moves over
several agents improves, and each chain passes through under-staffing that a shortfall
priced ten times the over-staffing makes them refuse (``benchmarks/README.md``: 24 agents
end at the same roster after 10 s and 30 s). A round with the shortfall at ``SOFT_SHARE`` of
its price lets agents give up cover where it costs them hours; the rounds after it, at the
true prices, fill the gaps again in another arrangement. The best roster at the true prices
is kept throughout and is what the search ends with.

Measured before it landed (single search from a stalled roster, 30 s of rounds, the same
seed; probe script not kept): generated one queue, 24 agents 2,700 -> 2,700 plain against
2,325 oscillating; 48 agents 3,810 -> 3,810 against 3,330; gen-200-like (200 agents, two
queues, greedy start) 18,137 -> 17,912 against 14,656; the demo 8,985 -> 8,415 either way.
A share of 0.1 found nothing on 24 agents; 0.5 less than 0.3 on 48 and 200 agents (3,705 /
16,442), 0.7 nothing on 200. From the pattern LP's weeks (20 s of rounds) it helps the small
instances (24 agents 2,250 against 2,505 plain, 48 agents 3,105 against 3,225) and not
gen-200 (13,380 against 13,350) or the demo (7,005 either way), whose rosters from there are
already better: whole plans at the benchmark limits (seeds 0-3) gain 0.75 % on average
(demo at 10 s, where the LP's weeks come late, up to 4 %; gen-1000 at 60 s 0.3-3 %; one
gen-2000 run 1 % worse, within its spread), and one-queue plans of 48 and 100 agents at
30 s 0.6-8.6 % (seeds 0-1). Small instances do not oscillate: there the
stalled search hands over to the full model (``solve.STALL_ROUNDS``), and oscillating
first was worse at 60 s (12 agents 1,695 against 1,575, 16 agents 2,115 against 2,010).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from scheduler.optimise.rounds import Search, search_round
from scheduler.optimise.trim import trim

SOFT_SHARE = 0.3  # the shortfall's price during a soft round, as a share of its own
STALLED_ROUNDS = 2  # rounds in a row without a cheaper roster before a soft round
TRIM_MIN_SECONDS = 8.0  # a trim (``trim``) needs this much time left to pay
# Stalls trimmed from each start before soft rounds take over. 2 against 1, whole plans
# (gen-200 60 s seeds 0-3, gen-1000 120 s seeds 0-1): 10,860 / 12,405 / 15,300 / 9,510
# against 10,905 / 12,765 / 15,615 / 9,270, and 78,030 / 73,169 against 80,484 / 73,271.
TRIMS = 2


class Oscillation:
    """One search's rounds: plain ones, and a soft one once it has stalled; its best roster
    at the true prices is kept (``finish`` puts it back)."""

    def __init__(
        self, search: Search, soft: bool = True, trims: bool = False, seed: int = 0
    ) -> None:
        """Without ``soft`` the rounds are all plain ones. With ``trims`` the first ``TRIMS``
        stalls (with ``TRIM_MIN_SECONDS`` left) trim the best roster (``trim``, its sweeps
        seeded with ``seed``) instead of a soft round."""
        self.search = search
        self.soft = soft
        self.trims, self.seed = TRIMS if trims else 0, seed
        self.best = search[0].total()
        self._saved = search[0].b.save()
        self._last = self.best
        self.stalled = 0
        self.soft_rounds = 0

    def round(
        self,
        deadline: float,
        round_seconds: float,
        moves: int | None = None,
        interrupt: Callable[[], bool] | None = None,
    ) -> float:
        """One round (``rounds.search_round``), soft when the last ``STALLED_ROUNDS`` found
        no cheaper roster than the one before them. Returns the best cost so far."""
        acceptance = self.search[0]
        if self.stalled >= STALLED_ROUNDS and self._trim(deadline):
            self.stalled = 0
            cost = acceptance.total()
        elif self.soft and self.stalled >= STALLED_ROUNDS:
            self._soft(deadline, round_seconds, moves, interrupt)
            self.stalled, self.soft_rounds = 0, self.soft_rounds + 1
            cost = acceptance.total()
        else:
            search_round(self.search, deadline, round_seconds, moves, interrupt)
            cost = acceptance.total()
            self.stalled = self.stalled + 1 if cost >= self._last - 1e-6 else 0
        self._last = cost
        if cost < self.best - 1e-6:
            self.best, self._saved = cost, acceptance.b.save()
        return self.best

    def finish(self) -> float:
        """Put the best roster back if the search has moved off it; its cost."""
        acceptance = self.search[0]
        if acceptance.total() > self.best + 1e-6:
            acceptance.b.restore(self._saved)
        return acceptance.total()

    def _trim(self, deadline: float) -> bool:
        """The best roster back, trimmed of its spare shifts, when trims are left and time
        enough; whether it was."""
        if self.trims <= 0 or deadline - time.monotonic() < TRIM_MIN_SECONDS:
            return False
        self.trims -= 1
        self.finish()
        return trim(self.search, self.seed, deadline) > 0

    def _soft(
        self,
        deadline: float,
        round_seconds: float,
        moves: int | None,
        interrupt: Callable[[], bool] | None,
    ) -> None:
        acceptance = self.search[0]
        builder = acceptance.b
        true_price = builder.under_price
        builder.price_shortfall(true_price * SOFT_SHARE)
        acceptance.reprice()
        try:
            search_round(self.search, deadline, round_seconds, moves, interrupt)
        finally:
            builder.price_shortfall(true_price)
            acceptance.reprice()
