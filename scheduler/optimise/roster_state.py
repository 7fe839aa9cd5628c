"""The roster under construction: shifts, break counts and the demand they leave uncovered.

Every search stage (greedy construction, local search, CP-SAT neighbourhoods) edits this one
state through ``place`` and ``unplace``, which keep the residual demand, the weekly paid
minutes and the break counts of each group of identical shifts consistent, so the cost of any
change is exact and cheap to evaluate. ``save``/``restore`` undo a rejected trial exactly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Agent, Instance
from scheduler.optimise.break_layout import BreakLayout, assign_breaks, break_layout
from scheduler.optimise.options import OptionCatalogue

Assignment = dict[str, dict[int, tuple[str, int]]]
BreakCounts = dict[tuple[int, str, int], list[dict[int, int]]]


@dataclass
class AgentState:
    agent: Agent
    shifts: dict[int, tuple[str, int]] = field(default_factory=dict)
    paid: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # per week


@dataclass
class RosterSnapshot:
    assignment: Assignment
    break_counts: BreakCounts


class RosterBuilder:
    """The roster under construction and the residual demand it leaves (see the module)."""

    def __init__(self, catalogue: OptionCatalogue, agents: list[Agent]) -> None:
        self.catalogue = catalogue
        self.instance: Instance = catalogue.instance
        self.step = self.instance.horizon.time_step_minutes
        self.queues = list(self.instance.queue_ids)
        self.residual, self.under_price = self._demand()
        self.over_price = self.instance.costs.over_per_minute * self.step
        self.states = {a.id: AgentState(a) for a in agents}
        self.layouts: dict[int, BreakLayout] = {}
        self.breaks: BreakCounts = {}
        self._domains: dict[tuple[str, int], frozenset[int]] = {}
        opts = catalogue.options
        self.starts = np.array([o.start // self.step for o in opts])
        self.ends = np.array([o.end // self.step for o in opts])
        self.paid = np.array([o.paid for o in opts], dtype=float)

    def _demand(self) -> tuple[np.ndarray, np.ndarray]:
        """Residual agents wanted per (day, queue, slot), and the price of a slot's shortfall."""
        horizon = self.instance.horizon
        per_interval = horizon.interval_minutes // self.step
        shape = (horizon.days, len(self.queues), horizon.steps_per_day)
        residual, price = np.zeros(shape), np.zeros(shape)
        default = self.instance.costs.under_per_minute
        for k, q in enumerate(self.queues):
            need = np.array(self.instance.demand.required[q], dtype=float)
            weights = np.array(self.instance.demand.under_weight.get(q, [-1] * need.size))
            weights = np.where(weights >= 0, weights, default)
            residual[:, k, :] = np.repeat(need, per_interval).reshape(horizon.days, -1)
            price[:, k, :] = np.repeat(weights, per_interval).reshape(horizon.days, -1)
        return residual, price * self.step

    # -- gains ---------------------------------------------------------------------------------

    def slot_gain(self, day: int, k: int) -> np.ndarray:
        """Cost saved by one more agent on the phone in each slot of the day."""
        r = self.residual[day, k]
        return np.where(r > 0.5, self.under_price[day, k], -self.over_price)

    def option_gains(self, day: int, k: int) -> np.ndarray:
        cumulative = np.concatenate(([0.0], np.cumsum(self.slot_gain(day, k))))
        return cumulative[self.ends] - cumulative[self.starts]

    # -- eligibility ---------------------------------------------------------------------------

    def eligible(self, state: AgentState, day: int, q: str, o: int) -> bool:
        agent, instance = state.agent, self.instance
        if day in state.shifts or q not in agent.queues:
            return False
        if o not in self.domain(agent, day):
            return False
        option = self.catalogue.options[o]
        week = day // 7
        if state.paid[week] + option.paid > instance.weekly_max_minutes(agent):
            return False
        worked = sum(1 for d in instance.horizon.week_days(week) if d in state.shifts)
        if worked + 1 > instance.weekly_max_days(agent, week):
            return False
        return self._rest_ok(state, day, option.start, option.end) and self._run_ok(state, day)

    def domain(self, agent: Agent, day: int) -> frozenset[int]:
        key = (agent.id, day)
        cached = self._domains.get(key)
        if cached is None:
            cached = self._domains[key] = frozenset(self.catalogue.domain(agent, day))
        return cached

    def _rest_ok(self, state: AgentState, day: int, start: int, end: int) -> bool:
        rest = self.instance.rules.min_rest_minutes
        options = self.catalogue.options
        before = state.shifts.get(day - 1)
        if before and start + DAY_MINUTES - options[before[1]].end < rest:
            return False
        prior = state.agent.prior_shift_end_minute
        if day == 0 and prior is not None and start - prior < rest:
            return False
        after = state.shifts.get(day + 1)
        return not (after and options[after[1]].start + DAY_MINUTES - end < rest)

    def _run_ok(self, state: AgentState, day: int) -> bool:
        """Working ``day`` must not make a run longer than the limit (prior days count)."""
        limit = self.instance.rules.max_consecutive_days
        run = 1
        d = day - 1
        while d >= 0 and d in state.shifts:
            run, d = run + 1, d - 1
        if d < 0:
            run += state.agent.prior_consecutive_days
        d = day + 1
        while d in state.shifts:
            run, d = run + 1, d + 1
        return run <= limit

    # -- placing -------------------------------------------------------------------------------

    def place(
        self, state: AgentState, day: int, k: int, o: int, offsets: list[int] | None = None
    ) -> None:
        """Add a shift; its breaks go at ``offsets`` or, by default, where they harm least."""
        option = self.catalogue.options[o]
        q = self.queues[k]
        state.shifts[day] = (q, o)
        state.paid[day // 7] += option.paid
        self.residual[day, k, option.start // self.step : option.end // self.step] -= 1
        layout = self.layouts.setdefault(option.length, break_layout(self.instance, option.length))
        counts = self.breaks.setdefault((day, q, o), [defaultdict(int) for _ in layout.slots])
        earliest = 0
        for slot in layout.slots:
            if offsets is not None:
                best = offsets[slot.index]
            else:
                allowed = [p for p in slot.offsets if p >= earliest]
                best = min(allowed, key=lambda p: self._break_harm(day, k, option.start + p, slot))
            counts[slot.index][best] += 1
            first = (option.start + best) // self.step
            self.residual[day, k, first : first + slot.spec.minutes // self.step] += 1
            earliest = best + slot.spec.minutes + layout.min_gap

    def save(self) -> tuple:
        """Everything ``restore`` needs to undo a trial exactly (breaks included)."""
        shifts = {aid: (dict(s.shifts), dict(s.paid)) for aid, s in self.states.items()}
        breaks = {key: [dict(c) for c in per] for key, per in self.breaks.items()}
        return self.residual.copy(), breaks, shifts

    def restore(self, saved: tuple) -> None:
        residual, breaks, shifts = saved
        self.residual = residual.copy()
        self.breaks = {key: [defaultdict(int, c) for c in per] for key, per in breaks.items()}
        for aid, (days, paid) in shifts.items():
            self.states[aid].shifts = dict(days)
            self.states[aid].paid = defaultdict(int, paid)

    def unplace(self, state: AgentState, day: int) -> None:
        """Take back a shift: its coverage, and the latest break units of its group."""
        q, o = state.shifts.pop(day)
        option = self.catalogue.options[o]
        k = self.queues.index(q)
        state.paid[day // 7] -= option.paid
        self.residual[day, k, option.start // self.step : option.end // self.step] += 1
        layout = self.layouts[option.length]
        counts = self.breaks[(day, q, o)]
        for slot in layout.slots:
            offset = max(p for p, n in counts[slot.index].items() if n > 0)
            counts[slot.index][offset] -= 1
            self._shift_break(day, k, option.start + offset, slot, -1)

    def _break_harm(self, day: int, k: int, start: int, slot) -> tuple[float, float]:
        """Cost of taking one agent off the phone there; ties go to the least short slot."""
        first = start // self.step
        cells = self.residual[day, k, first : first + slot.spec.minutes // self.step]
        prices = self.under_price[day, k, first : first + cells.size]
        return float(np.where(cells >= -0.5, prices, -self.over_price).sum()), float(cells.sum())

    def rebalance_breaks(self, passes: int = 3) -> None:
        """Move single breaks to better offsets now that every shift is known."""
        for _ in range(passes):
            moved = 0
            for (day, q, o), counts in self.breaks.items():
                layout = self.layouts[self.catalogue.options[o].length]
                for slot in layout.slots:
                    moved += self._rebalance_slot(day, q, o, counts, layout, slot)
            if not moved:
                return

    def _rebalance_slot(self, day, q, o, counts, layout: BreakLayout, slot) -> int:
        k, start = self.queues.index(q), self.catalogue.options[o].start
        per_offset = counts[slot.index]
        moved = 0
        for offset in [p for p, n in sorted(per_offset.items()) for _ in range(n)]:
            self._shift_break(day, k, start + offset, slot, -1)
            per_offset[offset] -= 1
            ranked = sorted(slot.offsets, key=lambda p: self._break_harm(day, k, start + p, slot))
            for candidate in ranked:
                per_offset[candidate] += 1
                if _chain_ok(layout, counts):
                    break
                per_offset[candidate] -= 1
            else:
                candidate = offset
                per_offset[offset] += 1
            self._shift_break(day, k, start + candidate, slot, +1)
            moved += candidate != offset
        return moved

    def _shift_break(self, day: int, k: int, start: int, slot, sign: int) -> None:
        first = start // self.step
        self.residual[day, k, first : first + slot.spec.minutes // self.step] += sign


def snapshot(builder: RosterBuilder) -> RosterSnapshot:
    assignment = {aid: dict(s.shifts) for aid, s in builder.states.items()}
    counts = {
        key: [{p: n for p, n in c.items() if n} for c in per]
        for key, per in builder.breaks.items()
        if any(sum(c.values()) for c in per)
    }
    return RosterSnapshot(assignment, counts)


def _chain_ok(layout: BreakLayout, counts: list[dict[int, int]]) -> bool:
    """The sorted-pairing condition of ``break_layout`` for every pair of consecutive breaks."""
    for k in range(len(layout.slots) - 1):
        delta = layout.delta(k)
        first, second = counts[k], counts[k + 1]
        for t in layout.slots[k].offsets:
            before_next = sum(n for p, n in second.items() if p < t + delta)
            if before_next > sum(n for p, n in first.items() if p < t):
                return False
    return True


def own_breaks(builder: RosterBuilder, breaks: dict, before: dict) -> dict:
    """The group's break placements before the move, so the hint reproduces the roster.

    ``unplace`` takes each removed shift's breaks from the top of its group's offsets, which is
    the last tuples of the sorted pairing: those are the free agents' breaks.
    """
    taken: dict[tuple[int, str, int], int] = {}
    for shifts in before.values():
        for day, (q, o) in shifts.items():
            taken[(day, q, o)] = taken.get((day, q, o), 0) + 1
    own = {}
    for key, m in taken.items():
        counts = breaks.get(key)
        if not counts:
            continue
        layout = break_layout(builder.instance, builder.catalogue.options[key[2]].length)
        size = sum(counts[0].values())
        tuples = assign_breaks(layout, [{p: n for p, n in c.items() if n} for c in counts], size)
        mine = tuples[size - m :]
        own[key] = [
            {p: sum(1 for t in mine if t[k] == p) for p in {t[k] for t in mine}}
            for k in range(len(layout.slots))
        ]
    return own
