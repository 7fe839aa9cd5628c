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
from scheduler.models.labour_law import history_by_block
from scheduler.models.requests import denial_costs
from scheduler.models.unpopular import counts_for_fairness, is_unpopular
from scheduler.optimise.break_layout import BreakLayout, assign_breaks, break_layout
from scheduler.optimise.options import OptionCatalogue

Assignment = dict[str, dict[int, tuple[str, int]]]
# Break placement ranks offsets by harm, then residual: one key, harm x TIE_SCALE + residual,
# exact while residuals stay below it (they are agents per slot).
TIE_SCALE = 1e6
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
        self.residual, self.under_price = self.initial_demand()
        self.over_price = self.instance.costs.over_per_minute * self.step
        # A slot's cost is max(r, 0) x (under + over) - r x over: one product per row.
        self.under_plus_over = self.under_price + self.over_price
        self._cumulative = np.zeros(self.instance.horizon.steps_per_day + 1)
        self.states = {a.id: AgentState(a) for a in agents}
        self.layouts: dict[int, BreakLayout] = {}
        self.breaks: BreakCounts = {}
        self._domains: dict[tuple[str, int], frozenset[int]] = {}
        opts = catalogue.options
        self.starts = np.array([o.start // self.step for o in opts])
        self.ends = np.array([o.end // self.step for o in opts])
        self.paid = np.array([o.paid for o in opts], dtype=float)
        self.start_minutes = np.array([o.start for o in opts])
        self.end_minutes = np.array([o.end for o in opts])
        self._masks: dict[tuple[str, int], np.ndarray] = {}
        self._break_cells: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._caps: dict[tuple[str, int], int] = {}
        self._mins: dict[tuple[str, int], int] = {}
        self.soft_min_price = self.instance.soft_min_price()
        self.soft_run_price = self.instance.soft_run_price()
        # Fairness (only when priced): unpopular shifts per agent, as a histogram of counts so
        # the term, which depends on everyone through the fair share, costs O(days) per move.
        self.fairness_weight = self.instance.costs.fairness_per_shift
        self.unpopular: dict[str, int] = {}
        self.unpopular_histogram: dict[int, int] = defaultdict(int)
        self._recount_unpopular()
        # Re-planning: agent-days no move may touch (the past, shifts under way), and the
        # published choice of the others with the price of changing it (see ``change_cost``).
        self.frozen: set[tuple[str, int]] = set()
        self.published: dict[tuple[str, int], tuple[str, int] | None] = {}
        self.change_day_price = 0.0
        self.change_minute_price = 0.0
        # What working a requested day off costs: the validator's own denial price.
        self.request_cost: dict[tuple[str, int], int] = defaultdict(int)
        for request, cost in zip(self.instance.requests, denial_costs(self.instance), strict=True):
            if cost:
                self.request_cost[(request.agent, request.day)] += cost

    def initial_demand(self) -> tuple[np.ndarray, np.ndarray]:
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

    def price_shortfall(self, price: np.ndarray) -> None:
        """Price a slot's shortfall at ``price`` (per (day, queue, slot)) from now on: the
        search softens it for a round to leave a stalled roster (``oscillation``)."""
        self.under_price = price
        self.under_plus_over = price + self.over_price

    # -- gains ---------------------------------------------------------------------------------

    def slot_gain(self, day: int, k: int) -> np.ndarray:
        """Cost saved by one more agent on the phone in each slot of the day."""
        r = self.residual[day, k]
        return np.where(r > 0.5, self.under_price[day, k], -self.over_price)

    def row_cost(self, day: int, k: int) -> float:
        """Under- and over-staffing of one (day, queue) row at the roster's prices."""
        r = self.residual[day, k]
        positive = np.maximum(r, 0.0)
        return float(positive @ self.under_plus_over[day, k] - r.sum() * self.over_price)

    def option_gains(self, day: int, k: int) -> np.ndarray:
        cumulative = self._cumulative  # [0] stays 0: prefix sums without a concatenation
        np.cumsum(self.slot_gain(day, k), out=cumulative[1:])
        return cumulative[self.ends] - cumulative[self.starts]

    # -- eligibility ---------------------------------------------------------------------------

    def eligible(self, state: AgentState, day: int, q: str, o: int) -> bool:
        agent, instance = state.agent, self.instance
        if day in state.shifts or q not in agent.queues or (agent.id, day) in self.frozen:
            return False
        if o not in self.domain(agent, day):
            return False
        option = self.catalogue.options[o]
        week = day // 7
        if state.paid[week] + option.paid > self.weekly_cap(agent, week):
            return False
        worked = sum(1 for d in instance.horizon.week_days(week) if d in state.shifts)
        if worked + 1 > instance.weekly_max_days(agent, week):
            return False
        return (
            self._rest_ok(state, day, option.start, option.end)
            and self._run_ok(state, day)
            and self.weekly_rest_ok(state, day, option.start, option.end)
        )

    def pin(self, state: AgentState, day: int, q: str, o: int) -> None:
        """Record a frozen shift for the agent's rules (rest, hours, runs) without coverage or
        breaks: a re-plan counts the frozen roster's coverage itself."""
        state.shifts[day] = (q, o)
        state.paid[day // 7] += self.catalogue.options[o].paid
        self.frozen.add((state.agent.id, day))

    def change_cost(self, aid: str, day: int) -> float:
        """Price of the agent-day differing from the published roster: per changed day, plus
        per minute of shift added, removed or moved (0 outside a re-plan)."""
        key = (aid, day)
        if key not in self.published:
            return 0.0
        was, now = self.published[key], self.states[aid].shifts.get(day)
        if was == now:
            return 0.0
        options = self.catalogue.options
        if was is None or now is None:
            minutes = options[(now or was)[1]].length
        else:
            before, after = options[was[1]], options[now[1]]
            minutes = abs(before.start - after.start) + abs(before.end - after.end)
        return self.change_day_price + self.change_minute_price * minutes

    def change_prices(self, aid: str, day: int) -> tuple[np.ndarray, float] | None:
        """What ``change_cost`` charges for each (queue row, option) of the day and for the
        day off, all at once (a best response prices whole weeks); None when the day has no
        published choice, so nothing is charged."""
        key = (aid, day)
        if key not in self.published:
            return None
        was = self.published[key]
        day_price, minute_price = self.change_rates(day)
        lengths = (self.end_minutes - self.start_minutes).astype(float)
        prices = np.empty((len(self.queues), len(lengths)))
        if was is None:
            prices[:] = day_price + minute_price * lengths
            return prices, 0.0
        k0, o0 = self.queues.index(was[0]), was[1]
        for k in range(len(self.queues)):
            prices[k] = day_price + minute_price * self.moved_minutes(o0, k == k0)
        prices[k0, o0] = 0.0
        return prices, day_price + minute_price * lengths[o0]

    def change_rates(self, day: int) -> tuple[float, float]:
        """Price per changed day and per moved minute on ``day``."""
        return self.change_day_price, self.change_minute_price

    def moved_minutes(self, o0: int, same_queue: bool) -> np.ndarray:
        """Minutes ``change_cost`` counts between option ``o0`` and each option."""
        del same_queue  # this builder's price ignores the queue
        starts, ends = self.start_minutes, self.end_minutes
        return np.abs(starts - starts[o0]) + np.abs(ends - ends[o0])

    def fairness_cost(self) -> float:
        """The validator's fairness term: unpopular shifts above the fair share, priced."""
        if not self.fairness_weight or not self.unpopular:
            return 0.0
        total = sum(c * n for c, n in self.unpopular_histogram.items())
        share = -(-total // len(self.unpopular))
        excess = sum((c - share) * n for c, n in self.unpopular_histogram.items() if c > share)
        return float(self.fairness_weight * excess)

    def _recount_unpopular(self) -> None:
        if not self.fairness_weight:
            return
        self.unpopular = {
            aid: sum(
                is_unpopular(self.instance, d, self.catalogue.options[o].end)
                for d, (_, o) in s.shifts.items()
            )
            for aid, s in self.states.items()
            if counts_for_fairness(s.agent)
        }
        self.unpopular_histogram = defaultdict(int)
        for count in self.unpopular.values():
            self.unpopular_histogram[count] += 1

    def _count_unpopular(self, state: AgentState, day: int, o: int, sign: int) -> None:
        aid = state.agent.id
        if not self.fairness_weight or aid not in self.unpopular:
            return
        if not is_unpopular(self.instance, day, self.catalogue.options[o].end):
            return
        self.unpopular_histogram[self.unpopular[aid]] -= 1
        self.unpopular[aid] += sign
        self.unpopular_histogram[self.unpopular[aid]] += 1

    def weekly_min(self, agent: Agent, week: int) -> int:
        """The contract minimum no move may go below: less leave credit, 0 when the instance
        makes it soft (then ``soft_cost`` prices the shortfall). Cached: asked millions of
        times."""
        if self.soft_min_price is not None:
            return 0
        return self.contract_min(agent, week)

    def contract_min(self, agent: Agent, week: int) -> int:
        key = (agent.id, week)
        minimum = self._mins.get(key)
        if minimum is None:
            minimum = self._mins[key] = self.instance.weekly_min_minutes(agent, week)
        return minimum

    def soft_cost(self, state: AgentState) -> float:
        """The price of the agent's soft rules broken: weeks below the contract minimum, days
        past the run limit (0 for rules that are hard)."""
        cost = 0.0
        if self.soft_min_price:
            weeks = range(self.instance.horizon.weeks)
            short = sum(max(0, self.contract_min(state.agent, w) - state.paid[w]) for w in weeks)
            cost += self.soft_min_price * short
        if self.soft_run_price:
            cost += self.soft_run_price * self._days_past_run_limit(state)
        return float(cost)

    def _days_past_run_limit(self, state: AgentState) -> int:
        limit = self.instance.rules.max_consecutive_days
        run, past = state.agent.prior_consecutive_days, 0
        for day in range(self.instance.horizon.days):
            run = run + 1 if day in state.shifts else 0
            past += run > limit
        return past

    def weekly_cap(self, agent: Agent, week: int) -> int:
        """Most paid minutes in the week: the contract and legal caps and, under an averaging
        rule, an equal share of what each reference window leaves after the known history
        (exact for a one-week horizon, safe for longer ones)."""
        key = (agent.id, week)
        cap = self._caps.get(key)
        if cap is None:
            cap = self._caps[key] = min(
                self.instance.weekly_max_minutes(agent), self._average_cap(agent, week)
            )
        return cap

    def _average_cap(self, agent: Agent, week: int) -> int:
        rules, horizon = self.instance.rules, self.instance.horizon
        if rules.average_weekly_minutes is None:
            return self.instance.weekly_max_minutes(agent)
        past = history_by_block(self.instance.worked_history, horizon.start, agent.id)
        caps = []
        for last in range(week, min(week + rules.averaging_weeks, horizon.weeks)):
            blocks = range(last - rules.averaging_weeks + 1, last + 1)
            days = sum(len(horizon.week_days(b)) for b in blocks if b >= 0)
            n_days = days + 7 * sum(1 for b in blocks if b in past)
            known = sum(past.get(b, 0) for b in blocks if b < 0)
            share = sum(1 for b in blocks if b >= 0)
            caps.append((rules.average_weekly_minutes * n_days // 7 - known) // share)
        return max(0, min(caps))

    def weekly_rest_ok(self, state: AgentState, day: int, start: int, end: int) -> bool:
        """Would a shift [start, end) on ``day`` leave every week block its weekly rest?

        Same periods as the validator's ``weekly_rest``: from the prior shift (or the horizon
        start) through each working day to the horizon end."""
        minimum = self.instance.rules.min_weekly_rest_minutes
        if not minimum:
            return True
        options = self.catalogue.options
        windows = {d: (options[o].start, options[o].end) for d, (_, o) in state.shifts.items()}
        windows[day] = (start, end)
        horizon = self.instance.horizon
        prior = state.agent.prior_shift_end_minute
        previous_end, previous_day = (prior, -1) if prior is not None else (0, 0)
        periods = []
        for d in sorted(windows):
            periods.append((previous_day, d, d * DAY_MINUTES + windows[d][0] - previous_end))
            previous_end, previous_day = d * DAY_MINUTES + windows[d][1], d
        periods.append((previous_day, horizon.days - 1, horizon.days * DAY_MINUTES - previous_end))
        for week in range(horizon.weeks):
            block = horizon.week_days(week)
            touching = [m for first, last, m in periods if first <= block[-1] and last >= block[0]]
            if max(touching, default=0) < minimum:
                return False
        return True

    def domain_mask(self, agent: Agent, day: int) -> np.ndarray:
        key = (agent.id, day)
        mask = self._masks.get(key)
        if mask is None:
            mask = np.zeros(len(self.catalogue.options), dtype=bool)
            mask[list(self.domain(agent, day))] = True
            self._masks[key] = mask
        return mask

    def day_open(self, state: AgentState, day: int) -> bool:
        """The checks of ``eligible`` that do not depend on the option: day count and run."""
        week = day // 7
        worked = sum(1 for d in self.instance.horizon.week_days(week) if d in state.shifts)
        if worked + 1 > self.instance.weekly_max_days(state.agent, week):
            return False
        return self._run_ok(state, day)

    def rest_window(self, state: AgentState, day: int) -> tuple[int, int]:
        """Earliest start and latest end on ``day`` that keep the rest to both neighbours."""
        rest = self.instance.rules.min_rest_minutes
        options = self.catalogue.options
        earliest, latest = 0, 2 * DAY_MINUTES
        before = state.shifts.get(day - 1)
        if before:
            earliest = options[before[1]].end + rest - DAY_MINUTES
        prior = state.agent.prior_shift_end_minute
        if day == 0 and prior is not None:
            earliest = max(earliest, prior + rest)
        after = state.shifts.get(day + 1)
        if after:
            latest = options[after[1]].start + DAY_MINUTES - rest
        return earliest, latest

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
        """Working ``day`` must not make a run longer than the limit (prior days count),
        unless the limit is soft (then ``soft_cost`` prices it)."""
        if self.soft_run_price is not None:
            return True
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
    ) -> list[int]:
        """Add a shift; its breaks go at ``offsets`` or, by default, where they harm least.

        Returns the offsets used, so a rejected trial can take exactly them back.
        """
        option = self.catalogue.options[o]
        q = self.queues[k]
        state.shifts[day] = (q, o)
        self._count_unpopular(state, day, o, +1)
        state.paid[day // 7] += option.paid
        self.residual[day, k, option.start // self.step : option.end // self.step] -= 1
        layout = self.layouts.get(option.length)
        if layout is None:
            layout = self.layouts[option.length] = break_layout(self.instance, option.length)
        counts = self.breaks.get((day, q, o))
        if counts is None:
            counts = self.breaks[(day, q, o)] = [defaultdict(int) for _ in layout.slots]
        earliest = 0
        used = []
        for slot in layout.slots:
            if offsets is not None:
                best = offsets[slot.index]
            else:
                best = self._least_harm_offset(day, k, option.start, slot, earliest)
            counts[slot.index][best] += 1
            first = (option.start + best) // self.step
            self.residual[day, k, first : first + slot.spec.minutes // self.step] += 1
            earliest = best + slot.spec.minutes + layout.min_gap
            used.append(best)
        return used

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
        self._recount_unpopular()

    def unplace(self, state: AgentState, day: int, offsets: list[int] | None = None) -> list[int]:
        """Take back a shift: its coverage, and the break units at ``offsets`` (by default the
        latest of its group, which keeps the group's breaks assignable). Returns the offsets."""
        q, o = state.shifts.pop(day)
        option = self.catalogue.options[o]
        k = self.queues.index(q)
        self._count_unpopular(state, day, o, -1)
        state.paid[day // 7] -= option.paid
        self.residual[day, k, option.start // self.step : option.end // self.step] += 1
        layout = self.layouts[option.length]
        counts = self.breaks[(day, q, o)]
        taken = []
        for slot in layout.slots:
            if offsets is not None:
                offset = offsets[slot.index]
            else:
                offset = max(p for p, n in counts[slot.index].items() if n > 0)
            counts[slot.index][offset] -= 1
            self._shift_break(day, k, option.start + offset, slot, -1)
            taken.append(offset)
        return taken

    def _least_harm_offset(self, day: int, k: int, start: int, slot, earliest: int) -> int:
        """The allowed offset at or after ``earliest`` where one agent off the phone costs
        least: the first of ``_offsets_by_harm``'s order, found without sorting."""
        offsets, keys = self._harm_keys(day, k, start, slot)
        return int(offsets[np.argmin(np.where(offsets >= earliest, keys, np.inf))])

    def _offsets_by_harm(self, day: int, k: int, start: int, slot) -> list[int]:
        """The break's offsets, cheapest first: cost of one agent off the phone there, ties to
        the least short slots, then to the earliest offset."""
        offsets, keys = self._harm_keys(day, k, start, slot)
        return offsets[np.argsort(keys, kind="stable")].tolist()

    def _harm_keys(self, day: int, k: int, start: int, slot) -> tuple[np.ndarray, np.ndarray]:
        """The break's offsets and, per offset, one sort key: what one agent off the phone
        there costs, then (below any cost difference: costs and residuals are whole
        numbers) the residual there. Read from the break's own cells only: placing shifts
        and re-placing breaks are the inner loops of every search."""
        key = (start, slot.offsets, slot.spec.minutes)  # break layouts may share slots
        cached = self._break_cells.get(key)
        if cached is None:
            offsets = np.asarray(slot.offsets)
            first = (start + offsets) // self.step
            cells = first[:, None] + np.arange(slot.spec.minutes // self.step)
            cached = self._break_cells[key] = (offsets, cells)
        offsets, cells = cached
        residual = self.residual[day, k][cells]
        harm = np.where(residual >= -0.5, self.under_price[day, k][cells], -self.over_price)
        return offsets, (harm.sum(axis=1) * TIE_SCALE + residual.sum(axis=1))

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
            ranked = self._offsets_by_harm(day, k, start, slot)
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

    def take_break_counts(self, counts: BreakCounts) -> None:
        """Replace the break counts of every group in ``counts`` (each must hold its group's
        size per break, in order: ``exact_breaks`` gives such counts)."""
        for key, given in counts.items():
            held = self.breaks.get(key)
            if held is None:
                continue
            day, q, o = key
            k, start = self.queues.index(q), self.catalogue.options[o].start
            for slot in self.layouts[self.catalogue.options[o].length].slots:
                for offset, n in held[slot.index].items():
                    self._shift_break(day, k, start + offset, slot, -n)
                held[slot.index] = defaultdict(int, given[slot.index])
                for offset, n in given[slot.index].items():
                    self._shift_break(day, k, start + offset, slot, n)

    def move_break_unit(self, day: int, q: str, o: int, slot, source: int, target: int) -> None:
        """One placement of break ``slot`` in group (day, q, o) from ``source`` to ``target``."""
        k, start = self.queues.index(q), self.catalogue.options[o].start
        counts = self.breaks[(day, q, o)][slot.index]
        counts[source] -= 1
        counts[target] += 1
        self._shift_break(day, k, start + source, slot, -1)
        self._shift_break(day, k, start + target, slot, +1)

    def breaks_assignable(self, day: int, q: str, o: int) -> bool:
        """Can the group's break counts still be handed out to its agents in order?"""
        layout = self.layouts[self.catalogue.options[o].length]
        return _chain_ok(layout, self.breaks[(day, q, o)])

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
    """The sorted-pairing condition of ``break_layout`` for every pair of consecutive breaks.

    One sweep per pair over the offsets in order (both thresholds only grow), not a sum per
    offset: the greedy construction and every break re-placement ask this."""
    for k in range(len(layout.slots) - 1):
        delta = layout.delta(k)
        first = sorted((p, n) for p, n in counts[k].items() if n)
        second = sorted((p, n) for p, n in counts[k + 1].items() if n)
        i = j = before = before_next = 0
        for t in layout.slots[k].offsets:  # ascending
            while i < len(first) and first[i][0] < t:
                before += first[i][1]
                i += 1
            while j < len(second) and second[j][0] < t + delta:
                before_next += second[j][1]
                j += 1
            if before_next > before:
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
