"""Local search on the constructive roster: re-time shifts, move days, re-place breaks.

Every move is evaluated exactly on the residual demand of the rows it touches (one day and
queue), so thousands of moves a second are possible where a CP-SAT round would try a handful.
Moves keep every per-agent rule (the builder's eligibility test) and are accepted only when
they lower the cost, so the roster stays feasible and only gets better.
"""

from __future__ import annotations

import random
import time

import numpy as np

from scheduler.optimise.roster_state import AgentState, RosterBuilder

TOP = 6  # options tried exactly per queue, ranked first by their prefix-sum gain


class LocalSearch:
    def __init__(self, builder: RosterBuilder, seed: int) -> None:
        self.b = builder
        self.rng = random.Random(seed)
        self.request_cost = builder.request_cost

    def row_cost(self, day: int, k: int) -> float:
        r = self.b.residual[day, k]
        under = np.clip(r, 0, None) @ self.b.under_price[day, k]
        return float(under + np.clip(-r, 0, None).sum() * self.b.over_price)

    def total(self) -> float:
        horizon = self.b.instance.horizon
        rows = sum(
            self.row_cost(d, k) for d in range(horizon.days) for k in range(len(self.b.queues))
        )
        worked = sum(
            self.request_cost.get((aid, d), 0) for aid, s in self.b.states.items() for d in s.shifts
        )
        soft = sum(self.b.soft_cost(s) for s in self.b.states.values())
        return rows + worked + self.b.fairness_cost() + soft

    def run(self, deadline: float) -> float:
        """Sweep until a sweep finds nothing or the monotonic clock passes ``deadline``."""
        states = list(self.b.states.values())
        while time.monotonic() < deadline:
            self.rng.shuffle(states)
            improved = 0
            for state in states:
                if time.monotonic() >= deadline:
                    break
                for day in list(state.shifts):
                    improved += self.retime(state, day)
                improved += self.move_day(state)
            self.b.rebalance_breaks(passes=1)
            if not improved:
                break
        return self.total()

    def _skill_rows(self, state: AgentState) -> list[int]:
        return [self.b.queues.index(q) for q in state.agent.queues]

    def _cost(self, state: AgentState, days: list[int]) -> float:
        rows = sum(self.row_cost(d, k) for d in days for k in self._skill_rows(state))
        rows += self.b.fairness_cost() + self.b.soft_cost(state)
        return rows + sum(self.request_cost.get((state.agent.id, d), 0) for d in state.shifts)

    def _candidates(self, state: AgentState, day: int) -> list[tuple[int, int]]:
        """(queue row, option) pairs worth an exact try on ``day``: the best by prefix sums."""
        picks = []
        for k in self._skill_rows(state):
            gains = self.b.option_gains(day, k)
            domain = self.b.domain(state.agent, day)
            ranked = sorted(domain, key=lambda o: -gains[o])
            q = self.b.queues[k]
            picks += [(k, o) for o in ranked if self.b.eligible(state, day, q, o)][:TOP]
        return picks

    def retime(self, state: AgentState, day: int) -> int:
        """Give the agent's shift on ``day`` a better start, length or queue."""
        original = state.shifts[day]
        before = self._cost(state, [day])
        self.b.unplace(state, day)
        best, best_cost = None, before - 1e-6
        for k, o in self._candidates(state, day):
            self.b.place(state, day, k, o)
            cost = self._cost(state, [day])
            self.b.unplace(state, day)
            if cost < best_cost:
                best, best_cost = (k, o), cost
        if not self._minimum_kept(state, day, best):
            best = None
        k, o = best or (self.b.queues.index(original[0]), original[1])
        self.b.place(state, day, k, o)
        return int(best is not None and (self.b.queues[k], o) != original)

    def _minimum_kept(self, state: AgentState, day: int, choice: tuple[int, int] | None) -> bool:
        if choice is None:
            return True
        week = day // 7
        paid = state.paid[week] + self.b.catalogue.options[choice[1]].paid
        return paid >= self.b.weekly_min(state.agent, week)

    def move_day(self, state: AgentState) -> int:
        """Move one shift to a day off where it does more good (or costs no request)."""
        if not state.shifts:
            return 0
        day = self.rng.choice(list(state.shifts))
        original = state.shifts[day]
        free = [d for d in self.b.instance.horizon.week_days(day // 7) if d not in state.shifts]
        if not free:
            return 0
        target = self.rng.choice(free)
        before = self._cost(state, [day, target])
        self.b.unplace(state, day)
        best, best_cost = None, before - 1e-6
        for k, o in self._candidates(state, target):
            self.b.place(state, target, k, o)
            cost = self._cost(state, [day, target])
            self.b.unplace(state, target)
            if cost < best_cost and self._minimum_kept(state, target, (k, o)):
                best, best_cost = (k, o), cost
        if best is None:
            self.b.place(state, day, self.b.queues.index(original[0]), original[1])
            return 0
        self.b.place(state, target, *best)
        return 1
