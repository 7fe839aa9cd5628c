"""The linear programme whose minimum bounds the re-plan cost of every admitted roster.

The re-plan's cost of a roster is the validator's total on the revised instance (under- and
over-staffing, overtime, denied requests, and fairness and soft minimums where priced) plus
the change price of every agent-day that differs from the published roster
(``stability.roster_change_cost``). For every roster ``relaxation.admits`` accepts, this
programme has a point costing no more:

* pinned agent-days are constants: their on-phone minutes, overtime, denied requests and change
  prices, as the validator and ``stability`` count them;
* a kept shift is a constant on the phones, less what is settled before ``now`` (breaks already
  started, non-phone work until ``now``: constants too), less its breaks still to come (counts
  per start offset after ``now``, per group of equal kept shifts; order and gaps dropped) and
  less the part of its non-phone work after ``now`` it keeps. Its change price
  (``day_change_cost`` of a shift kept as published: the day price once, if anything changed,
  plus the moved minutes) is at least: per group, the day price times the most of (half the
  count differences of any break from the published offsets; the days cutting work or taking
  new overtime, each a 0..1 variable), plus min(step, break) moved minutes per unit of count
  difference (a break moved at least a step moves at least 2 * min(step, break) minutes and
  changes two counts by one), plus every minute of work cut;
* free agent-days are pooled into classes (each agent alone up to ``OWN_CLASS_AGENTS``, else
  the same role, tier, queues, templates, start and end limits): per class, day, queue and
  option, how many members work it; at most the members free that day in total (and Hall's
  condition for members with fewer options); per week, paid minutes and working days at most
  what the members' contracts leave after their other days, summed. A member keeping the
  published day unchanged (queue, shift and breaks; or off when published off) pays no
  change price, every other one at least the day's price, so the class pays the day price
  for its members less a count of those kept: per pattern and published break offsets at
  most the published count, together at most the pattern's new count, and each of their
  offsets held by the group's break count there; a member with new overtime is not kept.
  Moved minutes: an agent alone in its class pays each option's against its own published
  shift; pooled, at least, per queue and step, |published - new members on shift| over
  all free members of a role and tier (the triangle inequality). Denied requests: the
  cheapest members' prices for the number working. Breaks: counts per group of equal shifts
  and start offset, each break in order and gap after the one before (sorted pairing), also
  for the members not keeping their published day;
* new overtime (level 1) per offering agent-day and step, within the offers after ``now``, on
  the day's queue (a pinned or kept day) or any queue of the agent (a free day), at the
  overtime and moved-minute price, with a 0..1 'used' variable bounding it per step and in
  total (so a step's worth costs at least that share of the day price): a pinned day
  otherwise unchanged pays the day price with it (``admits`` checks it), a kept or free day
  through the rules above;
* under- and over-staffing per queue and step, priced as the validator prices them.

Fairness and soft weekly minimums are >= 0 and counted as 0. Every cost is a whole number.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from scheduler.check.costs import coverage
from scheduler.models.instance import Agent, Instance
from scheduler.models.requests import denial_costs
from scheduler.models.roster import AgentDay, Roster, Span
from scheduler.replan.programme import Programme
from scheduler.replan.relaxation import FreeDay, Key, Relaxation, fixed_part, option_of, owed
from scheduler.replan.scope import OWED
from scheduler.replan.stability import day_change_cost, moved_minutes

Column = tuple[int, int]  # (queue row, time step of the horizon)
GroupKey = tuple[int, str, int, int]  # (day, queue, shift start, shift length) of free days
# Kept shifts: (day, queue, shift start, shift length, first break still to place, earliest
# offset it may take).
KeptKey = tuple[int, str, int, int, int, int]


# Up to this many agents with free days each is a class of its own: their weekly rooms are
# then their own, not pooled with members who cannot use them on that day (1,000 agents:
# bound 439,074 -> 442,541, +0.8 %, LP 2.2 s -> 4.3 s). Above it classes pool alike agents.
OWN_CLASS_AGENTS = 1500


def class_key(agent: Agent, own: bool = False) -> tuple:
    """Free agents alike enough to pool: the same role, tier, queues, templates and limits
    (with ``own``, each agent alone)."""
    if own:
        return (agent.id,)
    return (
        agent.role.value,
        agent.reserve_tier,
        tuple(sorted(agent.queues)),
        agent.templates,
        agent.earliest_start_minute,
        agent.latest_end_minute,
    )


def chain_key(agent: Agent) -> tuple:
    """Free agents whose moved minutes are counted together: the same role and tier. (Per
    class is barely tighter, 0.03 % at 1,000 agents, and its programme twice as slow.)"""
    return (agent.role.value, agent.reserve_tier)


@dataclass
class _Chain:
    """Count variables of the classes of one ``chain_key`` on one day, and their members."""

    counts: list[tuple[tuple[str, int], int]] = field(default_factory=list)
    size: int = 0
    members: list[FreeDay] = field(default_factory=list)


@dataclass
class _KeptGroup:
    """Kept shifts alike: how many, their published break offsets (per break still to place),
    and the 0..1 variables of their days' other changes (work cut, new overtime)."""

    size: int = 0
    offsets: list[dict[int, int]] = field(default_factory=list)
    changes: list[int] = field(default_factory=list)
    unpriced: bool = False  # a member's published breaks fit no layout: moves not priced


