"""The re-plan problem of a level, split into what is settled and what is still open.

A lower bound of the re-plan (``bound``) needs a set of rosters it holds for. This module
defines that set for a contingency level and checks a roster against it (``admits``).

Every agent-day of the horizon is, at a level:

* *free*: a day on which the level may give the agent any shift or none. The agents the level
  calls on (``search.in_level``: support at level 2; also regular agents and the reachable
  reserves at level 1), on a changed day from ``now`` on, when the level-0 roster has no work
  there or a plain shift that has not started (no non-phone work, no overtime). The shift
  must come from the agent's options of the revised instance (templates, personal limits,
  absences, a reserve's call-out notice) and start no earlier than ``now`` plus the notice a
  regular agent needs on ``now``'s day; keeping the published shift needs no notice;
* *kept*: a shift of a changed day from ``now`` on that keeps its times and queue (under way,
  carrying non-phone work, or of an agent the level does not call on) but whose breaks may
  move and whose non-phone work may be cut (level 3);
* *pinned*: everything else (the past, unchanged days, days with overtime or an absence
  block), exactly as in the level-0 roster (only what the changes force). At level 1 a
  pinned or kept day may gain overtime from the agent's offers after ``now``.

``admits`` checks exactly the properties the bound's linear programme relies on, so the bound
is claimed only for a roster that has them (the re-plan's own rosters do, by construction:
see ``scope`` and ``search``; a test checks it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from scheduler.models.instance import Agent, Instance, OvertimeOffer, Role
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.optimise.break_layout import BreakLayout, break_layout
from scheduler.optimise.options import OptionCatalogue, ShiftOption
from scheduler.replan.apply import Revision
from scheduler.replan.changes import Changes, ChangeWeights
from scheduler.replan.moment import Moment
from scheduler.replan.scope import ABSENT, OWED, Level, published_days
from scheduler.replan.search import in_level
from scheduler.replan.stability import day_change_cost, weights_on_day

Key = tuple[str, int]
Pattern = tuple[str, int]  # (queue, option id)


@dataclass(frozen=True)
class FreeDay:
    """A free agent-day: the options it may take on any of the agent's queues, the published
    (queue, option) it may keep without notice (``exempt``), and what was published."""

    key: Key
    options: tuple[int, ...]
    published: AgentDay | None
    exempt: Pattern | None = None

    def allows(self, queues: tuple[str, ...], pattern: Pattern) -> bool:
        return pattern == self.exempt or (pattern[0] in queues and pattern[1] in self.options)


@dataclass
class Relaxation:
    """The agent-days of one level, sorted into pinned, kept and free (see the module text)."""

    level: Level
    revision: Revision
    catalogue: OptionCatalogue
    weights: ChangeWeights
    before: dict[Key, AgentDay]  # level 0: the published roster with only what is forced
    published: dict[Key, AgentDay]
    open_days: tuple[int, ...]  # changed days from ``now`` on: the only days a level touches
    free: dict[Key, FreeDay] = field(default_factory=dict)
    kept: dict[Key, AgentDay] = field(default_factory=dict)
    layouts: dict[int, BreakLayout] = field(default_factory=dict)

    @property
    def instance(self) -> Instance:
        return self.revision.instance

    @property
    def now(self) -> Moment:
        return self.revision.now

    @property
    def overtime_open(self) -> bool:
        """Only level 1 adds overtime (``overtime.build_overtime``)."""
        return self.level == Level.RESERVES

    def layout(self, length: int) -> BreakLayout:
        found = self.layouts.get(length)
        if found is None:
            found = self.layouts[length] = break_layout(self.instance, length)
        return found

    def is_pinned(self, key: Key) -> bool:
        return key not in self.free and key not in self.kept

    def pinned_days(self) -> list[AgentDay]:
        return [d for k, d in self.before.items() if self.is_pinned(k)]

    def day_weights(self, day: int) -> ChangeWeights:
        return weights_on_day(self.weights, day, self.now)

    @cached_property
    def offers(self) -> dict[Key, list[OvertimeOffer]]:
        """Overtime offers a level-1 roster may still use: on open days, after ``now``."""
        found: dict[Key, list[OvertimeOffer]] = defaultdict(list)
        if not self.overtime_open:
            return found
        for offer in self.instance.overtime_offers:
            if offer.day in self.open_days and self.after_now(offer.day, offer.end_minute):
                found[(offer.agent, offer.day)].append(offer)
        return found

    def overtime_blocked(
        self, agent_id: str, day: int, shift: Span | None
    ) -> list[tuple[int, int]]:
        """Minutes of the day no overtime may take: the shift and the agent's absences."""
        blocked = [(a.start_minute, a.end_minute) for a in self.instance.absences_of(agent_id, day)]
        if shift is not None:
            blocked.append((shift.start_minute, shift.end_minute))
        return blocked

    def after_now(self, day: int, minute: int) -> bool:
        return day * 1440 + minute >= self.now.absolute

    def earliest(self, day: int) -> int:
        """First minute of ``day`` a level may still change."""
        return self.now.minute if day == self.now.day else 0


