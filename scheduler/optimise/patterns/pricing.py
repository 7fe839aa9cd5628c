"""An agent's most valuable week pattern for given shift values, by dynamic programming.

The state after a day is (paid units this week, days worked this week, the earliest start
the next day allows, days worked in a row; or, over one week within the run limit, only
whether the run from before the horizon is unbroken). That is exactly what the agent's rules need:
weekly contract hours and day count (checked when a week closes), rest between shifts and the
run limit (checked on each transition), with the horizon's first day bound by the agent's
prior shift and run. Rules the state does not carry (weekly rest, late-shift counts) and
costs it does not price (fairness, a soft run limit, never negative) are left out, so the
patterns priced are a superset of the legal ones at no more than their cost: the minimum
reduced cost can only be lower, which keeps the Lagrangian bound of ``generation`` valid.

Each day is a handful of numpy operations over the whole state array (one per shift
option), so an agent's week costs about a millisecond; compiled (``kernel.week_dp``, the
same states and ties as scalar loops) it costs a few dozen microseconds, and the compiled DP
runs wherever numba's disk cache has it (the search's background compile puts it there).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from math import gcd

import numpy as np

from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Agent
from scheduler.optimise.kernel import week_dp
from scheduler.optimise.roster_state import RosterBuilder

NEG = -np.inf
Pattern = dict[int, tuple[int, int]]  # day -> (queue index, option id)


@dataclass(frozen=True)
class OptionGrid:
    """What the DP needs of every shift option: paid units, start and rest class."""

    unit: int  # minutes per paid unit (gcd of the options' paid minutes)
    paid_units: np.ndarray
    starts: np.ndarray
    next_earliest: np.ndarray  # earliest start the next day allows, in that day's minutes
    _layers: dict = field(default_factory=dict, compare=False, repr=False)

    def layers(self, day_zero_earliest: float) -> _Layers:
        """The DP's rest classes and option families for agents whose first day allows
        starts from ``day_zero_earliest``: the same for most agents, so built once (they
        were a third of a Lagrangian step's pricing time at 1,000 agents when built per
        agent)."""
        key = float(day_zero_earliest)
        if key not in self._layers:
            self._layers[key] = _Layers.of(self, key)
        return self._layers[key]

    @classmethod
    def of(cls, builder: RosterBuilder) -> OptionGrid:
        options = builder.catalogue.options
        unit = 0
        for option in options:
            unit = gcd(unit, option.paid)
        unit = unit or 1
        rest = builder.instance.rules.min_rest_minutes
        return cls(
            unit=unit,
            paid_units=np.array([o.paid // unit for o in options]),
            starts=np.array([o.start for o in options]),
            next_earliest=np.array([o.end + rest - DAY_MINUTES for o in options]),
        )


@dataclass(frozen=True)
class _Layers:
    """Rest classes: the earliest start the next day allows. Those at or before every start
    block nothing (they are "off"), those after every start block everything; only the ones
    in between need telling apart, and on most instances there are none. Options alike in
    paid units, rest class and the classes they may follow differ only in value: each day
    only the best of each such family needs a transition."""

    classes: np.ndarray  # ascending: compatible with a start t are those <= t
    day_zero_class: int
    option_class: list[int]
    prefix: list[int]  # classes usable before each option
    paid_units: list[int]
    families: np.ndarray  # per family its options, padded with the index one past the last

    @cached_property
    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Paid units, rest class and usable classes per option, for the compiled DP."""
        return tuple(
            np.array(values, dtype=np.int64)
            for values in (self.paid_units, self.option_class, self.prefix)
        )

    @classmethod
    def of(cls, grid: OptionGrid, day_zero_earliest: float) -> _Layers:
        first, last = float(grid.starts.min()), float(grid.starts.max())
        limits = np.concatenate(([day_zero_earliest], grid.next_earliest.astype(float)))
        limits = np.where(limits <= first, NEG, np.minimum(limits, last + 1))
        classes = np.unique(np.concatenate(([NEG], limits)))
        option_class = np.searchsorted(classes, limits[1:])
        prefix = np.searchsorted(classes, grid.starts, side="right")
        families: dict[tuple[int, int, int], list[int]] = {}
        for o in range(len(grid.starts)):
            key = (int(grid.paid_units[o]), int(option_class[o]), int(prefix[o]))
            families.setdefault(key, []).append(o)
        width = max((len(members) for members in families.values()), default=0)
        padded = np.full((len(families), width), len(grid.starts), dtype=np.int64)
        for f, members in enumerate(families.values()):
            padded[f, : len(members)] = members
        return cls(
            classes=classes,
            day_zero_class=int(np.searchsorted(classes, limits[0])),
            option_class=option_class.tolist(),
            prefix=prefix.tolist(),
            paid_units=[int(u) for u in grid.paid_units],
            families=padded,
        )


