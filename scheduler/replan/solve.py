"""Solve one contingency level: build the re-plan model, warm-start it, read the roster back.

CP-SAT gets the published roster as a complete hint, so its first solution is the published
roster (changed only where it had to be) and every later one is a priced improvement; the
bound it reports is the bound of this re-plan problem, not of the week's plan.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.check.rules.breaks import check_breaks
from scheduler.models.instance import Instance
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.optimise.break_layout import assign_breaks, break_layout
from scheduler.optimise.options import OptionCatalogue
from scheduler.replan.adjustable import read_adjustable
from scheduler.replan.apply import Revision
from scheduler.replan.changes import Changes
from scheduler.replan.model import ReplanModel, build_model
from scheduler.replan.scope import Level, build_scope
from scheduler.replan.shortfall import Shortfall


@dataclass(frozen=True)
class LevelSolve:
    level: Level
    roster: Roster
    status: str
    objective: float | None
    bound: float | None
    seconds: float
    variables: int
    build_seconds: float = 0.0
    feasible: bool = True  # the validator's verdict, where the engine asked for it
    note: str = ""  # where the bound comes from, or why there is none

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        excess = max(0.0, self.objective - self.bound)
        if excess == 0:
            return 0.0
        return excess / self.bound if self.bound > 0 else None


def fixed_roster(revision: Revision, published: Roster) -> Roster:
    """Level 0: the published roster with only what the changes force (absent agents off)."""
    scope = build_scope(revision, published, Level.NONE)
    days = sorted(scope.fixed.values(), key=lambda d: (d.agent, d.day))
    return Roster(instance=published.instance, agent_days=tuple(days))


def solve_level(
    revision: Revision,
    published: Roster,
    changes: Changes,
    level: Level,
    seconds: float,
    workers: int,
    seed: int,
    short: Shortfall,
    start: Roster | None = None,
) -> LevelSolve:
    started = time.monotonic()
    scope = build_scope(revision, published, level)
    rm = build_model(revision, published, scope, changes, short, start)
    built = time.monotonic() - started
    solver = cp_model.CpSolver()
    # The build counts against the level's seconds: CP-SAT gets what is left of them.
    solver.parameters.max_time_in_seconds = max(0.05, seconds - (time.monotonic() - started))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Measured on insurance-surge: with presolve CP-SAT needed ~5 s to accept the complete
    # hint, without it 0.3 s.
    solver.parameters.cp_model_presolve = False
    # Measured on the 1,000-agent surge (5 s, two workers): with the LP's constraints added
    # lazily the bound was still negative at the limit; all at once it reached 180k (of an
    # objective of 677k). Still far from the 1 % target: see benchmarks/README.md.
    solver.parameters.add_lp_constraints_lazily = False
    status = solver.solve(rm.ctx.model)
    name = solver.status_name(status)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if found:
        roster, objective = read_roster(rm, solver.value), solver.objective_value
    else:  # out of time before CP-SAT took the hint: the hint itself is a valid roster
        roster, objective = read_roster(rm, lambda var: rm.hint.get(var.index, 0)), None
    return LevelSolve(
        level=level,
        roster=roster,
        status=name.lower() if found else "hint (no solution in time)",
        objective=objective,
        bound=solver.best_objective_bound if found else None,
        seconds=time.monotonic() - started,
        variables=len(rm.ctx.model.proto.variables),
        build_seconds=built,
    )


def read_roster(rm: ReplanModel, value: Callable[[cp_model.IntVar], int]) -> Roster:
    days: dict[tuple[str, int], AgentDay] = dict(rm.scope.fixed)
    for key, adj in rm.adjustable.items():
        days[key] = read_adjustable(adj, value)
    groups: dict[tuple[int, str, int], list[str]] = defaultdict(list)
    for (agent_id, day), pairs in sorted(rm.free_pairs.items()):
        for (q, o), var in pairs.items():
            if value(var):
                groups[(day, q, o)].append(agent_id)
    for key, members in groups.items():
        counts = [{p: value(v) for p, v in per.items()} for per in rm.ctx.break_counts.get(key, [])]
        for agent_day in _group_days(rm, key, members, counts, prefer_published=True):
            days[(agent_day.agent, agent_day.day)] = agent_day
    roster = _roster(rm, days)
    broken = {(v.agent, v.date) for v in check_breaks(rm.revision.instance, roster)}
    if broken:  # the published-first hand-out failed somewhere: fall back to sorted pairing
        horizon = rm.revision.instance.horizon
        for key, members in groups.items():
            if any((a, horizon.date_of(key[0]).isoformat()) in broken for a in members):
                counts = [
                    {p: value(v) for p, v in per.items()}
                    for per in rm.ctx.break_counts.get(key, [])
                ]
                for agent_day in _group_days(rm, key, members, counts, prefer_published=False):
                    days[(agent_day.agent, agent_day.day)] = agent_day
        roster = _roster(rm, days)
    for choice in rm.overtime:
        if value(choice.var):
            agent_day = days[(choice.agent, choice.day)]
            days[(choice.agent, choice.day)] = agent_day.model_copy(
                update={"overtime": agent_day.overtime + (choice.span,)}
            )
    return _roster(rm, days)


def _roster(rm: ReplanModel, days: dict[tuple[str, int], AgentDay]) -> Roster:
    ordered = tuple(days[k] for k in sorted(days))
    return Roster(instance=rm.revision.instance.name, agent_days=ordered)


def _group_days(
    rm: ReplanModel,
    key: tuple[int, str, int],
    members: list[str],
    counts: list[dict[int, int]],
    prefer_published: bool,
) -> list[AgentDay]:
    return group_days(
        rm.revision.instance, rm.catalogue, rm.published, key, members, counts, prefer_published
    )


def group_days(
    instance: Instance,
    catalogue: OptionCatalogue,
    published: dict[tuple[str, int], AgentDay],
    key: tuple[int, str, int],
    members: list[str],
    counts: list[dict[int, int]],
    prefer_published: bool,
) -> list[AgentDay]:
    """Hand a group's break counts to its agents: each keeps their published breaks when the
    counts still hold them, the rest get the remaining offsets by sorted pairing."""
    day, q, o = key
    option = catalogue.options[o]
    layout = break_layout(instance, option.length)
    offsets: dict[str, list[int]] = {}
    remaining = [dict(c) for c in counts]
    if prefer_published and layout.slots:
        for agent_id in members:
            wanted = published_offsets(published, agent_id, day, q, option.start, option.end)
            if (
                wanted is not None
                and len(wanted) == len(remaining)
                and all(remaining[k].get(p, 0) > 0 for k, p in enumerate(wanted))
            ):
                for k, p in enumerate(wanted):
                    remaining[k][p] -= 1
                offsets[agent_id] = wanted
    rest = [a for a in members if a not in offsets]
    if layout.slots and rest:
        counts_left = [{p: n for p, n in c.items() if n > 0} for c in remaining]
        for agent_id, placed in zip(
            rest, assign_breaks(layout, counts_left, len(rest)), strict=True
        ):
            offsets[agent_id] = placed
    result = []
    for agent_id in members:
        placements = tuple(
            BreakPlacement(
                kind=slot.spec.kind.value,
                start_minute=option.start + offsets[agent_id][k],
                end_minute=option.start + offsets[agent_id][k] + slot.spec.minutes,
            )
            for k, slot in enumerate(layout.slots)
        )
        result.append(
            AgentDay(
                agent=agent_id,
                day=day,
                queue=q,
                shift=Span(start_minute=option.start, end_minute=option.end),
                breaks=placements,
            )
        )
    return result


def published_offsets(
    published: dict[tuple[str, int], AgentDay],
    agent_id: str,
    day: int,
    q: str,
    start: int,
    end: int,
) -> list[int] | None:
    """Offsets of the agent's published owed breaks, when the day's shift and queue are the
    same (None otherwise)."""
    agent_day = published.get((agent_id, day))
    if agent_day is None or agent_day.shift is None or agent_day.queue != q:
        return None
    if (agent_day.shift.start_minute, agent_day.shift.end_minute) != (start, end):
        return None
    owed = sorted(
        (b for b in agent_day.breaks if b.kind in ("break", "lunch")), key=lambda b: b.start_minute
    )
    return [b.start_minute - start for b in owed]
