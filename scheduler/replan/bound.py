"""A lower bound of the whole re-plan problem of a level, for every engine's roster.

CP-SAT's bound is only that of its restricted neighbourhood, and the search has none. This
bound is the minimum of a linear relaxation (``bound_model``) of the re-plan problem of a level
(``relaxation``): at most the re-plan cost (the validator's total on the revised instance plus
every change price, ``search.replan_cost``) of every roster the relaxation admits. The
programme's value is taken from its duals (``programme``), so LP tolerances cannot make it
invalid; costs are whole numbers, so it is rounded up. A level's roster gets the bound only
when ``relaxation.admits`` it (the re-plan's rosters are admitted by construction; a roster
that is not, e.g. an invalid one, gets none).

The programme takes seconds at 1,000 agents (HiGHS, single-threaded) and the search is
single-threaded Python, so on two cores it runs in a child process beside the levels
(``BoundJob``; paused while CP-SAT's two workers run), one level after the other, from
level 1 (the widest problem: its bound holds for any roster level 1 would admit, the rosters
of levels 3 and 2 included) to level 2. A bound not found within the time limit is not
reported. With each agent a class of its own, the LP's point also says what each free
agent-day should do (``Bound.plan``), which level 1's search takes as a start, and right
after level 1's bound the child rounds that point to a whole roster (``integer_plan``), one
more candidate for level 1 (1,000 agents: 448,346 against the search's ~450k).
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import queue
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from scheduler.models.roster import Roster
from scheduler.replan.apply import Revision
from scheduler.replan.bound_model import BoundModel
from scheduler.replan.changes import Changes
from scheduler.replan.integer_plan import UNCLEAR_SHARES, IntegerRoster, Rounding
from scheduler.replan.programme import Solved, solve
from scheduler.replan.relaxation import (
    FreeDay,
    Key,
    Pattern,
    Relaxation,
    admits,
    relax,
    unsorted,
)
from scheduler.replan.scope import Level
from scheduler.replan.search import Plan

# Levels whose problem is bounded, widest first: level 1's bound already holds for the
# rosters of every level, so it comes first; level 2's is tighter for a level-2 roster.
BOUNDED_LEVELS = (Level.RESERVES, Level.SUPPORT)


@dataclass(frozen=True)
class Bound:
    """A whole-number lower bound of one level's re-plan problem (None: none proven), with
    the sorting of agent-days it holds for (to check a roster against)."""

    level: Level
    value: float | None
    stats: dict[str, Any]
    free: dict[Key, tuple[tuple[int, ...], Pattern | None]] = field(default_factory=dict)
    kept: frozenset[Key] = frozenset()
    # The relaxation's choice for free agent-days it all but decides, a start for the search:
    # (queue, shift start, shift end), or None for off.
    plan: Plan = field(default_factory=dict)


def lower_bound(relaxation: Relaxation, seconds: float) -> Bound:
    """The relaxation's bound within ``seconds`` (building the programme included)."""
    return _solved_bound(relaxation, seconds)[0]


def _solved_bound(relaxation: Relaxation, seconds: float) -> tuple[Bound, BoundModel, Solved]:
    """The bound, with the model and the solved programme (for ``integer_roster``)."""
    started = time.monotonic()
    model = BoundModel(relaxation)
    programme = model.build()
    built = time.monotonic() - started
    variables, rows, _ = programme.size
    stats: dict[str, Any] = {
        "level": int(relaxation.level),
        "free_days": len(relaxation.free),
        "kept_days": len(relaxation.kept),
        "classes": model.classes,
        "variables": variables,
        "rows": rows,
        "build_seconds": round(built, 2),
        "settled": {k: int(v) for k, v in model.constants.items()},
    }
    solved = solve(programme, seconds - built)
    stats["status"] = solved.status
    stats["seconds"] = round(time.monotonic() - started, 2)
    value = None if solved.bound is None else float(math.ceil(solved.bound))
    if solved.objective is not None:
        stats["lp_objective"] = round(solved.objective, 2)
    free = {k: (f.options, f.exempt) for k, f in relaxation.free.items()}
    plan = _plan(model, solved.values) if solved.values is not None else {}
    bound = Bound(relaxation.level, value, stats, free, frozenset(relaxation.kept), plan)
    return bound, model, solved


