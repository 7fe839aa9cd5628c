"""The week-pattern bound at any coverage prices, priced once per class of alike agents.

Relax every slot's "on the phone + under - over = required" row at a price per agent-slot and
what is left splits into one problem per agent (its best week at those prices: the pricing
DP) and one per slot (its slacks). So at *any* prices ``pi`` within [-over price, under
price], where the slacks add nothing,

    L(pi) = sum of pi x required  -  sum over agents of their best week's profit
            - what offered overtime could earn at those prices (each offer on every slot
              and queue it reaches, without the offers' caps: a relaxation)

is a lower bound on every roster's cost. A shift's value is its slots' prices less, for each
of its breaks, the cheapest placement in the break's window (breaks are the agent's own, so
this is exact per agent; their order is dropped, a relaxation). Agents whose pricing data
are identical are priced once.

``ascend`` climbs from given prices (the aggregate LP's coverage duals, at which L is already
at least about that LP's value) by projected subgradient steps: the subgradient of L in a
slot is what is required less what the best weeks staff there (less what a slack at its
price limit takes). Above a few hundred agents, where the pattern master's rounds take too
long (``bound``), this is the pattern bound's only way in: each step is one pricing pass.
Its bound is never below L at the floor prices (``floor_prices``), evaluated once first.

How far the ascent is from the LP it bounds, measured on gen-200 (whose column generation
converges to 8,556, and L at those duals is 8,556 too): 6,904 after 20 s and 400 steps,
whatever the Polyak target (0.05-0.4) or first factor; a volume-algorithm variant found no
better step at all. Subgradients alone climb this function slowly; the LP's duals are what
reach its top.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from scheduler.optimise.break_windows import BreakWindows
from scheduler.optimise.patterns.generation import whole
from scheduler.optimise.patterns.master import offer_counts
from scheduler.optimise.patterns.pricing import (
    AgentRules,
    OptionGrid,
    Pattern,
    Priced,
    best_pattern,
)
from scheduler.optimise.roster_state import RosterBuilder

STALL = 10  # steps without a better bound before the step factor halves
TARGET_ABOVE = 0.4  # Polyak's target: this share above the best bound so far
FIRST_FACTOR = 1.0  # Polyak's step factor to begin with
RECENT = 8  # steps whose weeks the search's start takes


@dataclass(frozen=True)
class PricingClass:
    """Agents alike in everything pricing reads."""

    members: tuple[str, ...]
    rules: AgentRules
    skills: np.ndarray  # queue indices the agents serve

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class _Evaluation:
    value: float
    weeks: list[Priced]  # each class's best week at the prices
    cover: list[np.ndarray]  # and the flat (day, queue, slot) cells it is on the phone in


class LagrangianBound:
    """The relaxed problem's data, priced at any coverage prices."""

    def __init__(self, builder: RosterBuilder, agent_ids: list[str]) -> None:
        self.builder = builder
        self.grid = OptionGrid.of(builder)
        self.need, self.under_price = builder.initial_demand()
        self.over_price = float(builder.over_price)
        self.starts, self.ends = builder.starts, builder.ends
        self.classes = self._classes(agent_ids)
        self.breaks = BreakWindows.of(builder.instance, builder.catalogue.options, builder.step)
        self.offers = offer_counts(builder, agent_ids)  # pooled as in the pattern master
        self.overtime_price = float(builder.instance.costs.overtime_per_minute * builder.step)

    def _classes(self, agent_ids: list[str]) -> list[PricingClass]:
        """Agents alike in everything pricing reads share one DP."""
        queue_index = {q: k for k, q in enumerate(self.builder.queues)}
        found: dict[tuple, list] = {}
        for aid in agent_ids:
            agent = self.builder.states[aid].agent
            rules = AgentRules.of(self.builder, self.grid, agent, relaxed=True)
            skills = np.array(sorted(queue_index[q] for q in agent.queues))
            found.setdefault(rules.alike(skills), [[], rules, skills])[0].append(aid)
        return [PricingClass(tuple(ids), rules, skills) for ids, rules, skills in found.values()]

    def floor_prices(self) -> np.ndarray:
        """Every slot at minus the over price: L is then the least on-the-phone time the
        agents' contracts force, less what is required, at the over price. At 1,000 agents
        and more that beats where the ascent from the aggregate LP's duals gets in a minute
        (gen-1000: 46,470 against ~45,000 after 60 s; the ascent cannot start from it: every
        slot priced alike leaves the best weeks tied and the subgradients uninformative)."""
        return np.full(self.need.shape, -self.over_price)

    def clip(self, prices: np.ndarray) -> np.ndarray:
        """Prices where the slacks add nothing: at most the shortfall's, at least -over's."""
        return np.clip(prices, -self.over_price, self.under_price)

    def evaluate(self, prices: np.ndarray) -> _Evaluation:
        """L(prices) with each class's best week and the cells that week covers."""
        values, placements = self._shift_values(prices)
        total = float((prices * self.need).sum())
        total -= float((np.maximum(prices - self.overtime_price, 0.0) * self.offers).sum())
        weeks, cover = [], []
        for group in self.classes:
            mine = values[:, group.skills, :]
            best = mine.argmax(axis=1)
            priced = best_pattern(self.grid, group.rules, mine.max(axis=1), group.skills[best])
            if priced is None:  # no legal week at all: nothing bounds this agent's cost
                return _Evaluation(-math.inf, [], [])
            total -= group.size * priced.profit
            weeks.append(priced)
            cover.append(self._cells(priced.pattern, placements))
        return _Evaluation(total, weeks, cover)

    def _cells(self, pattern: Pattern, placements: _Placements) -> np.ndarray:
        """Flat indices of the cells a week is on the phone in, breaks taken out."""
        days, queues, slots = self.need.shape
        cells = []
        for day, (k, o) in pattern.items():
            on = np.ones(self.ends[o] - self.starts[o], dtype=bool)
            for first, length in placements[(day, k, o)]:
                on[first - self.starts[o] : first - self.starts[o] + length] = False
            base = (day * queues + k) * slots + self.starts[o]
            cells.append(base + np.nonzero(on)[0])
        return np.concatenate(cells) if cells else np.zeros(0, dtype=np.int64)

    def subgradient(self, prices: np.ndarray, found: _Evaluation) -> np.ndarray:
        """Required less staffed at the best weeks; where a price is at a slack's limit the
        slack takes what it can of that (any slack in its optimal range gives a subgradient)."""
        staffed = np.zeros(self.need.size)
        for group, cells in zip(self.classes, found.cover, strict=True):
            np.add.at(staffed, cells, group.size)
        offered = np.where(prices > self.overtime_price, self.offers, 0.0)
        residual = self.need - staffed.reshape(self.need.shape) - offered
        at_under = prices >= self.under_price - 1e-9
        residual = np.where(at_under, residual - np.clip(residual, 0, self.need), residual)
        at_over = prices <= -self.over_price + 1e-9
        return np.where(at_over, np.maximum(residual, 0), residual)

    def _shift_values(self, prices: np.ndarray) -> tuple[np.ndarray, _Placements]:
        """Each (day, queue, option)'s slots' prices less its breaks' cheapest placements,
        and those placements (whole arrays: numpy picks them for every cell at once)."""
        days, queues, slots = prices.shape
        cumulative = np.zeros((days, queues, slots + 1))
        np.cumsum(prices, axis=2, out=cumulative[:, :, 1:])
        values = cumulative[:, :, self.ends] - cumulative[:, :, self.starts]
        if not len(self.breaks.first):
            return values, _Placements({}, self.breaks)
        cost, firsts = self.breaks.cheapest(cumulative)
        values -= cost @ self.breaks.owner
        return values, _Placements(firsts, self.breaks)


