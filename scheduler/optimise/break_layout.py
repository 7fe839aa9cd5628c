"""Where each break of a shift may start, and how to hand placements to individual agents.

Breaks depend only on the shift's length, never on who works it, so the model places them as
*counts* per group of identical shifts. Consecutive breaks must keep their order and minimum
gap; for counts this is exact through the sorted-pairing argument: pairing the i-th earliest
break with the i-th earliest next break works if and only if, for every start t of the first,
#{next breaks starting before t + delta} <= #{first breaks starting before t}, where delta is
the first break's length plus the gap. ``assign_breaks`` performs that pairing.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.models.instance import BreakSpec, Instance


@dataclass(frozen=True)
class BreakSlot:
    """One break of a shift length with its allowed start offsets (minutes after shift start)."""

    index: int
    spec: BreakSpec
    offsets: tuple[int, ...]


@dataclass(frozen=True)
class BreakLayout:
    length: int
    min_gap: int
    slots: tuple[BreakSlot, ...]

    def delta(self, k: int) -> int:
        """Minimum distance between the starts of break k and break k + 1."""
        return self.slots[k].spec.minutes + self.min_gap


def break_layout(instance: Instance, length: int) -> BreakLayout:
    rule = instance.break_rule_for(length)
    step = instance.horizon.time_step_minutes
    if rule is None:
        return BreakLayout(length, 0, ())
    slots = []
    earliest_free = 0
    for k, spec in enumerate(rule.breaks):
        first, last = spec.window(length)
        first = max(first, earliest_free)
        first = -(-first // step) * step
        slots.append(BreakSlot(k, spec, tuple(range(first, last + 1, step))))
        earliest_free = first + spec.minutes + rule.min_gap_minutes
    return BreakLayout(
        length, rule.min_gap_minutes, tuple(_prune_late(slots, rule.min_gap_minutes))
    )


def _prune_late(slots: list[BreakSlot], gap: int) -> list[BreakSlot]:
    """Drop offsets of a break that leave no room for the breaks after it."""
    pruned = list(slots)
    for k in range(len(pruned) - 2, -1, -1):
        latest_next = pruned[k + 1].offsets[-1] if pruned[k + 1].offsets else -1
        limit = latest_next - pruned[k].spec.minutes - gap
        offsets = tuple(p for p in pruned[k].offsets if p <= limit)
        pruned[k] = BreakSlot(pruned[k].index, pruned[k].spec, offsets)
    return pruned


def assign_breaks(
    layout: BreakLayout, counts: list[dict[int, int]], agents: int
) -> list[list[int]]:
    """Give each of ``agents`` identical shifts one offset per break, by sorted pairing.

    ``counts[k][offset]`` is how many shifts take break k at that offset (summing to
    ``agents``). Returns per agent the list of offsets, one per break.
    """
    columns = []
    for k in range(len(layout.slots)):
        column = sorted(o for o, n in counts[k].items() for _ in range(n))
        if len(column) != agents:
            raise ValueError(f"break {k}: {len(column)} placements for {agents} shifts")
        columns.append(column)
    return [[columns[k][i] for k in range(len(columns))] for i in range(agents)]
