"""A contingency level by late-acceptance search over the whole future of the changed days.

CP-SAT proves small neighbourhoods well but, on two shared cores, improves a 1,000-agent
level-1 model little in the seconds a re-plan has (see benchmarks/README.md). The weekly
optimiser's late-acceptance search (``scheduler.optimise.late_acceptance``) makes hundreds of
thousands of exactly priced moves in that time, so a level can use it instead:

* agent-days the level may not touch are history: before ``now``, shifts already started,
  days without a changed window, days with non-phone work, overtime or an absence block, and
  every day of another role. They are pinned for the agent's weekly rules, and their on-phone
  coverage (the validator's own count) is taken off the residual demand;
* the other agent-days start from the roster of the level before (breaks where it had them)
  and may be re-timed, moved, swapped, added or dropped within every per-agent rule; each one
  that differs from the published roster pays the re-plan's change price (``stability``);
* a new shift on ``now``'s day starts no earlier than ``now`` plus the notice a regular agent
  needs (reserves: ``now`` plus their tier, an absence in the revised instance already).

Before and after late acceptance, best response (``optimise.best_response``) re-plans each
agent's free days at once, frozen days forced, at the change prices. Each agent-day keeps its
own break offsets in the builder (the builder itself only counts breaks per group of equal
shifts), so a kept shift keeps its breaks, a moved break is priced like any change, and the
search's cost is the cost of the roster read back. Changes an earlier level made that this
level's search does not touch (training cut, breaks moved) are undone where they no longer
pay, and level 1 finally uses overtime offers where they pay (``subscriptions``). At level 1
the bound's linear relaxation, solved beside the search, is tried as a start once it arrives
(``take_plan``).

The roster is priced for the comparison with the other candidates of the level
(``replan_cost``).
"""

from __future__ import annotations

import heapq
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scheduler.check import validate
from scheduler.check.costs import coverage
from scheduler.check.rules.breaks import check_breaks
from scheduler.models.instance import Agent, Role
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.optimise.best_response import BestResponse
from scheduler.optimise.break_layout import BreakLayout, break_layout
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.roster_state import AgentState, RosterBuilder
from scheduler.replan.apply import Revision
from scheduler.replan.changes import Changes, ChangeWeights
from scheduler.replan.model import option_id
from scheduler.replan.moment import Moment
from scheduler.replan.scope import ABSENT, OWED, Level, published_days
from scheduler.replan.solve import LevelSolve, group_days, published_offsets
from scheduler.replan.stability import (
    break_move_minutes,
    day_change_cost,
    roster_change_cost,
    shift_change_cost,
    weights_on_day,
)
from scheduler.replan.subscriptions import add_overtime

Key = tuple[str, int]
# A start for the search from level 1's relaxation (``bound``): per free agent-day the
# (queue, shift start, shift end) it all but chose, or None for off; and where to ask for it.
Plan = dict[Key, tuple[str, int, int] | None]
PlanSource = Callable[[], Plan | None]
RosterSource = Callable[[], Roster | None]  # a whole roster of the level, once it came
# Reading the roster back and pricing it and the other candidates (three validations) after
# the search, measured 0.8-1.2 s at 1,000 agents on a loaded machine, and at level 1 the
# relaxation's rounded roster (one more, 0.3 s): kept aside from the search's seconds (not
# from the greedy pass, which is short and does most of the work).
READ_BACK_SECONDS_PER_AGENT = 0.0017
# Moves per agent-day the search may change: enough that a small centre's search settles
# (and stops) long before its deadline; at 1,000 agents the deadline comes first.
MOVES_PER_AGENT_DAY = 200


@dataclass
class ReplanCatalogue(OptionCatalogue):
    """The catalogue with each agent's earliest start on ``now``'s day, computed per agent-day
    on demand (the base class computes every agent's whole week at the first look-up)."""

    now_day: int = -1
    earliest: dict[str, int] = field(default_factory=dict)
    _cache: dict[Key, tuple[int, ...]] = field(default_factory=dict)

    def domain(self, agent: Agent, day: int) -> tuple[int, ...]:
        key = (agent.id, day)
        found = self._cache.get(key)
        if found is None:
            floor = self.earliest.get(agent.id, 0) if day == self.now_day else 0
            found = self._cache[key] = tuple(
                o
                for o in self.template_domain(agent, day)
                if self.options[o].start >= floor and not self.exclusions(agent, day, o)
            )
        return found