@dataclass(frozen=True)
class AgentRules:
    """One agent's limits in the DP's units."""

    agent: Agent
    weeks: tuple[range, ...]
    caps: tuple[int, ...]  # paid units per week
    minimums: tuple[int, ...]  # contract minutes per week
    max_days: tuple[int, ...]
    soft_price: float  # per minute below the minimum; 0 when the minimum is hard
    domains: np.ndarray  # (days, options) bool
    request_cost: np.ndarray  # (days,) what working the day costs in denied requests
    day_zero_earliest: float  # earliest start on day 0 after the prior shift
    prior_run: int
    max_run: int

    def alike(self, skills: np.ndarray) -> tuple:
        """Everything pricing reads of an agent serving ``skills``: agents with equal keys
        have the same best week at any prices, so they are priced once."""
        return (
            self.weeks, self.caps, self.minimums, self.max_days, self.soft_price,
            self.domains.tobytes(), self.request_cost.tobytes(), self.day_zero_earliest,
            self.prior_run, self.max_run, skills.tobytes(),
        )  # fmt: skip

    def run_can_pass_limit(self) -> bool:
        """Whether any week could make a run too long: with the prior run, or over more than
        one week (one week's days are capped below the limit). Only then does the DP count
        days in a row."""
        days = self.domains.shape[0]
        longest = self.prior_run + (max(self.max_days) if len(self.weeks) == 1 else days)
        return longest > self.max_run

    @cached_property
    def calendar(self) -> tuple[np.ndarray, np.ndarray]:
        """Each day's week and whether it closes its week."""
        days = self.domains.shape[0]
        week_of = np.zeros(days, dtype=np.int64)
        week_end = np.zeros(days, dtype=np.bool_)
        for w, week in enumerate(self.weeks):
            week_of[list(week)] = w
            week_end[week[-1]] = True
        return week_of, week_end

    def runs(self) -> tuple[int, int, int]:
        """The DP's run mode, number of run states and first run state. One week whose day
        limit is within the run limit: only the run unbroken since the prior shifts can pass
        the limit, and while unbroken it is the prior run plus the days worked, which the
        state already counts. So two run states (broken, unbroken) say as much as
        max_run + 1 (gen-1000: 182 of 564 classes had 7), for a fraction of the work; a
        shift keeps the run state, a day off breaks it."""
        if not self.run_can_pass_limit():
            return week_dp.UNTRACKED, 1, 0
        if len(self.weeks) == 1 and max(self.max_days) <= self.max_run:
            return week_dp.UNBROKEN, 2, 1
        return week_dp.TRACKED, self.max_run + 1, min(self.prior_run, self.max_run)

    def _normalised(self, grid: OptionGrid) -> AgentRules:
        """The same rules with the prior days as the DP tells them apart: a prior shift that
        ends early enough to block no start, or a prior run no week can take past the limit,
        as none at all. Agents then alike in all else share one pricing run (gen-1000: 471
        classes instead of 564, gen-200 55 instead of 74)."""
        first, last = float(grid.starts.min()), float(grid.starts.max())
        earliest = self.day_zero_earliest
        earliest = NEG if earliest <= first else min(earliest, last + 1)
        prior = self.prior_run if self.run_can_pass_limit() else 0
        return replace(self, day_zero_earliest=earliest, prior_run=prior)

    @classmethod
    def of(
        cls, builder: RosterBuilder, grid: OptionGrid, agent: Agent, relaxed: bool = False
    ) -> AgentRules:
        """The agent's limits as the heuristics keep them, or ``relaxed`` for a bound: the
        weekly cap without the averaging rule's share (which is tighter than the rule on
        horizons of several weeks), so no legal week is left out."""
        instance = builder.instance
        horizon = instance.horizon
        weeks = tuple(horizon.week_days(w) for w in range(horizon.weeks))
        soft = builder.soft_min_price or 0.0
        prior = agent.prior_shift_end_minute
        rules = cls(
            agent=agent,
            weeks=weeks,
            caps=tuple(
                (instance.weekly_max_minutes(agent) if relaxed else builder.weekly_cap(agent, w))
                // grid.unit
                for w in range(len(weeks))
            ),
            minimums=tuple(builder.contract_min(agent, w) for w in range(len(weeks))),
            max_days=tuple(instance.weekly_max_days(agent, w) for w in range(len(weeks))),
            soft_price=float(soft),
            domains=np.array([builder.domain_mask(agent, d) for d in range(horizon.days)]),
            request_cost=np.array(
                [builder.request_cost.get((agent.id, d), 0) for d in range(horizon.days)],
                dtype=float,
            ),
            day_zero_earliest=(
                NEG if prior is None else float(prior + instance.rules.min_rest_minutes)
            ),
            prior_run=agent.prior_consecutive_days,
            # A soft run limit is left out (its price is never negative): a relaxation.
            max_run=(
                instance.rules.max_consecutive_days
                if instance.soft_run_price() is None
                else horizon.days + agent.prior_consecutive_days
            ),
        )
        return rules._normalised(grid)

    def week_penalty(self, week: int, paid_units: np.ndarray, unit: int) -> np.ndarray:
        """Cost of closing the week with each paid total: -inf below a hard minimum."""
        short = np.maximum(0, self.minimums[week] - paid_units * unit)
        if self.soft_price:
            return -self.soft_price * short
        return np.where(short > 0, NEG, 0.0)