def _plan(model: BoundModel, values) -> Plan:
    """Per free agent-day alone in its class: off when the programme works it less than half,
    the (queue, option) it weighs at least half, else nothing."""
    options = model.relaxation.catalogue.options
    plan: Plan = {}
    for key, counts in sorted(model.day_counts.items()):
        weights = {pair: float(values[var]) for pair, var in counts.items()}
        if sum(weights.values()) < 0.5:  # no option at all included
            plan[key] = None
            continue
        (queue, o), heaviest = max(weights.items(), key=lambda kv: (kv[1], kv[0]))
        if heaviest >= 0.5:
            plan[key] = (queue, options[o].start, options[o].end)
    return plan


def level_bounds(
    revision: Revision,
    published: Roster,
    before: Roster,
    changes: Changes,
    seconds: float,
    report=None,
    rosters: bool = False,
) -> list[Bound]:
    """The bounds of ``BOUNDED_LEVELS`` in order within ``seconds``; ``report`` hears each,
    and with ``rosters`` level 1's relaxation rounded to a roster right after its bound
    (``integer_plan``) and, with the time left after the last bound, rounded again by the
    other ``UNCLEAR_SHARES`` (reported only when cheaper)."""
    deadline = time.monotonic() + seconds
    found, rounding, best = [], None, math.inf
    for level in BOUNDED_LEVELS:
        left = deadline - time.monotonic()
        if left < 0.5:
            break
        relaxation = relax(revision, published, before, changes, level)
        bound, model, solved = _solved_bound(relaxation, left)
        found.append(bound)
        if report is None:
            continue
        report(bound)
        if rosters and level == Level.RESERVES and solved.highs is not None:
            try:
                rounding = Rounding(model, solved.highs)
            except Exception as exc:  # noqa: BLE001 - as in ``_rounded``
                report(IntegerRoster(level, None, {"status": f"failed: {exc!r}"}))
                continue
            first = _rounded(rounding, deadline, UNCLEAR_SHARES[0])
            best = first.stats.get("cost", math.inf)
            report(first)
    for share in UNCLEAR_SHARES[1:] if rounding is not None else ():
        if deadline - time.monotonic() < 0.5:
            break
        again = _rounded(rounding, deadline, share)
        if again.roster is not None and again.stats["cost"] < best:
            best = again.stats["cost"]
            report(again)
    return found


def _rounded(rounding: Rounding, deadline: float, share: float) -> IntegerRoster:
    """One rounding; a failure costs only the rounded roster, never a bound still to come."""
    try:
        return rounding.roster(deadline - time.monotonic(), share)
    except Exception as exc:  # noqa: BLE001 - the search's roster stands
        level = rounding.model.relaxation.level
        return IntegerRoster(level, None, {"status": f"failed: {exc!r}"})


def rebuilt_relaxation(
    bound: Bound, revision: Revision, published: Roster, before: Roster, changes: Changes
) -> Relaxation:
    """The relaxation a bound was computed for, from its sorting (no domains recomputed)."""
    relaxation = unsorted(revision, published, before, changes, bound.level)
    relaxation.free = {
        k: FreeDay(k, options, relaxation.published.get(k), exempt)
        for k, (options, exempt) in bound.free.items()
    }
    relaxation.kept = {k: relaxation.before[k] for k in bound.kept}
    return relaxation


