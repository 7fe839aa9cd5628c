"""Plan a roster: a fast first roster, a proven lower bound, then search.

1. First roster: a greedy construction that follows the residual demand.
2. Bound: the aggregate relaxation (classes of agents, breaks as counts, contracts summed,
   subscriptions as extra agents) solved as an LP, then on small instances column generation
   over each agent's week patterns (``bound``, ``patterns``), in a child process beside the
   search when there are two workers; each is a valid lower bound on every roster's cost.
3. Best response (``best_response``): each agent's whole week re-planned exactly against
   the others, in sweeps until none improves. It replaced a descent over single days:
   greedy to 18.9k on the demo in 0.8 s, where the descent took 3 s to reach 18.2-20.8k.
4. Late acceptance (``late_acceptance``) in rounds, each followed by a best-response sweep,
   until the time limit or the gap target. Measured at equal time (demo 10 s, 4 seeds;
   gen-200 30 s, 2 seeds), validator costs: descent then late acceptance 11,524 / 20,958;
   best response then late acceptance 10,703 / 20,005; with a sweep after every round
   10,463 / 19,765. (CP-SAT day and agent neighbourhoods, an earlier stage 4, moved the
   roster by under 1 %.) Its moves run compiled (``kernel``) where the instance allows,
   about 60 times as many a second; demo at 10 s 7,050-7,410 against 9,630.
   A search that has stalled first gives up its spare shifts (``trim``: agents paid a
   whole shift above their minimum lose their most over-staffed one, and the roster settles
   with hours held), then gets rounds with the shortfall priced low (``oscillation``),
   which let chains of moves pass through the under-staffing they need.
   Up to 500 agents the bound's process, once its pattern LP has converged, searches too
   from the LP's weeks with its own seed (``portfolio``), and the cheaper roster goes on.
5. Breaks placed exactly (``exact_breaks``) for the search's shifts, in the time kept for it
   unless late acceptance was still falling fast then (it takes that time instead), then,
   where ``polish_share`` of the limit allows every day once, each day re-planned for all
   agents by CP-SAT with the other days fixed (``day_polish``: the multi-agent changes the
   search's moves cannot make one at a time); or, on small instances, the unrestricted
   per-agent model, hinted with that roster, whose CP-SAT bound then proves optimality
   (with HiGHS on one core beside it, ``mip_search``).
   It decides subscribed overtime with the shifts where its overtime rule is exact
   (``_overtime_in_model``): generated 12- and 20-agent instances at 30 s, seeds 0-1, cost
   1,770 / 1,965 / 2,610 / 1,875 against 1,995 / 2,175 / 2,610 / 2,595 with the post-pass
   alone, and the 12-agent bound rose from 1,135 to 1,245-1,260.
   Under a weekly rest too (overtime counts as work in its rests, ``rules.weekly_rest``),
   with the hint completed first (``hints.complete_hint``): the same instances with 35 h of
   weekly rest and 19 / 30 offers, 1,920 / 1,830 / 2,130 / 2,835 against 2,040 / 2,040 /
   2,535 / 3,135, the 12-agent bound 1,140-1,155 against 1,043.
6. Subscriptions: overtime added where it lowers the validator's cost (unless the model
   above has decided it).

The time limit always returns the best roster found, marked optimal only when it meets the
bound.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from functools import partial
from itertools import pairwise
from typing import Any

from ortools.sat.python import cp_model
from pydantic import BaseModel, ConfigDict, Field

from scheduler.check.costs import roster_costs
from scheduler.models.instance import Agent, Instance
from scheduler.models.result import SolveResult, SolveStatus
from scheduler.optimise.agent_model import reoptimise_agents
from scheduler.optimise.best_response import BestResponse
from scheduler.optimise.bound import PATTERN_AGENTS, BoundJob
from scheduler.optimise.day_polish import polish_days, worth_polishing
from scheduler.optimise.diagnose import explain_infeasible
from scheduler.optimise.exact_breaks import exact_breaks
from scheduler.optimise.extract import build_roster
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.hints import complete_hint, hint_assignment, read_assignment
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.mip_search import MipSearch, MipValues
from scheduler.optimise.options import OptionCatalogue, rosterable
from scheduler.optimise.oscillation import Oscillation
from scheduler.optimise.portfolio import SearchPlan
from scheduler.optimise.progress import Printer, ProgressCallback, format_progress, stderr_printer
from scheduler.optimise.restarts import Patience, race, race_seeds
from scheduler.optimise.roster_model import build_roster_model
from scheduler.optimise.roster_state import (
    AgentState,
    Assignment,
    RosterBuilder,
    RosterSnapshot,
    snapshot,
)
from scheduler.optimise.rounds import Search, start_from_weeks
from scheduler.optimise.rules.overtime import add_overtime, offers_by_agent_day, read_overtime
from scheduler.optimise.subscriptions import use_subscriptions


class SolveParams(BaseModel):
    model_config = ConfigDict(frozen=True)

    time_limit: float = Field(60.0, gt=0, description="Wall-clock seconds for the whole solve.")
    workers: int = Field(2, ge=1, description="CP-SAT workers; use the machine's cores.")
    seed: int = 0
    gap_target: float = Field(0.0, ge=0, description="Stop once this close above the bound.")
    bound_share: float = Field(
        0.3, gt=0, lt=1, description="With one worker: cap on the LP bound's time share."
    )
    descent_share: float = Field(
        0.3,
        gt=0,
        lt=1,
        description="Cap on the first best-response sweeps' share of the time left; they "
        "usually converge sooner.",
    )
    history: int = Field(
        50, ge=1, description="Late-acceptance history (measured on the demo: 50 beat 200, 500)."
    )
    round_seconds: float = Field(
        1.5,
        gt=0,
        description="Late acceptance between break passes, at least (``rounds.SWEEP_RATIO`` "
        "times a best-response sweep when longer). Demo at 10 s, seeds 0-5: 1.5 s mean "
        "9,278 against 9,692 with 5 s.",
    )
    rounds: int = Field(4, ge=1, description="Rounds of ``moves`` moves when a budget is set.")
    moves: int | None = Field(
        None,
        ge=1,
        description="Late-acceptance moves per round instead of a time budget: the same seed "
        "then gives the same roster on any machine, as long as the time limit is not reached.",
    )
    break_share: float = Field(
        0.1,
        ge=0,
        lt=1,
        description="Share of the time kept for the exact break placement at the end.",
    )
    polish_share: float = Field(
        0.3,
        ge=0,
        lt=1,
        description="Share of the time kept for re-planning one day at a time with CP-SAT "
        "after the search (``day_polish``), where that time allows every day once.",
    )
    full_model_search_share: float = Field(
        0.5,
        gt=0,
        le=1,
        description="Late acceptance's share of the time on small instances, at most: it "
        "hands over to the full model sooner once it stalls (``STALL_ROUNDS``).",
    )
    full_model_limit: int = Field(
        5_000,
        ge=0,
        description="Solve the unrestricted model when it has at most this many shift "
        "Booleans: its CP-SAT bound then proves optimality.",
    )


# Past the late-acceptance share, rounds go on to the limit (less the reserve) instead of the
# exact break placement while the last round cut the cost by at least this share a second.
# Measured at gen-1000 (60 s): the exact placement took 127,365 to 127,035 in 4.7 s (0.06 %
# a second) while the second start's rounds were cutting 1 % a second (124.4k -> 115.5k in
# 7 s); at 300 s the last rounds cut 0.02 % a second, and the placement keeps its share.
STEEP_RATE = 0.001
# Small instances hand over to the full model once the newest search has gone this many rounds
# without a better roster (the LP's weeks tried), rather than at ``full_model_search_share``:
# there the search stalls within seconds (24 agents: the same roster at 10 s and 30 s) and
# HiGHS and CP-SAT need the time. 60-s plans of ten generated instances of 6-24 agents, seed
# 0: 25,695 in sum against 26,835 at the share, better on six, worse on one (3,330 / 3,270);
# 30-s plans of five of them: 14,625 against 14,505 (24 agents 2,430 / 2,340: there the full
# model needs more than the 20 s it gains). Not stopping before a quarter of the limit: no
# better at 30 s.
STALL_ROUNDS = 3
EXTENSION_RESERVE = 1.0  # seconds kept after extended rounds to build the roster
ROSTER_WAIT = 0.3  # seconds the solve waits for the bound's process's roster (``portfolio``)
# Repairing agents the construction left under their minimum (``_repair``): at most this
# long each, at least the floor, and all of them within this share of the time left (and
# checking first that each has a legal week at all, ``explain_infeasible``, within another).
REPAIR_SECONDS = 5.0
REPAIR_FLOOR_SECONDS = 0.2
REPAIR_SHARE = 0.25
REPAIR_ALONE = 10  # up to this many short agents are repaired one by one, more in batches
REPAIR_BATCH = 8


class _Clock:
    def __init__(self, limit: float, instance: Instance) -> None:
        self.started = time.monotonic()
        self.limit = limit
        self.instance = instance

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def left(self) -> float:
        return max(0.05, self.limit - self.elapsed())

    def deadline(self) -> float:
        return self.started + self.limit


class _Trail:
    """Prints a progress line and keeps (seconds, objective) in ``stats["trajectory"]``, so a
    benchmark can tell when the search came within a given gap of the bound."""

    def __init__(self, printer: Printer, clock: _Clock, stats: dict) -> None:
        self.printer, self.clock = printer, clock
        self.points: list[tuple[float, float]] = stats.setdefault("trajectory", [])

    def __call__(self, stage: str, cost: float, bound: float | None) -> None:
        elapsed = self.clock.elapsed()
        self.points.append((round(elapsed, 2), cost))
        self.printer(format_progress(stage, cost, bound, elapsed))


def solve(
    instance: Instance, params: SolveParams | None = None, printer: Printer = stderr_printer
) -> SolveResult:
    params = params or SolveParams()
    clock = _Clock(params.time_limit, instance)
    catalogue = OptionCatalogue(instance)
    agents = [a for a in instance.agents if rosterable(a)]
    stats: dict[str, Any] = {"agents": len(agents)}
    builder = greedy_builder(catalogue, agents)
    stats["first_roster_seconds"] = round(clock.elapsed(), 2)
    short = _short_agents(instance, builder)
    checks_end = time.monotonic() + clock.left() * REPAIR_SHARE
    conflicts = explain_infeasible(instance, catalogue, [s.agent for s in short], checks_end)
    if conflicts:
        return SolveResult(
            status=SolveStatus.INFEASIBLE,
            wall_seconds=clock.elapsed(),
            stats=stats,
            conflicts=tuple(conflicts),
        )
    search = LateAcceptance(builder, params.seed, params.history)
    _repair(builder, short, search, clock, params)
    if left := [s.agent.id for s in _short_agents(instance, builder)]:
        stats["left_short"] = left
        printer(f"warning: {len(left)} agents left under their contract minimum: {left[:5]}")
    trail = _Trail(printer, clock, stats)
    trail("greedy", search.total(), None)
    small = _choice_count(catalogue, agents) <= params.full_model_limit
    days = instance.horizon.days
    polishing = params.polish_share * params.time_limit
    # Not under a move budget: a day's CP-SAT solve stops on the clock.
    polish = not small and params.moves is None and worth_polishing(len(agents), days, polishing)
    kept = params.break_share + (params.polish_share if polish else 0.0)
    share = params.full_model_search_share if small else 1.0 - kept
    job = _bound_job(instance, agents, clock, params, builder, share)
    # With a move budget the sweeps run to convergence: a deadline would make them depend on
    # the machine's speed.
    sweeps = 1.0 if params.moves is not None else params.descent_share
    deadline = time.monotonic() + clock.left() * sweeps
    responder = BestResponse(search, params.seed)
    responder.settle(deadline)
    trail("best response", search.total(), job.known())
    search, cost, ran_on = _late_acceptance(
        search, responder, job, clock, params, trail, share, small, stats=stats
    )
    if ran_on:
        stats["exact_breaks"] = "skipped: late acceptance still falling fast at its share"
    # Rounds on the compiled moves and on the Python ones (the first plan on a machine runs
    # Python ones while the compiled loop is built in the background: ``kernel.compiled``).
    stats["late_acceptance_rounds"] = dict(search.runs)
    builder = search.b
    start = snapshot(builder)
    theirs = job.roster(ROSTER_WAIT)
    if theirs is not None:
        stats["bound_search_cost"] = [theirs.cost, cost]  # the bound's search, this one's
        stats["bound_search_starts"] = theirs.starts
        if theirs.cost < cost - 1e-6:
            start, cost = theirs.roster, theirs.cost
            trail("bound's search", cost, job.known())
    breaks = start.break_counts
    if not small and params.break_share > 0 and not ran_on:
        # One worker under a move budget: CP-SAT's multi-worker search is not reproducible.
        workers = 1 if params.moves is not None else params.workers
        found = exact_breaks(builder, start, agents, clock.left() - 0.2, workers, params.seed)
        if found is not None and found[1] < cost - 1e-6:
            breaks, cost = found
            trail("breaks", cost, job.known())
    known = job.known()
    enough = -1.0 if known is None else known * (1 + params.gap_target) + 1e-6
    if polish and not ran_on:  # it stops at once at the gap target (``enough``)
        start = RosterSnapshot(start.assignment, breaks)
        until = clock.deadline() - 0.2
        done = polish_days(builder, start, cost, agents, until, params.workers, params.seed, enough)
        stats["day_polish"] = {"days_solved": done.days_solved, "days_kept": done.days_kept}
        if done.days_kept:
            start, breaks, cost = done.roster, done.roster.break_counts, done.cost
            trail("day polish", cost, job.known())
    bound, bound_stats = job.wait(clock.left() if small else max(0.0, clock.left()) + 1.0)
    stats.update({k: v for k, v in bound_stats.items() if k not in ("lp_weeks", "roster")})
    stats["bound_seconds"] = round(clock.elapsed(), 2)
    if small:
        return _solve_full(builder, start, agents, bound, clock, params, printer, stats)
    stats["search"] = "late acceptance"
    return _result(
        build_roster(catalogue, start.assignment, breaks),
        cost,
        bound,
        clock,
        stats,
    )


def _bound_job(
    instance, agents, clock: _Clock, params: SolveParams, builder: RosterBuilder, share: float
) -> BoundJob:
    """The bound beside the search with two or more workers, else first, in its share (at
    least a few seconds: a roster without its bound cannot say how good it is). The
    builder's roster starts the pattern bound's column generation. In the background, and
    not under a move budget, the bound's process searches too once its LP has converged,
    until the late acceptance's ``share`` of the limit is over (``portfolio``)."""
    ids = [a.id for a in agents]
    if params.workers >= 2:
        seconds = max(1.0, clock.left() - 0.5)
        plan = None
        if params.moves is None:
            until = clock.started + params.time_limit * share - 2 * ROSTER_WAIT
            plan = SearchPlan(params.seed, until, params.history, params.round_seconds)
        return BoundJob(instance, ids, seconds, background=True, builder=builder, plan=plan)
    seconds = max(clock.left() * params.bound_share, min(3.0, clock.left() * 0.6))
    return BoundJob(instance, ids, seconds, background=False, builder=builder)


