"""Use peak subscriptions on a finished roster: overtime only where it pays for itself.

Each overtime offer (a subscription: "up to 2 h between 17:00 and 21:00 on Monday") allows
spans on the time-step grid inside its window and the opening hours: an extension right before
or after the agent's work that day, or, on a day off, a call-in anywhere in the window. A span
is worth its exact change in the validator's cost: shortfall it removes (weighted per
interval) less the over-coverage it adds, the overtime it pays and, for a call-in on a day the
agent asked off, that request's denial cost. The best span is taken while one gains anything,
and the coverage it fills is recounted before the next choice (greedy by net gain), so an
offer is used only where it reduces under-coverage by more than it costs. Offers are never
stretched: the minutes in each offer are counted the way the validator attributes them (each
span to the first offer of the day that contains it). Every added span keeps the rules in
``overtime_room``, and before it is taken the validator's own rules are run on that agent's
week with it (so a rule added later, such as a daily-hours law, is kept too): a valid roster
stays valid and its cost falls with each span.

Only agents the weekly plan rosters (role ``agent``, not reserves) are called in; support staff
and reserves are for re-planning.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from scheduler.check.costs import coverage
from scheduler.check.validator import check_rules
from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Agent, Instance, OvertimeOffer
from scheduler.models.requests import denial_costs
from scheduler.models.roster import AgentDay, Roster, Span
from scheduler.optimise.options import rosterable
from scheduler.optimise.overtime_room import granted_days_off, may_work_overtime


@dataclass(frozen=True)
class OvertimeUse:
    """One span of overtime to add, and what it saves (cost units, > 0 when worth taking)."""

    gain: int
    agent: str
    day: int
    queue: str
    start: int
    end: int


def use_subscriptions(instance: Instance, roster: Roster) -> Roster:
    """``roster`` plus the overtime spans that lower its cost, best first (see module doc)."""
    return take_spans(Subscriptions(instance, roster))


def take_spans(state: Subscriptions, deadline: float = float("inf")) -> Roster:
    """The best span while one gains and keeps the rules (or until ``deadline``): the roster."""
    while time.monotonic() < deadline and (best := state.best()) is not None:
        if state.keeps_rules(best):
            state.apply(best)
        else:
            state.refuse(best)
    return state.roster()


def _key(use: OvertimeUse) -> tuple[str, int, str, int, int]:
    return (use.agent, use.day, use.queue, use.start, use.end)


class Subscriptions:
    """A roster being extended span by span, with the value of one more agent per step."""

    def __init__(self, instance: Instance, roster: Roster) -> None:
        self.instance = instance
        self.name = roster.instance
        self.step = instance.horizon.time_step_minutes
        self.queue_row = {q: k for k, q in enumerate(instance.queue_ids)}
        cover = coverage(instance, roster)
        self.short = cover.required - cover.staffed  # minutes short (negative: over)
        self.under_weight = cover.under_weight
        self.value = np.zeros_like(self.short)
        self.cumulative = np.zeros((self.short.shape[0], self.short.shape[1] + 1), np.int64)
        self._revalue(slice(None))
        self.days: dict[str, dict[int, AgentDay]] = {}
        self.other: list[AgentDay] = []  # days of several entries are left exactly as they are
        for agent_day in roster.agent_days:
            per_agent = self.days.setdefault(agent_day.agent, {})
            if agent_day.day in per_agent:
                self.other.append(agent_day)
            else:
                per_agent[agent_day.day] = agent_day
        self.offers: dict[tuple[str, int], list[OvertimeOffer]] = {}
        for offer in instance.overtime_offers:
            self.offers.setdefault((offer.agent, offer.day), []).append(offer)
        self.violations: dict[str, int] = {}  # per agent, once checked
        self.refused: set[tuple[str, int, str, int, int]] = set()
        self.granted = granted_days_off(instance)
        self.best_of_day: dict[tuple[str, int], OvertimeUse | None] = {}
        self.alone: dict[str, Instance] = {}  # per agent, for its checks
        self.request_price = {
            (r.agent, r.day): price
            for r, price in zip(instance.requests, denial_costs(instance), strict=True)
        }

    # -- the value of a span ----------------------------------------------------------------

    def _revalue(self, columns: slice) -> None:
        """Gain of one more agent for each step: shortfall filled less over and overtime paid."""
        costs = self.instance.costs
        filled = np.clip(self.short[:, columns], 0, self.step)
        self.value[:, columns] = (
            filled * self.under_weight[:, columns]
            - (self.step - filled) * costs.over_per_minute
            - self.step * costs.overtime_per_minute
        )
        self.cumulative[:, 1:] = np.cumsum(self.value, axis=1)

    def _span_value(self, queue: str, day: int, start: int, end: int) -> int:
        row = self.queue_row[queue]
        first = (day * DAY_MINUTES + start) // self.step
        last = (day * DAY_MINUTES + end) // self.step
        return int(self.cumulative[row, last] - self.cumulative[row, first])

    # -- candidates -------------------------------------------------------------------------

    def best(self) -> OvertimeUse | None:
        """The most valuable allowed span over every offer, or None when none gains.

        Each agent-day's best span is kept until the agent or the day's coverage changes.
        """
        best: OvertimeUse | None = None
        for key, offers in sorted(self.offers.items()):
            if key not in self.best_of_day:
                self.best_of_day[key] = self._best_of_day(*key, offers)
            use = self.best_of_day[key]
            if use is not None and (best is None or _better(use, best)):
                best = use
        return best

    def refuse(self, use: OvertimeUse) -> None:
        """Never offer this span again (the validator found a rule it would break)."""
        self.refused.add(_key(use))
        self.best_of_day.pop((use.agent, use.day), None)

    def keeps_rules(self, use: OvertimeUse) -> bool:
        """The validator finds no more violations for the agent with the span than without."""
        days = self.days.get(use.agent, {})
        if use.agent not in self.violations:
            self.violations[use.agent] = self._violations(use.agent, list(days.values()))
        after = dict(days)
        after[use.day] = self.with_span(use)
        found = self._violations(use.agent, list(after.values()))
        if found > self.violations[use.agent]:
            return False
        self.violations[use.agent] = found
        return True

    def _violations(self, agent_id: str, agent_days: list[AgentDay]) -> int:
        """Hard-rule violations of one agent's days, checked on an instance of that agent
        alone (every hard rule is per agent; this keeps a 2,000-agent check fast)."""
        alone = Roster(instance=self.name, agent_days=tuple(agent_days))
        if agent_id not in self.alone:
            self.alone[agent_id] = _only(self.instance, agent_id)
        return len(check_rules(self.alone[agent_id], alone))

    def _best_of_day(
        self, agent_id: str, day: int, offers: list[OvertimeOffer]
    ) -> OvertimeUse | None:
        """The agent-day's most valuable span that keeps the overtime rules, if one gains."""
        agent = self.instance.agent_by_id[agent_id]
        hours = self.instance.open_hours(day)
        if not rosterable(agent) or hours is None:
            return None
        if any(a.agent == agent_id and a.day == day for a in self.other):
            return None
        current = self.days.get(agent_id, {}).get(day)
        floor = self.floor(agent_id, day, current)
        if floor is None:
            return None
        queues = self._queues(agent, current)
        uses = []
        for offer in offers:
            first = max(_round_up(offer.start_minute, self.step), _round_up(hours[0], self.step))
            first = max(first, _round_up(floor, self.step))
            last = min(offer.end_minute, hours[1]) // self.step * self.step
            for start, end in self._spans(current, first, last, offer.max_minutes):
                for queue in queues:
                    use = OvertimeUse(0, agent_id, day, queue, start, end)
                    gain = self._span_value(queue, day, start, end) - self.price(use, current)
                    use = OvertimeUse(gain, agent_id, day, queue, start, end)
                    if gain > 0 and _key(use) not in self.refused:
                        uses.append(use)
        uses.sort(key=_order)
        return next((u for u in uses if self._allowed(agent, u)), None)

    def floor(self, agent_id: str, day: int, current: AgentDay | None) -> int | None:
        """Earliest minute of the day a span may start (None: no span that day); a re-plan
        keeps the past and the notice."""
        del agent_id, day, current
        return 0

    def price(self, use: OvertimeUse, current: AgentDay | None) -> int:
        """What the span costs beyond its coverage and overtime pay: a call-in on a day the
        agent asked off pays the request's denial price."""
        if current is not None and current.works:
            return 0
        return self.request_price.get((use.agent, use.day), 0)

    def _spans(
        self, current: AgentDay | None, first: int, last: int, most: int
    ) -> list[tuple[int, int]]:
        """Spans in [first, last): next to the day's work blocks, or anywhere on a day off."""
        lengths = range(self.step, min(most, last - first) + 1, self.step)
        blocks = _blocks(current)
        if not blocks:
            return [(s, s + n) for n in lengths for s in range(first, last - n + 1, self.step)]
        spans = []
        for block_start, block_end in blocks:
            spans += [(block_start - n, block_start) for n in lengths if block_start - n >= first]
            spans += [(block_end, block_end + n) for n in lengths if block_end + n <= last]
        return spans

    def _queues(self, agent: Agent, current: AgentDay | None) -> tuple[str, ...]:
        """The day's queue when the agent works it; any of the agent's queues for a call-in."""
        if current is not None and current.works:
            return (current.queue,) if current.queue in self.queue_row else ()
        return tuple(q for q in agent.queues if q in self.queue_row)

    def _allowed(self, agent: Agent, use: OvertimeUse) -> bool:
        days = self.days.get(agent.id, {})
        span = (use.start, use.end)
        if not may_work_overtime(self.instance, agent, days, use.day, span, self.granted):
            return False
        offers = self.offers[(agent.id, use.day)]
        return _within_offers(_merged(days.get(use.day), use.start, use.end, offers), offers)

    # -- applying ---------------------------------------------------------------------------

    def with_span(self, use: OvertimeUse) -> AgentDay:
        """The agent's day with the span added (a new agent-day for a call-in)."""
        current = self.days.get(use.agent, {}).get(use.day)
        if current is None:
            current = AgentDay(agent=use.agent, day=use.day, queue=use.queue)
        overtime = _merged(current, use.start, use.end, self.offers[(use.agent, use.day)])
        return current.model_copy(update={"overtime": overtime, "queue": use.queue})

    def apply(self, use: OvertimeUse) -> None:
        self.days.setdefault(use.agent, {})[use.day] = self.with_span(use)
        for agent_id, day in list(self.best_of_day):  # the agent's days; the day's coverage
            serves = use.queue in self.instance.agent_by_id[agent_id].queues
            if agent_id == use.agent or (day == use.day and serves):
                del self.best_of_day[(agent_id, day)]
        row = self.queue_row[use.queue]
        first = (use.day * DAY_MINUTES + use.start) // self.step
        last = (use.day * DAY_MINUTES + use.end) // self.step
        self.short[row, first:last] -= self.step
        self._revalue(slice(first, last))

    def roster(self) -> Roster:
        agent_days = [a for per_agent in self.days.values() for a in per_agent.values()]
        agent_days += self.other
        agent_days.sort(key=lambda a: (a.agent, a.day))
        return Roster(instance=self.name, agent_days=tuple(agent_days))


