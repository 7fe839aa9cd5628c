"""Contingency escalation: level 3, then 2, then 1, each only if the one before falls short.

"Falls short" is decided on projected service (``scheduler.evaluate``, the staffing engine:
Erlang A or C on the forecast when the instance has one, else agents on the phones against
agents required), interval by interval from ``now`` on. An interval holds when it meets its
target, or when it already missed it in the published plan and is no worse now: a re-plan
answers the changes, it does not re-open the week's plan.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

from scheduler.evaluate import projected_service
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster
from scheduler.replan.apply import Revision
from scheduler.replan.bound import BoundJob, best_bound
from scheduler.replan.changes import Changes
from scheduler.replan.scope import ESCALATION, Level
from scheduler.replan.search import Plan, PlanSource, priced, replan_cost, search_level
from scheduler.replan.shortfall import Shortfall, shortfall
from scheduler.replan.solve import LevelSolve, fixed_roster, solve_level

IntegerSource = Callable[[], Roster | None]  # the relaxation's rounded roster, once it came

LEVEL_TEXT = {
    Level.NONE: "no contingency action (only absent agents taken off)",
    Level.PHONES: "level 3: non-phone work back on the phones, breaks moved",
    Level.SUPPORT: "level 2: support team on the queues",
    Level.RESERVES: "level 1: reserves by tier, overtime, extended or added shifts",
}
# Share of the time left that each level may use (the last level gets the rest).
# Reading a level's roster back and projecting its service (measured 0.3-0.4 s at 1,000
# agents) happens after its solve: kept aside so the whole escalation ends within the limit.
READ_BACK_SECONDS = 0.4
# Level 1 has the largest model and the most to gain, so the first two get small shares.
TIME_SHARE = {Level.PHONES: 0.15, Level.SUPPORT: 0.2, Level.RESERVES: 1.0}
# Levels 2 and 1 can be solved by CP-SAT over a restricted neighbourhood (a bound, few
# moves) or by the late-acceptance search over every future agent-day of the changed days
# (no bound, far better rosters at 1,000 agents: see benchmarks/README.md).
# "auto" gives CP-SAT a first share of the level and keeps its roster when it proves it optimal
# (small centres: seconds), else runs the search and keeps the cheapest valid candidate;
# above ``AUTO_CP_SAT_AGENTS`` it runs the search alone.
ENGINES = ("auto", "search", "cp-sat")
SEARCH_LEVELS = (Level.SUPPORT, Level.RESERVES)
CP_SAT_SHARE = 0.3
# Above this many agents "auto" searches at once: at 1,000 agents CP-SAT's share proved
# nothing and cost the search 0.25-0.45 % of re-plan cost (3 runs each: 455,774-455,894 vs
# 453,898-454,837); at 200 agents both gave the same roster. Between: not measured.
AUTO_CP_SAT_AGENTS = 500


@dataclass(frozen=True)
class LevelOutcome:
    level: Level
    short_intervals: int  # intervals from now on that do not hold the target
    solve: LevelSolve | None = None

    @property
    def held(self) -> bool:
        return self.short_intervals == 0

    def reason(self) -> str:
        verdict = "holds" if self.held else f"{self.short_intervals} interval(s) still short"
        return f"{LEVEL_TEXT[self.level]}: {verdict}"


@dataclass
class Escalation:
    roster: Roster
    level: Level
    outcomes: list[LevelOutcome] = field(default_factory=list)
    before: Roster | None = None  # level 0: nothing done beyond what the changes force

    @property
    def final(self) -> LevelOutcome:
        return self.outcomes[-1]


def escalate(
    original: Instance,
    revision: Revision,
    published: Roster,
    changes: Changes,
    time_limit: float,
    workers: int = 2,
    seed: int = 0,
    started: float | None = None,
    engine: str = "auto",
    max_moves: int | None = None,
) -> Escalation:
    """Levels 3, 2, 1 in order within ``time_limit`` seconds counted from ``started`` (a
    ``time.monotonic()`` reading; default now), so a caller that loaded files first can count
    that time too. ``engine`` solves levels 2 and 1 (level 3 is always CP-SAT); with
    ``max_moves`` the search's result depends on the seed only. Unless ``engine`` is cp-sat,
    the rosters of levels 2 and 1 carry their re-plan cost as objective and, when it was
    found in time, the lower bound of the whole re-plan problem (``bound``)."""
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r}: use one of {', '.join(ENGINES)}")
    started = time.monotonic() if started is None else started
    if changes.empty:
        outcome = LevelOutcome(Level.NONE, 0)
        return Escalation(published, Level.NONE, [outcome], published)
    reference = _reference(original, published, revision)
    before = fixed_roster(revision, published)
    outcome = LevelOutcome(Level.NONE, short_intervals(revision, before, reference))
    escalation = Escalation(before, Level.NONE, [outcome], before)
    if outcome.held:
        return escalation
    short = shortfall(revision.instance, before, revision.now.absolute)
    job = _bound_job(revision, published, before, changes, workers, engine, started, time_limit)
    try:
        searched = _levels(
            escalation,
            revision,
            published,
            changes,
            time_limit,
            workers,
            seed,
            started,
            engine,
            max_moves,
            short,
            reference,
            job,
        )
    finally:
        # Checking that a bound's relaxation admits the roster comes after: kept aside.
        left = time_limit - (time.monotonic() - started) - READ_BACK_SECONDS
        bounds = job.wait(left) if job else []
    if job is not None:
        _attach_bounds(escalation, searched, bounds, revision, published, changes)
    return escalation


def _levels(
    escalation: Escalation,
    revision: Revision,
    published: Roster,
    changes: Changes,
    time_limit: float,
    workers: int,
    seed: int,
    started: float,
    engine: str,
    max_moves: int | None,
    short: Shortfall,
    reference: pd.DataFrame,
    job: BoundJob | None = None,
) -> set[Level]:
    """Levels 3, 2, 1 until one holds; returns the levels the search path solved."""
    searched: set[Level] = set()
    for level in ESCALATION:
        remaining = len(ESCALATION) - ESCALATION.index(level)
        left = time_limit - (time.monotonic() - started) - READ_BACK_SECONDS * remaining
        seconds = max(0.0, left) * TIME_SHARE[level]
        solved = None
        if _cp_sat_first(engine, level, len(revision.instance.agents)):
            share = CP_SAT_SHARE if engine == "auto" and level in SEARCH_LEVELS else 1.0
            with job.paused() if job is not None else contextlib.nullcontext():
                solved = solve_level(
                    revision,
                    published,
                    changes,
                    level,
                    seconds * share,
                    workers,
                    seed,
                    short,
                    escalation.roster,
                )
        if engine != "cp-sat" and level in SEARCH_LEVELS and _worth_searching(solved):
            left = seconds - (solved.seconds if solved is not None else 0.0)
            solved = _searched(
                revision,
                published,
                changes,
                level,
                left,
                seed,
                escalation.roster,
                max_moves,
                solved,
                _plan_source(job, level, max_moves),
                _integer_source(job, level, max_moves),
            )
            searched.add(level)
        assert solved is not None
        outcome = LevelOutcome(level, short_intervals(revision, solved.roster, reference), solved)
        if outcome.short_intervals > escalation.final.short_intervals:
            # Cheaper in total but short in more intervals: keep the roster of the level before.
            escalation.outcomes.append(LevelOutcome(level, escalation.final.short_intervals))
            continue
        escalation.outcomes.append(outcome)
        escalation.roster, escalation.level = solved.roster, level
        if outcome.held:
            break
    return searched


def _bound_job(
    revision: Revision,
    published: Roster,
    before: Roster,
    changes: Changes,
    workers: int,
    engine: str,
    started: float,
    time_limit: float,
) -> BoundJob | None:
    """The bound of the whole re-plan problem (``bound``) for levels 2 and 1: beside the
    levels in a child process with two or more workers, else after them (small centres: a
    fraction of a second). The cp-sat engine reports its own (restricted) bound instead."""
    if engine == "cp-sat":
        return None
    seconds = max(1.0, time_limit - (time.monotonic() - started) - READ_BACK_SECONDS)
    return BoundJob(revision, published, before, changes, seconds, background=workers >= 2)


def _attach_bounds(
    escalation: Escalation,
    searched: set[Level],
    bounds: list,
    revision: Revision,
    published: Roster,
    changes: Changes,
) -> None:
    """Give each roster of levels 2 and 1 the largest bound whose relaxation admits it, with
    its re-plan cost as the objective (a roster CP-SAT proved optimal in its neighbourhood,
    not searched further, is priced here: CP-SAT's objective counts only what it reaches)."""
    before = escalation.before
    assert before is not None
    for n, outcome in enumerate(escalation.outcomes):
        solve = outcome.solve
        if solve is None or outcome.level not in SEARCH_LEVELS:
            continue
        cost = solve.objective
        if outcome.level not in searched or cost is None:
            cost = float(replan_cost(revision, published, solve.roster, changes.weights))
        value, note = best_bound(bounds, solve.roster, revision, published, before, changes)
        solve = replace(solve, objective=cost, bound=value, note=note)
        escalation.outcomes[n] = replace(outcome, solve=solve)


def _searched(
    revision: Revision,
    published: Roster,
    changes: Changes,
    level: Level,
    seconds: float,
    seed: int,
    start: Roster,
    max_moves: int | None,
    cp_sat: LevelSolve | None = None,
    plan: PlanSource | None = None,
    integer: IntegerSource | None = None,
) -> LevelSolve:
    """The cheapest valid roster of the search's, CP-SAT's (if it ran), the relaxation's
    whole point (``integer_plan``, if it came in time) and the level's start, by the
    validator's cost plus the change prices (``replan_cost``). CP-SAT's own objective counts
    only the slots its neighbourhood reaches, so it is priced again here."""
    taken: list[Roster] = []  # the rounded roster the search restarted from, if it did

    def restart() -> Roster | None:
        found = integer() if integer is not None else None
        if found is not None:
            taken.append(found)
        return found

    searched = search_level(
        revision,
        published,
        start,
        changes,
        level,
        seconds,
        seed,
        max_moves=max_moves,
        plan=plan,
        restart=restart if integer is not None else None,
    )
    weights = changes.weights
    candidates = [(float(replan_cost(revision, published, start, weights)), 2, "start kept")]
    if cp_sat is not None:
        candidates.append((float(replan_cost(revision, published, cp_sat.roster, weights)), 1, ""))
    if searched.feasible and searched.objective is not None:
        candidates.append((searched.objective, 0, ""))
    whole = integer() if integer is not None else None
    if whole is not None and not (taken and whole is taken[-1]):  # else the search's is cheaper
        cost, feasible = priced(revision, published, whole, weights)
        if feasible:
            candidates.append((float(cost), 3, ""))
    cost, rank, _ = min(candidates)
    if rank == 0:
        return searched
    if rank == 3 and whole is not None:
        status = "relaxation rounded (cheaper than the search's)"
        return replace(searched, roster=whole, objective=cost, status=status)
    if rank == 1 and cp_sat is not None:  # priced like the others, so a bound compares
        seconds = cp_sat.seconds + searched.seconds
        return replace(cp_sat, objective=cost, bound=None, seconds=seconds)
    return replace(searched, roster=start, objective=cost, status="start kept (no better found)")


def _plan_source(job: BoundJob | None, level: Level, max_moves: int | None) -> PlanSource | None:
    """Level 1's relaxation, once solved beside the search, as a start for it (not with a
    move budget: its arrival depends on the clock)."""
    if job is None or level != Level.RESERVES or max_moves is not None:
        return None

    def plan() -> Plan | None:
        bound = job.arrived(level)
        return bound.plan if bound is not None and bound.plan else None

    return plan


def _integer_source(
    job: BoundJob | None, level: Level, max_moves: int | None
) -> IntegerSource | None:
    """Level 1's relaxation rounded to a roster beside the search (``integer_plan``): the
    search restarts from it once it comes, and it is a candidate at the end of the level
    (not with a move budget: its arrival depends on the clock)."""
    if job is None or level != Level.RESERVES or max_moves is not None:
        return None
    return lambda: job.integer_roster(level)


def _cp_sat_first(engine: str, level: Level, agents: int) -> bool:
    """Does CP-SAT solve this level (alone, or first under "auto")?"""
    if level not in SEARCH_LEVELS or engine == "cp-sat":
        return True
    return engine == "auto" and agents <= AUTO_CP_SAT_AGENTS


def _worth_searching(solved: LevelSolve | None) -> bool:
    """CP-SAT proved its neighbourhood optimal: searching more cannot pay for its time."""
    return solved is None or solved.status != "optimal"


def _reference(original: Instance, published: Roster, revision: Revision) -> pd.DataFrame:
    """The published plan's own shortfall, interval by interval, before anything changed."""
    return _future(projected_service(original, published), revision)


def _future(frame: pd.DataFrame, revision: Revision) -> pd.DataFrame:
    horizon = revision.instance.horizon
    now = horizon.date_of(0).toordinal() * 1440 + revision.now.absolute
    stamps = [
        pd.Timestamp(f"{d}T{s}").to_pydatetime()
        for d, s in zip(frame["date"], frame["start"], strict=True)
    ]
    minutes = [s.date().toordinal() * 1440 + s.hour * 60 + s.minute for s in stamps]
    frame = frame.assign(_minute=minutes)
    frame = frame[frame["_minute"] >= now]
    return frame.set_index(["date", "start", "queue"])


def short_intervals(revision: Revision, roster: Roster, reference: pd.DataFrame) -> int:
    """Intervals from ``now`` on that miss their target and are worse than in the plan."""
    frame = _future(projected_service(revision.instance, roster), revision)
    plan = reference[["required", "scheduled", "meets_target"]].add_suffix("_plan")
    frame = frame.join(plan, how="left")
    short_now = frame["required"] - frame["scheduled"]
    short_plan = (frame["required_plan"] - frame["scheduled_plan"]).fillna(0.0)
    missed_plan = ~frame["meets_target_plan"].fillna(True).astype(bool)
    held = frame["meets_target"].astype(bool) | (missed_plan & (short_now <= short_plan + 1e-9))
    return int((~held).sum())
