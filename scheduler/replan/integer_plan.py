"""A whole roster from a level's relaxation: the bound's LP rounded, then its breaks whole.

The relaxation's whole points are rosters at their own cost (``layout.realise``; measured at
200 agents: the relaxation's MIP, 69,927, realised at 69,927 by the validator). That MIP
takes 20-30 s at 200-1,000 agents; two cheap steps come close:

1. *dive*: fix every free agent-day the LP all but decides (one option weighted at least
   ``DECIDED``, or all together at most 1 - ``DECIDED``), re-solve from the last basis, and
   when none is that clear fix the clearest ``UNCLEAR_SHARES`` of them; until every free
   day is fixed (1,000 agents: ~15 re-solves, 0.9 s; a second dive if time is left). A
   pick past its agent's weekly room, or one the LP refuses, is barred and its day stays
   open (``_Room``, ``_take``, ``_bar``);
2. *breaks*: the shifts fixed, the break counts whole (a MIP; 0.7 s at 1,000 agents).

No new overtime and no non-phone work cut (their 'used' variables fixed at 0): the counts
would not say which spans. The contract minimums, which the bound leaves out, are held here
(``_weekly_minimums``), so the roster passes the validator. At 1,000 agents this gave
447,948 against the search's ~450k (bound 444,895). The result is one more candidate of
level 1, priced by the validator like the others, and the level's search restarts from it
(``search._restarted``); it needs each free agent-day in a class of its own
(``day_counts``).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from scheduler.models.instance import Role
from scheduler.models.roster import Roster
from scheduler.replan.bound_model import BoundModel
from scheduler.replan.layout import realise
from scheduler.replan.relaxation import Key
from scheduler.replan.scope import Level

DECIDED = 0.9  # a free agent-day whose LP weight is this clear is fixed at once
# When none is that clear, the clearest share of the open days is fixed, a quarter first and,
# if time is left, a tenth in a second dive (the cheaper roster kept). 1,000 agents, three
# generated weeks: a quarter 447,948 / 406,895 / 438,097 (15 re-solves, 0.9 s), a tenth
# 448,496 / 405,554 / 438,037 (22-24, 1.2 s), half 448,775 / 407,009 / 438,676.
UNCLEAR_SHARES = (0.25, 0.1)
LP_SECONDS_SHARE = 0.6  # of the time left, for the dive; the rest for the breaks' MIP


@dataclass(frozen=True)
class IntegerRoster:
    """A level's roster from its relaxation (None: none in time, ``stats`` says why), with
    its re-plan cost as the rounded programme says (``stats["cost"]``; the validator agrees,
    which the tests check)."""

    level: Level
    roster: Roster | None
    stats: dict[str, Any] = field(default_factory=dict)


class Rounding:
    """Dives from one solved programme: new overtime and work cuts fixed at 0 and the
    contract minimums added once; each dive starts from those bounds again."""

    def __init__(self, model: BoundModel, highs: highspy.Highs) -> None:
        self.model, self.highs = model, highs
        self.alone = not set(model.relaxation.free) - set(model.day_counts)
        if not self.alone:
            return
        _fix(highs, model.overtime_used + list(model.kept_changed.values()), 0.0)
        _weekly_minimums(model, highs)
        lp = highs.getLp()
        self.lower = np.asarray(lp.col_lower_).copy()
        self.upper = np.asarray(lp.col_upper_).copy()
        self.rows = highs.getNumRow()
        self.basis = None  # the set-up LP's, once solved: a later dive starts from it
        self.whole = sorted(
            {var for cells in model.break_counts.values() for var, _ in cells}
            | set(model.keeper_of.values())
        )

    def roster(self, seconds: float, share: float = UNCLEAR_SHARES[0]) -> IntegerRoster:
        """One dive fixing ``share`` of the unclear days a round, then the breaks' MIP and
        the roster; within ``seconds``."""
        started = time.monotonic()
        level = self.model.relaxation.level
        if not self.alone:
            return IntegerRoster(level, None, {"status": "pooled classes: no agent-day alone"})
        self._restore()
        point, rounds = _dive(self.model, self.highs, seconds * LP_SECONDS_SHARE, share, self)
        stats: dict[str, Any] = {"share": share, "dive_rounds": rounds}
        stats["dive_seconds"] = round(time.monotonic() - started, 2)
        if point is None:
            status = "the dive ended without a whole point (time, or no LP point)"
            return IntegerRoster(level, None, {**stats, "status": status})
        left = seconds - (time.monotonic() - started)
        point = _whole_breaks(self.highs, self.whole, left)
        stats["seconds"] = round(time.monotonic() - started, 2)
        if point is None:
            return IntegerRoster(level, None, {**stats, "status": "no whole breaks in time"})
        # The programme's value at the point, not HiGHS's reported objective: after the
        # breaks' MIP the two differed once (14,490 reported, 14,640 at its own point).
        costs = np.asarray(self.highs.getLp().col_cost_)
        cost = float(costs @ point) + self.model.lp.constant
        stats.update(status="found", cost=round(cost))
        return IntegerRoster(level, realise(self.model, point), stats)

    def _restore(self) -> None:
        """The programme as set up: its bounds, no rows a dive added, every column
        continuous, and the set-up LP's basis (else the LP starts cold: 2 s at 1,000 agents)."""
        highs, n = self.highs, len(self.lower)
        highs.changeColsBounds(n, np.arange(n, dtype=np.int32), self.lower, self.upper)
        added = highs.getNumRow() - self.rows
        if added:
            highs.deleteRows(added, np.arange(self.rows, self.rows + added, dtype=np.int32))
        if self.whole:
            kinds = np.full(len(self.whole), highspy.HighsVarType.kContinuous)
            highs.changeColsIntegrality(len(self.whole), np.asarray(self.whole, np.int32), kinds)
        if self.basis is not None:
            highs.setBasis(self.basis)