def _only(instance: Instance, agent_id: str) -> Instance:
    """The instance with one agent and that agent's absences, requests and offers."""
    fields = {name: getattr(instance, name) for name in Instance.model_fields}
    fields["agents"] = (instance.agent_by_id[agent_id],)
    for name in ("absences", "requests", "overtime_offers"):
        fields[name] = tuple(item for item in fields[name] if item.agent == agent_id)
    return Instance(**fields)


def _order(use: OvertimeUse) -> tuple[int, int, str, int, int, str]:
    """Higher gain first; ties go to the shorter span, then a fixed order (deterministic)."""
    return (-use.gain, use.end - use.start, use.agent, use.day, use.start, use.queue)


def _better(use: OvertimeUse, best: OvertimeUse) -> bool:
    return _order(use) < _order(best)


def _round_up(minute: int, step: int) -> int:
    return -(-minute // step) * step


def _blocks(current: AgentDay | None) -> list[tuple[int, int]]:
    """Contiguous blocks of work (shift and overtime joined where they touch)."""
    if current is None:
        return []
    spans = sorted((s.start_minute, s.end_minute) for s in current.overtime)
    if current.shift is not None:
        spans = sorted([*spans, (current.shift.start_minute, current.shift.end_minute)])
    blocks: list[tuple[int, int]] = []
    for start, end in spans:
        if blocks and start <= blocks[-1][1]:
            blocks[-1] = (blocks[-1][0], max(blocks[-1][1], end))
        else:
            blocks.append((start, end))
    return blocks


def _merged(
    current: AgentDay | None, start: int, end: int, offers: list[OvertimeOffer]
) -> tuple[Span, ...]:
    """The day's overtime with [start, end) added, joined to a touching span when one offer
    holds both (so a planner reads one 17:00-19:00 span, not two)."""
    spans = [(s.start_minute, s.end_minute) for s in (current.overtime if current else ())]
    for n, (other_start, other_end) in enumerate(spans):
        if other_end == start or end == other_start:
            joined = (min(start, other_start), max(end, other_end))
            if any(o.start_minute <= joined[0] and joined[1] <= o.end_minute for o in offers):
                spans[n] = joined
                break
    else:
        spans.append((start, end))
    return tuple(Span(start_minute=s, end_minute=e) for s, e in sorted(spans))


def _within_offers(spans: tuple[Span, ...], offers: list[OvertimeOffer]) -> bool:
    """Each span inside an offer, and no offer given more minutes than offered.

    Minutes go to the first offer that contains the span, the validator's attribution.
    """
    used = [0] * len(offers)
    for span in spans:
        holder = next(
            (
                n
                for n, o in enumerate(offers)
                if o.start_minute <= span.start_minute and span.end_minute <= o.end_minute
            ),
            None,
        )
        if holder is None:
            return False
        used[holder] += span.minutes
    return all(u <= o.max_minutes for u, o in zip(used, offers, strict=True))
