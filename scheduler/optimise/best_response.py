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
"""

from __future__ import annotations

import random
import time

import numpy as np

from scheduler.optimise.break_layout import BreakLayout, break_layout
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.patterns.pricing import AgentRules, OptionGrid, Pattern, best_pattern
from scheduler.optimise.roster_state import AgentState

NEG = -np.inf


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
        self._by_length = self._lengths()

    def _lengths(self) -> list[tuple[np.ndarray, np.ndarray, BreakLayout]]:
        """Options grouped by length, with their start slots and their break layout."""
        groups: dict[int, list[int]] = {}
        for option in self.options:
            groups.setdefault(option.length, []).append(option.id)
        step = self.b.step
        return [
            (
                np.array(ids),
                np.array([self.options[o].start for o in ids]) // step,
                break_layout(self.b.instance, length),
            )
            for length, ids in sorted(groups.items())
        ]

    def sweep(self, deadline: float) -> int:
        """Every agent once, in random order: improved agents."""
        states = list(self.b.states.values())
        self.rng.shuffle(states)
        improved = 0
        for state in states:
            if time.monotonic() >= deadline:
                break
            improved += self.respond(state)
        return improved

    def respond(self, state: AgentState) -> bool:
        """Re-plan the agent's horizon; True when it is now cheaper (else nothing changes)."""
        aid = state.agent.id
        days = range(self.b.instance.horizon.days)
        if any((aid, d) in self.b.frozen for d in days):
            return False
        skills = [self.b.queues.index(q) for q in state.agent.queues]
        rows = {(d, k) for d in days for k in skills}
        touched = [(aid, d) for d in days]
        before = self.search.local_cost(rows, touched)
        original = {d: (q, o, self.b.unplace(state, d)) for d, (q, o) in list(state.shifts.items())}
        pattern = self._best_week(state)
        placed = self._place(state, pattern) if pattern is not None else None
        if placed is not None:
            if self.search.local_cost(rows, touched) < before - 1e-6:
                return True
            self._take_back(state, placed)
        for d, (q, o, offsets) in sorted(original.items()):
            self.b.place(state, d, self.b.queues.index(q), o, offsets)
        return False

    def _best_week(self, state: AgentState) -> Pattern | None:
        rules = self.rules.get(state.agent.id)
        if rules is None:
            rules = self.rules[state.agent.id] = AgentRules.of(self.b, self.grid, state.agent)
        skills = np.array(sorted(self.b.queues.index(q) for q in state.agent.queues))
        days = self.b.instance.horizon.days
        worth = np.stack([self._day_values(d, skills) for d in range(days)])  # (days, K, O)
        best = worth.argmax(axis=1)
        priced = best_pattern(self.grid, rules, worth.max(axis=1), skills[best])
        return priced.pattern if priced is not None else None

    def _day_values(self, day: int, skills: np.ndarray) -> np.ndarray:
        """What one more agent on each (queue, option) of the day would save, breaks taken
        where they harm least (each break on its own: order is checked when placing)."""
        values = np.full((len(skills), len(self.options)), NEG)
        for row, k in enumerate(skills):
            gain = self.b.slot_gain(day, k)
            cumulative = np.concatenate(([0.0], np.cumsum(gain)))
            values[row] = self.b.option_gains(day, k)
            for ids, starts, layout in self._by_length:
                for slot in layout.slots:
                    first = starts[:, None] + np.array(slot.offsets)[None, :] // self.b.step
                    last = first + slot.spec.minutes // self.b.step
                    taken = cumulative[last] - cumulative[first]
                    values[row, ids] -= taken.min(axis=1)
        return values

    def _place(self, state: AgentState, pattern: Pattern) -> dict[int, list[int]] | None:
        """Place the week day by day through the builder's eligibility test: the break
        offsets used per day, or None (nothing left placed) on a refusal."""
        placed: dict[int, list[int]] = {}
        for day, (k, o) in sorted(pattern.items()):
            if not self.b.eligible(state, day, self.b.queues[k], o):
                self._take_back(state, placed)
                return None
            placed[day] = self.b.place(state, day, k, o)
        return placed

    def _take_back(self, state: AgentState, placed: dict[int, list[int]]) -> None:
        """Unplace exactly the break units placed (a group's others keep theirs)."""
        for day, offsets in placed.items():
            self.b.unplace(state, day, offsets)