class _Placements:
    """The cheapest placement of each break, per (day, queue, option): (first slot, slots)."""

    def __init__(self, firsts, windows: BreakWindows) -> None:
        self.firsts = firsts
        self.spans = (windows.end[:, 0] - windows.first[:, 0]).tolist()
        self.rows: dict[int, list[int]] = {}
        for r, o in enumerate(windows.option.tolist()):
            self.rows.setdefault(o, []).append(r)

    def __getitem__(self, key: tuple[int, int, int]) -> list[tuple[int, int]]:
        day, k, o = key
        return [(int(self.firsts[day, k, r]), self.spans[r]) for r in self.rows.get(o, ())]


@dataclass
class Ascent:
    """The ascent so far: its best bound (rounded up), the steps taken, and the classes'
    best weeks at the last ``RECENT`` steps' prices."""

    bound: float | None = None
    steps: int = 0
    classes: list[PricingClass] = field(default_factory=list)
    history: list[tuple[float, float]] = field(default_factory=list)
    recent: list[list[Priced]] = field(default_factory=list)

    def weeks(self) -> dict[str, Pattern]:
        """A week per agent, a start for the search: a class's members take its weeks of
        the recent steps in turn, since one week for all of them would pile them up on
        the same shifts (the prices move between steps, so the weeks differ)."""
        found: dict[str, Pattern] = {}
        for c, group in enumerate(self.classes):
            for j, agent_id in enumerate(group.members):
                found[agent_id] = self.recent[-1 - j % len(self.recent)][c].pattern
        return found


def ascend(
    builder: RosterBuilder,
    agent_ids: list[str],
    start: np.ndarray,
    deadline: float,
    report: Callable[[Ascent], None] | None = None,
) -> Ascent:
    """Projected subgradient steps from ``start`` (prices per (day, queue, slot)) until
    ``deadline``, ``report`` hearing every step. Polyak's step towards a target
    ``TARGET_ABOVE`` above the best bound so far, halving the step factor after ``STALL``
    steps without a better bound. (Deflecting each step by 0.3 or 0.6 of the previous
    direction changed gen-200's bound after 5 s by under 1 %; not kept.)"""
    began = time.monotonic()
    relaxed = LagrangianBound(builder, agent_ids)
    result = Ascent(classes=relaxed.classes)
    floor = relaxed.evaluate(relaxed.floor_prices()).value
    result.bound = whole(floor) if floor > -math.inf else None
    prices, best, factor, stalled = relaxed.clip(start), -math.inf, FIRST_FACTOR, 0
    while time.monotonic() < deadline:
        found = relaxed.evaluate(prices)
        result.steps += 1
        if found.value == -math.inf:
            break
        result.recent = (result.recent + [found.weeks])[-RECENT:]
        if found.value > best + 1e-9:
            best, stalled = found.value, 0
            result.bound = whole(max(best, floor))
            result.history.append((round(time.monotonic() - began, 2), best))
        else:
            stalled += 1
            if stalled >= STALL:
                factor, stalled = factor / 2, 0
        if report is not None:
            report(result)
        direction = relaxed.subgradient(prices, found)
        norm = float((direction * direction).sum())
        if norm < 1e-12:
            break
        target = best + max(TARGET_ABOVE * abs(best), 1.0)
        prices = relaxed.clip(prices + factor * (target - found.value) / norm * direction)
    return result
