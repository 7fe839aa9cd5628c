"""Column generation: the master LP and pricing per class of alike agents, alternated until
no pattern helps.

After each round in which every class was priced, the Lagrangian bound at the LP's duals
(``Master.lagrangian``: every row but the classes' relaxed, each agent's cheapest pattern
from pricing) is a lower bound on every roster's cost; it equals ``LP + sum of the agents'
negative reduced costs``. When no class has a negative reduced cost the LP itself is that
bound. Pricing covers a superset of the legal patterns (``pricing``), which can only lower
each agent's minimum, so the bound stays valid.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from scheduler.optimise.lp_start import roster_weeks
from scheduler.optimise.patterns.master import Master
from scheduler.optimise.patterns.pricing import (
    AgentRules,
    OptionGrid,
    best_pattern,
    pattern_cost,
)
from scheduler.optimise.roster_state import RosterBuilder

TOLERANCE = 1e-6


def whole(bound: float) -> float:
    """The bound less the LP's numerical tolerance, rounded up: every cost the validator
    counts is a whole number, so a roster costs at least the next integer."""
    if not math.isfinite(bound):
        return bound
    return float(math.ceil(bound - 1e-6 * max(1.0, abs(bound))))


@dataclass
class Generation:
    """Where column generation stopped: its bound, the LP and the patterns it weighs most."""

    bound: float | None = None
    lp: float | None = None
    rounds: int = 0
    columns: int = 0
    converged: bool = False
    history: list[tuple[float, float | None, float | None]] = field(default_factory=list)
    master: Master | None = None


def generate(
    builder: RosterBuilder,
    deadline: float,
    report: Callable[[Generation], None] | None = None,
) -> Generation:
    """Column generation from the builder's current roster (one feasible column per agent)
    until ``deadline`` or convergence."""
    state = _State(builder)
    state.converge(deadline, report)
    return state.result


class _State:
    """The master and every class's pricing data.

    (Diving, fixing agents to their heaviest pattern a tenth at a time with pricing in
    between, was measured and left out: the LP's fractional breaks make its patterns look
    better than they are, and the demo's dived roster cost 20,460 against late acceptance's
    10,500.)"""

    def __init__(self, builder: RosterBuilder) -> None:
        self.started = time.monotonic()
        self.grid = OptionGrid.of(builder)
        queue_index = {q: k for k, q in enumerate(builder.queues)}
        # Agents alike in everything pricing reads share a row and a pricing run (demo: 13
        # classes for 60 agents).
        alike: dict[tuple, list[str]] = {}
        self.rules, self.skills = [], []
        for aid in sorted(builder.states):
            rules = AgentRules.of(builder, self.grid, builder.states[aid].agent, relaxed=True)
            skills = np.array(sorted(queue_index[q] for q in rules.agent.queues))
            key = rules.alike(skills)
            if key not in alike:
                alike[key] = []
                self.rules.append(rules)
                self.skills.append(skills)
            alike[key].append(aid)
        self.classes = list(alike.values())
        self.master = Master(builder, self.classes)
        current = roster_weeks(builder)
        for c, members in enumerate(self.classes):
            for aid in members:
                pattern = current[aid]
                self.master.add(c, pattern, pattern_cost(self.grid, self.rules[c], pattern))
        self.result = Generation(master=self.master)

    def converge(
        self,
        deadline: float,
        report: Callable[[Generation], None] | None = None,
        max_rounds: int | None = None,
    ) -> bool:
        """Rounds until no agent has a better pattern (True), the deadline or ``max_rounds``.

        (Wentges' dual smoothing was measured and left out: at 0.7 it took gen-200 from 24
        rounds and 15.8 s to 34 rounds and 21.5 s, and barely changed the demo.)"""
        result, rounds = self.result, 0
        while time.monotonic() < deadline and (max_rounds is None or rounds < max_rounds):
            lp = self.master.solve()
            if lp is None:
                return False
            result.lp, rounds = lp, rounds + 1
            added, complete = self._round(deadline)
            result.rounds += 1
            result.columns += added
            elapsed = round(time.monotonic() - self.started, 2)
            result.history.append((elapsed, lp, result.bound))
            if report is not None:
                report(result)
            if not added and complete:
                result.converged = True
                result.bound = max(result.bound or whole(lp), whole(lp))
                return True
        return False

    def _round(self, deadline: float) -> tuple[int, bool]:
        """Price every class at the LP's duals and add the patterns of negative reduced
        cost. Returns (columns added, every class priced)."""
        duals = self.master.row_duals()
        values = self.master.shift_values(duals)
        convexity = duals[self.master.convexity]
        added, least = 0, 0.0
        for c, members in enumerate(self.classes):
            if time.monotonic() > deadline:
                return added, False
            mine = values[:, self.skills[c], :]
            best = mine.argmax(axis=1)
            priced = best_pattern(self.grid, self.rules[c], mine.max(axis=1), self.skills[c][best])
            if priced is None:
                continue
            least -= len(members) * priced.profit
            if -priced.profit - convexity[c] < -TOLERANCE:
                added += self.master.add(c, priced.pattern, priced.cost)
        bound = whole(self.master.lagrangian(duals, least))
        if self.result.bound is None or bound > self.result.bound:
            self.result.bound = bound
        return added, True