def _repair(
    builder: RosterBuilder,
    short: list[AgentState],
    search: LateAcceptance,
    clock: _Clock,
    params: SolveParams,
) -> None:
    """Give each agent the construction left under its minimum a legal week of its own
    (each one ``explain_infeasible`` checked has one; one it had no time for and that has
    none stays short, as one not reached here does). Each gets up to
    ``REPAIR_SECONDS``, but all of them together at most ``REPAIR_SHARE`` of the time left:
    with hours held tight (maximum = minimum) the construction can miss most agents, and
    five seconds each ran a 20-s plan of 200 agents for 55 s and a 60-s plan of 1,000 for
    over 12 minutes. Agents not reached in that share stay short, so the roster is reported
    with those violations rather than late."""
    end = time.monotonic() + clock.left() * REPAIR_SHARE
    size = 1 if len(short) <= REPAIR_ALONE else REPAIR_BATCH
    batches = [short[i : i + size] for i in range(0, len(short), size)]
    for done, batch in enumerate(batches):
        each = (end - time.monotonic()) / (len(batches) - done)
        if each <= 0:  # out of time: the rest stay short, and the validator will say so
            break
        seconds = min(REPAIR_SECONDS, max(REPAIR_FLOOR_SECONDS, each))
        reoptimise_agents(builder, batch, search.total, seconds, params.workers, params.seed, True)