@dataclass(frozen=True)
class Priced:
    profit: float  # sum of shift values minus the pattern's own cost
    cost: float  # the pattern's own cost (denied requests, soft contract shortfall)
    pattern: Pattern


def best_pattern(
    grid: OptionGrid, rules: AgentRules, values: np.ndarray, queues: np.ndarray
) -> Priced | None:
    """The pattern of greatest profit for shift values ``values[day, option]`` (already the
    best over the agent's queues, whose index per cell is ``queues``); None when the agent
    has no legal week at all (then the master keeps its current columns)."""
    if week_dp.ready():
        return compiled_pattern(grid, rules, values, queues)
    return _WeekDP(grid, rules, values, queues).solve()


def compiled_pattern(
    grid: OptionGrid, rules: AgentRules, values: np.ndarray, queues: np.ndarray
) -> Priced | None:
    """``best_pattern`` by the compiled DP (compiling it first if this process has not)."""
    u = _allowed(rules, values)
    layers = grid.layers(rules.day_zero_earliest)
    paid_units, option_class, prefix = layers.arrays
    week_of, week_end = rules.calendar
    mode, runs, first_run = rules.runs()
    units = np.arange(max(rules.caps) + 1)
    penalty = np.array([rules.week_penalty(w, units, grid.unit) for w in range(len(rules.weeks))])
    profit, options = week_dp.week_dp(
        u, paid_units, option_class, prefix, layers.families, week_of, week_end,
        np.array(rules.caps, dtype=np.int64), np.array(rules.max_days, dtype=np.int64),
        penalty, len(units), len(layers.classes), layers.day_zero_class, mode, runs, first_run,
        max(0, rules.max_run - rules.prior_run),
    )  # fmt: skip
    if profit == NEG:
        return None
    pattern = {d: (int(queues[d, o]), int(o)) for d, o in enumerate(options.tolist()) if o >= 0}
    return Priced(float(profit), _own_cost(u, rules, pattern, float(profit)), pattern)


def _allowed(rules: AgentRules, values: np.ndarray) -> np.ndarray:
    """Shift values less denied requests, -inf where the agent may not work the option."""
    return np.where(rules.domains, values - rules.request_cost[:, None], NEG)


def _own_cost(u: np.ndarray, rules: AgentRules, pattern: Pattern, profit: float) -> float:
    """What the pattern's profit left out of its shifts' values: its own cost."""
    gains = sum(u[d, o] + rules.request_cost[d] for d, (_, o) in pattern.items())
    return float(gains - profit)