def unsorted(
    revision: Revision, published: Roster, before: Roster, changes: Changes, level: Level
) -> Relaxation:
    """A level's relaxation with every agent-day still pinned (``relax`` sorts them)."""
    now = revision.now
    return Relaxation(
        level=level,
        revision=revision,
        catalogue=OptionCatalogue(revision.instance),
        weights=changes.weights,
        before=published_days(before),
        published=published_days(published),
        open_days=tuple(sorted(d for d in revision.affected_days() if d >= now.day)),
    )


def relax(
    revision: Revision, published: Roster, before: Roster, changes: Changes, level: Level
) -> Relaxation:
    """Sort every agent-day of ``level``'s re-plan problem (see the module text)."""
    relaxation = unsorted(revision, published, before, changes, level)
    now = revision.now
    reserves = set(revision.reserves)
    for agent in revision.instance.agents:
        calls = in_level(agent, level, reserves)
        for day in relaxation.open_days:
            key = (agent.id, day)
            given, was = relaxation.before.get(key), relaxation.published.get(key)
            if _has_overtime(given) or _has_overtime(was) or _sent_home(given):
                continue
            if calls and _unstarted(given, now):
                options, exempt = _free_options(relaxation, agent, day, was, changes)
                if options or exempt:
                    relaxation.free[key] = FreeDay(key, options, was, exempt)
                    continue
            if given is not None and given.shift is not None and not _ended(given, now):
                relaxation.kept[key] = given
    return relaxation


def _has_overtime(agent_day: AgentDay | None) -> bool:
    return agent_day is not None and bool(agent_day.overtime)


def _sent_home(agent_day: AgentDay | None) -> bool:
    return agent_day is not None and any(b.kind == ABSENT for b in agent_day.breaks)


def _unstarted(agent_day: AgentDay | None, now: Moment) -> bool:
    """No work, or a plain shift (no non-phone work) that starts at ``now`` or later."""
    if agent_day is None or agent_day.shift is None:
        return agent_day is None or not agent_day.works
    if any(b.kind not in OWED for b in agent_day.breaks):
        return False
    return agent_day.day * 1440 + agent_day.shift.start_minute >= now.absolute


def _ended(agent_day: AgentDay, now: Moment) -> bool:
    assert agent_day.shift is not None
    return agent_day.day * 1440 + agent_day.shift.end_minute <= now.absolute


def _free_options(
    relaxation: Relaxation, agent: Agent, day: int, was: AgentDay | None, changes: Changes
) -> tuple[tuple[int, ...], Pattern | None]:
    """Options of a free day: the revised instance's on the grid, starting after ``now`` (a
    regular agent: after ``now`` plus the notice a new or moved shift needs) on ``now``'s day;
    and the published (queue, option) when it may only be kept (it starts within the notice:
    keeping it is no change)."""
    catalogue = relaxation.catalogue
    step = relaxation.instance.horizon.time_step_minutes
    allowed = [
        o
        for o in catalogue.template_domain(agent, day)
        if _on_grid(catalogue.options[o], step) and not catalogue.exclusions(agent, day, o)
    ]
    floor = relaxation.earliest(day)
    notice = changes.regular_notice_minutes if day == relaxation.now.day and _regular(agent) else 0
    options = tuple(o for o in allowed if catalogue.options[o].start >= floor + notice)
    exempt = None
    if was is not None and was.shift is not None and was.queue in agent.queues:
        o = option_of(catalogue, was)
        if o in allowed and o not in options and catalogue.options[o].start >= floor:
            exempt = (was.queue, o)
    return options, exempt


def _on_grid(option: ShiftOption, step: int) -> bool:
    """Off-grid shifts break the validator's grid rule: no roster works them."""
    return option.start % step == 0 and option.end % step == 0


def _regular(agent: Agent) -> bool:
    return agent.role == Role.AGENT and not agent.reserve_tier


# -- the rosters the bound holds for ------------------------------------------------------------