def _short_agents(instance: Instance, builder: RosterBuilder) -> list:
    """Agents the constructive roster leaves under a weekly contract minimum."""
    return [
        state
        for state in builder.states.values()
        if any(
            state.paid[w] < builder.weekly_min(state.agent, w)
            for w in range(instance.horizon.weeks)
        )
    ]


def _late_acceptance(
    search: LateAcceptance,
    responder: BestResponse,
    job,
    clock: _Clock,
    params: SolveParams,
    trail,
    share: float,
    small: bool = False,
    stats: dict[str, Any] | None = None,
) -> tuple[LateAcceptance, float, bool]:
    """Late acceptance in rounds, re-placing breaks and sweeping best responses between
    rounds, until the deadline or the gap target (once the bound is known). Once the bound
    reports the pattern LP's weeks (``bound``: converged or half its time gone), the
    round under way stops and a second search runs from them (``lp_start``) for the rounds
    left; the search whose roster costs less is returned with its cost (its
    builder keeps its best roster). Past ``share`` the rounds go on to the limit, leaving
    no time for the exact breaks, while the last round still cut ``STEEP_RATE`` a second
    (not on small instances, whose full model takes the rest, nor under a move budget);
    the third value says whether they did. A search that stalls is trimmed (``trim``), later
    gets rounds with the shortfall priced low (``oscillation``), and keeps its best roster;
    each start from the LP's weeks is a race of searches with successive seeds, the
    cheapest after a round going on, and once it has stopped improving a new race starts
    from the latest weeks (``restarts``; the cheapest roster is kept; how many races in
    ``stats["restarts"]``, how many searches began in ``stats["search_starts"]``); small
    instances start once from the weeks and stop sooner instead, once the newest search
    has gone ``STALL_ROUNDS`` rounds without a better roster."""
    deadline = time.monotonic() + clock.left() * share - 0.1
    extended = small or share >= 1.0 or params.moves is not None
    ran_on = False
    searches = [_oscillation((search, responder), small, params)]
    rounds, tried = 0, False
    pace = _Pace(min(s.best for s in searches))
    patience: Patience | None = None  # for the searches from the LP's weeks (``restarts``)
    held, restarts, starts = True, 0, 0
    seeds = race_seeds(params.seed, 0)  # the bound's process races its own
    while True:
        if time.monotonic() >= deadline:
            # Still falling fast (a late second start, a short limit): the rounds are worth
            # more than the exact break placement the time was kept for.
            if extended or pace.rate < STEEP_RATE:
                break
            deadline, extended, ran_on = clock.deadline() - EXTENSION_RESERVE, True, True
            if time.monotonic() >= deadline:
                break
        bound = job.known()
        if (
            bound is not None
            and min(s.best for s in searches) <= bound * (1 + params.gap_target) + 1e-6
        ):
            break
        # Under a move budget the weeks are not taken: when they come depends on the clock.
        if not tried and params.moves is None and (weeks := job.lp_weeks()) is not None:
            tried = True
            # The LP's weeks up to PATTERN_AGENTS; above, the queue groups' LP weeks (held
            # too) or, failing them, the Lagrangian ascent's.
            held = len(search.b.states) <= PATTERN_AGENTS or job.weeks_held()
            begun = _from_weeks(search.b, weeks, (deadline, held), seeds, small, params)
            if begun is not None:
                searches[-1].finish()
                searches.append(begun[0])
                pace = _Pace(searches[-1].best)
                patience, starts = begun[1], begun[2]
                trail("lp weeks", searches[-1].best, job.known())
        if params.moves is not None and rounds == params.rounds:
            break
        # Only the newest search runs on; the first stops early when the LP's weeks come.
        waiting = None if tried or params.moves else (lambda: job.lp_weeks() is not None)
        pace.heard(searches[-1].round(deadline, params.round_seconds, params.moves, waiting))
        trail("late", min(s.best for s in searches), job.known())
        rounds += 1
        if patience is not None:
            patience.heard(searches[-1].best)
            if not small and patience.spent(deadline) and (weeks := job.lp_weeks()) is not None:
                restarts += 1
                raced = _restart(searches, weeks, seeds, params, (deadline, held))
                patience = None if raced is None else raced[0]
                if raced is not None:  # None: the weeks did not start, nor will they again
                    starts += raced[1]
                    pace = _Pace(searches[-1].best)
                    trail("restart", min(s.best for s in searches), job.known())
        # Without soft rounds (small instances) ``stalled`` counts every round in a row that
        # found no cheaper roster.
        if small and tried and searches[-1].stalled >= STALL_ROUNDS and params.moves is None:
            break
    searches[-1].finish()
    if stats is not None and starts:
        stats["search_starts"] = starts
        if restarts:
            stats["restarts"] = restarts
    best = min(searches, key=lambda s: s.best).search[0]
    return best, best.total(), ran_on


