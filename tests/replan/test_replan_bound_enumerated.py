"""The re-plan bound against every roster of a level, enumerated, on random one-day centres.

Each centre (a seed) has one or two queues, two or three agents (regular or support), maybe a
30-minute reserve, an overtime offer and a day-off bid; a published roster with non-phone
work on some shifts; a surge and maybe a sickness. Every roster of a level is enumerated (free
days: off or any option with any break; kept shifts: any break still to come, non-phone work
kept or cut at ``now``; one overtime span from an offer at level 1) and the bound must not
exceed the re-plan cost (validator plus change prices) of any roster its relaxation admits.
The seeds cover sickness with support staff (2), overtime in the cheapest roster (12), a
reserve and an offer (13), training on kept shifts with a day-off bid (17) and with sickness
(28), and a kept shift that may both cut its training and take new overtime, which must pay
its day's price once (15, 130: a bound that charged it twice failed them).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest

from scheduler.models.instance import (
    Agent,
    DayOffRequest,
    Instance,
    OvertimeOffer,
)
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.replan import bound_model
from scheduler.replan.apply import revise
from scheduler.replan.bound import level_bounds, rebuilt_relaxation
from scheduler.replan.changes import AbsenceChange, Changes, ChangeWeights, DemandChange
from scheduler.replan.relaxation import Key, Relaxation, admits
from scheduler.replan.scope import OWED
from scheduler.replan.search import replan_cost
from scheduler.replan.solve import fixed_roster
from tests.replan.conftest import one_day_centre

DAY = dt.date(2026, 11, 30)
OFFSETS = (60, 75, 90, 105, 120)  # the 4 h shift's break window, every 15 min


def centre(rng: random.Random) -> Instance:
    queues = ("q", "r")[: rng.choice([1, 2])]
    required = {}
    for q in queues:
        values = [0] * 96
        for interval in range(32, 72):
            values[interval] = rng.choice([0, 1, 1, 2])
        required[q] = tuple(values)
    agents = []
    for n in range(rng.choice([2, 3])):
        served = tuple(rng.sample(queues, rng.choice(range(1, len(queues) + 1))))
        role = rng.choice(["agent", "agent", "support"])
        agents.append(Agent(id=f"A{n}", queues=served, role=role))
    if rng.random() < 0.5:
        agents.append(Agent(id="R", queues=(queues[0],), reserve_tier=30))
    offers = []
    if rng.random() < 0.7:
        start = rng.choice([660, 720, 780, 840])
        offers.append(
            OvertimeOffer(
                agent=rng.choice(agents).id,
                day=0,
                start_minute=start,
                end_minute=start + 120,
                max_minutes=rng.choice([30, 60]),
            )
        )
    requests = []
    if rng.random() < 0.5:
        requests.append(DayOffRequest(agent=rng.choice(agents).id, day=0, points=5))
    return one_day_centre(
        DAY,
        tuple(agents),
        required,
        (480, 1200),
        (480, 840, 120),
        overtime_offers=tuple(offers),
        requests=tuple(requests),
    )


def shift(agent: str, queue: str, start: int, offset: int, work=None, overtime=()) -> AgentDay:
    blocks = [
        BreakPlacement(kind="break", start_minute=start + offset, end_minute=start + offset + 15)
    ]
    if work is not None:
        blocks.append(BreakPlacement(kind="training", start_minute=work[0], end_minute=work[1]))
    span = Span(start_minute=start, end_minute=start + 240)
    blocks.sort(key=lambda b: b.start_minute)
    return AgentDay(
        agent=agent, day=0, queue=queue, shift=span, breaks=tuple(blocks), overtime=overtime
    )


def published_roster(rng: random.Random, instance: Instance) -> Roster:
    days = []
    for agent in instance.agents:
        if agent.role == "agent" and not agent.reserve_tier and rng.random() < 0.8:
            start = rng.choice([480, 600, 720, 840])
            work = (start + 150, start + 210) if rng.random() < 0.3 else None
            queue = rng.choice(agent.queues)
            days.append(shift(agent.id, queue, start, rng.choice([60, 90, 120]), work))
    return Roster(instance="tiny", agent_days=tuple(days))


def overtime_spans(relaxation: Relaxation, agent: str) -> list[tuple[Span, ...]]:
    """No overtime, or one span in an offer after ``now`` (level 1 only)."""
    found: list[tuple[Span, ...]] = [()]
    if not relaxation.overtime_open:
        return found
    floor = relaxation.earliest(0)
    for offer in relaxation.instance.overtime_offers:
        if offer.agent != agent:
            continue
        for start in range(max(offer.start_minute, floor), offer.end_minute, 15):
            for minutes in (15, 30, 60):
                if start + minutes <= offer.end_minute and minutes <= offer.max_minutes:
                    found.append((Span(start_minute=start, end_minute=start + minutes),))
    return found


def apart(day: AgentDay, overtime: tuple[Span, ...]) -> bool:
    shift_span = day.shift
    assert shift_span is not None
    return all(
        s.end_minute <= shift_span.start_minute or shift_span.end_minute <= s.start_minute
        for s in overtime
    )


def free_days(relaxation: Relaxation, key: Key) -> list[AgentDay | None]:
    free = relaxation.free[key]
    agent = relaxation.instance.agent_by_id[key[0]]
    pairs = [(q, o) for q in agent.queues for o in free.options]
    pairs += [free.exempt] if free.exempt else []
    found: list[AgentDay | None] = [None]
    for (q, o), offset in itertools.product(pairs, OFFSETS):
        day = shift(key[0], q, relaxation.catalogue.options[o].start, offset)
        found += [
            day.model_copy(update={"overtime": ot})
            for ot in overtime_spans(relaxation, key[0])
            if apart(day, ot)
        ]
    return found


def kept_days(relaxation: Relaxation, key: Key) -> list[AgentDay | None]:
    kept = relaxation.kept[key]
    assert kept.shift is not None
    floor = relaxation.earliest(0)
    start = kept.shift.start_minute
    (owed,) = [b for b in kept.breaks if b.kind in OWED]
    work = [b for b in kept.breaks if b.kind not in OWED]
    starts = [owed.start_minute - start] if owed.start_minute < floor else OFFSETS
    choices = [work] + [
        [b.model_copy(update={"end_minute": floor})] if b.start_minute < floor else []
        for b in work
        if b.end_minute > floor
    ]
    found: list[AgentDay | None] = []
    for offset, kept_work, ot in itertools.product(
        [p for p in starts if start + p >= floor or owed.start_minute < floor],
        choices,
        overtime_spans(relaxation, key[0]),
    ):
        placed = BreakPlacement(
            kind="break", start_minute=start + offset, end_minute=start + offset + 15
        )
        blocks = sorted([placed, *kept_work], key=lambda b: b.start_minute)
        if any(a.end_minute > b.start_minute for a, b in zip(blocks, blocks[1:], strict=False)):
            continue
        if apart(kept, ot):
            found.append(kept.model_copy(update={"breaks": tuple(blocks), "overtime": ot}))
    return found


def pinned_days(relaxation: Relaxation, key: Key) -> list[AgentDay | None]:
    before = relaxation.before.get(key)
    if before is None or before.shift is None:
        return [before]
    extra = [ot for ot in overtime_spans(relaxation, key[0])[1:] if apart(before, ot)]
    return [before] + [before.model_copy(update={"overtime": before.overtime + ot}) for ot in extra]


def every_roster(relaxation: Relaxation):
    keys = sorted(set(relaxation.free) | set(relaxation.kept) | set(relaxation.before))
    options = []
    for key in keys:
        if key in relaxation.free:
            options.append(free_days(relaxation, key))
        elif key in relaxation.kept:
            options.append(kept_days(relaxation, key))
        else:
            options.append(pinned_days(relaxation, key))
    for days in itertools.product(*options):
        yield Roster(instance="tiny", agent_days=tuple(d for d in days if d is not None))


@pytest.mark.parametrize("pooled", [False, True], ids=["own-classes", "pooled"])
@pytest.mark.parametrize("seed", [2, 12, 13, 15, 17, 28, 130])
def test_bound_is_below_every_admitted_roster(seed: int, pooled: bool, monkeypatch):
    """Each agent a class of its own (centres this small) and, forced, alike agents pooled."""
    if pooled:
        monkeypatch.setattr(bound_model, "OWN_CLASS_AGENTS", 0)
    rng = random.Random(seed)
    instance = centre(rng)
    published = published_roster(rng, instance)
    now = dt.datetime(2026, 11, 30, rng.choice([8, 9, 10, 11]), rng.choice([0, 30]))
    surge = DemandChange(
        queue="*",
        start=dt.datetime(2026, 11, 30, 10),
        end=dt.datetime(2026, 11, 30, 15),
        factor=rng.choice([1.5, 2, 3]),
    )
    sick = ()
    if published.agent_days and rng.random() < 0.4:
        agent = rng.choice(published.agent_days).agent
        sick = (
            AbsenceChange(
                agent=agent, start=dt.datetime(2026, 11, 30, 12), end=dt.datetime(2026, 11, 30, 23)
            ),
        )
    weights = ChangeWeights(
        changed_agent_day=rng.choice([0, 50, 300]), moved_minute=rng.choice([0, 1, 3])
    )
    changes = Changes(demand=(surge,), absences=sick, weights=weights)
    revision = revise(instance, changes, now, published)
    before = fixed_roster(revision, published)
    bounds = level_bounds(revision, published, before, changes, 30)
    assert len(bounds) == 2
    for bound in bounds:
        assert bound.value is not None
        relaxation = rebuilt_relaxation(bound, revision, published, before, changes)
        costs = [
            replan_cost(revision, published, roster, weights)
            for roster in every_roster(relaxation)
            if admits(relaxation, roster) is None
        ]
        assert costs and bound.value <= min(costs)
