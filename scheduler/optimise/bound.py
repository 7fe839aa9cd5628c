"""The lower bound: the aggregate relaxation's LP optimum and the week-pattern column
generation's bound, computed beside the search.

The search is single-threaded Python and the LP is GLOP's, so on a two-core machine the bound
runs in a child process with the whole time limit instead of taking its share from the search
(at 1,000 agents the LPs need 10-45 s: inside a 30 % share of 60 s they often did not finish,
and the summary had no bound at all). The child reports each bound as soon as it has it (the
fast pooled LP first), so an LP still running at the end costs nothing but itself: it is
stopped and the best bound already reported stands. With one worker it all runs first, in
the bound's share, as before.

After the aggregate LPs, on instances of up to ``PATTERN_AGENTS`` agents, column generation
over agents' week patterns (``patterns``) bounds what the aggregate pools away (each agent's
own hours, days, rest and runs): the demo's bound goes from 4,351 to 5,087, gen-200's from
6,213 to 8,556. Once converged, or once ``WEEKS_SHARE`` of the bound's time has gone, each
agent's LP week is reported too, as a second start for the search (``lp_start``): the
demo's LP needed 15 s alone to converge (9 s since a row per class of alike agents), more
beside the search, but its weeks after about 15 rounds already start the search well (demo
at 10 s, seeds 0-3: mean 9,551 against 9,757 waiting for convergence; gen-200 at 30 s, seeds
0-1: 13,770 / 14,655 against 14,970 / 19,300). Once it has converged the bound's process
searches too (``portfolio``).

Its LP needs 4-60 s a round at 1,000 agents, so larger instances climb the same bound's
Lagrangian from the pooled aggregate LP's duals instead (``patterns.lagrangian``: a pricing
pass a step, no LP). gen-1000: 41,137 becomes 42,645 at those duals and about 44,300 by the
end of a 60 s plan. Before any of it, column generation per group of queues
(``patterns.queue_groups``, ``GROUPS_SHARE`` of the time) sends its LP weeks to the search
as its second start, held like the pattern LP's (gen-1000 at 60 s: 83,460 / 85,681 against
92,857 / 94,849 from the ascent's weeks; the ascent, starting later, ends nearer the floor
prices' bound: 46,470 against ~46,900). Only if the groups give none do the ascent's
recent weeks go by ``WEEKS_SHARE`` (gen-1000 at 60 s, 120,534 against 124,671 without
them, 2026-11-26).
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from scheduler.models.instance import Instance
from scheduler.optimise.aggregate import agent_classes, build_aggregate
from scheduler.optimise.lp_start import weeks_by_weight
from scheduler.optimise.mip import solve_linear
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.patterns.generation import Generation, generate
from scheduler.optimise.patterns.lagrangian import Ascent, ascend
from scheduler.optimise.patterns.queue_groups import group_weeks
from scheduler.optimise.portfolio import FoundRoster, SearchPlan, search_weeks
from scheduler.optimise.roster_state import RosterBuilder

BoundResult = tuple[float | None, dict[str, Any]]
PATTERN_AGENTS = 500
# GLOP without its presolve: the same optima, gen-1000's aggregate LP in 9.5 s instead of
# 17.1 s and gen-2000's in 9.9 s instead of 15.7 s (the demo's 0.3 s against 0.4 s), so the
# ascent above 500 agents starts ~6 s sooner from the same prices (its first bound the same).
GLOP_PARAMETERS = "use_preprocessing: false"
STEPS_TOLD = 20  # ascent steps between reports that carry no better bound
WEEKS_SHARE = 0.5  # the LP's weeks are reported by this share of the bound's time at the latest
GROUPS_SHARE = 0.4  # above PATTERN_AGENTS, the group weeks' share of the bound's time


def lower_bound(
    instance: Instance,
    agent_ids: list[str],
    seconds: float,
    report: Callable[[BoundResult], None] | None = None,
    builder: RosterBuilder | None = None,
    plan: SearchPlan | None = None,
) -> BoundResult:
    """The aggregate bound, then (given a ``builder`` whose roster starts it, on instances
    small enough) the pattern bound with the time left; the larger is valid. Given a
    ``plan``, once the pattern LP has converged a search from its weeks (``portfolio``)
    takes the time left and its roster is reported as ``stats["roster"]``."""
    deadline = time.monotonic() + seconds
    weeks_by = time.monotonic() + WEEKS_SHARE * seconds
    prices: list[np.ndarray] = []
    # Above PATTERN_AGENTS the ascent takes over after the first (pooled) LP: at 1,000
    # agents the per-offset LP took 27 s to add 0.5 % (41,357 vs 41,137), less than the
    # ascent adds in as long.
    ascent = builder is not None and len(agent_ids) > PATTERN_AGENTS
    early: dict[str, Any] = {}
    if ascent:
        early = _group_weeks(builder, time.monotonic() + GROUPS_SHARE * seconds, report)
    left = deadline - time.monotonic()
    best, stats = aggregate_bound(
        instance, agent_ids, left, _keeping(report, early), prices, not ascent
    )
    stats = {**early, **stats}
    if builder is None or time.monotonic() > deadline - 0.5:
        return best, stats
    if ascent:
        return _ascent_bound(builder, agent_ids, prices, deadline, weeks_by, (best, stats), report)
    stats["bound_patterns"] = "started"

    converged_weeks = False

    def heard(generation: Generation) -> None:
        nonlocal best, converged_weeks
        stats["bound_patterns"] = (
            "converged" if generation.converged else f"{generation.rounds} rounds"
        )
        if generation.bound is not None and (best is None or generation.bound > best):
            best = generation.bound
        late = generation.converged or time.monotonic() >= weeks_by
        # Weeks sent before convergence are replaced by the converged LP's, for the main
        # search's restarts (``restarts``); its first start takes whichever came first.
        fresh = "lp_weeks" not in stats or (generation.converged and not converged_weeks)
        if late and fresh and generation.master is not None:
            stats["lp_weeks"] = weeks_by_weight(generation.master)  # a start for the search
            converged_weeks = generation.converged
        if report is not None:
            report((best, dict(stats)))

    # Heard once more: generation's last report comes before it knows it has converged.
    generation = generate(builder, deadline, heard)
    heard(generation)
    if plan is not None and generation.converged and generation.master is not None:
        stats["bound_search"] = "started"  # the bound is final: the solve may stop us now
        if report is not None:
            report((best, dict(stats)))
        found = search_weeks(builder, weeks_by_weight(generation.master), plan)
        stats["bound_search"] = "no roster" if found is None else "done"
        if found is not None:
            stats["roster"] = found
        if report is not None:
            report((best, dict(stats)))
    return best, stats


def _group_weeks(
    builder: RosterBuilder, until: float, report: Callable[[BoundResult], None] | None
) -> dict[str, Any]:
    """Above ``PATTERN_AGENTS``, before any bound: the LP weeks of column generation per
    group of queues (``patterns.queue_groups``) until ``until``, reported at once as the
    search's second start, its hours held like the pattern LP's weeks (``weeks_held``).

    Why first: the search from the greedy start stops falling early (gen-1000 at 60 s:
    111,794 from 19 s on), and the weeks start it far better than the Lagrangian ascent's,
    which came by ``WEEKS_SHARE`` of the limit (see ``queue_groups``)."""
    weeks = group_weeks(builder, until)
    if not weeks:
        return {}
    stats: dict[str, Any] = {"lp_weeks": weeks, "weeks_held": True, "bound_groups": "done"}
    if report is not None:
        report((None, dict(stats)))
    return stats


def _keeping(
    report: Callable[[BoundResult], None] | None, early: dict[str, Any]
) -> Callable[[BoundResult], None] | None:
    """``report`` with the group weeks kept in every later report (the solve reads the
    latest report only)."""
    if report is None or not early:
        return report
    return lambda found: report((found[0], {**early, **found[1]}))


def _ascent_bound(
    builder: RosterBuilder,
    agent_ids: list[str],
    prices: list[np.ndarray],
    deadline: float,
    weeks_by: float,
    found: BoundResult,
    report: Callable[[BoundResult], None] | None,
) -> BoundResult:
    """Above ``PATTERN_AGENTS``: the pattern bound by Lagrangian ascent from the aggregate
    LP's coverage duals (``patterns.lagrangian``), reported as it rises; by ``weeks_by`` the
    ascent's recent weeks go to the search as its second start, as the LP's weeks do below."""
    best, stats = found
    if not prices:
        return best, stats
    stats["bound_ascent"] = "started"

    def heard(ascent: Ascent) -> None:
        nonlocal best
        stats["bound_ascent"] = f"{ascent.steps} steps"
        news = False
        if ascent.bound is not None and (best is None or ascent.bound > best):
            best, news = ascent.bound, True
        if time.monotonic() >= weeks_by and "lp_weeks" not in stats:
            stats["lp_weeks"], news = ascent.weeks(), True
        # The floor prices' bound often stands all along: the steps are told now and then
        # anyway, since the process is stopped at the deadline before any last report.
        if (news or ascent.steps % STEPS_TOLD == 0) and report is not None:
            report((best, dict(stats)))

    ascent = ascend(builder, agent_ids, prices[-1], deadline, heard)
    if ascent.recent and "lp_weeks" not in stats:
        stats["lp_weeks"] = ascent.weeks()
        if report is not None:
            report((best, dict(stats)))
    stats["bound_ascent"] = f"{ascent.steps} steps"
    return best, stats


def aggregate_bound(
    instance: Instance,
    agent_ids: list[str],
    seconds: float,
    report: Callable[[BoundResult], None] | None = None,
    prices: list[np.ndarray] | None = None,
    tightest: bool = True,
) -> BoundResult:
    """The best aggregate LP bound within ``seconds``: breaks pooled per slot first on large
    instances (fast), then per offset (tighter) with the time left; both are relaxations, so
    the larger optimum is valid (without ``tightest``, the first LP only). None when no LP
    reached optimality. ``report`` hears each improvement as it comes; ``prices`` (when
    given) gets the coverage duals of each better LP, per (day, queue, slot), as a start for
    ``patterns.lagrangian``."""
    deadline = time.monotonic() + seconds
    catalogue = OptionCatalogue(instance)
    wanted = set(agent_ids)
    agents = [a for a in instance.agents if a.id in wanted]
    classes = agent_classes(instance, catalogue, agents)
    stats: dict[str, Any] = {"classes": len(classes)}
    first = build_aggregate(instance, catalogue, classes)
    best: float | None = None
    for pooled in [first.pooled] + ([False] if first.pooled and tightest else []):
        left = deadline - time.monotonic()
        if left < 0.5:
            break
        model = first if pooled == first.pooled else None
        model = model or build_aggregate(instance, catalogue, classes, pooled_breaks=False)
        relaxation = solve_linear(
            model.ctx.model, left, relax=True, backend="GLOP", parameters=GLOP_PARAMETERS
        )
        stats[f"bound_{'pooled' if pooled else 'offsets'}"] = relaxation.status
        if relaxation.status == "optimal" and (best is None or relaxation.bound > best):
            best = relaxation.bound
            if prices is not None:
                prices.append(_coverage_duals(instance, model, relaxation.duals))
        if report is not None:
            report((best, dict(stats)))
    return best, stats


def _coverage_duals(instance: Instance, model, duals: tuple[float, ...]) -> np.ndarray:
    """The LP's coverage-row duals as prices per (day, queue, slot)."""
    horizon = instance.horizon
    queues = {q: k for k, q in enumerate(instance.queue_ids)}
    prices = np.zeros((horizon.days, len(queues), horizon.steps_per_day))
    for (day, q, s), row in model.ctx.coverage_rows.items():
        prices[day, queues[q], s] = duals[row]
    return prices