class ReplanBuilder(RosterBuilder):
    """The roster state with the re-plan's own change price (``stability.shift_change_cost``:
    a queue change moves every minute of both shifts), not the builder's flat one."""

    weights: ChangeWeights = ChangeWeights()
    now: Moment = Moment(0, 0)
    spans: list[Span]
    # Each placed agent-day's break offsets; the published ones of published shifts; the
    # (queue, option) and offsets a day returning to its published (else start) shift gets.
    own: dict[Key, list[int]]
    published_breaks: dict[Key, list[int]]
    kept_breaks: dict[Key, tuple[tuple[str, int], list[int]]]

    def change_cost(self, aid: str, day: int) -> float:
        key = (aid, day)
        if key not in self.published:
            return 0.0
        was, now = self.published[key], self.states[aid].shifts.get(day)
        if was == now:
            return self._break_change(key)
        before = None if was is None else (was[0], self.spans[was[1]])
        after = None if now is None else (now[0], self.spans[now[1]])
        weights = weights_on_day(self.weights, day, self.now)
        return float(shift_change_cost(weights, before, after))

    def _break_change(self, key: Key) -> float:
        """The published shift kept with its breaks moved: the day price plus the minutes
        that changed status, as ``stability.day_change_cost`` prices it."""
        published, own = self.published_breaks.get(key), self.own.get(key)
        if published is None or own is None or published == own:
            return 0.0
        layout = self.layouts[self.catalogue.options[self.published[key][1]].length]
        minutes = sum(
            break_move_minutes(a, b, slot.spec.minutes)
            for a, b, slot in zip(published, own, layout.slots, strict=True)
        )
        day_price, minute_price = self.change_rates(key[1])
        return day_price + minute_price * minutes

    def place(
        self, state: AgentState, day: int, k: int, o: int, offsets: list[int] | None = None
    ) -> list[int]:
        """As the builder's, but an agent back on the day's published shift (or else the
        level's start) gets its breaks there, and every agent's offsets are remembered so
        ``unplace`` takes back the agent's own."""
        key = (state.agent.id, day)
        if offsets is None:
            kept = self.kept_breaks.get(key)
            if kept is not None and kept[0] == (self.queues[k], o):
                offsets = kept[1]
        used = super().place(state, day, k, o, offsets)
        self.own[key] = used
        return used

    def unplace(self, state: AgentState, day: int, offsets: list[int] | None = None) -> list[int]:
        """Take back the agent's own breaks by default, so no one else's published breaks
        leave with them (the builder alone would take the group's latest)."""
        own = self.own.pop((state.agent.id, day), None)
        return super().unplace(state, day, offsets if offsets is not None else own)

    def save(self) -> tuple:
        return super().save(), dict(self.own)

    def restore(self, saved: tuple) -> None:
        base, own = saved
        super().restore(base)
        self.own = dict(own)

    def change_rates(self, day: int) -> tuple[float, float]:
        weights = weights_on_day(self.weights, day, self.now)
        return float(weights.changed_agent_day), float(weights.moved_minute)

    def moved_minutes(self, o0: int, same_queue: bool) -> np.ndarray:
        """``stability.moved_minutes`` against every option: a queue change moves both."""
        starts, ends = self.start_minutes, self.end_minutes
        lengths = ends - starts
        if not same_queue:
            return lengths + lengths[o0]
        overlap = np.maximum(0, np.minimum(ends, ends[o0]) - np.maximum(starts, starts[o0]))
        return lengths + lengths[o0] - 2 * overlap


@dataclass
class SearchSetup:
    builder: ReplanBuilder
    begin: dict[Key, AgentDay]  # the roster the level starts from
    movable: set[Key]
    published: dict[Key, AgentDay]