def _from_weeks(
    builder: RosterBuilder,
    weeks: dict,
    limits: tuple[float, bool],
    seeds: Iterator[int],
    small: bool,
    params: SolveParams,
) -> tuple[Oscillation, Patience, int] | None:
    """The first search from the LP's ``weeks`` (``limits``: the deadline and whether the
    weeks' hours are held), its patience and how many searches began: a race of starts
    (``restarts.race``), or on small instances, which hand over to the full model once
    stalled, one start without soft rounds. None when the weeks did not start."""
    deadline, held = limits
    if not small:
        return race(builder, weeks, seeds, params.history, (deadline, params.round_seconds), held)
    started = time.monotonic()
    second = start_from_weeks(builder, weeks, next(seeds), params.history, deadline, held)
    if second is None:
        return None
    rounds = _oscillation(second, small, params)
    return rounds, Patience(rounds.best, started), 1


def _restart(
    searches: list[Oscillation],
    weeks: dict,
    seeds: Iterator[int],
    params: SolveParams,
    limits: tuple[float, bool],
) -> tuple[Patience, int] | None:
    """A new race from the LP's ``weeks`` with the next seeds (``limits``: the deadline and
    whether the weeks' hours are held), its winner appended to ``searches`` after the one it
    replaces (``restarts``); of the searches before it only the cheapest is kept (each holds
    a whole roster). Its patience and how many searches began; None when none started."""
    deadline, held = limits
    builder = searches[-1].search[0].b
    raced = race(builder, weeks, seeds, params.history, (deadline, params.round_seconds), held)
    if raced is None:
        return None
    searches[-1].finish()
    keep = min(searches, key=lambda s: s.best)
    searches[:] = [keep, raced[0]]
    return raced[1], raced[2]