def integer_roster(model: BoundModel, highs: highspy.Highs, seconds: float) -> IntegerRoster:
    """One dive's roster from ``highs`` (holding ``model``'s programme, just solved: its basis
    starts the dive); see ``Rounding``."""
    return Rounding(model, highs).roster(seconds)


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
        started = [rx.before.get(key) for key in keys]  # the level's start on the free days
        paid = sum(instance.paid_minutes(d.shift.minutes) for d in started if d and d.shift)
        needed = instance.weekly_min_minutes(agent, week) - model.weekly_paid[(agent_id, week)]
        needed = min(needed, paid)
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


def _dive(
    model: BoundModel,
    highs: highspy.Highs,
    seconds: float,
    share: float = UNCLEAR_SHARES[0],
    rounding: Rounding | None = None,
) -> tuple[np.ndarray | None, int]:
    """Every free agent-day fixed to one option or off (see the module text); the last LP
    point, or None when time runs out or the LP has no point. Rounding up can break a
    weekly cap (or the rounding's minimum) the LP met fractionally: a pick past its week's
    room is barred first (``_Room``), a batch the LP still refuses is halved until the
    refused days are found (``_take``), and each of those stays open with its choice barred
    (``_bar``; on a second generated week, sending such days off instead cost 2 %: 403,852
    -> 411,982)."""
    deadline = time.monotonic() + seconds
    open_days = set(model.day_counts)
    room = _Room(model)
    solves = [1]
    if not _solved(highs, deadline):
        return None, 1
    if rounding is not None and rounding.basis is None:
        rounding.basis = highs.getBasis()
    while open_days:
        if time.monotonic() > deadline:
            return None, solves[0]
        point = np.asarray(highs.getSolution().col_value)
        clearest = {key: _clarity(model.day_counts[key], point) for key in open_days}
        chosen = sorted(key for key, (clarity, _) in clearest.items() if clarity >= DECIDED)
        if not chosen:
            ranked = sorted(sorted(open_days), key=lambda key: -clearest[key][0])
            chosen = ranked[: max(1, math.ceil(len(ranked) * share))]
        picks = room.fitting({key: clearest[key][1] for key in chosen}, highs)
        refused = _take(model, highs, picks, deadline, solves)
        if refused is None:
            return None, solves[0]
        room.take({key: pick for key, pick in picks.items() if key not in refused})
        open_days -= set(picks) - refused
    return np.asarray(highs.getSolution().col_value), solves[0]


