"""Best response: one agent's whole horizon re-planned exactly against everyone else's roster.

With the other agents fixed, one more agent on the phone in a slot is worth exactly the
slot's under price while it is short, and costs the over price once it is not; a day's shift
is therefore worth its slots' gains less what its breaks take (each break where it harms
least). Days only interact through the agent's own rules (hours, days, rest, runs), which is
what the week-pattern DP of ``patterns.pricing`` solves exactly, so the agent's best week
comes out in about a millisecond. Late acceptance only ever changes one or two days at a
time; this moves a whole week at once (trading hours between days, a different day off).

The DP leaves out weekly rest and late-shift counts and prices breaks without their order,
so every pattern is placed through the builder's own eligibility test and kept only when the
exact cost is lower.

Where the compiled moves run (``kernel.arrays.supported``), the sweeps run compiled too
(``kernel.respond``: the same responses on the array roster; gen-1000, a sweep 0.17 s against
0.5 s here with the compiled DP and 1.2 s with the numpy one).

In a re-plan the agent's frozen days (the past, shifts under way) are forced into the DP as
they are, so they still bind the week through the rules, and every free day's choices carry
what changing the published roster costs (``RosterBuilder.change_prices``), so a whole week
is re-planned at the re-plan's own prices.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from scheduler.optimise.break_windows import BreakWindows
from scheduler.optimise.kernel import arrays as kernel_arrays
from scheduler.optimise.kernel import compiled as kernel_compiled
from scheduler.optimise.kernel import respond as kernel_respond
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.patterns.pricing import AgentRules, OptionGrid, Pattern, best_pattern
from scheduler.optimise.roster_state import AgentState

NEG = -np.inf
SWEEP_CHUNK = 128  # compiled responses between deadline checks (gen-1000: ~10 ms)
# A frozen day's shift is worth more than any week could gain without it, so the DP keeps it.
FORCED = 1e9


class BestResponse:
    """Best responses on the search's roster, priced by the search's own exact costs (so a
    re-plan's change prices count too)."""

    def __init__(self, search: LateAcceptance, seed: int) -> None:
        self.b = builder = search.b
        self.search = search
        self.rng = random.Random(seed)
        self.grid = OptionGrid.of(builder)
        self.rules: dict[str, AgentRules] = {}
        self.options = builder.catalogue.options
        self._windows = BreakWindows.of(builder.instance, self.options, builder.step)
        self.sweep_seconds = 0.0
        self._responder: kernel_respond.Responder | None = None
        self._look_again = 0.0  # while the compiled sweep is not ready: when to look again
        self._kernel_ready = False
        self.sweeps = {"compiled": 0, "python": 0}
        # No agent's week may pay more than it does now (or its minimum): a start rounded
        # from the LP fills its gaps by moving hours rather than adding them (``rounds``).
        self.hold_hours = False

    def sweep(self, deadline: float) -> int:
        """Every agent once, in random order: improved agents. How long it took is kept in
        ``sweep_seconds`` (the search's rounds are sized by it)."""
        started = time.monotonic()
        states = list(self.b.states.values())
        self.rng.shuffle(states)
        improved = self._sweep_compiled(states, deadline)
        self.sweeps["python" if improved is None else "compiled"] += 1
        if improved is None:
            improved = 0
            for state in states:
                if time.monotonic() >= deadline:
                    break
                improved += self.respond(state)
        self.sweep_seconds = time.monotonic() - started
        return improved

    def _sweep_compiled(self, states: list[AgentState], deadline: float) -> int | None:
        """The sweep by the compiled responses (``kernel.respond``: the same responses), in
        chunks between deadline checks; None (nothing done) where they do not apply or are
        not in numba's cache yet (late acceptance asks for the background compile)."""
        if not self.search.compiled or self.hold_hours or self.b.frozen or not states:
            return None
        if not self._kernel_ready and time.monotonic() < self._look_again:
            return None
        problem = self.search.problem()
        state = kernel_arrays.pack_state(self.b, problem)
        if state is None:
            return None
        if self._responder is None:
            self._responder = kernel_respond.pack_responder(self.b)
        journal = kernel_respond.sweep_journal(problem, state)
        index = {aid: a for a, aid in enumerate(self.b.states)}
        order = np.array([index[s.agent.id] for s in states], dtype=np.int64)
        args = (problem, state, self._responder, journal)
        if not self._kernel_ready:
            self._kernel_ready = kernel_compiled.ready(((kernel_respond.sweep, (*args, order)),))
            self._look_again = time.monotonic() + 1.0
            if not self._kernel_ready:
                return None
        improved = 0
        for first in range(0, len(order), SWEEP_CHUNK):
            if time.monotonic() >= deadline:
                break
            improved += kernel_respond.sweep(*args, order[first : first + SWEEP_CHUNK])
        kernel_arrays.unpack_state(self.b, problem, state)
        return improved

    def settle(self, deadline: float, stop: Callable[[], bool] | None = None) -> None:
        """Sweeps until none improves an agent (a fixed point), ``deadline`` or ``stop``."""
        while self.sweep(deadline) and time.monotonic() < deadline:
            if stop is not None and stop():
                return

    def respond(self, state: AgentState) -> bool:
        """Re-plan the agent's days that are not frozen; True when that is now cheaper (else
        nothing changes). Frozen days (a re-plan's past, shifts under way) stay as they are
        and still bind the week through the agent's rules."""
        aid = state.agent.id
        days = range(self.b.instance.horizon.days)
        frozen = {d for d in days if (aid, d) in self.b.frozen}
        if len(frozen) == len(days):
            return False
        skills = [self.b.queues.index(q) for q in state.agent.queues]
        rows = {(d, k) for d in days for k in skills}
        touched = [(aid, d) for d in days]
        before = self.search.local_cost(rows, touched)
        paid = dict(state.paid)
        original = {
            d: (q, o, self.b.unplace(state, d))
            for d, (q, o) in list(state.shifts.items())
            if d not in frozen
        }
        pattern = self._best_week(state, frozen, paid if self.hold_hours else None)
        placed = None
        if pattern is not None and self._unchanged(pattern, frozen, original):
            pattern = None  # the week it has (most agents, near a fixed point): put it back
        if pattern is not None and self._keeps(state, pattern, frozen):
            placed = self._place(state, pattern, frozen, original)
        if placed is not None:
            if self.search.local_cost(rows, touched) < before - 1e-6:
                return True
            self._take_back(state, placed)
        for d, (q, o, offsets) in sorted(original.items()):
            self.b.place(state, d, self.b.queues.index(q), o, offsets)
        return False

    def _best_week(
        self, state: AgentState, frozen: set[int], held: dict[int, int] | None = None
    ) -> Pattern | None:
        """The DP's best week: free days valued by what they save less what changing them
        from the published roster costs, frozen days forced to what they hold; with
        ``held`` (paid minutes per week), paying no more than that or the minimum."""
        rules = self.rules.get(state.agent.id)
        if rules is None:
            rules = self.rules[state.agent.id] = AgentRules.of(self.b, self.grid, state.agent)
        if held is not None:
            unit = self.grid.unit
            caps = tuple(
                min(cap, max(-(-held.get(w, 0) // unit), -(-least // unit)))
                for w, (cap, least) in enumerate(zip(rules.caps, rules.minimums, strict=True))
            )
            rules = replace(rules, caps=caps)
        skills = np.array(sorted(self.b.queues.index(q) for q in state.agent.queues))
        days = self.b.instance.horizon.days
        worth = self._week_values(skills)
        domains = rules.domains.copy()
        for d in range(days):
            if d in frozen:
                worth[d], domains[d] = self._forced(state, d, skills)
            else:
                worth[d] -= self._change_prices(state, d, skills)
        if frozen:
            rules = replace(rules, domains=domains)
        best = worth.argmax(axis=1)
        priced = best_pattern(self.grid, rules, worth.max(axis=1), skills[best])
        return priced.pattern if priced is not None else None

    def _forced(
        self, state: AgentState, day: int, skills: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Values and domain that leave the DP one choice on a frozen day: its pinned shift
        (worth more than any week without it) or, on a frozen day off, none."""
        values = np.full((len(skills), len(self.options)), NEG)
        domain = np.zeros(len(self.options), dtype=bool)
        held = state.shifts.get(day)
        if held is not None:
            q, o = held
            values[list(skills).index(self.b.queues.index(q)), o] = FORCED
            domain[o] = True
        return values, domain

    def _change_prices(self, state: AgentState, day: int, skills: np.ndarray) -> np.ndarray:
        """What each choice of the day costs in changes to the published roster, relative to
        the day off (the DP's day off is worth nothing)."""
        prices = self.b.change_prices(state.agent.id, day)
        if prices is None:
            return np.zeros((len(skills), len(self.options)))
        per_choice, off = prices
        return per_choice[skills] - off

    def _unchanged(self, pattern: Pattern, frozen: set[int], original: dict) -> bool:
        """The pattern's free days are the agent's own (same queue and option each)."""
        free = {d: choice for d, choice in pattern.items() if d not in frozen}
        return free.keys() == original.keys() and all(
            (self.b.queues[k], o) == original[d][:2] for d, (k, o) in free.items()
        )

    def _keeps(self, state: AgentState, pattern: Pattern, frozen: set[int]) -> bool:
        """The pattern holds every frozen day as it is (else the DP found no week with them)."""
        for day in frozen:
            held = state.shifts.get(day)
            chosen = pattern.get(day)
            if held is None and chosen is not None:
                return False
            if held is not None and (chosen is None or chosen[1] != held[1]):
                return False
        return True

    def _week_values(self, skills: np.ndarray) -> np.ndarray:
        """What one more agent on each (day, queue, option) would save, breaks taken where
        they harm least (each break on its own: order is checked when placing). All days
        at once: per day, the numpy calls were a quarter of a 1,000-agent sweep."""
        residual = self.b.residual[:, skills, :]
        gains = np.where(residual > 0.5, self.b.under_price[:, skills, :], -self.b.over_price)
        days, queues, slots = gains.shape
        cumulative = np.zeros((days, queues, slots + 1))
        np.cumsum(gains, axis=2, out=cumulative[:, :, 1:])
        values = cumulative[:, :, self.b.ends] - cumulative[:, :, self.b.starts]
        return values - self._windows.loss(cumulative)

    def _place(
        self, state: AgentState, pattern: Pattern, frozen: set[int], original: dict
    ) -> dict[int, list[int]] | None:
        """Place the free days day by day through the builder's eligibility test (a day kept
        as it was gets its own breaks back): the break offsets used per day, or None (nothing
        left placed) on a refusal."""
        placed: dict[int, list[int]] = {}
        for day, (k, o) in sorted(pattern.items()):
            if day in frozen:
                continue
            if not self.b.eligible(state, day, self.b.queues[k], o):
                self._take_back(state, placed)
                return None
            was = original.get(day)
            same = was is not None and (was[0], was[1]) == (self.b.queues[k], o)
            placed[day] = self.b.place(state, day, k, o, was[2] if same else None)
        return placed

    def _take_back(self, state: AgentState, placed: dict[int, list[int]]) -> None:
        """Unplace exactly the break units placed (a group's others keep theirs)."""
        for day, offsets in placed.items():
            self.b.unplace(state, day, offsets)