def _oscillation(search: Search, small: bool, params: SolveParams) -> Oscillation:
    """The rounds of one search, and what it does when it stalls: on small instances nothing
    (the full model takes over there); otherwise first a trim (``trim``; not under a move
    budget, whose rosters must not depend on the clock), then soft rounds."""
    trims = not small and params.moves is None
    return Oscillation(search, soft=not small, trims=trims, seed=params.seed)


class _Pace:
    """How fast the newest search's roster fell in its last round: its share of the cost per
    second."""

    def __init__(self, cost: float) -> None:
        self.cost, self.at, self.rate = cost, time.monotonic(), 0.0

    def heard(self, cost: float) -> None:
        now = time.monotonic()
        self.rate = (self.cost - cost) / max(self.cost, 1.0) / max(now - self.at, 1e-3)
        self.cost, self.at = cost, now


def _solve_full(
    builder, start: RosterSnapshot, agents: list[Agent], bound, clock, params, printer, stats
) -> SolveResult:
    """Small instances: every option open, warm-started from ``start``, so CP-SAT's bound is
    a proof. Subscribed overtime is decided inside the model when it can be exactly
    (``_overtime_in_model``); otherwise the post-pass adds it and the model's bound, which
    then knows no overtime, is not used."""
    instance = builder.instance
    with_overtime = bool(instance.overtime_offers) and _overtime_in_model(instance)
    ctx = build_roster_model(instance, builder.catalogue, agents, with_overtime=with_overtime)
    hint_assignment(ctx, start.assignment, start.break_counts)
    for var in ctx.overtime.values():
        ctx.model.add_hint(var, 0)  # the start has none
    ctx.minimise()
    stats["hint_completed"] = complete_hint(ctx, min(5.0, clock.left() / 4))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = clock.left()
    solver.parameters.random_seed = params.seed
    exact = with_overtime or not instance.overtime_offers
    callback = ProgressCallback("roster", clock.started, printer, bound, own_bound=exact)
    solver.best_bound_callback = callback.on_bound
    mip = _mip_beside(ctx, solver, callback, clock, params)
    solver.parameters.num_workers = params.workers - (mip is not None)
    status = solver.solve(ctx.model, callback)
    values, mip_objective, mip_bound = mip.finish() if mip is not None else (None, None, None)
    met = callback.stopped or (mip is not None and mip.enough)
    stats["search"] = "full model"
    stats["roster_status"] = "MET_BOUND" if met else solver.status_name(status)
    reader: cp_model.CpSolver | MipValues | None = None
    objective = 0.0
    # CP-SAT's bound holds even when HiGHS stopped it before it had a roster of its own.
    searched = status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN)
    model_bound = solver.best_objective_bound if searched else 0.0
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        reader, objective = solver, solver.objective_value
    if mip is not None:
        if values is not None and (reader is None or mip_objective < objective - 1e-6):
            reader, objective = values, mip_objective
            stats["roster_from"] = "HiGHS"
        model_bound = max(model_bound, mip_bound or 0.0)
    if reader is None:
        # Nothing found in the time left (not even the hint back): the search's roster stands.
        stats["search"] = "late acceptance"
        roster = build_roster(builder.catalogue, start.assignment, start.break_counts)
        cost = float(roster_costs(instance, roster)["total"])
        return _result(roster, cost, bound, clock, stats)
    proven = max(bound or 0.0, model_bound if exact else 0.0)
    counts = {
        key: [{p: reader.value(v) for p, v in per.items()} for per in per_break]
        for key, per_break in ctx.break_counts.items()
    }
    assignment: Assignment = read_assignment(ctx, reader)
    roster = build_roster(builder.catalogue, assignment, counts)
    if not with_overtime:
        return _result(roster, objective, proven, clock, stats)
    roster, cost = add_overtime(roster, read_overtime(ctx, reader)), objective
    # Cut short, the model may not yet have found overtime the post-pass adds to its start.
    searched = build_roster(builder.catalogue, start.assignment, start.break_counts)
    searched = use_subscriptions(instance, searched)
    if (searched_cost := float(roster_costs(instance, searched)["total"])) < cost - 1e-6:
        roster, cost = searched, searched_cost
    else:
        stats["overtime"] = "in the model"
    stats["overtime_minutes"] = sum(s.minutes for d in roster.agent_days for s in d.overtime)
    return _result(roster, cost, proven, clock, stats, subscriptions=False)