def search_level(
    revision: Revision,
    published: Roster,
    start: Roster,
    changes: Changes,
    level: Level,
    seconds: float,
    seed: int,
    max_moves: int | None = None,
    plan: PlanSource | None = None,
    restart: RosterSource | None = None,
) -> LevelSolve:
    """Run the search for ``seconds`` (building counts) from ``start``; with ``max_moves`` the
    result depends on the seed only. A ``plan``, once it comes, is tried as a start
    (``take_plan``); a ``restart`` roster, once it comes, replaces the search's and is
    improved for the time left (``_restarted``)."""
    started = time.monotonic()
    setup = build_search(revision, published, start, changes, level)
    built = time.monotonic() - started
    deadline = started + seconds - READ_BACK_SECONDS_PER_AGENT * len(revision.instance.agents)
    call_in(setup, max(deadline, started + seconds))
    search = _late_acceptance(setup, seed)
    budget = MOVES_PER_AGENT_DAY * len(setup.movable) if max_moves is None else max_moves
    responder = BestResponse(search, seed)
    respond = deadline if max_moves is None else float("inf")  # a budget: to convergence
    revert_fixed_days(setup, search)
    revert_breaks(search, setup.movable)
    planned, restarts = _Planned(plan), _Planned(restart)
    responder.settle(respond, planned.due)
    search.run(deadline, max_moves=budget, interrupt=lambda: planned.due() or restarts.due())
    if planned.due():
        planned.take(setup, search, responder, deadline)
        responder.settle(respond, restarts.due)
        search.run(deadline, max_moves=budget, interrupt=restarts.due)
    took_rounded = False
    if restarts.due():
        # The rounded roster replaces the search's only if it is cheaper once settled: it
        # usually is, but not always (a generated centre: 41,356 against the search's 41,296).
        restarts.tried = True
        restarted = _restarted(revision, published, restarts.plan, changes, level, seed)
        restarted[2].settle(respond)
        if restarted[1].total() < search.total() - 1e-6:
            (setup, search, responder), took_rounded = restarted, True
        search.run(deadline, max_moves=budget)
    responder.sweep(respond)
    revert_breaks(search, setup.movable)
    roster = read_search_roster(revision, setup)
    if level == Level.RESERVES:  # within what is left of the deadline (at 1,000 agents: none)
        earliest = _earliest(revision, changes)
        roster = add_overtime(revision, roster, published, changes.weights, earliest, deadline)
    report = validate(revision.instance, roster)
    changed = roster_change_cost(
        changes.weights, published_days(published), published_days(roster), revision.now
    )
    return LevelSolve(
        level=level,
        roster=roster,
        status="relaxation rounded, then late acceptance" if took_rounded else "late acceptance",
        objective=float(int(report.costs["total"]) + changed),
        bound=None,
        seconds=time.monotonic() - started,
        variables=0,
        build_seconds=built,
        feasible=report.feasible,
    )


def _late_acceptance(setup: SearchSetup, seed: int) -> LateAcceptance:
    search = LateAcceptance(setup.builder, seed)
    # Late acceptance's break move shifts a unit of a group's counts, not an agent's own
    # offsets (which the builder tracks), so it stays out: breaks go where ``place`` puts them.
    search.use_moves(tuple(m for m in search.moves if m[0] != search.move_break))
    return search


def _restarted(
    revision: Revision,
    published: Roster,
    roster: Roster,
    changes: Changes,
    level: Level,
    seed: int,
) -> tuple[SearchSetup, LateAcceptance, BestResponse]:
    """The search set up again from a whole roster of the level (the relaxation rounded,
    ``integer_plan``), which it then only improves: the builder holds each agent-day's own
    breaks, so the roster is taken exactly (1,000 agents: 0.2 s; best response then took
    another 315 off 406,895 in 2 s on a generated week)."""
    setup = build_search(revision, published, roster, changes, level)
    search = _late_acceptance(setup, seed)
    revert_fixed_days(setup, search)
    revert_breaks(search, setup.movable)
    return setup, search, BestResponse(search, seed)


@dataclass
class _Planned:
    """Whether a plan (or a roster) has come and not been tried yet."""

    source: Callable[[], Any] | None
    plan: Any = None
    tried: bool = False

    def due(self) -> bool:
        if self.source is None or self.tried:
            return False
        if self.plan is None:
            self.plan = self.source()
        return self.plan is not None

    def take(
        self, setup: SearchSetup, search: LateAcceptance, responder: BestResponse, deadline: float
    ) -> bool:
        self.tried = True
        assert self.plan is not None
        return take_plan(setup, search, responder, self.plan, deadline)