def _child(instance: Instance, agent_ids: list[str], seconds: float, out, builder, plan) -> None:
    lower_bound(instance, agent_ids, seconds, report=out.put, builder=builder, plan=plan)


class BoundJob:
    """The bound, either computed now or coming from a child process."""

    def __init__(
        self,
        instance: Instance,
        agent_ids: list[str],
        seconds: float,
        background: bool,
        builder: RosterBuilder | None = None,
        plan: SearchPlan | None = None,
    ) -> None:
        """``plan`` (in the background only): the bound's process searches too once its
        pattern LP has converged (``portfolio``)."""
        self._result: BoundResult = (None, {"bound": "not finished"})
        self._process = None
        if not background:
            self._result = lower_bound(instance, agent_ids, seconds, builder=builder)
            return
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        self._queue = context.Queue()
        self._process = context.Process(
            target=_child,
            args=(instance, agent_ids, seconds, self._queue, builder, plan),
            daemon=True,
        )
        self._process.start()

    def known(self) -> float | None:
        """The best bound reported so far, without waiting."""
        self._drain()
        return self._result[0]

    def lp_weeks(self) -> dict | None:
        """Each agent's week from the pattern LP, once reported (see the module)."""
        self._drain()
        return self._result[1].get("lp_weeks")

    def weeks_held(self) -> bool:
        """Whether the weeks are an LP's, whose hours the search's start should hold, above
        ``PATTERN_AGENTS`` too (the Lagrangian ascent's are not: ``rounds``)."""
        self._drain()
        return bool(self._result[1].get("weeks_held"))

    def roster(self, seconds: float) -> FoundRoster | None:
        """The roster of the bound's own search (``portfolio``), waiting at most ``seconds``
        for it while that search is under way; None when there is none."""
        end = time.monotonic() + max(0.0, seconds)
        while True:
            self._drain()
            stats = self._result[1]
            if stats.get("bound_search") != "started" or time.monotonic() >= end:
                return stats.get("roster")
            time.sleep(0.01)

    def wait(self, seconds: float) -> BoundResult:
        """The best bound and its stats after waiting at most ``seconds`` for the child; a
        child still solving then is stopped (its earlier bounds stand), and one searching
        (``portfolio``) at once: its bound is final by then."""
        if self._process is not None:
            # Read while waiting: a child cannot exit before the queue has taken everything it
            # reported, and reports carrying the weeks (1,000 agents') fill the pipe, so a
            # join alone ran out its whole timeout (gen-1000 at 60 s: 61.3 s wall, twice).
            end = time.monotonic() + max(0.0, seconds)
            while True:
                self._drain()
                searching = self._result[1].get("bound_search") == "started"
                self._process.join(timeout=0.02)
                if not self._process.is_alive() or searching or time.monotonic() >= end:
                    break
            self._drain()
            if self._process.is_alive():
                self._process.terminate()
                self._process.join()
            self._process = None
        return self._result

    def _drain(self) -> None:
        if self._process is None:
            return
        while True:
            try:
                self._result = self._queue.get_nowait()
            except queue.Empty:
                return