class _Room:
    """What each agent's week can still take (paid minutes, working days) as its free days
    are fixed: a pick past it is barred before the LP would refuse it (the LP rounds 0.95 of
    a 510-minute shift against 484 minutes left), with every option that cannot fit, and its
    day stays open. Which of an agent's days is barred then follows the order of the days,
    not which half of a refused batch the LP tried first."""

    def __init__(self, model: BoundModel) -> None:
        self.model = model
        self.left = dict(model.weekly_room)
        options = model.relaxation.catalogue.options
        self.paid = {
            var: options[o].paid
            for counts in model.day_counts.values()
            for (_, o), var in counts.items()
        }

    def fitting(self, picks: dict[Key, int | None], highs: highspy.Highs) -> dict[Key, int | None]:
        """The picks that fit in order of the days (off always fits); the others' days get
        their options that cannot fit barred."""
        left = dict(self.left)
        fitting: dict[Key, int | None] = {}
        for key in sorted(picks, key=lambda k: (k[1], k[0])):
            pick, week = picks[key], (key[0], key[1] // 7)
            if pick is None or week not in left:
                fitting[key] = pick
                continue
            minutes, days = left[week]
            if days >= 1 and self.paid[pick] <= minutes:
                fitting[key] = pick
                left[week] = (minutes - self.paid[pick], days - 1)
                continue
            counts = self.model.day_counts[key].values()
            _fix(highs, [v for v in counts if days < 1 or self.paid[v] > minutes], 0.0)
        return fitting

    def take(self, picks: dict[Key, int | None]) -> None:
        for key, pick in picks.items():
            week = (key[0], key[1] // 7)
            if pick is not None and week in self.left:
                minutes, days = self.left[week]
                self.left[week] = (minutes - self.paid[pick], days - 1)


def _take(
    model: BoundModel,
    highs: highspy.Highs,
    picks: dict[Key, int | None],
    deadline: float,
    solves: list[int],
) -> set[Key] | None:
    """Fix the picks; the days whose pick the LP refused (barred, left open), found by
    halving a refused batch; None when time runs out or the LP has no point."""
    for key, pick in picks.items():
        _choose(model, highs, key, pick)
    solves[0] += 1
    if _solved(highs, deadline):
        return set()
    if time.monotonic() > deadline:
        return None
    for key in picks:
        _choose(model, highs, key, None, release=True)
    if len(picks) == 1:
        key, pick = next(iter(picks.items()))
        _bar(model, highs, key, pick)
        solves[0] += 1
        return {key} if _solved(highs, deadline) else None
    keys = sorted(picks)
    refused: set[Key] = set()
    for part in (keys[: len(keys) // 2], keys[len(keys) // 2 :]):
        found = _take(model, highs, {key: picks[key] for key in part}, deadline, solves)
        if found is None:
            return None
        refused |= found
    return refused


def _bar(model: BoundModel, highs: highspy.Highs, key: Key, pick: int | None) -> None:
    """Bar a refused rounding: an option and every other of the day paying the same minutes
    (a weekly cap or minimum refuses them alike; one option at a time took 190 re-solves on
    a generated week), or, when being off was refused, the day off."""
    counts = model.day_counts[key]
    if pick is None:
        index = np.asarray(sorted(counts.values()), dtype=np.int32)
        highs.addRow(1.0, highspy.kHighsInf, len(index), index, np.ones(len(index)))
        return
    options = model.relaxation.catalogue.options
    paid = {var: options[o].paid for (_, o), var in counts.items()}
    _fix(highs, [var for var, minutes in paid.items() if minutes == paid[pick]], 0.0)


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


def _whole_breaks(highs: highspy.Highs, whole: list[int], seconds: float) -> np.ndarray | None:
    """The break counts (and keepers) ``whole``, every shift already fixed; the MIP's best
    point in time."""
    if whole:
        kinds = np.full(len(whole), highspy.HighsVarType.kInteger)
        highs.changeColsIntegrality(len(whole), np.asarray(whole, dtype=np.int32), kinds)
    _allow(highs, seconds)
    highs.setOptionValue("mip_rel_gap", 1e-3)
    highs.run()
    if highs.getInfo().primal_solution_status != 2:  # no feasible point
        return None
    return np.asarray(highs.getSolution().col_value)