def _mip_beside(
    ctx, solver: cp_model.CpSolver, callback: ProgressCallback, clock: _Clock, params: SolveParams
) -> MipSearch | None:
    """HiGHS on one core beside CP-SAT (``mip_search``) when there are two or more and no
    move budget (that mode keeps to what a seed reproduces), and the model is linear."""
    if params.workers < 2 or params.moves is not None:
        return None

    heard = partial(callback.on_roster, "mip")
    try:
        return MipSearch(
            ctx.model, clock.left(), params.seed, heard, callback.on_bound, solver.stop_search
        )
    except ValueError:  # a rule module added a constraint HiGHS cannot take as it is
        return None


def _overtime_in_model(instance: Instance) -> bool:
    """Whether the per-agent model's overtime (``rules.overtime``) is exact here: it gives
    each slot to the first of an agent's offers holding it (exact when one agent's offers on
    a day do not overlap)."""
    for offers in offers_by_agent_day(instance).values():
        spans = sorted((o.start_minute, o.end_minute) for o in offers)
        if any(later[0] < earlier[1] for earlier, later in pairwise(spans)):
            return False
    return True


def _choice_count(catalogue: OptionCatalogue, agents: list[Agent]) -> int:
    """Shift Booleans of the per-agent model with every option open."""
    days = range(catalogue.instance.horizon.days)
    return sum(len(a.queues) * len(catalogue.domain(a, d)) for a in agents for d in days)


def _result(
    roster,
    objective: float,
    bound: float | None,
    clock: _Clock,
    stats,
    subscriptions: bool = True,
) -> SolveResult:
    """The result for ``roster``. With ``subscriptions`` the post-pass first adds overtime
    where it pays; without, the model has already decided it."""
    instance = clock.instance
    if instance.overtime_offers and subscriptions:
        # Subscriptions come last: overtime only where it beats its price on the final roster
        # (the aggregate bound already allows for them).
        roster = use_subscriptions(instance, roster)
        objective = float(roster_costs(instance, roster)["total"])
        stats["overtime_minutes"] = sum(s.minutes for d in roster.agent_days for s in d.overtime)
    proven = bound is not None and objective <= bound + 1e-6
    return SolveResult(
        status=SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE,
        roster=roster,
        objective=objective,
        lower_bound=bound,
        wall_seconds=clock.elapsed(),
        stats=stats,
    )