@dataclass
class _Published:
    """Members of a class-day published off; published on a (queue, option) with their break
    offsets; and their published shift minutes per column."""

    off: int = 0
    shifts: dict[tuple[tuple[str, int], tuple[int, ...] | None], int] = field(
        default_factory=lambda: defaultdict(int)
    )
    minutes: dict[Column, float] = field(default_factory=lambda: defaultdict(float))


@dataclass
class BoundModel:
    """Builds the programme (``build``); ``constants`` are the settled costs, by term."""

    relaxation: Relaxation
    lp: Programme = field(default_factory=Programme)
    constants: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    classes: int = 0
    own: bool = True  # each agent a class of its own (``OWN_CLASS_AGENTS``)
    # Per coverage column: (variable, on-phone minutes per unit) and how many it can add.
    terms: dict[Column, list[tuple[int, float]]] = field(default_factory=lambda: defaultdict(list))
    reach: dict[Column, float] = field(default_factory=lambda: defaultdict(float))
    groups: dict[GroupKey, list[tuple[int, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    kept_groups: dict[KeptKey, _KeptGroup] = field(default_factory=dict)
    kept_group_of: dict[Key, KeptKey] = field(default_factory=dict)
    kept_changed: dict[Key, int] = field(default_factory=dict)  # per kept day, see ``_kept``
    # Free members keeping their published day: (group, break, offset) -> their variables.
    keepers: dict[tuple[GroupKey, int, int], list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # A free agent-day alone in its class that day: its (queue, option) count variables.
    day_counts: dict[Key, dict[tuple[str, int], int]] = field(default_factory=dict)
    # What ``integer_plan`` rounds or fixes: per group of free or kept shifts and break, the
    # (count variable, start offset) pairs; the 'used' variables of new overtime.
    break_counts: dict[tuple[str, tuple, int], list[tuple[int, int]]] = field(default_factory=dict)
    overtime_used: list[int] = field(default_factory=list)
    # A free agent-day alone in its class: its variable for keeping its published day.
    keeper_of: dict[Key, int] = field(default_factory=dict)
    # Each agent of its own class: (paid minutes, working days) its free days of a week may
    # take, after its other days.
    weekly_room: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)
    # Each agent with free days: paid minutes of its other days of the week.
    weekly_paid: dict[tuple[str, int], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        instance = self.instance
        self.step = instance.horizon.time_step_minutes
        self.row = {q: n for n, q in enumerate(instance.queue_ids)}
        pinned = Roster(instance=instance.name, agent_days=tuple(self.relaxation.pinned_days()))
        cover = coverage(instance, pinned)
        self.required = cover.required.astype(float)
        self.under_price = cover.under_weight.astype(float)
        self.pinned = cover.staffed.astype(float)
        self.base = self.pinned.copy()  # plus every constant on-phone minute of the others
        self.columns = self.required.shape[1]
        self.request_price: dict[Key, int] = defaultdict(int)
        for request, price in zip(instance.requests, denial_costs(instance), strict=True):
            self.request_price[(request.agent, request.day)] += price

    @property
    def instance(self) -> Instance:
        return self.relaxation.instance

    def build(self) -> Programme:
        self._pinned_costs()
        self._kept()
        self._free()
        self._breaks()
        self._settled_overtime()
        self._kept_breaks()
        self._coverage()
        self.lp.constant = float(sum(self.constants.values()))
        return self.lp

    def spread(self, day: int, start: int, end: int) -> list[tuple[int, int]]:
        """(column, minutes) of a span of ``day``, as the validator counts it."""
        first, last = day * 1440 + start, day * 1440 + end
        found = []
        for t in range(first // self.step, -(-last // self.step)):
            if t >= self.columns:
                break
            minutes = min(last, (t + 1) * self.step) - max(first, t * self.step)
            if minutes > 0:
                found.append((t, minutes))
        return found

    def _on_phone(self, agent_day: AgentDay, sign: float = 1.0) -> None:
        q = self.row[agent_day.queue]
        for start, end in agent_day.on_phone_spans():
            for t, minutes in self.spread(agent_day.day, start, end):
                self.base[q, t] += sign * minutes

    # -- settled costs ------------------------------------------------------------------------

    def _pinned_costs(self) -> None:
        """Overtime, denied requests and change prices of the pinned days, as the roster pays
        them; denied requests of the kept days (a kept shift is worked)."""
        rx, instance = self.relaxation, self.instance
        minutes = sum(s.minutes for d in rx.pinned_days() for s in d.overtime)
        self.constants["overtime"] = instance.costs.overtime_per_minute * minutes
        for key, price in self.request_price.items():
            given = rx.before.get(key)
            if key in rx.kept or (rx.is_pinned(key) and given is not None and given.works):
                self.constants["requests"] += price
        for key in set(rx.published) | set(rx.before):
            if rx.is_pinned(key):
                weights = rx.day_weights(key[1])
                cost = day_change_cost(weights, rx.published.get(key), rx.before.get(key))
                self.constants["changes"] += cost

    # -- kept shifts ----------------------------------------------------------------------------

    def _kept(self) -> None:
        """A kept shift's minutes on the phones as a constant, less what is settled before
        ``now``; its breaks still to come join its group (``_kept_breaks``); its non-phone
        work after ``now`` may be cut (``_kept_work``)."""
        rx = self.relaxation
        for key, agent_day in sorted(rx.kept.items()):
            shift = agent_day.shift
            assert shift is not None
            settled, first_open = fixed_part(rx, agent_day)
            self._on_phone(settled)
            earliest = max(0, rx.earliest(key[1]) - shift.start_minute)
            group_key = (key[1], agent_day.queue, shift.start_minute, shift.minutes)
            self.kept_group_of[key] = (*group_key, first_open, earliest)
            group = self.kept_groups.setdefault(self.kept_group_of[key], _KeptGroup())
            group.size += 1
            slots = rx.layout(shift.minutes).slots
            breaks = owed(agent_day)
            if not group.offsets:
                group.offsets = [defaultdict(int) for _ in slots[first_open:]]
            group.unpriced |= len(breaks) != len(slots)
            if len(breaks) == len(slots):
                for k, block in enumerate(breaks[first_open:]):
                    group.offsets[k][block.start_minute - shift.start_minute] += 1
            changed = self.lp.variable(0.0, 1.0)  # 1: the day changes other than its breaks
            self.kept_changed[key] = changed
            group.changes.append(changed)
            self._kept_work(agent_day, changed)

    def _kept_work(self, agent_day: AgentDay, changed: int) -> None:
        """Non-phone work after ``now`` as off-phone minutes per step, any part of which may
        go back on the phones at the moved-minute price, on a changed day only."""
        rx, lp = self.relaxation, self.lp
        floor = rx.earliest(agent_day.day)
        q = self.row[agent_day.queue]
        work: dict[int, float] = defaultdict(float)
        for block in agent_day.breaks:
            if block.kind not in OWED and block.end_minute > floor:
                start = max(block.start_minute, floor)
                for t, minutes in self.spread(agent_day.day, start, block.end_minute):
                    work[t] += minutes
        if not work:
            return
        price = float(rx.day_weights(agent_day.day).moved_minute)
        total = sum(work.values())
        self.constants["changes"] += price * total  # every minute cut, less those kept
        kept = []
        for t, minutes in sorted(work.items()):
            var = lp.variable(-price, minutes)
            self.terms[(q, t)].append((var, -1.0))
            kept.append((var, 1.0))
        lp.row(kept + [(changed, total)], total, math.inf)  # cut only on a changed day

    # -- free agent-days ----------------------------------------------------------------------

    def _free(self) -> None:
        """Free agent-days by class; the members on shift and moved minutes by coarser
        groups (``chain_key``), which keeps the programme small."""
        rx = self.relaxation
        by_class: dict[tuple, dict[int, list[FreeDay]]] = defaultdict(lambda: defaultdict(list))
        own = self.own = len({a for a, _ in rx.free}) <= OWN_CLASS_AGENTS
        for key, free in sorted(rx.free.items()):
            agent = self.instance.agent_by_id[key[0]]
            by_class[class_key(agent, own)][key[1]].append(free)
        self.classes = len(by_class)
        chains: dict[tuple, _Chain] = defaultdict(_Chain)
        for per_day in by_class.values():
            shifts = {}
            for day, members in per_day.items():
                counts = self._class_day(day, members)
                shifts[day] = counts
                chain = chains[(chain_key(self.instance.agent_by_id[members[0].key[0]]), day)]
                chain.counts += list(counts.items())
                chain.size += len(members)
                chain.members += members
            self._weekly(per_day, shifts)
        for (_, day), chain in sorted(chains.items(), key=lambda kv: (repr(kv[0][0]), kv[0][1])):
            published = self._published(day, chain.members).minutes
            # Own classes pay their moved minutes per option (``_own_moves``), exactly.
            price = 0 if own else self.relaxation.day_weights(day).moved_minute
            queues = {q for (q, _), _ in chain.counts}
            queues |= {self.instance.queue_ids[row] for row, _ in published}
            for q in sorted(queues):
                on_queue = [(o, v) for (queue, o), v in chain.counts if queue == q]
                self._on_shift(day, q, on_queue, published, chain.size, price)

    def _class_day(self, day: int, members: list[FreeDay]) -> dict[tuple[str, int], int]:
        """How many members work each (queue, option), and the day prices and denied requests
        they pay. Returns the count variables."""
        rx, lp = self.relaxation, self.lp
        options = rx.catalogue.options
        served = (self.instance.agent_by_id[m.key[0]].queues for m in members)
        queues = sorted(set().union(*served))  # one set per class: pooled if ever not
        union = sorted({o for m in members for o in m.options})
        size = len(members)
        counts = {(q, o): lp.variable(0.0, size) for q in queues for o in union}
        exempt: dict[tuple[str, int], int] = defaultdict(int)
        for member in members:
            if member.exempt is not None:
                exempt[member.exempt] += 1
        for pattern, count in sorted(exempt.items()):
            if pattern not in counts:  # only members keeping their published shift work it
                counts[pattern] = lp.variable(0.0, count)
        for (q, o), var in counts.items():
            self.groups[(day, q, options[o].start, options[o].length)].append((var, size))
        self._pooled_domains(members, counts)
        working = [(v, 1.0) for v in counts.values()]
        published = self._published(day, members)
        price = rx.day_weights(day).changed_agent_day
        self.constants["changes"] += price * size
        kept = [(lp.variable(-price, published.off), 1.0)]
        lp.row(working + kept, -math.inf, size)  # staying off: members not working
        keeping = self._kept_patterns(day, published, counts, price)
        kept += keeping
        if size == 1 and keeping:
            self.keeper_of[members[0].key] = keeping[0][0]
        users = [self._new_overtime(m.key, queues, 0.0) for m in members if m.key in rx.offers]
        if users:  # a member with new overtime is changed, and works a shift
            lp.row(kept + [(u, 1.0) for u in users], -math.inf, size)
            lp.row([(u, 1.0) for u in users] + [(v, -1.0) for v, _ in working], -math.inf, 0.0)
        self._requests(members, working)
        if size == 1:
            self.day_counts[members[0].key] = counts
        if self.own:
            self._own_moves(day, members[0], counts)
        return counts

    def _own_moves(self, day: int, member: FreeDay, counts: dict[tuple[str, int], int]) -> None:
        """A class of one pays each option's moved minutes against its own published shift,
        as ``stability`` counts them (breaks and overtime aside): the same minutes summed over
        a chain let one member's later start cancel another's earlier one (1,000 agents:
        444,817 -> 444,895; the chain's rows then carry no price, only the coverage)."""
        options = self.relaxation.catalogue.options
        price = self.relaxation.day_weights(day).moved_minute
        was = member.published
        before = None if was is None or was.shift is None else (was.queue, was.shift)
        off = moved_minutes(before, None)
        self.constants["changes"] += price * off
        for (q, o), var in counts.items():
            after = (q, Span(start_minute=options[o].start, end_minute=options[o].end))
            self.lp.cost[var] += price * (moved_minutes(before, after) - off)

    def _pooled_domains(self, members: list[FreeDay], counts: dict[tuple[str, int], int]) -> None:
        """Members with fewer options (absences, a reserve's notice) pool with the others:
        options outside one member's are worked by at most the members who have any of
        them (Hall's condition for that set)."""
        kinds = {m.options for m in members}
        if len(kinds) < 2:
            return
        for kind in sorted(kinds):
            outside = {o for m in members for o in m.options} - set(kind)
            able = sum(
                1
                for m in members
                if outside & set(m.options) or (m.exempt is not None and m.exempt[1] in outside)
            )
            cells = [(v, 1.0) for (_, o), v in counts.items() if o in outside]
            if cells and able < len(members):
                self.lp.row(cells, -math.inf, able)

    def _kept_patterns(
        self, day: int, published: _Published, counts: dict[tuple[str, int], int], price: int
    ) -> list[tuple[int, float]]:
        """Members keeping their published day unchanged (shift, queue and breaks), per
        pattern and break offsets: at most the published count, at most the pattern's new
        count, and each keeps its breaks (the group's count at each of their offsets is at
        least theirs). A member keeping the shift but moving a break is changed."""
        options = self.relaxation.catalogue.options
        by_pattern: dict[tuple[str, int], list[tuple[int, float]]] = defaultdict(list)
        for (pattern, offsets), count in sorted(published.shifts.items()):
            if pattern not in counts or offsets is None:
                continue
            var = self.lp.variable(-price, count)
            by_pattern[pattern].append((var, 1.0))
            q, o = pattern
            group = (day, q, options[o].start, options[o].length)
            for k, offset in enumerate(offsets):
                self.keepers[(group, k, offset)].append(var)
        for pattern, kept in by_pattern.items():
            self.lp.row(kept + [(counts[pattern], -1.0)], -math.inf, 0.0)
        return [cell for kept in by_pattern.values() for cell in kept]

    def _published(self, day: int, members: list[FreeDay]) -> _Published:
        rx = self.relaxation
        found = _Published()
        for member in members:
            was = member.published
            if was is None or was.shift is None:
                found.off += 1
                continue
            o = option_of(rx.catalogue, was)
            if o is not None:
                found.shifts[((was.queue, o), self._break_offsets(was))] += 1
            if was.queue in self.row:
                q = self.row[was.queue]
                for t, minutes in self.spread(day, was.shift.start_minute, was.shift.end_minute):
                    found.minutes[(q, t)] += minutes
        return found

    def _break_offsets(self, agent_day: AgentDay) -> tuple[int, ...] | None:
        """The day's owed break offsets when they fit its break layout (None: they do not, so
        no admitted roster keeps them)."""
        shift = agent_day.shift
        assert shift is not None
        slots = self.relaxation.layout(shift.minutes).slots
        offsets = tuple(b.start_minute - shift.start_minute for b in owed(agent_day))
        if len(offsets) != len(slots) or any(
            p not in slot.offsets for p, slot in zip(offsets, slots, strict=True)
        ):
            return None
        return offsets

    def _requests(self, members: list[FreeDay], working: list) -> None:
        """Members working a day they asked off pay its price: at least the cheapest prices
        for the number working (members asking nothing work free first)."""
        prices: dict[int, int] = defaultdict(int)
        for member in members:
            prices[self.request_price.get(member.key, 0)] += 1
        free = prices.pop(0, 0)
        if not prices:
            return
        paying = [(self.lp.variable(float(p), n), -1.0) for p, n in sorted(prices.items())]
        self.lp.row(working + paying, -math.inf, free)

    def _on_shift(
        self,
        day: int,
        queue: str,
        counts: list[tuple[int, int]],
        published: dict[Column, float],
        size: int,
        moved_price: int,
    ) -> None:
        """The class's members on shift on ``queue`` per step, and the minutes that moved.

        Per step, members on shift = published members on shift + arrived - left (both >= 0,
        priced per moved minute: their sum is at least the difference of the published and
        new shift minutes, which the triangle inequality makes a lower bound of the members'
        moved minutes). The running total changes by the shifts starting less those ending at
        the step, so each count enters two rows rather than one per step it covers (options
        are on the grid: ``relaxation.free_options``)."""
        options, step, q = self.relaxation.catalogue.options, self.step, self.row[queue]
        starting: dict[int, list[int]] = defaultdict(list)
        ending: dict[int, list[int]] = defaultdict(list)
        for o, var in counts:
            starting[(day * 1440 + options[o].start) // step].append(var)
            ending[(day * 1440 + options[o].end) // step].append(var)
        old = {t: minutes / step for (row, t), minutes in published.items() if row == q}
        steps = set(old) | set(starting) | set(ending)
        if not steps:
            return
        previous: tuple[int, int] | None = None
        last_old = 0.0
        for t in range(min(steps), min(max(steps) + 1, self.columns)):
            was = old.get(t, 0.0)
            arrived = self.lp.variable(moved_price * step, size)
            left = self.lp.variable(moved_price * step, was)
            terms = [(arrived, 1.0), (left, -1.0)]
            terms += [(v, -1.0) for v in starting.get(t, [])]
            terms += [(v, 1.0) for v in ending.get(t, [])]
            if previous is not None:
                terms += [(previous[0], -1.0), (previous[1], 1.0)]
            self.lp.row(terms, last_old - was, last_old - was)
            self.base[q, t] += was * step
            self.terms[(q, t)] += [(arrived, float(step)), (left, -float(step))]
            self.reach[(q, t)] += size * step
            previous, last_old = (arrived, left), was

    def _weekly(self, per_day: dict[int, list[FreeDay]], shifts) -> None:
        """Per week: the class's paid minutes and working days on its free days within what
        the members' contracts leave after their other days of that week."""
        rx, instance = self.relaxation, self.instance
        weeks: dict[int, list[int]] = defaultdict(list)
        for day in per_day:
            weeks[day // 7].append(day)
        for week, days in weeks.items():
            minutes_left, days_left = 0, 0
            for agent_id in sorted({m.key[0] for d in days for m in per_day[d]}):
                agent = instance.agent_by_id[agent_id]
                other = [
                    rx.before[(agent_id, d)]
                    for d in instance.horizon.week_days(week)
                    if (agent_id, d) not in rx.free and (agent_id, d) in rx.before
                ]
                paid = sum(instance.paid_minutes(d.shift.minutes) for d in other if d.shift)
                self.weekly_paid[(agent_id, week)] = paid
                minutes_left += max(0, instance.weekly_max_minutes(agent) - paid)
                days_left += max(0, instance.weekly_max_days(agent, week) - len(other))
            options = rx.catalogue.options
            cells = [(v, options[o].paid) for d in days for (_, o), v in shifts[d].items()]
            if self.own:
                self.weekly_room[(per_day[days[0]][0].key[0], week)] = (minutes_left, days_left)
            self.lp.row([(v, float(p)) for v, p in cells], -math.inf, minutes_left)
            self.lp.row([(v, 1.0) for v, _ in cells], -math.inf, days_left)

    # -- breaks ---------------------------------------------------------------------------------

    def _breaks(self) -> None:
        """Per group of equal free shifts and break of their rule: a count per start offset,
        the counts summing to the group's size, each break in order after the one before
        (``_in_order``: 200 agents +1.2 %, 1,000 agents +0.5 %; for kept shifts it added
        nothing, so it is left out there)."""
        for key in sorted(self.groups):
            day, queue, start, length = key
            members = self.groups[key]
            upper = sum(u for _, u in members)
            layout = self.relaxation.layout(length)
            previous = None
            for k, slot in enumerate(layout.slots):
                counts = self._offsets(day, queue, start, slot, slot.offsets, upper)
                self.lp.row(counts + [(v, -1.0) for v, _ in members], 0.0, 0.0)
                placed = list(zip(counts, slot.offsets, strict=True))
                self.break_counts[("free", key, k)] = [(v, p) for (v, _), p in placed]
                if previous is not None:
                    self._in_order(key, k, previous, placed, layout.delta(k - 1))
                previous = placed
                for (var, _), offset in placed:
                    keepers = self.keepers.get((key, k, offset))
                    if keepers:
                        self.lp.row([(var, 1.0)] + [(v, -1.0) for v in keepers], 0.0, math.inf)

    def _in_order(self, key: GroupKey, k: int, first: list, then: list, delta: int) -> None:
        """Breaks keep their order and gap: in every roster each next break at or before
        ``p`` pairs with its own first break at or before ``p - delta`` (sorted pairing,
        ``break_layout``), so per next offset the next breaks up to it are at most the first
        breaks up to ``p - delta``; so do the breaks of the members not keeping their
        published day (each keeper takes its own ordered breaks out of both counts)."""
        last_first = max(offset for _, offset in first)
        for p in sorted({offset for _, offset in then}):
            if p - delta >= last_first:
                break  # every first break is early enough: the group's size bounds both
            nexts = [(var, 1.0) for (var, _), offset in then if offset <= p]
            firsts = [(var, -1.0) for (var, _), offset in first if offset <= p - delta]
            # (The row over all members follows: a keeper's own breaks are in order.)
            nexts += self._keeping(key, k, [o for _, o in then if o <= p], -1.0)
            firsts += self._keeping(key, k - 1, [o for _, o in first if o <= p - delta], 1.0)
            self.lp.row(nexts + firsts, -math.inf, 0.0)

    def _keeping(self, key: GroupKey, k: int, offsets: list[int], sign: float) -> list:
        """The keepers' variables of break ``k`` at ``offsets``, with ``sign``."""
        found = [v for offset in offsets for v in self.keepers.get((key, k, offset), [])]
        return [(v, sign) for v in found]

    def _offsets(self, day: int, queue: str, start: int, slot, offsets, upper: float) -> list:
        """A count variable per start offset of a break, off the phones for its minutes."""
        counts = []
        q = self.row[queue]
        for offset in offsets:
            var = self.lp.variable(0.0, upper)
            counts.append((var, 1.0))
            begin = start + offset
            for t, minutes in self.spread(day, begin, begin + slot.spec.minutes):
                self.terms[(q, t)].append((var, -float(minutes)))
        return counts

    def _kept_breaks(self) -> None:
        """Breaks still to place of kept shifts, per group: counts per offset after ``now``
        summing to the group's size. A break moved changes its day (the day price, once per
        day: at least half the count differences of each break, and at least the days with
        other changes) and at least 2 * min(step, break) moved minutes, which is at least
        min(step, break) per unit of count difference."""
        for key in sorted(self.kept_groups):
            day, queue, start, length, first_open, earliest = key
            group = self.kept_groups[key]
            weights = self.relaxation.day_weights(day)
            changed = self.lp.variable(float(weights.changed_agent_day), group.size)
            if group.changes:
                self.lp.row([(changed, 1.0)] + [(v, -1.0) for v in group.changes], 0.0, math.inf)
            slots = self.relaxation.layout(length).slots[first_open:]
            for k, (slot, published) in enumerate(zip(slots, group.offsets, strict=True)):
                offsets = [p for p in slot.offsets if p >= earliest]
                if not offsets:
                    continue  # no admitted roster has this group's breaks: nothing to place
                counts = self._offsets(day, queue, start, slot, offsets, group.size)
                self.lp.row(counts, group.size, group.size)
                cells = [(v, p) for (v, _), p in zip(counts, offsets, strict=True)]
                self.break_counts[("kept", key, first_open + k)] = cells
                if group.unpriced or not set(published) <= set(offsets):
                    continue  # a published break off its window's grid: moves not priced
                price = weights.moved_minute * min(self.step, slot.spec.minutes)
                moved = []
                for (var, _), offset in zip(counts, offsets, strict=True):
                    was = published.get(offset, 0)
                    more = self.lp.variable(float(price), group.size)
                    less = self.lp.variable(float(price), was)
                    self.lp.row([(var, 1.0), (more, -1.0), (less, 1.0)], was, was)
                    moved += [(more, 1.0), (less, 1.0)]
                self.lp.row([(changed, 2.0)] + [(v, -1.0) for v, _ in moved], 0.0, math.inf)

    # -- overtime -------------------------------------------------------------------------------

    def _settled_overtime(self) -> None:
        """New overtime on pinned and kept days, on the day's queue; a pinned day pays the day
        price too when it is otherwise unchanged, a kept day with its other changes."""
        rx = self.relaxation
        for key in sorted(rx.offers):
            if key in rx.free:
                continue
            given = rx.before.get(key)
            if given is None or given.shift is None:
                continue  # ``admits`` allows no overtime there
            if key in rx.kept:  # the day price once with its other changes
                self._new_overtime(
                    key, [given.queue], 0.0, self.kept_changed[key], shift=given.shift
                )
                continue
            weights = rx.day_weights(key[1])
            changed = day_change_cost(weights, rx.published.get(key), given) > 0
            price = 0.0 if changed else weights.changed_agent_day
            self._new_overtime(key, [given.queue], price, shift=given.shift)

    def _new_overtime(
        self,
        key: Key,
        queues: list[str],
        day_price: float,
        used: int | None = None,
        shift: Span | None = None,
    ) -> int:
        """The agent-day's new overtime per queue and step within its open offers, off its
        ``shift`` and the agent's absences (the validator allows none there, ``admits``
        neither); returns its 0..1 'used' variable (``used``, or a new one priced
        ``day_price``)."""
        rx, day = self.relaxation, key[1]
        floor = rx.earliest(day)
        per_step: dict[int, float] = defaultdict(float)
        cap = 0.0
        blocked = rx.overtime_blocked(key[0], day, shift)
        for offer in rx.offers[key]:
            start = max(offer.start_minute, floor)
            if offer.end_minute > start:
                cap += min(offer.max_minutes, offer.end_minute - start)
                for first, last in _outside(start, offer.end_minute, blocked):
                    for t, minutes in self.spread(day, first, last):
                        per_step[t] = min(float(self.step), per_step[t] + minutes)
        used = self.lp.variable(day_price, 1.0) if used is None else used
        self.overtime_used.append(used)
        price = float(self.instance.costs.overtime_per_minute + rx.weights.moved_minute)
        spans = []
        for t, minutes in sorted(per_step.items()):
            on_step = []
            for queue in queues:
                q = self.row[queue]
                var = self.lp.variable(price, minutes)
                self.terms[(q, t)].append((var, 1.0))
                self.reach[(q, t)] += minutes
                on_step.append((var, 1.0))
            # Per step, not only per day: with the day's cap alone an hour of a four-hour
            # offer paid a quarter of the day price (1,000 agents: +0.25 % bound).
            self.lp.row(on_step + [(used, -minutes)], -math.inf, 0.0)
            spans += on_step
        self.lp.row(spans + [(used, -cap)], -math.inf, 0.0)
        return used

    # -- coverage -------------------------------------------------------------------------------

    def _coverage(self) -> None:
        """Under- and over-staffing per queue and step: in the programme where a decision
        reaches, a constant elsewhere (the settled minutes alone)."""
        over_price = float(self.instance.costs.over_per_minute)
        gap = self.required - self.base
        constant = np.maximum(gap, 0) * self.under_price + np.maximum(-gap, 0) * over_price
        reached = np.zeros_like(gap, dtype=bool)
        for (q, t), items in sorted(self.terms.items()):
            reached[q, t] = True
            need = float(gap[q, t])
            short = max(0.0, float(self.required[q, t] - self.pinned[q, t]))
            under = self.lp.variable(float(self.under_price[q, t]), short)
            over = self.lp.variable(over_price, max(0.0, -need + self.reach.get((q, t), 0.0)))
            self.lp.row(items + [(under, 1.0), (over, -1.0)], need, need)
        self.constants["coverage"] = float(constant[~reached].sum())


def _outside(start: int, end: int, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) outside every ``blocked`` interval."""
    parts = [(start, end)]
    for low, high in blocked:
        parts = [
            piece
            for a, b in parts
            for piece in ((a, min(b, low)), (max(a, high), b))
            if piece[1] > piece[0]
        ]
    return parts