class _WeekDP:
    def __init__(self, grid, rules: AgentRules, values: np.ndarray, queues: np.ndarray) -> None:
        self.grid, self.rules, self.queues = grid, rules, queues
        self.days = rules.domains.shape[0]
        self.u = _allowed(rules, values)
        layers = self.layers = grid.layers(rules.day_zero_earliest)
        self.classes = layers.classes
        self.day_zero_class = layers.day_zero_class
        # Each day's best option of each family (``_Layers``), all days at once.
        padded = np.concatenate((self.u, np.full((self.days, 1), NEG)), axis=1)
        picks = padded[:, layers.families].argmax(axis=2) if layers.families.size else None
        rows = np.arange(len(layers.families))[None, :]
        self.best = [] if picks is None else layers.families[rows, picks].tolist()
        self.off = 0  # class of "no shift the day before": -inf, compatible with anything
        self.paid_n = max(rules.caps) + 1
        self.days_n = max(rules.max_days) + 1
        mode, self.run_n, self.first_run = rules.runs()
        self.unbroken = mode == week_dp.UNBROKEN

    def solve(self) -> Priced | None:
        shape = (self.paid_n, self.days_n, len(self.classes), self.run_n)
        state = np.full(shape, NEG)
        state[0, 0, self.day_zero_class, self.first_run] = 0.0
        self.trace: list[tuple] = []
        self.closes: dict[int, np.ndarray] = {}
        week_of = {d: w for w, days in enumerate(self.rules.weeks) for d in days}
        for day in range(self.days):
            state = self._day(state, day, week_of[day])
            if day == self.rules.weeks[week_of[day]][-1]:
                state = self._close_week(state, week_of[day])
        best = np.unravel_index(int(np.argmax(state)), state.shape)
        profit = float(state[best])
        if profit == NEG:
            return None
        pattern = self._backtrack(best)
        return Priced(profit, _own_cost(self.u, self.rules, pattern, profit), pattern)

    def _day(self, state: np.ndarray, day: int, week: int) -> np.ndarray:
        cap = self.rules.caps[week]
        most = self.rules.max_days[week]
        best, arg = _prefix_max(state)
        after = np.full_like(state, NEG)
        choice = np.full(state.shape, -1, dtype=np.int32)
        flat = state.reshape(self.paid_n, self.days_n, -1)
        after[:, :, self.off, 0] = flat.max(axis=2)
        off_arg = flat.argmax(axis=2)
        choice[:, :, self.off, 0] = -2
        values = self.u[day].tolist()
        layers = self.layers
        # Without run tracking a shift keeps run index 0; with it, run r goes to r + 1; with
        # the unbroken state, a shift keeps it (broken or unbroken) and the day off breaks it.
        tracked = self.run_n > 1 and not self.unbroken
        src_runs = slice(0, self.run_n - 1) if tracked else slice(0, self.run_n)
        dst_runs = slice(1, self.run_n) if tracked else slice(0, self.run_n)
        if self.unbroken:  # an unbroken run takes a shift only while it stays within the limit
            best = best.copy() if best is state else best
            best[:, max(0, self.rules.max_run - self.rules.prior_run) :, :, 1] = NEG
        for o in self.best[day] if self.best else ():
            units, j = layers.paid_units[o], layers.prefix[o]
            if values[o] == NEG or j == 0 or units > cap:
                continue
            source = best[: cap + 1 - units, :most, j - 1, src_runs] + values[o]
            target = after[units : cap + 1, 1 : most + 1, layers.option_class[o], dst_runs]
            better = source > target
            np.copyto(target, source, where=better)
            chosen = choice[units : cap + 1, 1 : most + 1, layers.option_class[o], dst_runs]
            np.copyto(chosen, o, where=better)
        self.trace.append((choice, arg, off_arg))
        return after

    def _close_week(self, state: np.ndarray, week: int) -> np.ndarray:
        units = np.arange(self.paid_n)
        penalty = self.rules.week_penalty(week, units, self.grid.unit)
        scored = (state + penalty[:, None, None, None]).reshape(-1, *state.shape[2:])
        closed = np.full_like(state, NEG)
        closed[0, 0] = scored.max(axis=0)
        self.closes[week] = scored.argmax(axis=0)
        return closed

    def _backtrack(self, best: tuple) -> Pattern:
        _, _, e, r = (int(i) for i in best)
        week_of = {d: w for w, days in enumerate(self.rules.weeks) for d in days}
        pattern: Pattern = {}
        p = n = 0
        for day in range(self.days - 1, -1, -1):
            week = week_of[day]
            if day == self.rules.weeks[week][-1]:
                p, n = divmod(int(self.closes[week][e, r]), self.days_n)
            choice, arg, off_arg = self.trace[day]
            o = int(choice[p, n, e, r])
            if o == -2:
                e, r = divmod(int(off_arg[p, n]), self.run_n)
                continue
            pattern[day] = (int(self.queues[day, o]), o)
            p, n = p - int(self.grid.paid_units[o]), n - 1
            r = r - 1 if self.run_n > 1 and not self.unbroken else r
            e = int(arg[p, n, self.layers.prefix[o] - 1, r])
        return pattern


def _prefix_max(state: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Running maximum over the rest classes (axis 2) and where it was attained. With one
    class (no start the previous day's end can block, as on the generated instances) that
    is the state itself: a fifth of a 1,000-agent sweep's pricing time saved."""
    if state.shape[2] == 1:
        return state, np.zeros(state.shape, dtype=np.int64)
    best = np.maximum.accumulate(state, axis=2)
    index = np.arange(state.shape[2]).reshape(1, 1, -1, 1)
    previous = np.concatenate([np.full_like(best[:, :, :1], NEG), best[:, :, :-1]], axis=2)
    rising = (state > previous) | (index == 0)
    arg = np.maximum.accumulate(np.where(rising, index, 0), axis=2)
    return best, arg


def pattern_cost(grid: OptionGrid, rules: AgentRules, pattern: Pattern) -> float:
    """The pattern's own cost as the validator prices it: denied requests and soft shortfall."""
    cost = float(sum(rules.request_cost[d] for d in pattern))
    for week, days in enumerate(rules.weeks):
        units = sum(int(grid.paid_units[pattern[d][1]]) for d in days if d in pattern)
        short = max(0, rules.minimums[week] - units * grid.unit)
        cost += rules.soft_price * short
    return cost