def take_plan(
    setup: SearchSetup,
    search: LateAcceptance,
    responder: BestResponse,
    plan: Plan,
    deadline: float,
) -> bool:
    """Give the movable agent-days the relaxation's choice where every rule allows it, let
    each agent so changed respond twice (best response), and keep the result if the total
    fell (else put everything back). Measured at 1,000 agents from level 2's roster, the plan
    and best response reached 451,236 against the search's 454,868 (bound 444,818): the
    relaxation sees joint moves (a support call-in given up for a reserve) that single
    moves reach only through a worse roster."""
    builder = search.b
    before, saved = search.total(), builder.save()
    options: dict[tuple[int, int], int] = {}
    for option in builder.catalogue.options:  # the first of equal spans, as ``option_id``
        options.setdefault((option.start, option.end), option.id)
    changes = []
    for key, want in sorted(plan.items()):
        if key not in setup.movable:
            continue
        state = builder.states[key[0]]
        target = None
        if want is not None:
            o = options.get((want[1], want[2]))
            if o is None or want[0] not in state.agent.queues:
                continue
            target = (want[0], o)
        if state.shifts.get(key[1]) != target:
            changes.append((state, key[1], target))
    for state, day, _ in changes:
        if day in state.shifts:
            builder.unplace(state, day)
    for state, day, target in changes:
        if target is not None and builder.eligible(state, day, *target):
            builder.place(state, day, builder.queues.index(target[0]), target[1])
    moved = sorted({state.agent.id for state, _, _ in changes})
    for _ in range(2):
        for agent_id in moved:
            if time.monotonic() < deadline:
                responder.respond(builder.states[agent_id])
    if search.total() < before - 1e-6:
        return True
    builder.restore(saved)
    return False


def call_in(setup: SearchSetup, deadline: float) -> None:
    """Greedy first: give free agent-days the shift that saves most, best first, while one
    saves more than it costs (coverage, change price, a requested day off worked).

    Late acceptance draws an agent and a day at random, and most drawn days are history, so
    on its own it calls in a few dozen of the hundreds of people a surge needs in the time
    given; the greedy pass does that in a fraction of a second and the search refines it."""
    builder = setup.builder
    queue: list[tuple[float, str, int]] = []
    for agent_id, day in sorted(setup.movable):
        if day not in builder.states[agent_id].shifts:
            gain = _best_gain(builder, agent_id, day)
            if gain is not None and gain[0] > 0:
                heapq.heappush(queue, (-gain[0], agent_id, day))
    while queue and time.monotonic() < deadline:
        _, agent_id, day = heapq.heappop(queue)
        state = builder.states[agent_id]
        gain = _best_gain(builder, agent_id, day)
        if day in state.shifts or gain is None or gain[0] <= 0:
            continue
        if queue and gain[0] < -queue[0][0]:  # stale estimate: wait for its turn
            heapq.heappush(queue, (-gain[0], agent_id, day))
            continue
        _, k, o = gain
        rows = [(day, r) for r in _rows(builder, state)]
        before = sum(builder.row_cost(*r) for r in rows)
        builder.place(state, day, k, o)
        after = sum(builder.row_cost(*r) for r in rows) + _day_price(builder, agent_id, day)
        if after >= before:
            builder.unplace(state, day)


def _rows(builder: RosterBuilder, state) -> list[int]:
    return [builder.queues.index(q) for q in state.agent.queues]


def _day_price(builder: RosterBuilder, agent_id: str, day: int) -> float:
    return builder.change_cost(agent_id, day) + builder.request_cost.get((agent_id, day), 0)


