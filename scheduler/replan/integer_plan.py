"""A whole roster from a level's relaxation: the bound's LP rounded, then its breaks whole.

The relaxation's whole points are rosters: with each free agent-day on one option and every
group's break counts whole, each group lays its counts out by sorted pairing (every member
the i-th earliest start of each break, which the order rows keep in order and gap), so a
whole point is realised at its own cost (measured at 200 agents: the relaxation's MIP,
69,927, realised at 69,927 by the validator). That MIP takes 20-30 s at 200-1,000 agents;
two cheap steps come close:

1. *dive*: fix every free agent-day the LP all but decides (one option weighted at least
   ``DECIDED``, or all together at most 1 - ``DECIDED``), re-solve from the last basis, and
   when none is that clear fix the clearest ``UNCLEAR_SHARE`` of them; until every free day
   is fixed (1,000 agents: 16 re-solves, 0.7 s);
2. *breaks*: the shifts fixed, the break counts whole (a MIP; 0.7 s at 1,000 agents).

No new overtime and no non-phone work cut (their 'used' variables fixed at 0): the counts
would not say which spans. The contract minimums, which the bound leaves out, are held here
(``_weekly_minimums``), so the roster passes the validator. At 1,000 agents this gave
447,948 against the search's ~450k (bound 444,895). The result is one more candidate of
level 1, priced by the validator like the others; it needs each free agent-day in a class
of its own (``day_counts``).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from scheduler.models.instance import BreakSpec, Role
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.replan.bound_model import BoundModel
from scheduler.replan.relaxation import Key, owed
from scheduler.replan.scope import Level

DECIDED = 0.9  # a free agent-day whose LP weight is this clear is fixed at once
# When none is that clear, the clearest quarter of the open days is fixed: 1,000 agents 16
# re-solves, 0.7 s, 448,323 (one a time: 45, 1.6 s, 448,346; a tenth: 26, 1.0 s, 448,031;
# half: 11, 0.55 s, 448,985; all at once: 449,759).
UNCLEAR_SHARE = 0.25
LP_SECONDS_SHARE = 0.6  # of the time left, for the dive; the rest for the breaks' MIP


@dataclass(frozen=True)
class IntegerRoster:
    """A level's roster from its relaxation (None: none in time, ``stats`` says why)."""

    level: Level
    roster: Roster | None
    stats: dict[str, Any] = field(default_factory=dict)


def integer_roster(model: BoundModel, highs: highspy.Highs, seconds: float) -> IntegerRoster:
    """The dive and the breaks' MIP on ``highs`` (holding ``model``'s programme, just solved:
    its basis starts the dive), then the roster; within ``seconds``."""
    started = time.monotonic()
    level = model.relaxation.level
    stats: dict[str, Any] = {}
    if set(model.relaxation.free) - set(model.day_counts):
        return IntegerRoster(level, None, {"status": "pooled classes: no agent-day alone"})
    _fix(highs, model.overtime_used + list(model.kept_changed.values()), 0.0)
    _weekly_minimums(model, highs)
    point, rounds = _dive(model, highs, seconds * LP_SECONDS_SHARE)
    stats.update(dive_rounds=rounds, dive_seconds=round(time.monotonic() - started, 2))
    if point is None:
        status = "the dive ended without a whole point (time, or no LP point)"
        return IntegerRoster(level, None, {**stats, "status": status})
    left = seconds - (time.monotonic() - started)
    point = _whole_breaks(model, highs, left)
    stats["seconds"] = round(time.monotonic() - started, 2)
    if point is None:
        return IntegerRoster(level, None, {**stats, "status": "no whole breaks in time"})
    stats["status"] = "found"
    return IntegerRoster(level, realise(model, point), stats)