def admits(relaxation: Relaxation, roster: Roster) -> str | None:
    """None when ``roster`` is in the relaxation's set of rosters, else the first reason why
    not. Checks exactly what the bound's programme assumes of a roster."""
    instance = relaxation.instance
    days: dict[Key, AgentDay] = {}
    for agent_day in roster.agent_days:
        key = (agent_day.agent, agent_day.day)
        if agent_day.agent not in instance.agent_by_id or agent_day.day >= instance.horizon.days:
            return f"{key}: unknown agent or day"
        if key in days:
            return f"{key}: two entries"
        days[key] = agent_day
    used: dict[tuple[str, int, int], int] = defaultdict(int)
    for key in sorted(set(days) | set(relaxation.before) | set(relaxation.free)):
        given = days.get(key)
        if key in relaxation.free:
            problem = _free_problem(relaxation, relaxation.free[key], given)
        elif key in relaxation.kept:
            problem = _kept_problem(relaxation, relaxation.kept[key], given)
        else:
            problem = _pinned_problem(relaxation, relaxation.before.get(key), given)
        if problem is None and given is not None:
            before = relaxation.before.get(key)
            problem = _overtime_problem(relaxation, before, given, used)
        if problem is not None:
            return f"{key[0]} day {key[1]}: {problem}"
    return _weekly_problem(relaxation, days)


def _pinned_problem(relaxation: Relaxation, before: AgentDay | None, given: AgentDay | None):
    if before is None or given is None:
        return None if before is given else "pinned day added or removed"
    same = (before.queue, before.shift, before.breaks) == (given.queue, given.shift, given.breaks)
    if not same:
        return "pinned day changed"
    extra = _extra_overtime(before, given)
    if extra is None:
        return "pinned overtime removed"
    if extra and before.shift is None:
        return "overtime on a day without a shift"
    return _overtime_price_problem(relaxation, before, given, extra)


def _overtime_price_problem(
    relaxation: Relaxation, before: AgentDay, given: AgentDay, extra: int
) -> str | None:
    """New overtime on a pinned day must cost at least what the programme charges: the moved
    minutes, and the day price where the day was otherwise unchanged. (A kept or free day pays
    both by ``stability.day_change_cost`` itself.)"""
    if not extra:
        return None
    key = (before.agent, before.day)
    weights = relaxation.day_weights(before.day)
    was = relaxation.published.get(key)
    settled = day_change_cost(weights, was, before)
    charged = weights.moved_minute * extra + (weights.changed_agent_day if settled == 0 else 0)
    if day_change_cost(weights, was, given) < settled + charged:
        return "new overtime cheaper to change than the bound assumes"
    return None


def fixed_part(relaxation: Relaxation, kept: AgentDay) -> tuple[AgentDay, int]:
    """A kept shift with only what is settled before ``now``: the owed breaks already started
    and its non-phone work up to ``now`` (``adjustable`` moves or cuts nothing earlier); and
    how many owed breaks that is."""
    floor = relaxation.earliest(kept.day)
    started = [b for b in owed(kept) if b.start_minute < floor]
    work = [
        b.model_copy(update={"end_minute": min(b.end_minute, floor)})
        for b in kept.breaks
        if b.kind not in OWED and b.start_minute < floor
    ]
    return kept.model_copy(update={"breaks": tuple(started + work), "overtime": ()}), len(started)


def _kept_problem(relaxation: Relaxation, kept: AgentDay, given: AgentDay | None):
    if given is None or (given.queue, given.shift) != (kept.queue, kept.shift):
        return "a kept shift changed its times or queue"
    extra = _extra_overtime(kept, given)
    if extra is None:
        return "kept overtime removed"
    floor = relaxation.earliest(kept.day)
    settled, _ = fixed_part(relaxation, kept)
    if [b for b in owed(given) if b.start_minute < floor] != owed(settled):
        return "a break before now changed"
    blocks = [b for b in kept.breaks if b.kind not in OWED]
    work = [b for b in given.breaks if b.kind not in OWED]
    for block in work:
        if not any(_inside(block, b) for b in blocks):
            return "non-phone work added or moved"
    for block in (b for b in settled.breaks if b.kind not in OWED):
        if not any(_inside(block, b) for b in work):
            return "non-phone work before now changed"
    blocks = sorted(given.breaks, key=lambda b: b.start_minute)
    if any(a.end_minute > b.start_minute for a, b in zip(blocks, blocks[1:], strict=False)):
        return "breaks and non-phone work overlap"
    return _break_problem(relaxation, given)


def _inside(inner: BreakPlacement, outer: BreakPlacement) -> bool:
    return (
        inner.kind == outer.kind
        and outer.start_minute <= inner.start_minute
        and inner.end_minute <= outer.end_minute
    )


def _free_problem(relaxation: Relaxation, free: FreeDay, given: AgentDay | None):
    if given is None or given.shift is None:
        return None if given is None or not given.overtime else "overtime without a shift"
    agent = relaxation.instance.agent_by_id[free.key[0]]
    if given.queue not in agent.queues:
        return f"queue {given.queue} not served"
    o = option_of(relaxation.catalogue, given)
    if o is None or not free.allows(agent.queues, (given.queue, o)):
        return "shift not among the free day's options"
    if any(b.kind not in OWED for b in given.breaks):
        return "non-phone work on a free day"
    return _break_problem(relaxation, given)


