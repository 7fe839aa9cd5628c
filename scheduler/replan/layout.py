"""A whole point of the re-plan relaxation laid out as a roster (``realise``).

With each free agent-day on one option and every group's break counts whole, the point is a
roster at exactly its cost: pinned days stay as they are, free days take their option, and
each group of equal shifts lays its break counts out by sorted pairing (every member the
i-th earliest start of each break), which the relaxation's order rows keep in order and gap
also for the members not keeping their published day; those members, as the point says,
keep their published breaks (kept shifts their current ones where the rest still pairs).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np

from scheduler.models.instance import BreakSpec
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.replan.bound_model import BoundModel
from scheduler.replan.relaxation import Key, owed


def realise(model: BoundModel, point: np.ndarray) -> Roster:
    """The roster of a whole point: pinned days as they are, free days on their option, and
    each group's breaks laid out from its counts (``_lay_out``)."""
    rx = model.relaxation
    options = rx.catalogue.options
    days: dict[Key, AgentDay] = dict(rx.before)
    groups: dict[tuple[str, tuple], list[Key]] = defaultdict(list)
    for key, counts in model.day_counts.items():
        days.pop(key, None)
        chosen = [pair for pair, var in counts.items() if point[var] > 0.5]
        if not chosen:
            continue
        queue, o = chosen[0]
        shift = Span(start_minute=options[o].start, end_minute=options[o].end)
        days[key] = AgentDay(agent=key[0], day=key[1], queue=queue, shift=shift)
        groups[("free", (key[1], queue, options[o].start, options[o].length))].append(key)
    for key in rx.kept:
        groups[("kept", model.kept_group_of[key])].append(key)
    for (phase, group), members in groups.items():
        _lay_out(model, point, phase, group, members, days)
    ordered = tuple(days[key] for key in sorted(days))
    return Roster(instance=rx.instance.name, agent_days=ordered)


def _lay_out(
    model: BoundModel,
    point: np.ndarray,
    phase: str,
    group: tuple,
    members: list[Key],
    days: dict[Key, AgentDay],
) -> None:
    """Give a group's members their breaks from the group's whole counts per break: members
    keep their published (free) or current (kept) starts where the rest still pairs in
    order (``_pairing``)."""
    rx = model.relaxation
    slots = rx.layout(group[3]).slots
    starts: dict[int, list[int]] = {}
    for k in range(len(slots)):
        cells = model.break_counts.get((phase, group, k))
        if cells is not None:
            starts[k] = sorted(p for var, p in cells for _ in range(round(point[var])))
    if any(len(found) != len(members) for found in starts.values()):
        return  # counts not whole: the members keep what they have (the validator judges)
    wanted = {key: _wanted(model, point, phase, days[key], key) for key in members}
    layout = _pairing(starts, wanted, sorted(members), rx.layout(group[3]).delta)
    for key, offsets in layout.items():
        day = days[key]
        assert day.shift is not None
        # A kept day's breaks already taken stay; the others are placed from the counts.
        settled = [b for k, b in enumerate(owed(day)) if k not in starts]
        placed = [
            _placement(day.shift.start_minute + offsets[k], slots[k].spec) for k in sorted(starts)
        ]
        work = [b for b in day.breaks if b not in owed(day)]
        breaks = sorted([*settled, *placed, *work], key=lambda b: b.start_minute)
        days[key] = day.model_copy(update={"breaks": tuple(breaks)})


def _wanted(
    model: BoundModel, point: np.ndarray, phase: str, day: AgentDay, key: Key
) -> tuple[int, ...] | None:
    """The break starts a member keeps if the counts allow: a free day's published ones if
    the point keeps its published day (the order rows then leave the rest pairable), a kept
    day's current ones."""
    if phase == "free":
        keeper = model.keeper_of.get(key)
        if keeper is None or point[keeper] < 0.5:
            return None
    source = day if phase == "kept" else model.relaxation.published.get(key)
    if source is None or source.shift != day.shift or source.queue != day.queue:
        return None
    assert day.shift is not None
    return tuple(b.start_minute - day.shift.start_minute for b in owed(source))


def _pairing(
    starts: dict[int, list[int]],
    wanted: dict[Key, tuple[int, ...] | None],
    members: list[Key],
    delta: Callable[[int], int],
) -> dict[Key, dict[int, int]]:
    """Per member, a start per break in ``starts``: members keep theirs in turn while what is
    left still pairs in order (sorted pairing keeps every gap), the rest by sorted pairing."""
    left = {k: list(found) for k, found in starts.items()}
    layout: dict[Key, dict[int, int]] = {}
    for key in members:
        want = wanted[key]
        if want is None or any(k >= len(want) or want[k] not in left[k] for k in left):
            continue
        trial = {k: list(found) for k, found in left.items()}
        for k in trial:
            trial[k].remove(want[k])
        if _in_order(trial, delta):
            left = trial
            layout[key] = {k: want[k] for k in left}
    rest = [key for key in members if key not in layout]
    for i, key in enumerate(rest):
        layout[key] = {k: found[i] for k, found in left.items()}
    return layout


def _in_order(starts: dict[int, list[int]], delta: Callable[[int], int]) -> bool:
    """Whether the i-th earliest starts of consecutive breaks keep each break's gap."""
    ordered = sorted(starts)
    return all(
        b - a >= delta(k)
        for k, then in zip(ordered, ordered[1:], strict=False)
        for a, b in zip(starts[k], starts[then], strict=True)
    )


def _placement(start: int, spec: BreakSpec) -> BreakPlacement:
    return BreakPlacement(start_minute=start, end_minute=start + spec.minutes, kind=str(spec.kind))