def _weekly_minimums(model: BoundModel, highs: highspy.Highs) -> None:
    """Rows for the contract minimums the validator holds hard (regular agents; the bound
    leaves them out, a relaxation): each agent's free days of a week pay at least what the
    minimum needs after the agent's other days, but never more than the level's start paid
    there (an absence may have made the minimum out of reach)."""
    rx, instance = model.relaxation, model.relaxation.instance
    if instance.soft_min_price() is not None:
        return
    options = rx.catalogue.options
    weeks: dict[tuple[str, int], list[Key]] = defaultdict(list)
    for key in model.day_counts:
        weeks[(key[0], key[1] // 7)].append(key)
    for (agent_id, week), keys in sorted(weeks.items()):
        agent = instance.agent_by_id[agent_id]
        if agent.role != Role.AGENT or agent.reserve_tier:
            continue
        paid = {}
        for day in instance.horizon.week_days(week):
            given = rx.before.get((agent_id, day))
            if given is not None and given.shift is not None:
                paid[day] = instance.paid_minutes(given.shift.minutes)
        free = {key[1] for key in keys}
        other = sum(minutes for day, minutes in paid.items() if day not in free)
        needed = instance.weekly_min_minutes(agent, week) - other
        needed = min(needed, sum(minutes for day, minutes in paid.items() if day in free))
        if needed <= 0:
            continue
        cells = [
            (var, options[o].paid) for key in keys for (_, o), var in model.day_counts[key].items()
        ]
        index = np.asarray([var for var, _ in cells], dtype=np.int32)
        weights = np.asarray([float(minutes) for _, minutes in cells])
        highs.addRow(float(needed), highspy.kHighsInf, len(cells), index, weights)


def _fix(highs: highspy.Highs, columns: list[int], value: float) -> None:
    """Fix columns at ``value`` (HiGHS refuses the whole call if a column repeats)."""
    index = np.asarray(sorted(set(columns)), dtype=np.int32)
    if len(index):
        fixed = np.full(len(index), value)
        status = highs.changeColsBounds(len(index), index, fixed, fixed)
        if status != highspy.HighsStatus.kOk:
            raise RuntimeError(f"HiGHS did not fix {len(index)} columns: {status}")


def _dive(model: BoundModel, highs: highspy.Highs, seconds: float) -> tuple[np.ndarray | None, int]:
    """Every free agent-day fixed to one option or off (see the module text); the last LP
    point, or None when time runs out or the LP has no point. Rounding days up together can
    break a weekly cap the LP met fractionally, so a batch the LP refuses is fixed day by
    day, and a day whose choice the LP refuses stays open with the options as long barred
    (on a second generated centre, sending such days off instead cost 2 %: 403,852 ->
    411,982; barring one option at a time took 190 re-solves)."""
    deadline = time.monotonic() + seconds
    open_days = set(model.day_counts)
    rounds = 1
    if not _solved(highs, deadline):
        return None, rounds
    while open_days:
        if time.monotonic() > deadline:
            return None, rounds
        point = np.asarray(highs.getSolution().col_value)
        clearest = {key: _clarity(model.day_counts[key], point) for key in open_days}
        chosen = sorted(key for key, (clarity, _) in clearest.items() if clarity >= DECIDED)
        if not chosen:
            ranked = sorted(sorted(open_days), key=lambda key: -clearest[key][0])
            chosen = ranked[: max(1, math.ceil(len(ranked) * UNCLEAR_SHARE))]
        for key in chosen:
            _choose(model, highs, key, clearest[key][1])
        rounds += 1
        if _solved(highs, deadline):
            open_days -= set(chosen)
            continue
        for key in chosen:
            _choose(model, highs, key, None, release=True)
        for key in chosen:
            pick = clearest[key][1]
            _choose(model, highs, key, pick)
            rounds += 1
            if _solved(highs, deadline):
                open_days.discard(key)
                continue
            if pick is None:
                return None, rounds  # off refused: nothing in this programme asks for work
            _choose(model, highs, key, None, release=True)
            _fix(highs, _as_long(model, key, pick), 0.0)  # barred; the day stays open
            rounds += 1
            if not _solved(highs, deadline):
                return None, rounds
    return np.asarray(highs.getSolution().col_value), rounds


def _as_long(model: BoundModel, key: Key, pick: int) -> list[int]:
    """The day's options paying at least as many minutes as ``pick``: what a refused
    rounding bars (mostly a weekly cap the LP met with a mix of a long and a short shift)."""
    options = model.relaxation.catalogue.options
    paid = {var: options[o].paid for (_, o), var in model.day_counts[key].items()}
    return [var for var, minutes in paid.items() if minutes >= paid[pick]]


def _choose(
    model: BoundModel, highs: highspy.Highs, key: Key, pick: int | None, release: bool = False
) -> None:
    """Fix a free agent-day to the option ``pick`` (None: off), or ``release`` it."""
    counts = list(model.day_counts[key].values())
    if release:
        index = np.asarray(sorted(counts), dtype=np.int32)
        upper = np.asarray([model.lp.upper[v] for v in sorted(counts)])
        highs.changeColsBounds(len(index), index, np.zeros(len(index)), upper)
        return
    _fix(highs, [v for v in counts if v != pick], 0.0)
    if pick is not None:
        _fix(highs, [pick], 1.0)


def _solved(highs: highspy.Highs, deadline: float) -> bool:
    """Re-solve within the time left; whether the LP has an optimum."""
    _allow(highs, deadline - time.monotonic())
    highs.run()
    return highs.getModelStatus() == highspy.HighsModelStatus.kOptimal


def _allow(highs: highspy.Highs, seconds: float) -> None:
    """Let the next run take ``seconds`` (HiGHS's time limit counts all its runs so far)."""
    highs.setOptionValue("time_limit", highs.getRunTime() + max(0.05, seconds))


def _clarity(counts: dict[tuple[str, int], int], point: np.ndarray) -> tuple[float, int | None]:
    """How clearly the LP decides a free agent-day, and its choice (None: off)."""
    weights = {var: float(point[var]) for var in counts.values()}
    off = 1.0 - sum(weights.values())
    if not weights:
        return 1.0, None
    heaviest = max(sorted(weights), key=lambda var: weights[var])
    if weights[heaviest] >= off:
        return weights[heaviest], heaviest
    return off, None


def _whole_breaks(model: BoundModel, highs: highspy.Highs, seconds: float) -> np.ndarray | None:
    """The break counts whole, every shift already fixed; the MIP's best point in time."""
    columns = {var for cells in model.break_counts.values() for var, _ in cells}
    columns = sorted(columns | set(model.keeper_of.values()))
    if columns:
        kinds = np.full(len(columns), highspy.HighsVarType.kInteger)
        highs.changeColsIntegrality(len(columns), np.asarray(columns, dtype=np.int32), kinds)
    _allow(highs, seconds)
    highs.setOptionValue("mip_rel_gap", 1e-3)
    highs.run()
    if highs.getInfo().primal_solution_status != 2:  # no feasible point
        return None
    return np.asarray(highs.getSolution().col_value)


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