def _best_gain(builder: RosterBuilder, agent_id: str, day: int) -> tuple[float, int, int] | None:
    """(estimated saving, queue row, option) of the agent's best shift on a free day, within
    every per-agent rule the builder checks (breaks ignored in the estimate)."""
    state = builder.states[agent_id]
    agent = state.agent
    if not builder.day_open(state, day):
        return None
    week = day // 7
    room = builder.weekly_cap(agent, week) - state.paid[week]
    allowed = builder.domain_mask(agent, day) & (builder.paid <= room)
    earliest, latest = builder.rest_window(state, day)
    allowed &= (builder.start_minutes >= earliest) & (builder.end_minutes <= latest)
    if not allowed.any():
        return None
    best = None
    for k in _rows(builder, state):
        gains = np.where(allowed, builder.option_gains(day, k), -np.inf)
        o = int(np.argmax(gains))
        if best is None or gains[o] > best[0]:
            best = (float(gains[o]), k, o)
    assert best is not None
    q, o = builder.queues[best[1]], best[2]
    if builder.instance.rules.min_weekly_rest_minutes:
        option = builder.catalogue.options[o]
        if not builder.weekly_rest_ok(state, day, option.start, option.end):
            return None
    state.shifts[day] = (q, o)  # priced as if placed; taken back at once
    price = _day_price(builder, agent_id, day)
    del state.shifts[day]
    return best[0] - price, best[1], best[2]


def replan_cost(revision: Revision, published: Roster, roster: Roster, weights) -> int:
    """The validator's cost on the revised instance plus the price of every change: the one
    yardstick the candidates of a level are compared with."""
    return priced(revision, published, roster, weights)[0]


def priced(revision: Revision, published: Roster, roster: Roster, weights) -> tuple[int, bool]:
    """``replan_cost`` and whether the validator finds the roster feasible (one check)."""
    report = validate(revision.instance, roster)
    changed = roster_change_cost(
        weights, published_days(published), published_days(roster), revision.now
    )
    return int(report.costs["total"]) + changed, report.feasible


def in_level(agent: Agent, level: Level, reserves: set[str]) -> bool:
    """Who the level may give a different day: level 2 the support team; level 1 also the
    regular agents and the reachable reserves."""
    if agent.role == Role.SUPPORT:
        return level in (Level.SUPPORT, Level.RESERVES)
    if level != Level.RESERVES:
        return False
    return agent.reserve_tier == 0 or agent.id in reserves