def option_of(catalogue: OptionCatalogue, agent_day: AgentDay) -> int | None:
    """The catalogue option of the day's shift (None: no template offers it)."""
    shift = agent_day.shift
    assert shift is not None
    for option in catalogue.options:
        if option.start == shift.start_minute and option.end == shift.end_minute:
            return option.id
    return None


def _break_problem(relaxation: Relaxation, given: AgentDay) -> str | None:
    """Owed breaks one per break of the rule, at an offset of its window, apart and inside."""
    shift = given.shift
    assert shift is not None
    layout = relaxation.layout(shift.minutes)
    owed = sorted((b for b in given.breaks if b.kind in OWED), key=lambda b: b.start_minute)
    if len(owed) != len(layout.slots):
        return "owed breaks do not match the break rule"
    for block, slot in zip(owed, layout.slots, strict=True):
        if (block.kind, block.minutes) != (slot.spec.kind.value, slot.spec.minutes):
            return "owed breaks do not match the break rule"
        if block.start_minute - shift.start_minute not in slot.offsets:
            return "a break outside its window"
    if any(a.end_minute > b.start_minute for a, b in zip(owed, owed[1:], strict=False)):
        return "breaks overlap"
    if owed and (
        owed[0].start_minute < shift.start_minute or owed[-1].end_minute > shift.end_minute
    ):
        return "a break outside the shift"
    return None


def _extra_overtime(before: AgentDay, given: AgentDay) -> int | None:
    """Minutes of overtime ``given`` adds to ``before`` (None: some of it was taken away)."""
    old, new = set(before.overtime), set(given.overtime)
    if not old <= new:
        return None
    return sum(s.minutes for s in new - old)


def _overtime_problem(
    relaxation: Relaxation,
    before: AgentDay | None,
    given: AgentDay,
    used: dict[tuple[str, int, int], int],
) -> str | None:
    """Overtime a roster adds: level 1 only, inside an offer after ``now``, within the offer's
    minutes, no two spans of a day overlapping, off the day's shift and the agent's absences
    (the validator's rules: the programme counts no overtime there), on a queue the agent
    serves."""
    old = set(before.overtime) if before is not None else set()
    extra = sorted((s for s in given.overtime if s not in old), key=lambda s: s.start_minute)
    if not extra:
        return None
    if not relaxation.overtime_open:
        return "overtime added below level 1"
    spans = sorted(given.overtime, key=lambda s: s.start_minute)
    if any(a.end_minute > b.start_minute for a, b in zip(spans, spans[1:], strict=False)):
        return "overtime spans overlap"
    if given.queue not in relaxation.instance.agent_by_id[given.agent].queues:
        return f"overtime on queue {given.queue}, not served"
    offers = relaxation.offers.get((given.agent, given.day), [])
    blocked = relaxation.overtime_blocked(given.agent, given.day, given.shift)
    for span in extra:
        if not relaxation.after_now(given.day, span.start_minute):
            return "overtime added before now"
        if any(a < span.end_minute and span.start_minute < b for a, b in blocked):
            return "overtime on the shift or during an absence"
        n = next(
            (
                n
                for n, o in enumerate(offers)
                if o.start_minute <= span.start_minute and span.end_minute <= o.end_minute
            ),
            None,
        )
        if n is None:
            return "overtime outside an open offer"
        used[(given.agent, given.day, n)] += span.minutes
        if used[(given.agent, given.day, n)] > offers[n].max_minutes:
            return "more overtime than offered"
    return None


def _weekly_problem(relaxation: Relaxation, days: dict[Key, AgentDay]) -> str | None:
    """Each agent with a free day keeps the week's paid minutes and working days within the
    contract (the programme sums both over the agent's class)."""
    instance = relaxation.instance
    horizon = instance.horizon
    agents = sorted({a for a, _ in relaxation.free})
    for agent_id in agents:
        agent = instance.agent_by_id[agent_id]
        for week in range(horizon.weeks):
            entries = [
                days[(agent_id, d)] for d in horizon.week_days(week) if (agent_id, d) in days
            ]
            paid = sum(instance.paid_minutes(d.shift.minutes) for d in entries if d.shift)
            if paid > instance.weekly_max_minutes(agent):
                return f"{agent_id} week {week}: over the contract's hours"
            if len(entries) > instance.weekly_max_days(agent, week):
                return f"{agent_id} week {week}: over the contract's days"
    return None


def owed(agent_day: AgentDay) -> list[BreakPlacement]:
    return sorted((b for b in agent_day.breaks if b.kind in OWED), key=lambda b: b.start_minute)
