"""Breaks and lunches as counts per group of identical shifts (see ``break_layout``).

Placing breaks per group instead of per agent is exact (break rules depend only on the shift)
and removes the largest block of Booleans a per-agent model would need.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.optimise.break_layout import BreakLayout, break_layout
from scheduler.optimise.context import GroupKey, ModelContext


def build(ctx: ModelContext, ordered: bool = True) -> None:
    """Break counts for every group; ``ordered=False`` drops the order and gap constraints
    (a relaxation: the aggregate bound uses it to keep its LP small)."""
    layouts: dict[int, BreakLayout] = {}
    for key, size in ctx.group_size.items():
        option = ctx.catalogue.options[key[2]]
        layout = layouts.setdefault(option.length, break_layout(ctx.instance, option.length))
        if layout.slots:
            ctx.break_counts[key] = _group_breaks(ctx, key, size, layout, ordered)


def _group_breaks(
    ctx: ModelContext, key: GroupKey, size: object, layout: BreakLayout, ordered: bool
) -> list[dict[int, object]]:
    model, upper = ctx.model, ctx.group_upper[key]
    counts = []
    for slot in layout.slots:
        per_offset = {
            p: model.new_int_var(0, upper, f"b{key}_{slot.index}_{p}") for p in slot.offsets
        }
        model.add(sum(per_offset.values()) == size)
        counts.append(per_offset)
    for k in range(len(counts) - 1 if ordered else 0):
        keep_order(ctx.model, counts[k], counts[k + 1], layout.delta(k))
    return counts


def keep_order(model: cp_model.CpModel, first: dict, second: dict, delta: int) -> None:
    """Sorted pairing of break k with break k+1 keeps at least ``delta`` between their starts."""
    for t in sorted(first):
        before_next = [v for p, v in second.items() if p < t + delta]
        if before_next:
            model.add(sum(before_next) <= sum((v for p, v in first.items() if p < t), 0))
