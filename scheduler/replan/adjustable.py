"""Shifts that keep their times but may change inside: breaks moved, non-phone work removed.

Level 3 of the contingency plan. Each break still to come gets one Boolean per start offset in
its window (per agent, so its move is priced exactly); each block of non-phone work that ends
after ``now`` gets a "keep" Boolean (dropping it shortens it to ``now``, or removes it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.models.instance import Instance
from scheduler.models.roster import AgentDay, BreakPlacement
from scheduler.replan.moment import Moment
from scheduler.replan.scope import OWED
from scheduler.replan.shortfall import Shortfall


@dataclass
class BreakChoice:
    """A break still to come: its published start and a Boolean per allowed start."""

    index: int  # position in the agent-day's breaks
    published: int
    minutes: int
    starts: dict[int, cp_model.IntVar]


@dataclass
class BlockChoice:
    """Non-phone work that ends after ``now``: kept as published, or cut back to ``now``."""

    index: int
    keep: cp_model.IntVar
    cut_from: int  # first minute that returns to the phones when dropped


@dataclass
class AdjustableDay:
    agent_day: AgentDay
    breaks: list[BreakChoice] = field(default_factory=list)
    blocks: list[BlockChoice] = field(default_factory=list)
    fixed: list[BreakPlacement] = field(default_factory=list)  # everything else, as published

    def base(self) -> AgentDay:
        """The day with every movable break and removable work taken out (all on the phones),
        keeping the part of non-phone work before ``now``."""
        kept = list(self.fixed)
        for block in self.blocks:
            original = self.agent_day.breaks[block.index]
            if block.cut_from > original.start_minute:
                kept.append(original.model_copy(update={"end_minute": block.cut_from}))
        return self.agent_day.model_copy(update={"breaks": tuple(kept)})


def build_adjustable(
    model: cp_model.CpModel,
    instance: Instance,
    agent_day: AgentDay,
    now: Moment,
    short: Shortfall | None = None,
) -> AdjustableDay:
    """Choices for one shift that keeps its times. With ``short``, only a break that sits in
    a short slot may move (moving any other one cannot add cover where it is missing)."""
    shift = agent_day.shift
    assert shift is not None
    floor = now.minute if agent_day.day == now.day else 0
    day = AdjustableDay(agent_day)
    rule = instance.break_rule_for(shift.minutes)
    owed = [(i, b) for i, b in enumerate(agent_day.breaks) if b.kind in OWED]
    movable = rule is not None and [(b.kind, b.minutes) for _, b in owed] == [
        (s.kind.value, s.minutes) for s in rule.breaks
    ]
    for i, block in enumerate(agent_day.breaks):
        if block.kind in OWED:
            continue
        if block.end_minute > floor:
            keep = model.new_bool_var(f"keep_{agent_day.agent}_{agent_day.day}_{i}")
            day.blocks.append(BlockChoice(i, keep, max(block.start_minute, floor)))
        else:
            day.fixed.append(block)
    for k, (i, block) in enumerate(owed):
        if not movable or block.start_minute < floor or not _in_short(short, agent_day, block):
            day.fixed.append(block)
            continue
        assert rule is not None
        first, last = rule.breaks[k].window(shift.minutes)
        step = instance.horizon.time_step_minutes
        starts = {}
        for offset in range(-(-first // step) * step, last + 1, step):
            start = shift.start_minute + offset
            if start >= floor and not _hits_fixed(day, start, block.minutes):
                starts[start] = model.new_bool_var(
                    f"brk_{agent_day.agent}_{agent_day.day}_{i}_{start}"
                )
        if block.start_minute not in starts:  # published off the grid: still allowed
            name = f"brk_{agent_day.agent}_{agent_day.day}_{i}_{block.start_minute}"
            starts[block.start_minute] = model.new_bool_var(name)
        model.add_exactly_one(starts.values())
        day.breaks.append(BreakChoice(i, block.start_minute, block.minutes, starts))
    _order(model, instance, day, rule.min_gap_minutes if rule else 0, owed)
    _no_collision(model, day)
    return day


def _in_short(short: Shortfall | None, agent_day: AgentDay, block: BreakPlacement) -> bool:
    if short is None:
        return True
    return short.reaches(agent_day.queue, agent_day.day, block.start_minute, block.end_minute)


def _hits_fixed(day: AdjustableDay, start: int, minutes: int) -> bool:
    return any(
        b.start_minute < start + minutes and start < b.end_minute
        for b in day.fixed
        if b.kind not in OWED
    )


def _start_expr(choice: BreakChoice) -> cp_model.LinearExprT:
    return sum(start * var for start, var in choice.starts.items())


def _order(model, instance, day: AdjustableDay, gap: int, owed) -> None:
    """Consecutive owed breaks keep their order and the rule's minimum gap."""
    by_index = {c.index: c for c in day.breaks}
    for (i, first), (j, second) in zip(owed, owed[1:], strict=False):
        a = _start_expr(by_index[i]) if i in by_index else first.start_minute
        b = _start_expr(by_index[j]) if j in by_index else second.start_minute
        if i in by_index or j in by_index:
            model.add(b >= a + first.minutes + gap)


def _no_collision(model, day: AdjustableDay) -> None:
    """A break may not sit on non-phone work that is kept."""
    for block in day.blocks:
        original = day.agent_day.breaks[block.index]
        for choice in day.breaks:
            for start, var in choice.starts.items():
                if start < original.end_minute and original.start_minute < start + choice.minutes:
                    model.add(var + block.keep <= 1)


def read_adjustable(day: AdjustableDay, value) -> AgentDay:
    """The agent-day with the solver's break starts and the blocks it kept or cut."""
    placements = list(day.fixed)
    for choice in day.breaks:
        original = day.agent_day.breaks[choice.index]
        start = next(s for s, v in choice.starts.items() if value(v))
        placements.append(
            original.model_copy(
                update={"start_minute": start, "end_minute": start + choice.minutes}
            )
        )
    for block in day.blocks:
        original = day.agent_day.breaks[block.index]
        if value(block.keep):
            placements.append(original)
        elif block.cut_from > original.start_minute:
            placements.append(original.model_copy(update={"end_minute": block.cut_from}))
    placements.sort(key=lambda b: (b.start_minute, b.end_minute))
    return day.agent_day.model_copy(update={"breaks": tuple(placements)})