def best_bound(
    bounds: list[Bound],
    roster: Roster,
    revision: Revision,
    published: Roster,
    before: Roster,
    changes: Changes,
) -> tuple[float | None, str]:
    """The largest bound whose relaxation admits ``roster``, and a note of what was used (or
    why there is none)."""
    best, notes = None, []
    for bound in bounds:
        if bound.value is None:
            notes.append(f"level {int(bound.level)}: {bound.stats.get('status')}")
            continue
        relaxation = rebuilt_relaxation(bound, revision, published, before, changes)
        problem = admits(relaxation, roster)
        if problem is not None:
            notes.append(f"level {int(bound.level)} does not admit the roster: {problem}")
        elif best is None or bound.value > best[0]:
            seconds = bound.stats.get("seconds")
            best = (bound.value, f"level {int(bound.level)} relaxation (LP {seconds} s)")
    if best is None:
        return None, "; ".join(notes) or "no bound computed in time"
    return best


def _child(args: tuple, out) -> None:
    """The child's work; a failure is reported as a missing bound with its reason, never
    raised into a roster the levels already have."""
    done: list[Level] = []

    def report(found: Bound | IntegerRoster) -> None:
        out.put(found)
        if isinstance(found, Bound):
            done.append(found.level)

    try:
        level_bounds(*args, report=report, rosters=True)
    except Exception as exc:  # noqa: BLE001 - any failure only costs the bound
        missing = [level for level in BOUNDED_LEVELS if level not in done]
        if missing:
            out.put(Bound(missing[0], None, {"status": f"failed: {exc!r}"}))


class BoundJob:
    """The bounds, computed in a child process beside the levels, or (``background=False``)
    in ``wait`` after them; bounds already reported stand when the child is stopped."""

    def __init__(
        self,
        revision: Revision,
        published: Roster,
        before: Roster,
        changes: Changes,
        seconds: float,
        background: bool = True,
    ) -> None:
        self.bounds: dict[Level, Bound] = {}
        self.rosters: dict[Level, IntegerRoster] = {}
        self._args = (revision, published, before, changes, seconds)
        self._process = None
        if not background:
            return
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        self._queue = context.Queue()
        self._process = context.Process(target=_child, args=(self._args, self._queue), daemon=True)
        self._process.start()

    def wait(self, seconds: float) -> list[Bound]:
        """The bounds after waiting at most ``seconds`` for the child (stopped then); without
        a child, computed now within ``seconds`` (at least one)."""
        if self._process is None and not self.bounds:
            revision, published, before, changes, _ = self._args
            for bound in level_bounds(revision, published, before, changes, max(1.0, seconds)):
                self.bounds[bound.level] = bound
        elif self._process is not None:
            deadline = time.monotonic() + max(0.0, seconds)
            while len(self.bounds) < len(BOUNDED_LEVELS) and time.monotonic() < deadline:
                took = self._take(min(0.05, max(0.0, deadline - time.monotonic())))
                if not took and not self._process.is_alive():
                    break
            while self._take(0.05):
                pass
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process = None
        return [self.bounds[level] for level in BOUNDED_LEVELS if level in self.bounds]

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Stop the child while the levels use both cores (CP-SAT's workers): measured at
        load 3 on two cores, a child running beside CP-SAT slowed level 3 so much that it
        found no solution and the search changed nothing (re-plan cost 752k, 462k without).
        The search is single-threaded, so the child runs beside it."""
        process = self._process
        if process is None or not hasattr(signal, "SIGSTOP") or not process.is_alive():
            yield
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGCONT)

    def arrived(self, level: Level) -> Bound | None:
        """The level's bound if the child has reported it (never waits)."""
        if self._process is not None:
            while self._take(0.0):
                pass
        return self.bounds.get(level)

    def integer_roster(self, level: Level) -> Roster | None:
        """The level's ``integer_roster`` if the child has sent one (never waits)."""
        if self._process is not None:
            while self._take(0.0):
                pass
        found = self.rosters.get(level)
        return None if found is None else found.roster

    def _take(self, timeout: float) -> bool:
        """One reported bound, if one comes within ``timeout`` seconds."""
        try:
            bound = self._queue.get(timeout=max(0.001, timeout))
        except queue.Empty:
            return False
        if isinstance(bound, IntegerRoster):
            self.rosters[bound.level] = bound
        else:
            self.bounds[bound.level] = bound
        return True