def build_search(
    revision: Revision, published: Roster, start: Roster, changes: Changes, level: Level
) -> SearchSetup:
    instance, now = revision.instance, revision.now
    begin, was = published_days(start), published_days(published)
    days = sorted(d for d in revision.affected_days() if d >= now.day)
    reserves = set(revision.reserves)
    busy_weeks = {(a, d // 7) for (a, d), x in (begin | was).items() if x.overtime}
    movable: set[Key] = set()
    for agent in instance.agents:
        if not in_level(agent, level, reserves):
            continue
        for day in days:
            key = (agent.id, day)
            if (agent.id, day // 7) in busy_weeks:
                continue
            if _open(begin.get(key), now) and _open(was.get(key), now):
                movable.add(key)
    catalogue = ReplanCatalogue(instance, now_day=now.day, earliest=_earliest(revision, changes))
    agents = sorted({a for a, _ in movable})
    for agent_day in list(begin.values()) + list(was.values()):
        if agent_day.agent in agents and agent_day.shift is not None:
            option_id(catalogue, agent_day.shift)  # off-template shifts get an option too
    builder = ReplanBuilder(catalogue, [instance.agent_by_id[a] for a in agents])
    builder.weights = changes.weights
    builder.now = revision.now
    builder.spans = [Span(start_minute=o.start, end_minute=o.end) for o in catalogue.options]
    builder.own, builder.published_breaks, builder.kept_breaks = {}, {}, {}
    builder.change_day_price = changes.weights.changed_agent_day
    builder.change_minute_price = changes.weights.moved_minute
    _take_fixed_coverage(builder, [d for k, d in begin.items() if k not in movable])
    for agent_id in agents:
        state = builder.states[agent_id]
        for day in range(instance.horizon.days):
            key = (agent_id, day)
            agent_day = begin.get(key)
            shift = agent_day.shift if agent_day is not None else None
            if key not in movable:
                if shift is not None:
                    builder.pin(state, day, agent_day.queue, option_id(catalogue, shift))
                builder.frozen.add(key)
                continue
            old = was.get(key)
            builder.published[key] = None
            if old is not None and old.shift is not None:
                o = option_id(catalogue, old.shift)
                builder.published[key] = (old.queue, o)
                offsets = _offsets(builder, old, o)
                if offsets is not None:
                    builder.published_breaks[key] = offsets
                    builder.kept_breaks[key] = ((old.queue, o), offsets)
            if shift is not None:
                o = option_id(catalogue, shift)
                k = builder.queues.index(agent_day.queue)
                offsets = _offsets(builder, agent_day, o)
                if offsets is not None and key not in builder.kept_breaks:
                    builder.kept_breaks[key] = ((agent_day.queue, o), offsets)
                builder.place(state, day, k, o, offsets)
    return SearchSetup(builder, begin, movable, was)


def _open(agent_day: AgentDay | None, now) -> bool:
    """May a search change this agent-day? Off, or a plain shift that has not started."""
    if agent_day is None or not agent_day.works:
        return True
    if agent_day.shift is None or agent_day.overtime:
        return False
    if any(b.kind not in OWED for b in agent_day.breaks):
        return False
    return agent_day.day > now.day or agent_day.shift.start_minute >= now.minute


def _earliest(revision: Revision, changes: Changes) -> dict[str, int]:
    """First start on ``now``'s day: ``now`` plus the notice regular agents need; support and
    reserves are called in (a reserve's tier is an absence of the revised instance)."""
    minute = revision.now.minute
    return {
        a.id: minute
        + (changes.regular_notice_minutes if a.role == Role.AGENT and not a.reserve_tier else 0)
        for a in revision.instance.agents
    }


def _take_fixed_coverage(builder: RosterBuilder, days: list[AgentDay], sign: float = 1.0) -> None:
    """Take the on-phone coverage of the agent-days no move touches off the residual demand
    (with ``sign`` -1, give it back)."""
    instance = builder.instance
    horizon = instance.horizon
    roster = Roster(instance=instance.name, agent_days=tuple(days))
    staffed = coverage(instance, roster).staffed.astype(float) / builder.step
    shaped = staffed.reshape(len(builder.queues), horizon.days, horizon.steps_per_day)
    builder.residual -= sign * np.transpose(shaped, (1, 0, 2))


def revert_fixed_days(setup: SearchSetup, search: LateAcceptance) -> None:
    """Put back as published the agent-days an earlier level changed without moving the
    shift (non-phone work cut, breaks moved) wherever that is now cheaper. Level 3 cuts
    training to cover a gap at the day's change price; this level may fill the gap with
    people instead, and the search itself never touches those days."""
    builder = setup.builder
    for key in sorted(setup.begin):
        begin, published = setup.begin[key], setup.published.get(key)
        if key in setup.movable or not _same_shift_after_now(begin, published, builder.now):
            continue
        assert published is not None and published.queue is not None
        weights = weights_on_day(builder.weights, key[1], builder.now)
        price = day_change_cost(weights, published, begin)
        row = (key[1], builder.queues.index(published.queue))
        before = search.row_cost(*row) + price
        _take_fixed_coverage(builder, [begin], -1.0)
        _take_fixed_coverage(builder, [published])
        if search.row_cost(*row) < before - 1e-6:
            setup.begin[key] = published
            continue
        _take_fixed_coverage(builder, [published], -1.0)
        _take_fixed_coverage(builder, [begin])


def _same_shift_after_now(begin: AgentDay, published: AgentDay | None, now: Moment) -> bool:
    """The two differ only in breaks or non-phone work, and only from ``now`` on."""
    if published is None or begin == published or begin.shift is None:
        return False
    if (begin.queue, begin.shift, begin.overtime) != (
        published.queue,
        published.shift,
        published.overtime,
    ):
        return False
    added, dropped = (
        set(begin.breaks) - set(published.breaks),
        set(published.breaks) - set(begin.breaks),
    )
    if any(b.kind not in OWED for b in added) or any(b.kind == ABSENT for b in dropped):
        return False  # sent home, or something other than a level's change
    if begin.day != now.day:
        return begin.day > now.day
    return all(b.start_minute >= now.minute for b in added | dropped)


def _offsets(builder: RosterBuilder, agent_day: AgentDay, o: int) -> list[int] | None:
    """The day's owed-break offsets when they are a valid layout (else ``place`` chooses)."""
    option = builder.catalogue.options[o]
    layout = _layout(builder, option.length)
    offsets = published_offsets(
        {(agent_day.agent, agent_day.day): agent_day},
        agent_day.agent,
        agent_day.day,
        agent_day.queue,
        option.start,
        option.end,
    )
    return offsets if offsets is not None and _valid(layout, offsets) else None


def _layout(builder: RosterBuilder, length: int) -> BreakLayout:
    layout = builder.layouts.get(length)
    if layout is None:
        layout = builder.layouts[length] = break_layout(builder.instance, length)
    return layout


def _valid(layout: BreakLayout, offsets: list[int]) -> bool:
    if len(offsets) != len(layout.slots):
        return False
    if any(p not in slot.offsets for p, slot in zip(offsets, layout.slots, strict=True)):
        return False
    return all(offsets[k + 1] >= offsets[k] + layout.delta(k) for k in range(len(offsets) - 1))


def _groups(setup: SearchSetup) -> dict[tuple[int, str, int], list[str]]:
    groups: dict[tuple[int, str, int], list[str]] = defaultdict(list)
    for agent_id, day in sorted(setup.movable):
        choice = setup.builder.states[agent_id].shifts.get(day)
        if choice is not None:
            groups[(day, *choice)].append(agent_id)
    return groups


def revert_breaks(search: LateAcceptance, movable: set[Key]) -> None:
    """Give kept published shifts their published breaks back wherever that is now cheaper:
    an earlier level moved them to cover a gap that this level may fill with people, and
    every moved break pays the day's change price."""
    builder = search.b
    assert isinstance(builder, ReplanBuilder)
    for key in sorted(movable):
        published, own = builder.published_breaks.get(key), builder.own.get(key)
        agent_id, day = key
        state = builder.states[agent_id]
        if published is None or own in (None, published):
            continue
        if state.shifts.get(day) != builder.published[key]:
            continue
        q, o = state.shifts[day]
        k = builder.queues.index(q)
        before = search.local_cost({(day, k)}, [key])
        builder.unplace(state, day)
        builder.place(state, day, k, o, published)
        if search.local_cost({(day, k)}, [key]) >= before - 1e-6:
            builder.unplace(state, day)
            builder.place(state, day, k, o, own)


def _own_days(builder: ReplanBuilder) -> dict[Key, AgentDay]:
    """Each placed agent-day with the breaks it holds in the builder, for ``group_days`` to
    hand back (the group's counts are exactly its members' own offsets)."""
    days = {}
    for (agent_id, day), offsets in builder.own.items():
        q, o = builder.states[agent_id].shifts[day]
        option = builder.catalogue.options[o]
        layout = builder.layouts[option.length]
        days[(agent_id, day)] = AgentDay(
            agent=agent_id,
            day=day,
            queue=q,
            shift=Span(start_minute=option.start, end_minute=option.end),
            breaks=tuple(
                BreakPlacement(
                    kind=slot.spec.kind.value,
                    start_minute=option.start + p,
                    end_minute=option.start + p + slot.spec.minutes,
                )
                for p, slot in zip(offsets, layout.slots, strict=True)
            ),
        )
    return days


def read_search_roster(revision: Revision, setup: SearchSetup) -> Roster:
    """The frozen agent-days as they were, the searched ones from the builder."""
    instance, builder = revision.instance, setup.builder
    days = {k: d for k, d in setup.begin.items() if k not in setup.movable}
    own = _own_days(builder)
    groups = _groups(setup)
    for prefer in (True, False):
        for key, members in groups.items():
            counts = [{p: n for p, n in c.items() if n > 0} for c in builder.breaks.get(key, [])]
            for agent_day in group_days(
                instance, builder.catalogue, own, key, members, counts, prefer
            ):
                days[(agent_day.agent, agent_day.day)] = agent_day
        roster = Roster(instance=instance.name, agent_days=tuple(days[k] for k in sorted(days)))
        broken = {(v.agent, v.date) for v in check_breaks(instance, roster)}
        if not broken:
            break
    return roster
